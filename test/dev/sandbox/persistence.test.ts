/**
 * The sandbox keeps its world across restarts (site, links, progress, the backend's
 * database), reseeds on --fresh, and can start unconnected for a newcomer to connect.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DEMO_WORKSPACE } from '../../../dev/demo/demo-directory';
import { DEMO_LINKS } from '../../../dev/sandbox/demo-site';
import { startSandbox } from '../../../dev/sandbox/sandbox';
import { ADMIN_ID, USER_ID, backendProgress, call, deliveries, tempDataDir, waitFor } from './sandbox-client';

interface IssueView {
  key: string;
  statusName: string;
  linkedKeyResults: string[];
  comments: Array<{ body: string }>;
}

const issueView = async (url: string, key: string) => ((await call(url, 'GET', '/api/site')).body['issues'] as IssueView[]).find((i) => i.key === key)!;
const progressIs = (backendUrl: string, kr: string, value: number) => async () => ((await backendProgress(backendUrl, kr))?.progress === value ? true : undefined);

describe('sandbox persistence', () => {
  it('comes back after a restart with the site, links and progress, and carries on from there', async () => {
    const dataDir = tempDataDir();
    const first = await startSandbox({ port: 0, dataDir, quiet: true });
    let firstSequence: number | null | undefined;
    try {
      await call(first.url, 'POST', '/api/issues/CHK-3/transition', { statusId: '10003', actorId: USER_ID });
      await call(first.url, 'POST', '/api/issues/CHK-3/comments', { body: 'Shipped behind a flag', actorId: USER_ID });
      // CHK-1..5 from 40%: CHK-3 In Review → Done makes 50%.
      await waitFor('50% at the backend', progressIs(first.backendUrl, 'kr-checkout-conversion', 50));
      firstSequence = (await backendProgress(first.backendUrl, 'kr-checkout-conversion'))?.sequence;
    } finally {
      await first.stop();
    }

    const second = await startSandbox({ port: 0, dataDir, quiet: true });
    try {
      const chk3 = await issueView(second.url, 'CHK-3');
      expect(chk3.statusName).toBe('Done');
      expect(chk3.comments.map((c) => c.body)).toContain('Shipped behind a flag');
      expect(chk3.linkedKeyResults).toEqual(['kr-checkout-conversion']);
      expect(second.backendUrl).toBe(first.backendUrl);
      // The sandbox came back on another port and connected again, which sends every key
      // result's current progress once more: same 50%, the next sequence.
      const resent = (firstSequence ?? 0) + 1;
      await waitFor('the re-connect to re-send 50%', async () => ((await backendProgress(second.backendUrl, 'kr-checkout-conversion'))?.sequence === resent ? true : undefined));
      expect(await backendProgress(second.backendUrl, 'kr-checkout-conversion')).toMatchObject({ progress: 50, sequence: resent });
      // The app registered its new web trigger URL.
      const workspace = await call(second.backendUrl, 'GET', '/api/workspace');
      expect(workspace.body['connection']).toMatchObject({ webTriggerUrl: `${second.url}/x1/okr-backend-inbound` });

      await call(second.url, 'POST', '/api/issues/CHK-4/transition', { statusId: '3', actorId: USER_ID });
      await waitFor('60% at the backend', progressIs(second.backendUrl, 'kr-checkout-conversion', 60));
      expect((await backendProgress(second.backendUrl, 'kr-checkout-conversion'))?.sequence).toBe(resent + 1);
    } finally {
      await second.stop();
    }

    const fresh = await startSandbox({ port: 0, dataDir, fresh: true, quiet: true });
    try {
      const chk3 = await issueView(fresh.url, 'CHK-3');
      expect(chk3.statusName).toBe('In Review');
      expect(chk3.comments).toEqual([]);
      await waitFor('the reseeded 40% at the backend', progressIs(fresh.backendUrl, 'kr-checkout-conversion', 40));
    } finally {
      await fresh.stop();
    }
  });

  it('a fresh connected start: every key result has its progress at the backend, and no event is stale or rejected', async () => {
    const sandbox = await startSandbox({ port: 0, dataDir: tempDataDir(), quiet: true });
    try {
      const allHaveProgress = async () => {
        const { body } = await call(sandbox.backendUrl, 'GET', '/api/progress');
        const linked = (body['keyResults'] as Array<{ id: string; sequence: number | null }>).filter((k) => DEMO_LINKS.some((l) => l.keyResultId === k.id));
        return linked.length === DEMO_LINKS.length && linked.every((k) => k.sequence !== null) ? linked : undefined;
      };
      expect(await waitFor('progress of every linked key result', allHaveProgress)).toHaveLength(4);
      const { body } = await call(sandbox.backendUrl, 'GET', '/api/events');
      const all = body['events'] as Array<{ type: string; verification: string; payload?: { data: { cause?: { kind: string } } } }>;
      // Connecting also sends the site's usage report, and again when the 30-day history is imported (their own tests cover them).
      const events = all.filter((e) => e.type !== 'usage.report');
      const reports = all.filter((e) => e.type === 'usage.report').map((e) => e.verification);
      expect(reports.length).toBeGreaterThanOrEqual(1);
      expect(new Set(reports)).toEqual(new Set(['verified']));
      expect(events.map((e) => e.verification)).toEqual(['verified', 'verified', 'verified', 'verified']);
      expect(events.map((e) => e.payload?.data.cause?.kind)).toEqual(['sync_started', 'sync_started', 'sync_started', 'sync_started']);
    } finally {
      await sandbox.stop();
    }
  });

  it('starts unconnected for a newcomer, who connects from the admin page with the demo credentials', async () => {
    const sandbox = await startSandbox({ port: 0, dataDir: tempDataDir(), connected: false, quiet: true });
    try {
      const site = (await call(sandbox.url, 'GET', '/api/site')).body;
      expect(site['app']).toMatchObject({ connected: false, progressUpdatesEnabled: false });
      expect((await issueView(sandbox.url, 'PLAT-1')).linkedKeyResults).toEqual(['kr-reliability-uptime']);
      expect(await deliveries(sandbox.url)).toEqual([]);

      const connect = await call(sandbox.url, 'POST', '/api/bridge/invoke', {
        functionKey: 'admin.connect',
        payload: { email: DEMO_WORKSPACE.email, serverUrl: sandbox.backendUrl, apiToken: DEMO_WORKSPACE.apiToken },
        accountId: ADMIN_ID,
      });
      expect(connect.body).toMatchObject({ ok: true, result: { ok: true, data: { progressUpdatesEnabled: true, connection: { workspaceName: DEMO_WORKSPACE.name } } } });

      // Connecting sends every linked key result's current progress, with no transition needed.
      await waitFor('40% at the backend after Connect', progressIs(sandbox.backendUrl, 'kr-reliability-uptime', 40));
      // PLAT-1..5 at 40% → PLAT-3 In Progress = 50%.
      await call(sandbox.url, 'POST', '/api/issues/PLAT-3/transition', { statusId: '3', actorId: USER_ID });
      await waitFor('50% at the backend', progressIs(sandbox.backendUrl, 'kr-reliability-uptime', 50));
    } finally {
      await sandbox.stop();
    }
  });

  it('refuses a second sandbox on the same data folder, naming the first one', async () => {
    const dataDir = tempDataDir();
    const running = await startSandbox({ port: 0, dataDir, quiet: true });
    try {
      await expect(startSandbox({ port: 0, dataDir, quiet: true })).rejects.toThrow(`The sandbox is already running at ${running.url} (pid ${process.pid})`);
    } finally {
      await running.stop();
    }
    const again = await startSandbox({ port: 0, dataDir, quiet: true });
    await again.stop();
  });

  it('explains a damaged state file instead of starting on half a world, and releases the folder', async () => {
    const dataDir = tempDataDir();
    writeFileSync(path.join(dataDir, 'sandbox-state.json'), '{"version": 1, "site": ');
    await expect(startSandbox({ port: 0, dataDir, quiet: true })).rejects.toThrow(/sandbox-state\.json cannot be read .*Start with --fresh to reseed/);
    const fresh = await startSandbox({ port: 0, dataDir, fresh: true, quiet: true });
    await fresh.stop();
  });

  it('keeps the saved state when --fresh meets a busy port', async () => {
    const busyDir = tempDataDir();
    const savedDir = tempDataDir();
    const saved = await startSandbox({ port: 0, dataDir: savedDir, quiet: true });
    await saved.stop();
    const before = readFileSync(path.join(savedDir, 'sandbox-state.json'), 'utf8');
    const running = await startSandbox({ port: 0, dataDir: busyDir, quiet: true });
    try {
      const port = Number(new URL(running.url).port);
      await expect(startSandbox({ port, dataDir: savedDir, fresh: true, quiet: true })).rejects.toThrow(`Port ${port} is already in use`);
      expect(readFileSync(path.join(savedDir, 'sandbox-state.json'), 'utf8')).toBe(before);
      expect(existsSync(path.join(savedDir, 'okr-backend'))).toBe(true);
    } finally {
      await running.stop();
    }
  });
});
