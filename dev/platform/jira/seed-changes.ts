import type { JiraSite, SimChangelogItem, SimIssue } from './site-model';

/**
 * The field changes seeded history is made of, as Jira records them in changelog items
 * (status by id and name, assignee by account id and display name, attachments by id and
 * file name, text fields by their strings only). Each one also changes the issue, so the
 * site's current values agree with its history.
 */
export type ChangeKind = 'status' | 'assignee' | 'attachment' | 'priority' | 'labels' | 'summary' | 'description';

/** How often each kind comes: transitions most, then reassignments. */
const KIND_WEIGHTS: ReadonlyArray<[ChangeKind, number]> = [
  ['status', 45],
  ['assignee', 20],
  ['attachment', 10],
  ['priority', 8],
  ['labels', 7],
  ['summary', 5],
  ['description', 5],
];
const KIND_TOTAL = KIND_WEIGHTS.reduce((sum, [, w]) => sum + w, 0);

export function pickKind(random: () => number): ChangeKind {
  let roll = random() * KIND_TOTAL;
  for (const [kind, weight] of KIND_WEIGHTS) {
    roll -= weight;
    if (roll < 0) return kind;
  }
  return 'status';
}

const PRIORITIES: ReadonlyArray<[string, string]> = [['1', 'Highest'], ['2', 'High'], ['3', 'Medium'], ['4', 'Low'], ['5', 'Lowest']];
const LABELS = ['perf', 'customer', 'tech-debt', 'security', 'ux', 'flaky', 'docs'];
const WORDS = ['Tighten', 'Refine', 'Measure', 'Document', 'Split', 'Retry', 'Cache', 'Trace'];

/** Forward through the workflow mostly, sometimes back a step, now and then closed. */
export function nextStatus(site: JiraSite, current: string, random: () => number): string {
  const ids = site.data.statuses.map((s) => s.id);
  const at = Math.max(0, ids.indexOf(current));
  const roll = random();
  const target = roll < 0.7 ? at + 1 : roll < 0.9 ? at - 1 : Math.floor(random() * ids.length);
  const id = ids[((target % ids.length) + ids.length) % ids.length]!;
  return id === current ? ids[(at + 1) % ids.length]! : id;
}

const item = (field: string, fieldId: string, from: string | null, fromString: string | null, to: string | null, toString: string | null): SimChangelogItem => ({ field, fieldtype: 'jira', fieldId, from, fromString, to, toString });

/**
 * One change of `kind` to the issue: its changelog items, the issue already changed. A
 * status change goes through site.transitionIssue instead, with nextStatus.
 */
export function fieldChange(site: JiraSite, issue: SimIssue, kind: Exclude<ChangeKind, 'status'>, people: readonly string[], random: () => number, serial: number): SimChangelogItem[] {
  switch (kind) {
    case 'assignee': {
      const from = issue.assigneeId;
      const to = random() < 0.1 ? null : people[Math.floor(random() * people.length)]!;
      issue.assigneeId = to === from ? null : to;
      const name = (id: string | null) => (id ? (site.user(id)?.displayName ?? null) : null);
      return [item('assignee', 'assignee', from, name(from), issue.assigneeId, name(issue.assigneeId))];
    }
    case 'attachment':
      return [item('Attachment', 'attachment', null, null, String(10_000 + serial), `screenshot-${serial}.png`)];
    case 'priority': {
      const [fromId, fromName] = PRIORITIES[serial % PRIORITIES.length]!;
      const [toId, toName] = PRIORITIES[(serial + 1 + Math.floor(random() * 3)) % PRIORITIES.length]!;
      return [item('priority', 'priority', fromId, fromName, toId, toName)];
    }
    case 'labels': {
      const before = issue.labels ?? [];
      const label = LABELS[Math.floor(random() * LABELS.length)]!;
      issue.labels = before.includes(label) ? before.filter((l) => l !== label) : [...before, label];
      return [item('labels', 'labels', null, before.join(' '), null, issue.labels.join(' '))];
    }
    case 'summary': {
      const before = issue.summary;
      issue.summary = `${WORDS[serial % WORDS.length]!}: ${before.replace(/^[A-Z][a-z]+: /, '')}`;
      return [item('summary', 'summary', null, before, null, issue.summary)];
    }
    case 'description':
      return [item('description', 'description', null, serial % 3 === 0 ? null : 'Draft notes.', null, `Acceptance criteria, revision ${serial}.`)];
  }
}
