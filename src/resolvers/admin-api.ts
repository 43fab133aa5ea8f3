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

export type { DeadLetterView, DeliveryAttemptView, DeliveryHealthView, DeliveryLogView, TestEventResult } from '../domain/delivery-views';
import type { DeliveryHealthView, DeliveryLogView, TestEventResult } from '../domain/delivery-views';

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
