/**
 * Orders a bundled stylesheet the way Compiled (the CSS-in-JS of Atlassian Design System
 * components) expects its atomic rules: plain rules first, then pseudo-class rules in
 * LVFHA order, then at-rules. Each component ships its own `.compiled.css`; concatenated
 * as they come, a `:hover` rule of one file could land after an `:active` rule of another
 * and win, so a pressed button would look merely hovered. Relative order within a group is kept.
 */

// The order of Compiled's own stylesheet sorting (link, visited, focus…, hover, active).
const PSEUDO_ORDER = [':link', ':visited', ':focus-within', ':focus', ':focus-visible', ':hover', ':active'];

/** Splits minified CSS into its top-level rules (a selector or at-rule with its braces). */
export function splitTopLevelRules(css: string): string[] {
  const rules: string[] = [];
  let depth = 0;
  let start = 0;
  let quote: string | undefined;
  for (let i = 0; i < css.length; i += 1) {
    const c = css[i];
    if (quote) {
      if (c === '\\') i += 1;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '{') {
      depth += 1;
    } else if (c === '}') {
      depth -= 1;
      if (depth === 0) {
        rules.push(css.slice(start, i + 1).trim());
        start = i + 1;
      }
    } else if (c === ';' && depth === 0) {
      // A statement at-rule such as @charset or @import.
      rules.push(css.slice(start, i + 1).trim());
      start = i + 1;
    }
  }
  const rest = css.slice(start).trim();
  if (depth !== 0 || rest !== '') throw new Error('sort-atomic-css: unbalanced braces in the bundled stylesheet');
  return rules.filter((rule) => rule !== '');
}

function rank(rule: string): number {
  if (rule.startsWith('@charset') || rule.startsWith('@import')) return -1;
  if (rule.startsWith('@')) return PSEUDO_ORDER.length + 1;
  const selector = rule.slice(0, rule.indexOf('{')).trim();
  return PSEUDO_ORDER.findIndex((pseudo) => selector.endsWith(pseudo)) + 1;
}

export function sortAtomicCss(css: string): string {
  const ranked = splitTopLevelRules(css).map((rule, index) => ({ rule, index, rank: rank(rule) }));
  ranked.sort((a, b) => a.rank - b.rank || a.index - b.index);
  return `${ranked.map((r) => r.rule).join('\n')}\n`;
}
