/**
 * What one user action costs (comment events here): KVS writes and reads, queue events and
 * Jira calls per event, on an empty site and after 2,000 earlier actions (target: O(1)).
 */
import { issueCommentedEvent } from '../dev/platform/jira/forge-events';
import { startConnectedPlatform } from '../test/support/connected-platform';

const EVENTS = Number(process.env['BENCH_ACTIVITY_EVENTS'] ?? 200);

async function row(earlier: number): Promise<string> {
  const env = await startConnectedPlatform({ issueCount: 20 });
  try {
    const comment = async (n: number) => {
      const issue = env.issues[n % env.issues.length]!;
      await env.platform.fireProductEvent(issueCommentedEvent(env.site, issue, env.site.addComment(issue.id, { authorId: `557058:user-${n % 500}`, body: `c${n}` })));
    };
    for (let n = 0; n < earlier; n += 1) {
      await comment(n);
      // Inside the queue's 500 events a minute (the harness enforces it).
      if (n % 200 === 199) await env.platform.advance(61);
    }
    await env.platform.drain();
    await env.platform.advance(61);
    const before = { writes: env.platform.kvs.counters.writes, reads: env.platform.kvs.counters.reads, queued: env.platform.queue.stats.pushed, jira: env.platform.jira.requestCount };
    for (let n = 0; n < EVENTS; n += 1) await comment(earlier + n);
    await env.platform.drain();
    const per = (v: number) => (v / EVENTS).toFixed(2);
    return `earlier actions=${String(earlier).padStart(5)}  kvsWrites/event=${per(env.platform.kvs.counters.writes - before.writes)}  kvsReads/event=${per(env.platform.kvs.counters.reads - before.reads)}  queueEvents/event=${per(env.platform.queue.stats.pushed - before.queued)}  jira/event=${per(env.platform.jira.requestCount - before.jira)}`;
  } finally {
    await env.stop();
  }
}

export async function printActivityBench(): Promise<void> {
  console.log(`\nUser actions (comments) → counted per user and day + activity.recorded, ${EVENTS} events per row`);
  for (const earlier of [0, 2_000]) console.log(await row(earlier));
  console.log('target: KVS writes per event O(1): the same on both rows');
}
