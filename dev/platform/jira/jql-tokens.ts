/**
 * Splits JQL into tokens for the simulator's parser. Quoted strings may hold spaces,
 * commas and keywords (`status = "Ready AND waiting"`), which is why the old split on
 * " AND " had to go. Positions are kept so errors can say "(line 1, character N)" as
 * Jira's do.
 *
 * Jira's lexer also spells NOT as `!`, AND as `&` or `&&` and OR as `|` or `||` (its
 * grammar, and the atlaskit JQL editor's copy of it), so those end an unquoted word and
 * become tokens of their own: `labels = a|b` is an OR in Jira, never the label "a|b".
 */
export type JqlComparison = '=' | '!=' | '<' | '>' | '<=' | '>=' | '~' | '!~';

/** `!`, `&`/`&&` and `|`/`||` are Jira's symbols for NOT, AND and OR. */
export type JqlPunctuation = '(' | ')' | ',' | '!' | '&' | '&&' | '|' | '||';

export type JqlToken =
  | { kind: 'word'; text: string; raw: string; at: number }
  /** `text` is the unescaped content, `raw` what the query literally had, quotes included. */
  | { kind: 'string'; text: string; raw: string; at: number }
  | { kind: 'comparison'; text: JqlComparison; raw: string; at: number }
  | { kind: 'punct'; text: JqlPunctuation; raw: string; at: number };

export type Tokenized = { ok: true; tokens: JqlToken[] } | { ok: false; error: string };

/** Jira counts characters from 1; a query the simulator gets is one line unless it holds newlines. */
export function position(jql: string, at: number): string {
  const before = jql.slice(0, at);
  const line = before.split('\n').length;
  return `(line ${line}, character ${at - before.lastIndexOf('\n')})`;
}

const COMPARISONS: readonly JqlComparison[] = ['!=', '<=', '>=', '!~', '=', '<', '>', '~'];
/** Characters that end an unquoted word. Jira reserves more (e.g. `[`), which then surface as unsupported fields. */
const WORD_END = /[\s(),"'=!<>~&|]/;

export function tokenize(jql: string): Tokenized {
  const tokens: JqlToken[] = [];
  let i = 0;
  while (i < jql.length) {
    const c = jql.charAt(i);
    if (/\s/.test(c)) {
      i += 1;
    } else if (c === '(' || c === ')' || c === ',') {
      tokens.push({ kind: 'punct', text: c, raw: c, at: i });
      i += 1;
    } else if (c === '&' || c === '|') {
      const text = jql.startsWith(c + c, i) ? (c === '&' ? '&&' : '||') : c;
      tokens.push({ kind: 'punct', text, raw: text, at: i });
      i += text.length;
    } else if (c === '"' || c === "'") {
      const quoted = readQuoted(jql, i);
      if (!quoted) return { ok: false, error: `Error in the JQL Query: The quoted string '${jql.slice(i + 1)}' has not been completed. ${position(jql, i)}` };
      tokens.push({ kind: 'string', text: quoted.text, raw: jql.slice(i, quoted.end), at: i });
      i = quoted.end;
    } else {
      const comparison = COMPARISONS.find((op) => jql.startsWith(op, i));
      if (comparison) {
        tokens.push({ kind: 'comparison', text: comparison, raw: comparison, at: i });
        i += comparison.length;
      } else if (c === '!') {
        // Not `!=` or `!~`: Jira's NOT. Anywhere else the parser answers as Jira does ("but got '!'").
        tokens.push({ kind: 'punct', text: '!', raw: '!', at: i });
        i += 1;
      } else {
        let end = i;
        while (end < jql.length && !WORD_END.test(jql.charAt(end))) end += 1;
        tokens.push({ kind: 'word', text: jql.slice(i, end), raw: jql.slice(i, end), at: i });
        i = end;
      }
    }
  }
  return { ok: true, tokens };
}

/** A quoted string from `start` (the opening quote): backslash escapes the next character. */
function readQuoted(jql: string, start: number): { text: string; end: number } | undefined {
  const quote = jql.charAt(start);
  let text = '';
  for (let i = start + 1; i < jql.length; i += 1) {
    const c = jql.charAt(i);
    if (c === '\\' && i + 1 < jql.length) {
      text += jql.charAt(i + 1);
      i += 1;
    } else if (c === quote) {
      return { text, end: i + 1 };
    } else {
      text += c;
    }
  }
  return undefined;
}
