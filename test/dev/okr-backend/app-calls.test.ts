import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { type TestBackend, connectDemo, postJson, startTestBackend } from './backend-support';

interface ReceivedCall {
  path: string;
  headers: Record<string, string>;
  body: string;
  verified: unknown;
  verifyError: string | null;
}

/** A stand-in for the app's web trigger on 127.0.0.1: verifies with standardwebhooks and answers as told. */
class FakeWebTrigger {
  readonly calls: ReceivedCall[] = [];
  answer: (call: ReceivedCall) => { status: number; body: string; headers?: Record<string, string> } = () => ({ status: 200, body: '{"ok":true}', headers: { 'content-type': 'application/json' } });
  private server: Server | undefined;
  secret = '';
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', () => resolve()));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/x1/webtrigger-token-abc`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(' ') : (v ?? '')]));
    const call: ReceivedCall = { path: req.url ?? '', headers, body, verified: undefined, verifyError: null };
    try {
      call.verified = new Webhook(this.secret).verify(body, headers);
    } catch (error) {
      call.verifyError = (error as Error).message;
    }
    this.calls.push(call);
    const answer = this.answer(call);
    res.writeHead(answer.status, answer.headers ?? {});
    res.end(answer.body);
  }
}

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

  it('posts { action, data } to the registered web trigger, signed with the workspace secret, and relays the reply', async () => {
    const { signingSecret } = await connectDemo(t.backend.url, { webTriggerUrl: trigger.url });
    trigger.secret = signingSecret;
    trigger.answer = () => ({ status: 202, body: '{"accepted":"jql.register"}', headers: { 'content-type': 'application/json' } });
    const data = { keyResultId: 'kr-checkout-latency', jql: 'project = OKR AND labels = perf' };
    const answer = await appCall({ action: 'jql.register', data });
    expect(answer).toEqual({ status: 200, body: { status: 202, body: { accepted: 'jql.register' } }, headers: expect.anything() });
    const call = trigger.calls.at(-1)!;
    expect(call.verifyError).toBeNull();
    expect(call.verified).toEqual({ action: 'jql.register', data });
    expect(call.path).toBe('/x1/webtrigger-token-abc');
    expect(call.headers['webhook-id']).toMatch(/^msg_[A-Za-z0-9_-]{32}$/);
    expect(Math.abs(Number(call.headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(10);
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
