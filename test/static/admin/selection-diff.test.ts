import { EMPTY_DIFF, changeCount, isChecked, setChecked, toSavePayload } from '../../../static/admin/src/selection-diff';

const stored = { accountId: 'acc-stored', selected: true };
const other = { accountId: 'acc-other', selected: false };

describe('Edit Jira Users selection diff', () => {
  it('shows the stored state until the admin changes it', () => {
    expect(isChecked(EMPTY_DIFF, stored)).toBe(true);
    expect(isChecked(EMPTY_DIFF, other)).toBe(false);
  });

  it('records additions and removals against the stored selection', () => {
    let diff = setChecked(EMPTY_DIFF, other, true);
    diff = setChecked(diff, stored, false);
    expect(isChecked(diff, other)).toBe(true);
    expect(isChecked(diff, stored)).toBe(false);
    expect(changeCount(diff)).toBe(2);
    expect(toSavePayload(diff)).toEqual({ add: ['acc-other'], remove: ['acc-stored'] });
  });

  it('leaves no trace when a change is undone, and never mutates the previous diff', () => {
    const ticked = setChecked(EMPTY_DIFF, other, true);
    const unticked = setChecked(ticked, other, false);
    expect(changeCount(unticked)).toBe(0);
    expect(changeCount(ticked)).toBe(1);
    expect(changeCount(EMPTY_DIFF)).toBe(0);
  });

  it('keeps choices made on other pages (the diff is keyed by accountId, not by page)', () => {
    let diff = setChecked(EMPTY_DIFF, { accountId: 'page-1-user', selected: false }, true);
    diff = setChecked(diff, { accountId: 'page-2-user', selected: false }, true);
    expect(toSavePayload(diff)).toEqual({ add: ['page-1-user', 'page-2-user'], remove: [] });
  });
});
