/**
 * What one link from the issue panel costs (panel.link through the real resolver, with
 * its permission checks, the Jira reads, the entity property and both webhooks to the
 * reference backend), on a key result that already has 0 or 1,000 linked issues; and what
 * a transition of an issue that counts toward no key result costs (it is now ignored).
 */
import { performance } from 'node:perf_hooks';
import { issueUpdatedEvent } from '../dev/platform/jira/forge-events';
import { ADMIN, MEMBER, startAdminPlatform } from '../test/support/admin-platform';
import { seedLinkedKeyResult } from '../test/support/seed-links';

const LINKS = Number(process.env['BENCH_LINKS'] ?? 50);
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

async function benchLinks(existing: number): Promise<string> {
  const env = await startAdminPlatform();
  try {
    if (!(await env.connect()).ok) throw new Error('connect failed');
    const seeded = Array.from({ length: existing }, (_, i) => env.site.createIssue({ projectKey: 'OKR', summary: `Seeded ${i}`, reporterId: ADMIN.accountId }));
    await seedLinkedKeyResult('kr-checkout-conversion', seeded.map((i) => ({ issueId: i.id, statusId: i.statusId })), env.site);
    const fresh = Array.from({ length: LINKS }, (_, i) => env.site.createIssue({ projectKey: 'OKR', summary: `Linked ${i}`, reporterId: ADMIN.accountId }));
    await env.platform.drain();
    const before = { jira: env.platform.jira.requestCount, reads: env.platform.kvs.counters.reads, writes: env.platform.kvs.counters.writes, queued: env.platform.queue.stats.pushed };
    const times: number[] = [];
    for (const issue of fresh) {
      const start = performance.now();
      const answer = (await env.platform.invokeResolver('okr-key-results-panel', 'panel.link', { keyResultId: 'kr-checkout-conversion' }, MEMBER.accountId, { extension: { type: 'jira:issuePanel', issue: { id: issue.id, key: issue.key } } })) as { ok: boolean };
      times.push(performance.now() - start);
      if (!answer.ok) throw new Error('link failed');
    }
    const per = (v: number) => (v / LINKS).toFixed(2);
    const jiraLink = per(env.platform.jira.requestCount - before.jira);
    const readsLink = per(env.platform.kvs.counters.reads - before.reads);
    const writesLink = per(env.platform.kvs.counters.writes - before.writes);
    const queuedLink = per(env.platform.queue.stats.pushed - before.queued);
    await env.platform.drain();
    times.sort((a, b) => a - b);
    return `existing links=${String(existing).padStart(5)}  resolver (link + view): jira/link=${jiraLink} kvsReads/link=${readsLink} kvsWrites/link=${writesLink} queueEvents/link=${queuedLink}  p50=${percentile(times, 50).toFixed(2)}ms p95=${percentile(times, 95).toFixed(2)}ms`;
  } finally {
    await env.stop();
  }
}

async function benchUnlinkedTransitions(): Promise<string> {
  const env = await startAdminPlatform();
  try {
    if (!(await env.connect()).ok) throw new Error('connect failed');
    const issues = Array.from({ length: 20 }, (_, i) => env.site.createIssue({ projectKey: 'OKR', summary: `Unlinked ${i}`, reporterId: ADMIN.accountId }));
    const before = { jira: env.platform.jira.requestCount, reads: env.platform.kvs.counters.reads, writes: env.platform.kvs.counters.writes, queued: env.platform.queue.stats.pushed };
    const events = LINKS * 4;
    for (let n = 0; n < events; n += 1) {
      const issue = issues[n % issues.length]!;
      const { changelog } = env.site.transitionIssue(issue.id, issue.statusId === '3' ? '10003' : '3', MEMBER.accountId);
      await env.platform.fireProductEvent(issueUpdatedEvent(env.site, issue, changelog));
    }
    await env.platform.drain();
    const per = (v: number) => (v / events).toFixed(2);
    return `transitions of issues linked to no key result (${events}): jira/event=${per(env.platform.jira.requestCount - before.jira)} kvsReads/event=${per(env.platform.kvs.counters.reads - before.reads)} kvsWrites/event=${per(env.platform.kvs.counters.writes - before.writes)} queueEvents/event=${per(env.platform.queue.stats.pushed - before.queued)}`;
  } finally {
    await env.stop();
  }
}

export async function printLinkBench(): Promise<void> {
  console.log(`\nLinking from the issue panel, ${LINKS} links per row`);
  for (const existing of [0, 1_000]) console.log(await benchLinks(existing));
  console.log(await benchUnlinkedTransitions());
}
