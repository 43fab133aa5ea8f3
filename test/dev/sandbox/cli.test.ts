/**
 * The sandbox's command line as a person meets it (spawned, like `npm start`): one URL,
 * and clear one-line messages instead of stack traces when it cannot start.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { LOCK_FILE_NAME } from '../../../dev/sandbox/lock-file';
import { PROJECT_ROOT, type SpawnedSandbox, run, spawnSandbox } from './spawn-sandbox';
import { tempDataDir } from './sandbox-client';

const TSX = path.join(PROJECT_ROOT, 'node_modules/.bin/tsx');
const MAIN = 'dev/sandbox/main.ts';
const STACK_LINE = /^\s+at /m;

jest.setTimeout(90_000);

describe('sandbox command line', () => {
  const dataDir = tempDataDir();
  let first: SpawnedSandbox;

  beforeAll(async () => {
    first = await spawnSandbox(TSX, [MAIN, '--port', '0', '--data-dir', dataDir]);
  });

  afterAll(async () => {
    await first?.stop();
  });

  it('prints the sandbox URL, then one line of demo credentials', () => {
    const lines = first.output().trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe(`OKR Sync sandbox: ${first.url}/`);
    expect(lines[1]).toMatch(/^Demo OKR workspace: email ada\.admin@acme\.example\.com, API token \S+, server http:\/\/127\.0\.0\.1:\d+ \(Ctrl\+C stops\)$/);
  });

  it('says where the running sandbox is when started twice on the same data folder', async () => {
    const second = run(TSX, [MAIN, '--port', '0', '--data-dir', dataDir]);
    expect(await second.exited).toBe(1);
    const holder = JSON.parse(readFileSync(path.join(dataDir, LOCK_FILE_NAME), 'utf8')) as { pid: number };
    expect(second.output().trim()).toBe(
      `The sandbox is already running at ${first.url} (pid ${holder.pid}) with data folder ${path.resolve(dataDir)}. Open that URL, stop it first (Ctrl+C in its terminal), or use another --data-dir.`,
    );
    expect(second.output()).not.toMatch(STACK_LINE);
  });

  it('says which port is busy and what to try instead', async () => {
    const port = Number(new URL(first.url).port);
    const busy = run(TSX, [MAIN, '--port', String(port), '--data-dir', tempDataDir()]);
    expect(await busy.exited).toBe(1);
    expect(busy.output().trim()).toBe(`Port ${port} is already in use on 127.0.0.1. Try --port ${port + 1}, or --port 0 to pick a free port.`);
  });

  it('explains a bad option with the usage', async () => {
    const bad = run(TSX, [MAIN, '--port', 'eighty']);
    expect(await bad.exited).toBe(1);
    expect(bad.output()).toContain('--port needs a number from 0 to 65535, got "eighty".');
    expect(bad.output()).toContain('Usage: npm start -- [options]');
    expect(bad.output()).not.toMatch(STACK_LINE);
  });

  it('stops on Ctrl+C, saving its state and releasing the data folder', async () => {
    const otherDir = tempDataDir();
    const other = await spawnSandbox(TSX, [MAIN, '--port', '0', '--data-dir', otherDir]);
    expect(existsSync(path.join(otherDir, LOCK_FILE_NAME))).toBe(true);
    expect(await other.stop()).toBe(0);
    expect(existsSync(path.join(otherDir, LOCK_FILE_NAME))).toBe(false);
    expect(existsSync(path.join(otherDir, 'sandbox-state.json'))).toBe(true);
  });
});
