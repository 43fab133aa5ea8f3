import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import Database from 'libsql';
import { DATABASE_FILE_NAME, SCHEMA_VERSION } from '../../../dev/okr-backend/okr-database';
import { startOkrBackend } from '../../../dev/okr-backend/server';
import { EXAMPLE_CLOUD_ID, buildWebhookExample } from '../../../dev/webhook-examples';
import { WHSEC_32_BYTES, connectDemo, getJson, listEvents, newTempDir, postJson, progressOf, signedRequest } from './backend-support';
import { FakeWebTrigger, verifiesWith } from './fake-web-trigger';

const dataDir = newTempDir();

afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

const send = (url: string, request: { body: string; headers: Record<string, string> }) => fetch(url, { method: 'POST', headers: request.headers, body: request.body });

describe('the reference backend keeps its data across restarts', () => {
  it('still has the events, the progress, the connection and the same signing secret after close and start on the same data dir', async () => {
    const first = await startOkrBackend({ dataDir, quiet: true });
    const connected = await connectDemo(first.url, { cloudId: 'cloud-restart', webTriggerUrl: 'https://example.invalid/x1/t' });
    const event = buildWebhookExample('key_result.progress_updated', { keyResultId: 'kr-reliability-uptime', sequence: 7, cloudId: 'cloud-restart' });
    expect((await send(connected.webhookUrl, signedRequest(connected.signingSecret, event))).status).toBe(200);
    const eventsBefore = await listEvents(first.url);
    const progressBefore = await progressOf(first.url, 'kr-reliability-uptime');
    expect(progressBefore).toMatchObject({ sequence: 7, progress: 41.67 });
    await first.close();

    const second = await startOkrBackend({ dataDir, quiet: true });
    try {
      expect(await listEvents(second.url)).toEqual(eventsBefore);
      expect(await progressOf(second.url, 'kr-reliability-uptime')).toEqual(progressBefore);
      expect((await getJson<{ connection: unknown }>(`${second.url}/api/workspace`)).body.connection).toMatchObject({ cloudId: 'cloud-restart', webTriggerUrl: 'https://example.invalid/x1/t' });
      // The secret is generated once: events signed before the restart still verify, and duplicates are still known.
      const again = await connectDemo(second.url, { cloudId: 'cloud-restart' });
      expect(again.signingSecret).toBe(connected.signingSecret);
      expect(again.inboundSigningSecret).toBe(connected.inboundSigningSecret);
      const repeat = await send(`${second.url}/webhooks/jira`, signedRequest(again.signingSecret, event));
      expect(await repeat.json()).toEqual({ duplicate: true });
      const stale = buildWebhookExample('key_result.progress_updated', { keyResultId: 'kr-reliability-uptime', sequence: 6, cloudId: 'cloud-restart' });
      expect(await (await send(`${second.url}/webhooks/jira`, signedRequest(again.signingSecret, stale))).json()).toEqual({ received: true, stale: true });
    } finally {
      await second.close();
    }
  });

  it('runs its database in WAL mode, so another connection reads while the server writes', async () => {
    const running = await startOkrBackend({ dataDir, quiet: true });
    const reader = new Database(path.join(dataDir, DATABASE_FILE_NAME), { readonly: true });
    try {
      expect(reader.pragma('journal_mode')).toEqual([{ journal_mode: 'wal' }]);
      const connected = await connectDemo(running.url);
      const event = buildWebhookExample('key_result.progress_updated', { keyResultId: 'kr-reliability-uptime', sequence: 99 });
      expect((await send(connected.webhookUrl, signedRequest(connected.signingSecret, event))).status).toBe(200);
      expect(existsSync(path.join(dataDir, `${DATABASE_FILE_NAME}-wal`))).toBe(true);
      const seen = reader.prepare('SELECT sequence FROM key_result_progress WHERE key_result_id = ? AND cloud_id = ?').all('kr-reliability-uptime', EXAMPLE_CLOUD_ID);
      expect(seen).toEqual([{ sequence: 99 }]);
    } finally {
      reader.close();
      await running.close();
    }
  });

  it('refuses to start on a port that is in use, and leaves the data dir usable', async () => {
    const running = await startOkrBackend({ dataDir, quiet: true });
    try {
      await expect(startOkrBackend({ dataDir, port: running.port, quiet: true })).rejects.toMatchObject({ code: 'EADDRINUSE' });
      expect((await listEvents(running.url)).length).toBeGreaterThan(0);
    } finally {
      await running.close();
    }
  });
});

/** The workspace table as schema version 1 created it, before the inbound signing secret. */
const VERSION_1_WORKSPACE = `CREATE TABLE workspace (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  name TEXT NOT NULL,
  email TEXT NOT NULL,
  api_token TEXT NOT NULL,
  signing_secret TEXT NOT NULL,
  cloud_id TEXT,
  site_url TEXT,
  web_trigger_url TEXT,
  connected_at TEXT
)`;

/** Makes a database this version wrote look as version 2 left it: the same rows, no progress epoch. */
function downgradeToVersion2(file: string): void {
  const db = new Database(file);
  try {
    db.exec(`ALTER TABLE key_result_progress DROP COLUMN epoch;
      PRAGMA user_version = 2;`);
  } finally {
    db.close();
  }
}

/** Makes a database this version wrote look as version 1 left it: the same rows, no inbound secret (and no epoch). */
function downgradeToVersion1(file: string): void {
  downgradeToVersion2(file);
  const db = new Database(file);
  try {
    db.exec(`ALTER TABLE workspace RENAME TO workspace_v2;
      ${VERSION_1_WORKSPACE};
      INSERT INTO workspace SELECT id, name, email, api_token, signing_secret, cloud_id, site_url, web_trigger_url, connected_at FROM workspace_v2;
      DROP TABLE workspace_v2;
      PRAGMA user_version = 1;`);
  } finally {
    db.close();
  }
}

const columnsOf = (db: InstanceType<typeof Database>, table: string) => (db.pragma(`table_info(${table})`) as { name: string }[]).map((column) => column.name);
const workspaceColumns = (db: InstanceType<typeof Database>) => columnsOf(db, 'workspace');

describe('a database written by an earlier version', () => {
  const oldDir = newTempDir();
  const file = path.join(oldDir, DATABASE_FILE_NAME);
  const trigger = new FakeWebTrigger();

  beforeAll(() => trigger.start());
  afterAll(async () => {
    await trigger.stop();
    rmSync(oldDir, { recursive: true, force: true });
  });

  it('gets an inbound signing secret on start (version 1 → 2, then on to 3) and keeps its data and its webhook secret', async () => {
    const before = await startOkrBackend({ dataDir: oldDir, quiet: true });
    const connected = await connectDemo(before.url, { siteUrl: 'https://acme.atlassian.net', webTriggerUrl: trigger.url });
    expect((await send(connected.webhookUrl, signedRequest(connected.signingSecret, buildWebhookExample('key_result.progress_updated', { sequence: 3 })))).status).toBe(200);
    const events = await listEvents(before.url);
    await before.close();

    downgradeToVersion1(file);
    const old = new Database(file, { readonly: true });
    expect(workspaceColumns(old)).not.toContain('inbound_signing_secret');
    old.close();

    const after = await startOkrBackend({ dataDir: oldDir, quiet: true });
    let inboundSecret: string | undefined;
    try {
      const migrated = new Database(file, { readonly: true });
      expect(migrated.pragma('user_version')).toEqual([{ user_version: SCHEMA_VERSION }]);
      const [row] = migrated.prepare('SELECT signing_secret, inbound_signing_secret FROM workspace').all() as { signing_secret: string; inbound_signing_secret: string }[];
      // Every step up to the current version ran: the progress stored under version 1 has epoch 0.
      expect(migrated.prepare('SELECT epoch, sequence FROM key_result_progress').all()).toEqual([{ epoch: 0, sequence: 3 }]);
      migrated.close();
      expect(row?.signing_secret).toBe(connected.signingSecret);
      expect(row?.inbound_signing_secret).toMatch(WHSEC_32_BYTES);
      expect(row?.inbound_signing_secret).not.toBe(connected.signingSecret);
      inboundSecret = row?.inbound_signing_secret;

      expect(await listEvents(after.url)).toEqual(events);
      expect((await getJson<{ connection: unknown }>(`${after.url}/api/workspace`)).body.connection).toMatchObject({ webTriggerUrl: trigger.url });
      const again = await connectDemo(after.url, { webTriggerUrl: trigger.url });
      expect(again).toMatchObject({ signingSecret: connected.signingSecret, inboundSigningSecret: inboundSecret });
      // Calls to the app are signed with the new secret from the first call after the upgrade.
      await postJson(`${after.url}/api/app-calls`, { action: 'resync.request', data: {} });
      expect(verifiesWith(again.inboundSigningSecret, trigger.calls.at(-1)!)).toBe(true);
    } finally {
      await after.close();
    }

    // The secret is generated once: the next start finds the current version and changes nothing.
    const third = await startOkrBackend({ dataDir: oldDir, quiet: true });
    try {
      expect((await connectDemo(third.url)).inboundSigningSecret).toBe(inboundSecret);
    } finally {
      await third.close();
    }
  });

  it('gets the progress epoch on start (version 2 → 3): stored progress keeps its rows as epoch 0, and a later epoch wins', async () => {
    const dir = newTempDir();
    const v2File = path.join(dir, DATABASE_FILE_NAME);
    const kr = 'kr-reliability-uptime';
    try {
      const before = await startOkrBackend({ dataDir: dir, quiet: true });
      const connected = await connectDemo(before.url);
      // What a version-2 backend stored: an update from an app that sent no epoch.
      const example = buildWebhookExample('key_result.progress_updated', { keyResultId: kr, sequence: 7 });
      const data = { ...(example.data as Record<string, unknown>) };
      delete data['epoch'];
      const withoutEpoch = { ...example, data };
      expect((await send(connected.webhookUrl, signedRequest(connected.signingSecret, withoutEpoch))).status).toBe(200);
      const events = await listEvents(before.url);
      const progress = await progressOf(before.url, kr);
      expect(progress).toMatchObject({ sequence: 7 });
      await before.close();

      downgradeToVersion2(v2File);
      const old = new Database(v2File, { readonly: true });
      expect(columnsOf(old, 'key_result_progress')).not.toContain('epoch');
      old.close();

      const after = await startOkrBackend({ dataDir: dir, quiet: true });
      try {
        const migrated = new Database(v2File, { readonly: true });
        expect(migrated.pragma('user_version')).toEqual([{ user_version: SCHEMA_VERSION }]);
        const rows = migrated.prepare('SELECT key_result_id, epoch, sequence FROM key_result_progress').all();
        migrated.close();
        expect(rows).toEqual([{ key_result_id: kr, epoch: 0, sequence: 7 }]);
        expect(await listEvents(after.url)).toEqual(events);
        expect(await progressOf(after.url, kr)).toEqual(progress);

        const again = await connectDemo(after.url);
        expect(again.signingSecret).toBe(connected.signingSecret);
        const update = (epoch: number, sequence: number) => {
          const event = buildWebhookExample('key_result.progress_updated', { keyResultId: kr, sequence });
          const withEpoch = { ...event, id: `msg_migrated${epoch}_${sequence}`, data: { ...(event.data as object), epoch } };
          return signedRequest(again.signingSecret, withEpoch);
        };
        expect(await (await send(again.webhookUrl, update(0, 7))).json()).toEqual({ received: true, stale: true });
        expect(await (await send(again.webhookUrl, update(1_796_000_000_000, 1))).json()).toEqual({ received: true });
        expect((await progressOf(after.url, kr))?.sequence).toBe(1);
      } finally {
        await after.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a database from a newer version, naming the versions it reads', async () => {
    const newer = new Database(file);
    newer.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    newer.close();
    await expect(startOkrBackend({ dataDir: oldDir, quiet: true })).rejects.toThrow(`has schema version ${SCHEMA_VERSION + 1}; this backend reads versions 1 to ${SCHEMA_VERSION}`);
  });
});
