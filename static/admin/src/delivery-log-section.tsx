/**
 * Delivery log: is the OKR backend taking the app's events (the summary: last delivery,
 * what waits and for how long, dead letters, a backend that refuses the credentials or keeps
 * failing), a test event sent on demand, the dead letters with Redeliver, and the latest
 * attempts (summed up; their table on demand). Loads with the manage view: it costs a few
 * storage reads, and it is what an admin opens the page for when something looks wrong.
 *
 * Keyboard: every control is a button in the tab order and stays enabled while it works
 * (a disabled button drops the focus). When the control that acted is gone (a redelivered
 * row), the focus moves to the result, which the live region also announces.
 */
import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import Lozenge from '@atlaskit/lozenge';
import { Box, Inline, Stack, Text, xcss } from '@atlaskit/primitives';
import SectionMessage, { SectionMessageAction } from '@atlaskit/section-message';
import { useEffect, useRef, useState } from 'react';
import type { DeliveryLogView } from '../../../src/resolvers/admin-api';
import { DeadLettersTable, RecentDeliveriesTable } from './delivery-tables';
import { deadLettersShownText, formatAgo, formatWhen, healthProblems, healthSummary, recentSummary, redeliverAllLabel } from './delivery-text';
import { ErrorBanner } from './error-banner';
import { Loading } from './loading';
import { type DeliveryLogState, useDeliveryLog } from './use-delivery-log';
import { focusSectionHeading, manageSectionHref } from './use-hash-route';

const panelStyles = xcss({ backgroundColor: 'color.background.neutral', borderRadius: 'radius.medium', padding: 'space.200' });

const CREDENTIALS_SECTION = 'credentials';
const RECENT_TABLE_ID = 'recent-deliveries-list';

export function DeliveryLogSection() {
  const state = useDeliveryLog();
  const { log } = state;
  if (!log) {
    return state.loadError && state.busy === undefined ? (
      <Stack space="space.150">
        <ErrorBanner error={state.loadError} testId="delivery-log-error" />
        <div>
          <Button onClick={state.refresh} testId="delivery-log-retry">
            Try again
          </Button>
        </div>
      </Stack>
    ) : (
      <Loading label="Loading the delivery log" testId="delivery-log-loading" />
    );
  }
  return (
    <Stack space="space.300">
      <Text as="p">Every event the app sends your OKR workspace, whether the backend took it, and what it said when it did not.</Text>
      <HealthPanel log={log} now={state.loadedAt} />
      <Actions state={state} />
      <DeadLetters state={state} log={log} />
      <RecentDeliveries log={log} now={state.loadedAt} />
    </Stack>
  );
}

function HealthPanel({ log, now }: { log: DeliveryLogView; now: number }) {
  const { health } = log;
  const problems = healthProblems(health, now);
  return (
    <Box xcss={panelStyles} testId="delivery-health">
      <Stack space="space.150">
        <Inline space="space.100" alignBlock="center" shouldWrap>
          <Lozenge appearance={health.healthy ? 'success' : 'removed'} isBold testId="delivery-health-state">
            {health.healthy ? 'Healthy' : 'Needs attention'}
          </Lozenge>
          <Text weight="medium" testId="delivery-health-summary">
            {healthSummary(health, now)}
          </Text>
        </Inline>
        {health.lastFailureAt !== null && health.lastFailure !== null ? (
          <Text as="p" size="small" color="color.text.subtle" testId="delivery-last-failure">
            Last failure {formatAgo(health.lastFailureAt, now)} ({formatWhen(health.lastFailureAt, now, { seconds: true })}): {health.lastFailure}
          </Text>
        ) : null}
        {problems.length > 0 ? (
          <SectionMessage
            appearance="warning"
            testId="delivery-problems"
            {...(health.reconnectNeeded ? { actions: <SectionMessageAction href={manageSectionHref(CREDENTIALS_SECTION)} onClick={toSection(CREDENTIALS_SECTION)} testId="delivery-go-credentials">Go to Credentials</SectionMessageAction> } : {})}
          >
            <Stack space="space.100">
              {problems.map((problem) => (
                <Text as="p" key={problem}>
                  {problem}
                </Text>
              ))}
            </Stack>
          </SectionMessage>
        ) : null}
      </Stack>
    </Box>
  );
}

/** A link to a section of this view; followed again when the hash already names it (no hashchange then). */
const toSection = (section: string) => () => {
  if (window.location.hash === manageSectionHref(section)) focusSectionHeading(section);
};

function Actions({ state }: { state: DeliveryLogState }) {
  const noticeRef = useRef<HTMLDivElement>(null);
  const { notice } = state;
  useEffect(() => {
    if (notice?.moveFocus) noticeRef.current?.focus();
  }, [notice]);
  return (
    <Stack space="space.150">
      <Inline space="space.100" alignBlock="center" spread="space-between" shouldWrap>
        <Inline space="space.100" alignBlock="center">
          <Button onClick={state.sendTestEvent} isLoading={state.busy === 'test'} testId="delivery-send-test">
            Send test event
          </Button>
          <Button onClick={state.refresh} isLoading={state.busy === 'refresh'} testId="delivery-refresh">
            Refresh
          </Button>
        </Inline>
        <Text size="small" color="color.text.subtle" testId="delivery-updated">
          As of {formatWhen(new Date(state.loadedAt).toISOString(), state.loadedAt, { seconds: true })}
        </Text>
      </Inline>
      {/* Always on the page, so a new message in it is announced; focusable for when the control that acted is gone. */}
      <div ref={noticeRef} tabIndex={-1} role="status" aria-live="polite" data-testid="delivery-notice">
        {notice ? (
          <SectionMessage appearance={notice.tone === 'success' ? 'success' : 'warning'} key={notice.serial}>
            <Text as="p">{notice.text}</Text>
          </SectionMessage>
        ) : null}
      </div>
      <ErrorBanner error={state.actionError} testId="delivery-action-error" />
    </Stack>
  );
}

function DeadLetters({ state, log }: { state: DeliveryLogState; log: DeliveryLogView }) {
  const { health, deadLetters } = log;
  const busyId = typeof state.busy === 'object' ? state.busy.id : undefined;
  const shown = deadLettersShownText(deadLetters.length, health);
  return (
    <Stack space="space.150">
      <Inline space="space.100" alignBlock="center" spread="space-between">
        <Heading size="small" as="h3">
          Dead letters
        </Heading>
        {health.deadLetters > 0 ? (
          <Button onClick={() => state.redeliver('all')} isLoading={state.busy === 'all'} testId="delivery-redeliver-all">
            {redeliverAllLabel(health)}
          </Button>
        ) : null}
      </Inline>
      {deadLetters.length === 0 && health.deadLetters === 0 ? (
        <Text as="p" color="color.text.subtle" testId="dead-letters-empty">
          No dead letters. An event the backend refuses, or cannot take within 72 hours, would wait here to be redelivered.
        </Text>
      ) : (
        <Stack space="space.100">
          <Text as="p">Redeliver sends an event again with a fresh 72 hours, once the backend can take it (for example after a fix on its side).</Text>
          <DeadLettersTable deadLetters={deadLetters} now={state.loadedAt} busyId={busyId} onRedeliver={(id) => state.redeliver({ id })} />
          {shown ? (
            <Text as="p" size="small" color="color.text.subtle">
              {shown}
            </Text>
          ) : null}
        </Stack>
      )}
    </Stack>
  );
}

/** The latest attempts, summed up in a sentence; their table on demand (the manage view is long, and the table is for digging). */
function RecentDeliveries({ log, now }: { log: DeliveryLogView; now: number }) {
  const [isOpen, setOpen] = useState(false);
  const { recent } = log;
  return (
    <Stack space="space.150">
      <Heading size="small" as="h3">
        Recent deliveries
      </Heading>
      <Text as="p" testId="recent-deliveries-summary" {...(recent.length === 0 ? { color: 'color.text.subtle' } : {})}>
        {recent.length === 0 ? 'No deliveries yet. Events appear here as the app sends them; Send test event sends one now.' : recentSummary(recent)}
      </Text>
      {recent.length > 0 ? (
        <div>
          <Button onClick={() => setOpen((open) => !open)} aria-expanded={isOpen} {...(isOpen ? { 'aria-controls': RECENT_TABLE_ID } : {})} testId="recent-deliveries-toggle">
            {isOpen ? 'Hide recent deliveries' : 'Show recent deliveries'}
          </Button>
        </div>
      ) : null}
      {isOpen && recent.length > 0 ? (
        <div id={RECENT_TABLE_ID}>
          <RecentDeliveriesTable attempts={recent} now={now} />
        </div>
      ) : null}
    </Stack>
  );
}
