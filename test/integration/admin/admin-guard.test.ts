import type { AdminResolverKey } from '../../../src/resolvers/admin-api';
import { type AdminPlatform, MEMBER, startAdminPlatform, storageState } from '../../support/admin-platform';

/** A plausible, valid payload for every admin resolver: the guard must refuse before reading it. */
const VALID_PAYLOADS: Record<AdminResolverKey, unknown> = {
  'admin.getSettings': {},
  'admin.connect': { email: 'ada.admin@acme.example.com', serverUrl: 'https://acme.okr-backend.example.com', apiToken: 'token' },
  'admin.setProgressUpdates': { enabled: true },
  'admin.saveWeights': { todo: 10, inProgress: 40, done: 90 },
  'admin.recomputeAll': {},
  'admin.listStatuses': {},
  'admin.previewProgressRules': { weights: { todo: 0, inProgress: 50, done: 100 }, statusRules: [{ statusId: '10004', weight: null }] },
  'admin.saveProgressRules': { weights: { todo: 0, inProgress: 50, done: 100 }, statusRules: [{ statusId: '10004', weight: null }] },
  'admin.setAccessMode': { mode: 'selected' },
  'admin.setIncludeHiddenEmails': { enabled: true },
  'admin.listUsers': { query: '' },
  'admin.saveSelection': { add: [MEMBER.accountId], remove: [] },
  'admin.usageOverview': { sortKey: 'lastActive', page: 1, inactiveDays: 14, onlyInactive: true },
  'admin.deliveryHealth': {},
  'admin.deliveryLog': {},
  'admin.redeliver': { all: true },
  'admin.sendTestEvent': {},
};

let env: AdminPlatform;
beforeAll(async () => {
  env = await startAdminPlatform();
  expect((await env.connect()).ok).toBe(true);
});
afterAll(() => env.stop());

describe('every admin resolver checks the caller first', () => {
  it.each(Object.keys(VALID_PAYLOADS) as AdminResolverKey[])('%s refuses a non-admin and writes nothing', async (key) => {
    const before = storageState(env.platform);
    const fetchesBefore = env.platform.counters.externalFetches;
    const answer = await env.call(key, VALID_PAYLOADS[key], MEMBER.accountId);
    expect(answer).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: 'Only Jira administrators can use this page.' } });
    expect(storageState(env.platform)).toBe(before);
    expect(env.platform.counters.externalFetches).toBe(fetchesBefore);
  });

  it.each(Object.keys(VALID_PAYLOADS) as AdminResolverKey[])('%s refuses an anonymous caller (no account in the context) and writes nothing', async (key) => {
    const before = storageState(env.platform);
    const answer = await env.platform.invokeResolver('okr-sync-admin', key, VALID_PAYLOADS[key], undefined as unknown as string);
    expect(answer).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: 'Only Jira administrators can use this page.' } });
    expect(storageState(env.platform)).toBe(before);
  });

  it('takes identity from the context only: an admin named in the payload does not make a member one', async () => {
    const before = storageState(env.platform);
    const forged = { ...(VALID_PAYLOADS['admin.saveWeights'] as object), accountId: '557058:demo-0001', principal: { accountId: '557058:demo-0001' } };
    const answer = await env.call('admin.saveWeights', forged, MEMBER.accountId);
    expect(answer).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const redeliver = await env.call('admin.redeliver', { all: true, accountId: '557058:demo-0001' }, MEMBER.accountId);
    expect(redeliver).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(storageState(env.platform)).toBe(before);
  });

  it('fails closed when the permission check itself fails (an account Jira does not know)', async () => {
    const before = storageState(env.platform);
    const answer = await env.call('admin.saveWeights', VALID_PAYLOADS['admin.saveWeights'], '557058:not-on-this-site');
    expect(answer.ok).toBe(false);
    if (!answer.ok) expect(answer.error.code).toBe('FORBIDDEN');
    expect(storageState(env.platform)).toBe(before);
  });

  it('asks Jira as the calling user, not as the app', async () => {
    env.platform.jira.exchanges.length = 0;
    await env.call('admin.getSettings', {}, MEMBER.accountId);
    const check = env.platform.jira.exchanges.find((e) => e.url.startsWith('/rest/api/3/mypermissions'));
    expect(check?.principal).toBe(`user:${MEMBER.accountId}`);
  });
});
