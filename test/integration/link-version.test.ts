/**
 * A link starts from Jira's truth at the newest changelog entry: an older transition
 * event that arrives after the link cannot move it backwards. And every link change is
 * mirrored into the issue's entity property, which Jira indexes for JQL.
 */
import { issueUpdatedEvent } from '../../dev/platform/jira/forge-events';
import { KEY_RESULTS_PROPERTY_KEY } from '../../src/adapters/issue-key-results-property';
import { loadAggregate, loadLink } from '../../src/adapters/key-result-store';
import { linkIssueToKeyResult, unlinkIssueFromKeyResult } from '../../src/services/link-issue';
import { SEED_ACTOR, useConnectedPlatform } from '../support/connected-platform';
import { USER_ID } from '../support/test-site';

const connected = useConnectedPlatform(2);
const seed = SEED_ACTOR;
const link = (keyResultId: string, issueId: string) => linkIssueToKeyResult({ keyResultId, issueId, cloudId: connected().site.cloudId, actor: seed });
const unlink = (keyResultId: string, issueId: string) => unlinkIssueFromKeyResult({ keyResultId, issueId, cloudId: connected().site.cloudId, actor: seed });

it('an event older than the link (queued before it, delivered after) does not move the link backwards', async () => {
  const issue = connected().issues[0]!;
  const toInProgress = connected().site.transitionIssue(issue.id, '3', USER_ID);
  const toDone = connected().site.transitionIssue(issue.id, '10003', USER_ID);
  await link('kr-version', issue.id);
  expect(await loadLink('kr-version', issue.id)).toMatchObject({ statusId: '10003', categoryKey: 'done', version: toDone.changelog.id });

  // Both transition events arrive late, the older one last.
  await connected().platform.fireProductEvent(issueUpdatedEvent(connected().site, toDone.issue, toDone.changelog));
  await connected().platform.fireProductEvent(issueUpdatedEvent(connected().site, toInProgress.issue, toInProgress.changelog));
  await connected().platform.drain();
  expect((await loadAggregate('kr-version')).counts).toEqual({ new: 0, indeterminate: 0, done: 1 });
  expect(await loadLink('kr-version', issue.id)).toMatchObject({ categoryKey: 'done', version: toDone.changelog.id });
});

it('an issue with a long history (over 100 changelog entries) links at its newest entry', async () => {
  const issue = connected().issues[0]!;
  let last = '';
  for (let n = 0; n < 105; n += 1) last = connected().site.transitionIssue(issue.id, n % 2 === 0 ? '3' : '10002', USER_ID).changelog.id;
  const calls = connected().platform.jira.exchanges.length;
  await link('kr-version', issue.id);
  expect(await loadLink('kr-version', issue.id)).toMatchObject({ version: last, statusId: '3' });
  const changelogCalls = connected().platform.jira.exchanges.slice(calls).filter((e) => e.url.includes('/changelog'));
  expect(changelogCalls.map((e) => new URL(e.url, 'http://x').searchParams.get('startAt'))).toEqual(['0', '104']);
});

it('an issue with no history links at version 0', async () => {
  await link('kr-version', connected().issues[1]!.id);
  expect(await loadLink('kr-version', connected().issues[1]!.id)).toMatchObject({ version: '0', categoryKey: 'new' });
});

it('the issue property lists the key results the issue counts toward, ids only, and goes away with the last unlink', async () => {
  const issue = connected().issues[0]!;
  const property = () => connected().site.findIssue(issue.id)!.properties?.[KEY_RESULTS_PROPERTY_KEY];
  await link('kr-b', issue.id);
  await link('kr-a', issue.id);
  expect(property()).toEqual({ keyResultIds: ['kr-a', 'kr-b'] });
  await link('kr-a', issue.id); // idempotent
  expect(property()).toEqual({ keyResultIds: ['kr-a', 'kr-b'] });
  await unlink('kr-b', issue.id);
  expect(property()).toEqual({ keyResultIds: ['kr-a'] });
  await unlink('kr-a', issue.id);
  expect(property()).toBeUndefined();
  expect(connected().site.findIssue(connected().issues[1]!.id)!.properties?.[KEY_RESULTS_PROPERTY_KEY]).toBeUndefined();
});
