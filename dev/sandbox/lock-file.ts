import { mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface LockHolder {
  pid: number;
  url: string | null;
  startedAt: string;
}

export const LOCK_FILE_NAME = 'sandbox.lock';

/** Lock files this process holds: a lock naming our own pid is live only if it is in here. */
const heldHere = new Set<string>();

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(file: string): LockHolder | undefined {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockHolder>;
    return typeof parsed.pid === 'number' ? { pid: parsed.pid, url: typeof parsed.url === 'string' ? parsed.url : null, startedAt: String(parsed.startedAt ?? '') } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * One sandbox per data folder: two processes writing the same state file would undo
 * each other's changes. The lock file holds the owner's pid and URL; a lock whose
 * process is gone (a crash, a killed terminal) is taken over.
 */
export class SandboxLock {
  private released = false;

  private constructor(readonly file: string) {}

  static acquire(dataDir: string): { ok: true; lock: SandboxLock } | { ok: false; holder: LockHolder } {
    mkdirSync(dataDir, { recursive: true });
    const file = path.resolve(dataDir, LOCK_FILE_NAME);
    for (let attempt = 0; attempt < 2; attempt += 1) {
      try {
        writeFileSync(file, JSON.stringify({ pid: process.pid, url: null, startedAt: new Date().toISOString() }), { flag: 'wx' });
        heldHere.add(file);
        return { ok: true, lock: new SandboxLock(file) };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const holder = readHolder(file);
      const live = holder !== undefined && (holder.pid === process.pid ? heldHere.has(file) : isAlive(holder.pid));
      if (live) return { ok: false, holder };
      try {
        unlinkSync(file);
      } catch {
        // Someone else removed the stale lock first; the next attempt finds out who won.
      }
    }
    const holder = readHolder(file);
    return { ok: false, holder: holder ?? { pid: 0, url: null, startedAt: '' } };
  }

  /** Records the URL once the server listens, so a second start can say where to go. */
  setUrl(url: string): void {
    if (this.released) return;
    const holder = readHolder(this.file);
    writeFileSync(this.file, JSON.stringify({ pid: process.pid, url, startedAt: holder?.startedAt ?? new Date().toISOString() }));
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    heldHere.delete(this.file);
    if (readHolder(this.file)?.pid !== process.pid) return;
    try {
      unlinkSync(this.file);
    } catch {
      // Already gone: nothing to release.
    }
  }
}
