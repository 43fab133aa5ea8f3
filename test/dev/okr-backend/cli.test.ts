import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { DEMO_WORKSPACE } from '../../../dev/demo/demo-directory';
import { parseOkrBackendArgs } from '../../../dev/okr-backend/cli-args';
import { startOkrBackend } from '../../../dev/okr-backend/server';
import { connectDemo, newTempDir } from './backend-support';

const ROOT = path.resolve(__dirname, '../../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
const dataDir = newTempDir();

afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

function run(args: string[]): { child: ChildProcessWithoutNullStreams; output: () => { stdout: string; stderr: string }; exited: Promise<number | null> } {
  const child = spawn(TSX, ['dev/okr-backend/main.ts', ...args], { cwd: ROOT, env: { ...process.env, NODE_OPTIONS: '' } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => ({ stdout, stderr }), exited };
}

async function waitFor(check: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('npm run okr-backend', () => {
  it('prints its URL and the demo credentials, serves, and stops cleanly on SIGINT', async () => {
    const proc = run(['--port', '0', '--data-dir', dataDir]);
    await waitFor(() => proc.output().stdout.includes('Press Ctrl+C'), 'the start banner');
    const { stdout } = proc.output();
    const url = /Reference OKR backend on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)?.[1];
    expect(url).toBeDefined();
    expect(stdout).toContain(DEMO_WORKSPACE.email);
    expect(stdout).toContain(DEMO_WORKSPACE.apiToken);
    const { signingSecret } = await connectDemo(url!);
    proc.child.kill('SIGINT');
    expect(await proc.exited).toBe(0);
    // The signing secret is only ever returned by the connect endpoint, never printed.
    expect(proc.output().stdout + proc.output().stderr).not.toContain(signingSecret.slice('whsec_'.length));
  });

  it('says in one line that the port is busy, without a stack trace, and exits 1', async () => {
    const blockerDir = newTempDir();
    const blocker = await startOkrBackend({ dataDir: blockerDir, quiet: true });
    try {
      const proc = run(['--port', String(blocker.port), '--data-dir', dataDir]);
      expect(await proc.exited).toBe(1);
      const { stderr, stdout } = proc.output();
      expect(stderr.trim()).toBe(`okr-backend: port ${blocker.port} on 127.0.0.1 is already in use: stop whatever uses it, or pick another with --port`);
      expect(stdout).toBe('');
    } finally {
      await blocker.close();
      rmSync(blockerDir, { recursive: true, force: true });
    }
  });

  it.each([
    [['--port', 'eighty'], '--port must be a whole number from 0 to 65535, not "eighty"'],
    [['--port', '70000'], '--port must be a whole number from 0 to 65535, not "70000"'],
    [['--port'], '--port needs a value'],
    [['--verbose'], 'unknown argument "--verbose"'],
  ])('refuses %j with a clear message and exit code 2', async (args, message) => {
    const proc = run(args);
    expect(await proc.exited).toBe(2);
    const { stderr } = proc.output();
    expect(stderr.split('\n')[0]).toBe(`okr-backend: ${message}`);
    expect(stderr).toContain('Usage: npm run okr-backend');
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});

describe('parseOkrBackendArgs', () => {
  it('has the documented defaults and takes --name value and --name=value', () => {
    expect(parseOkrBackendArgs([])).toEqual({ port: 4100, host: '127.0.0.1', dataDir: '.data/okr-backend', help: false });
    expect(parseOkrBackendArgs(['--port=0', '--data-dir', '/tmp/x', '--host', '::1'])).toEqual({ port: 0, host: '::1', dataDir: '/tmp/x', help: false });
  });
});
