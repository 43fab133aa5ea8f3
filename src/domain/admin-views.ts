/**
 * What the admin page is shown: built by the services, answered by the admin resolvers
 * (src/resolvers/admin-api.ts names them per resolver key), read by static/admin.
 */
import type { ProgressWeights } from './progress-weights';

/** Who may link issues: everyone, or the users an admin selected. The one definition. */
export type AccessMode = 'all' | 'selected';

export interface AdminSettingsView {
  progressUpdatesEnabled: boolean;
  weights: ProgressWeights;
  /** Never carries the API token or the signing secret. */
  connection: { email: string; serverUrl: string; workspaceName: string; connectedAt: string } | null;
  access: { mode: AccessMode; selectedCount: number };
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

export interface UserPage {
  users: AdminUserRow[];
  /** null on the last page. */
  nextCursor: string | null;
  /** Set when designations could not be looked up (not connected, workspace unreachable): the page still lists users. */
  notice: string | null;
}
