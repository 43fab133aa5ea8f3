import { JiraSite, type SimIssue } from '../../dev/platform/jira/site-model';

export const ADMIN_ID = '5b10a2844c20165700ede21a';
export const USER_ID = '5b10ac8d82e05b22cc7d4ef5';

/** A small site: one project, an admin and a user, `issueCount` issues in To Do. */
export function createTestSite(issueCount: number): { site: JiraSite; issues: SimIssue[] } {
  const site = JiraSite.create();
  site.addProject({ id: '10000', key: 'OKR', name: 'OKR Demo' });
  site.addUser({ accountId: ADMIN_ID, displayName: 'Ada Admin', siteAdmin: true });
  site.addUser({ accountId: USER_ID, displayName: 'Uma User' });
  const issues = Array.from({ length: issueCount }, (_, i) => site.createIssue({ projectKey: 'OKR', summary: `Task ${i + 1}`, reporterId: USER_ID }));
  return { site, issues };
}

/** Deterministic PRNG (mulberry32) so random orders are reproducible from a seed: the simulator's. */
export { seededRandom } from '../../dev/platform/jira/seed-timeline';

export function shuffle<T>(items: T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}
