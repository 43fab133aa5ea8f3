import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

export const PROJECT_ROOT = path.resolve(__dirname, '../../..');
/** The first of the two lines the sandbox prints once it is up (the second ends with "(Ctrl+C stops)"). */
const URL_LINE = /OKR Sync sandbox: (http:\/\/127\.0\.0\.1:\d+)\/\n.*\(Ctrl\+C stops\)\n/;

export interface SpawnedSandbox {
  child: ChildProcess;
  url: string;
  output: () => string;
  /** Ctrl+C for the whole process group (npm → tsx → node), then waits for it to exit. */
  stop: () => Promise<number | null>;
}

/** Runs a command in its own process group, collecting stdout and stderr. */
export function run(command: string, args: string[]): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(command, args, { cwd: PROJECT_ROOT, detached: true, env: { ...process.env, FORCE_COLOR: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  child.stdout!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => text, exited };
}

/** Starts the sandbox as a person would and resolves once it printed its URL. */
export async function spawnSandbox(command: string, args: string[], timeoutMs = 60_000): Promise<SpawnedSandbox> {
  const { child, output, exited } = run(command, args);
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`No sandbox URL within ${timeoutMs} ms. Output:\n${output()}`)), timeoutMs);
    const check = () => {
      const match = URL_LINE.exec(output());
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`The sandbox exited with ${String(code)} before printing its URL. Output:\n${output()}`));
    });
  });
  const stop = async () => {
    if (child.exitCode === null && child.pid) {
      try {
        process.kill(-child.pid, 'SIGINT');
      } catch {
        // Already gone.
      }
    }
    return exited;
  };
  return { child, url, output, stop };
}
