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
    ['1m', 60],
    ['1H30M', 5400],
    ['4d 7h 59m', 40 * 3600 - 60],
    ['0w 1d', 8 * 3600],
    [3600, 3600],
    [40 * 3600, 40 * 3600],
  ])('reads %j as Jira does', (input, seconds) => {
    expect(parseTimeSpent(input)).toBe(seconds);
  });

  it.each([
    ['', /Time spent is required/],
    ['soon', /must look like "1h 30m", "2d" or "1w 2d 3h 30m" .*you entered "soon"/],
    ['1.5h', /must look like/],
    ['-1h', /must look like/],
    ['1h 2h', /names "h" twice/],
    [null, /required/],
  ])('refuses %j as unreadable', (input, message) => {
    expect(() => parseTimeSpent(input)).toThrow(HttpError);
    expect(() => parseTimeSpent(input)).toThrow(message);
  });

  it.each(['0m', '0h 0m', '9999w', '1w 1m', '6d', '41h', '99999999999999999999999w'])('refuses %j: a worklog is between 1m and 1w, and the message says so', (input) => {
    expect(() => parseTimeSpent(input)).toThrow(new HttpError(400, `Time spent must be between 1m and 1w (you entered ${input}). Jira counts 1w as 5d and 1d as 8h.`));
  });

  it.each([30, 0, 40 * 3600 + 1, 90.5])('refuses %j seconds outside 60..144000 or not whole', (input) => {
    expect(() => parseTimeSpent(input)).toThrow(/whole number of seconds between 1m and 1w \(60 to 144000\)/);
  });

  it('answers 400, so the sandbox refuses the request', () => {
    expect.assertions(1);
    try {
      parseTimeSpent('9999w');
    } catch (error) {
      expect((error as HttpError).status).toBe(400);
    }
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

  it('says "not checked", not "not received", for records older than a full backend list reaches', () => {
    const receipt = (id: string, at: string) => ({ webhookId: id, type: 'key_result.progress_updated', verification: 'verified', receivedAt: at });
    const outbox = [record('msg_before_list', 1000), record('msg_in_list', 3000), record('msg_missing', 4000, 'pending')];
    const events = [receipt('msg_in_list', '1970-01-01T00:00:03.100Z'), receipt('msg_other', '1970-01-01T00:00:02.000Z')];
    const verdicts = (complete: boolean) => joinDeliveries(outbox, events, complete).filter((r) => r.app).map((r) => [r.webhookId, r.backend.verdict]);
    expect(verdicts(false)).toEqual([
      ['msg_missing', 'not received'],
      ['msg_in_list', 'accepted'],
      ['msg_before_list', 'not checked'],
    ]);
    // The backend listed everything it has: a record it never got is not received.
    expect(verdicts(true)).toContainEqual(['msg_before_list', 'not received']);
  });

  it("carries each webhook's payload: the body the app signed, else what the backend kept, else null", () => {
    const body = { id: 'msg_signed', type: 'issue.status_changed', data: { issue: { id: '10002', key: 'CHK-2' } } };
    const rows = joinDeliveries(
      [{ ...record('msg_signed', 2000), type: 'issue.status_changed', body: JSON.stringify(body) }, record('msg_no_body', 1000)],
      [
        { webhookId: 'msg_no_body', type: 'key_result.progress_updated', verification: 'verified', receivedAt: '1970-01-01T00:00:01.100Z', payload: { id: 'msg_no_body' } },
        { webhookId: 'msg_by_hand', type: 'issue.status_changed', verification: 'verified', receivedAt: '1970-01-01T00:00:03.000Z', payload: { id: 'msg_by_hand' } },
        { webhookId: null, type: null, verification: 'rejected', reason: 'missing webhook-id', receivedAt: '1970-01-01T00:00:04.000Z' },
      ],
    );
    expect(rows.map((r) => [r.webhookId, r.payload])).toEqual([
      ['(no webhook-id) 1970-01-01T00:00:04.000Z', null],
      ['msg_by_hand', { id: 'msg_by_hand' }],
      ['msg_signed', body],
      ['msg_no_body', { id: 'msg_no_body' }],
    ]);
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
