/**
 * The Usage section's one typed input, checked before any request. The server checks
 * again with the same rule: whole days from 1 to 30, the activity the app keeps.
 */
export const MAX_INACTIVE_DAYS = 30;
export const INACTIVE_DAYS_MESSAGE = `Enter a whole number of days from 1 to ${MAX_INACTIVE_DAYS} (the app keeps ${MAX_INACTIVE_DAYS} days of activity).`;

/** Digits only, so "1e1", "7.5", "-3" and "" are refused rather than coerced. */
export function checkInactiveDays(text: string): { ok: true; days: number } | { ok: false; message: string } {
  const trimmed = text.trim();
  const days = Number(trimmed);
  return /^\d{1,2}$/.test(trimmed) && days >= 1 && days <= MAX_INACTIVE_DAYS ? { ok: true, days } : { ok: false, message: INACTIVE_DAYS_MESSAGE };
}
