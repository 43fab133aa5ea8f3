import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEMO_WORKSPACE } from '../../../dev/demo/demo-directory';
import { OKR_API_TOKEN_SECRET, WEBHOOK_SIGNING_SECRET } from '../../../src/adapters/storage-keys';
import { loadSettings } from '../../../src/adapters/settings-store';
import { type AdminPlatform, startAdminPlatform, storageState } from '../../support/admin-platform';

let env: AdminPlatform;
beforeEach(async () => {
  env = await startAdminPlatform();
});
afterEach(() => env.stop());

const connectWith = (payload: Record<string, unknown>) => env.call('admin.connect', { email: DEMO_WORKSPACE.email, serverUrl: env.backend.url, apiToken: DEMO_WORKSPACE.apiToken, ...payload });

/** A second server on loopback that counts what reaches it (it should be nothing). */
async function startCountingServer(): Promise<{ url: string; requests: () => number; close: () => Promise<void> }> {
  let requests = 0;
  const server = http.createServer((_req, res) => {
    requests += 1;
    res.writeHead(500).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests: () => requests, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const secretOf = (key: string) => env.platform.kvs.snapshot().secrets.find(([k]) => k === key);

describe('admin.connect refuses bad input before any request, storing nothing', () => {
  const cases: Array<[string, Record<string, unknown>, string, RegExp]> = [
    ['an empty email', { email: '  ' }, 'email', /Email address is required/],
    ['a malformed email', { email: 'ada.admin' }, 'email', /valid email/],
    ['an empty server', { serverUrl: '' }, 'serverUrl', /Server is required/],
    ['a server that is not a URL', { serverUrl: 'acme okr' }, 'serverUrl', /full workspace URL/],
    ['plain http to a public host', { serverUrl: 'http://acme.okr-backend.example.com' }, 'serverUrl', /must start with https/],
    ['credentials inside the URL', { serverUrl: 'https://ada:secret@acme.okr-backend.example.com' }, 'serverUrl', /must not contain a user name or password/],
    ['a host outside the manifest egress', { serverUrl: 'https://okr.evil.example.net' }, 'serverUrl', /only connect to \*\.okr-backend\.example\.com.*okr\.evil\.example\.net is not allowed/],
    ['the bare egress domain (the wildcard covers sub-domains only)', { serverUrl: 'https://okr-backend.example.com' }, 'serverUrl', /is not allowed/],
    ['a query string', { serverUrl: 'https://acme.okr-backend.example.com/?x=1' }, 'serverUrl', /query/],
    ['an unknown field', { extra: 1 }, 'extra', /Unknown field "extra"/],
    ['a number for the token', { apiToken: 42 }, 'apiToken', /^API token must be text\.$/],
    ['a token longer than any real one', { apiToken: 'x'.repeat(5000) }, 'apiToken', /^API token is too long: at most 4096 characters \(this one has 5000\)\.$/],
    ['a server URL longer than 2,048 characters', { serverUrl: `https://acme.okr-backend.example.com/${'a'.repeat(2100)}` }, 'serverUrl', /^Server is too long/],
    ['a blank token when nothing is stored yet', { apiToken: '' }, 'apiToken', /API token is required/],
  ];

  it.each(cases)('%s', async (_name, payload, field, message) => {
    const before = storageState(env.platform);
    const fetches = env.platform.counters.externalFetches;
    const answer = await connectWith(payload);
    expect(answer.ok).toBe(false);
    if (!answer.ok) {
      expect(answer.error.code).toBe('INVALID_INPUT');
      expect(answer.error.field).toBe(field);
      expect(answer.error.message).toMatch(message);
    }
    expect(storageState(env.platform)).toBe(before);
    expect(env.platform.counters.externalFetches).toBe(fetches);
  });

  it.each([
    ['localhost', 'https://localhost:8443'],
    ['an IP literal', 'https://10.1.2.3'],
    ['loopback over http', 'http://127.0.0.1:9'],
  ])('in PRODUCTION refuses %s', async (_name, serverUrl) => {
    const before = storageState(env.platform);
    const answer = await env.platform.invokeResolver('okr-sync-admin', 'admin.connect', { email: DEMO_WORKSPACE.email, serverUrl, apiToken: 'x' }, '557058:demo-0001', { environmentType: 'PRODUCTION' });
    expect(answer).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'serverUrl' } });
    expect(storageState(env.platform)).toBe(before);
  });
});

describe('admin.connect turns backend answers into messages', () => {
  it('wrong token: "Invalid email or API token", nothing stored, the token in no answer', async () => {
    const before = storageState(env.platform);
    const answer = await connectWith({ apiToken: 'wrong-token-123' });
    expect(answer).toEqual({ ok: false, error: { code: 'AUTH_FAILED', message: 'Invalid email or API token.' } });
    expect(storageState(env.platform)).toBe(before);
  });

  it('unreachable server: says so and names it', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const answer = await connectWith({ serverUrl: `http://127.0.0.1:${port}` });
    expect(answer).toMatchObject({ ok: false, error: { code: 'UNREACHABLE', field: 'serverUrl' } });
    if (!answer.ok) expect(answer.error.message).toContain(`127.0.0.1:${port}`);
  });

  it('a server error or a malformed answer: a specific message, nothing stored', async () => {
    const replies = [
      { status: 500, body: '{"error":"boom"}' },
      { status: 200, body: '{"workspaceName":"X","webhookUrl":"http://127.0.0.1:1/hook","signingSecret":"not-whsec"}' },
      { status: 200, body: 'not json' },
      // Standard Webhooks: whsec_ and base64 of 24 to 64 bytes; 5 bytes would be guessable.
      { status: 200, body: '{"workspaceName":"X","webhookUrl":"http://127.0.0.1:1/hook","signingSecret":"whsec_c2hvcnQ="}' },
      // 2 MB, declared; then 2 MB sent in chunks without a length: neither is read past 1 MB.
      { status: 200, body: JSON.stringify({ workspaceName: 'x'.repeat(2 * 1024 * 1024) }) },
      { status: 200, body: JSON.stringify({ workspaceName: 'y'.repeat(2 * 1024 * 1024) }), chunked: true },
    ];
    const server = http.createServer((_req, res) => {
      const reply = replies.shift()!;
      if (!('chunked' in reply)) return void res.writeHead(reply.status, { 'content-type': 'application/json' }).end(reply.body);
      res.writeHead(reply.status, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
      for (let i = 0; i < reply.body.length; i += 64 * 1024) res.write(reply.body.slice(i, i + 64 * 1024));
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const before = storageState(env.platform);
    const messages: string[] = [];
    for (let i = 0; i < 6; i += 1) {
      const answer = await connectWith({ serverUrl: url });
      expect(answer).toMatchObject({ ok: false, error: { code: 'BACKEND_ERROR' } });
      if (!answer.ok) messages.push(answer.error.message);
    }
    await new Promise<void>((resolve) => server.close(() => resolve()));
    expect(messages[0]).toMatch(/answered 500/);
    expect(messages[1]).toMatch(/signingSecret is not a usable whsec_ secret \(it does not start with whsec_\)/);
    expect(messages[2]).toMatch(/not JSON/);
    expect(messages[3]).toMatch(/signingSecret is not a usable whsec_ secret \(it holds 5 bytes; at least 24 are needed\)/);
    expect(messages.join(' ')).not.toContain('c2hvcnQ');
    expect(messages[4]).toMatch(/answer is larger than 1 MB/);
    expect(messages[5]).toMatch(/answer is larger than 1 MB/);
    expect(storageState(env.platform)).toBe(before);
  });

  it('success: workspace shown, updates on, token and signing secret only in secret storage', async () => {
    const answer = await connectWith({});
    expect(answer).toMatchObject({ ok: true, data: { progressUpdatesEnabled: true, connection: { email: DEMO_WORKSPACE.email, serverUrl: env.backend.url, workspaceName: DEMO_WORKSPACE.name } } });
    expect(JSON.stringify(answer)).not.toContain(DEMO_WORKSPACE.apiToken);
    expect(JSON.stringify(answer)).not.toContain('whsec_');
    expect(secretOf(OKR_API_TOKEN_SECRET)).toBeDefined();
    expect(secretOf(WEBHOOK_SIGNING_SECRET)).toBeDefined();
    expect(JSON.stringify(env.platform.kvs.snapshot().data)).not.toContain(DEMO_WORKSPACE.apiToken);
    const settings = await env.call('admin.getSettings', {});
    expect(JSON.stringify(settings)).not.toContain(DEMO_WORKSPACE.apiToken);
     // The installation's epoch is set on its first Connect and kept by later ones.
    const epoch = (await loadSettings()).installationEpoch;
    expect(epoch).toEqual(expect.any(Number));
    expect((await connectWith({})).ok).toBe(true);
    expect((await loadSettings()).installationEpoch).toBe(epoch);
  });

  it('a blank token is kept only for the same server and email: another one needs the token again, and nothing is sent', async () => {
    await connectWith({});
    const before = storageState(env.platform);
    const fetches = env.platform.counters.externalFetches;
    const otherServer = await startCountingServer();
    try {
      for (const payload of [{ apiToken: '', serverUrl: otherServer.url }, { apiToken: '', email: 'someone.else@acme.example.com' }]) {
        const answer = await connectWith(payload);
        expect(answer).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'apiToken', message: expect.stringMatching(/Enter the API token again: the server or the email changed/) } });
      }
      expect(otherServer.requests()).toBe(0);
    } finally {
      await otherServer.close();
    }
    expect(env.platform.counters.externalFetches).toBe(fetches);
    expect(storageState(env.platform)).toBe(before);
    // The same server and email, written differently, keep it.
    expect(await connectWith({ apiToken: '', email: DEMO_WORKSPACE.email.toUpperCase() })).toMatchObject({ ok: true });
  });

  it('a slow Connect does not undo a pause or a weights change made while it waited for the workspace', async () => {
    await connectWith({});
    let release: () => void = () => undefined;
    const answered = new Promise<void>((resolve) => (release = resolve));
    const slow = http.createServer((req, res) => {
      void answered.then(() => {
        const url = `http://127.0.0.1:${(slow.address() as AddressInfo).port}`;
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ workspaceName: 'Slow workspace', webhookUrl: `${url}/hooks`, signingSecret: `whsec_${Buffer.alloc(32, 3).toString('base64')}` }));
      });
    });
    await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
    try {
      const connecting = connectWith({ serverUrl: `http://127.0.0.1:${(slow.address() as AddressInfo).port}`, apiToken: 'token-for-the-slow-one' });
      // Meanwhile, on another tab: pause, and new weights.
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(await env.call('admin.setProgressUpdates', { enabled: false })).toMatchObject({ ok: true });
      expect(await env.call('admin.saveWeights', { todo: 10, inProgress: 60, done: 100 })).toMatchObject({ ok: true });
      release();
      expect(await connecting).toMatchObject({ ok: true, data: { connection: { workspaceName: 'Slow workspace' } } });
      expect(await env.call('admin.getSettings', {})).toMatchObject({ ok: true, data: { progressUpdatesEnabled: false, weights: { todo: 10, inProgress: 60, done: 100 }, connection: { workspaceName: 'Slow workspace' } } });
    } finally {
      release();
      await new Promise<void>((resolve) => slow.close(() => resolve()));
    }
  });

  it('re-connect with a blank token keeps the stored one; a wrong new token changes nothing', async () => {
    await connectWith({});
    const paused = await env.call('admin.setProgressUpdates', { enabled: false });
    expect(paused).toMatchObject({ ok: true, data: { progressUpdatesEnabled: false } });
    const again = await connectWith({ apiToken: '' });
    expect(again).toMatchObject({ ok: true, data: { progressUpdatesEnabled: false, connection: { workspaceName: DEMO_WORKSPACE.name } } });
    const before = storageState(env.platform);
    expect(await connectWith({ apiToken: 'wrong' })).toMatchObject({ ok: false, error: { code: 'AUTH_FAILED' } });
    expect(storageState(env.platform)).toBe(before);
  });
});

describe('admin.setProgressUpdates', () => {
  it('cannot turn on before a connection exists', async () => {
    const before = storageState(env.platform);
    expect(await env.call('admin.setProgressUpdates', { enabled: true })).toMatchObject({ ok: false, error: { code: 'NOT_CONNECTED' } });
    expect(storageState(env.platform)).toBe(before);
  });

  it('pauses and resumes without credentials, keeping the connection', async () => {
    await connectWith({});
    expect(await env.call('admin.setProgressUpdates', { enabled: false })).toMatchObject({ ok: true, data: { progressUpdatesEnabled: false, connection: { workspaceName: DEMO_WORKSPACE.name } } });
    expect(await env.call('admin.setProgressUpdates', { enabled: true })).toMatchObject({ ok: true, data: { progressUpdatesEnabled: true } });
  });

  it.each([[{ enabled: 'yes' }], [{}], [{ enabled: true, also: 1 }]])('refuses %j', async (payload) => {
    await connectWith({});
    const before = storageState(env.platform);
    expect(await env.call('admin.setProgressUpdates', payload)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(storageState(env.platform)).toBe(before);
  });
});
