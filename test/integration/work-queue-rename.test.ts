/**
 * The work queue was renamed (webhook-delivery → okr-sync-work). Messages an earlier
 * version queued under the old name must still be consumed after an upgrade.
 */
import { Queue } from '@forge/events';
import { runInvocation } from '../../dev/platform/forge-globals';
import { WORK_QUEUE } from '../../src/adapters/work-queue';
import { linkIssueToKeyResult } from '../../src/services/link-issue';
import { SEED_ACTOR, useConnectedPlatform } from '../support/connected-platform';

const env = useConnectedPlatform(1);

it('consumes a message left on the former queue name by the same function', async () => {
  const { platform, issues, site, receiver } = env();
  await linkIssueToKeyResult({ keyResultId: 'kr-old', issueId: issues[0]!.id, cloudId: site.cloudId, actor: SEED_ACTOR });
  await platform.drain();
  expect(WORK_QUEUE).toBe('okr-sync-work');
  await runInvocation({ functionKey: 'earlier-version', moduleKey: 'earlier-version', accountId: undefined, timeoutMillis: 25_000 }, async () => {
    await new Queue({ key: 'webhook-delivery' }).push([{ body: { kind: 'recompute', keyResultId: 'kr-old', reason: 'weights_changed' } }]);
  });
  await platform.drain();
  const causes = receiver.verifiedOfType('key_result.progress_updated').map((e) => (e.parsed.data['cause'] as { kind: string }).kind);
  expect(causes).toContain('weights_changed');
});
