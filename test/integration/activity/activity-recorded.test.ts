/**
 * Every user action Jira reports becomes one signed `activity.recorded` webhook: comments,
 * worklogs, issues created and history entries; the same change reported twice sends one.
 */
import { commentDeletedEvent, issueCommentedEvent, issueCreatedEvent, issueUpdatedEvent, worklogEvent } from '../../../dev/platform/jira/forge-events';
import { useConnectedPlatform } from '../../support/connected-platform';
import { ADMIN_ID, USER_ID } from '../../support/test-site';

const env = useConnectedPlatform(2);
const activities = () =>
  env()
    .receiver.verifiedOfType('activity.recorded')
    .map((e) => e.parsed.data as { activityKey: string; action: string; actorAccountId: string; issue: { id: string; key: string | null }; day: string });
const fire = async (event: Record<string, unknown>) => {
  await env().platform.fireProductEvent(event);
  await env().platform.drain();
};

describe('activity.recorded', () => {
  it('is sent for each comment and worklog change, by its actor', async () => {
    const { site, issues } = env();
    const comment = site.addComment(issues[0]!.id, { authorId: USER_ID, body: 'First', at: new Date('2026-12-01T10:00:00Z') });
    await fire(issueCommentedEvent(site, issues[0]!, comment));
    site.editComment(comment.id, { authorId: ADMIN_ID, body: 'Edited', at: new Date('2026-12-01T11:00:00Z') });
    await fire(issueCommentedEvent(site, issues[0]!, comment));
    await fire(commentDeletedEvent(site, issues[0]!, site.deleteComment(comment.id), ADMIN_ID));
    const worklog = site.addWorklog(issues[1]!.id, { authorId: USER_ID, timeSpentSeconds: 3600, comment: 'Work' });
    await fire(worklogEvent('avi:jira:created:worklog', worklog));
    site.editWorklog(worklog.id, { authorId: ADMIN_ID, timeSpentSeconds: 7200 });
    await fire(worklogEvent('avi:jira:updated:worklog', worklog));
    await fire(worklogEvent('avi:jira:deleted:worklog', site.deleteWorklog(worklog.id)));
    expect(activities().map((a) => [a.action, a.actorAccountId])).toEqual([
      ['comment_created', USER_ID],
      ['comment_updated', ADMIN_ID],
      ['comment_deleted', ADMIN_ID],
      ['worklog_created', USER_ID],
      ['worklog_updated', ADMIN_ID],
      ['worklog_deleted', ADMIN_ID],
    ]);
    expect(activities()[0]).toMatchObject({ issue: { id: issues[0]!.id, key: issues[0]!.key }, day: '2026-12-01' });
  });

  it('is sent for an issue created and for each history entry, of any issue (not only linked ones)', async () => {
    const { site, issues } = env();
    const created = site.createIssue({ projectKey: 'OKR', summary: 'New', reporterId: USER_ID });
    await fire(issueCreatedEvent(site, created));
    const { changelog } = site.transitionIssue(issues[0]!.id, '3', ADMIN_ID);
    await fire(issueUpdatedEvent(site, issues[0]!, changelog));
    const assigned = { id: '99001', authorId: USER_ID, created: new Date().toISOString(), items: [{ field: 'assignee', fieldtype: 'jira', fieldId: 'assignee', from: null, fromString: null, to: USER_ID, toString: 'Uma User' }] };
    await fire(issueUpdatedEvent(site, issues[1]!, assigned));
    expect(activities().map((a) => [a.activityKey, a.action, a.actorAccountId])).toEqual([
      [`issue:${created.id}:created`, 'issue_created', USER_ID],
      [`changelog:${changelog.id}`, 'status_changed', ADMIN_ID],
      ['changelog:99001', 'issue_assigned', USER_ID],
    ]);
  });

  it('sends one webhook for the same change reported twice, or out of order', async () => {
    const { site, issues } = env();
    const first = site.addComment(issues[0]!.id, { authorId: USER_ID, body: 'One' });
    const second = site.addComment(issues[0]!.id, { authorId: USER_ID, body: 'Two' });
    const eventOne = issueCommentedEvent(site, issues[0]!, first);
    await fire(issueCommentedEvent(site, issues[0]!, second));
    await fire(eventOne);
    await fire(eventOne);
    expect(activities().map((a) => a.activityKey)).toEqual([`comment:${second.id}:created`, `comment:${first.id}:created`]);
    // Every delivery of the same change carried the same webhook id.
    const ids = env().receiver.received.filter((r) => r.verified && (r.parsed as { type: string }).type === 'activity.recorded').map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('sends nothing while updates are paused', async () => {
    const { site, issues, setEnabled } = env();
    await setEnabled(false);
    await fire(issueCommentedEvent(site, issues[0]!, site.addComment(issues[0]!.id, { authorId: USER_ID, body: 'Quiet' })));
    expect(activities()).toEqual([]);
  });
});
