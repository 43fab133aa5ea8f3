import { type JqlPropertyAlias, aliasProperty } from './jql-fields';
import type { JqlAst, JqlClause, JqlName, JqlWhere } from './jql-parser';

/**
 * A parsed query as jql/parse reports it (OpenAPI `JqlQuery`): a field clause is a
 * FieldValueClause; AND and OR are a CompoundClause of their parts, NOT one with its single
 * clause (`operator: 'not'`, `clauses: [inner]`), nested as the query grouped them, as the
 * document's example nests an `or` inside an `and`. It is the tree the query was parsed
 * into, before Jira moves NOT onto the clauses to search. No clauses, no `where`. Jira
 * re-encodes names and values in its own way; here `encoded*` is what the query literally
 * had, which the document's schema allows (it only says "string").
 */
const field = (name: JqlName, aliases: readonly JqlPropertyAlias[]) => {
  const property = aliasProperty(name.name, aliases);
  return { name: name.name, encodedName: name.encoded, ...(property ? { property: [property] } : {}) };
};

const valueOperand = (value: JqlName) => ({ value: value.name, encodedValue: value.encoded });

function clauseJson(clause: JqlClause, aliases: readonly JqlPropertyAlias[]): Record<string, unknown> {
  const operand =
    clause.operand.kind === 'value'
      ? valueOperand(clause.operand.value)
      : { values: clause.operand.values.map(valueOperand), encodedOperand: `(${clause.operand.values.map((v) => v.encoded).join(', ')})` };
  return { field: field(clause.field, aliases), operator: clause.operator, operand };
}

function whereJson(where: JqlWhere, aliases: readonly JqlPropertyAlias[]): Record<string, unknown> {
  if (where.kind === 'clause') return clauseJson(where, aliases);
  const clauses = where.kind === 'not' ? [where.clause] : where.clauses;
  return { operator: where.kind, clauses: clauses.map((c) => whereJson(c, aliases)) };
}

export function jqlStructure(ast: JqlAst, aliases: readonly JqlPropertyAlias[]): Record<string, unknown> {
  const orderBy = ast.orderBy.length === 0 ? undefined : { fields: ast.orderBy.map((s) => ({ field: field(s.field, aliases), ...(s.direction ? { direction: s.direction } : {}) })) };
  return { ...(ast.where ? { where: whereJson(ast.where, aliases) } : {}), ...(orderBy ? { orderBy } : {}) };
}
