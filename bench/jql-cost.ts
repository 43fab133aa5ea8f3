/**
 * What a transition costs on a site with many JQL-linked key results: every query is
 * checked against the changed issue, so the cost must stay flat in the number of
 * queries (one jql/match call per 100 of them), not one Jira call per key result.
 */
import { issueUpdatedEvent } from '../dev/platform/jira/forge-events';
import { callWebTrigger } from '../test/support/call-web-trigger';
import { startConnectedPlatform } from '../test/support/connected-platform';
import { USER_ID } from '../test/support/test-site';

const EVENTS = Number(process.env['BENCH_JQL_EVENTS'] ?? 100);

async function benchTransitions(queries: number): Promise<string> {
  const env = await startConnectedPlatform({ issueCount: 200 });
  try {
    // Each key result's JQL matches the issues carrying its label: two issues each.
    env.issues.forEach((issue, i) => (issue.labels = [`l${i % Math.max(1, queries)}`]));
    for (let k = 0; k < queries; k += 1) {
      const answer = await callWebTrigger(env.platform, { body: { action: 'jql.register', data: { keyResultId: `kr-jql-${k}`, jql: `labels = l${k}` } }, secret: env.inboundSecret });
      if (answer.status !== 202) throw new Error(`register failed: ${JSON.stringify(answer.body)}`);
    }
    // Plus one key result whose JQL follows work in progress, so transitions join and leave it.
    if (queries > 0) await callWebTrigger(env.platform, { body: { action: 'jql.register', data: { keyResultId: 'kr-active', jql: 'project = OKR AND statusCategory = indeterminate' } }, secret: env.inboundSecret });
    await env.platform.drain();
    // Registering hundreds of queries queues their checks: a minute passes, so the queue's
    // per-installation budget (500 events a minute, enforced by the harness) starts afresh.
    await env.platform.advance(61);
    const before = { exchanges: env.platform.jira.exchanges.length, reads: env.platform.kvs.counters.reads, writes: env.platform.kvs.counters.writes, queued: env.platform.queue.stats.pushed };
    for (let n = 0; n < EVENTS; n += 1) {
      const issue = env.issues[n % env.issues.length]!;
      const { changelog } = env.site.transitionIssue(issue.id, issue.statusId === '3' ? '10003' : '3', USER_ID);
      await env.platform.fireProductEvent(issueUpdatedEvent(env.site, issue, changelog));
      await env.platform.drain();
    }
    const calls = env.platform.jira.exchanges.slice(before.exchanges).map((e) => e.url.split('?')[0]!);
    const per = (v: number) => (v / EVENTS).toFixed(2);
    const matchCalls = calls.filter((u) => u === '/rest/api/3/jql/match').length;
    return [
      `JQL key results=${String(queries + (queries > 0 ? 1 : 0)).padStart(4)}`,
      `jira/transition=${per(calls.length)} (jql/match ${per(matchCalls)}, other ${per(calls.length - matchCalls)})`,
      `kvsReads/transition=${per(env.platform.kvs.counters.reads - before.reads)}`,
      `kvsWrites/transition=${per(env.platform.kvs.counters.writes - before.writes)}`,
      `queueEvents/transition=${per(env.platform.queue.stats.pushed - before.queued)}`,
    ].join('  ');
  } finally {
    await env.stop();
  }
}

export async function printJqlBench(): Promise<void> {
  console.log(`\nTransitions on a site with JQL-linked key results (${EVENTS} transitions, each matched against every query)`);
  const rows: string[] = [];
  for (const queries of [0, 10, 100, 250]) rows.push(await benchTransitions(queries));
  for (const row of rows) console.log(row);
  console.log('target: Jira calls per transition constant in the number of queries (one jql/match call per 1,000 queries; the other calls are the changelog and status read when an issue newly matches)');
}
