import { outboxRecords } from '../support/outbox';
import { LocalForgePlatform } from '../../dev/platform/local-platform';
import { issueUpdatedEvent } from '../../dev/platform/jira/forge-events';
import { WebhookReceiver, newSigningSecret } from '../../dev/receiver/webhook-receiver';
import { linkIssueToKeyResult } from '../../src/services/link-issue';
import type { JiraSite, SimIssue } from '../../dev/platform/jira/site-model';
import { connectApp } from '../support/connect-app';
import { startConnectedPlatform } from '../support/connected-platform';
import { USER_ID, createTestSite } from '../support/test-site';

describe('a status transition becomes a signed key_result.progress_updated', () => {
  let platform: LocalForgePlatform;
  let receiver: WebhookReceiver;
  let stop: () => Promise<void>;
  let site: JiraSite;
  let issues: SimIssue[];

  beforeAll(async () => {
    ({ platform, receiver, stop, site, issues } = await startConnectedPlatform({ issueCount: 4 }));
    for (const issue of issues.slice(0, 3)) await linkIssueToKeyResult({ keyResultId: 'kr-1', issueId: issue.id, cloudId: site.cloudId, actor: { kind: 'system', reason: 'seed' } });
    await platform.drain();
  });

  afterAll(() => stop());

  it('sends one progress update per link, in sequence, with progress 0 for three To Do issues', () => {
    const updates = receiver.verifiedOfType('key_result.progress_updated');
    expect(updates.map((u) => u.parsed.data['sequence'])).toEqual([1, 2, 3]);
    expect(updates[2]!.parsed.data).toMatchObject({ keyResultId: 'kr-1', progress: 0, issueCount: 3, counts: { new: 3, indeterminate: 0, done: 0 } });
  });

  it('turns a transition fed in the Forge payload shape into a verified webhook with the new progress', async () => {
    const before = receiver.received.length;
    const { issue, changelog } = site.transitionIssue(issues[0]!.id, '10003', USER_ID);
    await platform.fireProductEvent(issueUpdatedEvent(site, issue, changelog));
    await platform.drain();

    const fresh = receiver.received.slice(before);
    expect(fresh.every((r) => r.verified)).toBe(true);
    const statusChanged = fresh.find((r) => (r.parsed as { type: string }).type === 'issue.status_changed');
    expect(statusChanged?.parsed).toMatchObject({
      type: 'issue.status_changed',
      cloudId: site.cloudId,
      data: {
        issue: { id: issue.id, key: issue.key, summary: issue.summary, type: 'Task', projectKey: 'OKR', projectName: 'OKR Demo', url: `${site.data.baseUrl}/browse/${issue.key}` },
        siteUrl: site.data.baseUrl,
        changelogId: changelog.id,
        to: { statusId: '10003', categoryKey: 'done' },
      },
    });
    const progress = fresh.find((r) => (r.parsed as { type: string }).type === 'key_result.progress_updated');
    expect(progress?.parsed).toMatchObject({
      type: 'key_result.progress_updated',
      data: { keyResultId: 'kr-1', sequence: 4, progress: 33.33, cause: { kind: 'issue_status_changed', issueId: issue.id, issueKey: issue.key, changelogId: changelog.id }, weightedSum: 100, issueCount: 3, counts: { new: 2, indeterminate: 0, done: 1 }, weights: { todo: 0, inProgress: 50, done: 100 } },
    });
    expect(progress?.id).toBe((progress?.parsed as { id: string }).id);
  });

  it('sends no status or progress webhook for an issue linked to no key result (only its activity), and calls no Jira', async () => {
    const before = receiver.received.length;
    const outboxBefore = outboxRecords(platform).length;
    const pushed = platform.queue.stats.pushed;
    const jiraCalls = platform.jira.exchanges.length;
    const { issue, changelog } = site.transitionIssue(issues[3]!.id, '3', USER_ID);
    await platform.fireProductEvent(issueUpdatedEvent(site, issue, changelog));
    await platform.drain();
    // The transition is a user's activity on the site (activity.recorded), not a key result's business.
    expect(receiver.received.slice(before).map((r) => (r.parsed as { type: string }).type)).toEqual(['activity.recorded']);
    expect(outboxRecords(platform)).toHaveLength(outboxBefore + 1);
    expect(platform.queue.stats.pushed).toBe(pushed + 1);
    expect(platform.jira.exchanges).toHaveLength(jiraCalls);
  });

  it('ignores a duplicate of an event it already applied', async () => {
    const { issue, changelog } = site.transitionIssue(issues[1]!.id, '3', USER_ID);
    const event = issueUpdatedEvent(site, issue, changelog);
    await platform.fireProductEvent(event);
    await platform.drain();
    const before = receiver.received.length;
    await platform.fireProductEvent(event);
    await platform.drain();
    const progress = receiver.received.slice(before).filter((r) => (r.parsed as { type: string }).type === 'key_result.progress_updated');
    expect(progress).toHaveLength(0);
  });

  it('resolves the category from the cached status list when the payload lacks it: one Jira call, then none', async () => {
    await platform.kvs.handle('/api/v1/delete', { key: 'cache:status-categories' });
    const statusCalls = () => platform.jira.exchanges.filter((e) => e.url.startsWith('/rest/api/3/status')).length;
    const callsBefore = statusCalls();
    const first = site.transitionIssue(issues[2]!.id, '10002', USER_ID);
    await platform.fireProductEvent(issueUpdatedEvent(site, first.issue, first.changelog, { withStatusCategory: false }));
    const second = site.transitionIssue(issues[2]!.id, '3', USER_ID);
    await platform.fireProductEvent(issueUpdatedEvent(site, second.issue, second.changelog, { withStatusCategory: false }));
    await platform.drain();
    expect(statusCalls() - callsBefore).toBe(1);
    const last = receiver.verifiedOfType('key_result.progress_updated').at(-1)!;
    expect(last.parsed.data['counts']).toEqual({ new: 0, indeterminate: 2, done: 1 });
  });
});

describe('when progress updates are off', () => {
  it('drops transitions cheaply: no Jira call, no webhook, one storage read', async () => {
    const { site, issues } = createTestSite(1);
    const platform = await LocalForgePlatform.start({ site, extraEgress: ['http://127.0.0.1'] });
    const secret = newSigningSecret();
    const receiver = new WebhookReceiver(secret);
    await receiver.start();
    try {
      await connectApp({ webhookUrl: receiver.url, signingSecret: secret, enabled: false });
      const jiraBefore = platform.jira.requestCount;
      const readsBefore = platform.kvs.counters.reads;
      const { issue, changelog } = site.transitionIssue(issues[0]!.id, '10003', USER_ID);
      await platform.fireProductEvent(issueUpdatedEvent(site, issue, changelog, { withStatusCategory: false }));
      await platform.drain();
      expect(platform.jira.requestCount - jiraBefore).toBe(0);
      expect(platform.kvs.counters.reads - readsBefore).toBe(1);
      expect(platform.queue.stats.pushed).toBe(0);
      expect(receiver.received).toHaveLength(0);
    } finally {
      await receiver.stop();
      await platform.stop();
    }
  });
});
