import { isObject, readArray, readId, readObject, readString } from './read-json';
import { toUtcIso } from './webhook-events';

/** What a user did, as the second seed counts it toward "active that day". */
export type ActivityAction =
  | 'comment_created'
  | 'comment_updated'
  | 'comment_deleted'
  | 'worklog_created'
  | 'worklog_updated'
  | 'worklog_deleted'
  | 'issue_created'
  | 'issue_assigned'
  | 'attachment_changed'
  | 'status_changed'
  | 'field_changed';

export const ACTIVITY_ACTIONS: readonly ActivityAction[] = [
  'comment_created',
  'comment_updated',
  'comment_deleted',
  'worklog_created',
  'worklog_updated',
  'worklog_deleted',
  'issue_created',
  'issue_assigned',
  'attachment_changed',
  'status_changed',
  'field_changed',
];

/** One user action in Jira, from any path that reports it (live event, platform retry, backfill). */
export interface Activity {
  /**
   * Names the Jira change itself (`comment:10200:created`, `changelog:20031`, …), so every
   * path that reports it builds the same key and it never counts twice.
   */
  key: string;
  action: ActivityAction;
  actorAccountId: string;
  issue: { id: string; key: string | null; projectId: string | null; projectKey: string | null };
  /** When it happened (UTC ISO 8601), from Jira's own timestamps where the event has them. */
  occurredAt: string;
}

export type ActivityClassification = { kind: 'activity'; activity: Activity } | { kind: 'ignored'; reason: string };

const ignored = (reason: string): ActivityClassification => ({ kind: 'ignored', reason });

function issueOf(event: unknown, issueIdFallback?: string): Activity['issue'] | undefined {
  const issue = readObject(event, 'issue');
  const id = readId(issue, 'id') ?? issueIdFallback;
  if (!id) return undefined;
  const project = readObject(readObject(issue, 'fields'), 'project');
  return { id, key: readString(issue, 'key') ?? null, projectId: readId(project, 'id') ?? null, projectKey: readString(project, 'key') ?? null };
}

/** The event's own time (Forge sends milliseconds as a string), else `now`. */
function eventTime(event: unknown, now: Date): string {
  const millis = Number(readString(event, 'timestamp'));
  return Number.isFinite(millis) && millis > 0 ? new Date(millis).toISOString() : now.toISOString();
}

/**
 * An edit is named by what was edited and its UTC time: Jira writes times with different
 * offsets in events and REST answers, and the history import must build the same key.
 */
export const editKey = (what: 'comment' | 'worklog', id: string, updated: string | undefined, fallback: string): string =>
  `${what}:${id}:updated:${toUtcIso(updated) ?? fallback}`;

const accountOf = (value: unknown): string | undefined => readString(value, 'accountId');

/** Which kind of history change a changelog entry is: assignee and attachments first, as the seed names them. */
export function changelogAction(items: unknown[]): ActivityAction {
  const fields = items.filter(isObject).map((item) => String(item['fieldId'] ?? item['field'] ?? '').toLowerCase());
  if (fields.includes('assignee')) return 'issue_assigned';
  if (fields.includes('attachment')) return 'attachment_changed';
  if (fields.includes('status')) return 'status_changed';
  return 'field_changed';
}

/**
 * Reads a Jira product event as one user activity, or says why it is none. Pure: the
 * trigger decides what to do with it. Comment edits are told from creations by their
 * timestamps (Jira sends avi:jira:commented:issue for both).
 */
export function classifyActivity(event: unknown, now: Date = new Date()): ActivityClassification {
  const eventType = readString(event, 'eventType');
  const atlassianId = readString(event, 'atlassianId') ?? accountOf(readObject(event, 'user'));
  switch (eventType) {
    case 'avi:jira:commented:issue':
    case 'avi:jira:deleted:comment': {
      const comment = readObject(event, 'comment');
      const commentId = readId(comment, 'id');
      const issue = issueOf(event);
      if (!commentId || !issue) return ignored('comment event without comment.id or issue.id');
      if (eventType === 'avi:jira:deleted:comment') {
        if (!atlassianId) return ignored('comment deletion without an actor');
        return { kind: 'activity', activity: { key: `comment:${commentId}:deleted`, action: 'comment_deleted', actorAccountId: atlassianId, issue, occurredAt: eventTime(event, now) } };
      }
      const created = readString(comment, 'created');
      const updated = readString(comment, 'updated') ?? created;
      const edited = created !== undefined && updated !== undefined && updated !== created;
      const actor = edited ? (accountOf(readObject(comment, 'updateAuthor')) ?? atlassianId) : (accountOf(readObject(comment, 'author')) ?? atlassianId);
      if (!actor) return ignored('comment event without an author');
      const at = toUtcIso(edited ? updated : created) ?? eventTime(event, now);
      return {
        kind: 'activity',
        activity: edited
          ? { key: editKey('comment', commentId, updated, at), action: 'comment_updated', actorAccountId: actor, issue, occurredAt: at }
          : { key: `comment:${commentId}:created`, action: 'comment_created', actorAccountId: actor, issue, occurredAt: at },
      };
    }
    case 'avi:jira:created:worklog':
    case 'avi:jira:updated:worklog':
    case 'avi:jira:deleted:worklog': {
      const worklog = readObject(event, 'worklog');
      const worklogId = readId(worklog, 'id');
      const issue = issueOf(event, readId(worklog, 'issueId'));
      if (!worklogId || !issue) return ignored('worklog event without worklog.id or issueId');
      const created = eventType === 'avi:jira:created:worklog';
      const actor = created ? accountOf(readObject(worklog, 'author')) : (accountOf(readObject(worklog, 'updateAuthor')) ?? atlassianId);
      if (!actor) return ignored('worklog event without an author');
      const updated = readString(worklog, 'updated');
      if (eventType === 'avi:jira:deleted:worklog') {
        return { kind: 'activity', activity: { key: `worklog:${worklogId}:deleted`, action: 'worklog_deleted', actorAccountId: actor, issue, occurredAt: eventTime(event, now) } };
      }
      const at = toUtcIso(created ? readString(worklog, 'created') : updated) ?? eventTime(event, now);
      return {
        kind: 'activity',
        activity: created
          ? { key: `worklog:${worklogId}:created`, action: 'worklog_created', actorAccountId: actor, issue, occurredAt: at }
          : { key: editKey('worklog', worklogId, updated, at), action: 'worklog_updated', actorAccountId: actor, issue, occurredAt: at },
      };
    }
    case 'avi:jira:created:issue': {
      const issue = issueOf(event);
      const fields = readObject(readObject(event, 'issue'), 'fields');
      const actor = atlassianId ?? accountOf(readObject(fields, 'creator')) ?? accountOf(readObject(fields, 'reporter'));
      if (!issue || !actor) return ignored('issue creation without issue.id or an actor');
      return { kind: 'activity', activity: { key: `issue:${issue.id}:created`, action: 'issue_created', actorAccountId: actor, issue, occurredAt: toUtcIso(readString(fields, 'created')) ?? eventTime(event, now) } };
    }
    case 'avi:jira:updated:issue': {
      const changelog = readObject(event, 'changelog');
      const changelogId = readId(changelog, 'id');
      const items = readArray(changelog, 'items') ?? [];
      const issue = issueOf(event);
      // An update with no history entry (an issue property, for one) is no user's activity.
      if (!changelogId || items.length === 0) return ignored('issue update without a changelog entry');
      if (!issue || !atlassianId) return ignored('issue update without issue.id or an actor');
      return { kind: 'activity', activity: { key: `changelog:${changelogId}`, action: changelogAction(items), actorAccountId: atlassianId, issue, occurredAt: eventTime(event, now) } };
    }
    default:
      return ignored(`not an activity event: ${eventType ?? 'no eventType'}`);
  }
}
