/**
 * The 30-day history import on a big site: 20,000 issues updated in 30 days, 1,000 users,
 * 100,000 changelog entries, 30,000 worklogs, 50,000 comments. Runs the import's chunks
 * one by one over the local platform and prints Jira calls by endpoint, calls per 1,000
 * issues, the chunks and the longest one's share of the consumer's 120 s limit (measured
 * here, and modelled with a Jira latency), storage writes, and peak heap growth per chunk.
 */
import { performance } from 'node:perf_hooks';
import v8 from 'node:v8';
import vm from 'node:vm';
import { LocalForgePlatform } from '../dev/platform/local-platform';
import { JiraSite } from '../dev/platform/jira/site-model';
import { seedHistory } from '../dev/platform/jira/seed-history';
import { newSigningSecret } from '../dev/receiver/webhook-receiver';
import { connectApp } from '../test/support/connect-app';
import { seededRandom } from '../test/support/test-site';
import { loadHistoryImport } from '../src/adapters/history-import-store';
import { runHistoryImportChunk, startHistoryImport } from '../src/services/import-history';

const SCALE = Number(process.env['BENCH_HISTORY_SCALE'] ?? 1);
const SIZE = { issues: 20_000 * SCALE, users: 1_000, changelogs: 100_000 * SCALE, worklogs: 30_000 * SCALE, comments: 50_000 * SCALE };
const TIME_LIMIT_MS = 120_000;
/** A Jira Cloud call's latency assumed for the modelled chunk time (an assumption, not a measurement). */
const ASSUMED_JIRA_MS = 150;

/** Groups a request path by endpoint: ids in paths become {id}. */
const endpointOf = (method: string, url: string) => `${method} ${url.split('?')[0]!.replace(/\/\d{4,}(?=\/|$)/g, '/{id}')}`;

/** A collected heap before each chunk, so its peak growth is its own (the simulated site's answers included: an upper bound). */
v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc') as () => void;

export async function printHistoryImportBench(): Promise<void> {
  const site = JiraSite.create();
  site.addProject({ id: '10000', key: 'OKR', name: 'OKR Demo' });
  const users = Array.from({ length: SIZE.users }, (_, i) => site.addUser({ accountId: `557058:hist-${String(i).padStart(5, '0')}`, displayName: `Person ${i}` }).accountId);
  const seeding = performance.now();
  const now = new Date();
  seedHistory(site, { now, days: 30, users, issues: SIZE.issues, changelogs: SIZE.changelogs, worklogs: SIZE.worklogs, comments: SIZE.comments, random: seededRandom(30) });
  const seedSeconds = (performance.now() - seeding) / 1000;
  const platform = await LocalForgePlatform.start({ site, extraEgress: ['http://127.0.0.1'] });
  const byEndpoint = new Map<string, number>();
  platform.jira.onExchange = (exchange) => {
    if (exchange.principal !== 'app') return;
    const key = endpointOf(exchange.method, exchange.url);
    byEndpoint.set(key, (byEndpoint.get(key) ?? 0) + 1);
  };
  try {
    await connectApp({ webhookUrl: 'http://127.0.0.1:9/unused', signingSecret: newSigningSecret() });
    await startHistoryImport(new Date());
    const chunks: Array<{ ms: number; jira: number; writes: number; heapMb: number }> = [];
    for (;;) {
      const stored = await loadHistoryImport();
      if (!stored || stored.progress.state === 'done' || stored.progress.state === 'failed') break;
      const jiraBefore = platform.jira.requestCount;
      const writesBefore = platform.kvs.counters.writes;
      collectGarbage();
      const baseline = process.memoryUsage().heapUsed;
      let peak = baseline;
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 5);
      const began = performance.now();
      await runHistoryImportChunk(site.cloudId, stored.revision);
      clearInterval(sampler);
      peak = Math.max(peak, process.memoryUsage().heapUsed);
      chunks.push({ ms: performance.now() - began, jira: platform.jira.requestCount - jiraBefore, writes: platform.kvs.counters.writes - writesBefore, heapMb: Math.max(0, peak - baseline) / 2 ** 20 });
    }
    const progress = (await loadHistoryImport())!.progress;
    const jiraTotal = [...byEndpoint.values()].reduce((a, b) => a + b, 0);
    const longest = chunks.reduce((a, b) => (b.ms > a.ms ? b : a));
    const longestModelled = Math.max(...chunks.map((c) => c.ms + c.jira * ASSUMED_JIRA_MS));
    const writes = chunks.reduce((sum, c) => sum + c.writes, 0);
    console.log(`\n30-day history import (${SIZE.issues} issues, ${SIZE.users} users, ${SIZE.changelogs} changelog entries, ${SIZE.worklogs} worklogs, ${SIZE.comments} comments; seeded in ${seedSeconds.toFixed(1)} s)`);
    console.log(`state=${progress.state}  issues=${progress.issuesDone}/${progress.issuesTotal}  activities counted=${progress.activitiesCounted}  unattributed worklog deletions=${progress.unattributedDeletions}  parts=${progress.parts}`);
    console.log(`jira calls=${jiraTotal} (${((jiraTotal / progress.issuesDone) * 1000).toFixed(0)} per 1,000 issues), by endpoint:`);
    for (const [endpoint, n] of [...byEndpoint].sort((a, b) => b[1] - a[1])) console.log(`  ${String(n).padStart(7)}  ${endpoint}`);
    console.log(`chunks=${chunks.length}  longest here ${(longest.ms / 1000).toFixed(2)} s = ${((longest.ms / TIME_LIMIT_MS) * 100).toFixed(1)}% of the ${TIME_LIMIT_MS / 1000} s limit;`);
    console.log(`  with ${ASSUMED_JIRA_MS} ms per Jira call (assumed): longest ${(longestModelled / 1000).toFixed(1)} s = ${((longestModelled / TIME_LIMIT_MS) * 100).toFixed(1)}% (target: under 50%)`);
    console.log(`storage writes=${writes} (${(writes / Math.max(1, progress.activitiesCounted)).toFixed(3)} per activity; counting each like a live event would be 2)`);
    console.log(`peak heap growth in one chunk=${Math.max(...chunks.map((c) => c.heapMb)).toFixed(1)} MB (target under 256 MB; includes the simulated Jira's answers, which share this process)`);
  } finally {
    platform.jira.onExchange = undefined;
    await platform.stop();
  }
}
