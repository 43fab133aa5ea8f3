import { computeProgress } from '../../src/domain/compute-progress';
import { messageIdFor } from '../../src/domain/message-id';
import type { LifecycleRecord } from '../../src/domain/app-lifecycle';
import {
  type ProgressCause,
  WEBHOOK_EVENT_TYPES,
  WEBHOOK_SCHEMA_VERSION,
  type WebhookEvent,
  type WebhookEventType,
  buildActivityRecorded,
  buildAppInstalled,
  buildAppUpgraded,
  buildIssueStatusChanged,
  buildKeyResultIssueLinkChanged,
  buildKeyResultProgressUpdated,
  buildLifecycleEvent,
  buildPing,
  buildUsageReportPart,
  lifecycleWebhookId,
  toUtcIso,
} from '../../src/domain/webhook-events';
import { CLOUD_ID, KEY_RESULT_ID, aggregate, counts, statusChange, weights, rulesOf } from '../factories/domain';
import { mulberry32, randomInt } from '../factories/random';

const ID_PATTERN = /^msg_[A-Za-z0-9_-]{32}$/;
const NOW = new Date('2024-03-04T10:20:31.456Z');
const LATER = new Date('2024-03-05T00:00:00.000Z');
const EPOCH = 1_709_280_000_000;
const ORIGIN = { cloudId: CLOUD_ID, epoch: EPOCH };
const CAUSE: ProgressCause = { kind: 'issue_status_changed', issueId: '10073', issueKey: 'OKR-3', changelogId: '10094' };

const lifecycleRecord = (overrides: Partial<LifecycleRecord> = {}): LifecycleRecord => {
  const record: LifecycleRecord = {
    kind: 'installed',
    installationId: 'fff8e466-31f4-4c73-a337-c3309dd930dc',
    appId: '406d303d-0393-4ec4-ad7c-1435be94583a',
    version: '2.0.0',
    accountId: '4ad9aa0c52dc1b420a791d12',
    environmentId: '23863033-1de4-4ebf-b30d-c906264a1e92',
    webhookId: '',
    environmentType: 'PRODUCTION',
    previousVersion: null,
    receivedAt: '2024-03-04T09:00:00.000Z',
    queuedAt: null,
    ...overrides,
  };
  return { ...record, webhookId: lifecycleWebhookId(CLOUD_ID, record.kind, record.installationId, record.version) };
};

/**
 * One event of every type in the WebhookEvent union: the mapped type makes tsc fail when
 * the union gains a type this test does not build, and the test fails when
 * WEBHOOK_EVENT_TYPES (the list the schemas, the docs and `npm run send-event` are checked
 * against) leaves one out.
 */
const ONE_OF_EACH_TYPE: { [T in WebhookEventType]: Extract<WebhookEvent, { type: T }> } = {
  'issue.status_changed': buildIssueStatusChanged(CLOUD_ID, statusChange(), 'done', NOW),
  'key_result.progress_updated': buildKeyResultProgressUpdated(ORIGIN, aggregate(), rulesOf(weights()), CAUSE, NOW),
  'key_result.issue_linked': buildKeyResultIssueLinkChanged(ORIGIN, 'key_result.issue_linked', { keyResultId: 'kr-1', issueId: '1', issueKey: null, actorAccountId: null, sequence: 1 }, NOW),
  'key_result.issue_unlinked': buildKeyResultIssueLinkChanged(ORIGIN, 'key_result.issue_unlinked', { keyResultId: 'kr-1', issueId: '1', issueKey: null, actorAccountId: null, sequence: 2 }, NOW),
  'activity.recorded': buildActivityRecorded(CLOUD_ID, { key: 'issue:1:created', action: 'issue_created', actorAccountId: 'u1', issue: { id: '1', key: null, projectId: null, projectKey: null }, occurredAt: NOW.toISOString() }, NOW),
  'usage.report': buildUsageReportPart(CLOUD_ID, { reportId: 'r1', part: 1, partCount: 1, window: { from: '2024-03-01', to: '2024-03-04' }, users: [] }, NOW),
  ping: buildPing(CLOUD_ID, NOW, 'n1'),
  'app.installed': buildAppInstalled(ORIGIN, lifecycleRecord(), NOW),
  'app.upgraded': buildAppUpgraded(ORIGIN, lifecycleRecord({ kind: 'upgraded', version: '3.0.0', previousVersion: '2.0.0' }), NOW),
};

describe('webhook constants', () => {
  it('schema version is 1 and the event types are the nine documented ones', () => {
    expect(WEBHOOK_SCHEMA_VERSION).toBe(1);
    expect(WEBHOOK_EVENT_TYPES).toEqual(['issue.status_changed', 'key_result.progress_updated', 'key_result.issue_linked', 'key_result.issue_unlinked', 'activity.recorded', 'usage.report', 'ping', 'app.installed', 'app.upgraded']);
  });

  it('WEBHOOK_EVENT_TYPES lists every type of the WebhookEvent union, once', () => {
    expect([...WEBHOOK_EVENT_TYPES].sort()).toEqual(Object.keys(ONE_OF_EACH_TYPE).sort());
    expect(new Set(WEBHOOK_EVENT_TYPES).size).toBe(WEBHOOK_EVENT_TYPES.length);
    for (const [type, event] of Object.entries(ONE_OF_EACH_TYPE)) expect(event.type).toBe(type);
  });
});

describe('buildAppInstalled and buildAppUpgraded', () => {
  it('build the full envelope and data of an install from the recorded facts', () => {
    const record = lifecycleRecord();
    expect(buildAppInstalled(ORIGIN, record, NOW)).toEqual({
      id: messageIdFor(CLOUD_ID, 'app.installed', 'fff8e466-31f4-4c73-a337-c3309dd930dc', '2.0.0'),
      type: 'app.installed',
      schemaVersion: 1,
      timestamp: NOW.toISOString(),
      cloudId: CLOUD_ID,
      data: {
        installationId: 'fff8e466-31f4-4c73-a337-c3309dd930dc',
        appId: '406d303d-0393-4ec4-ad7c-1435be94583a',
        version: '2.0.0',
        installerAccountId: '4ad9aa0c52dc1b420a791d12',
        environment: { id: '23863033-1de4-4ebf-b30d-c906264a1e92', type: 'PRODUCTION' },
        epoch: EPOCH,
        installedAt: '2024-03-04T09:00:00.000Z',
      },
    });
    expect(buildAppInstalled(ORIGIN, record, NOW).id).toBe(record.webhookId);
  });

  it('build an upgrade with its versions and the account that upgraded', () => {
    const record = lifecycleRecord({ kind: 'upgraded', version: '3.0.0', previousVersion: '2.0.0', accountId: null, environmentId: null, environmentType: null });
    expect(buildAppUpgraded(ORIGIN, record, NOW)).toMatchObject({
      id: record.webhookId,
      type: 'app.upgraded',
      data: { version: '3.0.0', previousVersion: '2.0.0', upgraderAccountId: null, environment: { id: null, type: null }, epoch: EPOCH, upgradedAt: '2024-03-04T09:00:00.000Z' },
    });
    expect(buildLifecycleEvent(ORIGIN, record, NOW)).toEqual(buildAppUpgraded(ORIGIN, record, NOW));
    expect(buildLifecycleEvent(ORIGIN, lifecycleRecord(), NOW).type).toBe('app.installed');
  });

  it('name one webhook per site, event, installation and version: a duplicate or a later build is the same webhook', () => {
    const id = buildAppInstalled(ORIGIN, lifecycleRecord(), NOW).id;
    expect(buildAppInstalled({ cloudId: CLOUD_ID, epoch: EPOCH + 5 }, lifecycleRecord({ receivedAt: LATER.toISOString(), accountId: null }), LATER).id).toBe(id);
    expect(buildAppInstalled(ORIGIN, lifecycleRecord({ installationId: 'another-installation' }), NOW).id).not.toBe(id);
    expect(buildAppInstalled(ORIGIN, lifecycleRecord({ version: '2.0.1' }), NOW).id).not.toBe(id);
    expect(buildAppInstalled({ cloudId: 'cloud-2', epoch: EPOCH }, lifecycleRecord(), NOW).id).not.toBe(id);
    expect(buildAppUpgraded(ORIGIN, lifecycleRecord({ kind: 'upgraded' }), NOW).id).not.toBe(id);
    expect(id).toMatch(ID_PATTERN);
  });
});

describe('buildPing', () => {
  it('gives every nonce its own id and says to change nothing', () => {
    const ping = buildPing(CLOUD_ID, NOW, 'n1');
    expect(ping).toMatchObject({ type: 'ping', schemaVersion: 1, cloudId: CLOUD_ID, timestamp: NOW.toISOString(), data: { message: expect.stringContaining('Answer 2xx') } });
    expect(buildPing(CLOUD_ID, LATER, 'n1').id).toBe(ping.id);
    expect(buildPing(CLOUD_ID, NOW, 'n2').id).not.toBe(ping.id);
    expect(ping.id).toMatch(ID_PATTERN);
  });
});

describe('buildKeyResultIssueLinkChanged', () => {
  const change = { keyResultId: 'kr-7', issueId: '10073', issueKey: 'OKR-9', actorAccountId: '557058:u1', sequence: 4 };
  it('names the issue, the actor and the progress sequence; the id is deterministic per change', () => {
    const linked = buildKeyResultIssueLinkChanged({ cloudId: 'cloud-1', epoch: EPOCH }, 'key_result.issue_linked', change, NOW);
    expect(linked).toMatchObject({ type: 'key_result.issue_linked', timestamp: NOW.toISOString(), data: { keyResultId: 'kr-7', issue: { id: '10073', key: 'OKR-9' }, via: 'direct', actorAccountId: '557058:u1', epoch: EPOCH, sequence: 4 } });
    expect(buildKeyResultIssueLinkChanged({ cloudId: 'cloud-1', epoch: EPOCH + 1 }, 'key_result.issue_linked', change, NOW).id).not.toBe(linked.id);
    expect(buildKeyResultIssueLinkChanged({ cloudId: 'cloud-1', epoch: EPOCH }, 'key_result.issue_linked', change, LATER).id).toBe(linked.id);
    expect(buildKeyResultIssueLinkChanged({ cloudId: 'cloud-1', epoch: EPOCH }, 'key_result.issue_linked', { ...change, sequence: 6 }, NOW).id).not.toBe(linked.id);
    expect(buildKeyResultIssueLinkChanged({ cloudId: 'cloud-1', epoch: EPOCH }, 'key_result.issue_unlinked', change, NOW).id).not.toBe(linked.id);
    expect(buildKeyResultIssueLinkChanged({ cloudId: 'cloud-2', epoch: EPOCH }, 'key_result.issue_linked', change, NOW).id).not.toBe(linked.id);
  });
});

describe('buildIssueStatusChanged', () => {
  it('builds the full envelope and data from a status change', () => {
    expect(buildIssueStatusChanged(CLOUD_ID, statusChange(), 'indeterminate', NOW)).toEqual({
      id: messageIdFor(CLOUD_ID, 'issue.status_changed', '10073', '10094'),
      type: 'issue.status_changed',
      schemaVersion: 1,
      timestamp: '2024-03-04T10:20:31.456Z',
      cloudId: CLOUD_ID,
      data: {
        issue: {
          id: '10073',
          key: 'SP-10',
          projectId: '10000',
          summary: 'Retry failed payments',
          type: 'Task',
          projectKey: 'SP',
          projectName: 'Space Program',
          url: 'https://acme.atlassian.net/browse/SP-10',
        },
        siteUrl: 'https://acme.atlassian.net',
        changelogId: '10094',
        from: { statusId: '10000', name: 'To Do' },
        to: { statusId: '3', name: 'In Progress', categoryKey: 'indeterminate' },
        actorAccountId: '557058:f58131cb-b67d-43c7-b30d-6b58d40bd077',
        changedAt: '2024-03-04T10:20:30.123Z', // Jira's +0000 normalised to UTC ISO 8601
      },
    });
  });

  it('has an id of the form msg_ + 32 url-safe characters', () => {
    expect(buildIssueStatusChanged(CLOUD_ID, statusChange(), 'done', NOW).id).toMatch(ID_PATTERN);
  });

  it('gives the same id to the same change built twice, at different times and with a different resolved category', () => {
    const first = buildIssueStatusChanged(CLOUD_ID, statusChange(), 'indeterminate', NOW);
    const second = buildIssueStatusChanged(CLOUD_ID, statusChange({ actorAccountId: undefined }), 'done', LATER);
    expect(second.id).toBe(first.id);
    expect(second.timestamp).not.toBe(first.timestamp);
  });

  it('gives a different id to a different changelog entry of the same issue', () => {
    const first = buildIssueStatusChanged(CLOUD_ID, statusChange({ changelogId: '10094' }), 'indeterminate', NOW);
    const second = buildIssueStatusChanged(CLOUD_ID, statusChange({ changelogId: '10095' }), 'indeterminate', NOW);
    expect(second.id).not.toBe(first.id);
  });

  it('gives a different id to another issue or another site', () => {
    const base = buildIssueStatusChanged(CLOUD_ID, statusChange(), 'indeterminate', NOW).id;
    expect(buildIssueStatusChanged(CLOUD_ID, statusChange({ issueId: '10074' }), 'indeterminate', NOW).id).not.toBe(base);
    expect(buildIssueStatusChanged('other-cloud', statusChange(), 'indeterminate', NOW).id).not.toBe(base);
  });

  it('uses the category it is given, not the one in the change', () => {
    const event = buildIssueStatusChanged(CLOUD_ID, statusChange({ toCategoryKey: undefined }), 'done', NOW);
    expect(event.data.to.categoryKey).toBe('done');
  });

  it('writes null for every missing optional field', () => {
    const change = statusChange({
      issueKey: undefined,
      projectId: undefined,
      summary: undefined,
      issueTypeName: undefined,
      projectKey: undefined,
      projectName: undefined,
      siteUrl: undefined,
      fromStatusId: undefined,
      fromStatusName: undefined,
      toStatusName: undefined,
      actorAccountId: undefined,
      changedAt: undefined,
    });
    const { data } = buildIssueStatusChanged(CLOUD_ID, change, 'new', NOW);
    expect(data).toEqual({
      issue: { id: '10073', key: null, projectId: null, summary: null, type: null, projectKey: null, projectName: null, url: null },
      siteUrl: null,
      changelogId: '10094',
      from: { statusId: null, name: null },
      to: { statusId: '3', name: null, categoryKey: 'new' },
      actorAccountId: null,
      changedAt: null,
    });
    // null survives JSON; undefined would drop the key from the body.
    expect(JSON.parse(JSON.stringify(data))).toEqual(data);
  });

  it('gives a browse URL only when both the site and the key are known', () => {
    expect(buildIssueStatusChanged(CLOUD_ID, statusChange({ issueKey: undefined }), 'new', NOW).data.issue.url).toBeNull();
    expect(buildIssueStatusChanged(CLOUD_ID, statusChange({ siteUrl: undefined }), 'new', NOW).data.issue.url).toBeNull();
  });

  it('writes changedAt null when Jira\'s time cannot be read, instead of passing the text on', () => {
    expect(buildIssueStatusChanged(CLOUD_ID, statusChange({ changedAt: 'not a time' }), 'new', NOW).data.changedAt).toBeNull();
  });

  it('keeps an empty string as it is (only missing becomes null)', () => {
    expect(buildIssueStatusChanged(CLOUD_ID, statusChange({ issueKey: '' }), 'new', NOW).data.issue.key).toBe('');
  });

  it('does not hold on to the change: mutating it afterwards leaves the event alone', () => {
    const change = statusChange();
    const event = buildIssueStatusChanged(CLOUD_ID, change, 'indeterminate', NOW);
    change.toStatusName = 'Changed';
    change.issueKey = 'XX-1';
    expect(event.data.to.name).toBe('In Progress');
    expect(event.data.issue.key).toBe('SP-10');
  });

  it('writes the timestamp in UTC ISO 8601', () => {
    expect(buildIssueStatusChanged(CLOUD_ID, statusChange(), 'new', new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 6))).timestamp).toBe('2024-01-02T03:04:05.006Z');
  });
});

describe('buildKeyResultProgressUpdated', () => {
  const agg = aggregate({ counts: counts({ new: 2, done: 1 }), sequence: 7 });

  it('builds the full envelope and data', () => {
    expect(buildKeyResultProgressUpdated(ORIGIN, agg, rulesOf(weights()), CAUSE, NOW)).toEqual({
      id: messageIdFor(CLOUD_ID, 'key_result.progress_updated', String(EPOCH), KEY_RESULT_ID, '7'),
      type: 'key_result.progress_updated',
      schemaVersion: 1,
      timestamp: '2024-03-04T10:20:31.456Z',
      cloudId: CLOUD_ID,
      data: {
        keyResultId: KEY_RESULT_ID,
        epoch: EPOCH,
        sequence: 7,
        progress: 33.33,
        weightedSum: 100,
        issueCount: 3,
        counts: { new: 2, indeterminate: 0, done: 1 },
        excludedIssueCount: 0,
        unreachableIssueCount: 0,
        weights: { todo: 0, inProgress: 50, done: 100 },
        statusRules: [],
        cause: CAUSE,
      },
    });
  });

  it('has an id of the form msg_ + 32 url-safe characters', () => {
    expect(buildKeyResultProgressUpdated(ORIGIN, agg, rulesOf(weights()), CAUSE, NOW).id).toMatch(ID_PATTERN);
  });

  it('names one update by key result and sequence: same pair, same id, whatever the time or cause', () => {
    const first = buildKeyResultProgressUpdated(ORIGIN, agg, rulesOf(weights()), CAUSE, NOW);
    const again = buildKeyResultProgressUpdated(ORIGIN, { ...agg }, rulesOf(weights()), { kind: 'issue_linked', issueKey: null, issueId: '1' }, LATER);
    expect(again.id).toBe(first.id);
  });

  it('gives a different id to a different sequence, key result or site', () => {
    const base = buildKeyResultProgressUpdated(ORIGIN, agg, rulesOf(weights()), CAUSE, NOW).id;
    expect(buildKeyResultProgressUpdated(ORIGIN, { ...agg, sequence: 8 }, rulesOf(weights()), CAUSE, NOW).id).not.toBe(base);
    expect(buildKeyResultProgressUpdated(ORIGIN, { ...agg, keyResultId: 'kr-2' }, rulesOf(weights()), CAUSE, NOW).id).not.toBe(base);
    expect(buildKeyResultProgressUpdated({ cloudId: 'other-cloud', epoch: EPOCH }, agg, rulesOf(weights()), CAUSE, NOW).id).not.toBe(base);
  });

  it('gives a reinstalled app (a later epoch) new ids for the same key result and sequence', () => {
    const before = buildKeyResultProgressUpdated(ORIGIN, agg, rulesOf(weights()), CAUSE, NOW);
    const after = buildKeyResultProgressUpdated({ cloudId: CLOUD_ID, epoch: EPOCH + 86_400_000 }, agg, rulesOf(weights()), CAUSE, NOW);
    expect(after.id).not.toBe(before.id);
    expect(after.data).toMatchObject({ epoch: EPOCH + 86_400_000, sequence: before.data.sequence });
  });

  it('does not collide with a status-changed id built from the same strings', () => {
    const progress = buildKeyResultProgressUpdated(ORIGIN, aggregate({ keyResultId: '10073', sequence: 10094 }), rulesOf(weights()), CAUSE, NOW);
    const status = buildIssueStatusChanged(CLOUD_ID, statusChange({ issueId: '10073', changelogId: '10094' }), 'new', NOW);
    expect(progress.id).not.toBe(status.id);
  });

  it('copies counts and weights: mutating the inputs afterwards does not change the event', () => {
    const inputAggregate = aggregate({ counts: counts({ new: 1, indeterminate: 1 }), sequence: 2 });
    const inputWeights = weights({ todo: 10, inProgress: 40, done: 90 });
    const event = buildKeyResultProgressUpdated(ORIGIN, inputAggregate, rulesOf(inputWeights), CAUSE, NOW);
    inputAggregate.counts.done = 5;
    inputAggregate.sequence = 99;
    inputWeights.done = 100;
    expect(event.data.counts).toEqual({ new: 1, indeterminate: 1, done: 0 });
    expect(event.data.weights).toEqual({ todo: 10, inProgress: 40, done: 90 });
    expect(event.data.sequence).toBe(2);
    expect(event.data.counts).not.toBe(inputAggregate.counts);
    expect(event.data.weights).not.toBe(inputWeights);
  });

  it('writes only the three weights, even if the object it is given carries more', () => {
    const extended = { ...weights(), colour: 'red' };
    expect(Object.keys(buildKeyResultProgressUpdated(ORIGIN, agg, rulesOf(extended), CAUSE, NOW).data.weights).sort()).toEqual(['done', 'inProgress', 'todo']);
  });

  it('sends progress null (not 0) for a key result with no issues', () => {
    const { data } = buildKeyResultProgressUpdated(ORIGIN, aggregate({ sequence: 4 }), rulesOf(weights()), { kind: 'issue_unlinked', issueKey: null, issueId: '10073' }, NOW);
    expect(data).toMatchObject({ progress: null, weightedSum: 0, issueCount: 0, counts: { new: 0, indeterminate: 0, done: 0 } });
    expect(data.cause).toEqual({ kind: 'issue_unlinked', issueKey: null, issueId: '10073' });
  });

  it('carries each kind of cause through unchanged', () => {
    const causes: ProgressCause[] = [CAUSE, { kind: 'issue_linked', issueKey: null, issueId: '10073' }, { kind: 'issue_unlinked', issueKey: null, issueId: '10073' }];
    for (const cause of causes) {
      expect(buildKeyResultProgressUpdated(ORIGIN, agg, rulesOf(weights()), cause, NOW).data.cause).toEqual(cause);
    }
  });

  it('reports progress, weightedSum and issueCount exactly as computeProgress does, over random inputs', () => {
    const random = mulberry32(42);
    for (let run = 0; run < 200; run += 1) {
      const todo = randomInt(random, 0, 98);
      const inProgress = randomInt(random, todo + 1, 99);
      const w = weights({ todo, inProgress, done: randomInt(random, inProgress + 1, 100) });
      const c = counts({ new: randomInt(random, 0, 20), indeterminate: randomInt(random, 0, 20), done: randomInt(random, 0, 20) });
      const { data } = buildKeyResultProgressUpdated(ORIGIN, aggregate({ counts: c, sequence: run }), rulesOf(w), CAUSE, NOW);
      expect({ progress: data.progress, weightedSum: data.weightedSum, issueCount: data.issueCount, excludedIssueCount: data.excludedIssueCount }).toEqual(computeProgress(c, rulesOf(w)));
      expect(data.issueCount).toBe(data.counts.new + data.counts.indeterminate + data.counts.done);
      expect(data.weightedSum).toBe(data.counts.new * data.weights.todo + data.counts.indeterminate * data.weights.inProgress + data.counts.done * data.weights.done);
    }
  });
});

describe('toUtcIso', () => {
  it.each([
    ['2021-01-20T15:58:12.797+1100', '2021-01-20T04:58:12.797Z'],
    ['2021-01-20T15:58:12.797-0530', '2021-01-20T21:28:12.797Z'],
    ['2021-01-20T15:58:12.797+11:00', '2021-01-20T04:58:12.797Z'],
    ['2021-01-20T04:58:12.797Z', '2021-01-20T04:58:12.797Z'],
  ])('turns Jira time %s into %s', (input, expected) => {
    expect(toUtcIso(input)).toBe(expected);
  });

  it.each([undefined, '', 'yesterday'])('gives null for %j', (input) => {
    expect(toUtcIso(input)).toBeNull();
  });
});
