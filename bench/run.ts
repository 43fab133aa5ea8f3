/**
 * `npm run bench`: what one status transition costs, for key results with 10, 1,000 and
 * 10,000 linked issues. Runs the real app over the local platform and prints, per event:
 * Jira REST calls, KVS reads and writes, webhooks sent, and handler time p50/p95.
 * Then one page of the admin page's "Edit Jira Users" list on 100 / 1,000 / 10,000-user sites,
 * and what one link from the issue panel costs (bench/link-cost.ts); reconciliation, JQL,
 * activity, the usage sync and the 30-day history import (bench/history-import-cost.ts);
 * delivery: throughput, a sprint-close burst and an outage's recovery (bench/delivery-cost.ts).
 */
process.env['OKR_SYNC_QUIET'] = '1';
import { performance } from 'node:perf_hooks';
import { installFetchGate } from '../dev/platform/forge-globals';
installFetchGate();
import { LocalForgePlatform } from '../dev/platform/local-platform';
import { issueUpdatedEvent } from '../dev/platform/jira/forge-events';
import { WebhookReceiver, newSigningSecret } from '../dev/receiver/webhook-receiver';
import { connectApp } from '../test/support/connect-app';
import { USER_ID, createTestSite, seededRandom } from '../test/support/test-site';
import { seedLinkedKeyResult } from '../test/support/seed-links';
import { printLinkBench } from './link-cost';
import { printActivityBench } from './activity-cost';
import { printUsageSyncBench } from './usage-sync-cost';
import { printHistoryImportBench } from './history-import-cost';
import { printJqlBench } from './jql-cost';
import { printReconcileBench } from './reconcile-cost';
import { printUserPageBench } from './user-page';
import { printDeliveryBench } from './delivery-cost';

const EVENTS_PER_RUN = Number(process.env['BENCH_EVENTS'] ?? 1000);
const SIZES = [10, 1_000, 10_000];
const STATUS_IDS = ['10000', '3', '10002', '10003'];

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

interface Row {
  linked: number;
  payload: string;
  jira: number;
  reads: number;
  writes: number;
  writeRequests: number;
  webhooks: number;
  triggerP50: number;
  triggerP95: number;
  totalP50: number;
  totalP95: number;
}

async function run(linked: number, withStatusCategory: boolean): Promise<Row> {
  const { site, issues } = createTestSite(linked);
  const platform = await LocalForgePlatform.start({ site, extraEgress: ['http://127.0.0.1'] });
  const secret = newSigningSecret();
  const receiver = new WebhookReceiver(secret);
  await receiver.start();
  try {
    await connectApp({ webhookUrl: receiver.url, signingSecret: secret });
    await seedLinkedKeyResult('kr-bench', issues.map((i) => ({ issueId: i.id, statusId: i.statusId })));
    const random = seededRandom(linked);
    // Warm the status cache once, as a running site would have it.
    const warm = site.transitionIssue(issues[0]!.id, '3', USER_ID);
    await platform.fireProductEvent(issueUpdatedEvent(site, warm.issue, warm.changelog, { withStatusCategory }));
    await platform.settle();

    const before = { jira: platform.jira.requestCount, reads: platform.kvs.counters.reads, writes: platform.kvs.counters.writes, writeRequests: platform.kvs.meter.used.writes, webhooks: receiver.received.length };
    const triggerTimes: number[] = [];
    const totalTimes: number[] = [];
    for (let n = 0; n < EVENTS_PER_RUN; n += 1) {
      const issue = issues[Math.floor(random() * issues.length)]!;
      const target = STATUS_IDS.filter((s) => s !== issue.statusId)[Math.floor(random() * 3)]!;
      const { changelog } = site.transitionIssue(issue.id, target, USER_ID);
      const event = issueUpdatedEvent(site, issue, changelog, { withStatusCategory });
      const start = performance.now();
      await platform.fireProductEvent(event);
      const triggered = performance.now();
      await platform.drain();
      totalTimes.push(performance.now() - start);
      triggerTimes.push(triggered - start);
      // 0.5 s of platform time per event: a busy site (120 transitions a minute) within the queue's limits.
      await platform.advance(0.5);
    }
    const failed = receiver.received.slice(before.webhooks).filter((r) => !r.verified || r.answeredWith >= 300).length;
    if (failed > 0) throw new Error(`${failed} webhooks failed verification or delivery`);
    triggerTimes.sort((a, b) => a - b);
    totalTimes.sort((a, b) => a - b);
    const per = (v: number) => v / EVENTS_PER_RUN;
    return {
      linked,
      payload: withStatusCategory ? 'with category' : 'without category',
      jira: per(platform.jira.requestCount - before.jira),
      reads: per(platform.kvs.counters.reads - before.reads),
      writes: per(platform.kvs.counters.writes - before.writes),
      writeRequests: per(platform.kvs.meter.used.writes - before.writeRequests),
      webhooks: per(receiver.received.length - before.webhooks),
      triggerP50: percentile(triggerTimes, 50),
      triggerP95: percentile(triggerTimes, 95),
      totalP50: percentile(totalTimes, 50),
      totalP95: percentile(totalTimes, 95),
    };
  } finally {
    await receiver.stop();
    await platform.stop();
  }
}

async function main(): Promise<void> {
  console.log(`Status transition cost, ${EVENTS_PER_RUN} events per row (Node ${process.version})`);
  console.log('trigger = the trigger function; total = trigger + queue consumer(s) + both webhooks to a loopback receiver');
  const rows: Row[] = [];
  for (const linked of SIZES) {
    for (const withCategory of [true, false]) {
      const row = await run(linked, withCategory);
      rows.push(row);
      console.log(
        [
          `linked=${String(row.linked).padStart(6)}`,
          row.payload.padEnd(17),
          `jira/event=${row.jira.toFixed(3)}`,
          `kvsReads/event=${row.reads.toFixed(2)}`,
          `kvsWrites/event=${row.writes.toFixed(2)} keys, ${row.writeRequests.toFixed(2)} requests`,
          `webhooks/event=${row.webhooks.toFixed(2)}`,
          `trigger p50=${row.triggerP50.toFixed(2)}ms p95=${row.triggerP95.toFixed(2)}ms`,
          `total p50=${row.totalP50.toFixed(2)}ms p95=${row.totalP95.toFixed(2)}ms`,
        ].join('  '),
      );
    }
  }
  const worst = Math.max(...rows.map((r) => r.totalP95));
  console.log(`targets: Jira calls flat in linked issues and 0 with category (${rows.every((r) => r.jira === 0) ? 'met' : 'see rows'}); p95 < 20 ms (worst total p95 ${worst.toFixed(2)} ms)`);
  await printUserPageBench();
  await printLinkBench();
  await printReconcileBench();
  await printJqlBench();
  await printActivityBench();
  await printUsageSyncBench();
  await printHistoryImportBench();
  await printDeliveryBench();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
