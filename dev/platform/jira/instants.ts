/**
 * The site keeps times as ISO strings (plain JSON); searches and lists compare them by the
 * ten thousand, so parsing is memoised and two strings in toISOString's own format (same
 * length, both UTC) are compared as strings, which orders them by time.
 */
const parsed = new Map<string, number>();
const MEMO_LIMIT = 500_000;

export function instantOf(iso: string): number {
  let at = parsed.get(iso);
  if (at === undefined) {
    at = Date.parse(iso);
    if (parsed.size >= MEMO_LIMIT) parsed.clear();
    parsed.set(iso, at);
  }
  return at;
}

export function compareInstants(a: string, b: string): number {
  if (a.length === b.length && a.endsWith('Z') && b.endsWith('Z')) return a < b ? -1 : a > b ? 1 : 0;
  return instantOf(a) - instantOf(b);
}
