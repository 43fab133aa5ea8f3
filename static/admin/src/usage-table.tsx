/**
 * The Usage section's users: one server page at a time, sorted by the server. Each column
 * heading is a sort button (Atlaskit marks the sorted one with aria-sort); the pages are
 * buttons below the table.
 */
import { DynamicTableStateless } from '@atlaskit/dynamic-table';
import Lozenge from '@atlaskit/lozenge';
import Pagination from '@atlaskit/pagination';
import { Inline, Stack, Text } from '@atlaskit/primitives';
import type { UsageOverview, UsageSortKey, UsageSortOrder, UsageUserRow } from '../../../src/resolvers/admin-api';
import { useEffect, useRef, useState } from 'react';
import { activityBreakdown, formatCount, lastActiveText, licencesText } from './usage-text';

const COLUMNS: ReadonlyArray<{ key: UsageSortKey; content: string; width?: number }> = [
  { key: 'user', content: 'User', width: 34 },
  { key: 'licences', content: 'Licences', width: 20 },
  { key: 'lastActive', content: 'Last active', width: 17 },
  { key: 'activeDays', content: 'Active days', width: 29 },
];
const isSortKey = (key: unknown): key is UsageSortKey => COLUMNS.some((c) => c.key === key);

export interface UsageTableProps {
  users: UsageOverview['users'] | undefined;
  isLoading: boolean;
  emptyText: string;
  sortKey: UsageSortKey;
  sortOrder: UsageSortOrder;
  onSort: (key: UsageSortKey, order: UsageSortOrder) => void;
  onPage: (page: number) => void;
}

export function UsageTable({ users, isLoading, emptyText, sortKey, sortOrder, onSort, onPage }: UsageTableProps) {
  const rows = users?.rows ?? [];
  const pageCount = users?.pageCount ?? 1;
  // The table redraws its head while it loads the sorted page: the keyboard stays on the sorted column's button.
  const container = useRef<HTMLDivElement>(null);
  const [refocus, setRefocus] = useState<UsageSortKey | null>(null);
  const sawLoading = useRef(false);
  useEffect(() => {
    if (refocus === null) return;
    // Once the sorted page has loaded (the table redraws its head while loading).
    if (isLoading) {
      sawLoading.current = true;
      return;
    }
    if (!sawLoading.current) return;
    sawLoading.current = false;
    const label = COLUMNS.find((c) => c.key === refocus)?.content;
    const heading = [...(container.current?.querySelectorAll('th') ?? [])].find((th) => th.textContent?.trim() === label);
    heading?.querySelector<HTMLElement>('button')?.focus();
    setRefocus(null);
  }, [refocus, isLoading]);
  return (
    <Stack space="space.150">
      <div ref={container}>
        <DynamicTableStateless
          testId="usage-table"
          label="Users, their licences and activity"
          head={{ cells: COLUMNS.map((c) => ({ key: c.key, content: c.content, isSortable: true, ...(c.width !== undefined ? { width: c.width } : {}) })) }}
          rows={rows.map((row, i) => usageRow(row, i, sortKey, sortOrder))}
          sortKey={sortKey}
          sortOrder={sortOrder}
          onSort={(sort: { key?: unknown; sortOrder?: unknown }) => {
            if (!isSortKey(sort.key) || (sort.sortOrder !== 'ASC' && sort.sortOrder !== 'DESC')) return;
            setRefocus(sort.key);
            onSort(sort.key, sort.sortOrder);
          }}
          isLoading={isLoading}
          loadingLabel="Loading users"
          emptyView={<Text>{isLoading ? 'Loading users…' : emptyText}</Text>}
        />
      </div>
      <Inline space="space.200" alignBlock="center" spread="space-between">
        <Text testId="usage-range">{rangeText(users)}</Text>
        {pageCount > 1 ? (
          <Pagination
            testId="usage-pages"
            label="Pages of users"
            pages={Array.from({ length: pageCount }, (_, i) => i + 1)}
            selectedIndex={(users?.page ?? 1) - 1}
            max={7}
            isDisabled={isLoading}
            onChange={(_event, page) => onPage(page)}
          />
        ) : null}
      </Inline>
    </Stack>
  );
}

function rangeText(users: UsageOverview['users'] | undefined): string {
  if (!users || users.total === 0) return '';
  const first = (users.page - 1) * users.pageSize + 1;
  const last = first + users.rows.length - 1;
  return `${formatCount(first)}–${formatCount(last)} of ${formatCount(users.total)} ${users.total === 1 ? 'user' : 'users'}`;
}

/**
 * The table would sort the rows it is given by the sorted column's cell keys; they are
 * already in the server's order, so those keys are the rows' positions in the order shown.
 */
function usageRow(row: UsageUserRow, index: number, sortKey: UsageSortKey, sortOrder: UsageSortOrder) {
  const position = sortOrder === 'ASC' ? index : -index;
  const keyOf = (column: UsageSortKey) => (column === sortKey ? position : 0);
  const breakdown = activityBreakdown(row);
  return {
    key: row.accountId,
    testId: `usage-row-${row.accountId}`,
    cells: [
      {
        key: keyOf('user'),
        content: (
          <Stack space="space.025">
            <Inline space="space.100" alignBlock="center">
              <Text weight="medium">{row.displayName ?? 'Not in the last sync'}</Text>
              {row.active ? null : <Lozenge>Deactivated</Lozenge>}
            </Inline>
            <Text size="small" color="color.text.subtle">
              {row.displayName === null ? row.accountId : (row.email ?? 'Email hidden')}
            </Text>
          </Stack>
        ),
      },
      { key: keyOf('licences'), content: licencesText(row) },
      { key: keyOf('lastActive'), content: lastActiveText(row) },
      {
        key: keyOf('activeDays'),
        content: (
          <Stack space="space.025">
            <Text>{formatCount(row.activeDays)}</Text>
            {breakdown ? (
              <Text size="small" color="color.text.subtle">
                {breakdown}
              </Text>
            ) : null}
          </Stack>
        ),
      },
    ],
  };
}
