/**
 * One page of the site's users at a time from admin.listUsers: search (debounced),
 * Previous/Next over opaque cursors, and stale answers ignored when the admin types fast.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { AdminUserRow } from '../../../src/resolvers/admin-api';
import type { ResolverError } from '../../../src/resolvers/resolver-response';
import { callAdmin } from './admin-client';
import { type CursorPages, FIRST_PAGE, currentCursor, nextPage, previousPage } from './cursor-pages';

const SEARCH_DELAY_MS = 300;

interface Listing {
  query: string;
  pages: CursorPages;
}

export interface UserPages {
  search: string;
  setSearch: (value: string) => void;
  /** Search now (Enter in the search box) instead of after the typing pause. */
  searchNow: () => void;
  users: AdminUserRow[];
  /** Why designations are missing (not connected, directory unreachable), if they are. */
  notice: string | null;
  pages: CursorPages;
  hasNext: boolean;
  isLoading: boolean;
  error: ResolverError | undefined;
  next: () => void;
  previous: () => void;
}

export function useUserPages(pageSize: number): UserPages {
  const [search, setSearch] = useState('');
  const [listing, setListing] = useState<Listing>({ query: '', pages: FIRST_PAGE });
  const [users, setUsers] = useState<AdminUserRow[]>([]);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [isLoading, setLoading] = useState(true);
  const [error, setError] = useState<ResolverError | undefined>();
  const latestRequest = useRef(0);

  const applySearch = useCallback((value: string) => {
    const query = value.trim();
    // A new query starts from its first page; the same query keeps the page the admin is on.
    setListing((current) => (current.query === query ? current : { query, pages: FIRST_PAGE }));
  }, []);

  useEffect(() => {
    const timer = setTimeout(() => applySearch(search), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [search, applySearch]);

  useEffect(() => {
    const request = ++latestRequest.current;
    const cursor = currentCursor(listing.pages);
    setLoading(true);
    void callAdmin('admin.listUsers', { query: listing.query, pageSize, ...(cursor !== undefined ? { cursor } : {}) }).then((answer) => {
      if (request !== latestRequest.current) return;
      setLoading(false);
      if (answer.ok) {
        setUsers(answer.data.users);
        setNextCursor(answer.data.nextCursor);
        setNotice(answer.data.notice);
        setError(undefined);
      } else {
        // The rows on screen belong to another search: listing them under this one would mislead.
        setUsers([]);
        setNextCursor(null);
        setNotice(null);
        setError(answer.error);
      }
    });
  }, [listing, pageSize]);

  const next = () => {
    if (nextCursor === null || isLoading) return;
    const cursor = nextCursor;
    setListing((current) => ({ ...current, pages: nextPage(current.pages, cursor) }));
  };
  const previous = () => {
    if (isLoading) return;
    setListing((current) => ({ ...current, pages: previousPage(current.pages) }));
  };

  return { search, setSearch, searchNow: () => applySearch(search), users, notice, pages: listing.pages, hasNext: nextCursor !== null, isLoading, error, next, previous };
}
