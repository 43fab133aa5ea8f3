import { badRequest } from './kvs-errors';

export interface ConditionItem {
  property: string;
  condition: string;
  values: unknown[];
}

/** Evaluates one of @forge/kvs's filter objects ({ and: [...] } or { or: [...] }) on a value. */
export function evaluateConditions(filter: unknown, value: Record<string, unknown> | undefined): boolean {
  if (filter === undefined || filter === null) return true;
  if (typeof filter !== 'object') throw badRequest('Conditions must be an object');
  const entries = Object.entries(filter as Record<string, unknown>);
  if (entries.length !== 1) throw badRequest('Conditions must have exactly one of "and" or "or"');
  const [operator, items] = entries[0] as [string, unknown];
  if (!Array.isArray(items) || items.length === 0) throw badRequest('Conditions need at least one item');
  const results = items.map((item) => evaluateItem(item as ConditionItem, value));
  if (operator === 'and') return results.every(Boolean);
  if (operator === 'or') return results.some(Boolean);
  throw badRequest(`Unknown condition operator "${operator}"`);
}

function evaluateItem(item: ConditionItem, value: Record<string, unknown> | undefined): boolean {
  const actual = value?.[item.property];
  const [a, b] = item.values;
  switch (item.condition) {
    case 'EXISTS':
      return actual !== undefined;
    case 'NOT_EXISTS':
      return actual === undefined;
    case 'EQUAL_TO':
      return actual === a;
    case 'NOT_EQUAL_TO':
      return actual !== a;
    case 'GREATER_THAN':
      return actual !== undefined && (actual as number) > (a as number);
    case 'GREATER_THAN_EQUAL_TO':
      return actual !== undefined && (actual as number) >= (a as number);
    case 'LESS_THAN':
      return actual !== undefined && (actual as number) < (a as number);
    case 'LESS_THAN_EQUAL_TO':
      return actual !== undefined && (actual as number) <= (a as number);
    case 'BETWEEN':
      return actual !== undefined && (actual as number) >= (a as number) && (actual as number) <= (b as number);
    case 'BEGINS_WITH':
      return typeof actual === 'string' && actual.startsWith(String(a));
    case 'CONTAINS':
      return (typeof actual === 'string' || Array.isArray(actual)) && actual.includes(a as string);
    case 'NOT_CONTAINS':
      return !((typeof actual === 'string' || Array.isArray(actual)) && actual.includes(a as string));
    default:
      throw badRequest(`Unknown condition "${item.condition}"`);
  }
}
