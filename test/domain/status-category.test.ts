import {
  STATUS_CATEGORY_KEYS,
  emptyCounts,
  isStatusCategoryKey,
  normaliseStatusCategoryKey,
} from '../../src/domain/status-category';

describe('STATUS_CATEGORY_KEYS', () => {
  it('are Jira\'s three keys new, indeterminate and done', () => {
    expect(STATUS_CATEGORY_KEYS).toEqual(['new', 'indeterminate', 'done']);
  });
});

describe('isStatusCategoryKey', () => {
  it.each(['new', 'indeterminate', 'done'])('accepts the key %s', (key) => {
    expect(isStatusCategoryKey(key)).toBe(true);
  });

  it.each([
    ['the name "To Do"', 'To Do'],
    ['the name "In Progress"', 'In Progress'],
    ['the name "Done"', 'Done'],
    ['a key in upper case', 'NEW'],
    ['a key with spaces', ' done '],
    ['the legacy key "undefined"', 'undefined'],
    ['an empty string', ''],
    ['a category id', 4],
    ['undefined', undefined],
    ['null', null],
    ['an object with a key', { key: 'done' }],
  ])('refuses %s', (_label, value) => {
    expect(isStatusCategoryKey(value)).toBe(false);
  });
});

describe('normaliseStatusCategoryKey', () => {
  it.each(['new', 'indeterminate', 'done'] as const)('keeps the key %s', (key) => {
    expect(normaliseStatusCategoryKey(key)).toBe(key);
  });

  it('counts the legacy category "undefined" (No Category) as To Do', () => {
    expect(normaliseStatusCategoryKey('undefined')).toBe('new');
  });

  it('does not treat a missing key (the value undefined) as the legacy category', () => {
    expect(normaliseStatusCategoryKey(undefined)).toBeUndefined();
  });

  it.each(['To Do', 'In Progress', 'Done', 'No Category', 'Undefined', 'DONE', 'indeterminate ', '2'])(
    'does not read the name or variant %j as a key',
    (value) => {
      expect(normaliseStatusCategoryKey(value)).toBeUndefined();
    },
  );

  it.each([[null], [2], [{ key: 'new' }], [['new']]])('returns undefined for the non-string %j', (value) => {
    expect(normaliseStatusCategoryKey(value)).toBeUndefined();
  });
});

describe('emptyCounts', () => {
  it('is zero for each of the three keys, and nothing else', () => {
    expect(emptyCounts()).toEqual({ new: 0, indeterminate: 0, done: 0 });
    expect(Object.keys(emptyCounts()).sort()).toEqual([...STATUS_CATEGORY_KEYS].sort());
  });

  it('returns a fresh object each time', () => {
    const first = emptyCounts();
    first.done = 5;
    expect(emptyCounts()).toEqual({ new: 0, indeterminate: 0, done: 0 });
    expect(emptyCounts()).not.toBe(emptyCounts());
  });
});
