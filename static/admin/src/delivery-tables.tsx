/**
 * The Delivery log's two tables: the latest attempts (newest first, as the server keeps
 * them, ten a page) and the dead letters (oldest first), each Redeliver button named after
 * its event for screen readers. Outcomes are words in lozenges (colour only repeats them),
 * with the error under its outcome: the page is narrow, and the two are read together.
 */
import Button from '@atlaskit/button/new';
import DynamicTable from '@atlaskit/dynamic-table';
import Lozenge from '@atlaskit/lozenge';
import { Box, Stack, Text, xcss } from '@atlaskit/primitives';
import { Fragment } from 'react';
import type { DeadLetterView, DeliveryAttemptView } from '../../../src/resolvers/admin-api';
import { type TextOptions, formatAgo, formatDateTime, formatWhen, latencyText, outcomeLabel, statusText } from './delivery-text';

const errorStyles = xcss({ overflowWrap: 'anywhere' });
const noWrapStyles = xcss({ whiteSpace: 'nowrap' });

const RECENT_PER_PAGE = 10;

const RECENT_HEAD = {
  cells: [
    { key: 'event', content: 'Event', width: 25 },
    { key: 'time', content: 'Time', width: 14 },
    { key: 'attempts', content: 'Attempts', width: 10 },
    { key: 'status', content: 'Last status', width: 12 },
    { key: 'latency', content: 'Latency', width: 10 },
    { key: 'outcome', content: 'Outcome and error', width: 29 },
  ],
};

const DEAD_HEAD = {
  cells: [
    { key: 'event', content: 'Event', width: 25 },
    { key: 'dead', content: 'Dead since', width: 14 },
    { key: 'attempts', content: 'Attempts', width: 10 },
    { key: 'status', content: 'Last status', width: 12 },
    { key: 'error', content: 'Error', width: 25 },
    { key: 'action', content: 'Action', width: 14 },
  ],
};

/** Short values (a status, a latency, a time) stay on one line. */
const OneLine = ({ children }: { children: string }) => (
  <Box as="span" xcss={noWrapStyles}>
    {children}
  </Box>
);

/** An event type with a break point after each dot, so a narrow column wraps it between its parts. */
function EventType({ type }: { type: string }) {
  const parts = type.split(/(?<=\.)/);
  return (
    <Text weight="medium">
      {parts.map((part, i) => (
        <Fragment key={i}>
          {part}
          {i < parts.length - 1 ? <wbr /> : null}
        </Fragment>
      ))}
    </Text>
  );
}

function EventCell({ type, keyResultId }: { type: string; keyResultId: string | null }) {
  return (
    <Stack space="space.025">
      <EventType type={type} />
      {keyResultId ? (
        <Text size="small" color="color.text.subtle">
          Key result {keyResultId}
        </Text>
      ) : null}
    </Stack>
  );
}

function ErrorText({ error }: { error: string }) {
  return (
    <Box xcss={errorStyles}>
      <Text size="small">{error}</Text>
    </Box>
  );
}

function OutcomeCell({ attempt }: { attempt: DeliveryAttemptView }) {
  const outcome = outcomeLabel(attempt);
  return (
    <Stack space="space.050">
      <div>
        <Lozenge appearance={outcome.appearance}>{outcome.text}</Lozenge>
      </div>
      {attempt.error === null ? null : <ErrorText error={attempt.error} />}
    </Stack>
  );
}

function WhenCell({ iso, now, options }: { iso: string; now: number; options: TextOptions }) {
  return (
    <Stack space="space.025">
      <OneLine>{formatWhen(iso, now, { ...options, seconds: true })}</OneLine>
      <Text size="small" color="color.text.subtle">
        {formatAgo(iso, now, options.locale)}
      </Text>
    </Stack>
  );
}

export function RecentDeliveriesTable({ attempts, now, options = {} }: { attempts: DeliveryAttemptView[]; now: number; options?: TextOptions }) {
  return (
    // Atlaskit suffixes the table's own test id ("--table"): this one names the whole table for tests.
    <div data-testid="recent-deliveries">
      <DynamicTable
        testId="recent-deliveries-table"
        label="Recent deliveries, newest first"
        head={RECENT_HEAD}
        rowsPerPage={RECENT_PER_PAGE}
        paginationi18n={{ label: 'Pages of recent deliveries', prev: 'Newer deliveries', next: 'Older deliveries' }}
        rows={attempts.map((attempt, i) => ({
          key: `${attempt.id}:${attempt.at}:${i}`,
          testId: `recent-delivery-${attempt.id}`,
          cells: [
            { key: 'event', content: <EventCell type={attempt.type} keyResultId={attempt.keyResultId} /> },
            { key: 'time', content: <WhenCell iso={attempt.at} now={now} options={options} /> },
            { key: 'attempts', content: String(attempt.attempts) },
            { key: 'status', content: <OneLine>{statusText(attempt.status, attempt.attempts)}</OneLine> },
            { key: 'latency', content: <OneLine>{latencyText(attempt.latencyMs, options.locale)}</OneLine> },
            { key: 'outcome', content: <OutcomeCell attempt={attempt} /> },
          ],
        }))}
      />
    </div>
  );
}

export interface DeadLettersTableProps {
  deadLetters: DeadLetterView[];
  now: number;
  busyId: string | undefined;
  onRedeliver: (id: string) => void;
  options?: TextOptions;
}

export function DeadLettersTable({ deadLetters, now, busyId, onRedeliver, options = {} }: DeadLettersTableProps) {
  return (
    <div data-testid="dead-letters">
      <DynamicTable
        testId="dead-letters-table"
        label="Dead letters, oldest first"
        head={DEAD_HEAD}
        // Counted but not listed yet (a Redeliver or a walk moved them meanwhile): the next read lists them.
        emptyView={<Text>The dead letters are changing; press Refresh in a moment.</Text>}
        rows={deadLetters.map((letter) => ({
          key: letter.id,
          testId: `dead-letter-${letter.id}`,
          cells: [
            { key: 'event', content: <EventCell type={letter.type} keyResultId={letter.keyResultId} /> },
            { key: 'dead', content: <WhenCell iso={letter.deadAt ?? letter.createdAt} now={now} options={options} /> },
            { key: 'attempts', content: String(letter.attempts) },
            { key: 'status', content: <OneLine>{statusText(letter.lastStatus, letter.attempts)}</OneLine> },
            { key: 'error', content: letter.lastError === null ? <Text color="color.text.subtle">None</Text> : <ErrorText error={letter.lastError} /> },
            {
              key: 'action',
              content: (
                <Button
                  onClick={() => onRedeliver(letter.id)}
                  isLoading={busyId === letter.id}
                  testId={`redeliver-${letter.id}`}
                  aria-label={`Redeliver ${letter.type}${letter.keyResultId ? ` of key result ${letter.keyResultId}` : ''}, created ${formatDateTime(letter.createdAt, options)}`}
                >
                  Redeliver
                </Button>
              ),
            },
          ],
        }))}
      />
    </div>
  );
}
