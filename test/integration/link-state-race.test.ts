/**
 * A status move inside one category only rewrites the link (its version), but under the
 * same compare-and-set as every other change: it cannot bring back a link that an unlink
 * removed between its read and its write.
 */
import { ConcurrentUpdateError, loadAggregate, loadLink, saveLinkState } from '../../src/adapters/key-result-store';
import { applyStatusChange } from '../../src/services/apply-status-change';
import { linkIssueToKeyResult, unlinkIssueFromKeyResult } from '../../src/services/link-issue';
import { SEED_ACTOR, useConnectedPlatform } from '../support/connected-platform';

const connected = useConnectedPlatform(2);
const seed = SEED_ACTOR;

it('a link-only write based on a key result that moved on is refused, and the unlinked issue stays unlinked', async () => {
  const [issue, other] = connected().issues;
  await linkIssueToKeyResult({ keyResultId: 'kr-race', issueId: issue!.id, cloudId: connected().site.cloudId, actor: seed });
  await linkIssueToKeyResult({ keyResultId: 'kr-race', issueId: other!.id, cloudId: connected().site.cloudId, actor: seed });
  // What a consumer applying "To Do → Backlog" (same category) read...
  const readBefore = await loadAggregate('kr-race');
  const link = (await loadLink('kr-race', issue!.id))!;
  // ...then, before it writes, someone unlinks the issue.
  await unlinkIssueFromKeyResult({ keyResultId: 'kr-race', issueId: issue!.id, cloudId: connected().site.cloudId, actor: seed });

  await expect(saveLinkState(readBefore, { ...link, statusId: '10001', version: '99999' })).rejects.toBeInstanceOf(ConcurrentUpdateError);
  expect(await loadLink('kr-race', issue!.id)).toBeUndefined();
  expect((await loadAggregate('kr-race')).counts).toEqual({ new: 1, indeterminate: 0, done: 0 });
});

it('the same move, retried from fresh reads after the unlink, finds no link and changes nothing', async () => {
  const [issue] = connected().issues;
  await linkIssueToKeyResult({ keyResultId: 'kr-race', issueId: issue!.id, cloudId: connected().site.cloudId, actor: seed });
  await unlinkIssueFromKeyResult({ keyResultId: 'kr-race', issueId: issue!.id, cloudId: connected().site.cloudId, actor: seed });
  const before = await loadAggregate('kr-race');
  await applyStatusChange('kr-race', { issueId: issue!.id, statusId: '10001', categoryKey: 'new', changelogId: '99999' }, connected().site.cloudId);
  expect(await loadLink('kr-race', issue!.id)).toBeUndefined();
  expect(await loadAggregate('kr-race')).toEqual(before);
});

it('a move inside one category with an up-to-date read still records the new version', async () => {
  const [issue] = connected().issues;
  await linkIssueToKeyResult({ keyResultId: 'kr-race', issueId: issue!.id, cloudId: connected().site.cloudId, actor: seed });
  await applyStatusChange('kr-race', { issueId: issue!.id, statusId: '10001', categoryKey: 'new', changelogId: '99999' }, connected().site.cloudId);
  expect(await loadLink('kr-race', issue!.id)).toMatchObject({ statusId: '10001', categoryKey: 'new', version: '99999' });
});
