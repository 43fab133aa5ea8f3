import { compareInstants, instantOf } from './instants';
import { invalidDateMessage, jqlInstant } from './jql-dates';
import { compileWhere } from './jql-logic';
import { type JqlOperator, type JqlSort, type JqlWhere, beyondSubset } from './jql-parser';
import type { JiraSite, SimIssue } from './site-model';

/**
 * The JQL fields the simulated Jira can search on, and what each operator means on them.
 * A field Jira has but the simulator does not model is refused as beyond the subset; a
 * name Jira would not know at all gets Jira's own "does not exist" message.
 */

/**
 * An issue entity property value the app's manifest asks Jira to index under a JQL name
 * (a `jira:entityProperty` module's `values[].searchAlias`), e.g. `okrKeyResult`.
 */
export interface JqlPropertyAlias {
  alias: string;
  propertyKey: string;
  /** Dot path inside the property value, e.g. `keyResultIds`. */
  path: string;
  type: 'number' | 'string' | 'text' | 'user' | 'date';
}

/** As the parse structure reports an aliased field (OpenAPI JqlQueryFieldEntityProperty). */
export interface JqlFieldProperty {
  entity: 'issue';
  key: string;
  path: string;
  type: JqlPropertyAlias['type'];
}

/**
 * A problem with one clause. `unknown-field` is Jira's validation error (the query is
 * well formed, so jql/parse can still show its structure under `warn` or `none`);
 * `beyond-subset` means the simulator cannot say what Jira would answer.
 */
export interface JqlFieldProblem {
  /** `invalid-value` is Jira's validation error for a value the field cannot take (a date of no known format). */
  kind: 'unknown-field' | 'invalid-value' | 'beyond-subset';
  message: string;
}

export type IssuePredicate = (issue: SimIssue) => boolean;
export type IssueOrder = (a: SimIssue, b: SimIssue) => number;

type FieldSpec =
  | {
      operators: readonly JqlOperator[];
      /** Whether the issue has this one value in the field. */
      has: (issue: SimIssue, value: string) => boolean;
    }
  | {
      operators: readonly JqlOperator[];
      /** A date-time field: the issue's instant (ms), compared with the value's. */
      at: (issue: SimIssue) => number;
    };

const ci = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
const EVERY_OPERATOR: readonly JqlOperator[] = ['=', '!=', 'in', 'not in'];
/**
 * Multi-valued fields answer `=` and `in` only: in Jira, `labels != x` also leaves out
 * issues with no labels at all, a rule the simulator does not model.
 */
const INCLUSIVE_OPERATORS: readonly JqlOperator[] = ['=', 'in'];
/**
 * Date fields answer the range operators only: Jira's `=` on a date-time is equality to the
 * millisecond (rarely what a query means), not modelled.
 */
const RANGE_OPERATORS: readonly JqlOperator[] = ['<', '<=', '>', '>='];
const RANGE_TESTS: Readonly<Record<string, (a: number, b: number) => boolean>> = { '<': (a, b) => a < b, '<=': (a, b) => a <= b, '>': (a, b) => a > b, '>=': (a, b) => a >= b };

/** Jira system fields (and their JQL names) that exist but that the simulated site does not model. */
const UNMODELLED_JIRA_FIELDS = new Set(
  [
    'summary', 'description', 'text', 'comment', 'environment', 'assignee', 'reporter', 'creator', 'resolved', 'resolutionDate', 'resolution', 'priority', 'due', 'dueDate', 'parent', 'sprint',
    'fixVersion', 'affectedVersion', 'component', 'votes', 'voter', 'watchers', 'watcher', 'worklogAuthor', 'worklogDate',
    'worklogComment', 'timeSpent', 'originalEstimate', 'remainingEstimate', 'level', 'attachments', 'filter', 'lastViewed',
    'statusCategoryChangedDate', 'issueLinkType', 'subtasks', 'category', 'team', 'epicLink', 'rank',
  ].map((f) => f.toLowerCase()),
);

/** Values at a dot path of a JSON value; an array contributes each of its items, as Jira indexes them. */
function valuesAt(value: unknown, path: string): unknown[] {
  let current: unknown[] = [value];
  for (const step of path.split('.')) {
    current = current.flatMap((v) => (typeof v === 'object' && v !== null && !Array.isArray(v) ? [(v as Record<string, unknown>)[step]] : []));
  }
  return current.flatMap((v) => (Array.isArray(v) ? v : [v])).filter((v) => v !== undefined && v !== null);
}

function fieldTable(site: JiraSite, aliases: readonly JqlPropertyAlias[]): Map<string, FieldSpec> {
  const projectOf = (issue: SimIssue) => site.data.projects.find((p) => p.id === issue.projectId);
  const issueRef: FieldSpec = { operators: INCLUSIVE_OPERATORS, has: (i, v) => ci(i.key, v) || i.id === v };
  const type: FieldSpec = { operators: EVERY_OPERATOR, has: (i, v) => ci(i.issueTypeName, v) };
  const created: FieldSpec = { operators: RANGE_OPERATORS, at: (i) => instantOf(i.created) };
  const updated: FieldSpec = { operators: RANGE_OPERATORS, at: (i) => instantOf(i.updated) };
  const table = new Map<string, FieldSpec>([
    ['project', { operators: EVERY_OPERATOR, has: (i, v) => { const p = projectOf(i); return p !== undefined && (p.id === v || ci(p.key, v) || ci(p.name, v)); } }],
    ['status', { operators: EVERY_OPERATOR, has: (i, v) => i.statusId === v || ci(site.status(i.statusId)?.name ?? '', v) }],
    ['statuscategory', { operators: EVERY_OPERATOR, has: (i, v) => { const c = site.categoryOfStatus(i.statusId); return String(c.id) === v || ci(c.key, v) || ci(c.name, v); } }],
    // The simulated issue types have names only (their representation's id is a placeholder), so ids do not match.
    ['issuetype', type],
    ['type', type],
    // Label case: Atlassian's JQL reference does not say; matched exactly as stored.
    ['labels', { operators: INCLUSIVE_OPERATORS, has: (i, v) => (i.labels ?? []).includes(v) }],
    ['key', issueRef],
    ['issuekey', issueRef],
    ['issue', issueRef],
    ['id', issueRef],
    ['created', created],
    ['createddate', created],
    ['updated', updated],
    ['updateddate', updated],
  ]);
  // A string-typed value is an exact match (Atlassian's property index); other types are not modelled.
  for (const alias of aliases.filter((a) => a.type === 'string')) {
    table.set(alias.alias.toLowerCase(), { operators: INCLUSIVE_OPERATORS, has: (i, v) => valuesAt(i.properties?.[alias.propertyKey], alias.path).some((found) => found === v) });
  }
  return table;
}

function unknownOrUnmodelled(name: string, aliases: readonly JqlPropertyAlias[]): JqlFieldProblem {
  const lower = name.toLowerCase();
  const alias = aliases.find((a) => a.alias.toLowerCase() === lower);
  if (alias) return { kind: 'beyond-subset', message: beyondSubset(`Searching the ${alias.type}-typed property alias '${name}'`) };
  if (UNMODELLED_JIRA_FIELDS.has(lower)) return { kind: 'beyond-subset', message: beyondSubset(`The field '${name}'`) };
  if (/^(cf\[|customfield_|issue\.property\[)/i.test(name)) return { kind: 'beyond-subset', message: beyondSubset(`The field '${name}' (custom fields and issue.property[...] paths)`) };
  return { kind: 'unknown-field', message: `Field '${name}' does not exist or you do not have permission to view it.` };
}

/** The entity property behind a field name, if it is one of the manifest's aliases (for the parse structure). */
export function aliasProperty(name: string, aliases: readonly JqlPropertyAlias[]): JqlFieldProperty | undefined {
  const alias = aliases.find((a) => a.alias.toLowerCase() === name.toLowerCase());
  return alias && { entity: 'issue', key: alias.propertyKey, path: alias.path, type: alias.type };
}

export type FieldsCompiled = { ok: true; matches: IssuePredicate; order: IssueOrder | undefined } | { ok: false; problems: JqlFieldProblem[] };

/**
 * The where-clause's predicate (everything, without one) and the ORDER BY comparator, or
 * every problem found. `now` (ms) is what relative dates (`-30d`) count back from.
 */
export function compileFields(site: JiraSite, aliases: readonly JqlPropertyAlias[], where: JqlWhere | undefined, orderBy: readonly JqlSort[], now: number): FieldsCompiled {
  const table = fieldTable(site, aliases);
  const problems: JqlFieldProblem[] = [];
  const matches = where === undefined ? () => true : compileWhere(where, (clause, operator, negated) => {
    const spec = table.get(clause.field.name.toLowerCase());
    if (!spec) {
      problems.push(unknownOrUnmodelled(clause.field.name, aliases));
      return undefined;
    }
    if (!spec.operators.includes(operator)) {
      const via = negated ? `, which is what NOT makes of '${clause.operator.toUpperCase()}' (Jira moves NOT onto each clause)` : '';
      problems.push({ kind: 'beyond-subset', message: beyondSubset(`The operator '${operator.toUpperCase()}' on the field '${clause.field.name}'${via}`) });
      return undefined;
    }
    if ('at' in spec) {
      // The parser gives a range operator a single value, never a list.
      const value = clause.operand.kind === 'value' ? clause.operand.value : clause.operand.values[0]!;
      const instant = jqlInstant(value, now);
      if (instant === undefined) {
        problems.push({ kind: 'invalid-value', message: invalidDateMessage(value.name, clause.field.name) });
        return undefined;
      }
      const test = RANGE_TESTS[operator]!;
      return (issue) => test(spec.at(issue), instant);
    }
    const values = clause.operand.kind === 'list' ? clause.operand.values.map((v) => v.name) : [clause.operand.value.name];
    const anyValue: IssuePredicate = (issue) => values.some((v) => spec.has(issue, v));
    return operator === '!=' || operator === 'not in' ? (issue) => !anyValue(issue) : anyValue;
  });
  const comparators: IssueOrder[] = [];
  for (const sort of orderBy) {
    const compare = SORTS.get(sort.field.name.toLowerCase());
    if (compare) comparators.push(sort.direction === 'desc' ? (a, b) => -compare(a, b) : compare);
    else if (table.has(sort.field.name.toLowerCase())) problems.push({ kind: 'beyond-subset', message: beyondSubset(`ORDER BY ${sort.field.name}`) });
    else problems.push(unknownOrUnmodelled(sort.field.name, aliases));
  }
  if (problems.length > 0 || matches === undefined) return { ok: false, problems };
  return {
    ok: true,
    matches,
    order: comparators.length <= 1 ? comparators[0] : (a, b) => comparators.reduce((result, c) => result || c(a, b), 0),
  };
}

const compareBy = <T extends string | number>(keyOf: (i: SimIssue) => T): IssueOrder => (a, b) => {
  const x = keyOf(a);
  const y = keyOf(b);
  return x < y ? -1 : x > y ? 1 : 0;
};
/** Issue keys sort by project key, then by number (OKR-2 before OKR-10). */
const byKey: IssueOrder = (a, b) => compareBy((i) => i.key.split('-')[0] ?? '')(a, b) || compareBy((i) => Number(i.key.split('-')[1]))(a, b);
const byCreated: IssueOrder = (a, b) => compareInstants(a.created, b.created);
const byUpdated: IssueOrder = (a, b) => compareInstants(a.updated, b.updated);
const SORTS = new Map<string, IssueOrder>([
  ['key', byKey],
  ['issuekey', byKey],
  ['issue', byKey],
  ['id', compareBy((i) => Number(i.id))],
  ['created', byCreated],
  ['createddate', byCreated],
  ['updated', byUpdated],
  ['updateddate', byUpdated],
]);
