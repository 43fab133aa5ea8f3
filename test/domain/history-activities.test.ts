import { classifyActivity } from '../../src/domain/activity';
import { activitiesOfChangelog, activitiesOfComment, activitiesOfIssue, activitiesOfWorklog } from '../../src/domain/history-activities';

const WINDOW_FROM = '2026-11-02T00:00:00.000Z';
const human = (accountId: string) => ({ accountId, accountType: 'atlassian' });

describe('activities read from Jira history', () => {
  it('keys a comment and its last edit exactly as the live events of the same changes', () => {
    const comment = { id: '300', author: human('u-1'), updateAuthor: human('u-2'), created: '2026-12-01T11:00:00.000+0100', updated: '2026-12-01T12:30:00.000+0100' };
    const issue = { id: '10042', key: 'OKR-17' };
    const live = (c: unknown) => {
      const result = classifyActivity({ eventType: 'avi:jira:commented:issue', atlassianId: 'u-2', issue, comment: c });
      return result.kind === 'activity' ? result.activity.key : result.reason;
    };
    const found = activitiesOfComment(comment, WINDOW_FROM);
    expect(found).toEqual([
      { key: 'comment:300:created', accountId: 'u-1', kind: 'comment', occurredAt: '2026-12-01T10:00:00.000Z' },
      { key: 'comment:300:updated:2026-12-01T11:30:00.000Z', accountId: 'u-2', kind: 'comment', occurredAt: '2026-12-01T11:30:00.000Z' },
    ]);
    // The edit event Jira sent carried the same time in another offset: same key.
    expect(live({ ...comment, updated: '2026-12-01T11:30:00.000+0000' })).toBe(found[1]!.key);
    expect(live({ ...comment, updated: comment.created })).toBe(found[0]!.key);
  });

  it('leaves out what happened before the window, and accounts that are not people', () => {
    expect(activitiesOfComment({ id: '1', author: human('u-1'), updateAuthor: human('u-1'), created: '2026-10-01T10:00:00.000+0000', updated: '2026-10-01T10:00:00.000+0000' }, WINDOW_FROM)).toEqual([]);
    // Created before the window, edited inside it: only the edit counts.
    expect(activitiesOfWorklog({ id: 7, author: human('u-1'), updateAuthor: human('u-3'), created: '2026-10-30T10:00:00.000+0000', updated: '2026-11-20T10:00:00.000+0000' }, WINDOW_FROM)).toEqual([
      { key: 'worklog:7:updated:2026-11-20T10:00:00.000Z', accountId: 'u-3', kind: 'worklog', occurredAt: '2026-11-20T10:00:00.000Z' },
    ]);
    const byApp = { id: '9', author: { accountId: 'app-1', accountType: 'app' }, created: '2026-11-20T10:00:00.000+0000', items: [{ field: 'status', fieldId: 'status' }] };
    expect(activitiesOfChangelog(byApp, WINDOW_FROM)).toEqual([]);
    expect(activitiesOfChangelog({ ...byApp, author: { accountId: 'c-1', accountType: 'customer' } }, WINDOW_FROM)).toEqual([]);
    expect(activitiesOfChangelog({ ...byApp, author: human('u-5') }, WINDOW_FROM)).toEqual([{ key: 'changelog:9', accountId: 'u-5', kind: 'history', occurredAt: '2026-11-20T10:00:00.000Z' }]);
    // An entry without items (Jira writes some) is no one's activity, as live.
    expect(activitiesOfChangelog({ ...byApp, author: human('u-5'), items: [] }, WINDOW_FROM)).toEqual([]);
  });

  it('reads an issue created in the window by its creator, else its reporter', () => {
    const fields = { created: '2026-11-30T09:00:00.000+0100', reporter: human('u-rep') };
    expect(activitiesOfIssue({ id: '10042', fields: { ...fields, creator: human('u-cre') } }, WINDOW_FROM)).toEqual([{ key: 'issue:10042:created', accountId: 'u-cre', kind: 'issue', occurredAt: '2026-11-30T08:00:00.000Z' }]);
    expect(activitiesOfIssue({ id: '10042', fields }, WINDOW_FROM)[0]!.accountId).toBe('u-rep');
    expect(activitiesOfIssue({ id: '10042', fields: { ...fields, created: '2026-11-01T23:59:59.999+0000' } }, WINDOW_FROM)).toEqual([]);
  });
});
