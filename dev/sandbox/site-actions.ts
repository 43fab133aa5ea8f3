import { commentDeletedEvent, issueCommentedEvent, issueUpdatedEvent, worklogEvent } from '../platform/jira/forge-events';
import type { JiraSite, SimIssue, SimUser } from '../platform/jira/site-model';
import { HttpError } from './http-util';

/** Delivers one product event to the app's triggers and says what each trigger did. */
export type FireEvent = (event: Record<string, unknown>) => Promise<TriggerOutcome[]>;

export interface TriggerOutcome {
  triggerKey: string;
  outcome: 'done' | 'retry-requested';
}

export interface ActionResult {
  event: Record<string, unknown>;
  triggers: TriggerOutcome[];
}

/** Jira's longest text field. */
const MAX_TEXT = 32767;
/** Jira's time-tracking units: 1w = 5d, 1d = 8h. */
const UNITS: Record<string, number> = { w: 5 * 8 * 3600, d: 8 * 3600, h: 3600, m: 60 };
/** One worklog takes at least a minute and at most a working week (1w = 40h). */
export const MIN_TIME_SPENT_SECONDS = 60;
export const MAX_TIME_SPENT_SECONDS = UNITS['w']!;
const BOUNDS = 'between 1m and 1w';
const TIME_SPENT_FORMAT = /^(?:\d+\s*[wdhm]\s*)+$/;

/** What the person typed, short enough to quote in a message. */
const quote = (text: string) => (text.length > 40 ? `${text.slice(0, 40)}…` : text);

/**
 * Jira's time-spent format, "1w 2d 3h 30m" (any of the units, each at most once; 1w = 5d,
 * 1d = 8h), or a number of seconds. A worklog is at least 1m and at most 1w: "0m" and
 * "9999w" are refused with the bounds in the message.
 */
export function parseTimeSpent(value: unknown): number {
  if (typeof value === 'number') {
    if (!Number.isInteger(value) || value < MIN_TIME_SPENT_SECONDS || value > MAX_TIME_SPENT_SECONDS) {
      throw new HttpError(400, `timeSpentSeconds must be a whole number of seconds ${BOUNDS} (${MIN_TIME_SPENT_SECONDS} to ${MAX_TIME_SPENT_SECONDS}); got ${value}.`);
    }
    return value;
  }
  const typed = typeof value === 'string' ? value.trim() : '';
  const text = typed.toLowerCase();
  if (typed === '') throw new HttpError(400, 'Time spent is required: write it like "1h 30m", "2d" or "1w 2d 3h 30m".');
  if (text.length > 100 || !TIME_SPENT_FORMAT.test(text)) {
    throw new HttpError(400, `Time spent must look like "1h 30m", "2d" or "1w 2d 3h 30m" (w weeks, d days, h hours, m minutes); you entered "${quote(typed)}".`);
  }
  let seconds = 0;
  const seen = new Set<string>();
  for (const [, amount, unit] of text.matchAll(/(\d+)\s*([wdhm])/g)) {
    if (seen.has(unit!)) throw new HttpError(400, `Time spent names "${unit}" twice ("${quote(typed)}"): write each of w, d, h and m at most once, like "1w 2d 3h 30m".`);
    seen.add(unit!);
    seconds += Number(amount) * UNITS[unit!]!;
  }
  if (seconds < MIN_TIME_SPENT_SECONDS || seconds > MAX_TIME_SPENT_SECONDS) {
    throw new HttpError(400, `Time spent must be ${BOUNDS} (you entered ${quote(typed)}). Jira counts 1w as 5d and 1d as 8h.`);
  }
  return seconds;
}

function readText(body: Record<string, unknown>, field: string, label: string): string {
  const value = body[field];
  if (typeof value !== 'string' || value.trim() === '') throw new HttpError(400, `${label} must not be empty.`);
  if (value.length > MAX_TEXT) throw new HttpError(400, `${label} is longer than ${MAX_TEXT} characters.`);
  return value.trim();
}

const asObject = (body: unknown): Record<string, unknown> => {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new HttpError(400, 'The request body must be a JSON object.');
  return body as Record<string, unknown>;
};

/**
 * What a person does in Jira, applied to the simulated site, each followed by the product
 * event Jira would send, delivered to the app's triggers. Bad input changes nothing.
 */
export class SiteActions {
  constructor(
    private readonly site: JiraSite,
    private readonly fire: FireEvent,
  ) {}

  private issue(key: string): SimIssue {
    const issue = this.site.findIssue(key);
    if (!issue) throw new HttpError(404, `There is no issue ${key} on the simulated site.`);
    return issue;
  }

  private actor(body: Record<string, unknown>): SimUser {
    const accountId = body['actorId'];
    if (typeof accountId !== 'string' || accountId === '') throw new HttpError(400, 'actorId (the accountId of the user doing this) is required.');
    const user = this.site.user(accountId);
    if (!user || !user.active) throw new HttpError(400, `actorId ${accountId} is not an active user of the simulated site.`);
    return user;
  }

  private async deliver(event: Record<string, unknown>): Promise<ActionResult> {
    return { event, triggers: await this.fire(event) };
  }

  async transition(issueKey: string, rawBody: unknown): Promise<ActionResult> {
    const body = asObject(rawBody);
    const issue = this.issue(issueKey);
    const actor = this.actor(body);
    const statusId = body['statusId'];
    const status = typeof statusId === 'string' ? this.site.status(statusId) : undefined;
    if (!status) throw new HttpError(400, `statusId must be one of ${this.site.data.statuses.map((s) => `${s.id} (${s.name})`).join(', ')}.`);
    if (status.id === issue.statusId) throw new HttpError(400, `${issue.key} is already in ${status.name}.`);
    const { changelog } = this.site.transitionIssue(issue.id, status.id, actor.accountId);
    return this.deliver(issueUpdatedEvent(this.site, issue, changelog));
  }

  async addComment(issueKey: string, rawBody: unknown): Promise<ActionResult> {
    const body = asObject(rawBody);
    const issue = this.issue(issueKey);
    const actor = this.actor(body);
    const text = readText(body, 'body', 'The comment');
    const comment = this.site.addComment(issue.id, { authorId: actor.accountId, body: text });
    return this.deliver(issueCommentedEvent(this.site, issue, comment));
  }

  private comment(issue: SimIssue, commentId: string) {
    const comment = this.site.findComment(commentId);
    if (!comment || comment.issueId !== issue.id) throw new HttpError(404, `${issue.key} has no comment ${commentId}.`);
    return comment;
  }

  async editComment(issueKey: string, commentId: string, rawBody: unknown): Promise<ActionResult> {
    const body = asObject(rawBody);
    const issue = this.issue(issueKey);
    this.comment(issue, commentId);
    const actor = this.actor(body);
    const text = readText(body, 'body', 'The comment');
    const comment = this.site.editComment(commentId, { authorId: actor.accountId, body: text });
    return this.deliver(issueCommentedEvent(this.site, issue, comment));
  }

  async deleteComment(issueKey: string, commentId: string, rawBody: unknown): Promise<ActionResult> {
    const body = asObject(rawBody);
    const issue = this.issue(issueKey);
    this.comment(issue, commentId);
    const actor = this.actor(body);
    const comment = this.site.deleteComment(commentId);
    return this.deliver(commentDeletedEvent(this.site, issue, comment, actor.accountId));
  }

  async logWork(issueKey: string, rawBody: unknown): Promise<ActionResult> {
    const body = asObject(rawBody);
    const issue = this.issue(issueKey);
    const actor = this.actor(body);
    const seconds = parseTimeSpent(body['timeSpent'] ?? body['timeSpentSeconds']);
    const comment = typeof body['comment'] === 'string' ? body['comment'].trim().slice(0, MAX_TEXT) : '';
    const worklog = this.site.addWorklog(issue.id, { authorId: actor.accountId, timeSpentSeconds: seconds, comment });
    return this.deliver(worklogEvent('avi:jira:created:worklog', worklog));
  }

  private worklog(issue: SimIssue, worklogId: string) {
    const worklog = this.site.findWorklog(worklogId);
    if (!worklog || worklog.issueId !== issue.id) throw new HttpError(404, `${issue.key} has no worklog ${worklogId}.`);
    return worklog;
  }

  async editWork(issueKey: string, worklogId: string, rawBody: unknown): Promise<ActionResult> {
    const body = asObject(rawBody);
    const issue = this.issue(issueKey);
    this.worklog(issue, worklogId);
    const actor = this.actor(body);
    const raw = body['timeSpent'] ?? body['timeSpentSeconds'];
    const seconds = raw === undefined ? undefined : parseTimeSpent(raw);
    const comment = typeof body['comment'] === 'string' ? body['comment'].trim().slice(0, MAX_TEXT) : undefined;
    if (seconds === undefined && comment === undefined) throw new HttpError(400, 'Give timeSpent and/or comment to change.');
    const worklog = this.site.editWorklog(worklogId, { authorId: actor.accountId, ...(seconds !== undefined ? { timeSpentSeconds: seconds } : {}), ...(comment !== undefined ? { comment } : {}) });
    return this.deliver(worklogEvent('avi:jira:updated:worklog', worklog));
  }

  async deleteWork(issueKey: string, worklogId: string, rawBody: unknown): Promise<ActionResult> {
    const body = asObject(rawBody);
    const issue = this.issue(issueKey);
    this.worklog(issue, worklogId);
    this.actor(body);
    const worklog = this.site.deleteWorklog(worklogId);
    return this.deliver(worklogEvent('avi:jira:deleted:worklog', worklog));
  }
}
