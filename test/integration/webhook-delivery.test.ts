import { kvs } from '@forge/kvs';
import { LocalForgePlatform } from '../../dev/platform/local-platform';
import { WebhookReceiver, newSigningSecret } from '../../dev/receiver/webhook-receiver';
import { REDRIVE, outboxRecords } from '../support/outbox';
import { connectApp } from '../support/connect-app';
import { startConnectedPlatform } from '../support/connected-platform';
import { createTestSite } from '../support/test-site';
import { linkIssueToKeyResult } from '../../src/services/link-issue';
import { recomputeAllKeyResults } from '../../src/services/queue-every-key-result';

/**
 * One platform and receiver per test: each test programs the receiver's answers.
 * `sendOne` makes the app owe the backend exactly one webhook (a key result's progress,
 * re-sent through the queue), so every attempt the receiver sees is of that one record.
 */
async function setUp() {
  const { site, issues, platform, receiver, setEnabled, stop } = await startConnectedPlatform({ issueCount: 1 });
  // Linked while paused: the key result exists, but nothing is owed yet.
  await setEnabled(false);
  await linkIssueToKeyResult({ keyResultId: 'kr-delivery', issueId: issues[0]!.id, cloudId: site.cloudId, actor: { kind: 'system', reason: 'test seed' } });
  await setEnabled(true);
  const sendOne = async () => {
    expect(await recomputeAllKeyResults('weights_changed')).toEqual({ keyResults: 1, queued: true });
    await platform.drain();
  };
  const outbox = () => outboxRecords(platform);
  return { platform, receiver, sendOne, outbox, setEnabled, stop };
}

describe('webhook delivery', () => {
  it('retries 503 and 429 after the Retry-After the receiver asked for, then records delivery', async () => {
    const t = await setUp();
    try {
      t.receiver.responder = ({ attempt }) =>
        attempt === 1 ? { status: 503, headers: { 'Retry-After': '120' } } : attempt === 2 ? { status: 429, headers: { 'Retry-After': '30' } } : { status: 200 };
      await t.sendOne();
      expect(t.receiver.received).toHaveLength(1);
      await t.platform.advance(119);
      expect(t.receiver.received).toHaveLength(1);
      await t.platform.advance(1);
      expect(t.receiver.received).toHaveLength(2);
      await t.platform.advance(30);
      expect(t.receiver.received.map((r) => r.answeredWith)).toEqual([503, 429, 200]);
      expect(new Set(t.receiver.received.map((r) => r.id)).size).toBe(1);
      expect(new Set(t.receiver.received.map((r) => r.body)).size).toBe(1);
      expect(t.outbox()[0]).toMatchObject({ status: 'delivered', attempts: 3, lastStatus: 200, lastError: null });
      expect(t.platform.kvs.keys('outbox-pending:')).toEqual([]);
    } finally {
      await t.stop();
    }
  });

  it.each([
    [400, 'HTTP 400'],
    [410, 'HTTP 410'],
    [308, 'redirects are not followed'],
  ])('dead-letters a %i answer without retrying, keeping the reason', async (status, reason) => {
    const t = await setUp();
    try {
      t.receiver.responder = () => ({ status, headers: status === 308 ? { Location: 'https://elsewhere.example/hook' } : {} });
      await t.sendOne();
      await t.platform.settle();
      expect(t.receiver.received).toHaveLength(1);
      const [record] = t.outbox();
      expect(record?.status).toBe('dead');
      expect(record?.lastError).toContain(reason);
    } finally {
      await t.stop();
    }
  });

  it('delivers a record an older version left under its plain key, and moves it into the outbox entity', async () => {
    const t = await setUp();
    try {
      const body = JSON.stringify({ id: 'msg_legacy', type: 'key_result.progress_updated', data: {} });
      const createdAt = Date.now() - 60_000;
      // As the previous version stored them: the record under outbox:{id}, the marker holding only the id.
      await kvs.set('outbox:msg_legacy', { id: 'msg_legacy', type: 'key_result.progress_updated', body, keyResultId: 'kr-delivery', status: 'pending', createdAt, attempts: 2, lastAttemptAt: createdAt, lastError: 'HTTP 503', deliveredAt: null });
      await kvs.set(`outbox-pending:${String(createdAt).padStart(15, '0')}:msg_legacy`, { id: 'msg_legacy' });
      await t.platform.elapse(5 * 60, { scheduledTriggers: [REDRIVE] });
      expect(t.receiver.received.map((r) => [r.id, r.body])).toEqual([['msg_legacy', body]]);
      expect(t.outbox()).toEqual([expect.objectContaining({ id: 'msg_legacy', status: 'delivered', attempts: 3 })]);
      expect(t.platform.kvs.keys('outbox:')).toEqual([]);
      expect(t.platform.kvs.keys('outbox-pending:')).toEqual([]);
    } finally {
      await t.stop();
    }
  });

  it('keeps a message pending while updates are paused; the redrive sends it after resuming', async () => {
    const t = await setUp();
    try {
      t.receiver.responder = () => ({ status: 503 });
      await t.sendOne();
      expect(t.receiver.received).toHaveLength(1);
      // Paused while the retry waits in the queue: the retry finds updates off and leaves it pending.
      await t.setEnabled(false);
      await t.platform.settle(600);
      expect(t.receiver.received).toHaveLength(1);
      expect(t.outbox().map((r) => r.status)).toEqual(['pending']);
      // Resumed: the redrive (every five minutes) walks the outbox.
      await t.setEnabled(true);
      t.receiver.responder = () => ({ status: 204 });
      await t.platform.elapse(5 * 60, { scheduledTriggers: [REDRIVE] });
      expect(t.receiver.received.map((r) => r.answeredWith)).toEqual([503, 204]);
      expect(t.outbox().map((r) => r.status)).toEqual(['delivered']);
      expect(t.platform.kvs.keys('outbox-pending:')).toEqual([]);
    } finally {
      await t.stop();
    }
  });

  // Atlassian documents neither whether the runtime grants an invocation its permissions
  // (for permissions.canFetchFrom) nor the wording of an egress refusal: each answer here.
  it.each([
    ['the runtime grants permissions (canFetchFrom answers), whatever the refusal says', { grantsPermissionsInContext: true, egressRefusalMessage: () => 'egress denied' }],
    ['no permissions in context: the refusal is recognised by its message', { grantsPermissionsInContext: false }],
  ])('refuses to send to a host the manifest egress and test allowances do not cover: %s', async (_name, runtime) => {
    const { site, issues } = createTestSite(1);
    const platform = await LocalForgePlatform.start({ site, runtime });
    try {
      await connectApp({ webhookUrl: 'http://127.0.0.1:9/webhooks', signingSecret: newSigningSecret() });
      await linkIssueToKeyResult({ keyResultId: 'kr-delivery', issueId: issues[0]!.id, cloudId: site.cloudId, actor: { kind: 'system', reason: 'test seed' } });
      await platform.drain();
      const records = outboxRecords(platform);
      // The link's two webhooks (issue_linked, progress_updated): neither leaves the platform.
      expect(records.map((r) => [r.type, r.status]).sort()).toEqual([['key_result.issue_linked', 'dead'], ['key_result.progress_updated', 'dead']]);
      for (const record of records) expect(record.lastError).toContain('permissions.external.fetch.backend');
      expect(platform.counters.externalFetches).toBe(0);
    } finally {
      await platform.stop();
    }
  });

  it('delivers to a host the granted permissions name, port and all (canFetchFrom answers yes)', async () => {
    const { site, issues } = createTestSite(1);
    const secret = newSigningSecret();
    const receiver = new WebhookReceiver(secret);
    await receiver.start();
    const platform = await LocalForgePlatform.start({ site, extraEgress: [new URL(receiver.url).origin], runtime: { grantsPermissionsInContext: true } });
    try {
      await connectApp({ webhookUrl: receiver.url, signingSecret: secret });
      await linkIssueToKeyResult({ keyResultId: 'kr-delivery', issueId: issues[0]!.id, cloudId: site.cloudId, actor: { kind: 'system', reason: 'test seed' } });
      await platform.drain();
      expect(receiver.received.filter((r) => r.verified)).toHaveLength(2);
    } finally {
      await platform.stop();
      await receiver.stop();
    }
  });

  it('with neither answer available (no permissions, a refusal worded otherwise), keeps the events and retries them: nothing is lost', async () => {
    const { site, issues } = createTestSite(1);
    const platform = await LocalForgePlatform.start({ site, runtime: { grantsPermissionsInContext: false, egressRefusalMessage: () => 'egress denied' } });
    try {
      await connectApp({ webhookUrl: 'http://127.0.0.1:9/webhooks', signingSecret: newSigningSecret() });
      await linkIssueToKeyResult({ keyResultId: 'kr-delivery', issueId: issues[0]!.id, cloudId: site.cloudId, actor: { kind: 'system', reason: 'test seed' } });
      await platform.drain();
      const records = outboxRecords(platform);
      expect(records.map((r) => r.status)).toEqual(['pending', 'pending']);
      // The first failed and waits for its retry; the second, of the same key result, waits behind it.
      expect(records.map((r) => r.attempts)).toEqual([1, 0]);
      expect(records[0]!.lastError).toContain('egress denied');
    } finally {
      await platform.stop();
    }
  });
});
