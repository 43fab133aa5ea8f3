import { type JqlPunctuation, type JqlToken, position, tokenize } from './jql-tokens';

/**
 * The grammar of the simulator's JQL subset, with no knowledge of fields. It has the shape
 * of Jira's own (JqlParser.g, and the atlaskit JQL editor's JQLParser.g4):
 *
 *   query  := [or] [ORDER BY sort (, sort)*]
 *   or     := and (OR and)*
 *   and    := not (AND not)*
 *   not    := NOT not | ( or ) | clause
 *   clause := field (= | != | < | <= | > | >= | IN | NOT IN) operand
 *   sort   := field [ASC | DESC]
 *
 * So NOT binds tighter than AND, and AND tighter than OR, as Atlassian's "order of operations
 * for JQL" article says. The OpenAPI document's CompoundClause description says the
 * opposite ("A OR B AND C" is parsed as "(A OR B) AND C"); the grammar is followed. A chain
 * of one connective is one n-ary node, and parentheses give back what they hold (no node of
 * their own), so `(a AND b) AND c` nests where `a AND b AND c` does not, as in Jira.
 *
 * Functions, EMPTY, history operators and `~`/`!~` are real JQL the
 * simulator cannot run: they come back as errors (never parsed loosely), so a query beyond
 * the subset is noticed instead of silently matching more or fewer issues. Messages for
 * malformed queries follow the wording of Jira's (the parseJqlQueries example in Atlassian's
 * OpenAPI document, and Jira's parser tests); the ones naming the simulator are its own.
 */
export type JqlOperator = '=' | '!=' | '<' | '<=' | '>' | '>=' | 'in' | 'not in';

export interface JqlName {
  /** As Jira reports it: unquoted, unescaped. */
  name: string;
  /** As the query literally had it. */
  encoded: string;
}

export type JqlOperand = { kind: 'value'; value: JqlName } | { kind: 'list'; values: JqlName[] };

export interface JqlClause {
  kind: 'clause';
  field: JqlName;
  operator: JqlOperator;
  operand: JqlOperand;
}

/** AND or OR of two or more parts, or NOT of one, as the query wrote them. */
export type JqlCompound = { kind: 'and' | 'or'; clauses: JqlWhere[] } | { kind: 'not'; clause: JqlWhere };

export type JqlWhere = JqlClause | JqlCompound;

export interface JqlSort {
  field: JqlName;
  direction?: 'asc' | 'desc';
}

export interface JqlAst {
  /** Absent for an empty query or ORDER BY alone. */
  where?: JqlWhere;
  orderBy: JqlSort[];
}

export type JqlParse = { ok: true; ast: JqlAst } | { ok: false; error: string };

const VALID_OPERATORS = "The valid operators are '=', '!=', '<', '>', '<=', '>=', '~', '!~', 'IN', 'NOT IN', 'IS' and 'IS NOT'.";
/** Words Jira's lexer makes keywords: never a field name or value unless quoted. */
const KEYWORDS = new Set(['and', 'or', 'not', 'in', 'is', 'was', 'changed', 'order', 'by', 'empty', 'null']);
/**
 * Jira documents no limit on nesting; this one keeps a hostile query (thousands of
 * parentheses) an error rather than a stack overflow, which would surface as a 500.
 */
const MAX_DEPTH = 100;

/** Real JQL the simulator does not run; the message says so rather than pretending Jira would refuse it. */
export const beyondSubset = (what: string) =>
  `Error in the JQL Query: ${what} is not supported by the simulated Jira (its subset: clauses with =, !=, IN or NOT IN, and <, <=, >, >= on created and updated, joined by AND, OR and NOT, grouped by parentheses).`;

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

const isPunct = (token: JqlToken | undefined, ...texts: JqlPunctuation[]) => token?.kind === 'punct' && texts.includes(token.text);

class Parser {
  private next = 0;
  private depth = 0;

  constructor(
    private readonly jql: string,
    private readonly tokens: readonly JqlToken[],
  ) {}

  query(): JqlAst {
    const where = this.peek() === undefined || this.isWord(this.peek(), 'order') ? undefined : this.or();
    // What is left is nothing, or ORDER followed by the sort; a stray ')' lands here too.
    const token = this.take();
    const ast: JqlAst = { orderBy: token === undefined ? [] : this.isWord(token, 'order') ? this.orderBy() : this.fail(this.needConnective(token)) };
    return where ? { where, ...ast } : ast;
  }

  private or(): JqlWhere {
    const clauses = [this.and()];
    while (this.isWord(this.peek(), 'or') || isPunct(this.peek(), '|', '||')) {
      this.take();
      clauses.push(this.and());
    }
    return clauses.length === 1 ? clauses[0]! : { kind: 'or', clauses };
  }

  private and(): JqlWhere {
    const clauses = [this.not()];
    while (this.isWord(this.peek(), 'and') || isPunct(this.peek(), '&', '&&')) {
      this.take();
      clauses.push(this.not());
    }
    return clauses.length === 1 ? clauses[0]! : { kind: 'and', clauses };
  }

  private not(): JqlWhere {
    const start = this.peek();
    const negated = this.isWord(start, 'not') || isPunct(start, '!');
    if (!negated && !isPunct(start, '(')) return this.clause();
    this.depth += 1;
    if (this.depth > MAX_DEPTH) this.fail(beyondSubset(`Nesting NOT and parentheses more than ${MAX_DEPTH} deep`));
    this.take();
    const where: JqlWhere = negated ? { kind: 'not', clause: this.not() } : this.group();
    this.depth -= 1;
    return where;
  }

  /** After '(': what it holds, which must be closed before anything else. */
  private group(): JqlWhere {
    const inner = this.or();
    const close = this.take();
    if (isPunct(close, ')')) return inner;
    if (close === undefined) this.fail("Error in the JQL Query: Expecting ')' before the end of the query.");
    this.fail(`Error in the JQL Query: Expecting ')' but got '${close.raw}'. ${this.at(close)}`);
  }

  private clause(): JqlClause {
    const field = this.name();
    const operator = this.operator();
    if (operator === 'in' || operator === 'not in') return { kind: 'clause', field, operator, operand: this.list(operator, field) };
    const operand = this.single(operator, field);
    // Jira's operand rule ends a value only at AND, OR, ')', ',', ORDER or the end of the
    // query; anything else there means a connective is missing, even inside parentheses.
    const after = this.peek();
    if (after !== undefined && !this.endsValue(after)) this.fail(this.needConnective(after));
    return { kind: 'clause', field, operator, operand };
  }

  private endsValue(token: JqlToken): boolean {
    return isPunct(token, ')', ',', '&', '&&', '|', '||') || ['and', 'or', 'order'].some((word) => this.isWord(token, word));
  }

  private operator(): JqlOperator {
    const token = this.take();
    if (token === undefined) this.fail(`Error in the JQL Query: Expecting operator before the end of the query. ${VALID_OPERATORS}`);
    if (token.kind === 'comparison') {
      if (token.text !== '~' && token.text !== '!~') return token.text;
      this.fail(beyondSubset(`The operator '${token.text}'`));
    }
    if (this.isWord(token, 'in')) return 'in';
    if (this.isWord(token, 'not')) {
      const inToken = this.take();
      if (this.isWord(inToken, 'in')) return 'not in';
      if (inToken === undefined) this.fail("Error in the JQL Query: Expecting 'IN' before the end of the query.");
      this.fail(`Error in the JQL Query: Expecting 'IN' but got '${inToken.raw}'. ${this.at(inToken)}`);
    }
    if (this.isWord(token, 'is') || this.isWord(token, 'was') || this.isWord(token, 'changed')) this.fail(beyondSubset(`The operator '${token.text.toUpperCase()}'`));
    this.fail(`Error in the JQL Query: Expecting operator but got '${token.raw}'. ${VALID_OPERATORS} ${this.at(token)}`);
  }

  private single(operator: JqlOperator, field: JqlName): JqlOperand {
    const token = this.peek();
    if (isPunct(token, '(')) {
      const values = this.list(operator, field);
      const raw = values.kind === 'list' ? `(${values.values.map((v) => v.encoded).join(', ')})` : '';
      this.fail(`Operator '${operator}' does not support the list value '${raw}' for field '${field.name}'.`);
    }
    return { kind: 'value', value: this.value() };
  }

  private list(operator: JqlOperator, field: JqlName): JqlOperand {
    if (!isPunct(this.peek(), '(')) {
      const value = this.value();
      this.fail(`Operator '${operator}' does not support the non-list value '"${value.name}"' for field '${field.name}'.`);
    }
    this.take();
    const values = [this.value()];
    for (;;) {
      const token = this.take();
      if (isPunct(token, ')')) return { kind: 'list', values };
      if (isPunct(token, ',')) values.push(this.value());
      else if (token === undefined) this.fail("Error in the JQL Query: Expecting ')' before the end of the query.");
      else this.fail(`Error in the JQL Query: Expecting either ',' or ')' but got '${token.raw}'. ${this.at(token)}`);
    }
  }

  private value(): JqlName {
    const token = this.take();
    if (token === undefined) this.fail('Error in the JQL Query: Expecting either a value, list or function before the end of the query.');
    if (token.kind === 'string') return { name: token.text, encoded: token.raw };
    const lower = token.text.toLowerCase();
    if (token.kind === 'word' && (lower === 'empty' || lower === 'null')) this.fail(beyondSubset(token.text.toUpperCase()));
    if (token.kind !== 'word' || KEYWORDS.has(lower)) {
      this.fail(`Error in the JQL Query: Expecting either a value, list or function but got '${token.raw}'. You must surround '${token.raw}' in quotation marks to use it as a value. ${this.at(token)}`);
    }
    if (isPunct(this.peek(), '(')) this.fail(beyondSubset(`The function '${token.text}()'`));
    return { name: token.text, encoded: token.raw };
  }

  private orderBy(): JqlSort[] {
    const by = this.take();
    if (!this.isWord(by, 'by')) this.fail(`Error in the JQL Query: Expecting 'by' but got '${by?.raw ?? 'the end of the query'}'. ${by ? this.at(by) : ''}`.trim());
    const sorts: JqlSort[] = [];
    for (;;) {
      const field = this.name();
      const direction = this.isWord(this.peek(), 'asc') ? 'asc' : this.isWord(this.peek(), 'desc') ? 'desc' : undefined;
      if (direction) {
        this.take();
        sorts.push({ field, direction });
      } else {
        sorts.push({ field });
      }
      const token = this.take();
      if (token === undefined) return sorts;
      if (!isPunct(token, ',')) this.fail(`Error in the JQL Query: Expecting either ',' or the end of the query but got '${token.raw}'. ${this.at(token)}`);
    }
  }

  /** A field name: a word that is not a JQL keyword, or a quoted string. */
  private name(): JqlName {
    const token = this.take();
    if (token === undefined) this.fail('Error in the JQL Query: Expecting a field name before the end of the query.');
    if (token.kind === 'string') return { name: token.text, encoded: token.raw };
    if (token.kind !== 'word' || KEYWORDS.has(token.text.toLowerCase())) {
      this.fail(`Error in the JQL Query: Expecting a field name but got '${token.raw}'. You must surround '${token.raw}' in quotation marks to use it as a field name. ${this.at(token)}`);
    }
    return { name: token.text, encoded: token.raw };
  }

  private needConnective(token: JqlToken): string {
    return `Error in the JQL Query: Expecting either 'OR' or 'AND' but got '${token.raw}'. ${this.at(token)}`;
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
