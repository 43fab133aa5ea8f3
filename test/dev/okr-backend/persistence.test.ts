import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import Database from 'libsql';
import { DATABASE_FILE_NAME } from '../../../dev/okr-backend/okr-database';
import { startOkrBackend } from '../../../dev/okr-backend/server';
import { EXAMPLE_CLOUD_ID, buildWebhookExample } from '../../../dev/webhook-examples';
import { connectDemo, getJson, listEvents, newTempDir, progressOf, signedRequest } from './backend-support';

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
