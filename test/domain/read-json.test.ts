import { isObject, readArray, readId, readObject, readString } from '../../src/domain/read-json';

describe('isObject', () => {
  it.each([[{}], [{ a: 1 }], [Object.create(null)], [new Date(0)]])('accepts the object %p', (value) => {
    expect(isObject(value)).toBe(true);
  });

  it.each([[null], [undefined], [[]], [[1, 2]], ['{}'], [0], [true], [() => ({})]])('refuses %p', (value) => {
    expect(isObject(value)).toBe(false);
  });
});

describe('readObject', () => {
  it('returns the child object', () => {
    const child = { id: '1' };
    expect(readObject({ issue: child }, 'issue')).toBe(child);
  });

  it.each([
    ['missing', {}],
    ['null', { issue: null }],
    ['an array', { issue: [{ id: '1' }] }],
    ['a string', { issue: 'SP-1' }],
    ['a number', { issue: 1 }],
  ])('is undefined when the child is %s', (_label, parent) => {
    expect(readObject(parent, 'issue')).toBeUndefined();
  });

  it.each([[undefined], [null], ['x'], [[{ issue: {} }]]])('is undefined when the parent %p is not an object', (parent) => {
    expect(readObject(parent, 'issue')).toBeUndefined();
  });

  it('chains safely through missing levels', () => {
    expect(readObject(readObject(readObject({}, 'issue'), 'fields'), 'status')).toBeUndefined();
  });
});

describe('readString', () => {
  it('returns a string child, including the empty string', () => {
    expect(readString({ key: 'SP-10' }, 'key')).toBe('SP-10');
    expect(readString({ key: '' }, 'key')).toBe('');
  });

  it.each([[{ key: 10 }], [{ key: null }], [{ key: ['SP-10'] }], [{ key: { value: 'SP-10' } }], [{ key: true }], [{}]])(
    'is undefined for %p',
    (parent) => {
      expect(readString(parent, 'key')).toBeUndefined();
    },
  );

  it('is undefined for a parent that is not an object', () => {
    expect(readString('SP-10', 'key')).toBeUndefined();
    expect(readString(undefined, 'key')).toBeUndefined();
    expect(readString(['SP-10'], '0')).toBeUndefined();
  });

  it('does not return inherited methods such as toString', () => {
    expect(readString({}, 'toString')).toBeUndefined();
    expect(readString({ toString: 'In Progress' }, 'toString')).toBe('In Progress');
  });
});

describe('readId', () => {
  it('returns a non-empty string id as it is', () => {
    expect(readId({ id: '10073' }, 'id')).toBe('10073');
    expect(readId({ id: 'abc' }, 'id')).toBe('abc');
  });

  it('turns a safe integer into text', () => {
    expect(readId({ id: 10073 }, 'id')).toBe('10073');
    expect(readId({ id: 0 }, 'id')).toBe('0');
    expect(readId({ id: Number.MAX_SAFE_INTEGER }, 'id')).toBe('9007199254740991');
  });

  it.each([
    ['an empty string', ''],
    ['a fraction', 1.5],
    ['an unsafe integer', 2 ** 53],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['null', null],
    ['a boolean', true],
    ['an array', ['10073']],
    ['an object', { id: '10073' }],
    ['a bigint', BigInt(10073)],
  ])('is undefined for %s', (_label, id) => {
    expect(readId({ id }, 'id')).toBeUndefined();
  });

  it('is undefined when missing or when the parent is not an object', () => {
    expect(readId({}, 'id')).toBeUndefined();
    expect(readId(null, 'id')).toBeUndefined();
    expect(readId('10073', 'id')).toBeUndefined();
  });
});

describe('readArray', () => {
  it('returns the child array itself', () => {
    const items = [{ field: 'status' }];
    expect(readArray({ items }, 'items')).toBe(items);
    expect(readArray({ items: [] }, 'items')).toEqual([]);
  });

  it.each([[{}], [{ items: null }], [{ items: { 0: 'a', length: 1 } }], [{ items: 'abc' }]])('is undefined for %p', (parent) => {
    expect(readArray(parent, 'items')).toBeUndefined();
  });

  it('is undefined for a parent that is not an object', () => {
    expect(readArray([[1]], '0')).toBeUndefined();
    expect(readArray(undefined, 'items')).toBeUndefined();
  });
});
