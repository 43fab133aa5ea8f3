import { createHash } from 'node:crypto';

/**
 * Deterministic webhook id for one logical event: the same event, built twice (a
 * duplicate trigger, a retry, a redrive), gets the same `webhook-id`, so receivers can
 * de-duplicate on it. Parts are joined with a separator no id can contain.
 */
export function messageIdFor(...parts: string[]): string {
  const digest = createHash('sha256').update(parts.join('\u0000')).digest('base64url');
  return `msg_${digest.slice(0, 32)}`;
}
