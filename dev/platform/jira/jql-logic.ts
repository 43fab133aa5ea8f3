import type { JqlClause, JqlOperator, JqlWhere } from './jql-parser';
import type { SimIssue } from './site-model';

/**
 * What NOT, AND and OR mean when a query runs. Jira does not negate a result set: before
 * searching, its DeMorgansVisitor pushes every NOT down to the field clauses, flipping each
 * operator (`=` to `!=`, `in` to `not in`, `<` to `>=`) and swapping AND with OR under an odd number of
 * NOTs. That matters because Jira's `!=` is not the complement of `=` on every field
 * (`labels != x` leaves out issues with no labels), so `NOT labels = x` is `labels != x`:
 * whatever the simulator refuses as `!=` it refuses under NOT as well, rather than
 * answering with the plain complement Jira would not give.
 */
const NEGATED: Readonly<Record<JqlOperator, JqlOperator>> = { '=': '!=', '!=': '=', '<': '>=', '>=': '<', '>': '<=', '<=': '>', in: 'not in', 'not in': 'in' };

type Predicate = (issue: SimIssue) => boolean;

/**
 * A clause's predicate under `operator` (its own, or the flipped one under NOT), or
 * undefined when it cannot run; the compiler records why.
 */
export type ClauseCompiler = (clause: JqlClause, operator: JqlOperator, negated: boolean) => Predicate | undefined;

/** The where-clause's predicate, or undefined when any clause cannot run (every clause is still compiled, so every problem is found). */
export function compileWhere(where: JqlWhere, compileClause: ClauseCompiler, negated = false): Predicate | undefined {
  if (where.kind === 'clause') return compileClause(where, negated ? NEGATED[where.operator] : where.operator, negated);
  if (where.kind === 'not') return compileWhere(where.clause, compileClause, !negated);
  const parts = where.clauses.map((c) => compileWhere(c, compileClause, negated));
  if (!parts.every((p): p is Predicate => p !== undefined)) return undefined;
  const all = (where.kind === 'and') !== negated;
  return all ? (issue) => parts.every((p) => p(issue)) : (issue) => parts.some((p) => p(issue));
}

/**
 * Whether a where-clause restricts the search, for the "bounded query" search/jql and
 * approximate-count require. Atlassian documents only that a bounded query has "a search
 * restriction" and that ORDER BY alone has none, not how AND, OR and NOT count; so,
 * conservatively, on the query as Jira searches it (NOT pushed down, as above): a field
 * clause restricts (negated too: `project != X` is one), AND restricts when any part does,
 * and OR only when every part does, since one unrestricted side lets every issue through.
 * Every clause of the subset restricts today, which makes any where-clause bounded; the
 * rule is spelled out so that a clause which does not (were one added) cannot make an OR,
 * or a NOT over an AND, look bounded.
 */
export function restricts(where: JqlWhere | undefined, negated = false): boolean {
  if (where === undefined) return false;
  if (where.kind === 'clause') return true;
  if (where.kind === 'not') return restricts(where.clause, !negated);
  const restricting = (c: JqlWhere) => restricts(c, negated);
  return (where.kind === 'and') !== negated ? where.clauses.some(restricting) : where.clauses.every(restricting);
}
