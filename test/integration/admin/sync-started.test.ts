/**
 * Connecting, and turning progress updates back on, send every key result's current
 * progress at once (cause sync_started), so the backend never shows "no update yet" for a
 * key result the app already knows.
 */
import { runInvocation } from '../../../dev/platform/forge-globals';
import { linkIssueToKeyResult } from '../../../src/services/link-issue';
import { type AdminPlatform, ADMIN, startAdminPlatform } from '../../support/admin-platform';

let env: AdminPlatform;
beforeEach(async () => {
  env = await startAdminPlatform();
});
afterEach(() => env.stop());

interface ReceivedEvent {
  type: string;
  verification: string;
  payload?: { data: { keyResultId: string; progress: number | null; sequence: number; cause: { kind: string } } };
}

const receivedProgress = async (): Promise<ReceivedEvent[]> => {
  const { events } = (await (await fetch(`${env.backend.url}/api/events`)).json()) as { events: ReceivedEvent[] };
  return events.filter((e) => e.type === 'key_result.progress_updated').reverse();
};

const linkAsSeed = (keyResultId: string, issueId: string) =>
  runInvocation({ functionKey: 'sandbox-seed', moduleKey: 'sandbox-seed', accountId: undefined, timeoutMillis: 25_000 }, () =>
    linkIssueToKeyResult({ keyResultId, issueId, cloudId: env.site.cloudId, actor: { kind: 'system', reason: 'test seed' } }),
  );

/** Two key results with links made before the site was connected: Done + To Do, and In Progress. */
async function linkBeforeConnecting(): Promise<void> {
  const [done, todo, inProgress] = [1, 2, 3].map((n) => env.site.createIssue({ projectKey: 'OKR', summary: `Task ${n}`, reporterId: ADMIN.accountId }));
  env.site.transitionIssue(done!.id, '10003', ADMIN.accountId);
  env.site.transitionIssue(inProgress!.id, '3', ADMIN.accountId);
  await linkAsSeed('kr-checkout-conversion', done!.id);
  await linkAsSeed('kr-checkout-conversion', todo!.id);
  await linkAsSeed('kr-security-sso', inProgress!.id);
  await env.platform.drain();
}

describe('sync_started', () => {
  it('Connect sends the current progress of every key result linked before, once each, in order', async () => {
    await linkBeforeConnecting();
    expect(await receivedProgress()).toEqual([]);

    expect((await env.connect()).ok).toBe(true);
    await env.platform.drain();
    const sent = await receivedProgress();
    expect(sent.map((e) => [e.payload!.data.keyResultId, e.payload!.data.progress, e.payload!.data.cause.kind, e.verification]).sort()).toEqual([
      ['kr-checkout-conversion', 50, 'sync_started', 'verified'],
      ['kr-security-sso', 50, 'sync_started', 'verified'],
    ]);
    // The sequence moves past the links made while unconnected, so nothing is stale.
    expect(sent.find((e) => e.payload!.data.keyResultId === 'kr-checkout-conversion')!.payload!.data.sequence).toBe(3);
  });

  it('turning updates back on sends them again; saving "on" while already on sends nothing', async () => {
    expect((await env.connect()).ok).toBe(true);
    await linkBeforeConnecting();
    const afterLinks = (await receivedProgress()).length;
    expect(afterLinks).toBe(3);

    expect(await env.call('admin.setProgressUpdates', { enabled: true })).toMatchObject({ ok: true });
    await env.platform.drain();
    expect(await receivedProgress()).toHaveLength(afterLinks);

    expect(await env.call('admin.setProgressUpdates', { enabled: false })).toMatchObject({ ok: true, data: { progressUpdatesEnabled: false } });
    await env.platform.drain();
    expect(await receivedProgress()).toHaveLength(afterLinks);

    expect(await env.call('admin.setProgressUpdates', { enabled: true })).toMatchObject({ ok: true, data: { progressUpdatesEnabled: true } });
    await env.platform.drain();
    const resumed = (await receivedProgress()).slice(afterLinks);
    expect(resumed.map((e) => [e.payload!.data.keyResultId, e.payload!.data.cause.kind, e.verification]).sort()).toEqual([
      ['kr-checkout-conversion', 'sync_started', 'verified'],
      ['kr-security-sso', 'sync_started', 'verified'],
    ]);
  });

  it('a re-connect while paused sends nothing until updates are turned on', async () => {
    await linkBeforeConnecting();
    expect((await env.connect()).ok).toBe(true);
    expect(await env.call('admin.setProgressUpdates', { enabled: false })).toMatchObject({ ok: true });
    await env.platform.drain();
    const before = (await receivedProgress()).length;
    expect((await env.connect()).ok).toBe(true);
    await env.platform.drain();
    expect(await receivedProgress()).toHaveLength(before);
  });
});
