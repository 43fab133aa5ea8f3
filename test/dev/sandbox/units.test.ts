import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runInNewContext } from 'node:vm';
import { adminAssetPath, adminIndexHtml, bridgeShimScript } from '../../../dev/sandbox/admin-page';
import { joinDeliveries } from '../../../dev/sandbox/deliveries';
import { HttpError } from '../../../dev/sandbox/http-util';
import { parseTimeSpent } from '../../../dev/sandbox/site-actions';

describe('parseTimeSpent', () => {
  it.each([
    ['1h 30m', 5400],
    ['2d', 16 * 3600],
    ['1w', 40 * 3600],
    ['45m', 2700],
    ['1H30M', 5400],
    [3600, 3600],
  ])('reads %j as Jira does', (input, seconds) => {
    expect(parseTimeSpent(input)).toBe(seconds);
  });

  it.each([['', /look like/], ['soon', /look like/], ['0m', /at least 1m/], [30, /at least 60/], [90.5, /whole number/], [null, /look like/]])('refuses %j', (input, message) => {
    expect(() => parseTimeSpent(input)).toThrow(HttpError);
    expect(() => parseTimeSpent(input)).toThrow(message);
  });
});

describe('joinDeliveries', () => {
  const record = (id: string, createdAt: number, status = 'delivered') => ({ id, type: 'key_result.progress_updated', keyResultId: 'kr-a', status, attempts: 1, lastError: null, createdAt, deliveredAt: createdAt + 5 });

  it('joins outbox records with backend receipts by webhook-id, newest first', () => {
    const rows = joinDeliveries(
      [record('msg_old', 1000), record('msg_new', 2000), record('msg_pending', 1500, 'pending')],
      [
        { webhookId: 'msg_new', type: 'key_result.progress_updated', verification: 'duplicate', reason: 'seen', receivedAt: '1970-01-01T00:00:02.200Z' },
        { webhookId: 'msg_new', type: 'key_result.progress_updated', verification: 'verified', receivedAt: '1970-01-01T00:00:02.100Z' },
        { webhookId: 'msg_old', type: 'key_result.progress_updated', verification: 'rejected', reason: 'bad signature', receivedAt: '1970-01-01T00:00:01.100Z' },
      ],
    );
    expect(rows.map((r) => [r.webhookId, r.app?.status, r.backend.verdict])).toEqual([
      ['msg_new', 'delivered', 'accepted'],
      ['msg_pending', 'pending', 'not received'],
      ['msg_old', 'delivered', 'rejected'],
    ]);
    expect(rows[0]!.backend.receipts).toHaveLength(2);
    expect(rows[2]!.backend.receipts[0]).toEqual({ verification: 'rejected', reason: 'bad signature', receivedAt: '1970-01-01T00:00:01.100Z' });
  });

  it('lists what the backend received without an app record, including refusals without a webhook-id', () => {
    const rows = joinDeliveries([], [
      { webhookId: null, type: null, verification: 'rejected', reason: 'missing webhook-id', receivedAt: '1970-01-01T00:00:03.000Z' },
      { webhookId: 'msg_by_hand', type: 'issue.status_changed', verification: 'verified', receivedAt: '1970-01-01T00:00:02.000Z' },
    ]);
    expect(rows.map((r) => [r.app, r.backend.verdict])).toEqual([
      [null, 'rejected'],
      [null, 'accepted'],
    ]);
  });
});

describe('admin page serving', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'sandbox-admin-'));
  mkdirSync(path.join(root, 'static/admin/build/assets'), { recursive: true });
  writeFileSync(path.join(root, 'static/admin/build/index.html'), '<!doctype html><html><head><meta charset="utf-8"></head><body><script src="./assets/main.js"></script></body></html>');
  writeFileSync(path.join(root, 'static/admin/build/assets/main.js'), '1');
  writeFileSync(path.join(root, 'static/secret.txt'), 'outside the build');

  it('loads the bridge shim before any script of the page', () => {
    const html = adminIndexHtml(root);
    expect(html.indexOf('<script src="/app/bridge-shim.js"></script>')).toBeGreaterThan(-1);
    expect(html.indexOf('/app/bridge-shim.js')).toBeLessThan(html.indexOf('./assets/main.js'));
  });

  it('serves files of the build only', () => {
    expect(adminAssetPath(root, 'assets/main.js')).toBe(path.join(root, 'static/admin/build/assets/main.js'));
    expect(adminAssetPath(root, '../../secret.txt')).toBeUndefined();
    expect(adminAssetPath(root, '..%2F..%2Fsecret.txt')).toBeUndefined();
    expect(adminAssetPath(root, 'assets')).toBeUndefined();
    expect(adminAssetPath(root, 'assets/missing.js')).toBeUndefined();
  });
});

describe('the @forge/bridge shim', () => {
  const context = { cloudId: 'c-1', siteUrl: 'https://x.atlassian.net', localId: 'okr-sync-admin', moduleKey: 'okr-sync-admin', environmentType: 'DEVELOPMENT' as const, extension: { type: 'jira:adminPage' as const } };

  function loadShim(search: string, answer: unknown) {
    const calls: Array<{ url: string; body: unknown }> = [];
    const window: Record<string, unknown> = { location: { search } };
    const fetch = async (url: string, init: { body: string }) => {
      calls.push({ url, body: JSON.parse(init.body) });
      return { json: async () => answer };
    };
    runInNewContext(bridgeShimScript(context, 'admin-1'), { window, fetch, URLSearchParams, Promise, Object, JSON, Error });
    const bridge = window['__bridge'] as { callBridge(type: string, payload?: unknown): Promise<unknown> };
    return { bridge, calls };
  }

  it('forwards invoke to the sandbox as the acting user and resolves with the resolver result', async () => {
    const { bridge, calls } = loadShim('?as=user-7', { ok: true, result: { ok: true, data: 1 } });
    await expect(bridge.callBridge('invoke', { functionKey: 'admin.getSettings', payload: {} })).resolves.toEqual({ ok: true, data: 1 });
    expect(calls).toEqual([{ url: '/api/bridge/invoke', body: { functionKey: 'admin.getSettings', payload: {}, accountId: 'user-7' } }]);
  });

  it('rejects invoke when the resolver failed', async () => {
    const { bridge } = loadShim('', { ok: false, error: 'Resolver admin.nope failed' });
    await expect(bridge.callBridge('invoke', { functionKey: 'admin.nope' })).rejects.toThrow('Resolver admin.nope failed');
  });

  it('answers getContext like an admin page, for the default admin when no user is given', async () => {
    const { bridge } = loadShim('', {});
    await expect(bridge.callBridge('getContext')).resolves.toEqual({ ...context, accountId: 'admin-1' });
  });

  it('refuses other bridge calls by name', async () => {
    const { bridge } = loadShim('', {});
    await expect(bridge.callBridge('showFlag', {})).rejects.toThrow('does not implement the "showFlag" bridge call');
  });
});
