import { createHash } from 'node:crypto';
import { messageIdFor } from '../../src/domain/message-id';

const ID_PATTERN = /^msg_[A-Za-z0-9_-]{32}$/;

describe('messageIdFor', () => {
  it('has the form msg_ + 32 base64url characters', () => {
    expect(messageIdFor('cloud', 'issue.status_changed', '10073', '10094')).toMatch(ID_PATTERN);
    expect(messageIdFor()).toMatch(ID_PATTERN);
    expect(messageIdFor('ü', '💡', '\n')).toMatch(ID_PATTERN);
  });

  it('is deterministic: the same parts give the same id', () => {
    expect(messageIdFor('cloud', 'type', '10073', '10094')).toBe(messageIdFor('cloud', 'type', '10073', '10094'));
  });

  it('differs when any part differs', () => {
    const base = ['cloud', 'type', '10073', '10094'];
    const ids = new Set([messageIdFor(...base)]);
    base.forEach((_, index) => {
      const changed = [...base];
      changed[index] = `${changed[index]}x`;
      ids.add(messageIdFor(...changed));
    });
    expect(ids.size).toBe(base.length + 1);
  });

  it('depends on the order of the parts', () => {
    expect(messageIdFor('a', 'b')).not.toBe(messageIdFor('b', 'a'));
  });

  it('keeps parts apart: ("ab", "c"), ("a", "bc") and ("abc") are different ids', () => {
    const ids = new Set([messageIdFor('ab', 'c'), messageIdFor('a', 'bc'), messageIdFor('abc'), messageIdFor('a', 'b', 'c')]);
    expect(ids.size).toBe(4);
  });

  it('keeps an empty part: ("a", "") is not ("a")', () => {
    expect(messageIdFor('a', '')).not.toBe(messageIdFor('a'));
  });

  it('is the first 32 base64url characters of the SHA-256 of the parts joined by NUL', () => {
    const expected = createHash('sha256').update('cloud\u0000type\u000010073').digest('base64url').slice(0, 32);
    expect(messageIdFor('cloud', 'type', '10073')).toBe(`msg_${expected}`);
  });

  it('is stable across releases (receivers de-duplicate on it)', () => {
    // Pinned: changing the derivation would make every redelivered event look new.
    expect(messageIdFor('a')).toBe(`msg_${createHash('sha256').update('a').digest('base64url').slice(0, 32)}`);
    expect(messageIdFor('a')).toBe('msg_ypeBEsobvcr6wjGzmiPcTaeG7_gUfE5y');
  });
});
