import type { JiraSite, SimIssue } from './site-model';

/**
 * The small part of JQL the app and sandbox use: clauses joined by AND, each one of
 * `project = KEY`, `statusCategory = key`, `key|id in (a, b)`, `status = "Name"`, with an
 * optional `ORDER BY key|created|updated [ASC|DESC]`. Anything else is a 400, like a JQL
 * syntax error, so an unsupported query is noticed rather than silently widened.
 */
export type JqlResult = { ok: true; issues: SimIssue[]; nextPageToken: string | undefined } | { ok: false; error: string };

const unquote = (v: string) => v.trim().replace(/^["']|["']$/g, '');

export function runJql(site: JiraSite, jql: string, pageToken: string | null, maxResults: number): JqlResult {
  const [where = '', order] = jql.split(/\s+ORDER\s+BY\s+/i);
  const predicates: Array<(i: SimIssue) => boolean> = [];
  for (const clause of where.split(/\s+AND\s+/i).map((c) => c.trim()).filter(Boolean)) {
    const inMatch = clause.match(/^(key|id|issue)\s+in\s+\((.*)\)$/i);
    const eqMatch = clause.match(/^(project|statusCategory|status)\s*=\s*(.+)$/i);
    if (inMatch) {
      const values = new Set((inMatch[2] ?? '').split(',').map(unquote));
      predicates.push((i) => values.has(i.key) || values.has(i.id));
    } else if (eqMatch) {
      const field = (eqMatch[1] ?? '').toLowerCase();
      const value = unquote(eqMatch[2] ?? '');
      if (field === 'project') predicates.push((i) => site.data.projects.some((p) => p.id === i.projectId && (p.key === value || p.id === value)));
      else if (field === 'status') predicates.push((i) => site.status(i.statusId)?.name.toLowerCase() === value.toLowerCase() || i.statusId === value);
      else predicates.push((i) => site.categoryOfStatus(i.statusId).key === value);
    } else {
      return { ok: false, error: `Error in the JQL Query: unsupported clause '${clause}'.` };
    }
  }
  let issues = site.data.issues.filter((i) => predicates.every((p) => p(i)));
  if (order) {
    const [field = 'key', dir = 'ASC'] = order.trim().split(/\s+/);
    const sign = dir.toUpperCase() === 'DESC' ? -1 : 1;
    const keyOf = (i: SimIssue): string | number =>
      field === 'created' ? i.created : field === 'updated' ? i.updated : Number(i.id);
    issues = [...issues].sort((a, b) => (keyOf(a) < keyOf(b) ? -sign : keyOf(a) > keyOf(b) ? sign : 0));
  }
  const start = pageToken ? Number(Buffer.from(pageToken, 'base64url').toString('utf8')) : 0;
  if (!Number.isInteger(start) || start < 0) return { ok: false, error: 'The nextPageToken is invalid.' };
  const page = issues.slice(start, start + maxResults);
  const next = start + page.length < issues.length ? Buffer.from(String(start + page.length)).toString('base64url') : undefined;
  return { ok: true, issues: page, nextPageToken: next };
}
