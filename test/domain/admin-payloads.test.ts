import { decodeUserCursor, encodeUserCursor, parseAccessModeInput, parseConnectInput, parseEnabledInput, parseListUsersInput, parseSelectionChange } from '../../src/domain/admin-payloads';

const fieldOf = (result: { ok: boolean; error?: { field: string } }) => (result.ok ? undefined : result.error?.field);

describe('parseConnectInput', () => {
  it('trims and accepts a complete payload; a blank token is allowed here (the service decides)', () => {
    expect(parseConnectInput({ email: ' a@b.co ', serverUrl: ' https://x.y ', apiToken: '' })).toEqual({ ok: true, value: { email: 'a@b.co', serverUrl: 'https://x.y', apiToken: '' } });
  });
  it.each([
    [null, 'payload'],
    [{ email: 'a@b.co', serverUrl: 'https://x.y' }, 'apiToken'],
    [{ email: 'a@b', serverUrl: 'https://x.y', apiToken: 't' }, 'email'],
    [{ email: '', serverUrl: 'https://x.y', apiToken: 't' }, 'email'],
    [{ email: 'a@b.co', serverUrl: ' ', apiToken: 't' }, 'serverUrl'],
    [{ email: 'a@b.co', serverUrl: 'https://x.y', apiToken: 't', more: 1 }, 'more'],
    [{ email: 'a@b.co', serverUrl: 'https://x.y', apiToken: 'x'.repeat(4097) }, 'apiToken'],
  ])('refuses %j naming %s', (payload, field) => expect(fieldOf(parseConnectInput(payload))).toBe(field));
});

describe('small payloads', () => {
  it('enabled must be a boolean and alone', () => {
    expect(parseEnabledInput({ enabled: false })).toEqual({ ok: true, value: false });
    expect(fieldOf(parseEnabledInput({ enabled: 1 }))).toBe('enabled');
    expect(fieldOf(parseEnabledInput({ enabled: true, x: 1 }))).toBe('x');
  });
  it('mode is "all" or "selected"', () => {
    expect(parseAccessModeInput({ mode: 'selected' })).toEqual({ ok: true, value: 'selected' });
    expect(fieldOf(parseAccessModeInput({ mode: 'SELECTED' }))).toBe('mode');
  });
  it('list users: defaults, bounds', () => {
    expect(parseListUsersInput({ query: ' ro ' })).toEqual({ ok: true, value: { query: 'ro', cursor: undefined, pageSize: 20 } });
    expect(fieldOf(parseListUsersInput({ query: '', pageSize: 2.5 }))).toBe('pageSize');
    expect(fieldOf(parseListUsersInput({ query: 'x'.repeat(101) }))).toBe('query');
  });
  it('selection: account ids only, not both added and removed, duplicates folded', () => {
    expect(parseSelectionChange({ add: ['a:1', 'a:1'], remove: ['b-2'] })).toEqual({ ok: true, value: { add: ['a:1'], remove: ['b-2'] } });
    expect(fieldOf(parseSelectionChange({ add: ['a b'], remove: [] }))).toBe('add');
    expect(fieldOf(parseSelectionChange({ add: [], remove: ['x', 5] }))).toBe('remove');
    expect(fieldOf(parseSelectionChange({ add: Array.from({ length: 1001 }, (_, i) => `u${i}`), remove: [] }))).toBe('add');
  });
});

describe('user cursors', () => {
  it('round-trip for the same query and refuse another query or garbage', () => {
    const cursor = encodeUserCursor('ro', 40);
    expect(decodeUserCursor(cursor, 'ro')).toEqual({ ok: true, value: 40 });
    expect(decodeUserCursor(undefined, 'ro')).toEqual({ ok: true, value: 0 });
    expect(fieldOf(decodeUserCursor(cursor, 'bo'))).toBe('cursor');
    expect(fieldOf(decodeUserCursor('%%%', 'ro'))).toBe('cursor');
    expect(fieldOf(decodeUserCursor(encodeUserCursor('ro', -1), 'ro'))).toBe('cursor');
  });
});

describe('messages use the labels the admin sees, never the payload keys', () => {
  const INTERNAL_KEYS = /\b(apiToken|serverUrl|email|query|cursor|pageSize|enabled|mode|add|remove)\b/;
  it.each([
    ['a long token', parseConnectInput({ email: 'a@b.co', serverUrl: 'https://x.y', apiToken: 'x'.repeat(4097) }), /^API token is too long: at most 4096 characters \(this one has 4097\)\.$/],
    ['a missing token', parseConnectInput({ email: 'a@b.co', serverUrl: 'https://x.y' }), /^API token is required\.$/],
    ['a number for the server', parseConnectInput({ email: 'a@b.co', serverUrl: 5, apiToken: 't' }), /^Server must be text\.$/],
    ['a long search', parseListUsersInput({ query: 'q'.repeat(101) }), /^Search users is too long: at most 100 characters \(this one has 101\)\.$/],
    ['a bad page size', parseListUsersInput({ query: '', pageSize: 0 }), /^Page size must be/],
    ['a toggle that is not on/off', parseEnabledInput({ enabled: 'yes' }), /^Progress updates must be on or off\.$/],
    ['an unknown access mode', parseAccessModeInput({ mode: 'some' }), /^User access must be "Allow all users"/],
    ['too many users at once', parseSelectionChange({ add: Array.from({ length: 1001 }, (_, i) => `id-${i}`), remove: [] }), /^Users to select: at most 1000 users/],
    ['a bad account id', parseSelectionChange({ add: [], remove: ['has space'] }), /^Users to unselect contains something that is not a Jira account id/],
  ])('%s', (_name, result, message) => {
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.message).toMatch(message);
      expect(result.error.message).not.toMatch(INTERNAL_KEYS);
    }
  });
});
