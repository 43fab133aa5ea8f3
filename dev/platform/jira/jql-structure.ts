import { type JqlPropertyAlias, aliasProperty } from './jql-fields';
import type { JqlAst, JqlClause, JqlName } from './jql-parser';

/**
 * A parsed query as jql/parse reports it (OpenAPI `JqlQuery`): one clause is a
 * FieldValueClause, several are a CompoundClause with operator `and`; no clauses, no
 * `where`. Jira re-encodes names and values in its own way; here `encoded*` is what
 * the query literally had, which the document's schema allows (it only says "string").
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

export function jqlStructure(ast: JqlAst, aliases: readonly JqlPropertyAlias[]): Record<string, unknown> {
  const clauses = ast.clauses.map((c) => clauseJson(c, aliases));
  const where = clauses.length === 1 ? clauses[0] : clauses.length > 1 ? { operator: 'and', clauses } : undefined;
  const orderBy = ast.orderBy.length === 0 ? undefined : { fields: ast.orderBy.map((s) => ({ field: field(s.field, aliases), ...(s.direction ? { direction: s.direction } : {}) })) };
  return { ...(where ? { where } : {}), ...(orderBy ? { orderBy } : {}) };
}
