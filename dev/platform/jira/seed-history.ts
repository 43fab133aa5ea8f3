import { fieldChange, nextStatus, pickKind } from './seed-changes';
import { DAY_MS, Timeline, defaultDayWeight, seededRandom } from './seed-timeline';
import type { JiraSite, SimChangelogItem, SimComment, SimIssue, SimWorklog } from './site-model';

export { seededRandom } from './seed-timeline';

/**
 * Recorded history for a simulated site, as a 30-day history import reads it: issues
 * created in the window (and some before it, changed in it), changelog entries (status,
 * assignee, attachment and other fields), comments (some edited later by someone else),
 * worklogs (some edited, some deleted, leaving tombstones). Every instant but the early
 * issues' creation lies in the `days` days before `now`; ids grow with time, as in Jira.
 * A small share is done by an app account and a customer, whom an importer must ignore.
 * Deterministic for a given `random`; fast enough for tens of thousands of issues.
 */
export interface SeedHistoryOptions {
  now: Date;
  days: number;
  /** Issues to create (in `projectKeys`, default every project of the site), and how much happens to them. */
  issues: number;
  changelogs: number;
  worklogs: number;
  comments: number;
  /** Account ids of the people who act (site users); earlier ones act more often. */
  users: readonly string[];
  projectKeys?: readonly string[];
  /** Default seededRandom(1). */
  random?: () => number;
  /** Share of comments edited later by someone else, and of worklogs edited later (default 0.2). */
  editedShare?: number;
  /** How many of the worklogs are deleted later (default 2% of them). */
  deletedWorklogs?: number;
  /** Share of issues created before the window, each changed inside it (default 0.25). */
  createdBeforeShare?: number;
  /** Share of activity by the app account and the customer (default 0.02). */
  ignoredShare?: number;
  /** Added to the site when missing: accountType 'app' and 'customer'. */
  appAccountId?: string;
  customerAccountId?: string;
  /** Relative activity of a UTC day (default: weekdays busy and uneven, weekends quiet). */
  dayWeight?: (day: Date, random: () => number) => number;
}

export interface SeededHistory {
  windowFrom: Date;
  /** The issues made, oldest first. */
  issues: SimIssue[];
  counts: {
    issues: number;
    issuesBeforeWindow: number;
    changelogs: number;
    comments: number;
    editedComments: number;
    worklogs: number;
    editedWorklogs: number;
    deletedWorklogs: number;
    /** Of all the above, done by the app account or the customer. */
    byAppOrCustomer: number;
  };
  appAccountId: string;
  customerAccountId: string;
}

interface Plan {
  created: number;
  projectKey: string;
  issue?: SimIssue;
}

interface Step {
  t: number;
  seq: number;
  run: (at: Date) => void;
}

/** Cumulative weights, for picks in O(log n); `among` limits the pick to the first so many items. */
function weightedPicker(weights: readonly number[], random: () => number): (among?: number) => number {
  const cumulative: number[] = [];
  let total = 0;
  for (const w of weights) cumulative.push((total += w));
  return (among = cumulative.length) => {
    const target = random() * cumulative[among - 1]!;
    let lo = 0;
    let hi = among - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! <= target) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

/** How many of the ascending `times` are before `t`. */
function countBefore(times: readonly number[], t: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const COMMENTS = ['Picked this up.', 'Can we split this into two?', 'Reproduced on staging.', 'Waiting on the API change.', 'Done from my side, please review.', 'Customer confirmed the fix.', 'Added numbers from last week.'];
const WORKLOG_NOTES = ['', '', 'Investigation', 'Implementation', 'Review and fixes', 'Pairing session', 'Testing'];
const SUMMARIES = ['Improve', 'Fix', 'Add', 'Remove', 'Investigate', 'Speed up', 'Document'];
const SUBJECTS = ['the login flow', 'export to CSV', 'the billing page', 'search results', 'the mobile layout', 'API timeouts', 'email digests', 'audit logging'];

function ensureAccount(site: JiraSite, accountId: string, accountType: 'app' | 'customer', displayName: string): void {
  if (!site.user(accountId)) site.addUser({ accountId, displayName, accountType });
}

export function seedHistory(site: JiraSite, options: SeedHistoryOptions): SeededHistory {
  const random = options.random ?? seededRandom(1);
  const now = options.now.getTime();
  const from = now - options.days * DAY_MS;
  const people = [...options.users];
  if (people.length === 0) throw new Error('seedHistory needs at least one user to act');
  for (const id of people) if (!site.user(id)) throw new Error(`No user ${id}`);
  const projectKeys = options.projectKeys ?? site.data.projects.map((p) => p.key);
  if (projectKeys.length === 0) throw new Error('seedHistory needs a project');
  const appAccountId = options.appAccountId ?? '557058:seed-automation';
  const customerAccountId = options.customerAccountId ?? 'qm:seed-customer';
  const ignoredShare = options.ignoredShare ?? 0.02;
  if (ignoredShare > 0) {
    ensureAccount(site, appAccountId, 'app', 'Automation for Jira');
    ensureAccount(site, customerAccountId, 'customer', 'Casey Customer');
  }

  // Activity ends a second before `now`, so every instant is strictly inside the window.
  const timeline = new Timeline(from, now - 1000, random, options.dayWeight ?? defaultDayWeight);
  const person = weightedPicker(people.map((_, i) => 1 / Math.pow(i + 1, 0.7)), random);
  const counts: SeededHistory['counts'] = { issues: options.issues, issuesBeforeWindow: 0, changelogs: 0, comments: 0, editedComments: 0, worklogs: 0, editedWorklogs: 0, deletedWorklogs: 0, byAppOrCustomer: 0 };
  /** A person, or now and then the app account (or, where customers act, the customer). */
  const actor = (customerMayAct = false): string => {
    if (random() < ignoredShare) {
      counts.byAppOrCustomer += 1;
      return customerMayAct && random() < 0.7 ? customerAccountId : appAccountId;
    }
    return people[person()]!;
  };
  const someoneElse = (than: string): string => {
    const other = people[person()]!;
    return other === than && people.length > 1 ? people[(people.indexOf(other) + 1) % people.length]! : other;
  };

  const steps: Step[] = [];
  const at = (t: number, run: (at: Date) => void) => steps.push({ t, seq: steps.length, run });
  const before = Math.round(options.issues * (options.createdBeforeShare ?? 0.25));
  counts.issuesBeforeWindow = before;
  const plans: Plan[] = [];
  for (let n = 0; n < options.issues; n += 1) {
    const created = n < before ? from - 1 - Math.floor(random() * options.days * DAY_MS) : timeline.pick();
    const plan: Plan = { created, projectKey: projectKeys[n % projectKeys.length]! };
    plans.push(plan);
    at(created, (when) => {
      const reporterId = people[person()]!;
      // Now and then an automation rule creates the issue for its reporter.
      const byApp = random() < ignoredShare;
      if (byApp) counts.byAppOrCustomer += 1;
      const summary = `${SUMMARIES[n % SUMMARIES.length]!} ${SUBJECTS[Math.floor(random() * SUBJECTS.length)]!}`;
      plan.issue = site.createIssue({ projectKey: plan.projectKey, summary, reporterId, creatorId: byApp ? appAccountId : reporterId, assigneeId: random() < 0.8 ? people[person()]! : null, at: when });
    });
  }
  const issueOf = (plan: Plan) => plan.issue!;
  // Activity follows the days' weights: an instant first, then one of the issues that exist
  // by then, some much busier than others.
  const byCreation = [...plans].sort((a, b) => a.created - b.created);
  const creationTimes = byCreation.map((p) => p.created);
  const hotIssue = weightedPicker(byCreation.map(() => 0.3 + random() * random() * 3), random);
  const activity = (): { plan: Plan; t: number } | undefined => {
    if (plans.length === 0) return undefined;
    const t = timeline.pick();
    const existing = countBefore(creationTimes, t);
    if (existing > 0) return { plan: byCreation[hotIssue(existing)]!, t };
    const plan = byCreation[hotIssue()]!;
    return { plan, t: timeline.pick(plan.created) };
  };

  // Changelog entries: one for each issue from before the window first, so each was changed in it.
  for (let n = 0; n < options.changelogs; n += 1) {
    const early = plans[n];
    const next = n < before && early ? { plan: early, t: timeline.pick(early.created) } : activity();
    if (!next) break;
    const { plan } = next;
    counts.changelogs += 1;
    at(next.t, (when) => {
      const issue = issueOf(plan);
      const kind = pickKind(random);
      const authorId = actor();
      const items: SimChangelogItem[] = [];
      if (kind === 'status') {
        const to = nextStatus(site, issue.statusId, random);
        items.push({ field: 'status', fieldtype: 'jira', fieldId: 'status', from: issue.statusId, fromString: site.status(issue.statusId)?.name ?? null, to, toString: site.status(to)?.name ?? null });
        issue.statusId = to;
        // A transition screen now and then assigns the issue too: two items in one entry.
        if (random() < 0.1) items.push(...fieldChange(site, issue, 'assignee', people, random, n));
      } else {
        items.push(...fieldChange(site, issue, kind, people, random, n));
      }
      site.addChangelog(issue.id, { authorId, items, at: when });
    });
  }

  const edited = options.editedShare ?? 0.2;
  const touch = (issue: SimIssue, when: Date) => {
    const iso = when.toISOString();
    if (iso > issue.updated) issue.updated = iso;
  };
  for (let n = 0; n < options.comments; n += 1) {
    const next = activity();
    if (!next) break;
    const { plan, t: created } = next;
    counts.comments += 1;
    let comment: SimComment | undefined;
    at(created, (when) => {
      comment = site.addComment(issueOf(plan).id, { authorId: actor(true), body: COMMENTS[n % COMMENTS.length]!, at: when });
    });
    if (random() < edited) {
      counts.editedComments += 1;
      at(timeline.pick(created), (when) => {
        const c = comment!;
        site.editComment(c.id, { authorId: someoneElse(c.authorId), body: `${c.body}\nEdited: see the linked page.`, at: when });
        touch(issueOf(plan), when);
      });
    }
  }

  // Deleted ones spread evenly over the worklogs made.
  const deletions = Math.min(options.worklogs, options.deletedWorklogs ?? Math.round(options.worklogs * 0.02));
  const deleted = new Set(Array.from({ length: deletions }, (_, k) => Math.floor(((k + 0.5) * options.worklogs) / deletions)));
  for (let n = 0; n < options.worklogs; n += 1) {
    const next = activity();
    if (!next) break;
    const { plan, t: created } = next;
    counts.worklogs += 1;
    const seconds = (1 + Math.floor(random() * 32)) * 900;
    let worklog: SimWorklog | undefined;
    at(created, (when) => {
      const started = new Date(Math.max(from, created - seconds * 1000 - Math.floor(random() * 4 * 3_600_000)));
      worklog = site.addWorklog(issueOf(plan).id, { authorId: actor(), timeSpentSeconds: seconds, comment: WORKLOG_NOTES[n % WORKLOG_NOTES.length]!, started, at: when });
    });
    if (deleted.has(n)) {
      counts.deletedWorklogs += 1;
      at(timeline.pick(created), (when) => {
        site.deleteWorklog(worklog!.id, when);
        touch(issueOf(plan), when);
      });
    } else if (random() < edited) {
      counts.editedWorklogs += 1;
      at(timeline.pick(created), (when) => {
        const w = worklog!;
        site.editWorklog(w.id, { authorId: random() < 0.5 ? w.authorId : someoneElse(w.authorId), timeSpentSeconds: w.timeSpentSeconds + 900, at: when });
        touch(issueOf(plan), when);
      });
    }
  }

  steps.sort((a, b) => a.t - b.t || a.seq - b.seq);
  for (const step of steps) step.run(new Date(step.t));
  const issues = plans.map(issueOf).sort((a, b) => Number(a.id) - Number(b.id));
  return { windowFrom: new Date(from), issues, counts, appAccountId, customerAccountId };
}
