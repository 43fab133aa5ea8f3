import { parseIssueId, parseKeyResultId } from '../../src/domain/key-result-id';

describe('parseKeyResultId', () => {
  it.each([
    'kr_2024-Q1.onboarding',
    'a',
    '7',
    'KR-123',
    '0.1',
    'a_b-c.d',
    'x'.repeat(128),
    '550e8400-e29b-41d4-a716-446655440000',
  ])('accepts %j unchanged', (value) => {
    expect(parseKeyResultId(value)).toEqual({ ok: true, value });
  });

  it.each([
    ['an empty string', ''],
    ['129 characters', 'x'.repeat(129)],
    ['a leading dot', '.kr'],
    ['a leading dash', '-kr'],
    ['a leading underscore', '_kr'],
    ['a space', 'kr 1'],
    ['a slash (storage key separator)', 'kr/1'],
    ['a colon', 'kr:1'],
    ['a trailing newline', 'kr1\n'],
    ['non-ASCII letters', 'kr-ü'],
    ['a wildcard', 'kr*'],
  ])('refuses %s, explaining the alphabet', (_label, value) => {
    const result = parseKeyResultId(value);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toContain('1–128 characters');
  });

  it.each([[undefined], [null], [42], [['kr-1']], [{ id: 'kr-1' }]])('refuses the non-string %p', (value) => {
    expect(parseKeyResultId(value)).toEqual({ ok: false, error: 'keyResultId must be a string' });
  });
});

describe('parseIssueId', () => {
  it.each(['10073', '1', '0', '123456789012345678'])('accepts %j', (value) => {
    expect(parseIssueId(value)).toEqual({ ok: true, value });
  });

  it.each([
    ['an issue key', 'SP-10'],
    ['an empty string', ''],
    ['19 digits', '1234567890123456789'],
    ['a negative number', '-1'],
    ['a decimal', '10.5'],
    ['surrounding spaces', ' 10073 '],
    ['a trailing newline', '10073\n'],
    ['non-ASCII digits', '١٠٠٧٣'],
  ])('refuses %s', (_label, value) => {
    expect(parseIssueId(value)).toEqual({ ok: false, error: 'issueId must be a numeric Jira issue id, such as "10001"' });
  });

  it.each([[10073], [null], [undefined], [['10073']]])('refuses the non-string %p (numbers must be sent as text)', (value) => {
    expect(parseIssueId(value).ok).toBe(false);
  });
});
