/**
 * A Standard Webhooks signing secret as the app accepts it from a workspace: `whsec_` and
 * the base64 of 24 to 64 random bytes (the spec's range). A shorter one would let anyone
 * who guesses it sign webhooks; anything else is not a secret this app can sign with.
 * Pure: the answer names the problem, never the secret.
 */
const MIN_BYTES = 24;
const MAX_BYTES = 64;

export function checkSigningSecret(value: unknown): { ok: true } | { ok: false; problem: string } {
  if (typeof value !== 'string' || !value.startsWith('whsec_')) return { ok: false, problem: 'it does not start with whsec_' };
  const encoded = value.slice('whsec_'.length);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded) || encoded.length % 4 !== 0) return { ok: false, problem: 'what follows whsec_ is not base64' };
  const padding = encoded.endsWith('==') ? 2 : encoded.endsWith('=') ? 1 : 0;
  const bytes = (encoded.length / 4) * 3 - padding;
  if (bytes < MIN_BYTES) return { ok: false, problem: `it holds ${bytes} bytes; at least ${MIN_BYTES} are needed` };
  if (bytes > MAX_BYTES) return { ok: false, problem: `it holds ${bytes} bytes; at most ${MAX_BYTES} are allowed` };
  return { ok: true };
}
