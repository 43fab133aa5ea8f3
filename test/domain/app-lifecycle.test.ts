import { type LifecycleRecord, previousVersionOf, readLifecycleEvent, unqueuedInOrder } from '../../src/domain/app-lifecycle';

/** The payloads of the Forge life-cycle events reference (developer.atlassian.com/platform/forge/events-reference/life-cycle). */
const DOCUMENTED_INSTALLED = {
  id: 'fff8e466-31f4-4c73-a337-c3309dd930dc',
  installerAccountId: '4ad9aa0c52dc1b420a791d12',
  app: { id: '406d303d-0393-4ec4-ad7c-1435be94583a', version: '9.0.0', ownerAccountId: '3bc8aa0c52dc1b310a791d34', name: 'My App Name' },
  environment: { id: '23863033-1de4-4ebf-b30d-c906264a1e92' },
  context: 'ari:cloud:jira::site/c821c30c-a2ad-47d7-b742-9fed48cfd6b9',
};
const DOCUMENTED_UPGRADED = {
  id: 'fff8e466-31f4-4c73-a337-c3309dd930dc',
  upgraderAccountId: '4ad9aa0c52dc1b420a791d12',
  app: { id: '406d303d-0393-4ec4-ad7c-1435be94583a', version: '9.0.0' },
};

const record = (overrides: Partial<LifecycleRecord>): LifecycleRecord => ({
  kind: 'installed',
  installationId: 'i-1',
  appId: 'a-1',
  version: '1.0.0',
  accountId: null,
  environmentId: null,
  webhookId: `msg_${overrides.version ?? '1.0.0'}`,
  environmentType: null,
  previousVersion: null,
  receivedAt: '2024-03-04T09:00:00.000Z',
  queuedAt: null,
  ...overrides,
});

describe('readLifecycleEvent', () => {
  it('reads the documented installed payload (no eventType in it)', () => {
    expect(readLifecycleEvent(DOCUMENTED_INSTALLED, 'avi:forge:installed:app')).toEqual({
      ok: true,
      value: { kind: 'installed', installationId: 'fff8e466-31f4-4c73-a337-c3309dd930dc', appId: '406d303d-0393-4ec4-ad7c-1435be94583a', version: '9.0.0', accountId: '4ad9aa0c52dc1b420a791d12', environmentId: '23863033-1de4-4ebf-b30d-c906264a1e92' },
    });
  });

  it('reads the documented upgraded payload, whose account is upgraderAccountId in the example and installerAccountId in the table', () => {
    expect(readLifecycleEvent(DOCUMENTED_UPGRADED, 'avi:forge:upgraded:app')).toMatchObject({ ok: true, value: { kind: 'upgraded', version: '9.0.0', accountId: '4ad9aa0c52dc1b420a791d12', environmentId: null } });
    const tableForm = { id: 'i-1', installerAccountId: 'acc-2', app: { id: 'a-1', version: '10.0.0' } };
    expect(readLifecycleEvent(tableForm, 'avi:forge:upgraded:app')).toMatchObject({ ok: true, value: { accountId: 'acc-2' } });
  });

  it('accepts an eventType when it is the subscribed one, refuses another', () => {
    expect(readLifecycleEvent({ ...DOCUMENTED_INSTALLED, eventType: 'avi:forge:installed:app' }, 'avi:forge:installed:app').ok).toBe(true);
    expect(readLifecycleEvent({ ...DOCUMENTED_INSTALLED, eventType: 'avi:forge:upgraded:app' }, 'avi:forge:installed:app')).toEqual({ ok: false, error: 'eventType "avi:forge:upgraded:app" is not avi:forge:installed:app' });
    expect(readLifecycleEvent({ ...DOCUMENTED_INSTALLED, eventType: 7 }, 'avi:forge:installed:app').ok).toBe(false);
  });

  it('leaves the optional account and environment null when absent or unusable', () => {
    const { installerAccountId: _a, environment: _e, ...bare } = DOCUMENTED_INSTALLED;
    expect(readLifecycleEvent(bare, 'avi:forge:installed:app')).toMatchObject({ ok: true, value: { accountId: null, environmentId: null } });
    expect(readLifecycleEvent({ ...bare, installerAccountId: '', environment: { id: 42 } }, 'avi:forge:installed:app')).toMatchObject({ ok: true, value: { accountId: null, environmentId: null } });
  });

  it.each([
    ['not an object', 'installed', /not an object/],
    ['no installation id', { app: { id: 'a', version: '1.0.0' } }, /installation id/],
    ['an empty installation id', { id: '', app: { id: 'a', version: '1.0.0' } }, /installation id/],
    ['no app', { id: 'i' }, /app\.id or app\.version/],
    ['a numeric version', { id: 'i', app: { id: 'a', version: 9 } }, /app\.id or app\.version/],
    ['an absurdly long version', { id: 'i', app: { id: 'a', version: '9'.repeat(201) } }, /app\.id or app\.version/],
  ])('refuses %s', (_label, event, message) => {
    const read = readLifecycleEvent(event, 'avi:forge:installed:app');
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.error).toMatch(message);
  });
});

describe('previousVersionOf', () => {
  it('is the version of the latest recorded event of the installation, or null', () => {
    const install = record({ version: '1.0.0', receivedAt: '2024-03-01T00:00:00.000Z' });
    const upgrade = record({ kind: 'upgraded', version: '2.0.0', receivedAt: '2024-03-02T00:00:00.000Z' });
    const other = record({ installationId: 'i-2', version: '7.0.0', receivedAt: '2024-03-03T00:00:00.000Z' });
    expect(previousVersionOf([], 'i-1')).toBeNull();
    expect(previousVersionOf([install], 'i-1')).toBe('1.0.0');
    expect(previousVersionOf([upgrade, other, install], 'i-1')).toBe('2.0.0');
    expect(previousVersionOf([other], 'i-1')).toBeNull();
  });
});

describe('unqueuedInOrder', () => {
  it('keeps the records not yet queued, oldest first, an install before an upgrade received at the same moment', () => {
    const at = '2024-03-02T00:00:00.000Z';
    const upgrade = record({ kind: 'upgraded', version: '2.0.0', receivedAt: at });
    const install = record({ version: '1.0.0', receivedAt: at });
    const later = record({ kind: 'upgraded', version: '3.0.0', receivedAt: '2024-03-05T00:00:00.000Z' });
    const queued = record({ kind: 'upgraded', version: '4.0.0', receivedAt: '2024-03-06T00:00:00.000Z', queuedAt: '2024-03-06T00:00:01.000Z' });
    expect(unqueuedInOrder([later, queued, upgrade, install]).map((r) => r.version)).toEqual(['1.0.0', '2.0.0', '3.0.0']);
    expect(unqueuedInOrder([queued])).toEqual([]);
  });
});
