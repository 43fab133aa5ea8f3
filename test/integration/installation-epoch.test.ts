import { LocalForgePlatform } from '../../dev/platform/local-platform';
import { WebhookReceiver, newSigningSecret } from '../../dev/receiver/webhook-receiver';
import { loadSettings } from '../../src/adapters/settings-store';
import { linkIssueToKeyResult } from '../../src/services/link-issue';
import { SEED_ACTOR } from '../support/connected-platform';
import { connectApp } from '../support/connect-app';
import { createTestSite } from '../support/test-site';

type Progress = { id: string; data: { keyResultId: string; epoch: number; sequence: number } };

/**
 * A reinstall wipes the app's storage, so sequences start again at 1. Each installation
 * (here: a platform with fresh storage on the same site) gets its own, later epoch, so a
 * receiver ordering by (epoch, sequence) takes the new updates, and no id repeats.
 */
describe('installation epoch', () => {
  it('a reinstall sends sequence 1 again under a later epoch and new webhook ids', async () => {
    const { site, issues } = createTestSite(2);
    const secret = newSigningSecret();
    const receiver = new WebhookReceiver(secret);
    await receiver.start();
    const installOnce = async (issueIndex: number) => {
      const platform = await LocalForgePlatform.start({ site, extraEgress: ['http://127.0.0.1'] });
      try {
        await connectApp({ webhookUrl: receiver.url, signingSecret: secret });
        await linkIssueToKeyResult({ keyResultId: 'kr-1', issueId: issues[issueIndex]!.id, cloudId: site.cloudId, actor: SEED_ACTOR });
        await platform.drain();
        return (await loadSettings()).installationEpoch;
      } finally {
        await platform.stop();
      }
    };
    try {
      const first = await installOnce(0);
      await new Promise((resolve) => setTimeout(resolve, 5));
      const second = await installOnce(1);
      const updates = receiver.verifiedOfType('key_result.progress_updated').map((r) => r.parsed as unknown as Progress);
      expect(updates.map((u) => [u.data.epoch, u.data.sequence])).toEqual([
        [first, 1],
        [second, 1],
      ]);
      expect(second).toBeGreaterThan(first!);
      expect(new Set(receiver.received.map((r) => r.id)).size).toBe(receiver.received.length);
      // The link events carry the same epoch as the progress update they go with.
      const links = receiver.verifiedOfType('key_result.issue_linked').map((r) => (r.parsed as unknown as Progress).data.epoch);
      expect(links).toEqual([first, second]);
    } finally {
      await receiver.stop();
    }
  });

  it('an installation connected before epochs existed gets one at its next event, and keeps it', async () => {
    const { site, issues } = createTestSite(2);
    const secret = newSigningSecret();
    const receiver = new WebhookReceiver(secret);
    await receiver.start();
    const platform = await LocalForgePlatform.start({ site, extraEgress: ['http://127.0.0.1'] });
    try {
      await connectApp({ webhookUrl: receiver.url, signingSecret: secret });
      expect((await loadSettings()).installationEpoch).toBeNull();
      await linkIssueToKeyResult({ keyResultId: 'kr-1', issueId: issues[0]!.id, cloudId: site.cloudId, actor: SEED_ACTOR });
      const epoch = (await loadSettings()).installationEpoch;
      expect(epoch).toEqual(expect.any(Number));
      // Settings replaced (a reconnect in the old style) keep it.
      await connectApp({ webhookUrl: receiver.url, signingSecret: secret });
      await linkIssueToKeyResult({ keyResultId: 'kr-1', issueId: issues[1]!.id, cloudId: site.cloudId, actor: SEED_ACTOR });
      await platform.drain();
      expect((await loadSettings()).installationEpoch).toBe(epoch);
      const updates = receiver.verifiedOfType('key_result.progress_updated').map((r) => r.parsed as unknown as Progress);
      expect(updates.map((u) => [u.data.epoch, u.data.sequence])).toEqual([
        [epoch, 1],
        [epoch, 2],
      ]);
    } finally {
      await platform.stop();
      await receiver.stop();
    }
  });
});
