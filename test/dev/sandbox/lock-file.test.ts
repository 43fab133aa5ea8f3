import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { LOCK_FILE_NAME, SandboxLock } from '../../../dev/sandbox/lock-file';
import { tempDataDir as tempDir } from './sandbox-client';

describe('SandboxLock', () => {
  it('holds a data folder once: a second acquire names the holder and its URL', () => {
    const dir = tempDir();
    const first = SandboxLock.acquire(dir);
    if (!first.ok) throw new Error('first acquire failed');
    first.lock.setUrl('http://127.0.0.1:4711');
    const second = SandboxLock.acquire(dir);
    expect(second).toEqual({ ok: false, holder: expect.objectContaining({ pid: process.pid, url: 'http://127.0.0.1:4711' }) });
    first.lock.release();
    expect(existsSync(path.join(dir, LOCK_FILE_NAME))).toBe(false);
    const third = SandboxLock.acquire(dir);
    expect(third.ok).toBe(true);
    if (third.ok) third.lock.release();
  });

  it('takes over a lock whose process is gone', () => {
    const dir = tempDir();
    // A pid that certainly exited: a child that has already finished.
    const deadPid = spawnSync(process.execPath, ['-e', 'process.exit(0)']).pid!;
    writeFileSync(path.join(dir, LOCK_FILE_NAME), JSON.stringify({ pid: deadPid, url: 'http://127.0.0.1:1', startedAt: '2020-01-01T00:00:00Z' }));
    const acquired = SandboxLock.acquire(dir);
    expect(acquired.ok).toBe(true);
    expect(JSON.parse(readFileSync(path.join(dir, LOCK_FILE_NAME), 'utf8'))).toMatchObject({ pid: process.pid, url: null });
    if (acquired.ok) acquired.lock.release();
  });

  it('takes over an unreadable lock file', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, LOCK_FILE_NAME), 'not json');
    const acquired = SandboxLock.acquire(dir);
    expect(acquired.ok).toBe(true);
    if (acquired.ok) acquired.lock.release();
  });
});
