/**
 * Progress an OKR owner agrees with: statuses an admin leaves out of progress (Won't Do)
 * or gives their own weight, previewed from the stored totals before saving, and the
 * preview's numbers are exactly what saving then sends. Reconciliation keeps the
 * per-status totals the rules need.
 */
import { issueUpdatedEvent } from '../../../dev/platform/jira/forge-events';
import { runInvocation } from '../../../dev/platform/forge-globals';
import type { SimIssue } from '../../../dev/platform/jira/site-model';
import { loadAggregate } from '../../../src/adapters/key-result-store';
import { linkIssueToKeyResult } from '../../../src/services/link-issue';
import type { RulesPreview } from '../../../src/resolvers/admin-api';
import { type AdminPlatform, ADMIN, startAdminPlatform, storageState } from '../../support/admin-platform';

const asApp = <T>(fn: () => Promise<T>) => runInvocation({ functionKey: 'test', moduleKey: 'test', accountId: undefined, timeoutMillis: 25_000 }, fn);
const WONT_DO = '10004';
const DONE = '10003';
const IN_REVIEW = '10002';
const DEFAULT_WEIGHTS = { todo: 0, inProgress: 50, done: 100 };

interface BackendEvent {
  type: string;
  payload?: { data: { keyResultId: string; progress: number | null; sequence: number; issueCount: number; excludedIssueCount?: number; cause?: { kind: string } } };
}

let env: AdminPlatform;
let issues: SimIssue[];
beforeEach(async () => {
  env = await startAdminPlatform();
  expect((await env.connect()).ok).toBe(true);
  issues = [1, 2, 3, 4, 5].map((n) => env.site.createIssue({ projectKey: 'OKR', summary: `Task ${n}`, reporterId: ADMIN.accountId }));
  await asApp(async () => {
    for (const issue of issues) await linkIssueToKeyResult({ keyResultId: 'kr-checkout-conversion', issueId: issue.id, cloudId: env.site.cloudId, actor: { kind: 'system', reason: 'test seed' } });
    await linkIssueToKeyResult({ keyResultId: 'kr-security-sso', issueId: issues[0]!.id, cloudId: env.site.cloudId, actor: { kind: 'system', reason: 'test seed' } });
  });
  await env.platform.drain();
});
afterEach(() => env.stop());

const transition = async (issue: SimIssue, statusId: string) => {
  const { changelog } = env.site.transitionIssue(issue.id, statusId, ADMIN.accountId);
  await env.platform.fireProductEvent(issueUpdatedEvent(env.site, issue, changelog));
  await env.platform.drain();
};
const backendEvents = async (): Promise<BackendEvent[]> => ((await (await fetch(`${env.backend.url}/api/events`)).json()) as { events: BackendEvent[] }).events;
const latest = async (keyResultId: string) =>
  (await backendEvents())
    .filter((e) => e.type === 'key_result.progress_updated' && e.payload?.data.keyResultId === keyResultId)
    .map((e) => e.payload!.data)
    .sort((a, b) => a.sequence - b.sequence)
    .at(-1);

describe('status rules', () => {
  it('without rules, Won’t Do counts as Done: the OKR owner’s complaint, reproduced', async () => {
    await transition(issues[0]!, DONE);
    await transition(issues[1]!, WONT_DO);
    expect((await latest('kr-checkout-conversion'))?.progress).toBe(40);
  });

  it('leaves Won’t Do out of progress; the preview says so first, and saving sends exactly the previewed numbers', async () => {
    await transition(issues[0]!, DONE);
    await transition(issues[1]!, WONT_DO);
    const rules = { weights: DEFAULT_WEIGHTS, statusRules: [{ statusId: WONT_DO, weight: null }] };
    const preview = await env.call('admin.previewProgressRules', rules);
    expect(preview.ok).toBe(true);
    const data = (preview as { data: RulesPreview }).data;
    expect(data).toMatchObject({ checked: 2, changed: 1, truncated: false });
    expect(data.keyResults).toEqual([{ keyResultId: 'kr-checkout-conversion', title: expect.any(String), before: 40, after: 25, issueCountBefore: 5, issueCountAfter: 4 }]);

    const saved = await env.call('admin.saveProgressRules', rules);
    expect(saved).toMatchObject({ ok: true, data: { settings: { statusRules: [{ statusId: WONT_DO, weight: null }] }, recalculating: 2 } });
    await env.platform.drain();
    const sent = await latest('kr-checkout-conversion');
    expect(sent).toMatchObject({ progress: data.keyResults[0]!.after, issueCount: 4, excludedIssueCount: 1, cause: { kind: 'weights_changed' } });
    // Live transitions follow the rule from now on: a second Won't Do leaves too.
    await transition(issues[2]!, WONT_DO);
    expect(await latest('kr-checkout-conversion')).toMatchObject({ progress: 33.33, issueCount: 3, excludedIssueCount: 2 });
  });

  it('gives a status its own weight, inside its category', async () => {
    await transition(issues[0]!, IN_REVIEW);
    await transition(issues[1]!, '3'); // In Progress, same category
    const rules = { weights: DEFAULT_WEIGHTS, statusRules: [{ statusId: IN_REVIEW, weight: 80 }] };
    const preview = (await env.call('admin.previewProgressRules', rules)) as { ok: true; data: RulesPreview };
    expect(preview.data.keyResults.find((r) => r.keyResultId === 'kr-checkout-conversion')).toMatchObject({ before: 20, after: 26 });
    expect(preview.data.keyResults.find((r) => r.keyResultId === 'kr-security-sso')).toMatchObject({ before: 50, after: 80 });
    await env.call('admin.saveProgressRules', rules);
    await env.platform.drain();
    expect(await latest('kr-checkout-conversion')).toMatchObject({ progress: 26, issueCount: 5 });
    expect(await latest('kr-security-sso')).toMatchObject({ progress: 80 });
  });

  it('shows "no progress yet" when every issue is left out, and never divides by zero', async () => {
    await transition(issues[0]!, WONT_DO);
    const preview = (await env.call('admin.previewProgressRules', { weights: DEFAULT_WEIGHTS, statusRules: [{ statusId: WONT_DO, weight: null }] })) as { ok: true; data: RulesPreview };
    expect(preview.data.keyResults.find((r) => r.keyResultId === 'kr-security-sso')).toMatchObject({ before: 100, after: null, issueCountAfter: 0 });
  });

  it.each([
    [{ weights: DEFAULT_WEIGHTS, statusRules: [{ statusId: '99999', weight: null }] }, 'statusRules.0', /not one of this Jira site's statuses/],
    [{ weights: DEFAULT_WEIGHTS, statusRules: [{ statusId: WONT_DO, weight: 101 }] }, 'statusRules.0', /“Won't Do” needs a whole-number weight from 0 to 100/],
    [{ weights: DEFAULT_WEIGHTS, statusRules: [{ statusId: WONT_DO, weight: null }, { statusId: WONT_DO, weight: 5 }] }, 'statusRules.1', /more than one rule/],
    [{ weights: { todo: 60, inProgress: 50, done: 100 }, statusRules: [] }, 'inProgress', /In Progress/],
    [{ weights: DEFAULT_WEIGHTS, statusRules: 'none' }, 'statusRules', /must be a list/],
    [{ weights: DEFAULT_WEIGHTS, statusRules: [], extra: true }, 'extra', /Unknown field/],
  ])('refuses %j at %s in the page’s words, storing and sending nothing', async (payload, field, message) => {
    const before = storageState(env.platform);
    const pushed = env.platform.queue.stats.pushed;
    for (const key of ['admin.previewProgressRules', 'admin.saveProgressRules'] as const) {
      const answer = await env.call(key, payload);
      expect(answer).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field } });
      if (!answer.ok) expect(answer.error.message).toMatch(message);
    }
    expect(storageState(env.platform)).toBe(before);
    expect(env.platform.queue.stats.pushed).toBe(pushed);
  });

  it('lists the site’s statuses with their categories for the editor', async () => {
    const answer = await env.call('admin.listStatuses', {});
    expect(answer).toMatchObject({ ok: true, data: expect.arrayContaining([{ id: WONT_DO, name: "Won't Do", categoryKey: 'done' }, { id: '3', name: 'In Progress', categoryKey: 'indeterminate' }]) });
  });

  it('saving the same rules again queues nothing', async () => {
    const rules = { weights: DEFAULT_WEIGHTS, statusRules: [{ statusId: WONT_DO, weight: null }] };
    expect(await env.call('admin.saveProgressRules', rules)).toMatchObject({ ok: true, data: { recalculating: 2 } });
    expect(await env.call('admin.saveProgressRules', rules)).toMatchObject({ ok: true, data: { recalculating: 0 } });
  });

  it('reconciliation applies the same rules: a missed move into Won’t Do is corrected and left out', async () => {
    await env.call('admin.saveProgressRules', { weights: DEFAULT_WEIGHTS, statusRules: [{ statusId: WONT_DO, weight: null }] });
    await env.platform.drain();
    env.site.transitionIssue(issues[3]!.id, WONT_DO, ADMIN.accountId); // its event is lost
    await env.platform.runScheduledTrigger('reconcile-key-results-daily');
    await env.platform.drain();
    expect(await latest('kr-checkout-conversion')).toMatchObject({ progress: 0, issueCount: 4, excludedIssueCount: 1 });
    expect((await asApp(() => loadAggregate('kr-checkout-conversion'))).statuses).toEqual({ 'new:10000': 4, [`done:${WONT_DO}`]: 1 });
  });

  it('recounts totals written before the per-status totals existed, so the rules apply to them too', async () => {
    // A record as an earlier version wrote it: category counts only.
    const entity = env.platform.kvs.snapshot().entities.find(([name]) => name === 'key-result-progress')![1];
    const [, stored] = entity.find(([key]) => key === 'kr-checkout-conversion')!;
    const legacy = { ...(stored as { value: Record<string, unknown> }).value };
    delete legacy['statuses'];
    await asApp(async () => {
      const { kvs } = await import('@forge/kvs');
      await kvs.entity('key-result-progress').set('kr-checkout-conversion', legacy);
    });
    env.site.transitionIssue(issues[1]!.id, WONT_DO, ADMIN.accountId); // missed too
    await env.call('admin.saveProgressRules', { weights: DEFAULT_WEIGHTS, statusRules: [{ statusId: WONT_DO, weight: null }] });
    await env.platform.runScheduledTrigger('reconcile-key-results-daily');
    await env.platform.drain();
    expect((await asApp(() => loadAggregate('kr-checkout-conversion'))).statuses).toEqual({ 'new:10000': 4, [`done:${WONT_DO}`]: 1 });
    expect(await latest('kr-checkout-conversion')).toMatchObject({ issueCount: 4, excludedIssueCount: 1 });
  });
});
