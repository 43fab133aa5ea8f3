import { type JqlToken, position, tokenize } from './jql-tokens';

/**
 * The grammar of the simulator's JQL subset, with no knowledge of fields:
 *
 *   query  := [clause (AND clause)*] [ORDER BY sort (, sort)*]
 *   clause := field (= | != | IN | NOT IN) operand
 *   sort   := field [ASC | DESC]
 *
 * OR, NOT, parenthesised groups, functions, EMPTY and the other operators are real JQL
 * the simulator cannot run: they come back as errors (never parsed loosely), so a query
 * beyond the subset is noticed instead of silently matching more or fewer issues.
 * Messages for malformed queries follow the wording of Jira's (the parseJqlQueries
 * example in Atlassian's OpenAPI document); the ones naming the simulator are its own.
 */
export type JqlOperator = '=' | '!=' | 'in' | 'not in';

export interface JqlName {
  /** As Jira reports it: unquoted, unescaped. */
  name: string;
  /** As the query literally had it. */
  encoded: string;
}

export type JqlOperand = { kind: 'value'; value: JqlName } | { kind: 'list'; values: JqlName[] };

export interface JqlClause {
  field: JqlName;
  operator: JqlOperator;
  operand: JqlOperand;
}

export interface JqlSort {
  field: JqlName;
  direction?: 'asc' | 'desc';
}

export interface JqlAst {
  clauses: JqlClause[];
  orderBy: JqlSort[];
}

export type JqlParse = { ok: true; ast: JqlAst } | { ok: false; error: string };

const VALID_OPERATORS = "The valid operators are '=', '!=', '<', '>', '<=', '>=', '~', '!~', 'IN', 'NOT IN', 'IS' and 'IS NOT'.";
const RESERVED = new Set(['and', 'or', 'not', 'in', 'is', 'was', 'changed', 'order', 'by', 'empty', 'null']);

/** Real JQL the simulator does not run; the message says so rather than pretending Jira would refuse it. */
export const beyondSubset = (what: string) =>
  `Error in the JQL Query: ${what} is not supported by the simulated Jira (its subset: clauses joined by AND, each with =, !=, IN or NOT IN).`;

/** Raised inside the parser only; parseJql turns it into a value. */
class JqlSyntaxError extends Error {}

export function parseJql(jql: string): JqlParse {
  const tokenized = tokenize(jql);
  if (!tokenized.ok) return { ok: false, error: tokenized.error };
  try {
    return { ok: true, ast: new Parser(jql, tokenized.tokens).query() };
  } catch (error) {
    if (error instanceof JqlSyntaxError) return { ok: false, error: error.message };
    throw error;
  }
}

class Parser {
  private next = 0;

  constructor(
    private readonly jql: string,
    private readonly tokens: readonly JqlToken[],
  ) {}

  query(): JqlAst {
    const clauses: JqlClause[] = [];
    if (this.peek() !== undefined && !this.isWord(this.peek(), 'order')) {
      clauses.push(this.clause());
      for (let token = this.peek(); token !== undefined && !this.isWord(token, 'order'); token = this.peek()) {
        this.take();
        if (this.isWord(token, 'and')) clauses.push(this.clause());
        else if (this.isWord(token, 'or')) this.fail(beyondSubset('OR'));
        else this.fail(`Error in the JQL Query: Expecting either 'OR' or 'AND' but got '${token.raw}'. ${this.at(token)}`);
      }
    }
    // What is left is nothing, or ORDER followed by the sort.
    return { clauses, orderBy: this.take() === undefined ? [] : this.orderBy() };
  }

  private clause(): JqlClause {
    const start = this.peek();
    if (start?.kind === 'punct' && start.text === '(') this.fail(beyondSubset('A parenthesised group'));
    if (this.isWord(start, 'not')) this.fail(beyondSubset('NOT'));
    const field = this.name('a field name');
    const operator = this.operator();
    return { field, operator, operand: operator === 'in' || operator === 'not in' ? this.list(operator, field) : this.single(operator, field) };
  }

  private operator(): JqlOperator {
    const token = this.take();
    if (token === undefined) this.fail(`Error in the JQL Query: Expecting operator before the end of the query. ${VALID_OPERATORS}`);
    if (token.kind === 'comparison') {
      if (token.text === '=' || token.text === '!=') return token.text;
      this.fail(beyondSubset(`The operator '${token.text}'`));
    }
    if (this.isWord(token, 'in')) return 'in';
    if (this.isWord(token, 'not')) {
      const inToken = this.take();
      if (this.isWord(inToken, 'in')) return 'not in';
      this.fail(`Error in the JQL Query: Expecting 'IN' after 'NOT' but got '${inToken?.raw ?? 'the end of the query'}'. ${this.at(inToken ?? token)}`);
    }
    if (this.isWord(token, 'is') || this.isWord(token, 'was') || this.isWord(token, 'changed')) this.fail(beyondSubset(`The operator '${token.text.toUpperCase()}'`));
    this.fail(`Error in the JQL Query: Expecting operator but got '${token.raw}'. ${VALID_OPERATORS} ${this.at(token)}`);
  }

  private single(operator: JqlOperator, field: JqlName): JqlOperand {
    const token = this.peek();
    if (token?.kind === 'punct' && token.text === '(') {
      const values = this.list(operator, field);
      const raw = values.kind === 'list' ? `(${values.values.map((v) => v.encoded).join(', ')})` : '';
      this.fail(`Operator '${operator}' does not support the list value '${raw}' for field '${field.name}'.`);
    }
    return { kind: 'value', value: this.value() };
  }

  private list(operator: JqlOperator, field: JqlName): JqlOperand {
    const open = this.peek();
    if (!(open?.kind === 'punct' && open.text === '(')) {
      const value = this.value();
      this.fail(`Operator '${operator}' does not support the non-list value '"${value.name}"' for field '${field.name}'.`);
    }
    this.take();
    const values = [this.value()];
    for (;;) {
      const token = this.take();
      if (token?.kind === 'punct' && token.text === ')') return { kind: 'list', values };
      if (token?.kind === 'punct' && token.text === ',') values.push(this.value());
      else if (token === undefined) this.fail("Error in the JQL Query: Expecting ')' before the end of the query.");
      else this.fail(`Error in the JQL Query: Expecting either ',' or ')' but got '${token.raw}'. ${this.at(token)}`);
    }
  }

  private value(): JqlName {
    const token = this.take();
    if (token === undefined) this.fail('Error in the JQL Query: Expecting either a value, list or function before the end of the query.');
    if (token.kind === 'word') {
      const lower = token.text.toLowerCase();
      if (lower === 'empty' || lower === 'null') this.fail(beyondSubset(token.text.toUpperCase()));
      if (RESERVED.has(lower)) this.fail(this.reserved(token));
      const after = this.peek();
      if (after?.kind === 'punct' && after.text === '(') this.fail(beyondSubset(`The function '${token.text}()'`));
      return { name: token.text, encoded: token.raw };
    }
    if (token.kind === 'string') return { name: token.text, encoded: token.raw };
    this.fail(`Error in the JQL Query: Expecting either a value, list or function but got '${token.raw}'. ${this.at(token)}`);
  }

  private orderBy(): JqlSort[] {
    const by = this.take();
    if (!this.isWord(by, 'by')) this.fail(`Error in the JQL Query: Expecting 'by' but got '${by?.raw ?? 'the end of the query'}'. ${by ? this.at(by) : ''}`.trim());
    const sorts: JqlSort[] = [];
    for (;;) {
      const field = this.name('a field name');
      const direction = this.isWord(this.peek(), 'asc') ? 'asc' : this.isWord(this.peek(), 'desc') ? 'desc' : undefined;
      if (direction) {
        this.take();
        sorts.push({ field, direction });
      } else {
        sorts.push({ field });
      }
      const token = this.take();
      if (token === undefined) return sorts;
      if (!(token.kind === 'punct' && token.text === ',')) this.fail(`Error in the JQL Query: Expecting either ',' or the end of the query but got '${token.raw}'. ${this.at(token)}`);
    }
  }

  /** A field name: a word that is not a JQL keyword, or a quoted string. */
  private name(what: string): JqlName {
    const token = this.take();
    if (token === undefined) this.fail(`Error in the JQL Query: Expecting ${what} before the end of the query.`);
    if (token.kind === 'string') return { name: token.text, encoded: token.raw };
    if (token.kind !== 'word') this.fail(`Error in the JQL Query: Expecting ${what} but got '${token.raw}'. ${this.at(token)}`);
    if (RESERVED.has(token.text.toLowerCase())) this.fail(this.reserved(token));
    return { name: token.text, encoded: token.raw };
  }

  private reserved(token: JqlToken): string {
    return `Error in the JQL Query: '${token.text.toLowerCase()}' is a reserved JQL word. You must surround it in quotation marks to use it in a query. ${this.at(token)}`;
  }

  /** Not a type guard: its false branch would wrongly rule out every other word. */
  private isWord(token: JqlToken | undefined, word: string): boolean {
    return token?.kind === 'word' && token.text.toLowerCase() === word;
  }

  private peek(): JqlToken | undefined {
    return this.tokens[this.next];
  }

  private take(): JqlToken | undefined {
    const token = this.tokens[this.next];
    if (token !== undefined) this.next += 1;
    return token;
  }

  private at(token: JqlToken): string {
    return position(this.jql, token.at);
  }

  private fail(message: string): never {
    throw new JqlSyntaxError(message);
  }
}
