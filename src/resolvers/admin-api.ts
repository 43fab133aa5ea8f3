/**
 * The admin page's resolver contract: keys, payloads and answers. Types only, shared by the
 * resolvers (src/resolvers) and the Custom UI (static/admin), so the two cannot drift.
 * Every answer is a ResolverResponse envelope; errors are data the page shows.
 */
import type { ResolverResponse } from './resolver-response';

export type { ResolverResponse };

export interface AdminWeights {
  todo: number;
  inProgress: number;
  done: number;
}

export type AccessMode = 'all' | 'selected';

export interface AdminSettingsView {
  progressUpdatesEnabled: boolean;
  weights: AdminWeights;
  /** Never carries the API token or the signing secret. */
  connection: { email: string; serverUrl: string; workspaceName: string; connectedAt: string } | null;
  access: { mode: AccessMode; selectedCount: number };
}

export interface ConnectPayload {
  email: string;
  serverUrl: string;
  /** Blank keeps the stored token (only when a connection already exists). */
  apiToken: string;
}

export interface AdminUserRow {
  accountId: string;
  displayName: string;
  /** From the OKR workspace directory, matched by email; null where unknown (the UI shows a dash). */
  designation: string | null;
  organizationalUnit: string | null;
  /** Whether the stored selection contains this user. */
  selected: boolean;
}

export interface ListUsersPayload {
  /** Matches names (and emails Jira lets the app see); blank lists everyone. */
  query: string;
  /** Opaque cursor from a previous page's nextCursor; absent for the first page. */
  cursor?: string;
  /** 1..100, default 20. */
  pageSize?: number;
}

export interface UserPage {
  users: AdminUserRow[];
  /** null on the last page. */
  nextCursor: string | null;
  /** Set when designations could not be looked up (not connected, workspace unreachable): the page still lists users. */
  notice: string | null;
}

export interface SaveSelectionPayload {
  /** accountIds to add to / remove from the stored selection (the page keeps a diff, so 10,000-user sites never load everyone). */
  add: string[];
  remove: string[];
}

export interface RecomputeResult {
  keyResults: number;
}

/** resolver key → [payload, answer data] */
export interface AdminResolvers {
  'admin.getSettings': [Record<string, never>, AdminSettingsView];
  'admin.connect': [ConnectPayload, AdminSettingsView];
  'admin.setProgressUpdates': [{ enabled: boolean }, AdminSettingsView];
  'admin.saveWeights': [AdminWeights, AdminSettingsView];
  'admin.recomputeAll': [Record<string, never>, RecomputeResult];
  'admin.setAccessMode': [{ mode: AccessMode }, AdminSettingsView];
  'admin.listUsers': [ListUsersPayload, UserPage];
  'admin.saveSelection': [SaveSelectionPayload, AdminSettingsView];
}

export type AdminResolverKey = keyof AdminResolvers;
export type AdminAnswer<K extends AdminResolverKey> = ResolverResponse<AdminResolvers[K][1]>;
