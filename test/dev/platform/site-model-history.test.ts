/**
 * The site model's additions for history: the creator of an issue, changelog entries of any
 * field, worklog tombstones, site files written before these existed, and the indexes
 * behind its lookups, which must stay right when tests and the sandbox edit the plain data.
 */
import { JiraSite } from '../../../dev/platform/jira/site-model';
import { ADMIN_ID, USER_ID, createTestSite } from '../../support/test-site';

describe('the site model for history', () => {
  it('an issue is created by its reporter unless a creator is given', () => {
    const { site } = createTestSite(0);
    expect(site.createIssue({ projectKey: 'OKR', summary: 'a', reporterId: USER_ID }).creatorId).toBe(USER_ID);
    expect(site.createIssue({ projectKey: 'OKR', summary: 'b', reporterId: USER_ID, creatorId: ADMIN_ID }).creatorId).toBe(ADMIN_ID);
  });

  it('addChangelog records any field change and counts as an update; transitions still chain statuses', () => {
    const { site, issues } = createTestSite(1);
    const issue = issues[0]!;
    const at = new Date('2026-11-02T08:00:00.000Z');
    const entry = site.addChangelog(issue.id, { authorId: ADMIN_ID, at, items: [{ field: 'Attachment', fieldtype: 'jira', fieldId: 'attachment', from: null, fromString: null, to: '10010', toString: 'a.png' }] });
    expect(entry).toEqual({ id: '20001', authorId: ADMIN_ID, created: at.toISOString(), items: [expect.objectContaining({ fieldId: 'attachment' })] });
    expect(issue.updated).toBe(at.toISOString());
    const { changelog } = site.transitionIssue(issue.key, '3', USER_ID, new Date('2026-11-03T08:00:00.000Z'));
    expect(changelog).toMatchObject({ id: '20002', items: [{ fieldId: 'status', from: '10000', to: '3', toString: 'In Progress' }] });
    expect(issue.changelogs.map((c) => c.id)).toEqual(['20001', '20002']);
  });

  it('a site file from before creators and tombstones loads: the reporter is the creator, there are no tombstones', () => {
    const { site } = createTestSite(2);
    const old = JSON.parse(JSON.stringify(site.toJSON())) as { issues: Array<Record<string, unknown>>; deletedWorklogs?: unknown };
    for (const issue of old.issues) delete issue['creatorId'];
    delete old.deletedWorklogs;
    const loaded = JiraSite.fromJSON(old);
    expect(loaded.data.issues.map((i) => i.creatorId)).toEqual([USER_ID, USER_ID]);
    expect(loaded.data.deletedWorklogs).toEqual([]);
    expect(loaded.findIssue('OKR-2')?.creatorId).toBe(USER_ID);
    expect(loaded.createIssue({ projectKey: 'OKR', summary: 'next', reporterId: USER_ID }).key).toBe('OKR-3');
  });

  it('lookups follow data edited directly: arrays replaced or pushed to, keys changed in place', () => {
    const { site, issues } = createTestSite(3);
    expect(site.findIssue('OKR-2')).toBe(issues[1]);
    const pushed = { ...issues[0]!, id: '19999', key: 'OKR-99', changelogs: [] };
    site.data.issues.push(pushed);
    expect(site.findIssue('19999')).toBe(pushed);
    issues[2]!.key = 'OKR-77';
    expect(site.findIssue('OKR-77')).toBe(issues[2]);
    expect(site.findIssue('OKR-3')).toBeUndefined();
    site.data.issues = site.data.issues.filter((i) => i !== issues[0]);
    expect(site.findIssue(issues[0]!.id)).toBeUndefined();
    // A new issue's key is one past the highest number, including the one edited in.
    expect(site.createIssue({ projectKey: 'OKR', summary: 'n', reporterId: USER_ID }).key).toBe('OKR-100');
    site.data.users = [];
    expect(site.user(USER_ID)).toBeUndefined();
  });

  it('comments and worklogs by id and by issue, through adds, deletions and an issue deletion', () => {
    const { site, issues } = createTestSite(2);
    const [a, b] = issues;
    const c1 = site.addComment(a!.id, { authorId: USER_ID, body: 'one' });
    const c2 = site.addComment(b!.id, { authorId: USER_ID, body: 'two' });
    const c3 = site.addComment(a!.id, { authorId: ADMIN_ID, body: 'three' });
    expect(site.commentsOf(a!.id)).toEqual([c1, c3]);
    site.deleteComment(c1.id);
    expect(site.findComment(c1.id)).toBeUndefined();
    expect(site.commentsOf(a!.id)).toEqual([c3]);
    expect(site.findComment(c2.id)).toBe(c2);
    const w1 = site.addWorklog(a!.id, { authorId: USER_ID, timeSpentSeconds: 60, comment: '' });
    const w2 = site.addWorklog(b!.id, { authorId: USER_ID, timeSpentSeconds: 60, comment: '' });
    const at = new Date('2026-11-04T10:00:00.000Z');
    site.deleteWorklog(w1.id, at);
    expect(site.findWorklog(w1.id)).toBeUndefined();
    expect(site.worklogsOf(a!.id)).toEqual([]);
    site.deleteIssue(b!.id, at);
    expect(site.findWorklog(w2.id)).toBeUndefined();
    expect(site.findComment(c2.id)).toBeUndefined();
    expect(site.data.deletedWorklogs).toEqual([
      { worklogId: w1.id, issueId: a!.id, deletedAt: at.toISOString() },
      { worklogId: w2.id, issueId: b!.id, deletedAt: at.toISOString() },
    ]);
    expect(() => site.deleteWorklog(w1.id)).toThrow(`No worklog ${w1.id}`);
  });
});
