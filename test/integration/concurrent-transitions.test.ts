import { LocalForgePlatform } from '../../dev/platform/local-platform';
import { issueUpdatedEvent } from '../../dev/platform/jira/forge-events';
import { WebhookReceiver, newSigningSecret } from '../../dev/receiver/webhook-receiver';
import { linkIssueToKeyResult } from '../../src/services/link-issue';
import { connectApp } from '../support/connect-app';
import { USER_ID, createTestSite, seededRandom, shuffle } from '../support/test-site';

const STATUS_IDS = ['10000', '10001', '3', '10002', '10003', '10004'];

describe.each([1, 2, 3])('200 transitions across 50 issues of one key result (seed %i)', (seed) => {
  it('end with the exact progress and strictly increasing sequences', async () => {
    const random = seededRandom(seed);
    const { site, issues } = createTestSite(50);
    const platform = await LocalForgePlatform.start({ site, extraEgress: ['http://127.0.0.1'], queue: { shuffle: true, duplicateRate: 0.2, parallelism: 16, random } });
    const secret = newSigningSecret();
    const receiver = new WebhookReceiver(secret);
    await receiver.start();
    try {
      await connectApp({ webhookUrl: receiver.url, signingSecret: secret, weights: { todo: 10, inProgress: 40, done: 90 } });
      for (const issue of issues) await linkIssueToKeyResult({ keyResultId: 'kr-concurrent', issueId: issue.id, cloudId: site.cloudId, actor: { kind: 'system', reason: 'seed' } });
      await platform.drain();
      const afterLinks = receiver.received.length;

      // 200 transitions happen in Jira in order; their events arrive shuffled, 20 % twice.
      const events = Array.from({ length: 200 }, () => {
        const issue = issues[Math.floor(random() * issues.length)]!;
        const current = issue.statusId;
        const choices = STATUS_IDS.filter((s) => s !== current);
        const { changelog } = site.transitionIssue(issue.id, choices[Math.floor(random() * choices.length)]!, USER_ID);
        return issueUpdatedEvent(site, issue, changelog, { withStatusCategory: random() < 0.5 });
      });
      const deliveries = shuffle([...events, ...events.filter(() => random() < 0.2)], random);
      await Promise.all(deliveries.map((event) => platform.fireProductEvent(event)));
      // 480 queue pushes in a burst exceed the 500-a-minute limit: the triggers ask to be
      // retried, so let platform time pass until every retry has run.
      await platform.settle();

      const expected = { new: 0, indeterminate: 0, done: 0 };
      for (const issue of issues) expected[site.categoryOfStatus(issue.statusId).key as keyof typeof expected] += 1;
      const expectedProgress = Math.round(((expected.new * 10 + expected.indeterminate * 40 + expected.done * 90) * 100) / 50) / 100;

      const updates = receiver.verifiedOfType('key_result.progress_updated');
      const unique = updates.filter((u, i) => updates.findIndex((v) => v.id === u.id) === i);
      // Every sequence number is assigned exactly once: 1..N with no gap and no repeat.
      const sequences = unique.map((u) => u.parsed.data['sequence'] as number);
      expect([...sequences].sort((a, b) => a - b)).toEqual(Array.from({ length: sequences.length }, (_, i) => i + 1));
      // Transitions are applied and delivered one at a time per key result, so they also arrive in order.
      const arrived = receiver.received.slice(afterLinks).filter((r) => r.verified && (r.parsed as { type: string }).type === 'key_result.progress_updated');
      const arrivedSequences = arrived.map((r) => (r.parsed as { data: { sequence: number } }).data.sequence);
      for (let i = 1; i < arrivedSequences.length; i += 1) expect(arrivedSequences[i]!).toBeGreaterThan(arrivedSequences[i - 1]!);
      expect(arrivedSequences.length).toBeGreaterThan(20);

      const latest = unique.reduce((a, b) => ((a.parsed.data['sequence'] as number) > (b.parsed.data['sequence'] as number) ? a : b));
      const stale = issues.filter((i) => (platform.kvs.peek(`kr-link:kr-concurrent:${i.id}`) as { statusId: string }).statusId !== i.statusId);
      expect(stale.map((i) => i.key)).toEqual([]);
      expect(latest.parsed.data['counts']).toEqual(expected);
      expect(latest.parsed.data['progress']).toBe(expectedProgress);
      expect(latest.parsed.data['issueCount']).toBe(50);
      expect(receiver.received.every((r) => r.verified)).toBe(true);
      expect(platform.queue.stats.duplicatesInjected).toBeGreaterThan(0);
      expect(platform.queue.stats.failed).toEqual([]);
    } finally {
      await receiver.stop();
      await platform.stop();
    }
  });
});
