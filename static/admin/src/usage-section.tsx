/**
 * Usage: daily active users over the last 30 days, "licensed but inactive for N days" (the
 * number an admin acts on to reclaim licences), and every person with their licences, last
 * active day and active days, searchable, sortable and paged. The history import's
 * progress sits on top. It loads when the admin opens it: most visits to this page are for
 * the settings, and a first look reads the 30 days' activity (1,920 storage reads).
 */
import Button from '@atlaskit/button/new';
import { Checkbox } from '@atlaskit/checkbox';
import { Box, Inline, Stack, Text, xcss } from '@atlaskit/primitives';
import SectionMessage from '@atlaskit/section-message';
import { type FormEvent, useEffect, useState } from 'react';
import type { UsageOverview } from '../../../src/resolvers/admin-api';
import { DailyActiveChart } from './daily-active-chart';
import { ErrorBanner } from './error-banner';
import { Loading } from './loading';
import { TextFieldRow } from './text-field-row';
import { type UsageOverviewState, useUsageOverview } from './use-usage-overview';
import { UsageTable } from './usage-table';
import { formatCount, historyImportText, inactiveHeadline, lastSyncText } from './usage-text';

const countStyles = xcss({ font: 'font.heading.xxlarge' });
const panelStyles = xcss({ backgroundColor: 'color.background.neutral', borderRadius: 'radius.medium', padding: 'space.200' });

export function UsageSection({ headingId }: { headingId: string }) {
  const [isOpen, setOpen] = useState(false);
  useEffect(() => {
    if (!isOpen) return;
    // The button that opened the section is gone: the keyboard goes on from the section's heading.
    const heading = document.getElementById(headingId);
    heading?.setAttribute('tabindex', '-1');
    heading?.focus();
  }, [isOpen, headingId]);
  if (isOpen) return <UsageOverviewPanel />;
  return (
    <Stack space="space.150">
      <Text as="p">Daily active users over the last 30 days, who holds a licence and when they were last active, and licences unused for a while.</Text>
      <div>
        <Button onClick={() => setOpen(true)} testId="usage-open">
          Show usage
        </Button>
      </div>
    </Stack>
  );
}

function UsageOverviewPanel() {
  const usage = useUsageOverview();
  const { data } = usage;
  if (!data) {
    return usage.error && !usage.isLoading ? <Failed usage={usage} /> : <Loading label="Loading usage" testId="usage-loading" />;
  }
  return (
    <Stack space="space.300">
      <HistoryImportLine progress={data.historyImport} />
      <Inline space="space.100" alignBlock="center" spread="space-between">
        <Text as="p" color="color.text.subtle" testId="usage-sync-note">
          {lastSyncText(data.lastSync)}
        </Text>
        <Button onClick={usage.retry} testId="usage-refresh">
          Refresh
        </Button>
      </Inline>
      <DailyActiveChart days={data.dailyActiveUsers} />
      <LicensedInactive usage={usage} data={data} />
      <form role="search" aria-label="Search usage" onSubmit={(event: FormEvent) => {
        event.preventDefault();
        usage.searchNow();
      }}>
        <TextFieldRow id="usage-search" label="Search users" type="search" placeholder="Name or email" value={usage.search} onChange={usage.setSearch} autoComplete="off" />
      </form>
      <ErrorBanner error={usage.error} testId="usage-error" />
      <UsageTable
        users={data.users}
        isLoading={usage.isLoading}
        emptyText={emptyText(usage, data)}
        sortKey={usage.sortKey}
        sortOrder={usage.sortOrder}
        onSort={usage.sortBy}
        onPage={usage.goToPage}
      />
    </Stack>
  );
}

function Failed({ usage }: { usage: UsageOverviewState }) {
  return (
    <Stack space="space.150">
      <ErrorBanner error={usage.error} testId="usage-error" />
      <div>
        <Button onClick={usage.retry} testId="usage-retry">
          Try again
        </Button>
      </div>
    </Stack>
  );
}

function HistoryImportLine({ progress }: { progress: UsageOverview['historyImport'] }) {
  const text = historyImportText(progress);
  if (text === null) return null;
  if (progress?.state === 'failed') {
    return (
      <SectionMessage appearance="warning" testId="history-import">
        {text}
      </SectionMessage>
    );
  }
  return (
    <div role="status" data-testid="history-import">
      <Text as="p" weight="medium">
        {text}
      </Text>
    </div>
  );
}

/** The headline number, the N it is counted for, and the choice to list only those people. */
function LicensedInactive({ usage, data }: { usage: UsageOverviewState; data: UsageOverview }) {
  const { users, days } = data.licensedInactive;
  return (
    <Box xcss={panelStyles} testId="licensed-inactive">
      <Stack space="space.150">
        <div aria-live="polite" data-testid="licensed-inactive-count">
          <Inline space="space.100" alignBlock="baseline">
            {/* While the days entered are not valid, the last count would answer another question: none is shown. */}
            <Box as="span" xcss={countStyles}>
              {usage.inactiveDaysError ? '–' : formatCount(users)}
            </Box>
            <Text>{usage.inactiveDaysError ? 'Enter the number of days (1 to 30) to count licensed users inactive that long.' : inactiveHeadline(users, days)}</Text>
          </Inline>
        </div>
        <Inline space="space.300" alignBlock="end" shouldWrap>
          <TextFieldRow
            id="usage-inactive-days"
            label="Licensed but inactive for (days)"
            type="number"
            inputMode="numeric"
            min={1}
            max={30}
            width={120}
            value={usage.inactiveDaysText}
            onChange={usage.setInactiveDaysText}
            error={usage.inactiveDaysError}
          />
          <Box paddingBlockEnd="space.100">
            <Checkbox
              name="usage-only-inactive"
              label="Show only these users"
              isChecked={usage.onlyInactive}
              onChange={(event) => usage.setOnlyInactive(event.currentTarget.checked)}
              testId="usage-only-inactive"
            />
          </Box>
        </Inline>
      </Stack>
    </Box>
  );
}

function emptyText(usage: UsageOverviewState, data: UsageOverview): string {
  const search = usage.search.trim();
  if (search) return `No users match “${search}”.`;
  if (usage.onlyInactive) return `No licensed user has been inactive for ${data.licensedInactive.days} days.`;
  return data.lastSync ? 'No users.' : 'No activity yet, and no usage sync yet.';
}
