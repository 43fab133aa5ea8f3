import type { InboundCall } from '../domain/inbound-call';
import { withJqlLink, withoutJqlLink } from '../domain/jql-link';
import { pushWorkMessages } from '../adapters/work-queue';
import { validateJql } from '../adapters/jira-jql';
import { loadJqlRegistry, saveJqlRegistry } from '../adapters/jql-registry-store';
import { logEvent } from '../adapters/log';
import { reconcileAllKeyResults } from './queue-every-key-result';
import { retryOnConflict } from './update-key-result';

export interface BackendCallAnswer {
  status: number;
  body: unknown;
}

const refusal = (status: number, code: string, message: string, extra: Record<string, unknown> = {}): BackendCallAnswer => ({ status, body: { error: { code, message, ...extra } } });

/** The key result is checked against Jira in the consumer (queued per key result, in order with its other changes). */
async function queueReconcile(keyResultId: string, then: 'jql_changed' | 'resync_requested'): Promise<boolean> {
  const { failed } = await pushWorkMessages([{ message: { kind: 'reconcile', keyResultId, then } }]);
  return failed.length === 0;
}

const notQueued = (what: string): BackendCallAnswer =>
  refusal(503, 'not_queued', `${what}, but the check against Jira could not be queued. Send the same call again: it is safe to repeat.`);

async function registerJql(keyResultId: string, jql: string): Promise<BackendCallAnswer> {
  const jqlErrors = await validateJql(jql);
  if (jqlErrors.length > 0) return refusal(422, 'invalid_jql', `Jira cannot run this JQL: ${jqlErrors.join(' ')}`, { jqlErrors });
  const saved = await retryOnConflict(async () => {
    const before = await loadJqlRegistry();
    const after = withJqlLink(before, { keyResultId, jql, registeredAt: new Date().toISOString() });
    if (after.ok) await saveJqlRegistry(before, after.value);
    return after;
  });
  if (!saved.ok) return refusal(422, 'registry_full', saved.error);
  logEvent('jql.registered', { keyResultId, queries: saved.value.links.length });
  if (!(await queueReconcile(keyResultId, 'jql_changed'))) return notQueued('The JQL was registered');
  return { status: 202, body: { keyResultId, jql, reconciling: true } };
}

async function removeJql(keyResultId: string): Promise<BackendCallAnswer> {
  const removed = await retryOnConflict(async () => {
    const before = await loadJqlRegistry();
    const after = withoutJqlLink(before, keyResultId);
    if (after.removed) await saveJqlRegistry(before, after.registry);
    return after.removed;
  });
  logEvent('jql.removed', { keyResultId, removed });
  // Queued even when nothing was registered: a repeat after a lost answer still finishes the job.
  if (!(await queueReconcile(keyResultId, 'jql_changed'))) return notQueued(removed ? 'The JQL was removed' : 'No JQL was registered');
  return { status: 202, body: { keyResultId, removed } };
}

/** Carries out a verified, well-formed call from the OKR backend. */
export async function answerBackendCall(call: InboundCall): Promise<BackendCallAnswer> {
  switch (call.action) {
    case 'jql.register':
      return registerJql(call.keyResultId, call.jql);
    case 'jql.remove':
      return removeJql(call.keyResultId);
    case 'resync.request': {
      if (call.keyResultId) return (await queueReconcile(call.keyResultId, 'resync_requested')) ? { status: 202, body: { queued: 1 } } : notQueued('Nothing was done');
      const { keyResults, queued } = await reconcileAllKeyResults('resync_requested');
      if (!queued) return refusal(503, 'not_queued', `The resync of ${keyResults} key results could not be started now; send the call again.`, { queued: 0 });
      // Accepted: the key results are queued a hundred at a time from now on.
      return { status: 202, body: { queued: keyResults } };
    }
  }
}
