/**
 * The Usage section's state: what the admin asked for (search, sort, page, "inactive for
 * N days", only those), one admin.usageOverview call per change, answers to an older
 * question ignored. Typing (search, N) waits for a pause; a new search, sort or filter
 * starts again from page 1. A bad N is shown at its box and asks nothing.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { UsageOverview, UsageOverviewPayload, UsageSortKey, UsageSortOrder } from '../../../src/resolvers/admin-api';
import type { ResolverError } from '../../../src/resolvers/resolver-response';
import { callAdmin } from './admin-client';
import { checkInactiveDays } from './usage-checks';

const TYPING_PAUSE_MS = 300;
const PAGE_SIZE = 20;
/** While the history import runs, the page asks again this often (about 70 storage reads each time). */
const IMPORT_REFRESH_MS = 10_000;
export const DEFAULT_INACTIVE_DAYS = 14;

type Question = Required<Pick<UsageOverviewPayload, 'search' | 'sortKey' | 'sortOrder' | 'page' | 'inactiveDays' | 'onlyInactive'>>;
const FIRST_QUESTION: Question = { search: '', sortKey: 'user', sortOrder: 'ASC', page: 1, inactiveDays: DEFAULT_INACTIVE_DAYS, onlyInactive: false };

export interface UsageOverviewState {
  data: UsageOverview | undefined;
  isLoading: boolean;
  error: ResolverError | undefined;
  retry: () => void;
  search: string;
  setSearch: (text: string) => void;
  searchNow: () => void;
  inactiveDaysText: string;
  setInactiveDaysText: (text: string) => void;
  inactiveDaysError: string | undefined;
  onlyInactive: boolean;
  setOnlyInactive: (only: boolean) => void;
  sortKey: UsageSortKey;
  sortOrder: UsageSortOrder;
  sortBy: (key: UsageSortKey, order: UsageSortOrder) => void;
  goToPage: (page: number) => void;
}

export function useUsageOverview(): UsageOverviewState {
  const [question, setQuestion] = useState<Question>(FIRST_QUESTION);
  const [search, setSearch] = useState('');
  const [inactiveDaysText, setInactiveDaysText] = useState(String(DEFAULT_INACTIVE_DAYS));
  const [data, setData] = useState<UsageOverview | undefined>();
  const [isLoading, setLoading] = useState(true);
  const [error, setError] = useState<ResolverError | undefined>();
  const [attempt, setAttempt] = useState(0);
  const latest = useRef(0);

  // A changed search, filter or sort starts from the first page; asking again what is already asked changes nothing.
  const ask = useCallback((change: Partial<Question>) => {
    setQuestion((current) => {
      const unchanged = (Object.keys(change) as Array<keyof Question>).every((key) => current[key] === change[key]);
      return unchanged ? current : { ...current, ...change, ...(change.page === undefined ? { page: 1 } : {}) };
    });
  }, []);

  const applySearch = useCallback((text: string) => ask({ search: text.trim() }), [ask]);
  useEffect(() => {
    const timer = setTimeout(() => applySearch(search), TYPING_PAUSE_MS);
    return () => clearTimeout(timer);
  }, [search, applySearch]);

  const inactiveCheck = checkInactiveDays(inactiveDaysText);
  const checkedDays = inactiveCheck.ok ? inactiveCheck.days : undefined;
  useEffect(() => {
    if (checkedDays === undefined) return;
    const timer = setTimeout(() => ask({ inactiveDays: checkedDays }), TYPING_PAUSE_MS);
    return () => clearTimeout(timer);
  }, [checkedDays, ask]);

  useEffect(() => {
    const request = ++latest.current;
    setLoading(true);
    void callAdmin('admin.usageOverview', { ...question, pageSize: PAGE_SIZE }).then((answer) => {
      if (request !== latest.current) return;
      setLoading(false);
      if (answer.ok) {
        setData(answer.data);
        setError(undefined);
      } else {
        setError(answer.error);
      }
    });
  }, [question, attempt]);

  // "Importing history: 12,400 of 31,000 issues" moves on by itself while the import runs.
  const importGoesOn = data?.historyImport?.state === 'running' || data?.historyImport?.state === 'waiting';
  useEffect(() => {
    if (!importGoesOn || isLoading) return;
    const timer = setTimeout(() => setAttempt((n) => n + 1), IMPORT_REFRESH_MS);
    return () => clearTimeout(timer);
  }, [importGoesOn, isLoading, data]);

  return {
    data,
    isLoading,
    error,
    retry: () => setAttempt((n) => n + 1),
    search,
    setSearch,
    searchNow: () => applySearch(search),
    inactiveDaysText,
    setInactiveDaysText,
    inactiveDaysError: inactiveCheck.ok ? undefined : inactiveCheck.message,
    onlyInactive: question.onlyInactive,
    setOnlyInactive: (only) => ask({ onlyInactive: only }),
    sortKey: question.sortKey,
    sortOrder: question.sortOrder,
    sortBy: (key, order) => ask({ sortKey: key, sortOrder: order }),
    goToPage: (page) => ask({ page }),
  };
}
