import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { generateSigningSecret } from '../../dev/okr-backend/okr-database';
import { buildWebhookExample, exampleEventTypes } from '../../dev/webhook-examples';
import { sendEventMain } from '../../scripts/send-event';
import { WEBHOOK_EVENT_TYPES } from '../../src/domain/webhook-events';
import { validateWebhookPayload } from '../contract/webhook-schema-validator';
import { type TestBackend, connectDemo, listEvents, progressOf, startTestBackend } from '../dev/okr-backend/backend-support';

const ROOT = path.resolve(__dirname, '../..');

/** A loopback port nothing listens on (taken, then released). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

let t: TestBackend;
let webhookUrl: string;
let secret: string;
const printed: string[] = [];

async function sendEvent(args: string[], env: Record<string, string | undefined> = {}): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await sendEventMain(args, { out: (line) => out.push(line), err: (line) => err.push(line), env });
  printed.push(...out, ...err);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

beforeAll(async () => {
  t = await startTestBackend();
  ({ webhookUrl, signingSecret: secret } = await connectDemo(t.backend.url));
});

afterAll(async () => {
  await t.stop();
  // Whatever happened above, the secret was never printed.
  expect(printed.join('\n')).not.toContain(secret.slice('whsec_'.length));
});

describe('webhook examples (dev/webhook-examples.ts)', () => {
  it('has an example for every event type the app sends', () => {
    expect(exampleEventTypes().sort()).toEqual([...WEBHOOK_EVENT_TYPES].sort());
  });

  it.each([...WEBHOOK_EVENT_TYPES])('builds a %s example that matches its published JSON Schema', (type) => {
    const event = buildWebhookExample(type, { sequence: 12 });
    expect(event.type).toBe(type);
    expect(validateWebhookPayload(event)).toEqual([]);
  });
});

describe('npm run send-event', () => {
  it.each([...WEBHOOK_EVENT_TYPES])('sends a %s the reference backend verifies, prints what it sent, and exits 0', async (type) => {
    const result = await sendEvent([type, '--to', webhookUrl, '--secret', secret]);
    expect(result.code).toBe(0);
    const id = /webhook-id (msg_[A-Za-z0-9_-]{32})/.exec(result.out)?.[1];
    expect(result.out).toContain(`Sending ${type} (webhook-id ${id}) to ${webhookUrl}`);
    expect(result.out).toMatch(/Response: 200 OK\n\{"received":true\}/);
    const logged = (await listEvents(t.backend.url)).find((e) => e.webhookId === id);
    expect(logged).toMatchObject({ verification: 'verified', type });
    expect(validateWebhookPayload(logged?.payload)).toEqual([]);
  });

  it('takes --kr and --sequence for the progress example, and a repeat is reported as a duplicate', async () => {
    const args = ['key_result.progress_updated', '--to', webhookUrl, '--secret', secret, '--kr', 'kr-checkout-latency', '--sequence', '42'];
    expect((await sendEvent(args)).code).toBe(0);
    expect(await progressOf(t.backend.url, 'kr-checkout-latency')).toMatchObject({ sequence: 42, progress: 41.67 });
    const repeat = await sendEvent(args);
    expect(repeat.out).toContain('{"duplicate":true}');
    const older = await sendEvent([...args.slice(0, -1), '41']);
    expect(older.out).toContain('{"received":true,"stale":true}');
  });

  it('reads the secret from OKR_SYNC_SIGNING_SECRET when --secret is absent', async () => {
    expect((await sendEvent(['issue.status_changed', '--to', webhookUrl], { OKR_SYNC_SIGNING_SECRET: secret })).code).toBe(0);
  });

  it('exits 1 and shows the answer when the receiver refuses (a wrong secret)', async () => {
    const other = generateSigningSecret();
    const result = await sendEvent(['issue.status_changed', '--to', webhookUrl, '--secret', other]);
    expect(result.code).toBe(1);
    expect(result.out).toContain('Response: 401 Unauthorized');
    expect(result.out).toContain('no v1 signature matches');
    expect(result.out + result.err).not.toContain(other.slice(6));
  });

  it('exits 1 when the reference backend refuses a --kr it does not have or another --cloud-id, and creates no phantom row', async () => {
    const unknown = await sendEvent(['key_result.progress_updated', '--to', webhookUrl, '--secret', secret, '--kr', 'kr-nobody-has-this']);
    expect(unknown.code).toBe(1);
    expect(unknown.out).toContain('Response: 422 Unprocessable Entity');
    expect(unknown.out).toContain('this workspace has no key result \\"kr-nobody-has-this\\"');
    expect(await progressOf(t.backend.url, 'kr-nobody-has-this')).toBeUndefined();
    const otherSite = await sendEvent(['issue.status_changed', '--to', webhookUrl, '--secret', secret, '--cloud-id', 'not-the-connected-site']);
    expect(otherSite.code).toBe(1);
    expect(otherSite.out).toContain('Response: 403 Forbidden');
    expect(otherSite.out).toContain('cloudId not-the-connected-site is not the Jira site connected to this workspace');
  });

  it('exits 1 with one line when the URL cannot be reached', async () => {
    const closedPort = await freePort();
    const result = await sendEvent(['issue.status_changed', '--to', `http://127.0.0.1:${closedPort}/webhooks`, '--secret', secret]);
    expect(result.code).toBe(1);
    expect(result.err).toBe(`send-event: could not reach http://127.0.0.1:${closedPort}: ECONNREFUSED`);
  });

  it('--list prints every event type, one a line', async () => {
    const result = await sendEvent(['--list']);
    expect(result.code).toBe(0);
    expect(result.out.split('\n').sort()).toEqual([...WEBHOOK_EVENT_TYPES].sort());
  });

  const usage: Array<[string, string[], RegExp]> = [
    ['an unknown type, listing the known ones', ['issue.deleted', '--to', 'http://127.0.0.1:9/x', '--secret', 'whsec_AAAA'], new RegExp(`unknown event type "issue.deleted"; known types: ${WEBHOOK_EVENT_TYPES.join(', ')}`)],
    ['no type', ['--to', 'http://127.0.0.1:9/x', '--secret', 'whsec_AAAA'], /which event type\? Give one of: issue\.status_changed/],
    ['a secret without whsec_', ['issue.status_changed', '--to', 'http://127.0.0.1:9/x', '--secret', 'hunter2-not-a-webhook-secret'], /must be a Standard Webhooks secret starting with whsec_/],
    ['a whsec_ secret that is not base64', ['issue.status_changed', '--to', 'http://127.0.0.1:9/x', '--secret', 'whsec_not base64!'], /followed by standard base64/],
    ['no secret', ['issue.status_changed', '--to', 'http://127.0.0.1:9/x'], /--secret <whsec_\.\.\.> is required \(or set OKR_SYNC_SIGNING_SECRET\)/],
    ['no --to', ['issue.status_changed', '--secret', 'whsec_AAAA'], /--to <url> is required/],
    ['a --to that is not a URL', ['issue.status_changed', '--to', 'localhost:4100', '--secret', 'whsec_AAAA'], /--to must be an http or https URL|is not a URL/],
    ['a bad --sequence', ['key_result.progress_updated', '--to', 'http://127.0.0.1:9/x', '--secret', 'whsec_AAAA', '--sequence', '0'], /--sequence must be a whole number of at least 1, not "0"/],
    ['a bad --kr', ['key_result.progress_updated', '--to', 'http://127.0.0.1:9/x', '--secret', 'whsec_AAAA', '--kr', 'no spaces'], /--kr: keyResultId must be/],
    ['an unknown option', ['issue.status_changed', '--too', 'x'], /unknown option --too/],
  ];

  it.each(usage)('exits 2 with a clear message for %s', async (_name, args, message) => {
    const result = await sendEvent(args);
    expect(result.code).toBe(2);
    expect(result.out).toBe('');
    expect(result.err).toMatch(message);
    expect(result.err).not.toContain('hunter2');
  });

  it('runs as a command: npx tsx scripts/send-event.ts, with its exit codes', async () => {
    const run = (args: string[]) =>
      new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
        const child = spawn(path.join(ROOT, 'node_modules/.bin/tsx'), ['scripts/send-event.ts', ...args], { cwd: ROOT, env: { ...process.env, OKR_SYNC_SIGNING_SECRET: '' } });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
        child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
        child.on('exit', (code) => resolve({ code, stdout, stderr }));
      });
    const sent = await run(['key_result.progress_updated', '--to', webhookUrl, '--secret', secret, '--sequence', '1000']);
    expect(sent.code).toBe(0);
    expect(sent.stdout).toContain('Response: 200 OK');
    expect(sent.stdout + sent.stderr).not.toContain(secret.slice(6));
    const misuse = await run(['nope']);
    expect(misuse.code).toBe(2);
    expect(misuse.stderr).toContain('unknown event type "nope"');
  });
});
