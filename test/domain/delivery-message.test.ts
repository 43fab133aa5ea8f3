import { parseDeliveryMessage } from '../../src/domain/delivery-message';

const applyStatus = {
  kind: 'apply-status',
  keyResultId: 'kr-1',
  issueId: '10073',
  issueKey: 'SP-10',
  statusId: '3',
  categoryKey: 'indeterminate',
  changelogId: '10094',
} as const;

describe('parseDeliveryMessage: deliver', () => {
  it('accepts a deliver message', () => {
    expect(parseDeliveryMessage({ kind: 'deliver', messageId: 'msg_abc' })).toEqual({ ok: true, value: { kind: 'deliver', messageId: 'msg_abc' } });
  });

  it('drops unknown fields', () => {
    expect(parseDeliveryMessage({ kind: 'deliver', messageId: 'msg_abc', extra: 1 })).toEqual({ ok: true, value: { kind: 'deliver', messageId: 'msg_abc' } });
  });

  it.each([[{ kind: 'deliver' }], [{ kind: 'deliver', messageId: '' }], [{ kind: 'deliver', messageId: 42 }], [{ kind: 'deliver', messageId: null }]])(
    'refuses %p',
    (body) => {
      expect(parseDeliveryMessage(body)).toEqual({ ok: false, error: 'deliver message without messageId' });
    },
  );
});

describe('parseDeliveryMessage: apply-status', () => {
  it('accepts a complete apply-status message', () => {
    expect(parseDeliveryMessage({ ...applyStatus })).toEqual({ ok: true, value: applyStatus });
  });

  it.each(['new', 'indeterminate', 'done'])('accepts the category key %s', (categoryKey) => {
    expect(parseDeliveryMessage({ ...applyStatus, categoryKey }).ok).toBe(true);
  });

  it('drops unknown fields', () => {
    const result = parseDeliveryMessage({ ...applyStatus, weights: { todo: 0 } });
    expect(result.ok && Object.keys(result.value).sort()).toEqual(['categoryKey', 'changelogId', 'issueId', 'issueKey', 'keyResultId', 'kind', 'statusId']);
  });

  it('reads a message queued before issue keys were carried, with issueKey null', () => {
    const { issueKey: _key, ...older } = applyStatus;
    expect(parseDeliveryMessage(older)).toEqual({ ok: true, value: { ...applyStatus, issueKey: null } });
  });

  it.each(['keyResultId', 'issueId', 'statusId', 'changelogId', 'categoryKey'])('refuses a message without %s', (field) => {
    const body: Record<string, unknown> = { ...applyStatus };
    delete body[field];
    expect(parseDeliveryMessage(body)).toEqual({ ok: false, error: 'apply-status message is missing a field' });
  });

  it.each(['keyResultId', 'issueId', 'statusId', 'changelogId'])('refuses an empty %s', (field) => {
    expect(parseDeliveryMessage({ ...applyStatus, [field]: '' }).ok).toBe(false);
  });

  it.each(['keyResultId', 'issueId', 'statusId', 'changelogId'])('refuses a numeric %s (queue messages carry text ids)', (field) => {
    expect(parseDeliveryMessage({ ...applyStatus, [field]: 10 }).ok).toBe(false);
  });

  it.each(['To Do', 'undefined', 'DONE', ''])('refuses the category %j: only keys are accepted', (categoryKey) => {
    expect(parseDeliveryMessage({ ...applyStatus, categoryKey })).toEqual({ ok: false, error: 'apply-status message is missing a field' });
  });
});

describe('parseDeliveryMessage: other bodies', () => {
  it('refuses an unknown kind, quoting it', () => {
    expect(parseDeliveryMessage({ kind: 'redrive' })).toEqual({ ok: false, error: 'unknown message kind "redrive"' });
  });

  it('refuses a body without kind', () => {
    expect(parseDeliveryMessage({ messageId: 'msg_abc' })).toEqual({ ok: false, error: 'unknown message kind undefined' });
  });

  it.each([[null], [undefined], ['deliver'], [[{ kind: 'deliver', messageId: 'm' }]], [{ kind: 7 }]])('refuses %p', (body) => {
    expect(parseDeliveryMessage(body).ok).toBe(false);
  });

  it('round-trips through JSON, as the queue does', () => {
    const body = JSON.parse(JSON.stringify(applyStatus)) as unknown;
    expect(parseDeliveryMessage(body)).toEqual({ ok: true, value: applyStatus });
  });
});

describe('parseDeliveryMessage: reconcile', () => {
  it('reads the key result and the follow-up, and refuses an unknown follow-up', () => {
    expect(parseDeliveryMessage({ kind: 'reconcile', keyResultId: 'kr-1', then: 'sync_started' })).toEqual({ ok: true, value: { kind: 'reconcile', keyResultId: 'kr-1', then: 'sync_started' } });
    expect(parseDeliveryMessage({ kind: 'reconcile', keyResultId: 'kr-1' })).toEqual({ ok: true, value: { kind: 'reconcile', keyResultId: 'kr-1', then: null } });
    expect(parseDeliveryMessage({ kind: 'reconcile', keyResultId: 'kr-1', then: 'party' }).ok).toBe(false);
    expect(parseDeliveryMessage({ kind: 'reconcile' }).ok).toBe(false);
  });
});

describe('parseDeliveryMessage: remove-issue', () => {
  it('reads the key result, the issue and its key, and refuses a message without the issue', () => {
    expect(parseDeliveryMessage({ kind: 'remove-issue', keyResultId: 'kr-1', issueId: '10073', issueKey: 'SP-10' })).toEqual({ ok: true, value: { kind: 'remove-issue', keyResultId: 'kr-1', issueId: '10073', issueKey: 'SP-10' } });
    expect(parseDeliveryMessage({ kind: 'remove-issue', keyResultId: 'kr-1', issueId: '10073' })).toMatchObject({ ok: true, value: { issueKey: null } });
    expect(parseDeliveryMessage({ kind: 'remove-issue', keyResultId: 'kr-1' }).ok).toBe(false);
  });
});
