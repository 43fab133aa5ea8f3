import { classifyActivity } from '../../src/domain/activity';

const issue = { id: '10042', key: 'OKR-17', fields: { project: { id: '10000', key: 'OKR' }, created: '2026-11-30T09:00:00.000+0100', creator: { accountId: 'u-creator' } } };
const NOW = new Date('2026-12-01T12:00:00.000Z');
const activityOf = (event: unknown) => {
  const result = classifyActivity(event, NOW);
  if (result.kind !== 'activity') throw new Error(`expected an activity, got: ${result.reason}`);
  return result.activity;
};

describe('classifyActivity', () => {
  it('tells a new comment from an edit by its timestamps, and keys each as the Jira change it is', () => {
    const created = activityOf({ eventType: 'avi:jira:commented:issue', atlassianId: 'u-1', issue, comment: { id: '300', author: { accountId: 'u-1' }, updateAuthor: { accountId: 'u-1' }, created: '2026-12-01T10:00:00.000+0000', updated: '2026-12-01T10:00:00.000+0000' } });
    expect(created).toEqual({ key: 'comment:300:created', action: 'comment_created', actorAccountId: 'u-1', issue: { id: '10042', key: 'OKR-17', projectId: '10000', projectKey: 'OKR' }, occurredAt: '2026-12-01T10:00:00.000Z' });
    const edited = activityOf({ eventType: 'avi:jira:commented:issue', atlassianId: 'u-2', issue, comment: { id: '300', author: { accountId: 'u-1' }, updateAuthor: { accountId: 'u-2' }, created: '2026-12-01T10:00:00.000+0000', updated: '2026-12-01T11:30:00.000+0000' } });
    expect(edited).toMatchObject({ key: 'comment:300:updated:2026-12-01T11:30:00.000Z', action: 'comment_updated', actorAccountId: 'u-2', occurredAt: '2026-12-01T11:30:00.000Z' });
  });

  it('keys a deleted comment once, whoever deleted it, at the event’s time', () => {
    expect(activityOf({ eventType: 'avi:jira:deleted:comment', atlassianId: 'u-3', timestamp: String(Date.parse('2026-12-01T08:00:00Z')), issue, comment: { id: '300' } })).toMatchObject({ key: 'comment:300:deleted', action: 'comment_deleted', actorAccountId: 'u-3', occurredAt: '2026-12-01T08:00:00.000Z' });
  });

  it('reads worklogs, which carry only the issue id', () => {
    const worklog = { id: '500', issueId: '10042', author: { accountId: 'u-1' }, updateAuthor: { accountId: 'u-4' }, created: '2026-12-01T07:00:00.000+0000', updated: '2026-12-01T09:00:00.000+0000' };
    expect(activityOf({ eventType: 'avi:jira:created:worklog', worklog })).toMatchObject({ key: 'worklog:500:created', action: 'worklog_created', actorAccountId: 'u-1', issue: { id: '10042', key: null, projectId: null } });
    expect(activityOf({ eventType: 'avi:jira:updated:worklog', worklog })).toMatchObject({ key: 'worklog:500:updated:2026-12-01T09:00:00.000Z', action: 'worklog_updated', actorAccountId: 'u-4' });
    expect(activityOf({ eventType: 'avi:jira:deleted:worklog', worklog })).toMatchObject({ key: 'worklog:500:deleted', action: 'worklog_deleted', occurredAt: NOW.toISOString() });
  });

  it('reads an issue created, at its creation time in UTC', () => {
    expect(activityOf({ eventType: 'avi:jira:created:issue', atlassianId: 'u-creator', issue })).toMatchObject({ key: 'issue:10042:created', action: 'issue_created', actorAccountId: 'u-creator', occurredAt: '2026-11-30T08:00:00.000Z' });
  });

  it.each([
    [[{ fieldId: 'assignee', field: 'assignee' }, { fieldId: 'status' }], 'issue_assigned'],
    [[{ field: 'Attachment' }], 'attachment_changed'],
    [[{ fieldId: 'status', field: 'status' }], 'status_changed'],
    [[{ fieldId: 'duedate', field: 'duedate' }], 'field_changed'],
  ])('reads a history entry with items %j as %s, one activity per changelog id', (items, action) => {
    expect(activityOf({ eventType: 'avi:jira:updated:issue', atlassianId: 'u-5', timestamp: String(NOW.getTime()), issue, changelog: { id: '20031', items } })).toMatchObject({ key: 'changelog:20031', action, actorAccountId: 'u-5' });
  });

  it.each([
    [{ eventType: 'avi:jira:updated:issue', atlassianId: 'u-5', issue }, 'without a changelog entry'],
    [{ eventType: 'avi:jira:updated:issue', atlassianId: 'u-5', issue, changelog: { id: '1', items: [] } }, 'without a changelog entry'],
    [{ eventType: 'avi:jira:commented:issue', issue, comment: {} }, 'without comment.id'],
    [{ eventType: 'avi:jira:created:worklog', worklog: { id: '1', issueId: '2' } }, 'without an author'],
    [{ eventType: 'avi:jira:deleted:issue', issue }, 'not an activity event'],
  ])('says why %j is no activity', (event, reason) => {
    const result = classifyActivity(event, NOW);
    expect(result.kind).toBe('ignored');
    if (result.kind === 'ignored') expect(result.reason).toContain(reason);
  });
});
