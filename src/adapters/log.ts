/**
 * Structured, one-line logs with a reason per outcome. Callers pass ids and counts only:
 * never a token, secret, header or payload body.
 */
export function logEvent(event: string, fields: Record<string, string | number | boolean | null | undefined> = {}): void {
  if (process.env['OKR_SYNC_QUIET'] === '1') return;
  console.log(JSON.stringify({ event, ...fields }));
}
