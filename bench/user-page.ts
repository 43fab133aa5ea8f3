/**
 * One page of "Edit Jira Users" (admin.listUsers) on sites of 100, 1,000 and 10,000
 * users: time per page and Jira calls per page, for first pages, deep pages (cursor near
 * the end) and searches. The target: Jira calls per page bounded and independent of size.
 */
import { performance } from 'node:perf_hooks';
import { encodeUserCursor } from '../src/domain/admin-payloads';
import { createDirectorySite, startAdminPlatform } from '../test/support/admin-platform';

const PAGES = Number(process.env['BENCH_USER_PAGES'] ?? 60);
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

export interface UserPageRow {
  users: number;
  pages: number;
  jiraMax: number;
  jiraMean: number;
  kvsReadsMean: number;
  p50: number;
  p95: number;
}

export async function benchUserPages(siteUsers: number): Promise<UserPageRow> {
  const env = await startAdminPlatform({ site: createDirectorySite(siteUsers - 20) });
  try {
    const connected = await env.connect();
    if (!connected.ok) throw new Error(`connect failed: ${connected.error.message}`);
    const payloads: Array<Record<string, unknown>> = [];
    for (let i = 0; i < PAGES; i += 1) {
      if (i % 3 === 0) payloads.push({ query: '', pageSize: 20 });
      else if (i % 3 === 1) payloads.push({ query: '', pageSize: 20, cursor: encodeUserCursor('', Math.floor(((i * 7919) % 97) / 97 * Math.max(0, siteUsers - 40))) });
      else payloads.push({ query: ['Extra', 'Bru', 'Ro', 'Person 00'][i % 4]!, pageSize: 20 });
    }
    const times: number[] = [];
    const jiraCalls: number[] = [];
    const reads: number[] = [];
    for (const payload of payloads) {
      const jiraBefore = env.platform.jira.exchanges.length;
      const readsBefore = env.platform.kvs.counters.reads;
      const start = performance.now();
      const answer = await env.call('admin.listUsers', payload);
      times.push(performance.now() - start);
      if (!answer.ok) throw new Error(`listUsers failed: ${answer.error.message}`);
      jiraCalls.push(env.platform.jira.exchanges.slice(jiraBefore).filter((e) => !e.url.startsWith('/rest/api/3/mypermissions')).length);
      reads.push(env.platform.kvs.counters.reads - readsBefore);
    }
    const sorted = [...times].sort((a, b) => a - b);
    return {
      users: siteUsers,
      pages: payloads.length,
      jiraMax: Math.max(...jiraCalls),
      jiraMean: jiraCalls.reduce((a, b) => a + b, 0) / jiraCalls.length,
      kvsReadsMean: reads.reduce((a, b) => a + b, 0) / reads.length,
      p50: percentile(sorted, 50),
      p95: percentile(sorted, 95),
    };
  } finally {
    await env.stop();
  }
}

export async function printUserPageBench(): Promise<void> {
  console.log(`\n"Edit Jira Users" page (admin.listUsers, 20 rows, Jira + email lookup + OKR directory over loopback), ${PAGES} pages per row`);
  const rows: UserPageRow[] = [];
  for (const users of [100, 1_000, 10_000]) {
    const row = await benchUserPages(users);
    rows.push(row);
    console.log(
      [
        `siteUsers=${String(row.users).padStart(6)}`,
        `jira/page max=${row.jiraMax} mean=${row.jiraMean.toFixed(2)}`,
        `kvsReads/page=${row.kvsReadsMean.toFixed(1)}`,
        `time/page p50=${row.p50.toFixed(2)}ms p95=${row.p95.toFixed(2)}ms`,
      ].join('  '),
    );
  }
  const bounded = rows.every((r) => r.jiraMax <= 4);
  console.log(`target: Jira calls per page bounded and independent of site size (${bounded ? 'met: ≤ 4 at every size' : 'NOT met, see rows'})`);
}
