/**
 * Reconciling one key result with 10,000 linked issues against Jira: Jira calls per 1,000
 * issues (no drift, and with 1% drifted), KVS operations, time, and the heap's growth.
 */
import { performance } from 'node:perf_hooks';
import { LocalForgePlatform } from '../dev/platform/local-platform';
import { connectApp } from '../test/support/connect-app';
import { USER_ID, createTestSite } from '../test/support/test-site';
import { newSigningSecret } from '../dev/receiver/webhook-receiver';
import { reconcileKeyResult } from '../src/services/reconcile-key-result';
import { seedLinkedKeyResult } from '../test/support/seed-links';
import { saveJqlRegistry } from '../src/adapters/jql-registry-store';
import { EMPTY_JQL_REGISTRY } from '../src/domain/jql-link';

const ISSUES = Number(process.env['BENCH_RECONCILE_ISSUES'] ?? 10_000);

async function run(driftShare: number): Promise<string> {
  const { site, issues } = createTestSite(ISSUES);
  const platform = await LocalForgePlatform.start({ site, extraEgress: ['http://127.0.0.1'] });
  try {
    // Updates paused, so the corrections are measured without delivery traffic.
    await connectApp({ webhookUrl: 'http://127.0.0.1:9/unused', signingSecret: newSigningSecret(), enabled: false });
    await seedLinkedKeyResult('kr-big', issues.map((i) => ({ issueId: i.id, statusId: i.statusId })), site);
    const drifted = Math.round(ISSUES * driftShare);
    for (let n = 0; n < drifted; n += 1) site.transitionIssue(issues[n * Math.floor(1 / Math.max(driftShare, 1e-9))]!.id, '10003', USER_ID);
    global.gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    let heapPeak = heapBefore;
    const sampler = setInterval(() => (heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed)), 5);
    const before = { jira: platform.jira.requestCount, reads: platform.kvs.counters.reads, writes: platform.kvs.counters.writes };
    const start = performance.now();
    // Chunk after chunk, as the queue would run them (each stays inside the consumer's time limit).
    const report = await reconcileKeyResult('kr-big', site.cloudId, null);
    let chunks = 1;
    for (let resume = report.continuesAt; resume; chunks += 1) {
      const next = await reconcileKeyResult('kr-big', site.cloudId, null, resume);
      report.checked += next.checked;
      report.corrected += next.corrected;
      resume = next.continuesAt;
    }
    const took = performance.now() - start;
    clearInterval(sampler);
    const jira = platform.jira.requestCount - before.jira;
    return [
      `issues=${ISSUES} drifted=${drifted}`.padEnd(28),
      `checked=${report.checked} corrected=${report.corrected} chunks=${chunks}`,
      `jira=${jira} (${((jira / ISSUES) * 1000).toFixed(1)} per 1,000 issues)`,
      `kvsReads=${platform.kvs.counters.reads - before.reads} kvsWrites=${platform.kvs.counters.writes - before.writes}`,
      `time=${(took / 1000).toFixed(2)}s heap growth peak=${((heapPeak - heapBefore) / 1048576).toFixed(1)} MB`,
    ].join('  ');
  } finally {
    await platform.stop();
  }
}

/** A key result whose JQL matches all the issues (no direct links): its earlier matches are re-checked, its current ones read. */
async function runJql(): Promise<string> {
  const { site, issues } = createTestSite(ISSUES);
  const platform = await LocalForgePlatform.start({ site, extraEgress: ['http://127.0.0.1'] });
  try {
    await connectApp({ webhookUrl: 'http://127.0.0.1:9/unused', signingSecret: newSigningSecret(), enabled: false });
    await saveJqlRegistry(EMPTY_JQL_REGISTRY, { revision: 1, links: [{ keyResultId: 'kr-jql', jql: 'project = OKR', registeredAt: new Date().toISOString() }] });
    let resume = (await reconcileKeyResult('kr-jql', site.cloudId, null)).continuesAt; // first run: the matches join
    while (resume) resume = (await reconcileKeyResult('kr-jql', site.cloudId, null, resume)).continuesAt;
    const before = { jira: platform.jira.requestCount, reads: platform.kvs.counters.reads, writes: platform.kvs.counters.writes };
    const start = performance.now();
    let chunks = 1;
    let report = await reconcileKeyResult('kr-jql', site.cloudId, null);
    for (resume = report.continuesAt; resume; chunks += 1) {
      report = await reconcileKeyResult('kr-jql', site.cloudId, null, resume);
      resume = report.continuesAt;
    }
    const took = performance.now() - start;
    const jira = platform.jira.requestCount - before.jira;
    return [
      `JQL matches=${issues.length} (second run)`.padEnd(28),
      `chunks=${chunks}`,
      `jira=${jira} (${((jira / ISSUES) * 1000).toFixed(1)} per 1,000 issues)`,
      `kvsReads=${platform.kvs.counters.reads - before.reads} kvsWrites=${platform.kvs.counters.writes - before.writes}`,
      `time=${(took / 1000).toFixed(2)}s`,
    ].join('  ');
  } finally {
    await platform.stop();
  }
}

export async function printReconcileBench(): Promise<void> {
  console.log(`\nReconciling one key result against Jira (${ISSUES} linked issues)`);
  console.log(await run(0));
  console.log(await run(0.01));
  console.log(await runJql());
  console.log('target: at most 1 Jira call per 1,000 issues when nothing drifted; peak heap under 128 MB. Drifted issues cost 2 reads each (changelog, then status).');
}
