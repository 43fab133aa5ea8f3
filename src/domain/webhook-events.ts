import type { Activity, ActivityAction } from './activity';
import type { LifecycleRecord } from './app-lifecycle';
import type { StatusChange } from './classify-issue-event';
import type { UsageReportPart } from './usage-report';
import { type ProgressRules, computeProgress } from './compute-progress';
import type { StatusRule } from './status-rules';
import type { KeyResultAggregate } from './key-result-state';
import { messageIdFor } from './message-id';
import type { ProgressWeights } from './progress-weights';
import type { CategoryCounts, StatusCategoryKey } from './status-category';

/** Bumped only for breaking changes; additive fields keep the version (docs/webhooks.md). */
export const WEBHOOK_SCHEMA_VERSION = 1;

export interface WebhookEnvelope<TType extends string, TData> {
  /** Same as the `webhook-id` header: deterministic per logical event. */
  id: string;
  type: TType;
  schemaVersion: typeof WEBHOOK_SCHEMA_VERSION;
  /** When the app built the event (ISO 8601, UTC). */
  timestamp: string;
  /** The Jira Cloud site the event comes from. */
  cloudId: string;
  data: TData;
}

export interface IssueStatusChangedData {
  issue: {
    id: string;
    key: string | null;
    projectId: string | null;
    summary: string | null;
    /** The issue type's name (Task, Bug…), for display. */
    type: string | null;
    projectKey: string | null;
    projectName: string | null;
    /** The issue's page in Jira (siteUrl + /browse/KEY), when both are known. */
    url: string | null;
  };
  /** The Jira site's base URL, when the event carries it. */
  siteUrl: string | null;
  changelogId: string;
  from: { statusId: string | null; name: string | null };
  to: { statusId: string; name: string | null; categoryKey: StatusCategoryKey };
  actorAccountId: string | null;
  changedAt: string | null;
}

/** `issueKey`: the issue's key when the app knew it (null otherwise); identify issues by id. */
export type ProgressCause =
  | { kind: 'issue_status_changed'; issueId: string; issueKey: string | null; changelogId: string }
  | { kind: 'issue_linked'; issueId: string; issueKey: string | null }
  | { kind: 'issue_unlinked'; issueId: string; issueKey: string | null }
  /** The issue was deleted in Jira: it no longer counts (its unlink event names no actor). */
  | { kind: 'issue_deleted'; issueId: string; issueKey: string | null }
  /** Jira no longer shows the linked issue to the app: it left the average and is counted in unreachableIssueCount. */
  | { kind: 'issue_unreachable'; issueId: string; issueKey: string | null }
  /** Reconciliation found the issue in another status than the app had (a missed or late event) and corrected it. */
  | { kind: 'reconciled'; issueId: string; issueKey: string | null }
  /** The key result's JQL started (or stopped) matching the issue, seen on a live event. */
  | { kind: 'jql_matched'; issueId: string; issueKey: string | null }
  | { kind: 'jql_unmatched'; issueId: string; issueKey: string | null }
  | { kind: 'weights_changed' }
  | { kind: 'sync_started' }
  /** The backend registered, replaced or removed the key result's JQL; matches were read from Jira. */
  | { kind: 'jql_changed' }
  /** A check corrected many issues at once (JQL matches, or totals recounted from the links), so no single issue is named. */
  | { kind: 'reconciled_in_bulk' }
  /** The backend asked for a resync (web trigger `resync.request`). */
  | { kind: 'resync_requested' };

/**
 * Where an event with a sequence comes from: the site, and the installation's epoch (when
 * this installation started sending, in Unix milliseconds). A reinstall starts its
 * sequences again at 1 under a later epoch, so receivers order by (epoch, sequence).
 */
export interface EventOrigin {
  cloudId: string;
  epoch: number;
}

export interface KeyResultProgressUpdatedData {
  keyResultId: string;
  /** The installation's epoch: compare (epoch, sequence), epoch first (docs/webhooks.md, Ordering). */
  epoch: number;
  sequence: number;
  progress: number | null;
  weightedSum: number;
  issueCount: number;
  counts: CategoryCounts;
  /** Linked issues (in counts) left out of progress by a status rule; issueCount excludes them. */
  excludedIssueCount: number;
  /** Linked issues Jira no longer shows the app (deleted, or no longer readable): in neither counts nor the average. */
  unreachableIssueCount: number;
  weights: ProgressWeights;
  /** Statuses the admin left out (weight null) or gave their own weight, as applied here. */
  statusRules: StatusRule[];
  cause: ProgressCause;
}

/** An issue started or stopped counting toward a key result. */
export interface KeyResultIssueLinkData {
  keyResultId: string;
  issue: { id: string; key: string | null };
  /** How the issue is linked: `direct` = from the issue panel. JQL matches are not announced per issue (docs/webhooks.md). */
  via: 'direct';
  /** Who linked or unlinked it; null when the app did (seeding, reconciliation). */
  actorAccountId: string | null;
  /** The epoch and sequence of the `key_result.progress_updated` this change produced (same key result). */
  epoch: number;
  sequence: number;
}

/** One user action in Jira (the second seed's activity): who, what, on which issue, when. */
export interface ActivityRecordedData {
  /** The Jira change this is (`comment:10200:created`, `changelog:20031`, …): the same change always has the same key and webhook id. */
  activityKey: string;
  action: ActivityAction;
  actorAccountId: string;
  issue: { id: string; key: string | null; projectId: string | null; projectKey: string | null };
  occurredAt: string;
  /** The day (UTC, YYYY-MM-DD) it makes its actor active. */
  day: string;
}

export type IssueStatusChangedEvent = WebhookEnvelope<'issue.status_changed', IssueStatusChangedData>;
export type KeyResultProgressUpdatedEvent = WebhookEnvelope<'key_result.progress_updated', KeyResultProgressUpdatedData>;
export type KeyResultIssueLinkedEvent = WebhookEnvelope<'key_result.issue_linked', KeyResultIssueLinkData>;
export type KeyResultIssueUnlinkedEvent = WebhookEnvelope<'key_result.issue_unlinked', KeyResultIssueLinkData>;
export type ActivityRecordedEvent = WebhookEnvelope<'activity.recorded', ActivityRecordedData>;
/** One part of a usage report: users, licences and activity over a window (src/domain/usage-report.ts). */
export type UsageReportEvent = WebhookEnvelope<'usage.report', UsageReportPart>;
/** A test event an admin sent from the delivery log: answer 2xx, change nothing. */
export type PingEvent = WebhookEnvelope<'ping', { message: string }>;

/** The Forge environment an event comes from: its id (from Forge's event) and type, each when known. */
export interface LifecycleEnvironment {
  id: string | null;
  /** DEVELOPMENT, STAGING or PRODUCTION as the Forge runtime names it. */
  type: string | null;
}

/** The app was installed on the site (Forge's avi:forge:installed:app), announced on the first Connect. */
export interface AppInstalledData {
  installationId: string;
  appId: string;
  version: string;
  installerAccountId: string | null;
  environment: LifecycleEnvironment;
  /** The installation's epoch, as on its progress updates: ties them to this installation. */
  epoch: number;
  /** When the app received Forge's event (the event carries no time of its own). */
  installedAt: string;
}

/** The installation was upgraded to a new major version (Forge's avi:forge:upgraded:app). */
export interface AppUpgradedData {
  installationId: string;
  appId: string;
  version: string;
  /** The version of the installation's previous lifecycle event the app recorded, else null (docs/webhooks.md). */
  previousVersion: string | null;
  upgraderAccountId: string | null;
  environment: LifecycleEnvironment;
  epoch: number;
  /** When the app received Forge's event. */
  upgradedAt: string;
}

export type AppInstalledEvent = WebhookEnvelope<'app.installed', AppInstalledData>;
export type AppUpgradedEvent = WebhookEnvelope<'app.upgraded', AppUpgradedData>;
export type WebhookEvent = IssueStatusChangedEvent | KeyResultProgressUpdatedEvent | KeyResultIssueLinkedEvent | KeyResultIssueUnlinkedEvent | ActivityRecordedEvent | UsageReportEvent | PingEvent | AppInstalledEvent | AppUpgradedEvent;
export type WebhookEventType = WebhookEvent['type'];

export const WEBHOOK_EVENT_TYPES: readonly WebhookEventType[] = ['issue.status_changed', 'key_result.progress_updated', 'key_result.issue_linked', 'key_result.issue_unlinked', 'activity.recorded', 'usage.report', 'ping', 'app.installed', 'app.upgraded'];

/** The id names the report and the part: a part re-sent after a failure keeps its webhook id. */
export function buildUsageReportPart(cloudId: string, part: UsageReportPart, now: Date): UsageReportEvent {
  return {
    id: messageIdFor(cloudId, 'usage.report', part.reportId, String(part.part)),
    type: 'usage.report',
    schemaVersion: WEBHOOK_SCHEMA_VERSION,
    timestamp: now.toISOString(),
    cloudId,
    data: part,
  };
}

/** The id comes from the Jira change alone, so a live event, a platform retry and a backfill of it send one webhook id. */
/** The webhook id of an activity, also the key it is counted under (so any path that finds the change builds it). */
export const activityWebhookId = (cloudId: string, activityKey: string): string => messageIdFor(cloudId, 'activity.recorded', activityKey);

export function buildActivityRecorded(cloudId: string, activity: Activity, now: Date): ActivityRecordedEvent {
  return {
    id: activityWebhookId(cloudId, activity.key),
    type: 'activity.recorded',
    schemaVersion: WEBHOOK_SCHEMA_VERSION,
    timestamp: now.toISOString(),
    cloudId,
    data: { activityKey: activity.key, action: activity.action, actorAccountId: activity.actorAccountId, issue: { ...activity.issue }, occurredAt: activity.occurredAt, day: activity.occurredAt.slice(0, 10) },
  };
}

/**
 * Jira writes times like 2021-01-20T15:58:12.797+1100 (no colon in the offset), which
 * strict ISO 8601 parsers refuse. Receivers get UTC ISO strings; unreadable input is null.
 */
export function toUtcIso(jiraTime: string | undefined): string | null {
  if (!jiraTime) return null;
  const withColon = jiraTime.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const millis = Date.parse(withColon);
  return Number.isNaN(millis) ? null : new Date(millis).toISOString();
}

export function buildIssueStatusChanged(
  cloudId: string,
  change: StatusChange,
  toCategoryKey: StatusCategoryKey,
  now: Date,
): IssueStatusChangedEvent {
  return {
    id: messageIdFor(cloudId, 'issue.status_changed', change.issueId, change.changelogId),
    type: 'issue.status_changed',
    schemaVersion: WEBHOOK_SCHEMA_VERSION,
    timestamp: now.toISOString(),
    cloudId,
    data: {
      issue: {
        id: change.issueId,
        key: change.issueKey ?? null,
        projectId: change.projectId ?? null,
        summary: change.summary ?? null,
        type: change.issueTypeName ?? null,
        projectKey: change.projectKey ?? null,
        projectName: change.projectName ?? null,
        url: change.siteUrl && change.issueKey ? `${change.siteUrl}/browse/${encodeURIComponent(change.issueKey)}` : null,
      },
      siteUrl: change.siteUrl ?? null,
      changelogId: change.changelogId,
      from: { statusId: change.fromStatusId ?? null, name: change.fromStatusName ?? null },
      to: { statusId: change.toStatusId, name: change.toStatusName ?? null, categoryKey: toCategoryKey },
      actorAccountId: change.actorAccountId ?? null,
      changedAt: toUtcIso(change.changedAt),
    },
  };
}

/**
 * The id comes from the installation's epoch, the key result and its sequence number:
 * each sequence number is assigned exactly once in an installation (under a conditional
 * write), so the three name one update, and a reinstall's sequence 1 is a new id.
 */
export function buildKeyResultProgressUpdated(
  origin: EventOrigin,
  aggregate: KeyResultAggregate,
  rules: ProgressRules,
  cause: ProgressCause,
  now: Date,
): KeyResultProgressUpdatedEvent {
  const { weights } = rules;
  const { progress, weightedSum, issueCount, excludedIssueCount } = computeProgress(aggregate.counts, rules, aggregate.statuses);
  const { cloudId, epoch } = origin;
  return {
    id: messageIdFor(cloudId, 'key_result.progress_updated', String(epoch), aggregate.keyResultId, String(aggregate.sequence)),
    type: 'key_result.progress_updated',
    schemaVersion: WEBHOOK_SCHEMA_VERSION,
    timestamp: now.toISOString(),
    cloudId,
    data: {
      keyResultId: aggregate.keyResultId,
      epoch,
      sequence: aggregate.sequence,
      progress,
      weightedSum,
      issueCount,
      counts: { ...aggregate.counts },
      excludedIssueCount,
      unreachableIssueCount: aggregate.unreachable ?? 0,
      weights: { todo: weights.todo, inProgress: weights.inProgress, done: weights.done },
      statusRules: rules.statusRules.map((r) => ({ statusId: r.statusId, weight: r.weight })),
      cause,
    },
  };
}

/**
 * A link or unlink. The id comes from the epoch, the key result, the issue and the
 * sequence the change was committed at: each sequence number is assigned once, so a
 * retried or duplicated link never yields a second event, and a later re-link (or a
 * reinstall's) yields a new one.
 */
export function buildKeyResultIssueLinkChanged<T extends 'key_result.issue_linked' | 'key_result.issue_unlinked'>(
  origin: EventOrigin,
  type: T,
  change: { keyResultId: string; issueId: string; issueKey: string | null; actorAccountId: string | null; sequence: number },
  now: Date,
): WebhookEnvelope<T, KeyResultIssueLinkData> {
  const { cloudId, epoch } = origin;
  return {
    id: messageIdFor(cloudId, type, String(epoch), change.keyResultId, change.issueId, String(change.sequence)),
    type,
    schemaVersion: WEBHOOK_SCHEMA_VERSION,
    timestamp: now.toISOString(),
    cloudId,
    data: {
      keyResultId: change.keyResultId,
      issue: { id: change.issueId, key: change.issueKey },
      via: 'direct',
      actorAccountId: change.actorAccountId,
      epoch,
      sequence: change.sequence,
    },
  };
}

/** Each test event is its own (a fresh nonce): two clicks are two pings, never a duplicate. */
export function buildPing(cloudId: string, now: Date, nonce: string): PingEvent {
  return {
    id: messageIdFor(cloudId, 'ping', nonce),
    type: 'ping',
    schemaVersion: WEBHOOK_SCHEMA_VERSION,
    timestamp: now.toISOString(),
    cloudId,
    data: { message: 'A test event sent by a Jira admin from OKR Sync for Jira. Answer 2xx; it changes nothing.' },
  };
}

/**
 * The webhook id of a lifecycle event: the site, the event, the installation and the
 * version, so Forge delivering one install or upgrade twice (or the app queueing it from
 * both the trigger and a Connect) yields one webhook, and a reinstall (a new installation
 * id) yields a new one.
 */
export const lifecycleWebhookId = (cloudId: string, kind: 'installed' | 'upgraded', installationId: string, version: string): string =>
  messageIdFor(cloudId, `app.${kind}`, installationId, version);

const environmentOf = (record: LifecycleRecord): LifecycleEnvironment => ({ id: record.environmentId, type: record.environmentType });

export function buildAppInstalled(origin: EventOrigin, record: LifecycleRecord, now: Date): AppInstalledEvent {
  const { cloudId, epoch } = origin;
  return {
    id: lifecycleWebhookId(cloudId, 'installed', record.installationId, record.version),
    type: 'app.installed',
    schemaVersion: WEBHOOK_SCHEMA_VERSION,
    timestamp: now.toISOString(),
    cloudId,
    data: { installationId: record.installationId, appId: record.appId, version: record.version, installerAccountId: record.accountId, environment: environmentOf(record), epoch, installedAt: record.receivedAt },
  };
}

export function buildAppUpgraded(origin: EventOrigin, record: LifecycleRecord, now: Date): AppUpgradedEvent {
  const { cloudId, epoch } = origin;
  return {
    id: lifecycleWebhookId(cloudId, 'upgraded', record.installationId, record.version),
    type: 'app.upgraded',
    schemaVersion: WEBHOOK_SCHEMA_VERSION,
    timestamp: now.toISOString(),
    cloudId,
    data: {
      installationId: record.installationId,
      appId: record.appId,
      version: record.version,
      previousVersion: record.previousVersion,
      upgraderAccountId: record.accountId,
      environment: environmentOf(record),
      epoch,
      upgradedAt: record.receivedAt,
    },
  };
}

/** The webhook a recorded lifecycle event becomes. */
export const buildLifecycleEvent = (origin: EventOrigin, record: LifecycleRecord, now: Date): AppInstalledEvent | AppUpgradedEvent =>
  record.kind === 'installed' ? buildAppInstalled(origin, record, now) : buildAppUpgraded(origin, record, now);
