import { issueUpdatedEvent } from '../../dev/platform/jira/forge-events';
import { WebhookReceiver, type Responder } from '../../dev/receiver/webhook-receiver';
import { linkIssueToKeyResult } from '../../src/services/link-issue';
import { recomputeAllKeyResults } from '../../src/services/queue-every-key-result';
import { describeDeliveryHealth, redeliver } from '../../src/services/delivery-health';
import { loadSettings } from '../../src/adapters/settings-store';
import { loadOutboxRecord, newOutboxRecord, saveNewOutboxRecord, saveOutboxOutcome } from '../../src/adapters/outbox-store';
import { DeliveryWalkWrites } from '../../src/adapters/delivery-walk-writes';
import { deliverOwedWebhooks } from '../../src/services/deliver-owed-webhooks';
import { releaseDeliveryLease, takeDeliveryLease } from '../../src/adapters/delivery-state-store';
import { SEED_ACTOR, startConnectedPlatform } from '../support/connected-platform';
import { connectApp } from '../support/connect-app';
import { REDRIVE, deadLetterMarkers, outboxRecords, pendingMarkers } from '../support/outbox';

const HOUR = 3600;

/**
 * The fault suite: a receiver on 127.0.0.1 answers as a failing backend would, and the
 * platform's clock runs days ahead without waiting (delayed events and the five-minute
 * redrive run at their platform times). `owe()` makes the app owe one progress update per
 * key result.
 */
async function setUp(keyResults = 1) {
  const env = await startConnectedPlatform({ issueCount: keyResults });
  const { platform, receiver, issues, site } = env;
  await env.setEnabled(false);
  for (const [i, issue] of issues.entries()) await linkIssueToKeyResult({ keyResultId: `kr-${i + 1}`, issueId: issue.id, cloudId: site.cloudId, actor: SEED_ACTOR });
  await env.setEnabled(true);
  const owe = async () => {
    expect(await recomputeAllKeyResults('weights_changed')).toMatchObject({ keyResults: keyResults, queued: true });
    await platform.drain();
  };
  const elapse = (seconds: number) => platform.elapse(seconds, { scheduledTriggers: [REDRIVE] });
  const answer = (responder: Responder) => {
    receiver.responder = responder;
  };
  return { ...env, owe, elapse, answer, records: () => outboxRecords(platform) };
}

type Setup = Awaited<ReturnType<typeof setUp>>;
async function withSetUp(keyResults: number, body: (t: Setup) => Promise<void>): Promise<void> {
  const t = await setUp(keyResults);
  try {
    await body(t);
  } finally {
    await t.stop();
  }
}

const sequencesByKeyResult = (effects: Array<{ parsed: unknown }>): Record<string, number[]> => {
  const out: Record<string, number[]> = {};
  for (const { parsed } of effects) {
    const event = parsed as { type: string; data: { keyResultId: string; sequence: number } };
    if (event.type !== 'key_result.progress_updated') continue;
    (out[event.data.keyResultId] ??= []).push(event.data.sequence);
  }
  return out;
};

describe('delivery under faults', () => {
  it('503 three times, then 200: delivered once under one id, each attempt signed afresh', () =>
    withSetUp(1, async (t) => {
      t.answer(({ attempt }) => (attempt <= 3 ? { status: 503 } : { status: 200 }));
      await t.owe();
      expect(t.receiver.received).toHaveLength(1);
      // 5 s, then 5 min, then 30 min (longer than the queue can delay: the redrive sends it).
      await t.elapse(40 * 60);
      expect(t.receiver.received.map((r) => r.answeredWith)).toEqual([503, 503, 503, 200]);
      expect(new Set(t.receiver.received.map((r) => r.id)).size).toBe(1);
      expect(new Set(t.receiver.received.map((r) => r.body)).size).toBe(1);
      expect(new Set(t.receiver.received.map((r) => r.timestamp)).size).toBe(4);
      expect(new Set(t.receiver.received.map((r) => r.signature)).size).toBe(4);
      expect(t.receiver.effects).toHaveLength(1);
      expect(t.records()).toEqual([expect.objectContaining({ status: 'delivered', attempts: 4, lastStatus: 200, lastError: null })]);
      expect(pendingMarkers(t.platform)).toEqual([]);
    }));

  it('a response lost after the backend processed it: retried, one effect', () =>
    withSetUp(1, async (t) => {
      t.answer(({ attempt }) => (attempt === 1 ? { status: 200, loseResponse: true } : { status: 200 }));
      await t.owe();
      await t.elapse(60);
      expect(t.receiver.received).toHaveLength(2);
      expect(t.receiver.effects).toHaveLength(1);
      expect(t.records()[0]).toMatchObject({ status: 'delivered', attempts: 2 });
    }));

  it('429 with Retry-After: 120 is not retried earlier, then delivered', () =>
    withSetUp(1, async (t) => {
      t.answer(({ attempt }) => (attempt === 1 ? { status: 429, headers: { 'Retry-After': '120' } } : { status: 204 }));
      await t.owe();
      await t.elapse(119);
      expect(t.receiver.received).toHaveLength(1);
      await t.elapse(2);
      expect(t.receiver.received.map((r) => r.answeredWith)).toEqual([429, 204]);
    }));

  it('400, 404 and 422 are dead letters with what the backend said; the other key results are unaffected', () =>
    withSetUp(4, async (t) => {
      const refusals: Record<string, number> = { 'kr-1': 400, 'kr-2': 404, 'kr-3': 422 };
      t.answer(({ parsed }) => {
        const status = refusals[(parsed as { data: { keyResultId: string } }).data.keyResultId];
        return status ? { status, body: `{"error":"refused with ${status}"}` } : { status: 200 };
      });
      await t.owe();
      await t.elapse(HOUR);
      const byKr = Object.fromEntries(t.records().filter((r) => r.type === 'key_result.progress_updated').map((r) => [r.keyResultId, r]));
      for (const [kr, status] of Object.entries(refusals)) {
        expect(byKr[kr]).toMatchObject({ status: 'dead', attempts: 1, lastStatus: status });
        expect(byKr[kr]!.lastError).toContain(`refused with ${status}`);
      }
      expect(byKr['kr-4']).toMatchObject({ status: 'delivered' });
      expect(deadLetterMarkers(t.platform)).toHaveLength(3);
      // Later updates of a key result with a dead letter still go.
      refusals['kr-1'] = 0;
      await t.owe();
      expect(sequencesByKeyResult(t.receiver.effects)['kr-1']).toHaveLength(1);
    }));

  it('backend down for 48 hours: everything delivered on recovery, in sequence order per key result, none lost', () =>
    withSetUp(3, async (t) => {
      let down = true;
      t.answer(() => (down ? { status: 503 } : { status: 200 }));
      await t.owe();
      for (let hour = 0; hour < 48; hour += 8) {
        await t.elapse(8 * HOUR);
        await t.owe();
      }
      const owed = t.records();
      expect(owed.every((r) => r.status === 'pending')).toBe(true);
      // A backend that is down gets a probe per wait (at most one per five minutes), not a request per event.
      expect(t.receiver.received.length).toBeLessThanOrEqual(48 * 12 + 10);
      down = false;
      // Back within minutes, not after each key result's first event's ten-hour wait: waits
      // that began while the backend was failing end when it recovers.
      await t.elapse(15 * 60);
      expect(t.records().map((r) => r.status)).toEqual(owed.map(() => 'delivered'));
      expect(new Set(t.receiver.effects.map((e) => e.id))).toEqual(new Set(owed.map((r) => r.id)));
      const sequences = sequencesByKeyResult(t.receiver.effects);
      for (const kr of ['kr-1', 'kr-2', 'kr-3']) {
        expect(sequences[kr]).toHaveLength(7);
        expect(sequences[kr]).toEqual([...sequences[kr]!].sort((a, b) => a - b));
      }
      expect((await describeDeliveryHealth(new Date())).healthy).toBe(true);
    }));

  it('backend down for 80 hours: dead letters after 72 hours, the admin told, Redeliver sends them', () =>
    withSetUp(2, async (t) => {
      let down = true;
      t.answer(() => (down ? { status: 502 } : { status: 200 }));
      await t.owe();
      await t.elapse(71 * HOUR);
      expect(t.records().every((r) => r.status === 'pending')).toBe(true);
      await t.elapse(9 * HOUR);
      expect(t.records().map((r) => r.status)).toEqual(['dead', 'dead']);
      for (const record of t.records()) expect(record.lastError).toContain('not delivered within 72 hours');
      const health = await describeDeliveryHealth(new Date());
      expect(health).toMatchObject({ healthy: false, deadLetters: 2, backlog: 0 });
      down = false;
      expect(await redeliver({ all: true }, new Date())).toEqual({ redelivered: 2, more: false });
      await t.platform.drain();
      expect(t.records().map((r) => r.status)).toEqual(['delivered', 'delivered']);
      expect(t.receiver.effects).toHaveLength(2);
      expect(await describeDeliveryHealth(new Date())).toMatchObject({ healthy: true, deadLetters: 0, backlog: 0 });
    }));

  it('401: delivery pauses with "Reconnect needed", events kept; after reconnecting they go in order', () =>
    withSetUp(1, async (t) => {
      let refusing = true;
      t.answer(() => (refusing ? { status: 401, body: 'unknown signing key' } : { status: 200 }));
      await t.owe();
      await t.owe();
      await t.owe();
      await t.elapse(2 * HOUR);
      expect(t.receiver.received).toHaveLength(1);
      expect((await loadSettings()).connection?.deliveryRefused).toMatchObject({ status: 401 });
      expect(await describeDeliveryHealth(new Date())).toMatchObject({ reconnectNeeded: true, healthy: false, backlog: 3 });
      refusing = false;
      await connectApp({ webhookUrl: t.receiver.url, signingSecret: t.secret, inboundSigningSecret: t.inboundSecret });
      await t.elapse(5 * 60);
      expect(sequencesByKeyResult(t.receiver.effects)['kr-1']).toEqual([2, 3, 4]);
      expect(t.records().every((r) => r.status === 'delivered')).toBe(true);
    }));

  it('a 302 to another host is a failure: not followed, nothing reaches that host', () =>
    withSetUp(1, async (t) => {
      const elsewhere = new WebhookReceiver(t.secret);
      await elsewhere.start();
      try {
        t.answer(() => ({ status: 302, headers: { Location: elsewhere.url } }));
        await t.owe();
        await t.elapse(HOUR);
        expect(elsewhere.received).toHaveLength(0);
        expect(t.records()[0]).toMatchObject({ status: 'dead', lastStatus: 302 });
        expect(t.records()[0]!.lastError).toContain('redirects are not followed');
      } finally {
        await elsewhere.stop();
      }
    }));

  it('the same product event twice: one outbox record, one webhook', () =>
    withSetUp(1, async (t) => {
      const { site, issues, platform } = t;
      const { issue, changelog } = site.transitionIssue(issues[0]!.id, '10003', 'user-1');
      const event = issueUpdatedEvent(site, issue, changelog);
      await platform.fireProductEvent(event);
      await platform.fireProductEvent(event);
      await t.elapse(HOUR);
      const statusRecords = t.records().filter((r) => r.type === 'issue.status_changed');
      expect(statusRecords).toHaveLength(1);
      expect(t.receiver.verifiedOfType('issue.status_changed')).toHaveLength(1);
      expect(t.receiver.verifiedOfType('key_result.progress_updated').map((r) => r.parsed.data['sequence'])).toEqual([2]);
    }));
});

describe('claims', () => {
  it('of walks started at once only one sends, and each record goes out exactly once', () =>
    withSetUp(1, async (t) => {
      // Owed, not yet asked for: nothing has walked them.
      for (let n = 1; n <= 5; n += 1) {
        const body = JSON.stringify({ id: `msg_race_${n}`, type: 'ping', data: {} });
        await saveNewOutboxRecord(newOutboxRecord({ id: `msg_race_${n}`, type: 'ping', body, keyResultId: `kr-${n % 2}`, now: Date.now() + n }));
      }
      const before = t.receiver.received.length;
      const reports = await Promise.all([deliverOwedWebhooks('drain-message'), deliverOwedWebhooks('drain-message'), deliverOwedWebhooks('redrive')]);
      expect(reports.map((r) => r.stop).sort()).toEqual(['busy', 'busy', 'done']);
      expect(t.receiver.received.slice(before).map((r) => r.id)).toEqual([1, 2, 3, 4, 5].map((n) => `msg_race_${n}`));
      expect(t.records().every((r) => r.status === 'delivered')).toBe(true);
      expect(pendingMarkers(t.platform)).toEqual([]);
    }));

  it('an outcome decided from a stale read is refused: a delivered record is never set back to pending', () =>
    withSetUp(1, async (t) => {
      t.answer(() => ({ status: 503 }));
      await t.owe();
      const [record] = t.records();
      const marker = pendingMarkers(t.platform)[0]!;
      const read = (await loadOutboxRecord(record!.id))!;
      expect(await saveOutboxOutcome(read, { ...read.record, status: 'delivered', deliveredAt: Date.now() }, marker)).toBe(true);
      expect(await saveOutboxOutcome(read, { ...read.record, attempts: 9, nextAttemptAt: Date.now() + HOUR * 1000 }, marker)).toBe(false);
      expect(t.records()[0]).toMatchObject({ status: 'delivered' });
      expect(pendingMarkers(t.platform)).toEqual([]);
    }));

  it('a walk writes its outcomes in one transaction; one record changed meanwhile leaves the others standing', () =>
    withSetUp(3, async (t) => {
      t.answer(() => ({ status: 503 }));
      await t.owe();
      const lease = (await takeDeliveryLease('test-walk', Date.now() + HOUR * 1000, 120))!;
      expect(lease).toBeDefined();
      const reads = await Promise.all(t.records().map(async (r) => (await loadOutboxRecord(r.id))!));
      const markerOf = (id: string) => pendingMarkers(t.platform).find((key) => key.endsWith(id))!;
      const writes = new DeliveryWalkWrites(lease);
      const requests = t.platform.kvs.counters.requests;
      for (const read of reads) await writes.add({ before: read, after: { ...read.record, status: 'delivered', deliveredAt: Date.now() }, markerKey: markerOf(read.record.id) });
      expect(t.platform.kvs.counters.requests).toBe(requests);
      // Another writer changes the second record after the walk read it.
      expect(await saveOutboxOutcome(reads[1]!, { ...reads[1]!.record, attempts: 7 }, markerOf(reads[1]!.record.id))).toBe(true);
      await writes.finish(undefined, []);
      expect(t.records().map((r) => [r.status, r.attempts])).toEqual([
        ['delivered', reads[0]!.record.attempts],
        ['pending', 7],
        ['delivered', reads[2]!.record.attempts],
      ]);
      // The lease was released even though the batch had to be written record by record.
      expect(await takeDeliveryLease('next-walk', Date.now() + HOUR * 1000, 120)).toBeDefined();
    }));
});

describe('the walk lease', () => {
  it.each(['evaluate', 'fail'] as const)('of walks starting at once only one runs (conditions on missing records: %s)', async (conditionOnMissingRecord) => {
    const env = await startConnectedPlatform({ issueCount: 1, platform: { runtime: { conditionOnMissingRecord } } });
    try {
      const now = Date.now();
      const taken = await Promise.all(['a', 'b', 'c'].map((holder) => takeDeliveryLease(holder, now, 120)));
      expect(taken.filter(Boolean)).toHaveLength(1);
      const winner = ['a', 'b', 'c'][taken.findIndex(Boolean)]!;
      await releaseDeliveryLease(winner);
      expect(await takeDeliveryLease('d', now, 120)).toBeDefined();
      // A lapsed lease is free again; its holder's late release does not free the new one.
      expect(await takeDeliveryLease('e', now + 121_000, 120)).toBeDefined();
      await releaseDeliveryLease('d');
      expect(await takeDeliveryLease('f', now + 122_000, 120)).toBeUndefined();
    } finally {
      await env.stop();
    }
  });
});

describe('a backend that hangs', () => {
  const before = process.env['DELIVERY_TIMEOUT_MS'];
  beforeAll(() => {
    // The 10 s abort, shortened through the Forge environment variable, so the test waits a second.
    process.env['DELIVERY_TIMEOUT_MS'] = '1000';
  });
  afterAll(() => {
    if (before === undefined) delete process.env['DELIVERY_TIMEOUT_MS'];
    else process.env['DELIVERY_TIMEOUT_MS'] = before;
  });

  it('is aborted at the timeout and retried; no invocation runs over its limit', () =>
    withSetUp(1, async (t) => {
      t.answer(({ attempt }) => (attempt === 1 ? { status: 200, hangMillis: 3000 } : { status: 200 }));
      const realStart = performance.now();
      await t.owe();
      expect(t.records()[0]).toMatchObject({ status: 'pending', attempts: 1, lastStatus: null, lastError: 'no answer within 1 s' });
      await t.elapse(60);
      expect(t.records()[0]).toMatchObject({ status: 'delivered', attempts: 2 });
      expect(t.platform.queue.stats.failed).toEqual([]);
      expect(t.platform.log.filter((entry) => entry.detail.includes('FUNCTION_TIME_OUT'))).toEqual([]);
      // Real time: the 3 s hang cost the one-second abort, not its full length.
      expect(performance.now() - realStart).toBeLessThan(2900);
    }));
});
