import type { IssueStatusNow } from '../adapters/issue-statuses';

/**
 * What one reconciliation message may spend: Jira calls (each up to a second or so when
 * Jira is slow) and storage pages (fast). 25 calls and 200 pages stay well inside the
 * consumer's 120 s; the rest goes on in the next message, from where this one stopped.
 */
export const RECONCILE_JIRA_CALLS_PER_CHUNK = 25;
export const RECONCILE_STORAGE_PAGES_PER_CHUNK = 200;

export interface ReconcileReport {
  checked: number;
  corrected: number;
  /** Direct links found unreachable (Jira no longer shows them) in this run. */
  unreachable: number;
  /** Issues whose JQL match changed (matched, unmatched, or their category), applied in bulk. */
  jqlChanged: number;
  /** The key result's JQL could not run (Jira refused it): its matches were left as they were. */
  jqlFailed: boolean;
  /** The stored totals predate the per-status totals and were recounted from the links. */
  recounted: boolean;
  /** Issue properties (the okrKeyResult JQL alias) found missing and written again. */
  propertiesRepaired: number;
}

/** Where a phase stopped: done, or the cursor (null: its start) the next chunk goes on from. */
export type PhaseProgress = { done: true } | { done: false; cursor: string | null };
export const phaseDone: PhaseProgress = { done: true };
export const goOnAt = (cursor: string | null | undefined): PhaseProgress => (cursor === undefined ? phaseDone : { done: false, cursor });

export const emptyReport = (): ReconcileReport => ({ checked: 0, corrected: 0, unreachable: 0, jqlChanged: 0, jqlFailed: false, recounted: false, propertiesRepaired: 0 });

export class ReconcileChunk {
  jiraCallsLeft = RECONCILE_JIRA_CALLS_PER_CHUNK;
  /** Every issue the key result has a link for, when this chunk read them all (the JQL phase from its start). */
  allLinkedIssueIds: Set<string> | undefined;
  /** What the JQL matches now, read once per chunk and shared by its phases. */
  jqlMatches: Promise<Map<string, IssueStatusNow>> | undefined;
  storagePagesLeft = RECONCILE_STORAGE_PAGES_PER_CHUNK;

  constructor(
    readonly keyResultId: string,
    readonly cloudId: string,
    readonly jql: string | undefined,
    readonly report: ReconcileReport,
  ) {}

  spentJira(calls = 1): void {
    this.jiraCallsLeft -= calls;
  }

  spentStorage(pages = 1): void {
    this.storagePagesLeft -= pages;
  }

  get exhausted(): boolean {
    return this.jiraCallsLeft <= 0 || this.storagePagesLeft <= 0;
  }
}
