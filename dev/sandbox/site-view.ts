import { DEMO_KEY_RESULTS } from '../demo/demo-directory';
import { formatTimeSpent } from '../platform/jira/forge-events';
import type { JiraSite } from '../platform/jira/site-model';
import type { LocalKvs } from '../platform/kvs/local-kvs';
import { computeProgress } from '../../src/domain/compute-progress';
import { DEFAULT_PROGRESS_WEIGHTS, parseProgressWeights } from '../../src/domain/progress-weights';
import type { StatusRule } from '../../src/domain/status-rules';
import { ISSUE_LINK_PREFIX, KEY_RESULT_ENTITY, SETTINGS_ENTITY, SETTINGS_KEY } from '../../src/adapters/storage-keys';
import type { KeyResultRecord } from '../../src/adapters/key-result-store';
import { WEBHOOK_EVENT_TYPES } from '../../src/domain/webhook-events';

/**
 * The webhook types the app sends for comments and worklogs, read from the app's own list
 * (the `activity.*` ones), so the page says what a comment or worklog will produce.
 */
export const activityWebhookTypes = (): string[] => WEBHOOK_EVENT_TYPES.filter((type) => type.startsWith('activity.'));

/** issueId → key result ids, from the app's reverse index (`issue-kr:<issueId>:<keyResultId>`). */
export function linksByIssue(kvs: LocalKvs): Map<string, string[]> {
  const links = new Map<string, string[]>();
  for (const key of kvs.keys(ISSUE_LINK_PREFIX)) {
    const rest = key.slice(ISSUE_LINK_PREFIX.length);
    const colon = rest.indexOf(':');
    if (colon < 0) continue;
    const issueId = rest.slice(0, colon);
    links.set(issueId, [...(links.get(issueId) ?? []), rest.slice(colon + 1)]);
  }
  return links;
}

function keyResultRecords(kvs: LocalKvs): KeyResultRecord[] {
  const entity = kvs.snapshot().entities.find(([name]) => name === KEY_RESULT_ENTITY);
  return (entity?.[1] ?? []).map(([, stored]) => stored.value as KeyResultRecord);
}

/** The app's settings as stored (the entity record's value; the plain key of older versions), not counted as app traffic. */
export const peekSettings = (kvs: LocalKvs): unknown => (kvs.peekEntity(SETTINGS_ENTITY, SETTINGS_KEY) as { value?: unknown } | undefined)?.value ?? kvs.peek(SETTINGS_KEY);

/**
 * The app's connection and switch as the page header shows them, read from its settings
 * (without counting as app traffic). Never a token or a secret.
 */
export function buildAppView(kvs: LocalKvs) {
  const settings = peekSettings(kvs) as { progressUpdatesEnabled?: boolean; weights?: unknown; statusRules?: StatusRule[]; connection?: { workspaceName?: string; serverUrl?: string } | null } | undefined;
  const parsedWeights = parseProgressWeights(settings?.weights);
  return {
    connected: Boolean(settings?.connection),
    progressUpdatesEnabled: settings?.progressUpdatesEnabled === true,
    workspaceName: settings?.connection?.workspaceName ?? null,
    serverUrl: settings?.connection?.serverUrl ?? null,
    weights: parsedWeights.ok ? parsedWeights.value : DEFAULT_PROGRESS_WEIGHTS,
    statusRules: Array.isArray(settings?.statusRules) ? settings.statusRules : [],
  };
}

export type AppView = ReturnType<typeof buildAppView>;

/**
 * Everything the sandbox page shows, read from the site and (without counting as app
 * traffic) from the app's storage: the app's own view of each key result's progress, so
 * a person can compare it with what the backend shows. No secret is read.
 */
export function buildSiteView(site: JiraSite, kvs: LocalKvs) {
  const app = buildAppView(kvs);
  const weights = app.weights;
  const links = linksByIssue(kvs);
  const records = new Map(keyResultRecords(kvs).map((r) => [r.keyResultId, r]));
  const user = (accountId: string | null) => (accountId ? (site.user(accountId)?.displayName ?? accountId) : null);
  return {
    cloudId: site.cloudId,
    siteUrl: site.data.baseUrl,
    app,
    users: site.data.users.map((u) => ({ accountId: u.accountId, displayName: u.displayName, siteAdmin: u.siteAdmin, emailHidden: u.emailHidden })),
    statuses: site.data.statuses.map((s) => ({ id: s.id, name: s.name, categoryKey: site.categoryOfStatus(s.id).key })),
    keyResults: DEMO_KEY_RESULTS.map((kr) => {
      const record = records.get(kr.id);
      const counts = record ? { new: record.countNew, indeterminate: record.countIndeterminate, done: record.countDone } : { new: 0, indeterminate: 0, done: 0 };
      return { id: kr.id, title: kr.title, objective: kr.objective, counts, sequence: record?.sequence ?? 0, progress: computeProgress(counts, { weights, statusRules: app.statusRules }, record?.statuses).progress };
    }),
    issues: site.data.issues.map((issue) => {
      const status = site.status(issue.statusId);
      const project = site.data.projects.find((p) => p.id === issue.projectId);
      return {
        id: issue.id,
        key: issue.key,
        projectKey: project?.key ?? null,
        summary: issue.summary,
        statusId: issue.statusId,
        statusName: status?.name ?? issue.statusId,
        categoryKey: site.categoryOfStatus(issue.statusId).key,
        assignee: user(issue.assigneeId),
        linkedKeyResults: links.get(issue.id) ?? [],
        comments: site.commentsOf(issue.id).map((c) => ({ id: c.id, author: user(c.authorId), body: c.body, created: c.created, updated: c.updated })),
        worklogs: site.worklogsOf(issue.id).map((w) => ({ id: w.id, author: user(w.authorId), timeSpent: formatTimeSpent(w.timeSpentSeconds), timeSpentSeconds: w.timeSpentSeconds, comment: w.comment, started: w.started })),
      };
    }),
  };
}

export type SiteView = ReturnType<typeof buildSiteView>;
