/**
 * Forge's lifecycle events (avi:forge:installed:app, avi:forge:upgraded:app) become signed
 * `app.installed` / `app.upgraded` webhooks. At install time the app has no backend, so
 * the install is recorded and announced on the first Connect; an upgrade goes out at once
 * when connected and is kept for the first Connect otherwise. Everything runs through the
 * manifest's trigger modules, the real Connect resolver and the reference backend.
 */
import { LIFECYCLE_PREFIX } from '../../src/adapters/storage-keys';
import { loadSettings } from '../../src/adapters/settings-store';
import { assertValidWebhookPayload } from '../contract/webhook-schema-validator';
import { listEvents } from '../dev/okr-backend/backend-support';
import { ADMIN, type AdminPlatform, startAdminPlatform } from '../support/admin-platform';

let env: AdminPlatform;
beforeEach(async () => {
  env = await startAdminPlatform();
});
afterEach(() => env.stop());

type Lifecycle = { id: string; type: string; cloudId: string; data: Record<string, unknown> };

/** What the backend received of one type: every request (verified, duplicate or refused), oldest first. */
async function received(type: 'app.installed' | 'app.upgraded'): Promise<Array<{ verification: string; payload: Lifecycle }>> {
  const events = (await listEvents(env.backend.url)).filter((e) => e.type === type).reverse();
  return events.map((e) => ({ verification: e.verification, payload: e.payload as Lifecycle }));
}

const install = (options: { withEventType?: boolean; payload?: Record<string, unknown> } = {}) =>
  env.platform.fireLifecycleEvent('avi:forge:installed:app', { version: '2.0.0', accountId: ADMIN.accountId, ...options });
const upgrade = (version: string, options: { withEventType?: boolean } = {}) =>
  env.platform.fireLifecycleEvent('avi:forge:upgraded:app', { version, accountId: ADMIN.accountId, ...options });

const lifecycleRecords = () => env.platform.kvs.snapshot().data.filter(([key]) => key.startsWith(LIFECYCLE_PREFIX));

async function connectAndDeliver(): Promise<void> {
  expect(await env.connect()).toMatchObject({ ok: true });
  await env.platform.drain();
}

describe('app.installed', () => {
  it('installed before Connect: nothing is sent; the first Connect sends one signed app.installed that matches its schema', async () => {
    const installedAt = new Date();
    const fetches = env.platform.counters.externalFetches;
    expect(await install()).toEqual([{ triggerKey: 'app-installed-trigger', result: undefined }]);
    await env.platform.drain();
    expect(env.platform.counters.externalFetches).toBe(fetches);
    expect(await listEvents(env.backend.url)).toEqual([]);
    expect(lifecycleRecords()).toHaveLength(1);

    await connectAndDeliver();
    const sent = await received('app.installed');
    expect(sent.map((e) => e.verification)).toEqual(['verified']);
    const event = sent[0]!.payload;
    assertValidWebhookPayload(event);
    expect(event).toMatchObject({
      cloudId: env.site.cloudId,
      data: {
        installationId: env.platform.installationId,
        appId: '00000000-0000-4000-8000-000000000000',
        version: '2.0.0',
        installerAccountId: ADMIN.accountId,
        environment: { id: env.platform.environmentId, type: 'DEVELOPMENT' },
        epoch: (await loadSettings()).installationEpoch,
      },
    });
    // When the app received Forge's event, not when it was sent.
    expect(Date.parse(event.data['installedAt'] as string)).toBeGreaterThanOrEqual(installedAt.getTime());
    expect(Date.parse(event.data['installedAt'] as string)).toBeLessThanOrEqual(Date.parse(event['timestamp' as keyof Lifecycle] as string));

    // A re-connect does not announce the install again.
    await connectAndDeliver();
    expect(await received('app.installed')).toHaveLength(1);
  });

  it('the same install event twice (with and without an eventType, before and after Connect) is one webhook', async () => {
    await install();
    await install({ withEventType: true });
    expect(lifecycleRecords()).toHaveLength(1);
    await connectAndDeliver();
    await install();
    await env.platform.drain();
    const sent = await received('app.installed');
    expect(sent.map((e) => e.verification)).toEqual(['verified']);
  });

  it('an install event that reaches the app after the first Connect is sent when it arrives', async () => {
    await connectAndDeliver();
    expect(await received('app.installed')).toEqual([]);
    await install({ withEventType: true });
    await env.platform.drain();
    const sent = await received('app.installed');
    expect(sent.map((e) => e.verification)).toEqual(['verified']);
    assertValidWebhookPayload(sent[0]!.payload);
  });

  it.each([
    ['the other event type', { eventType: 'avi:forge:upgraded:app' }],
    ['another site than the invocation', { context: 'ari:cloud:jira::site/00000000-1111-2222-3333-444444444444' }],
    ['no app version', { app: { id: '00000000-0000-4000-8000-000000000000' } }],
  ])('an install event naming %s records and sends nothing', async (_label, payload) => {
    await connectAndDeliver();
    expect(await install({ payload })).toEqual([{ triggerKey: 'app-installed-trigger', result: undefined }]);
    await env.platform.drain();
    expect(lifecycleRecords()).toEqual([]);
    expect(await received('app.installed')).toEqual([]);
  });
});

describe('app.upgraded', () => {
  it('upgraded while connected: one signed app.upgraded at once, from the installed version; a duplicate sends nothing more', async () => {
    await install();
    await connectAndDeliver();
    expect(await upgrade('3.0.0')).toEqual([{ triggerKey: 'app-upgraded-trigger', result: undefined }]);
    await env.platform.drain();
    const sent = await received('app.upgraded');
    expect(sent.map((e) => e.verification)).toEqual(['verified']);
    assertValidWebhookPayload(sent[0]!.payload);
    expect(sent[0]!.payload.data).toMatchObject({ installationId: env.platform.installationId, version: '3.0.0', previousVersion: '2.0.0', upgraderAccountId: ADMIN.accountId, epoch: (await loadSettings()).installationEpoch });

    await upgrade('3.0.0', { withEventType: true });
    await env.platform.drain();
    expect(await received('app.upgraded')).toHaveLength(1);

    // The next major upgrade comes from this one.
    await upgrade('4.0.0');
    await env.platform.drain();
    expect((await received('app.upgraded')).map((e) => [e.payload.data['previousVersion'], e.payload.data['version']])).toEqual([
      ['2.0.0', '3.0.0'],
      ['3.0.0', '4.0.0'],
    ]);
  });

  it('upgraded while not connected: kept, and sent with app.installed on the first Connect', async () => {
    await install();
    await upgrade('3.0.0');
    await env.platform.drain();
    expect(await listEvents(env.backend.url)).toEqual([]);

    await connectAndDeliver();
    const installed = await received('app.installed');
    const upgraded = await received('app.upgraded');
    expect(installed.map((e) => e.verification)).toEqual(['verified']);
    expect(upgraded.map((e) => e.verification)).toEqual(['verified']);
    for (const e of [...installed, ...upgraded]) assertValidWebhookPayload(e.payload);
    expect(upgraded[0]!.payload.data).toMatchObject({ version: '3.0.0', previousVersion: '2.0.0' });
    expect(installed[0]!.payload.data['epoch']).toBe(upgraded[0]!.payload.data['epoch']);
    // The install was queued first, so a healthy backend gets it first.
    const order = (await listEvents(env.backend.url)).reverse().filter((e) => e.type?.startsWith('app.')).map((e) => e.type);
    expect(order).toEqual(['app.installed', 'app.upgraded']);
  });

  it('upgraded while connected but paused: queued, and delivered once updates are on again', async () => {
    await connectAndDeliver();
    expect(await env.call('admin.setProgressUpdates', { enabled: false })).toMatchObject({ ok: true });
    await upgrade('3.0.0');
    await env.platform.elapse(600, { scheduledTriggers: ['redrive-outbox-every-5-minutes'] });
    expect(await received('app.upgraded')).toEqual([]);
    expect(await env.call('admin.setProgressUpdates', { enabled: true })).toMatchObject({ ok: true });
    // Turning updates on walks nothing by itself: the waiting event goes at the next redrive.
    await env.platform.elapse(300, { scheduledTriggers: ['redrive-outbox-every-5-minutes'] });
    const sent = await received('app.upgraded');
    expect(sent.map((e) => e.verification)).toEqual(['verified']);
    // No installed event was recorded on this installation: nothing says where it came from.
    expect(sent[0]!.payload.data['previousVersion']).toBeNull();
  });
});

describe('over the storage budget', () => {
  it('an install refused storage on its last retries goes to the queue and is recorded once the budget allows', async () => {
    await env.stop();
    env = await startAdminPlatform({ platform: { kvsRateLimits: true } });
    // This minute's read budget is used up by the installation's other work.
    for (let n = 0; n < 4000; n += 1) env.platform.kvs.meter.admit('read', 10);
    const pushed = env.platform.queue.stats.pushedByKind['replay-event'] ?? 0;
    // The platform's third delivery of the event (two retries before).
    expect(await install({ payload: { retryContext: { retryCount: 2 } } })).toEqual([{ triggerKey: 'app-installed-trigger', result: undefined }]);
    expect((env.platform.queue.stats.pushedByKind['replay-event'] ?? 0) - pushed).toBe(1);
    expect(lifecycleRecords()).toHaveLength(0);
    await env.platform.settle(300);
    expect(lifecycleRecords()).toHaveLength(1);
    await connectAndDeliver();
    expect((await received('app.installed')).map((e) => e.verification)).toEqual(['verified']);
  });
});
