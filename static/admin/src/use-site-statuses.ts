/**
 * The site's Jira statuses (admin.listStatuses), loaded when the settings section shows and
 * again on Retry. An answer that arrives after a newer request started is ignored.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { AdminStatusRow } from '../../../src/resolvers/admin-api';
import type { ResolverError } from '../../../src/resolvers/resolver-response';
import { callAdmin } from './admin-client';

export type StatusList = { kind: 'loading' } | { kind: 'failed'; error: ResolverError } | { kind: 'ready'; statuses: AdminStatusRow[] };

export function useSiteStatuses(): { list: StatusList; retry: () => void } {
  const [list, setList] = useState<StatusList>({ kind: 'loading' });
  const latestRequest = useRef(0);

  const load = useCallback(() => {
    const request = ++latestRequest.current;
    setList({ kind: 'loading' });
    void callAdmin('admin.listStatuses', {}).then((answer) => {
      if (request !== latestRequest.current) return;
      setList(answer.ok ? { kind: 'ready', statuses: answer.data } : { kind: 'failed', error: answer.error });
    });
  }, []);

  useEffect(() => {
    load();
    // Unmounted: a late answer must not update a section that is gone.
    return () => {
      latestRequest.current += 1;
    };
  }, [load]);

  return { list, retry: load };
}
