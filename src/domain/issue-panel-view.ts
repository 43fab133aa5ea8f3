/**
 * What the issue panel shows: the shapes the panel service builds and the resolver
 * answers (src/resolvers/issue-panel-api.ts names them per resolver key). Plain data.
 */

export type PanelLinkState =
  /** The app is not connected to an OKR workspace: nothing can be linked or shown. */
  | 'not-connected'
  /** Connected, but an admin paused progress updates: links still work, nothing is sent. */
  | 'paused'
  | 'active';

export interface PanelKeyResult {
  keyResultId: string;
  /** From the OKR backend's key-result search (cached briefly); null when unknown or unreachable. */
  title: string | null;
  objective: string | null;
  /** 0..100, or null when no reachable issue counts ("no progress yet", never 0%). */
  progress: number | null;
  counts: { new: number; indeterminate: number; done: number };
  issueCount: number;
  /** How this issue counts toward the key result: linked from this panel, matched by the key result's JQL, or both (counted once). */
  linkedVia: 'direct' | 'jql' | 'direct-and-jql';
  /** When the app last computed this key result's progress (ISO 8601), if known. */
  computedAt: string | null;
}

export interface PanelView {
  state: PanelLinkState;
  /** Whether this user may link and unlink here (User Access Control and edit permission on the issue). */
  canLink: boolean;
  /** One line saying why the list is read-only, when canLink is false. */
  readOnlyReason: string | null;
  keyResults: PanelKeyResult[];
}

export interface KeyResultSearchHit {
  id: string;
  title: string;
  objective: string | null;
  /** Already linked to this issue (the panel shows it as such instead of offering Link). */
  linked: boolean;
}
