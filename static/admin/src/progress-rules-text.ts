/**
 * The words of the progress rules' preview and save answers, kept apart from the markup so
 * every case (nothing to compare, nothing changes, paused, nothing saved differently) is
 * tested without a browser.
 */
import type { AdminStatusRow, AdminWeights, RulesPreview, StatusRule } from '../../../src/resolvers/admin-api';

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** Progress as the OKR workspace gets it (two decimals at most); null is "No progress yet", never 0. */
export const formatProgress = (progress: number | null): string => (progress === null ? 'No progress yet' : `${Number(progress.toFixed(2))}%`);

export function previewHeadline(preview: RulesPreview): string {
  if (preview.checked === 0) return 'No key result has linked issues yet, so no key result would change.';
  if (preview.changed === 0) return `No key result would change (${plural(preview.checked, 'key result', 'key results')} compared).`;
  return `${preview.changed} of ${plural(preview.checked, 'key result', 'key results')} would change`;
}

/** What the table leaves out, if anything: rows beyond the biggest changes, key results beyond the scan. */
export function previewNotes(preview: RulesPreview): string[] {
  const notes: string[] = [];
  const shown = preview.keyResults.length;
  if (preview.changed > shown) notes.push(shown === 1 ? 'Showing the biggest change.' : `Showing the ${shown} biggest changes.`);
  if (preview.truncated) notes.push(`Only the first ${preview.checked} key results were compared; others may change too.`);
  return notes;
}

export interface SaveOutcome {
  recalculating: number;
  progressUpdatesEnabled: boolean;
  /** Whether the saved rules differ from the ones stored before. */
  changed: boolean;
}

/** What happens to the key results after a save (the server queued `recalculating` of them). */
export function recalculationText({ recalculating, progressUpdatesEnabled, changed }: SaveOutcome): string {
  // The server queues them a hundred every 30 seconds, inside the platform's queue limits.
  if (recalculating > 100) return `Recalculating ${plural(recalculating, 'key result', 'key results')} with the new rules, a hundred every 30 seconds; all their progress reaches the OKR workspace within about ${plural(Math.ceil(recalculating / 200), 'minute', 'minutes')}.`;
  if (recalculating > 0) return `Recalculating ${plural(recalculating, 'key result', 'key results')} with the new rules; their progress is sent to the OKR workspace in the next moments.`;
  if (!progressUpdatesEnabled) return 'Progress updates are paused, so nothing is sent now; when you turn them on again, every key result is recalculated with these rules.';
  if (!changed) return 'Nothing changed, so no key result needs recalculating.';
  return 'No key result has linked issues yet, so there is nothing to recalculate.';
}

/** The saved rules in one sentence, statuses by name where the list is known. */
export function rulesSummary(weights: AdminWeights, rules: readonly StatusRule[], statuses: readonly AdminStatusRow[] | undefined): string {
  const name = (id: string) => statuses?.find((s) => s.id === id)?.name;
  const base = `Progress counts To Do / In Progress / Done as ${weights.todo}% / ${weights.inProgress}% / ${weights.done}%`;
  const parts = rules.map((r) => {
    const label = name(r.statusId);
    if (label === undefined) return undefined;
    return r.weight === null ? `${label} is left out of progress` : `${label} counts as ${r.weight}%`;
  });
  if (parts.some((p) => p === undefined)) {
    const leftOut = rules.filter((r) => r.weight === null).length;
    return `${base}, with ${plural(leftOut, 'status', 'statuses')} left out of progress and ${plural(rules.length - leftOut, 'status', 'statuses')} on an own weight.`;
  }
  return parts.length > 0 ? `${base}; ${parts.join('; ')}.` : `${base}.`;
}
