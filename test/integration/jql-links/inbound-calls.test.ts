/**
 * The web trigger the OKR backend calls: signed with a secret of its own, checked before
 * anything is read, each request id accepted once, and every refusal specific and harmless.
 */
import { Webhook } from 'standardwebhooks';
import { runInvocation } from '../../../dev/platform/forge-globals';
import type { LocalForgePlatform } from '../../../dev/platform/local-platform';
import { loadJqlRegistry } from '../../../src/adapters/jql-registry-store';
import { saveConnectionSecrets } from '../../../src/adapters/settings-store';
import { callWebTrigger, newRequestId, sendToWebTrigger } from '../../support/call-web-trigger';
import { useConnectedPlatform } from '../../support/connected-platform';

const env = useConnectedPlatform(4);
const asApp = <T>(fn: () => Promise<T>) => runInvocation({ functionKey: 'test', moduleKey: 'test', accountId: undefined, timeoutMillis: 25_000 }, fn);
const register = (jql: string, keyResultId = 'kr-jql') => ({ action: 'jql.register', data: { keyResultId, jql } });

/** Storage as the app's logic sees it (the bookkeeping of seen request ids left out). */
function appState(platform: LocalForgePlatform): string {
  const { data, entities } = platform.kvs.snapshot();
  return JSON.stringify({ data: data.filter(([key]) => !key.startsWith('inbound-seen:')), entities });
}

describe('the inbound web trigger', () => {
  it('registers a valid JQL with a correctly signed call: 202, stored, checked against Jira, progress sent', async () => {
    const { platform, inboundSecret, receiver } = env();
    const answer = await callWebTrigger(platform, { body: register('project = OKR'), secret: inboundSecret });
    expect(answer).toEqual({ status: 202, body: { keyResultId: 'kr-jql', jql: 'project = OKR', reconciling: true } });
    expect((await asApp(() => loadJqlRegistry())).links).toEqual([expect.objectContaining({ keyResultId: 'kr-jql', jql: 'project = OKR' })]);
    await platform.drain();
    const progress = receiver.verifiedOfType('key_result.progress_updated').filter((e) => e.parsed.data['keyResultId'] === 'kr-jql');
    expect(progress.at(-1)?.parsed.data).toMatchObject({ issueCount: 4, counts: { new: 4, indeterminate: 0, done: 0 }, cause: { kind: 'jql_changed' } });
  });

  it('refuses a JQL Jira cannot run with 422 and Jira’s own parse error, registering nothing', async () => {
    const { platform, inboundSecret } = env();
    const before = appState(platform);
    const answer = await callWebTrigger(platform, { body: register('nosuchfield = 3'), secret: inboundSecret });
    expect(answer.status).toBe(422);
    expect(answer.body['error']).toMatchObject({ code: 'invalid_jql', jqlErrors: [expect.stringContaining('nosuchfield')] });
    expect((answer.body['error'] as { message: string }).message).toMatch(/^Jira cannot run this JQL: /);
    expect(appState(platform)).toBe(before);
  });

  it.each([
    ['a body that is not JSON', '{"action": "jql.register",', 'body'],
    ['no jql', { action: 'jql.register', data: { keyResultId: 'kr-1' } }, 'data.jql'],
    ['a bad key result id', { action: 'jql.remove', data: { keyResultId: 'kr 1; drop' } }, 'data.keyResultId'],
    ['data that is not an object', { action: 'resync.request', data: [1] }, 'data'],
    ['a JQL over 2000 characters', register(`project = OKR AND summary ~ "${'x'.repeat(2000)}"`), 'data.jql'],
  ])('answers 400 naming the field for %s, and changes nothing', async (_, body, field) => {
    const { platform, inboundSecret } = env();
    const before = appState(platform);
    const answer = await callWebTrigger(platform, { body, secret: inboundSecret });
    expect(answer.status).toBe(400);
    expect(answer.body['error']).toMatchObject({ code: 'invalid_request', field });
    expect(appState(platform)).toBe(before);
  });

  it('answers 404 for an unknown action, listing the ones it knows', async () => {
    const { platform, inboundSecret } = env();
    const answer = await callWebTrigger(platform, { body: { action: 'kr.delete', data: {} }, secret: inboundSecret });
    expect(answer.status).toBe(404);
    expect((answer.body['error'] as { message: string }).message).toContain('jql.register, jql.remove, resync.request');
  });

  describe('refuses with 401, changing nothing', () => {
    it.each([
      ['signed with another secret', { secret: new Webhook('whsec_' + Buffer.alloc(32, 7).toString('base64')) }],
      ['tampered with after signing', { tamper: (raw: string) => raw.replace('project = OKR', 'project = OKR OR project = HR') }],
      ['signed 6 minutes ago', { at: new Date(Date.now() - 6 * 60_000) }],
      ['signed 6 minutes in the future', { at: new Date(Date.now() + 6 * 60_000) }],
    ])('a call %s', async (_, variant) => {
      const { platform, inboundSecret } = env();
      const before = appState(platform);
      const secret = 'secret' in variant ? 'whsec_' + Buffer.alloc(32, 7).toString('base64') : inboundSecret;
      const answer = await callWebTrigger(platform, { body: register('project = OKR'), secret, ...('tamper' in variant ? { tamper: variant.tamper } : {}), ...('at' in variant ? { at: variant.at } : {}) });
      expect(answer.status).toBe(401);
      expect(answer.body['error']).toMatchObject({ code: 'invalid_signature' });
      expect(appState(platform)).toBe(before);
    });

    it('an unsigned call', async () => {
      const { platform } = env();
      const answer = await sendToWebTrigger(platform, { headers: { 'content-type': ['application/json'] }, body: JSON.stringify(register('project = OKR')) });
      expect(answer.status).toBe(401);
    });

    it('an outbound webhook the app sent, replayed at the web trigger as it was captured', async () => {
      const { platform, secret, receiver } = env();
      await callWebTrigger(platform, { body: register('project = OKR'), secret: env().inboundSecret });
      await platform.drain();
      const captured = receiver.received.find((r) => r.verified);
      expect(captured).toBeDefined();
      // Exactly the headers the receiver got: same id, timestamp and signature (outbound secret).
      const signature = new Webhook(secret).sign(captured!.id, new Date(Number(captured!.timestamp) * 1000), captured!.body);
      const before = appState(platform);
      const answer = await sendToWebTrigger(platform, {
        headers: { 'webhook-id': [captured!.id], 'webhook-timestamp': [captured!.timestamp], 'webhook-signature': [signature] },
        body: captured!.body,
      });
      expect(answer.status).toBe(401);
      expect(appState(platform)).toBe(before);
    });
  });

  it('accepts a request id once: the same signed request again gets 409 and does nothing twice', async () => {
    const { platform, inboundSecret } = env();
    const id = newRequestId();
    const at = new Date();
    expect((await callWebTrigger(platform, { body: register('project = OKR'), secret: inboundSecret, id, at })).status).toBe(202);
    const afterFirst = appState(platform);
    const pushed = platform.queue.stats.pushed;
    const replay = await callWebTrigger(platform, { body: register('project = OKR'), secret: inboundSecret, id, at });
    expect(replay.status).toBe(409);
    expect(replay.body['error']).toMatchObject({ code: 'duplicate_request' });
    expect(appState(platform)).toBe(afterFirst);
    expect(platform.queue.stats.pushed).toBe(pushed);
  });

  it('answers 405 to anything but POST, and 503 when the workspace gave no inbound secret', async () => {
    const { platform, inboundSecret } = env();
    expect((await sendToWebTrigger(platform, { method: 'GET', headers: {}, body: '' })).status).toBe(405);
    await asApp(() => saveConnectionSecrets({ apiToken: 't', signingSecret: env().secret, inboundSigningSecret: null }));
    const answer = await callWebTrigger(platform, { body: register('project = OKR'), secret: inboundSecret });
    expect(answer.status).toBe(503);
    expect(answer.body['error']).toMatchObject({ code: 'not_connected' });
  });

  it('never puts a secret in an answer', async () => {
    const { platform, inboundSecret, secret } = env();
    const answers = [
      await callWebTrigger(platform, { body: register('project = OKR'), secret: inboundSecret }),
      await callWebTrigger(platform, { body: register('nosuchfield = 1'), secret: inboundSecret }),
      await callWebTrigger(platform, { body: register('project = OKR'), secret }),
    ];
    const text = JSON.stringify(answers);
    for (const s of [inboundSecret, secret, inboundSecret.slice(6), secret.slice(6)]) expect(text).not.toContain(s);
  });
});
