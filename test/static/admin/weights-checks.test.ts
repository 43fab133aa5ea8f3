import { ORDER_MESSAGE, checkWeights, parsePercent } from '../../../static/admin/src/weights-checks';

const inputs = (todo: string, inProgress: string, done: string) => ({ todo, inProgress, done });

describe('progress weights checks', () => {
  it('accepts strictly increasing whole numbers from 0 to 100', () => {
    expect(checkWeights(inputs('10', '40', '90'))).toEqual({ ok: true, weights: { todo: 10, inProgress: 40, done: 90 } });
    expect(checkWeights(inputs('0', '50', '100'))).toEqual({ ok: true, weights: { todo: 0, inProgress: 50, done: 100 } });
  });

  it.each([
    ['50', '50', '100'],
    ['0', '100', '100'],
    ['60', '40', '90'],
  ])('refuses %p / %p / %p with the ordering explanation', (todo, inProgress, done) => {
    expect(checkWeights(inputs(todo, inProgress, done))).toEqual({ ok: false, fieldErrors: {}, orderError: ORDER_MESSAGE });
  });

  it('refuses values that are not whole numbers from 0 to 100, each under its own box', () => {
    const check = checkWeights(inputs('-1', '50.5', '101'));
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(Object.keys(check.fieldErrors).sort()).toEqual(['done', 'inProgress', 'todo']);
    expect(check.orderError).toBeUndefined();
  });

  it.each(['', ' ', '1e2', '0x10', 'ten'])('refuses %p rather than coercing it', (text) => {
    const check = checkWeights(inputs(text, '50', '100'));
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.fieldErrors.todo).toMatch(/whole number from 0 to 100/);
  });

  it('reads a percentage the same way for the weights and the statuses\' own weights', () => {
    expect([' 0 ', '7', '100'].map(parsePercent)).toEqual([0, 7, 100]);
    expect(['101', '-0', '50.5', '1e2', '', '0x10'].map(parsePercent)).toEqual([undefined, undefined, undefined, undefined, undefined, undefined]);
  });
});
