import { Webhook } from 'standardwebhooks';
import path from 'node:path';
import Database from 'libsql';
import { DATABASE_FILE_NAME, generateSigningSecret } from '../../../dev/okr-backend/okr-database';
import { EXAMPLE_CLOUD_ID, buildWebhookExample } from '../../../dev/webhook-examples';
import { type TestBackend, connectDemo, listEvents, progressOf, signedRequest, startTestBackend } from './backend-support';

let t: TestBackend;
let webhookUrl: string;
let secret: string;
let nextSequence = 100;
const KR = 'kr-security-sso';

const progressEvent = (sequence: number, keyResultId = KR) => buildWebhookExample('key_result.progress_updated', { keyResultId, sequence });

/** The epoch an example carries (0 while the examples send none, as app versions before epochs did). */
const epochOf = (event: { data: unknown }): number => ((event.data as { epoch?: number }).epoch ?? 0);

let nextEpochTestId = 0;
/**
 * The example progress update under an explicit epoch (`undefined` leaves the field out,
 * as app versions before epochs did), with a webhook id of its own so that two epochs with
 * the same sequence are two webhooks.
 */
function progressAt(epoch: unknown, sequence: number, keyResultId: string) {
  const event = buildWebhookExample('key_result.progress_updated', { keyResultId, sequence });
  const data = { ...(event.data as Record<string, unknown>) };
  delete data['epoch'];
  return { ...event, id: `msg_epochtest${(nextEpochTestId += 1)}`, data: epoch === undefined ? data : { ...data, epoch } };
}

/** Two installations of the app a day apart, in Unix milliseconds as the app sends them. */
const EPOCH = 1_796_000_000_000;
const LATER_EPOCH = EPOCH + 86_400_000;

async function send(request: { body: string; headers: Record<string, string> }): Promise<{ status: number; body: unknown }> {
  const response = await fetch(webhookUrl, { method: 'POST', headers: request.headers, body: request.body });
  return { status: response.status, body: await response.json() };
}

/** The log entries of one webhook-id, oldest first. */
const eventsWithId = async (id: string) => (await listEvents(t.backend.url)).filter((e) => e.webhookId === id).reverse();

beforeAll(async () => {
  t = await startTestBackend();
  ({ webhookUrl, signingSecret: secret } = await connectDemo(t.backend.url));
});

afterAll(async () => {
  await t.stop();
});

describe('POST /webhooks/jira: signature verification', () => {
  it('accepts a correctly signed event and records it as verified with its payload', async () => {
    const event = progressEvent((nextSequence += 1));
    const answer = await send(signedRequest(secret, event));
    expect(answer).toEqual({ status: 200, body: { received: true } });
    const [logged] = await eventsWithId(event.id);
    expect(logged).toMatchObject({ verification: 'verified', type: 'key_result.progress_updated', payload: event });
  });

  const rejections: Array<[string, (r: { body: string; headers: Record<string, string> }) => void, RegExp]> = [
    ['a tampered body', (r) => void (r.body = r.body.replace('"issueCount":6', '"issueCount":7')), /no v1 signature matches/],
    ['a signature made with another secret', (r) => void (r.headers['webhook-signature'] = new Webhook(generateSigningSecret()).sign(r.headers['webhook-id']!, new Date(), r.body)), /no v1 signature matches/],
    ['a changed webhook-id', (r) => void (r.headers['webhook-id'] = 'msg_someoneelsesid000000000000000000'), /no v1 signature matches/],
    ['a missing webhook-id header', (r) => void delete r.headers['webhook-id'], /missing webhook-id header/],
    ['a missing webhook-timestamp header', (r) => void delete r.headers['webhook-timestamp'], /missing webhook-timestamp header/],
    ['a missing webhook-signature header', (r) => void delete r.headers['webhook-signature'], /missing webhook-signature header/],
    ['a signature of an unknown version only', (r) => void (r.headers['webhook-signature'] = r.headers['webhook-signature']!.replace(/^v1,/, 'v2,')), /no v1 signature matches/],
  ];

  it.each(rejections)('refuses %s with 401 and records it as rejected, changing nothing', async (_name, breakIt, reason) => {
    const event = progressEvent((nextSequence += 1));
    const before = await progressOf(t.backend.url, KR);
    const request = signedRequest(secret, event);
    breakIt(request);
    const answer = await send(request);
    expect(answer.status).toBe(401);
    expect(answer.body).toEqual({ error: { code: 'invalid_signature', message: expect.stringMatching(reason) } });
    const rejected = (await listEvents(t.backend.url))[0]!;
    expect(rejected).toMatchObject({ verification: 'rejected', reason: expect.stringMatching(reason) });
    expect(rejected.payload).toBeUndefined();
    expect(await progressOf(t.backend.url, KR)).toEqual(before);
  });

  it.each([
    ['6 minutes in the past', -6 * 60_000, /more than 5 minutes in the past/],
    ['6 minutes in the future', 6 * 60_000, /more than 5 minutes in the future/],
  ])('refuses a webhook-timestamp %s (replay window)', async (_name, shiftMs, reason) => {
    const event = progressEvent((nextSequence += 1));
    const answer = await send(signedRequest(secret, event, { at: new Date(Date.now() + shiftMs) }));
    expect(answer.status).toBe(401);
    expect((await eventsWithId(event.id)).map((e) => [e.verification, e.reason])).toEqual([['rejected', expect.stringMatching(reason)]]);
  });

  it('accepts a timestamp 4 minutes old (inside the window)', async () => {
    const event = progressEvent((nextSequence += 1));
    expect((await send(signedRequest(secret, event, { at: new Date(Date.now() - 4 * 60_000) }))).status).toBe(200);
  });

  it('accepts a webhook-signature listing several signatures when one of them is valid (key rotation)', async () => {
    const event = progressEvent((nextSequence += 1));
    const request = signedRequest(secret, event);
    const oldKeySignature = new Webhook(generateSigningSecret()).sign(event.id, new Date(), request.body);
    request.headers['webhook-signature'] = `${oldKeySignature} ${request.headers['webhook-signature']!}`;
    expect((await send(request)).status).toBe(200);
    expect((await eventsWithId(event.id)).map((e) => e.verification)).toEqual(['verified']);
  });

  it('never shows the secret or a signature in the log', async () => {
    const request = signedRequest(secret, progressEvent((nextSequence += 1)));
    request.body += ' ';
    await send(request);
    const log = JSON.stringify(await listEvents(t.backend.url));
    expect(log).not.toContain(secret.slice('whsec_'.length, 20));
    expect(log).not.toContain(request.headers['webhook-signature']!.slice(3));
  });
});

describe('POST /webhooks/jira: duplicates and ordering', () => {
  it('stores a repeated webhook-id once and answers the repeat with { duplicate: true }', async () => {
    const event = progressEvent((nextSequence += 1));
    expect(await send(signedRequest(secret, event))).toEqual({ status: 200, body: { received: true } });
    // A retry: same id and body, signed again later.
    expect(await send(signedRequest(secret, event, { at: new Date(Date.now() + 2000) }))).toEqual({ status: 200, body: { duplicate: true } });
    const entries = await eventsWithId(event.id);
    expect(entries.map((e) => e.verification)).toEqual(['verified', 'duplicate']);
    expect(entries.filter((e) => e.payload !== undefined)).toHaveLength(1);
  });

  it('applies newer sequences, and keeps an older one as stale without regressing the key result', async () => {
    const kr = 'kr-security-audit';
    const base = (nextSequence += 10);
    const newer = buildWebhookExample('key_result.progress_updated', { keyResultId: kr, sequence: base + 5 });
    expect((await send(signedRequest(secret, newer))).body).toEqual({ received: true });
    const applied = await progressOf(t.backend.url, kr);
    expect(applied).toMatchObject({ sequence: base + 5, progress: 41.67, issueCount: 6, counts: { new: 2, indeterminate: 3, done: 1 } });

    // An older update arriving late, with different numbers: it must not win.
    const older = { ...buildWebhookExample('key_result.progress_updated', { keyResultId: kr, sequence: base + 2 }) };
    const olderWithOtherCounts = { ...older, data: { ...(older.data as object), progress: 100, counts: { new: 0, indeterminate: 0, done: 6 }, weightedSum: 600 } };
    expect((await send(signedRequest(secret, olderWithOtherCounts))).body).toEqual({ received: true, stale: true });
    const equal = buildWebhookExample('key_result.progress_updated', { keyResultId: kr, sequence: base + 5, now: new Date(Date.now() + 1000) });
    // Same sequence, different id (another build): not newer either.
    const sameSequence = { ...equal, id: 'msg_samesequenceotherid000000000000' };
    expect((await send(signedRequest(secret, sameSequence))).body).toEqual({ received: true, stale: true });

    expect(await progressOf(t.backend.url, kr)).toEqual(applied);
    const epoch = epochOf(newer);
    expect((await eventsWithId(older.id)).map((e) => [e.verification, e.reason])).toEqual([['stale', `epoch ${epoch} sequence ${base + 2} is not newer than epoch ${epoch} sequence ${base + 5}`]]);
  });

  it('keeps per-site sequences apart: after the workspace is connected to another site, its first update is not stale', async () => {
    const kr = 'kr-onboarding-docs';
    await connectDemo(t.backend.url, { cloudId: 'site-a' });
    expect((await send(signedRequest(secret, buildWebhookExample('key_result.progress_updated', { keyResultId: kr, sequence: 50, cloudId: 'site-a' })))).body).toEqual({ received: true });
    await connectDemo(t.backend.url, { cloudId: 'site-b' });
    try {
      const otherSite = buildWebhookExample('key_result.progress_updated', { keyResultId: kr, sequence: 3, cloudId: 'site-b' });
      expect((await send(signedRequest(secret, otherSite))).body).toEqual({ received: true });
    } finally {
      await connectDemo(t.backend.url);
    }
  });

  it('stores and acknowledges other event types without touching progress', async () => {
    const event = buildWebhookExample('issue.status_changed', { sequence: (nextSequence += 1) });
    expect((await send(signedRequest(secret, event))).body).toEqual({ received: true });
    expect((await eventsWithId(event.id))[0]).toMatchObject({ verification: 'verified', type: 'issue.status_changed', payload: event });
  });

  it.each(['ping', 'app.installed', 'app.upgraded'] as const)('acknowledges a signed %s with 2xx, stores it and changes no key result', async (type) => {
    const before = await progressOf(t.backend.url, KR);
    const event = buildWebhookExample(type, { sequence: (nextSequence += 1) });
    const answer = await send(signedRequest(secret, event));
    expect(answer).toEqual({ status: 200, body: { received: true } });
    expect((await eventsWithId(event.id))[0]).toMatchObject({ verification: 'verified', type, payload: event });
    expect(await progressOf(t.backend.url, KR)).toEqual(before);
  });

  it('acknowledges a signed event type it does not know (receivers must ignore them)', async () => {
    const event = { id: 'msg_futureeventtype00000000000000000', type: 'sprint.closed', schemaVersion: 1, timestamp: new Date().toISOString(), cloudId: EXAMPLE_CLOUD_ID, data: {} };
    expect((await send(signedRequest(secret, event))).status).toBe(200);
    expect((await eventsWithId(event.id))[0]).toMatchObject({ verification: 'verified', type: 'sprint.closed' });
  });

  it('keeps a signed but unreadable progress update with a note and changes no key result', async () => {
    const before = await progressOf(t.backend.url, KR);
    const event = { ...progressEvent((nextSequence += 1)) };
    const broken = { ...event, data: { ...(event.data as object), sequence: 'twelve' } };
    expect((await send(signedRequest(secret, broken))).status).toBe(200);
    expect((await eventsWithId(event.id))[0]).toMatchObject({ verification: 'verified', reason: 'progress not applied: data.sequence is not a whole number ≥ 1' });
    expect(await progressOf(t.backend.url, KR)).toEqual(before);
  });

  it('lists events newest first and honours limit', async () => {
    const all = await listEvents(t.backend.url);
    expect(all.map((e) => e.id)).toEqual([...all.map((e) => e.id)].sort((a, b) => b - a));
    const two = (await (await fetch(`${t.backend.url}/api/events?limit=2`)).json()) as { events: unknown[] };
    expect(two.events).toEqual(all.slice(0, 2));
    expect((await fetch(`${t.backend.url}/api/events?limit=0`)).status).toBe(400);
  });
});

describe('POST /webhooks/jira: ordering by (epoch, sequence), epoch first', () => {
  /** Sends one update and answers with the body and the reason in the event list. */
  async function deliver(event: ReturnType<typeof progressAt>): Promise<{ body: unknown; reason: string | undefined }> {
    const answer = await send(signedRequest(secret, event));
    expect(answer.status).toBe(200);
    const [logged] = await eventsWithId(event.id);
    return { body: answer.body, reason: logged?.reason };
  }

  it('applies sequence 1 of a later epoch (a reinstall) over sequence 50 of the earlier one', async () => {
    const kr = 'kr-checkout-latency';
    expect((await deliver(progressAt(EPOCH, 50, kr))).body).toEqual({ received: true });
    const reinstalled = progressAt(LATER_EPOCH, 1, kr);
    reinstalled.data = { ...reinstalled.data, progress: 0, weightedSum: 0, counts: { new: 6, indeterminate: 0, done: 0 } };
    expect(await deliver(reinstalled)).toEqual({ body: { received: true }, reason: undefined });
    expect(await progressOf(t.backend.url, kr)).toMatchObject({ sequence: 1, progress: 0, counts: { new: 6, indeterminate: 0, done: 0 } });
    // The new installation's own order holds from there on.
    expect((await deliver(progressAt(LATER_EPOCH, 2, kr))).body).toEqual({ received: true });
    expect((await progressOf(t.backend.url, kr))?.sequence).toBe(2);
  });

  it('keeps an update of an earlier epoch as stale whatever its sequence, naming both pairs', async () => {
    const kr = 'kr-onboarding-activation';
    expect((await deliver(progressAt(LATER_EPOCH, 3, kr))).body).toEqual({ received: true });
    const applied = await progressOf(t.backend.url, kr);
    // The old installation's updates still in flight after the reinstall.
    const late = progressAt(EPOCH, 900, kr);
    late.data = { ...late.data, progress: 100, weightedSum: 600, counts: { new: 0, indeterminate: 0, done: 6 } };
    expect(await deliver(late)).toEqual({ body: { received: true, stale: true }, reason: `epoch ${EPOCH} sequence 900 is not newer than epoch ${LATER_EPOCH} sequence 3` });
    expect(await deliver(progressAt(0, 901, kr))).toEqual({ body: { received: true, stale: true }, reason: `epoch 0 sequence 901 is not newer than epoch ${LATER_EPOCH} sequence 3` });
    expect(await progressOf(t.backend.url, kr)).toEqual(applied);
  });

  it('compares sequences within one epoch: higher applies, lower and equal are stale', async () => {
    const kr = 'kr-reliability-incidents';
    expect((await deliver(progressAt(EPOCH, 3, kr))).body).toEqual({ received: true });
    expect((await deliver(progressAt(EPOCH, 4, kr))).body).toEqual({ received: true });
    expect(await deliver(progressAt(EPOCH, 2, kr))).toEqual({ body: { received: true, stale: true }, reason: `epoch ${EPOCH} sequence 2 is not newer than epoch ${EPOCH} sequence 4` });
    expect(await deliver(progressAt(EPOCH, 4, kr))).toEqual({ body: { received: true, stale: true }, reason: `epoch ${EPOCH} sequence 4 is not newer than epoch ${EPOCH} sequence 4` });
    expect((await progressOf(t.backend.url, kr))?.sequence).toBe(4);
  });

  it('reads a body without data.epoch (an app version before epochs) as epoch 0', async () => {
    const kr = 'kr-reliability-uptime';
    const old = progressAt(undefined, 10, kr);
    expect('epoch' in old.data).toBe(false);
    expect((await deliver(old)).body).toEqual({ received: true });
    // The stored pair is (0, 10): an explicit epoch 0 with the same sequence is not newer …
    expect(await deliver(progressAt(0, 10, kr))).toEqual({ body: { received: true, stale: true }, reason: 'epoch 0 sequence 10 is not newer than epoch 0 sequence 10' });
    expect((await deliver(progressAt(undefined, 11, kr))).body).toEqual({ received: true });
    // … and the upgraded app's first update, under a real epoch, is.
    expect((await deliver(progressAt(EPOCH, 1, kr))).body).toEqual({ received: true });
    expect(await deliver(progressAt(undefined, 12, kr))).toEqual({ body: { received: true, stale: true }, reason: `epoch 0 sequence 12 is not newer than epoch ${EPOCH} sequence 1` });
    expect((await progressOf(t.backend.url, kr))?.sequence).toBe(1);
  });

  it.each([
    ['negative', -1],
    ['a fraction', EPOCH + 0.5],
    ['a string', String(EPOCH)],
    ['null', null],
    ['beyond safe integers', 2 ** 53],
    ['an object', { ms: EPOCH }],
  ])('keeps an update whose data.epoch is %s with a note and changes no key result', async (_name, epoch) => {
    const before = await progressOf(t.backend.url, KR);
    const event = progressAt(epoch, (nextSequence += 1), KR);
    expect(await deliver(event)).toEqual({ body: { received: true }, reason: 'progress not applied: data.epoch is not a whole number ≥ 0' });
    expect((await eventsWithId(event.id))[0]).toMatchObject({ verification: 'verified', payload: event });
    expect(await progressOf(t.backend.url, KR)).toEqual(before);
  });
});

describe('POST /webhooks/jira: signed, but not for this workspace', () => {
  it.each([
    ['another site', { cloudId: 'someone-elses-site' }, 403, 'site_not_connected', /^cloudId someone-elses-site is not the Jira site connected to this workspace \(a436116f-/],
    ['a key result the workspace does not have', { keyResultId: 'kr-phantom' }, 422, 'unknown_key_result', /^this workspace has no key result "kr-phantom"$/],
  ])('refuses %s, stores no payload and no progress, and says why in its event list', async (_name, options, status, code, reason) => {
    const before = await progressOf(t.backend.url, 'kr-phantom');
    const event = buildWebhookExample('key_result.progress_updated', { keyResultId: KR, sequence: (nextSequence += 1), ...options });
    const answer = await send(signedRequest(secret, event));
    expect(answer).toMatchObject({ status, body: { error: { code } } });
    const [logged] = await eventsWithId(event.id);
    expect(logged).toMatchObject({ verification: 'rejected' });
    expect(logged!.reason).toMatch(reason);
    expect(logged!.payload).toBeUndefined();
    // No phantom row, and the real key result did not move.
    expect(await progressOf(t.backend.url, 'kr-phantom')).toEqual(before);
    expect((await progressOf(t.backend.url, KR))?.sequence).not.toBe(nextSequence);
  });

  it('refuses every event while no Jira site is connected', async () => {
    const fresh = await startTestBackend();
    try {
      // The seeded secret, read the way only the workspace's owner could (no connect has happened).
      const db = new Database(path.join(fresh.dataDir, DATABASE_FILE_NAME), { readonly: true });
      const [row] = db.prepare('SELECT signing_secret FROM workspace').all() as Array<{ signing_secret: string }>;
      const seededSecret = row!.signing_secret;
      db.close();
      const event = progressEvent((nextSequence += 1));
      const response = await fetch(`${fresh.backend.url}/webhooks/jira`, { method: 'POST', ...signedRequest(seededSecret, event) });
      expect(response.status).toBe(403);
      const [logged] = (await listEvents(fresh.backend.url)).filter((e) => e.webhookId === event.id);
      expect(logged).toMatchObject({ verification: 'rejected', reason: expect.stringMatching(/^no Jira site is connected to this workspace yet/) });
    } finally {
      await fresh.stop();
    }
  });
});
