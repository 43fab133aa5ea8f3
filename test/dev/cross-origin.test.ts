/**
 * The sandbox and the reference backend listen on 127.0.0.1 and refuse state-changing
 * requests from a browser page of another origin (its Origin header), and — bound to
 * loopback — requests addressed to another host name (a DNS-rebinding page): nothing
 * changes. Scripts without an Origin and pages of their own origin go on working.
 */
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startOkrBackend, type OkrBackendHandle } from '../../dev/okr-backend/server';
import { type RunningSandbox, startSandbox } from '../../dev/sandbox/sandbox';
import { tempDataDir } from './sandbox/sandbox-client';

jest.setTimeout(60_000);

/** A raw request, so Host and Origin can be whatever a hostile page would make them. */
function send(url: string, method: string, headers: Record<string, string>, body = '{}'): Promise<{ status: number; text: string }> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: target.port, path: target.pathname, method, headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('the sandbox', () => {
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, dataDir: tempDataDir(), quiet: true });
  });
  afterAll(() => sandbox.stop());

  it('listens on 127.0.0.1 only', () => {
    expect(new URL(sandbox.url).hostname).toBe('127.0.0.1');
  });

  it('refuses a comment posted by a page of another origin, or addressed to another host, and adds none', async () => {
    const own = new URL(sandbox.url).host;
    const comments = async () => ((await (await fetch(`${sandbox.url}/api/site`)).json()) as { issues: Array<{ key: string; commentCount?: number }> }).issues;
    const before = JSON.stringify(await comments());
    const body = JSON.stringify({ actorId: '557058:demo-0002', body: 'from elsewhere' });
    const foreign = await send(`${sandbox.url}/api/issues/ONB-3/comments`, 'POST', { host: own, origin: 'http://evil.example' }, body);
    expect(foreign.status).toBe(403);
    expect(foreign.text).toMatch(/a page of another origin \(\\"http:\/\/evil\.example\\"\) may not change anything here/);
    const rebound = await send(`${sandbox.url}/api/issues/ONB-3/comments`, 'POST', { host: `rebind.evil.example:${new URL(sandbox.url).port}`, origin: `http://rebind.evil.example:${new URL(sandbox.url).port}` }, body);
    expect(rebound.status).toBe(403);
    expect(rebound.text).toMatch(/must be addressed to this machine/);
    expect(JSON.stringify(await comments())).toBe(before);
    // Its own page, and a script without an Origin, may.
    expect((await send(`${sandbox.url}/api/issues/ONB-3/comments`, 'POST', { host: own, origin: `http://${own}` }, body)).status).toBe(201);
    expect((await send(`${sandbox.url}/api/issues/ONB-3/comments`, 'POST', { host: own }, body)).status).toBe(201);
  });
});

describe('the reference backend', () => {
  let backend: OkrBackendHandle;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'okr-origin-'));
    backend = await startOkrBackend({ dataDir, quiet: true });
  });
  afterAll(async () => {
    await backend.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('listens on 127.0.0.1 by default and refuses state changes from another origin or host', async () => {
    expect(new URL(backend.url).hostname).toBe('127.0.0.1');
    const own = new URL(backend.url).host;
    const foreign = await send(`${backend.url}/api/v1/connections`, 'POST', { host: own, origin: 'http://evil.example' });
    expect(foreign).toMatchObject({ status: 403 });
    expect(foreign.text).toMatch(/cross_origin_refused/);
    expect((await send(`${backend.url}/api/v1/connections`, 'POST', { host: `evil.example:${backend.port}` })).status).toBe(403);
    // Without an Origin (the app, a script) it answers as usual: here, 401 for no credentials.
    expect((await send(`${backend.url}/api/v1/connections`, 'POST', { host: own })).status).toBe(401);
    // Reading stays open to its framed dashboard.
    expect((await send(`${backend.url}/api/events`, 'GET', { host: own, origin: 'http://evil.example' }, '')).status).toBe(200);
  });
});
