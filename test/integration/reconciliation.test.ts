/**
 * Drift: events the platform never delivered, transitions made while paused, a linked
 * issue deleted without its event. One reconciliation (the daily job, or the resume)
 * brings every key result to the exact value Jira implies.
 */
import { issueUpdatedEvent } from '../../dev/platform/jira/forge-events';
import type { JiraSite } from '../../dev/platform/jira/site-model';
import { runInvocation } from '../../dev/platform/forge-globals';
import { loadAggregate } from '../../src/adapters/key-result-store';
import { STATUS_CATEGORIES_KEY } from '../../src/adapters/storage-keys';
import { linkIssueToKeyResult } from '../../src/services/link-issue';
import type { CategoryCounts } from '../../src/domain/status-category';
import { ADMIN, startAdminPlatform } from '../support/admin-platform';
import { startConnectedPlatform } from '../support/connected-platform';
import { USER_ID, seededRandom } from '../support/test-site';

const STATUSES = ['10000', '10001', '3', '10002', '10003', '10004'];
const seed = { kind: 'system', reason: 'test seed' } as const;

/** What Jira implies for a key result: its linked issues' current categories. */
function countsInJira(site: JiraSite, issueIds: readonly string[]): CategoryCounts {
  const counts: CategoryCounts = { new: 0, indeterminate: 0, done: 0 };
  for (const id of issueIds) {
    const issue = site.findIssue(id);
    if (issue) counts[site.categoryOfStatus(issue.statusId).key as keyof CategoryCounts] += 1;
  }
  return counts;
}

describe('the daily reconciliation', () => {
  it('corrects 30% of transitions never delivered, and a linked issue deleted without its event, exactly', async () => {
    const env = await startConnectedPlatform({ issueCount: 30 });
    try {
      const krA = env.issues.slice(0, 20).map((i) => i.id);
      const krB = env.issues.slice(10, 30).map((i) => i.id);
      for (const id of krA) await linkIssueToKeyResult({ keyResultId: 'kr-a', issueId: id, cloudId: env.site.cloudId, actor: seed });
      for (const id of krB) await linkIssueToKeyResult({ keyResultId: 'kr-b', issueId: id, cloudId: env.site.cloudId, actor: seed });
      await env.platform.drain();

      const random = seededRandom(30);
      let lost = 0;
      for (let n = 0; n < 120; n += 1) {
        const issue = env.issues[Math.floor(random() * env.issues.length)]!;
        const { changelog } = env.site.transitionIssue(issue.id, STATUSES.filter((s) => s !== issue.statusId)[Math.floor(random() * 5)]!, USER_ID);
        if (random() < 0.3) lost += 1;
        else await env.platform.fireProductEvent(issueUpdatedEvent(env.site, issue, changelog));
      }
      env.site.deleteIssue(env.issues[15]!.id); // in both key results; its event is lost too
      await env.platform.drain();
      expect(lost).toBeGreaterThan(20);
      expect((await loadAggregate('kr-a')).counts).not.toEqual(countsInJira(env.site, krA));

      const jiraCalls = env.platform.jira.exchanges.length;
      await env.platform.runScheduledTrigger('reconcile-key-results-daily');
      await env.platform.drain();
      expect((await loadAggregate('kr-a')).counts).toEqual(countsInJira(env.site, krA));
      expect((await loadAggregate('kr-b')).counts).toEqual(countsInJira(env.site, krB));
      // Per key result: one id-only search per status its issues were in (Jira's index of the
      // links property, 5,000 issues a call) and one status search for the links it disagrees
      // with (up to 100); then two reads per drifted issue only.
      const searches = env.platform.jira.exchanges.slice(jiraCalls).filter((e) => e.url.startsWith('/rest/api/3/search/jql'));
      const idOnly = searches.filter((e) => e.url.includes('fields=id&'));
      expect(idOnly.length).toBeLessThanOrEqual(2 * STATUSES.length);
      expect(idOnly.every((e) => decodeURIComponent(e.url).includes('okrKeyResult = "kr-'))).toBe(true);
      expect(searches.length - idOnly.length).toBe(2);

      // The backend's last word per key result is what Jira implies.
      const last = (kr: string) => env.receiver.verifiedOfType('key_result.progress_updated').map((r) => r.parsed.data).filter((d) => d['keyResultId'] === kr).sort((x, y) => Number(x['sequence']) - Number(y['sequence'])).pop();
      expect(last('kr-a')?.['counts']).toEqual(countsInJira(env.site, krA));
      expect(last('kr-b')?.['counts']).toEqual(countsInJira(env.site, krB));

      // A second run finds nothing to correct and sends nothing.
      const sent = env.receiver.received.length;
      await env.platform.runScheduledTrigger('reconcile-key-results-daily');
      await env.platform.drain();
      expect(env.receiver.received.length).toBe(sent);
    } finally {
      await env.stop();
    }
  });
});

describe('status categories that moved', () => {
  it('a status an admin moved to another category is corrected, and the cached mapping is refreshed', async () => {
    const env = await startConnectedPlatform({ issueCount: 2 });
    try {
      for (const issue of env.issues) await linkIssueToKeyResult({ keyResultId: 'kr-moved', issueId: issue.id, cloudId: env.site.cloudId, actor: seed });
      // A lean event (no category in the payload) makes the app cache the status list: 3 = In Progress.
      const first = env.site.transitionIssue(env.issues[0]!.id, '3', USER_ID);
      await env.platform.fireProductEvent(issueUpdatedEvent(env.site, first.issue, first.changelog, { withStatusCategory: false }));
      await env.platform.drain();
      expect((await loadAggregate('kr-moved')).counts).toEqual({ new: 1, indeterminate: 1, done: 0 });
      const cached = () => (env.platform.kvs.peek(STATUS_CATEGORIES_KEY) as { byStatusId: Record<string, string> }).byStatusId['3'];
      expect(cached()).toBe('indeterminate');

      // The admin moves status 3 into the Done category (Jira sends no event for that).
      env.site.data.statuses.find((s) => s.id === '3')!.categoryId = 3;
      await env.platform.runScheduledTrigger('reconcile-key-results-daily');
      await env.platform.drain();
      expect((await loadAggregate('kr-moved')).counts).toEqual({ new: 1, indeterminate: 0, done: 1 });
      expect(cached()).toBe('done');
    } finally {
      await env.stop();
    }
  });
});

describe('resume after a pause', () => {
  it('transitions made while paused are in the progress the backend receives on resume', async () => {
    const env = await startAdminPlatform();
    try {
      expect((await env.connect()).ok).toBe(true);
      const issues = [1, 2, 3, 4].map((n) => env.site.createIssue({ projectKey: 'OKR', summary: `Task ${n}`, reporterId: ADMIN.accountId }));
      await runInvocation({ functionKey: 'sandbox-seed', moduleKey: 'sandbox-seed', accountId: undefined, timeoutMillis: 25_000 }, async () => {
        for (const issue of issues) await linkIssueToKeyResult({ keyResultId: 'kr-checkout-conversion', issueId: issue.id, cloudId: env.site.cloudId, actor: seed });
      });
      await env.platform.drain();
      expect(await env.call('admin.setProgressUpdates', { enabled: false })).toMatchObject({ ok: true });
      for (const issue of issues.slice(0, 3)) {
        const { changelog } = env.site.transitionIssue(issue.id, '10003', ADMIN.accountId);
        await env.platform.fireProductEvent(issueUpdatedEvent(env.site, issue, changelog));
      }
      await env.platform.drain();
      expect(await env.call('admin.setProgressUpdates', { enabled: true })).toMatchObject({ ok: true });
      await env.platform.drain();
      const { keyResults } = (await (await fetch(`${env.backend.url}/api/progress`)).json()) as { keyResults: Array<{ id: string; progress: number | null; counts: CategoryCounts | null }> };
      expect(keyResults.find((k) => k.id === 'kr-checkout-conversion')).toMatchObject({ progress: 75, counts: { new: 1, indeterminate: 0, done: 3 } });
    } finally {
      await env.stop();
    }
  });
});
