import type { AdminStatusRow } from '../../../src/resolvers/admin-api';
import { categoryWeight, checkStatusRules, chooseRule, groupByCategory, inputFor, sameRules, statusOfErrorField, toRuleInputs } from '../../../static/admin/src/status-rules-form';

const STATUSES: AdminStatusRow[] = [
  { id: '10000', name: 'To Do', categoryKey: 'new' },
  { id: '3', name: 'In Progress', categoryKey: 'indeterminate' },
  { id: '10003', name: 'Done', categoryKey: 'done' },
  { id: '10004', name: "Won't Do", categoryKey: 'done' },
  { id: '10001', name: 'Backlog', categoryKey: 'new' },
];
const [, inProgress, , wontDo] = STATUSES as [AdminStatusRow, AdminStatusRow, AdminStatusRow, AdminStatusRow, AdminStatusRow];
const WEIGHTS = { todo: '0', inProgress: '50', done: '100' };

describe('status rules form', () => {
  it('starts every status on its category weight, and stored rules as they were saved', () => {
    const inputs = toRuleInputs([{ statusId: '10004', weight: null }, { statusId: '3', weight: 70 }]);
    expect(inputFor(inputs, '10004')).toEqual({ choice: 'leaveOut', weight: '' });
    expect(inputFor(inputs, '3')).toEqual({ choice: 'own', weight: '70' });
    expect(inputFor(inputs, '10000')).toEqual({ choice: 'category', weight: '' });
  });

  it('groups the statuses To Do, In Progress, Done, keeping the site order and leaving empty categories out', () => {
    expect(groupByCategory(STATUSES).map((g) => [g.categoryKey, g.statuses.map((s) => s.name)])).toEqual([
      ['new', ['To Do', 'Backlog']],
      ['indeterminate', ['In Progress']],
      ['done', ['Done', "Won't Do"]],
    ]);
    expect(groupByCategory(STATUSES.filter((s) => s.categoryKey !== 'indeterminate')).map((g) => g.categoryKey)).toEqual(['new', 'done']);
  });

  it('sends rules only for statuses taken off their category weight, in the site order', () => {
    let inputs = chooseRule({}, wontDo, 'leaveOut', WEIGHTS);
    inputs = chooseRule(inputs, inProgress, 'own', WEIGHTS);
    expect(checkStatusRules(inputs, STATUSES)).toEqual({ ok: true, rules: [{ statusId: '3', weight: 50 }, { statusId: '10004', weight: null }] });
    expect(checkStatusRules({}, STATUSES)).toEqual({ ok: true, rules: [] });
  });

  it('starts an own weight from the category weight, and keeps a typed one across other choices', () => {
    const own = chooseRule({}, inProgress, 'own', WEIGHTS);
    expect(inputFor(own, '3')).toEqual({ choice: 'own', weight: '50' });
    const typed = { ...own, '3': { choice: 'own' as const, weight: '65' } };
    const away = chooseRule(typed, inProgress, 'category', WEIGHTS);
    expect(inputFor(chooseRule(away, inProgress, 'own', WEIGHTS), '3')).toEqual({ choice: 'own', weight: '65' });
    // A category weight that is not a valid number yet gives an empty box, not a guess.
    expect(inputFor(chooseRule({}, inProgress, 'own', { ...WEIGHTS, inProgress: '5x' }), '3').weight).toBe('');
    expect(categoryWeight('indeterminate', { ...WEIGHTS, inProgress: '5x' })).toBeUndefined();
  });

  it.each(['', '101', '-1', '50.5', '1e2'])('refuses the own weight %p under its status, before any request', (weight) => {
    expect(checkStatusRules({ '3': { choice: 'own', weight } }, STATUSES)).toEqual({ ok: false, errors: { '3': 'Enter a whole number from 0 to 100.' } });
  });

  it('ignores a typed own weight while another choice is made, and drops rules of statuses the site no longer lists', () => {
    expect(checkStatusRules({ '3': { choice: 'category', weight: 'junk' } }, STATUSES)).toEqual({ ok: true, rules: [] });
    expect(checkStatusRules(toRuleInputs([{ statusId: '99999', weight: null }]), STATUSES)).toEqual({ ok: true, rules: [] });
  });

  it('finds the status a server error names by its index in the rules sent', () => {
    const sent = [{ statusId: '3', weight: 50 }, { statusId: '10004', weight: null }];
    expect(statusOfErrorField('statusRules.1', sent)).toBe('10004');
    expect(statusOfErrorField('statusRules.2', sent)).toBeUndefined();
    expect(statusOfErrorField('statusRules', sent)).toBeUndefined();
    expect(statusOfErrorField('inProgress', sent)).toBeUndefined();
    expect(statusOfErrorField(undefined, sent)).toBeUndefined();
  });

  it('compares rules whatever their order (the server stores them sorted by status id)', () => {
    expect(sameRules([{ statusId: '10004', weight: null }, { statusId: '3', weight: 50 }], [{ statusId: '3', weight: 50 }, { statusId: '10004', weight: null }])).toBe(true);
    expect(sameRules([{ statusId: '3', weight: 50 }], [{ statusId: '3', weight: 60 }])).toBe(false);
    expect(sameRules([{ statusId: '3', weight: null }], [])).toBe(false);
  });
});
