import path from 'node:path';
import { DEMO_PEOPLE, DEMO_WORKSPACE } from '../demo/demo-directory';
import { type OkrBackendHandle, startOkrBackend } from '../okr-backend/server';
import { realClock } from '../platform/clock';
import { installFetchGate } from '../platform/forge-globals';
import { readRetryRequest } from '../platform/invoke-handler';
import { LocalForgePlatform, PROJECT_ROOT } from '../platform/local-platform';
import { DEFAULT_PORT } from './cli-args';
import { SandboxStartError } from './start-error';
import { callAdminResolver, connectAsAdmin, connectionOf, linkDemoIssues, sameOrigin } from './app-setup';
import { createDemoSite } from './demo-site';
import { IssuePanelViews } from './issue-panel-view';
import { SandboxLock } from './lock-file';
import { type FireEvent, SiteActions } from './site-actions';
import { SandboxServer, WEB_TRIGGER_PATH } from './sandbox-server';
import { type SandboxState, clearState, loadState, serializeState, writeStateText } from './state-file';

export { SandboxStartError };

export interface SandboxOptions {
  /** Port of the sandbox page on 127.0.0.1; 0 picks a free one. Default 4700. */
  port?: number;
  dataDir: string;
  /** Forget the saved state (and the backend's database) and seed again. */
  fresh?: boolean;
  /** Connect the app to the reference backend as an admin would (default true). */
  connected?: boolean;
  /** No progress lines on stdout. */
  quiet?: boolean;
}

export interface RunningSandbox {
  url: string;
  backendUrl: string;
  platform: LocalForgePlatform;
  stop(): Promise<void>;
}

const DRIVE_INTERVAL_MS = 200;
const SAVE_INTERVAL_MS = 1000;
const REDRIVE_TRIGGER = 'redrive-outbox-every-5-minutes';

const DEMO_ADMIN = DEMO_PEOPLE.find((p) => p.siteAdmin)!;

async function listenOrExplain(server: SandboxServer, port: number): Promise<string> {
  try {
    return await server.listen(port);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new SandboxStartError(`Port ${port} is already in use on 127.0.0.1. Try --port ${port + 1}, or --port 0 to pick a free port.`, 'port-in-use');
    if (code === 'EACCES') throw new SandboxStartError(`Port ${port} needs privileges this user lacks. Try --port ${DEFAULT_PORT} or --port 0.`, 'port-in-use');
    throw error;
  }
}

/** The backend's previous port if it is still free (so a URL typed on the admin page keeps working), else any. */
async function startBackend(dataDir: string, preferredPort: number | null): Promise<OkrBackendHandle> {
  if (preferredPort) {
    try {
      return await startOkrBackend({ dataDir, host: '127.0.0.1', port: preferredPort, quiet: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    }
  }
  return startOkrBackend({ dataDir, host: '127.0.0.1', port: 0, quiet: true });
}

/**
 * The whole app offline on 127.0.0.1: the local Forge platform (real @forge/* SDK) over a
 * persistent simulated Jira site, the app's handlers, the reference OKR backend, and one
 * page to drive it all. Time is real: queued deliveries run within a fraction of a second.
 */
export async function startSandbox(options: SandboxOptions): Promise<RunningSandbox> {
  installFetchGate();
  const dataDir = path.resolve(options.dataDir);
  const say = options.quiet ? () => undefined : (line: string) => console.log(line);
  // Problems while running are always reported, on stderr, as one line.
  const warn = (line: string) => console.error(line);
  const acquired = SandboxLock.acquire(dataDir);
  if (!acquired.ok) {
    const where = acquired.holder.url ? ` at ${acquired.holder.url}` : '';
    throw new SandboxStartError(`The sandbox is already running${where} (pid ${acquired.holder.pid}) with data folder ${dataDir}. Open that URL, stop it first (Ctrl+C in its terminal), or use another --data-dir.`, 'already-running');
  }
  const lock = acquired.lock;
  const cleanups: Array<() => Promise<void> | void> = [() => lock.release()];
  const cleanUp = async () => {
    for (const step of cleanups.reverse()) await step();
  };

  try {
    // The page's server listens first: its URL is where the platform says the web trigger
    // lives, and a busy port must be found out before --fresh deletes anything.
    const server = new SandboxServer(PROJECT_ROOT);
    const url = await listenOrExplain(server, options.port ?? DEFAULT_PORT);
    cleanups.push(() => server.close());
    lock.setUrl(url);

    const backendDir = path.join(dataDir, 'okr-backend');
    if (options.fresh) clearState(dataDir, backendDir);
    let saved: SandboxState | undefined;
    try {
      saved = loadState(dataDir);
    } catch (error) {
      throw new SandboxStartError((error as Error).message, 'bad-state');
    }

    const backend = await startBackend(backendDir, saved?.backendPort ?? null);
    cleanups.push(() => backend.close());

    const site = saved?.site ?? createDemoSite();
    const webTriggerBase = `${url}${WEB_TRIGGER_PATH.replace(/\/$/, '')}`;
    const platform = await LocalForgePlatform.start({ site, clock: realClock, extraEgress: ['http://127.0.0.1'], environmentType: 'DEVELOPMENT', webTriggerBaseUrl: webTriggerBase });
    cleanups.push(() => platform.stop());
    if (saved) platform.kvs.restore(saved.kvs);

    let lastSaved = '';
    const save = () => {
      const text = serializeState({ site, kvs: platform.kvs.snapshot(), backendPort: backend.port, webTriggerBase: connectionOf(platform) ? webTriggerBase : (saved?.webTriggerBase ?? null) });
      if (text === lastSaved) return;
      writeStateText(dataDir, text);
      lastSaved = text;
    };

    let draining: Promise<void> | undefined;
    const drive = () => {
      draining ??= platform
        .drain()
        .catch((error: unknown) => warn(`The local platform hit an error while delivering: ${(error as Error).message}`))
        .finally(() => {
          draining = undefined;
        });
      return draining;
    };
    const fireEvent: FireEvent = async (event) => {
      const results = await platform.fireProductEvent(event);
      void drive();
      return results.map(({ triggerKey, result }) => ({ triggerKey, outcome: readRetryRequest(result) ? ('retry-requested' as const) : ('done' as const) }));
    };

    if (!saved) {
      // Links first, then Connect: connecting sends each key result's current progress once,
      // so the backend starts from the app's state (not from 17 link events racing each other).
      await linkDemoIssues(platform);
      if (options.connected !== false) await connectAsAdmin(platform, backend.url, DEMO_ADMIN.accountId);
      say(options.connected !== false ? 'Seeded the demo site and linked issues to 4 key results; their progress goes to the reference backend now.' : 'Seeded the demo site (the app is not connected yet).');
    } else {
      // The sandbox's own backend or the sandbox moved to another port since the last run:
      // connect again, as an admin would. A connection to any other server is left alone.
      const connection = connectionOf(platform);
      const previousBackend = saved.backendPort ? `http://127.0.0.1:${saved.backendPort}` : undefined;
      const toOurBackend = connection !== undefined && previousBackend !== undefined && sameOrigin(connection.serverUrl, previousBackend);
      if (toOurBackend && (saved.backendPort !== backend.port || saved.webTriggerBase !== webTriggerBase)) {
        // Connect only: a re-connect keeps whether the admin had paused progress updates.
        await callAdminResolver(platform, DEMO_ADMIN.accountId, 'admin.connect', { email: DEMO_WORKSPACE.email, serverUrl: backend.url, apiToken: DEMO_WORKSPACE.apiToken });
        say('Reconnected the app to the reference backend at its new address.');
      }
    }
    save();

    const runRedrive = () => platform.runScheduledTrigger(REDRIVE_TRIGGER).then(drive, (error: unknown) => warn(`The ${REDRIVE_TRIGGER} job failed: ${(error as Error).message}`));
    const timers = [
      setInterval(() => void drive(), DRIVE_INTERVAL_MS),
      setInterval(() => {
        try {
          save();
        } catch (error) {
          warn(`Could not save the sandbox state: ${(error as Error).message}`);
        }
      }, SAVE_INTERVAL_MS),
      setInterval(() => void runRedrive(), 5 * 60 * 1000),
    ];
    cleanups.push(async () => {
      for (const timer of timers) clearInterval(timer);
      await draining;
      save();
    });
    await runRedrive();

    const actions = new SiteActions(site, fireEvent);
    // The issue panels the page draws; stopped first when the sandbox stops (cleanups run last-in first-out).
    const panels = new IssuePanelViews(platform, site);
    cleanups.push(() => panels.stopAll());
    server.attach({ platform, site, actions, fireEvent, backendUrl: backend.url, adminAccountId: DEMO_ADMIN.accountId, panels, changed: () => void drive() });

    let stopping: Promise<void> | undefined;
    return { url, backendUrl: backend.url, platform, stop: () => (stopping ??= cleanUp()) };
  } catch (error) {
    await cleanUp();
    throw error;
  }
}
