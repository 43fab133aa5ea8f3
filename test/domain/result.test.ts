import { type Result, err, ok } from '../../src/domain/result';

describe('result', () => {
  it('ok wraps a value', () => {
    expect(ok(42)).toEqual({ ok: true, value: 42 });
  });

  it('err wraps an error', () => {
    expect(err('nope')).toEqual({ ok: false, error: 'nope' });
  });

  it('keeps the value itself, not a copy', () => {
    const value = { a: 1 };
    expect(ok(value).value).toBe(value);
  });

  it('narrows on ok', () => {
    const results: Array<Result<number, string>> = [ok(1), err('bad'), ok(2)];
    const values = results.flatMap((result) => (result.ok ? [result.value] : []));
    const errors = results.flatMap((result) => (result.ok ? [] : [result.error]));
    expect(values).toEqual([1, 2]);
    expect(errors).toEqual(['bad']);
  });
});
