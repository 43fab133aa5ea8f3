import { DEMO_PEOPLE, addDemoPeople } from '../demo/demo-directory';
import { seedHistory, seededRandom } from '../platform/jira/seed-history';
import { JiraSite } from '../platform/jira/site-model';

/** Status ids of the simulated site (site-model DEFAULT_STATUSES). */
const TODO = '10000';
const BACKLOG = '10001';
const IN_PROGRESS = '3';
const IN_REVIEW = '10002';
const DONE = '10003';
const WONT_DO = '10004';

type SeedIssue = [summary: string, statusId: string, assignee: number | null];

const PROJECTS: Array<{ id: string; key: string; name: string; issues: SeedIssue[] }> = [
  {
    id: '10000',
    key: 'CHK',
    name: 'Checkout',
    issues: [
      ['Show delivery costs before the payment step', DONE, 5],
      ['Remember the last used payment method', IN_PROGRESS, 2],
      ['Apple Pay and Google Pay on the payment page', IN_REVIEW, 14],
      ['Inline validation for card number and expiry', TODO, 14],
      ['Guest checkout without creating an account', TODO, 2],
      ['Cache tax rates per region for 10 minutes', DONE, 10],
      ['Move fraud scoring off the request path', IN_PROGRESS, 10],
      ['Trim the checkout bundle below 150 KB', TODO, 14],
      ['Add p95 latency dashboards per payment provider', DONE, 8],
      ['Retry declined 3-D Secure challenges once', BACKLOG, null],
      ['Coupon field accepts codes with trailing spaces', DONE, 7],
      ['Translate checkout error messages (DE, FR, ES)', TODO, 17],
      ['A/B test a one-page checkout', BACKLOG, 5],
      ['Order confirmation email shows wrong VAT line', IN_PROGRESS, 20],
      ['Remove the legacy PayFlow integration', WONT_DO, null],
      ['Address autocomplete for EU countries', TODO, 3],
      ['Checkout accessibility audit fixes', IN_REVIEW, 6],
    ],
  },
  {
    id: '10001',
    key: 'ONB',
    name: 'Onboarding',
    issues: [
      ['Welcome checklist on the first login', DONE, 6],
      ['Sample project created for every new workspace', IN_PROGRESS, 2],
      ['Invite teammates from the setup wizard', TODO, 14],
      ['Day-3 nudge email for inactive workspaces', TODO, 11],
      ['Activation funnel report in the admin console', IN_REVIEW, 9],
      ['Help article: importing from spreadsheets', DONE, 17],
      ['Help article: setting up SSO', TODO, 17],
      ['Help article: roles and permissions', IN_PROGRESS, 17],
      ['Interactive product tour for admins', BACKLOG, 6],
      ['Skip button for the setup wizard', DONE, 3],
      ['Localise the onboarding emails', TODO, 13],
      ['Track time-to-first-value per workspace', IN_PROGRESS, 9],
      ['Empty states that explain the next step', TODO, 6],
      ['Remove the mandatory phone number field', DONE, 5],
      ['Video walkthrough on the dashboard', WONT_DO, null],
      ['Onboarding survey after day 7', BACKLOG, 11],
    ],
  },
  {
    id: '10002',
    key: 'PLAT',
    name: 'Platform',
    issues: [
      ['Multi-zone failover for the primary database', IN_PROGRESS, 8],
      ['Synthetic uptime checks from three regions', DONE, 8],
      ['Error budget alerts in the on-call channel', TODO, 16],
      ['Blue-green deploys for the API tier', IN_REVIEW, 10],
      ['Runbook for queue backlog incidents', TODO, 20],
      ['SAML SSO for enterprise workspaces', IN_PROGRESS, 16],
      ['SCIM user provisioning endpoint', TODO, 10],
      ['Rotate service credentials every 90 days', DONE, 16],
      ['Collect SOC 2 evidence for change management', IN_PROGRESS, 7],
      ['Upgrade Node.js runtime to version 22', DONE, 10],
      ['Rate-limit the public API per token', TODO, 3],
      ['Post-incident reviews within five days', BACKLOG, 4],
      ['Centralised audit log export', TODO, 16],
      ['Chaos day: kill one availability zone', BACKLOG, 8],
      ['Remove the deprecated v1 webhooks', WONT_DO, 10],
      ['Capacity plan for the Q3 traffic peak', IN_REVIEW, 4],
      ['Status page with component history', TODO, 20],
    ],
  },
];

/** Which issues count toward which key result from the start (keys of the seeded issues). */
export const DEMO_LINKS: ReadonlyArray<{ keyResultId: string; issueKeys: string[] }> = [
  { keyResultId: 'kr-checkout-conversion', issueKeys: ['CHK-1', 'CHK-2', 'CHK-3', 'CHK-4', 'CHK-5'] },
  { keyResultId: 'kr-checkout-latency', issueKeys: ['CHK-6', 'CHK-7', 'CHK-8', 'CHK-9'] },
  { keyResultId: 'kr-onboarding-docs', issueKeys: ['ONB-6', 'ONB-7', 'ONB-8'] },
  { keyResultId: 'kr-reliability-uptime', issueKeys: ['PLAT-1', 'PLAT-2', 'PLAT-3', 'PLAT-4', 'PLAT-5'] },
];

const accountIdOf = (n: number) => DEMO_PEOPLE[n - 1]!.accountId;
const DAY = 24 * 60 * 60 * 1000;

/**
 * Thirty days of recorded history on issues added after the named ones (so their keys,
 * statuses and links stay as the tests know them): transitions and other field changes,
 * comments and worklogs by the demo people with a licence, busier on weekdays than at
 * weekends, uneven from day to day, and a little by an automation app and a customer.
 * Enough for a usage chart to show something on the first start.
 */
/**
 * Licensed demo people who act in no seeded history: their last action is on the named
 * issues, over two weeks ago, so "licensed but inactive for 14 days" has someone to show.
 */
export const DEMO_QUIET_PEOPLE: readonly string[] = ['Dana Okafor', 'Kofi Mensah', 'Rosa Jimenez'];

export const DEMO_HISTORY = { issues: 40, changelogs: 170, comments: 120, worklogs: 80, deletedWorklogs: 3, days: 30 } as const;

/**
 * The demo Jira site: the shared demo people (same accountIds, emails, hidden emails and
 * admin flag the reference backend's directory uses), three projects and fifty issues in
 * all three status categories, with a few comments and worklogs, then DEMO_HISTORY's
 * issues with thirty days of history. Deterministic apart from dates, which are relative
 * to `now` so the demo always looks recent.
 */
export function createDemoSite(now = new Date()): JiraSite {
  const site = JiraSite.create();
  addDemoPeople(site);
  // A few licensed people were last active weeks ago: the licences the Usage section is for.
  const quiet = DEMO_QUIET_PEOPLE.map((name) => DEMO_PEOPLE.find((p) => p.displayName === name)!.accountId);
  let n = 0;
  for (const project of PROJECTS) {
    site.addProject({ id: project.id, key: project.key, name: project.name });
    for (const [summary, statusId, assignee] of project.issues) {
      n += 1;
      const reporterId = accountIdOf(((n * 7) % DEMO_PEOPLE.length) + 1);
      const created = new Date(now.getTime() - (30 - (n % 28)) * DAY);
      const issue = site.createIssue({ projectKey: project.key, summary, reporterId, assigneeId: assignee ? accountIdOf(assignee) : null, at: created });
      // Reached through one workflow transition, so the history looks like Jira's.
      if (statusId !== TODO) site.transitionIssue(issue.id, statusId, issue.assigneeId ?? reporterId, new Date(created.getTime() + DAY));
      if (n % 4 === 0) site.addComment(issue.id, { authorId: issue.assigneeId ?? reporterId, body: 'Picked this up; first draft by Friday.', at: new Date(created.getTime() + 2 * DAY) });
      if (n % 5 === 0 && issue.assigneeId) site.addWorklog(issue.id, { authorId: issue.assigneeId, timeSpentSeconds: 2 * 3600, comment: 'Investigation and first pass', at: new Date(created.getTime() + 2 * DAY) });
    }
  }
  const licensed = DEMO_PEOPLE.filter((p) => p.products.length > 0 && !quiet.includes(p.accountId)).map((p) => p.accountId);
  seedHistory(site, { now, ...DEMO_HISTORY, users: licensed, projectKeys: PROJECTS.map((p) => p.key), random: seededRandom(2026), ignoredShare: 0.03, appAccountId: '557058:demo-automation', customerAccountId: 'qm:demo-customer-0001' });
  return site;
}
