/**
 * The demo site's thirty days of history: added after the named issues, which keep their
 * keys, statuses and seeded comments and worklogs; by the demo people, on every weekday of
 * the window, unevenly; deterministic for a given day.
 */
import { DEMO_PEOPLE } from '../../../dev/demo/demo-directory';
import { DEMO_HISTORY, DEMO_LINKS, DEMO_QUIET_PEOPLE, createDemoSite } from '../../../dev/sandbox/demo-site';

const NOW = new Date('2026-11-18T10:00:00.000Z');
const DAY = 86_400_000;

describe('the demo site with thirty days of history', () => {
  const site = createDemoSite(NOW);
  const named = site.data.issues.slice(0, 50);
  const added = site.data.issues.slice(50);

  it('keeps the fifty named issues first, as the tests know them, and adds its issues after them', () => {
    expect(named.map((i) => i.key).filter((k) => ['CHK-1', 'CHK-17', 'ONB-16', 'PLAT-17'].includes(k))).toEqual(['CHK-1', 'CHK-17', 'ONB-16', 'PLAT-17']);
    expect(added).toHaveLength(DEMO_HISTORY.issues);
    for (const link of DEMO_LINKS) for (const key of link.issueKeys) expect(named.map((i) => i.key)).toContain(key);
    expect(site.findIssue('CHK-3')?.statusId).toBe('10002');
    expect(site.commentsOf(site.findIssue('CHK-3')!.id)).toEqual([]);
    expect(site.findComment('30001')?.issueId).toBe(site.findIssue('CHK-4')!.id);
    expect(site.findWorklog('40001')?.issueId).toBe(site.findIssue('CHK-5')!.id);
    for (const key of ['CHK-18', 'ONB-17', 'PLAT-18']) expect(site.findIssue(key)).toBeDefined();
  });

  it.each(['2026-11-18T10:00:00.000Z', '2026-03-02T00:30:00.000Z', '2027-01-09T23:10:00.000Z', '2026-07-31T16:45:00.000Z'])(
    'started on %s: activity by the licensed demo people on every weekday of the window, busier some days than others',
    (iso) => {
      const now = new Date(iso);
      const demo = createDemoSite(now);
      const start = now.getTime() - DEMO_HISTORY.days * DAY;
      const ids = new Set(demo.data.issues.slice(50).map((i) => i.id));
      const people = new Set(DEMO_PEOPLE.filter((p) => p.products.length > 0).map((p) => p.accountId));
      const entries = [
        ...demo.data.issues.slice(50).flatMap((i) => i.changelogs.map((c) => ({ at: c.created, by: c.authorId }))),
        ...demo.data.comments.filter((c) => ids.has(c.issueId)).map((c) => ({ at: c.created, by: c.authorId })),
        ...demo.data.worklogs.filter((w) => ids.has(w.issueId)).map((w) => ({ at: w.created, by: w.authorId })),
      ];
      for (const e of entries) expect(Date.parse(e.at) >= start && Date.parse(e.at) < now.getTime()).toBe(true);
      const human = entries.filter((e) => people.has(e.by));
      expect(new Set(human.map((e) => e.by)).size).toBeGreaterThan(10);
      const perDay = new Map<string, number>();
      for (const e of human) perDay.set(e.at.slice(0, 10), (perDay.get(e.at.slice(0, 10)) ?? 0) + 1);
      // Whole UTC days inside the window.
      const weekdays: string[] = [];
      for (let t = Math.ceil(start / DAY) * DAY; t + DAY <= now.getTime(); t += DAY) {
        const day = new Date(t);
        if (day.getUTCDay() !== 0 && day.getUTCDay() !== 6) weekdays.push(day.toISOString().slice(0, 10));
      }
      for (const day of weekdays) expect({ day, active: (perDay.get(day) ?? 0) > 0 }).toEqual({ day, active: true });
      const counts = weekdays.map((d) => perDay.get(d) ?? 0);
      expect(Math.max(...counts)).toBeGreaterThan(2 * Math.min(...counts));
    },
  );

  it('is the same site for the same day', () => {
    expect(JSON.stringify(createDemoSite(NOW).toJSON())).toBe(JSON.stringify(site.toJSON()));
  });

  it('leaves a few licensed people inactive for over two weeks, so "licensed but inactive for 14 days" has someone to show', () => {
    const since = new Date(NOW.getTime() - 14 * DAY).toISOString();
    const actedSince = new Set<string>();
    const add = (id: string, at: string) => {
      if (new Date(at).toISOString() >= since) actedSince.add(id);
    };
    for (const issue of site.data.issues) {
      add(issue.creatorId, issue.created);
      for (const changelog of issue.changelogs) add(changelog.authorId, changelog.created);
    }
    for (const record of [...site.data.comments, ...site.data.worklogs]) {
      add(record.authorId, record.created);
      add(record.updateAuthorId, record.updated);
    }
    const idle = DEMO_PEOPLE.filter((p) => p.products.length > 0 && !actedSince.has(p.accountId)).map((p) => p.displayName);
    expect(idle).toEqual(expect.arrayContaining([...DEMO_QUIET_PEOPLE]));
    expect(idle.length).toBeLessThan(DEMO_PEOPLE.length / 2);
  });
});
