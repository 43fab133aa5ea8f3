import { parseWorkMessage } from '../../src/domain/work-message';

const applyStatus = {
  kind: 'apply-status',
  keyResultId: 'kr-1',
  issueId: '10073',
  issueKey: 'SP-10',
  statusId: '3',
  categoryKey: 'indeterminate',
  changelogId: '10094',
} as const;

describe('parseWorkMessage: deliver', () => {
  it('accepts a deliver message', () => {
    expect(parseWorkMessage({ kind: 'deliver', messageId: 'msg_abc' })).toEqual({ ok: true, value: { kind: 'deliver', messageId: 'msg_abc' } });
  });

  it('drops unknown fields', () => {
    expect(parseWorkMessage({ kind: 'deliver', messageId: 'msg_abc', extra: 1 })).toEqual({ ok: true, value: { kind: 'deliver', messageId: 'msg_abc' } });
  });

  it.each([[{ kind: 'deliver' }], [{ kind: 'deliver', messageId: '' }], [{ kind: 'deliver', messageId: 42 }], [{ kind: 'deliver', messageId: null }]])(
    'refuses %p',
    (body) => {
      expect(parseWorkMessage(body)).toEqual({ ok: false, error: 'deliver message without messageId' });
    },
  );
});

describe('parseWorkMessage: apply-status', () => {
  it('accepts a complete apply-status message', () => {
    expect(parseWorkMessage({ ...applyStatus })).toEqual({ ok: true, value: applyStatus });
  });

  it.each(['new', 'indeterminate', 'done'])('accepts the category key %s', (categoryKey) => {
    expect(parseWorkMessage({ ...applyStatus, categoryKey }).ok).toBe(true);
  });

  it('drops unknown fields', () => {
    const result = parseWorkMessage({ ...applyStatus, weights: { todo: 0 } });
    expect(result.ok && Object.keys(result.value).sort()).toEqual(['categoryKey', 'changelogId', 'issueId', 'issueKey', 'keyResultId', 'kind', 'statusId']);
  });

  it('reads a message queued before issue keys were carried, with issueKey null', () => {
    const { issueKey: _key, ...older } = applyStatus;
    expect(parseWorkMessage(older)).toEqual({ ok: true, value: { ...applyStatus, issueKey: null } });
  });

  it.each(['keyResultId', 'issueId', 'statusId', 'changelogId', 'categoryKey'])('refuses a message without %s', (field) => {
    const body: Record<string, unknown> = { ...applyStatus };
    delete body[field];
    expect(parseWorkMessage(body)).toEqual({ ok: false, error: 'apply-status message is missing a field' });
  });

  it.each(['keyResultId', 'issueId', 'statusId', 'changelogId'])('refuses an empty %s', (field) => {
    expect(parseWorkMessage({ ...applyStatus, [field]: '' }).ok).toBe(false);
  });

  it.each(['keyResultId', 'issueId', 'statusId', 'changelogId'])('refuses a numeric %s (queue messages carry text ids)', (field) => {
    expect(parseWorkMessage({ ...applyStatus, [field]: 10 }).ok).toBe(false);
  });

  it.each(['To Do', 'undefined', 'DONE', ''])('refuses the category %j: only keys are accepted', (categoryKey) => {
    expect(parseWorkMessage({ ...applyStatus, categoryKey })).toEqual({ ok: false, error: 'apply-status message is missing a field' });
  });
});

describe('parseWorkMessage: other bodies', () => {
  it('refuses an unknown kind, quoting it', () => {
    expect(parseWorkMessage({ kind: 'redrive' })).toEqual({ ok: false, error: 'unknown message kind "redrive"' });
  });

  it('refuses a body without kind', () => {
    expect(parseWorkMessage({ messageId: 'msg_abc' })).toEqual({ ok: false, error: 'unknown message kind undefined' });
  });

  it.each([[null], [undefined], ['deliver'], [[{ kind: 'deliver', messageId: 'm' }]], [{ kind: 7 }]])('refuses %p', (body) => {
    expect(parseWorkMessage(body).ok).toBe(false);
  });

  it('round-trips through JSON, as the queue does', () => {
    const body = JSON.parse(JSON.stringify(applyStatus)) as unknown;
    expect(parseWorkMessage(body)).toEqual({ ok: true, value: applyStatus });
  });
});

describe('parseWorkMessage: reconcile', () => {
  it('reads the key result and the follow-up, and refuses an unknown follow-up', () => {
    expect(parseWorkMessage({ kind: 'reconcile', keyResultId: 'kr-1', then: 'sync_started' })).toEqual({ ok: true, value: { kind: 'reconcile', keyResultId: 'kr-1', then: 'sync_started' } });
    expect(parseWorkMessage({ kind: 'reconcile', keyResultId: 'kr-1' })).toEqual({ ok: true, value: { kind: 'reconcile', keyResultId: 'kr-1', then: null } });
    expect(parseWorkMessage({ kind: 'reconcile', keyResultId: 'kr-1', then: 'party' }).ok).toBe(false);
    expect(parseWorkMessage({ kind: 'reconcile' }).ok).toBe(false);
  });
});

describe('parseWorkMessage: remove-issue', () => {
  it('reads the key result, the issue and its key, and refuses a message without the issue', () => {
    expect(parseWorkMessage({ kind: 'remove-issue', keyResultId: 'kr-1', issueId: '10073', issueKey: 'SP-10' })).toEqual({ ok: true, value: { kind: 'remove-issue', keyResultId: 'kr-1', issueId: '10073', issueKey: 'SP-10' } });
    expect(parseWorkMessage({ kind: 'remove-issue', keyResultId: 'kr-1', issueId: '10073' })).toMatchObject({ ok: true, value: { issueKey: null } });
    expect(parseWorkMessage({ kind: 'remove-issue', keyResultId: 'kr-1' }).ok).toBe(false);
  });

  it('reads a usage sync with or without where it goes on, and a history import chunk by its revision', () => {
    expect(parseWorkMessage({ kind: 'sync-usage' })).toEqual({ ok: true, value: { kind: 'sync-usage' } });
    expect(parseWorkMessage({ kind: 'sync-usage', resume: { syncId: 'usage-1', offset: 150 } })).toEqual({ ok: true, value: { kind: 'sync-usage', resume: { syncId: 'usage-1', offset: 150 } } });
    expect(parseWorkMessage({ kind: 'sync-usage', resume: { syncId: 'usage-1', offset: -1 } }).ok).toBe(false);
    expect(parseWorkMessage({ kind: 'sync-usage', resume: { offset: 0 } }).ok).toBe(false);
    expect(parseWorkMessage({ kind: 'import-history', revision: 3 })).toEqual({ ok: true, value: { kind: 'import-history', revision: 3 } });
    expect(parseWorkMessage({ kind: 'import-history', revision: 0 }).ok).toBe(false);
    expect(parseWorkMessage({ kind: 'import-history' }).ok).toBe(false);
  });

  it('reads a fan-out with its job, cursor and the ids to queue again', () => {
    const fanOut = { kind: 'fan-out', job: { what: 'reconcile', then: null }, cursor: 'abc', retry: ['kr-1'] };
    expect(parseWorkMessage(fanOut)).toEqual({ ok: true, value: fanOut });
    expect(parseWorkMessage({ ...fanOut, job: { what: 'recompute', reason: 'weights_changed' }, cursor: null, retry: [] }).ok).toBe(true);
    expect(parseWorkMessage({ ...fanOut, job: { what: 'recompute', reason: 'because' } }).ok).toBe(false);
    expect(parseWorkMessage({ ...fanOut, job: { what: 'delete-everything' } }).ok).toBe(false);
    expect(parseWorkMessage({ ...fanOut, retry: [1] }).ok).toBe(false);
    expect(parseWorkMessage({ ...fanOut, cursor: 5 }).ok).toBe(false);
  });
});

describe('parseWorkMessage: apply-pending-status', () => {
  it('accepts a key result id', () => {
    expect(parseWorkMessage({ kind: 'apply-pending-status', keyResultId: 'kr-1' })).toEqual({ ok: true, value: { kind: 'apply-pending-status', keyResultId: 'kr-1' } });
  });

  it('refuses a message without one', () => {
    expect(parseWorkMessage({ kind: 'apply-pending-status' })).toEqual({ ok: false, error: 'apply-pending-status message without keyResultId' });
  });
});

describe('parseWorkMessage: replay-event', () => {
  it.each(['issue', 'activity', 'avi:forge:installed:app', 'avi:forge:upgraded:app'])('accepts an event of the %s trigger', (trigger) => {
    expect(parseWorkMessage({ kind: 'replay-event', trigger, event: { id: 'x' } })).toEqual({ ok: true, value: { kind: 'replay-event', trigger, event: { id: 'x' } } });
  });

  it('refuses an unknown trigger', () => {
    expect(parseWorkMessage({ kind: 'replay-event', trigger: 'app-uninstalled', event: {} })).toEqual({ ok: false, error: 'replay-event message without a known trigger or an event' });
  });
});
