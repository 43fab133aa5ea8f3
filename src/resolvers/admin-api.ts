/**
 * The admin page's resolver contract: keys, payloads and answers. Types only, shared by the
 * resolvers (src/resolvers) and the Custom UI (static/admin), so the two cannot drift.
 * Every answer is a ResolverResponse envelope; errors are data the page shows.
 */
import type { AccessMode, AdminSettingsView, AdminStatusRow, RulesPreview, UserPage } from '../domain/admin-views';
import type { StatusRule } from '../domain/status-rules';
import type { ProgressWeights } from '../domain/progress-weights';
import type { UsageOverview, UsageSortKey, UsageSortOrder } from '../domain/usage-overview';
import type { ResolverResponse } from './resolver-response';

export type { ResolverResponse };
export type { AccessMode };
export type { AdminSettingsView, AdminStatusRow, AdminUserRow, RulesPreview, RulesPreviewRow, UserPage } from '../domain/admin-views';
export type { StatusRule } from '../domain/status-rules';
export type { HistoryImportView, UsageOverview, UsageSortKey, UsageSortOrder, UsageUserRow } from '../domain/usage-overview';
/** The weights as the page edits them: the domain's one weights type. */
export type AdminWeights = ProgressWeights;



export interface ConnectPayload {
  email: string;
  serverUrl: string;
  /** Blank keeps the stored token (only when a connection already exists). */
  apiToken: string;
}


export interface ListUsersPayload {
  /** Matches names (and emails Jira lets the app see); blank lists everyone. */
  query: string;
  /** Opaque cursor from a previous page's nextCursor; absent for the first page. */
  cursor?: string;
  /** 1..100, default 20. */
  pageSize?: number;
}


export interface SaveSelectionPayload {
  /** accountIds to add to / remove from the stored selection (the page keeps a diff, so 10,000-user sites never load everyone). */
  add: string[];
  remove: string[];
}

export interface RecomputeResult {
  keyResults: number;
}

/** The weights and the status rules, previewed or saved together. */
export interface ProgressRulesPayload {
  weights: AdminWeights;
  statusRules: StatusRule[];
}

export interface SavedProgressRules {
  settings: AdminSettingsView;
  /** Key results queued to be sent with the new rules (0 when nothing changed or updates are paused). */
  recalculating: number;
}

/** One page of the Usage section's users; every field optional (the defaults in brackets). */
export interface UsageOverviewPayload {
  /** Names and emails, case-insensitive; at most 200 characters [everyone]. */
  search?: string;
  sortKey?: UsageSortKey;
  /** ['ASC'] */
  sortOrder?: UsageSortOrder;
  /** 1-based; past the last page answers the last page [1]. */
  page?: number;
  /** 1..100 [20]. */
  pageSize?: number;
  /** The N of "licensed but inactive for N days", 1..30 [14]. */
  inactiveDays?: number;
  /** List only those users [false]. */
  onlyInactive?: boolean;
}

/*
 * The delivery log's answers are declared here, not imported from src/services: those
 * modules import Node and the platform, and the Custom UI type-checks this file without
 * Node's types. The resolvers' definitions check that the services answer these shapes.
 */

/** The delivery summary (src/services/delivery-health.ts describeDeliveryHealth). */
export interface DeliveryHealthView {
  /** Nothing waits longer than its schedule, no dead letter, no refusal. */
  healthy: boolean;
  lastSuccessAt: string | null;
  lastFailureAt: string | null;
  lastFailure: string | null;
  /** The backend kept failing: no delivery is tried before this. */
  retryAt: string | null;
  backlog: number;
  deadLetters: number;
  /** backlog or deadLetters reached the count limit (1,000): there may be more. */
  countsCapped: boolean;
  oldestUndeliveredAt: string | null;
  /** The backend refused our credentials (401/403): deliveries wait for a new Connect. */
  reconnectNeeded: boolean;
}

/** One attempt of the log; `outcome` is the record's state after it ('test' for a Send test event). */
export interface DeliveryAttemptView {
  id: string;
  type: string;
  keyResultId: string | null;
  outcome: 'delivered' | 'retrying' | 'dead' | 'paused' | 'test';
  at: string;
  attempts: number;
  status: number | null;
  latencyMs: number | null;
  error: string | null;
}

export interface DeadLetterView {
  id: string;
  type: string;
  keyResultId: string | null;
  createdAt: string;
  deadAt: string | null;
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
}

export interface DeliveryLogView {
  health: DeliveryHealthView;
  /** The latest attempts, newest first (at most 50). */
  recent: DeliveryAttemptView[];
  /** The oldest dead letters (at most 50); health.deadLetters counts them all. */
  deadLetters: DeadLetterView[];
}

export interface TestEventResult {
  delivered: boolean;
  status: number | null;
  latencyMs: number;
  message: string;
}

export type RedeliverPayload = { id: string } | { all: true };
export interface RedeliverResult {
  redelivered: number;
  more: boolean;
  log: DeliveryLogView;
}

/** resolver key → [payload, answer data] */
export interface AdminResolvers {
  'admin.getSettings': [Record<string, never>, AdminSettingsView];
  'admin.connect': [ConnectPayload, AdminSettingsView];
  'admin.setProgressUpdates': [{ enabled: boolean }, AdminSettingsView];
  'admin.saveWeights': [AdminWeights, AdminSettingsView];
  'admin.recomputeAll': [Record<string, never>, RecomputeResult];
  'admin.listStatuses': [Record<string, never>, AdminStatusRow[]];
  'admin.previewProgressRules': [ProgressRulesPayload, RulesPreview];
  /** Saves, then (when updates are on and something changed) queues every key result's progress under the new rules. */
  'admin.saveProgressRules': [ProgressRulesPayload, SavedProgressRules];
  'admin.setAccessMode': [{ mode: AccessMode }, AdminSettingsView];
  'admin.setIncludeHiddenEmails': [{ enabled: boolean }, AdminSettingsView];
  'admin.listUsers': [ListUsersPayload, UserPage];
  'admin.saveSelection': [SaveSelectionPayload, AdminSettingsView];
  /** Daily active users, one page of users with licences and activity, the licensed-but-inactive count, the history import. Reads only. */
  'admin.usageOverview': [UsageOverviewPayload, UsageOverview];
  /** The delivery summary alone, for the landing view (a few storage reads). */
  'admin.deliveryHealth': [Record<string, never>, DeliveryHealthView];
  /** The delivery log: the summary, the latest attempts, the oldest dead letters. Reads only. */
  'admin.deliveryLog': [Record<string, never>, DeliveryLogView];
  /** Sends one dead letter again ({ id }) or the oldest 200 ({ all: true }; `more` says whether others remain); answers with the log after. */
  'admin.redeliver': [RedeliverPayload, RedeliverResult];
  /** Sends a `ping` now and answers with what the backend said (and the log after). */
  'admin.sendTestEvent': [Record<string, never>, TestEventResult & { log: DeliveryLogView }];
}

export type AdminResolverKey = keyof AdminResolvers;
export type AdminAnswer<K extends AdminResolverKey> = ResolverResponse<AdminResolvers[K][1]>;
