/**
 * seedHistory: what it makes (counts, the window, who acts, tombstones), that the same seed
 * makes the same site, and that a 20,000-issue history is quick to make and to look up in.
 */
import { performance } from 'node:perf_hooks';
import { type SeedHistoryOptions, seedHistory, seededRandom } from '../../../dev/platform/jira/seed-history';
import { JiraSite } from '../../../dev/platform/jira/site-model';

const NOW = new Date('2026-11-16T15:30:00.000Z');
const DAY = 86_400_000;

function siteWithPeople(people: number) {
  const site = JiraSite.create();
  site.addProject({ id: '10000', key: 'OKR', name: 'OKR Demo' });
  site.addProject({ id: '10001', key: 'OPS', name: 'Operations' });
  const users = Array.from({ length: people }, (_, i) => site.addUser({ accountId: `557058:p-${i}`, displayName: `Person ${i}` }).accountId);
  return { site, users };
}

function seeded(options: Partial<SeedHistoryOptions> = {}) {
  const { site, users } = siteWithPeople(12);
  const result = seedHistory(site, { now: NOW, days: 30, issues: 200, changelogs: 900, worklogs: 400, comments: 600, users, random: seededRandom(5), ...options });
  return { site, users, result };
}

describe('seedHistory', () => {
  const { site, users, result } = seeded();
  const from = NOW.getTime() - 30 * DAY;
  const inWindow = (iso: string) => Date.parse(iso) >= from && Date.parse(iso) < NOW.getTime();
  const changelogs = site.data.issues.flatMap((i) => i.changelogs);

  it('makes what it was asked for, and says so', () => {
    expect(result.windowFrom).toEqual(new Date(from));
    expect(result.counts).toMatchObject({ issues: 200, issuesBeforeWindow: 50, changelogs: 900, comments: 600, worklogs: 400, deletedWorklogs: 8 });
    expect(site.data.issues).toHaveLength(200);
    expect(changelogs).toHaveLength(900);
    expect(site.data.comments).toHaveLength(600);
    expect(site.data.worklogs).toHaveLength(392);
    expect(site.data.deletedWorklogs).toHaveLength(8);
    expect(result.issues.map((i) => i.key)).toEqual(site.data.issues.map((i) => i.key));
    expect(new Set(site.data.issues.map((i) => i.projectId))).toEqual(new Set(['10000', '10001']));
  });

  it('puts every change inside the window; issues from before it were each changed in it', () => {
    for (const c of changelogs) expect(inWindow(c.created)).toBe(true);
    for (const c of site.data.comments) expect(inWindow(c.created) && inWindow(c.updated) && c.updated >= c.created).toBe(true);
    for (const w of site.data.worklogs) expect(inWindow(w.created) && inWindow(w.updated) && inWindow(w.started) && w.started <= w.created).toBe(true);
    for (const t of site.data.deletedWorklogs) expect(inWindow(t.deletedAt)).toBe(true);
    const early = site.data.issues.filter((i) => !inWindow(i.created));
    expect(early).toHaveLength(50);
    for (const issue of early) {
      expect(Date.parse(issue.created)).toBeGreaterThan(from - 30 * DAY);
      expect(issue.changelogs.length).toBeGreaterThan(0);
    }
    for (const issue of site.data.issues) {
      expect(inWindow(issue.updated)).toBe(true);
      for (const c of issue.changelogs) expect(c.created > issue.created).toBe(true);
    }
  });

  it('ids grow with time, as in Jira', () => {
    const byTime = [...changelogs].sort((a, b) => a.created.localeCompare(b.created));
    expect(byTime.map((c) => Number(c.id))).toEqual([...byTime.map((c) => Number(c.id))].sort((a, b) => a - b));
    const comments = [...site.data.comments].sort((a, b) => a.created.localeCompare(b.created));
    expect(comments.map((c) => Number(c.id))).toEqual([...comments.map((c) => Number(c.id))].sort((a, b) => a - b));
  });

  it('changes status, assignee, attachments and other fields; status changes chain from the issue\'s status', () => {
    const fields = new Set(changelogs.flatMap((c) => c.items.map((i) => i.fieldId)));
    for (const field of ['status', 'assignee', 'attachment', 'priority', 'labels', 'summary', 'description']) expect(fields).toContain(field);
    for (const issue of site.data.issues) {
      let status = '10000';
      for (const item of issue.changelogs.flatMap((c) => c.items).filter((i) => i.fieldId === 'status')) {
        expect(item.from).toBe(status);
        status = item.to!;
      }
      expect(issue.statusId).toBe(status);
    }
  });

  it('edits some comments by someone else, some worklogs later; deleted worklogs leave tombstones after they were made', () => {
    const edited = site.data.comments.filter((c) => c.updated !== c.created);
    expect(edited.length).toBe(result.counts.editedComments);
    expect(edited.length / 600).toBeGreaterThan(0.12);
    expect(edited.length / 600).toBeLessThan(0.28);
    for (const c of edited) expect(c.updateAuthorId).not.toBe(c.authorId);
    expect(site.data.worklogs.filter((w) => w.updated !== w.created)).toHaveLength(result.counts.editedWorklogs);
    for (const t of site.data.deletedWorklogs) {
      expect(site.findWorklog(t.worklogId)).toBeUndefined();
      expect(site.findIssue(t.issueId)).toBeDefined();
    }
  });

  it('a few changes are by an app account and a customer, both added to the site; everyone else is one of the users', () => {
    expect(site.user(result.appAccountId)).toMatchObject({ accountType: 'app' });
    expect(site.user(result.customerAccountId)).toMatchObject({ accountType: 'customer' });
    const actors = [...changelogs.map((c) => c.authorId), ...site.data.comments.flatMap((c) => [c.authorId, c.updateAuthorId]), ...site.data.worklogs.flatMap((w) => [w.authorId, w.updateAuthorId]), ...site.data.issues.map((i) => i.creatorId)];
    const ignored = actors.filter((a) => a === result.appAccountId || a === result.customerAccountId);
    expect(ignored.length).toBeGreaterThan(0);
    expect(ignored.length).toBeLessThan(actors.length * 0.05);
    expect(site.data.comments.some((c) => c.authorId === result.customerAccountId)).toBe(true);
    for (const actor of actors) expect([...users, result.appAccountId, result.customerAccountId]).toContain(actor);
    for (const issue of site.data.issues) expect(users).toContain(issue.reporterId);
  });

  it('is busier on weekdays than at weekends, uneven from day to day', () => {
    const perDay = new Map<string, number>();
    for (const at of [...changelogs.map((c) => c.created), ...site.data.comments.map((c) => c.created), ...site.data.worklogs.map((w) => w.created)]) perDay.set(at.slice(0, 10), (perDay.get(at.slice(0, 10)) ?? 0) + 1);
    const weekday = (day: string) => ![0, 6].includes(new Date(`${day}T00:00:00Z`).getUTCDay());
    const weekdays = [...perDay].filter(([d]) => weekday(d)).map(([, n]) => n);
    const weekends = [...perDay].filter(([d]) => !weekday(d)).map(([, n]) => n);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
    expect(mean(weekends)).toBeLessThan(mean(weekdays) / 4);
    expect(Math.max(...weekdays)).toBeGreaterThan(Math.min(...weekdays) * 1.5);
  });

  it('the same seed makes the same site; another seed another', () => {
    expect(JSON.stringify(seeded().site.toJSON())).toBe(JSON.stringify(site.toJSON()));
    expect(JSON.stringify(seeded({ random: seededRandom(6) }).site.toJSON())).not.toBe(JSON.stringify(site.toJSON()));
  });

  it('refuses users who are not on the site, and a site without projects', () => {
    expect(() => seedHistory(siteWithPeople(1).site, { now: NOW, days: 30, issues: 1, changelogs: 0, worklogs: 0, comments: 0, users: ['nobody'] })).toThrow('No user nobody');
    const bare = JiraSite.create();
    bare.addUser({ accountId: 'a', displayName: 'A' });
    expect(() => seedHistory(bare, { now: NOW, days: 30, issues: 1, changelogs: 0, worklogs: 0, comments: 0, users: ['a'] })).toThrow(/project/);
  });

  it('seeds 20,000 issues, 100,000 changelog entries, 30,000 worklogs and 50,000 comments quickly, and the site looks them up without scanning', () => {
    const big = siteWithPeople(1000);
    const began = performance.now();
    const made = seedHistory(big.site, { now: NOW, days: 30, issues: 20_000, changelogs: 100_000, worklogs: 30_000, comments: 50_000, users: big.users, random: seededRandom(30) });
    const seconds = (performance.now() - began) / 1000;
    expect(made.counts).toMatchObject({ issues: 20_000, changelogs: 100_000, worklogs: 30_000, comments: 50_000 });
    expect(seconds).toBeLessThan(15);
    const lookups = performance.now();
    for (const issue of made.issues) {
      expect(big.site.findIssue(issue.key)).toBe(issue);
      big.site.commentsOf(issue.id);
      big.site.worklogsOf(issue.id);
    }
    for (const w of big.site.data.worklogs) big.site.findWorklog(w.id);
    expect(performance.now() - lookups).toBeLessThan(2000);
  });
});
