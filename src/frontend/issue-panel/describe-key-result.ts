/** The words the panel shows for a key result: pure, so they are tested without rendering. */
import type { PanelKeyResult } from '../../resolvers/issue-panel-api';

/** The key result's title, or its id when the OKR backend did not tell us the title. */
export const keyResultTitle = (kr: Pick<PanelKeyResult, 'keyResultId' | 'title'>): string => (kr.title !== null && kr.title.trim() !== '' ? kr.title : kr.keyResultId);

/**
 * A whole percentage that never overstates or hides progress: 99.6 shows 99 (not done
 * yet), 0.3 shows 1 (something is done). Null progress has no percentage at all.
 */
export function progressPercent(progress: number): number {
  const clamped = Math.min(100, Math.max(0, progress));
  const rounded = Math.round(clamped);
  if (rounded === 100 && clamped < 100) return 99;
  if (rounded === 0 && clamped > 0) return 1;
  return rounded;
}

const plural = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;

/** "5 of 12 issues done, 3 in progress". */
export function describeComposition(kr: Pick<PanelKeyResult, 'issueCount' | 'counts'>): string {
  if (kr.issueCount === 0) return 'No issues count toward it yet';
  const done = `${kr.counts.done} of ${plural(kr.issueCount, 'issue')} done`;
  return kr.counts.indeterminate > 0 ? `${done}, ${kr.counts.indeterminate} in progress` : done;
}

export function describeLink(linkedVia: PanelKeyResult['linkedVia']): string {
  switch (linkedVia) {
    case 'direct':
      return 'Linked directly';
    case 'jql':
      // No Unlink for these: the query is the OKR product's; say where it is changed.
      return "Through the key result's JQL (changed in the OKR product)";
    case 'direct-and-jql':
      return "Linked directly and through the key result's JQL";
  }
}

/** "Progress computed 5 minutes ago"; `now` is a parameter so the wording is testable. */
export function describeComputedAt(computedAt: string | null, now: number): string {
  if (computedAt === null) return 'Progress not computed yet';
  const at = Date.parse(computedAt);
  if (Number.isNaN(at)) return 'Progress computed at an unknown time';
  const minutes = Math.floor(Math.max(0, now - at) / 60_000);
  if (minutes < 1) return 'Progress computed just now';
  if (minutes < 60) return `Progress computed ${plural(minutes, 'minute')} ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `Progress computed ${plural(hours, 'hour')} ago`;
  const days = Math.floor(hours / 24);
  if (days < 30) return `Progress computed ${plural(days, 'day')} ago`;
  return `Progress computed on ${new Date(at).toISOString().slice(0, 10)}`;
}
