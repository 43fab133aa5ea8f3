import { rmSync } from 'node:fs';
import { Webhook } from 'standardwebhooks';
import { startOkrBackend } from '../../../dev/okr-backend/server';
import { buildWebhookExample } from '../../../dev/webhook-examples';
import { type TestBackend, connectDemo, newTempDir, postJson, signedRequest, startTestBackend } from './backend-support';
import { FakeWebTrigger, jsonAnswer, verifiesWith } from './fake-web-trigger';

let t: TestBackend;
let trigger: FakeWebTrigger;
const appCall = (body: unknown) => postJson(`${t.backend.url}/api/app-calls`, body);

beforeAll(async () => {
  t = await startTestBackend();
  trigger = new FakeWebTrigger();
  await trigger.start();
});

afterAll(async () => {
  await trigger.stop();
  await t.stop();
});

describe('POST /api/app-calls', () => {
  it('answers 409 with a clear message while no web trigger URL is registered', async () => {
    await connectDemo(t.backend.url, { webTriggerUrl: null });
    const answer = await appCall({ action: 'resync.request' });
    expect(answer).toMatchObject({ status: 409, body: { error: { code: 'no_web_trigger', message: expect.stringContaining('No web trigger URL is registered') } } });
    expect(trigger.calls).toHaveLength(0);
  });

  it('posts { action, data } to the registered web trigger, signed with the inbound signing secret, and relays the reply', async () => {
    const { inboundSigningSecret } = await connectDemo(t.backend.url, { webTriggerUrl: trigger.url });
    trigger.secret = inboundSigningSecret;
    const reply = { keyResultId: 'kr-checkout-latency', jql: 'project = OKR AND labels = perf', reconciling: true };
    trigger.answer = () => jsonAnswer(202, reply);
    const data = { keyResultId: 'kr-checkout-latency', jql: 'project = OKR AND labels = perf' };
    const answer = await appCall({ action: 'jql.register', data });
    expect(answer).toEqual({ status: 200, body: { status: 202, body: reply }, headers: expect.anything() });
    const call = trigger.calls.at(-1)!;
    expect(call.verifyError).toBeNull();
    expect(call.verified).toEqual({ action: 'jql.register', data });
    expect(call.path).toBe('/x1/webtrigger-token-abc');
    expect(call.headers['webhook-id']).toMatch(/^msg_[A-Za-z0-9_-]{32}$/);
    expect(Math.abs(Number(call.headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(10);
  });

  it('is not verifiable with the webhook signing secret, so a captured webhook and an app call are never interchangeable', async () => {
    const { signingSecret, inboundSigningSecret } = await connectDemo(t.backend.url, { webTriggerUrl: trigger.url });
    await appCall({ action: 'resync.request', data: {} });
    const call = trigger.calls.at(-1)!;
    expect(verifiesWith(inboundSigningSecret, call)).toBe(true);
    expect(verifiesWith(signingSecret, call)).toBe(false);
    // And the other way round: a webhook the app signed (as a receiver could capture it)
    // does not pass the check the app makes at its web trigger.
    const captured = signedRequest(signingSecret, buildWebhookExample('key_result.progress_updated', { sequence: 5 }));
    expect(() => new Webhook(inboundSigningSecret).verify(captured.body, captured.headers)).toThrow();
  });

  it('relays the app\'s refusals as they are: 400 with the field, 422 with Jira\'s JQL errors, 404 for an unknown action', async () => {
    const refusals = [
      { status: 400, body: { error: { code: 'invalid_request', message: 'data.jql must be a non-empty JQL query.', field: 'data.jql' } } },
      { status: 422, body: { error: { code: 'invalid_jql', message: 'Jira could not parse the JQL.', jqlErrors: ["Error in the JQL Query: Expecting ')' before the end of the query."] } } },
      { status: 404, body: { error: { code: 'unknown_action', message: 'Unknown action "jql.rename".' } } },
    ];
    for (const refusal of refusals) {
      trigger.answer = () => jsonAnswer(refusal.status, refusal.body);
      expect((await appCall({ action: 'jql.register', data: { keyResultId: 'kr-checkout-latency', jql: 'x' } })).body).toEqual(refusal);
    }
  });

  it('uses a fresh webhook-id for every call', async () => {
    await appCall({ action: 'resync.request' });
    await appCall({ action: 'resync.request' });
    const ids = trigger.calls.slice(-2).map((call) => call.headers['webhook-id']);
    expect(new Set(ids).size).toBe(2);
  });

  it('relays a non-JSON reply as text, and the app\'s own error statuses', async () => {
    trigger.answer = () => ({ status: 401, body: 'Signature missing, invalid or too old.' });
    expect((await appCall({ action: 'x' })).body).toEqual({ status: 401, body: 'Signature missing, invalid or too old.' });
  });

  it('does not follow redirects (a signed body goes only to the registered URL)', async () => {
    trigger.answer = (call) => (call.path.startsWith('/elsewhere') ? { status: 200, body: '"followed"' } : { status: 307, body: '', headers: { location: '/elsewhere' } });
    const before = trigger.calls.length;
    expect((await appCall({ action: 'x' })).body).toEqual({ status: 307, body: null });
    expect(trigger.calls.length).toBe(before + 1);
  });

  it.each([
    [{}, /action must be a non-empty string/],
    [{ action: '' }, /action must be a non-empty string/],
    [{ action: 'x', data: [1] }, /data, when given, must be a JSON object/],
    ['"just text"', /must be a JSON object/],
  ])('answers 400 for %j and calls nothing', async (body, reason) => {
    const before = trigger.calls.length;
    expect(await appCall(body)).toMatchObject({ status: 400, body: { error: { message: expect.stringMatching(reason) } } });
    expect(trigger.calls.length).toBe(before);
  });

  it('answers 502 naming only the origin when the web trigger cannot be reached', async () => {
    const closed = new FakeWebTrigger();
    await closed.start();
    await closed.stop();
    await connectDemo(t.backend.url, { webTriggerUrl: closed.url });
    const answer = await appCall({ action: 'x' });
    expect(answer).toMatchObject({ status: 502, body: { error: { code: 'app_unreachable' } } });
    expect(JSON.stringify(answer.body)).toContain(new URL(closed.url).origin);
    // The web trigger URL's path is a capability: it is not repeated in errors.
    expect(JSON.stringify(answer.body)).not.toContain('webtrigger-token-abc');
  });
});

describe('the backend\'s own log', () => {
  it('shows neither secret, on connect or on a call to the app', async () => {
    const lines: string[] = [];
    const spy = jest.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void lines.push(args.map(String).join(' ')));
    const dataDir = newTempDir();
    const loud = await startOkrBackend({ dataDir, quiet: false });
    try {
      const { signingSecret, inboundSigningSecret } = await connectDemo(loud.url, { webTriggerUrl: trigger.url });
      trigger.answer = () => jsonAnswer(202, { queued: 8 });
      await postJson(`${loud.url}/api/app-calls`, { action: 'resync.request', data: {} });
      expect(lines.join('\n')).toMatch(/app call resync\.request: the app answered 202/);
      for (const secret of [signingSecret, inboundSigningSecret, 'whsec_']) expect(lines.join('\n')).not.toContain(secret);
    } finally {
      spy.mockRestore();
      await loud.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
