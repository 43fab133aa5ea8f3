/**
 * Delivery (issue 12): throughput into a healthy local receiver; a sprint-close burst
 * (1,000 linked issues moved to Done at once across 20 key results) inside the queue's
 * 500 events a minute and the KVS budget; and recovery after an outage with 10,000
 * events owed. The platform clock is manual: "platform minutes" are what the budgets
 * allow, real seconds what this machine took.
 */
import { performance } from 'node:perf_hooks';
import { issueUpdatedEvent } from '../dev/platform/jira/forge-events';
import { newOutboxRecord, saveNewOutboxRecord } from '../src/adapters/outbox-store';
import { buildKeyResultProgressUpdated } from '../src/domain/webhook-events';
import { DEFAULT_PROGRESS_WEIGHTS } from '../src/domain/progress-weights';
import { linkIssueToKeyResult } from '../src/services/link-issue';
import { SEED_ACTOR, startConnectedPlatform } from '../test/support/connected-platform';
import { REDRIVE, outboxRecords } from '../test/support/outbox';
import { USER_ID } from '../test/support/test-site';

const DONE = '10003';
const THROUGHPUT_EVENTS = Number(process.env['BENCH_DELIVERY_EVENTS'] ?? 2000);
const OUTAGE_EVENTS = Number(process.env['BENCH_OUTAGE_EVENTS'] ?? 10_000);
const OUTAGE_KEY_RESULTS = 50;

/** Owed progress updates written straight to the outbox (seeding), `perKeyResult` in sequence order for each key result. */
async function seedOwed(cloudId: string, total: number, keyResults: number): Promise<void> {
  const start = Date.now() - total;
  for (let n = 0; n < total; n += 1) {
    const keyResultId = `kr-${n % keyResults}`;
    const sequence = Math.floor(n / keyResults) + 1;
    const event = buildKeyResultProgressUpdated({ cloudId, epoch: 1 }, { keyResultId, sequence, counts: { new: 1, indeterminate: 0, done: 0 } }, { weights: DEFAULT_PROGRESS_WEIGHTS, statusRules: [] }, { kind: 'weights_changed' }, new Date());
    await saveNewOutboxRecord(newOutboxRecord({ id: event.id, type: event.type, body: JSON.stringify(event), keyResultId, now: start + n }));
  }
}

const orderViolations = (effects: Array<{ parsed: unknown }>): number => {
  const last = new Map<string, number>();
  let violations = 0;
  for (const { parsed } of effects) {
    const data = (parsed as { data?: { keyResultId?: string; sequence?: number } }).data;
    if (!data?.keyResultId || data.sequence === undefined) continue;
    if ((last.get(data.keyResultId) ?? 0) > data.sequence) violations += 1;
    last.set(data.keyResultId, data.sequence);
  }
  return violations;
};

async function throughput(): Promise<string> {
  const env = await startConnectedPlatform({ issueCount: 1 });
  try {
    await seedOwed(env.site.cloudId, THROUGHPUT_EVENTS, 100);
    const started = performance.now();
    await env.platform.elapse(5 * 60, { scheduledTriggers: [REDRIVE] });
    const seconds = (performance.now() - started) / 1000;
    const delivered = outboxRecords(env.platform).filter((r) => r.status === 'delivered').length;
    return `throughput: ${delivered}/${THROUGHPUT_EVENTS} delivered to a loopback receiver in ${seconds.toFixed(1)} s real = ${(delivered / seconds).toFixed(0)} events/s (KVS budget not metered; the harness's storage answers in microseconds)`;
  } finally {
    await env.stop();
  }
}

async function sprintClose(): Promise<string[]> {
  const env = await startConnectedPlatform({ issueCount: 1000, platform: { kvsRateLimits: true } });
  const { platform, site, issues, receiver } = env;
  try {
    await platform.kvs.meter.unmetered(async () => {
      for (const [i, issue] of issues.entries()) await linkIssueToKeyResult({ keyResultId: `kr-${i % 20}`, issueId: issue.id, cloudId: site.cloudId, actor: SEED_ACTOR });
      await platform.settle();
    });
    const before = { pushed: platform.queue.stats.pushed, byKind: { ...platform.queue.stats.pushedByKind }, writes: platform.kvs.counters.writes, reads: platform.kvs.counters.reads, units: { ...platform.kvs.meter.used }, received: receiver.received.length, at: platform.clock.now() };
    const started = performance.now();
    const events = issues.map((issue) => issueUpdatedEvent(site, issue, site.transitionIssue(issue.id, DONE, USER_ID).changelog));
    await Promise.all(events.map((event) => platform.fireProductEvent(event)));
    let lastArrival = platform.clock.now();
    const want = 2000;
    for (let minute = 0; minute < 240 && receiver.received.length - before.received < want; minute += 1) {
      await platform.elapse(60, { scheduledTriggers: [REDRIVE] });
      lastArrival = platform.clock.now();
    }
    await platform.elapse(15 * 60, { scheduledTriggers: [REDRIVE] });
    const real = (performance.now() - started) / 1000;
    const fresh = receiver.received.slice(before.received).filter((r) => r.verified && r.answeredWith < 300);
    const unique = new Set(fresh.map((r) => r.id));
    const latest = new Map<string, { sequence: number; progress: number }>();
    for (const r of receiver.verifiedOfType('key_result.progress_updated')) {
      const data = r.parsed.data as { keyResultId: string; sequence: number; progress: number };
      if ((latest.get(data.keyResultId)?.sequence ?? 0) < data.sequence) latest.set(data.keyResultId, data);
    }
    const exact = [...latest.values()].filter((d) => d.progress === 100).length;
    const pushed = platform.queue.stats.pushed - before.pushed;
    const kindDelta = (kind: string) => (platform.queue.stats.pushedByKind[kind] ?? 0) - (before.byKind[kind] ?? 0);
    const deliveryEvents = kindDelta('drain') + kindDelta('deliver');
    const minutes = (lastArrival - before.at) / 60_000;
    return [
      `sprint close: 1,000 issues → Done across 20 key results at one instant; ${unique.size} webhooks delivered (${fresh.length - unique.size} repeats), ${exact}/20 key results at exactly 100 %, ${outboxRecords(platform).filter((r) => r.status !== 'delivered').length} records not delivered`,
      `  queue events: ${pushed} in all = ${(pushed / unique.size).toFixed(3)} per webhook (target ≤ 0.25): ${kindDelta('apply-pending-status') + kindDelta('apply-status')} key-result consumers applying the 1,000 transitions, ${deliveryEvents} delivery walks (${(deliveryEvents / unique.size).toFixed(3)} per webhook), ${kindDelta('replay-event')} events handed over by triggers out of retries; trigger events dropped: ${platform.log.filter((e) => e.kind === 'trigger-dropped').length}`,
      `  platform time until the last webhook: ≤ ${Math.ceil(minutes)} min (queue 500 events/min and KVS 4,000 reads + 4,000 writes/min enforced; refused: ${platform.kvs.meter.refused.reads} reads, ${platform.kvs.meter.refused.writes} writes, retried); ${real.toFixed(1)} s real`,
      `  KVS writes per transition: ${((platform.kvs.meter.used.writes - before.units.writes) / 1000).toFixed(2)} write requests as the platform's budget counts them (a transaction is one; 10 KB units), ${((platform.kvs.counters.writes - before.writes) / 1000).toFixed(2)} keys written; reads ${((platform.kvs.meter.used.reads - before.units.reads) / 1000).toFixed(2)} requests, ${((platform.kvs.counters.reads - before.reads) / 1000).toFixed(2)} keys — for ${(unique.size / 1000).toFixed(0)} webhooks per transition`,
    ];
  } finally {
    await env.stop();
  }
}

async function outageRecovery(): Promise<string[]> {
  const env = await startConnectedPlatform({ issueCount: 1, platform: { kvsRateLimits: true } });
  const { platform, receiver } = env;
  try {
    receiver.responder = () => ({ status: 503 });
    await platform.kvs.meter.unmetered(() => seedOwed(env.site.cloudId, OUTAGE_EVENTS, OUTAGE_KEY_RESULTS));
    // The outage: a probe now and then, nothing delivered.
    await platform.elapse(6 * 3600, { scheduledTriggers: [REDRIVE] });
    const probes = receiver.received.length;
    receiver.responder = () => ({ status: 200 });
    const recoveredAt = platform.clock.now();
    const started = performance.now();
    let drainedAt = recoveredAt;
    for (let minute = 0; minute < 24 * 60; minute += 5) {
      await platform.elapse(5 * 60, { scheduledTriggers: [REDRIVE] });
      drainedAt = platform.clock.now();
      if (receiver.effects.length >= OUTAGE_EVENTS) break;
    }
    const real = (performance.now() - started) / 1000;
    const records = outboxRecords(platform);
    const lost = records.filter((r) => r.status !== 'delivered').length;
    const ids = receiver.effects.map((e) => e.id);
    return [
      `outage recovery: ${OUTAGE_EVENTS.toLocaleString('en')} events owed across ${OUTAGE_KEY_RESULTS} key results, backend down 6 h (${probes} probes), then up`,
      `  drained in ≤ ${Math.ceil((drainedAt - recoveredAt) / 60_000)} platform min (KVS budget enforced), ${real.toFixed(1)} s real; lost = ${lost}, duplicates after de-duplication = ${ids.length - new Set(ids).size}, per-KR order violations = ${orderViolations(receiver.effects)}; requests ${receiver.received.length - probes} for ${ids.length} effects`,
    ];
  } finally {
    await env.stop();
  }
}

export async function printDeliveryBench(): Promise<void> {
  console.log('\nDelivery (outbox walk; platform clock manual)');
  console.log(await throughput());
  for (const line of await sprintClose()) console.log(line);
  for (const line of await outageRecovery()) console.log(line);
  console.log('targets: exact final progress; queue events per webhook ≤ 0.25 under backlog (all kinds); KVS writes per transition brought down; lost = duplicates = order violations = 0');
}
