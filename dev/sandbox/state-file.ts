import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { JiraSite } from '../platform/jira/site-model';
import type { KvsSnapshot } from '../platform/kvs/local-kvs';

export const STATE_FILE_NAME = 'sandbox-state.json';
const STATE_VERSION = 1;

/** Everything the sandbox needs to come back as it was: the site and the app's storage. */
export interface SandboxState {
  site: JiraSite;
  kvs: KvsSnapshot;
  /** The reference backend's last port, tried again so a URL typed on the admin page keeps working. */
  backendPort: number | null;
  /** The origin the app's web trigger URL was registered under at the last connect. */
  webTriggerBase: string | null;
}

export const statePath = (dataDir: string) => path.resolve(dataDir, STATE_FILE_NAME);

/** The saved state, or undefined when there is none; a damaged file is an error that says which file. */
export function loadState(dataDir: string): SandboxState | undefined {
  const file = statePath(dataDir);
  if (!existsSync(file)) return undefined;
  try {
    const raw = JSON.parse(readFileSync(file, 'utf8')) as { version?: number; site?: unknown; kvs?: KvsSnapshot; backendPort?: unknown; webTriggerBase?: unknown };
    if (raw.version !== STATE_VERSION || !raw.kvs || !Array.isArray(raw.kvs.data)) throw new Error(`unknown layout (version ${String(raw.version)})`);
    return {
      site: JiraSite.fromJSON(raw.site),
      kvs: { data: raw.kvs.data, secrets: raw.kvs.secrets ?? [], entities: raw.kvs.entities ?? [] },
      backendPort: typeof raw.backendPort === 'number' ? raw.backendPort : null,
      webTriggerBase: typeof raw.webTriggerBase === 'string' ? raw.webTriggerBase : null,
    };
  } catch (error) {
    throw new Error(`The sandbox state in ${file} cannot be read (${(error as Error).message}). Start with --fresh to reseed, or delete the file.`);
  }
}

export function serializeState(state: SandboxState): string {
  return JSON.stringify({ version: STATE_VERSION, site: state.site.toJSON(), kvs: state.kvs, backendPort: state.backendPort, webTriggerBase: state.webTriggerBase });
}

/** Written to a temporary file and renamed over the old one: a crash mid-write never leaves half a file. */
export function writeStateText(dataDir: string, text: string): void {
  mkdirSync(dataDir, { recursive: true });
  const file = statePath(dataDir);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

/** --fresh: forget the site and the backend's database, keep the lock. */
export function clearState(dataDir: string, backendDir: string): void {
  rmSync(statePath(dataDir), { force: true });
  rmSync(backendDir, { recursive: true, force: true });
}
