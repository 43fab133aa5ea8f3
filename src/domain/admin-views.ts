/**
 * What the admin page is shown: built by the services, answered by the admin resolvers
 * (src/resolvers/admin-api.ts names them per resolver key), read by static/admin.
 */
import type { ProgressWeights } from './progress-weights';
import type { StatusCategoryKey } from './status-category';
import type { StatusRule } from './status-rules';

/** Who may link issues: everyone, or the users an admin selected. The one definition. */
export type AccessMode = 'all' | 'selected';

export interface AdminSettingsView {
  progressUpdatesEnabled: boolean;
  weights: ProgressWeights;
  /** Statuses left out of progress (weight null) or given their own weight. */
  statusRules: StatusRule[];
  /** Never carries the API token or the signing secret. */
  connection: { email: string; serverUrl: string; workspaceName: string; connectedAt: string } | null;
  access: { mode: AccessMode; selectedCount: number };
  /** Usage reports include the emails of users who hide them (off by default). */
  includeHiddenEmails: boolean;
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

/** A status of the site, for the status-rules editor. */
export interface AdminStatusRow {
  id: string;
  name: string;
  categoryKey: StatusCategoryKey;
}

export interface RulesPreviewRow {
  keyResultId: string;
  /** From the OKR backend, when it answers; null otherwise (the page shows the id). */
  title: string | null;
  /** Progress now and under the proposed rules: 0..100, or null for "no progress yet". */
  before: number | null;
  after: number | null;
  issueCountBefore: number;
  issueCountAfter: number;
}

export interface RulesPreview {
  /** Key results compared (at most PREVIEW_SCAN_LIMIT) and how many of them would change. */
  checked: number;
  changed: number;
  /** More key results exist than were compared. */
  truncated: boolean;
  /** The biggest changes, at most five. */
  keyResults: RulesPreviewRow[];
}
