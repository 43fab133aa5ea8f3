import { checkSigningSecret } from '../../src/domain/signing-secret';

const whsec = (bytes: number) => `whsec_${Buffer.alloc(bytes, 7).toString('base64')}`;

describe('checkSigningSecret', () => {
  it('accepts whsec_ and the base64 of 24 to 64 bytes', () => {
    for (const bytes of [24, 25, 26, 32, 64]) expect(checkSigningSecret(whsec(bytes))).toEqual({ ok: true });
  });

  it.each([
    ['no prefix', Buffer.alloc(32).toString('base64'), /does not start with whsec_/],
    ['not text', 42, /does not start with whsec_/],
    ['23 bytes', whsec(23), /holds 23 bytes; at least 24/],
    ['an empty secret', 'whsec_', /not base64/],
    ['65 bytes', whsec(65), /holds 65 bytes; at most 64/],
    ['base64url characters', `whsec_${'-_'.repeat(20)}`, /not base64/],
    ['a missing padding character', whsec(32).slice(0, -1), /not base64/],
  ])('refuses %s, naming the problem and never the secret', (_name, value, problem) => {
    const answer = checkSigningSecret(value);
    expect(answer.ok).toBe(false);
    if (!answer.ok) {
      expect(answer.problem).toMatch(problem);
      if (typeof value === 'string' && value.length > 10) expect(answer.problem).not.toContain(value.slice(6, 16));
    }
  });
});
