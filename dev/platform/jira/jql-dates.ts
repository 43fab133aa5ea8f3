import type { JqlName } from './jql-parser';

/**
 * Date values in JQL, as Atlassian's JQL reference describes them for date fields such as
 * created and updated: "yyyy/MM/dd HH:mm", "yyyy-MM-dd HH:mm", "yyyy/MM/dd" or
 * "yyyy-MM-dd"; or a period relative to now in w (weeks), d (days), h (hours) or m
 * (minutes), "m" when no unit is given (`-30d`, `"-4w 2d"`, `"-90"`); an unquoted bare
 * number is milliseconds since 1970. Relative values are measured from the platform clock.
 *
 * Jira reads an absolute date in the searching user's time zone; the simulated site has
 * none of its own, so the simulator reads them as UTC.
 */
const ABSOLUTE = /^(\d{4})([/-])(\d{1,2})\2(\d{1,2})(?: (\d{1,2}):(\d{2}))?$/;
const PERIOD = /^([+-])?\s*((?:\d+\s*[wdhm]?\s*)+)$/i;
const PERIOD_PART = /(\d+)\s*([wdhm]?)/gi;
const MINUTE = 60_000;
const UNIT_MS: Readonly<Record<string, number>> = { w: 7 * 24 * 60 * MINUTE, d: 24 * 60 * MINUTE, h: 60 * MINUTE, m: MINUTE, '': MINUTE };

/** Jira's message for a value of no date format it knows. */
export const invalidDateMessage = (value: string, field: string) =>
  `Date value '${value}' for field '${field}' is invalid. Valid formats include: 'yyyy/MM/dd HH:mm', 'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', 'yyyy-MM-dd', or a period format e.g. '-5d', '4w 2d'.`;

/** The instant (ms since 1970) a JQL date value names, or undefined when it is no date. */
export function jqlInstant(value: JqlName, now: number): number | undefined {
  const text = value.name.trim();
  const quoted = value.encoded.startsWith('"') || value.encoded.startsWith("'");
  if (!quoted && /^\d+$/.test(text)) return Number(text);
  const absolute = ABSOLUTE.exec(text);
  if (absolute) {
    const [, year, , month, day, hour, minute] = absolute;
    const at = Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour ?? 0), Number(minute ?? 0));
    // Date.UTC rolls 2026-02-30 over into March; Jira refuses such a date.
    const check = new Date(at);
    return check.getUTCMonth() === Number(month) - 1 && check.getUTCDate() === Number(day) && Number(hour ?? 0) < 24 && Number(minute ?? 0) < 60 ? at : undefined;
  }
  const period = PERIOD.exec(text);
  if (!period) return undefined;
  let offset = 0;
  for (const [, amount, unit] of period[2]!.matchAll(PERIOD_PART)) offset += Number(amount) * UNIT_MS[(unit ?? '').toLowerCase()]!;
  return period[1] === '-' ? now - offset : now + offset;
}
