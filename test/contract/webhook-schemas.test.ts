/**
 * The webhook contract: the JSON Schemas in schemas/webhooks/v1 against the payloads the
 * real builders produce, and docs/webhooks.md against both. Every "fails" case is a drift
 * the schemas must catch; every "passes" case guards against schemas stricter than the
 * app's real output.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Webhook } from 'standardwebhooks';
import { type StatusChange, classifyIssueUpdate } from '../../src/domain/classify-issue-event';
import { computeProgress } from '../../src/domain/compute-progress';
import { RETRY_SCHEDULE_SECONDS } from '../../src/domain/delivery-policy';
import type { KeyResultAggregate } from '../../src/domain/key-result-state';
import { DEFAULT_PROGRESS_WEIGHTS, type ProgressWeights, WEIGHT_FIELDS } from '../../src/domain/progress-weights';
import { type CategoryCounts, STATUS_CATEGORY_KEYS, type StatusCategoryKey, normaliseStatusCategoryKey } from '../../src/domain/status-category';
import {
  type ProgressCause,
  WEBHOOK_EVENT_TYPES,
  WEBHOOK_SCHEMA_VERSION,
  type WebhookEvent,
  buildAppInstalled,
  buildAppUpgraded,
  buildIssueStatusChanged,
  buildKeyResultProgressUpdated,
  buildPing,
} from '../../src/domain/webhook-events';
import type { LifecycleRecord } from '../../src/domain/app-lifecycle';
import {
  EXAMPLE_CLOUD_ID,
  EXAMPLE_EPOCH,
  EXAMPLE_INSTALL_RECORD,
  EXAMPLE_ORIGIN,
  EXAMPLE_UPGRADE_RECORD,
  EXAMPLE_MINIMAL_STATUS_CHANGE,
  EXAMPLE_NOW,
  EXAMPLE_STATUS_CHANGE,
  countDocMarkers,
  extractDocBlocks,
  renderDocExamples,
  replaceDocBlocks,
  signatureTestVector,
  webhookDocEventExamples,
} from './webhook-doc-examples';
import {
  WEBHOOK_SCHEMA_DIR,
  assertValidWebhookPayload,
  createWebhookAjv,
  readWebhookSchemaFiles,
  readWebhookSchemaIndex,
  validateWebhookPayload,
} from './webhook-schema-validator';

const DOC_PATH = path.resolve(__dirname, '../../docs/webhooks.md');
const SCHEMA_BASE = 'https://okr-sync.example/schemas/webhooks/v1/';

type Json = Record<string, unknown>;

/** The body as the receiver sees it: the app sends JSON.stringify(event). */
const wire = (event: WebhookEvent): Json => JSON.parse(JSON.stringify(event)) as Json;
const dataOf = (body: Json): Json => body['data'] as Json;

const statusChange = (overrides: Partial<StatusChange> = {}): StatusChange => ({ ...EXAMPLE_STATUS_CHANGE, ...overrides });
const statusEvent = (overrides: Partial<StatusChange> = {}, category: StatusCategoryKey = 'indeterminate'): Json =>
  wire(buildIssueStatusChanged(EXAMPLE_CLOUD_ID, statusChange(overrides), category, EXAMPLE_NOW));

/** One cause of every kind: the Record makes tsc fail when ProgressCause gains or loses a kind. */
const CAUSES: { [K in ProgressCause['kind']]: Extract<ProgressCause, { kind: K }> } = {
  issue_status_changed: { kind: 'issue_status_changed', issueId: '10042', issueKey: 'OKR-17', changelogId: '10231' },
  issue_linked: { kind: 'issue_linked', issueId: '10042', issueKey: 'OKR-17' },
  issue_unlinked: { kind: 'issue_unlinked', issueId: '10042', issueKey: null },
  issue_deleted: { kind: 'issue_deleted', issueId: '10042', issueKey: 'OKR-17' },
  reconciled: { kind: 'reconciled', issueId: '10042', issueKey: null },
  issue_unreachable: { kind: 'issue_unreachable', issueId: '10042', issueKey: null },
  weights_changed: { kind: 'weights_changed' },
  sync_started: { kind: 'sync_started' },
  jql_matched: { kind: 'jql_matched', issueId: '10042', issueKey: 'OKR-17' },
  jql_unmatched: { kind: 'jql_unmatched', issueId: '10042', issueKey: null },
  jql_changed: { kind: 'jql_changed' },
  reconciled_in_bulk: { kind: 'reconciled_in_bulk' },
  resync_requested: { kind: 'resync_requested' },
};
const ALL_CAUSES: ProgressCause[] = Object.values(CAUSES);

const progressEvent = (
  counts: CategoryCounts = { new: 2, indeterminate: 3, done: 1 },
  options: { weights?: ProgressWeights; cause?: ProgressCause; sequence?: number; keyResultId?: string } = {},
): Json => {
  const aggregate: KeyResultAggregate = { keyResultId: options.keyResultId ?? 'kr-42', counts, sequence: options.sequence ?? 7 };
  return wire(buildKeyResultProgressUpdated({ cloudId: EXAMPLE_CLOUD_ID, epoch: EXAMPLE_EPOCH }, aggregate, { weights: options.weights ?? DEFAULT_PROGRESS_WEIGHTS, statusRules: [] }, options.cause ?? CAUSES.issue_linked, EXAMPLE_NOW));
};

/** A copy of `body` with `change` applied to the object at `pointer` (slash-separated). */
function mutate(body: Json, pointer: string, change: (target: Json) => void): Json {
  const copy = structuredClone(body);
  let target: Json = copy;
  for (const part of pointer.split('/').filter(Boolean)) target = target[part] as Json;
  change(target);
  return copy;
}

const expectValid = (body: unknown): void => {
  expect(validateWebhookPayload(body)).toEqual([]);
};

/** Fails unless validation reports an error whose text contains every fragment. */
const expectError = (body: unknown, ...fragments: string[]): void => {
  const errors = validateWebhookPayload(body);
  expect(errors.length).toBeGreaterThan(0);
  expect(errors).toEqual(expect.arrayContaining([expect.stringMatching(new RegExp(fragments.map(escapeRegExp).join('.*')))]));
};
const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('the schema files', () => {
  const files = readWebhookSchemaFiles();
  const index = readWebhookSchemaIndex();

  it('are draft 2020-12 with an $id that names their own file', () => {
    expect([...files.keys()]).toEqual([
      'activity.recorded.schema.json',
      'app.installed.schema.json',
      'app.upgraded.schema.json',
      'envelope.schema.json',
      'issue.status_changed.schema.json',
      'key_result.issue_linked.schema.json',
      'key_result.issue_unlinked.schema.json',
      'key_result.progress_updated.schema.json',
      'ping.schema.json',
      'usage.report.schema.json',
    ]);
    for (const [name, schema] of files) {
      expect(schema['$schema']).toBe('https://json-schema.org/draft/2020-12/schema');
      expect(schema['$id']).toBe(`${SCHEMA_BASE}${name}`);
    }
  });

  it('compile under ajv strict mode (unknown keywords, formats or $refs are errors)', () => {
    const ajv = createWebhookAjv();
    for (const schema of files.values()) ajv.addSchema(schema);
    for (const schema of files.values()) expect(() => ajv.getSchema(schema['$id'] as string)).not.toThrow();
    for (const schema of files.values()) expect(ajv.getSchema(schema['$id'] as string)).toBeInstanceOf(Function);
  });

  it('index.json lists exactly WEBHOOK_EVENT_TYPES, each with an existing schema for that type', () => {
    expect(index.events.map((entry) => entry.type).sort()).toEqual([...WEBHOOK_EVENT_TYPES].sort());
    expect(new Set(index.events.map((entry) => entry.type)).size).toBe(index.events.length);
    expect(index.baseUri).toBe(SCHEMA_BASE);
    expect(files.has(index.envelope)).toBe(true);
    for (const entry of index.events) {
      expect(entry.schema).toBe(`${entry.type}.schema.json`);
      const schema = files.get(entry.schema) as { properties: { type: { const: string } } } | undefined;
      expect(schema?.properties.type.const).toBe(entry.type);
    }
    // Nothing in the directory that the index does not account for.
    expect([...files.keys()].sort()).toEqual([index.envelope, ...index.events.map((entry) => entry.schema)].sort());
  });

  it('carry the version, category keys, weight fields and cause kinds of src/domain', () => {
    const envelope = files.get('envelope.schema.json') as Json;
    const progress = files.get('key_result.progress_updated.schema.json') as Json;
    const envelopeProps = envelope['properties'] as Record<string, Json>;
    const envelopeDefs = envelope['$defs'] as Record<string, Json>;
    const progressDefs = progress['$defs'] as Record<string, Json>;
    const dataProps = progressDefs['data']?.['properties'] as Record<string, Json>;
    expect(index.schemaVersion).toBe(WEBHOOK_SCHEMA_VERSION);
    expect(envelopeProps['schemaVersion']?.['const']).toBe(WEBHOOK_SCHEMA_VERSION);
    expect(envelopeDefs['statusCategoryKey']?.['enum']).toEqual([...STATUS_CATEGORY_KEYS]);
    expect(Object.keys(dataProps['counts']?.['properties'] as Json)).toEqual([...STATUS_CATEGORY_KEYS]);
    expect(Object.keys(dataProps['weights']?.['properties'] as Json)).toEqual([...WEIGHT_FIELDS]);
    const causeKinds = (dataProps['cause']?.['oneOf'] as Array<{ $ref: string }>).map((ref) => {
      const def = progressDefs[ref.$ref.replace('#/$defs/', '')] as { properties: { kind: { const: string } } };
      return def.properties.kind.const;
    });
    expect(causeKinds.sort()).toEqual(Object.keys(CAUSES).sort());
  });
});

describe('issue.status_changed payloads from the real builder', () => {
  it('pass with every optional field present', () => {
    const body = statusEvent();
    expectValid(body);
    // Jira's offset without a colon is normalised to UTC ISO 8601.
    expect(dataOf(body)['changedAt']).toBe('2025-03-14T09:26:52.104Z');
  });

  it('pass with every optional field absent (sent as null)', () => {
    const body = wire(buildIssueStatusChanged(EXAMPLE_CLOUD_ID, EXAMPLE_MINIMAL_STATUS_CHANGE, 'new', EXAMPLE_NOW));
    expectValid(body);
    expect(dataOf(body)).toMatchObject({ issue: { key: null, projectId: null }, from: { statusId: null, name: null }, actorAccountId: null, changedAt: null });
  });

  it.each(STATUS_CATEGORY_KEYS)('pass for target category %s', (category) => {
    expectValid(statusEvent({}, category));
  });

  it('pass for the legacy category "undefined", sent as new', () => {
    const category = normaliseStatusCategoryKey('undefined');
    expect(category).toBe('new');
    expectValid(statusEvent({}, category));
  });

  it.each([
    ['ISO 8601 in UTC', '2025-03-14T09:26:52.104Z'],
    ['an offset with a colon', '2025-03-14T10:26:52+01:00'],
    ["Jira's offset without a colon", '2021-01-20T15:58:12.797+1100'],
  ])('pass with changedAt as %s', (_label, changedAt) => {
    expectValid(statusEvent({ changedAt }));
  });

  it('pass when built from a Forge avi:jira:updated:issue event through classifyIssueUpdate', () => {
    const classified = classifyIssueUpdate({
      eventType: 'avi:jira:updated:issue',
      atlassianId: '557058:f58131cb-b67d-43c7-b30d-6b58d40bd077',
      issue: {
        id: 10073,
        key: 'SP-10',
        fields: {
          updated: '2021-01-20T15:58:12.797+1100',
          project: { id: '10000', key: 'SP' },
          status: { id: '10001', name: 'Done', statusCategory: { id: 3, key: 'done' } },
        },
      },
      changelog: { id: 10231, items: [{ field: 'status', fieldId: 'status', from: '3', fromString: 'In Progress', to: '10001', toString: 'Done' }] },
    });
    if (classified.kind !== 'status-changed') throw new Error(`expected a status change, got ${classified.kind}`);
    const { change } = classified;
    expect(change.toCategoryKey).toBe('done');
    expectValid(wire(buildIssueStatusChanged(EXAMPLE_CLOUD_ID, change, change.toCategoryKey ?? 'new', EXAMPLE_NOW)));
  });

  it('keep one id per logical event: same issue and changelog, same id; another changelog, another id', () => {
    const first = statusEvent();
    const later = wire(buildIssueStatusChanged(EXAMPLE_CLOUD_ID, statusChange(), 'indeterminate', new Date('2025-03-15T00:00:00Z')));
    expect(later['id']).toBe(first['id']);
    expect(statusEvent({ changelogId: '10232' })['id']).not.toBe(first['id']);
    expect(wire(buildIssueStatusChanged('another-site', statusChange(), 'indeterminate', EXAMPLE_NOW))['id']).not.toBe(first['id']);
  });
});

describe('key_result.progress_updated payloads from the real builder', () => {
  it('pass with no issue linked: progress null, not 0', () => {
    const body = progressEvent({ new: 0, indeterminate: 0, done: 0 }, { cause: CAUSES.issue_unlinked });
    expectValid(body);
    expect(dataOf(body)).toMatchObject({ progress: null, weightedSum: 0, issueCount: 0 });
  });

  it('pass with issues in every category', () => {
    const body = progressEvent({ new: 2, indeterminate: 3, done: 1 });
    expectValid(body);
    expect(dataOf(body)).toMatchObject({ progress: 41.67, weightedSum: 250, issueCount: 6 });
  });

  it.each(ALL_CAUSES)('pass with cause $kind', (cause) => {
    const body = progressEvent(undefined, { cause });
    expectValid(body);
    expect(dataOf(body)['cause']).toEqual(cause);
  });

  it.each([
    ['all done at 100', { new: 0, indeterminate: 0, done: 4 }, DEFAULT_PROGRESS_WEIGHTS, 100],
    ['all to do at 0', { new: 5, indeterminate: 0, done: 0 }, DEFAULT_PROGRESS_WEIGHTS, 0],
    ['a third, rounded', { new: 2, indeterminate: 0, done: 1 }, DEFAULT_PROGRESS_WEIGHTS, 33.33],
    ['two thirds, rounded up', { new: 1, indeterminate: 0, done: 2 }, DEFAULT_PROGRESS_WEIGHTS, 66.67],
    ['extreme weights', { new: 1, indeterminate: 1, done: 1 }, { todo: 98, inProgress: 99, done: 100 }, 99],
    ['many issues', { new: 4000, indeterminate: 2500, done: 3501 }, { todo: 0, inProgress: 1, done: 100 }, 35.26],
  ])('pass with %s', (_label, counts, weights, progress) => {
    const body = progressEvent(counts, { weights });
    expectValid(body);
    expect(dataOf(body)['progress']).toBe(progress);
  });

  it('pass for every small combination of counts, weights and causes, with progress = weightedSum / issueCount', () => {
    const weightSets: ProgressWeights[] = [DEFAULT_PROGRESS_WEIGHTS, { todo: 10, inProgress: 40, done: 100 }, { todo: 0, inProgress: 1, done: 2 }];
    let checked = 0;
    for (let n = 0; n <= 3; n += 1) {
      for (let i = 0; i <= 3; i += 1) {
        for (let d = 0; d <= 3; d += 1) {
          for (const weights of weightSets) {
            for (const cause of ALL_CAUSES) {
              const body = progressEvent({ new: n, indeterminate: i, done: d }, { weights, cause, sequence: checked + 1 });
              const errors = validateWebhookPayload(body);
              if (errors.length > 0) throw new Error(`counts ${n}/${i}/${d}, weights ${JSON.stringify(weights)}: ${errors.join('; ')}`);
              const data = dataOf(body) as { progress: number | null; weightedSum: number; issueCount: number };
              expect(data.weightedSum).toBe(n * weights.todo + i * weights.inProgress + d * weights.done);
              expect(data.issueCount).toBe(n + i + d);
              if (data.issueCount === 0) expect(data.progress).toBeNull();
              else {
                // Two decimals, within half a hundredth of the exact value.
                const progress = data.progress as number;
                expect(Math.abs(progress * 100 - Math.round(progress * 100))).toBeLessThan(1e-6);
                expect(Math.abs(progress - data.weightedSum / data.issueCount)).toBeLessThanOrEqual(0.005 + 1e-9);
              }
              checked += 1;
            }
          }
        }
      }
    }
    expect(checked).toBe(4 * 4 * 4 * 3 * ALL_CAUSES.length);
  });

  it('agree with computeProgress, the function the app uses everywhere', () => {
    const counts = { new: 3, indeterminate: 4, done: 2 };
    expect(dataOf(progressEvent(counts))).toMatchObject(computeProgress(counts, { weights: DEFAULT_PROGRESS_WEIGHTS, statusRules: [] }));
  });

  it('keep one id per (site, key result, sequence)', () => {
    const first = progressEvent(undefined, { sequence: 3 });
    expect(progressEvent({ new: 9, indeterminate: 0, done: 0 }, { sequence: 3 })['id']).toBe(first['id']);
    expect(progressEvent(undefined, { sequence: 4 })['id']).not.toBe(first['id']);
    expect(progressEvent(undefined, { sequence: 3, keyResultId: 'kr-43' })['id']).not.toBe(first['id']);
  });
});

describe('app.installed and app.upgraded payloads from the real builders', () => {
  const installed = (overrides: Partial<LifecycleRecord> = {}): Json => wire(buildAppInstalled(EXAMPLE_ORIGIN, { ...EXAMPLE_INSTALL_RECORD, ...overrides }, EXAMPLE_NOW));
  const upgraded = (overrides: Partial<LifecycleRecord> = {}): Json => wire(buildAppUpgraded(EXAMPLE_ORIGIN, { ...EXAMPLE_UPGRADE_RECORD, ...overrides }, EXAMPLE_NOW));

  it('pass with every field Forge can give', () => {
    expectValid(installed());
    expectValid(upgraded());
  });

  it('pass when Forge named no account or environment and the runtime no environment type (sent as null)', () => {
    const lean = { accountId: null, environmentId: null, environmentType: null };
    expectValid(installed(lean));
    expectValid(upgraded({ ...lean, previousVersion: null }));
    expect(dataOf(upgraded({ ...lean, previousVersion: null }))).toMatchObject({ upgraderAccountId: null, previousVersion: null, environment: { id: null, type: null } });
  });

  it('pass for every environment type the runtime names', () => {
    for (const environmentType of ['DEVELOPMENT', 'STAGING', 'PRODUCTION']) expectValid(installed({ environmentType }));
  });

  it('fail on drift: a missing field, an extra one, a bad epoch or time, a lower-case environment type', () => {
    for (const field of ['installationId', 'appId', 'version', 'installerAccountId', 'environment', 'epoch', 'installedAt']) {
      expectError(mutate(installed(), 'data', (data) => delete data[field]), '/data', `must have required property '${field}'`);
    }
    for (const field of ['previousVersion', 'upgraderAccountId', 'upgradedAt']) {
      expectError(mutate(upgraded(), 'data', (data) => delete data[field]), '/data', `must have required property '${field}'`);
    }
    expectError(mutate(installed(), 'data', (data) => (data['previousVersion'] = '1.0.0')), '/data', '"previousVersion"');
    expectError(mutate(installed(), 'data/environment', (environment) => (environment['key'] = 'x')), '/data/environment', '"key"');
    expectError(mutate(installed(), 'data', (data) => (data['epoch'] = -1)), '/data/epoch', 'must be >= 0');
    expectError(mutate(installed(), 'data', (data) => (data['installedAt'] = 'an hour ago')), '/data/installedAt', 'must match format "date-time"');
    expectError(mutate(upgraded(), 'data/environment', (environment) => (environment['type'] = 'production')), '/data/environment/type', 'must match pattern');
    expectError(mutate(upgraded(), 'data', (data) => (data['version'] = '')), '/data/version', 'must NOT have fewer than 1 characters');
  });
});

describe('ping payloads from the real builder', () => {
  const ping = wire(buildPing(EXAMPLE_CLOUD_ID, EXAMPLE_NOW, 'nonce-1'));

  it('pass, with a one-word type the envelope accepts', () => {
    expectValid(ping);
    expect(ping['type']).toBe('ping');
  });

  it('are each their own event: another nonce, another id', () => {
    expect(wire(buildPing(EXAMPLE_CLOUD_ID, EXAMPLE_NOW, 'nonce-2'))['id']).not.toBe(ping['id']);
  });

  it('fail with data other than a message', () => {
    expectError(mutate(ping, 'data', (data) => delete data['message']), '/data', "must have required property 'message'");
    expectError(mutate(ping, 'data', (data) => (data['keyResultId'] = 'kr-1')), '/data', '"keyResultId"');
  });

  it('the envelope still refuses type names of another form', () => {
    expectError(mutate(ping, '', (body) => (body['type'] = 'Ping')), '/type', 'must match pattern');
    expectError(mutate(ping, '', (body) => (body['type'] = 'app.installed.v2')), '/type', 'must match pattern');
  });
});

describe('drift the schemas must catch', () => {
  const status = statusEvent();
  const progress = progressEvent();

  it.each(['id', 'type', 'schemaVersion', 'timestamp', 'cloudId', 'data'])('a missing envelope field: %s', (field) => {
    expectError(mutate(progress, '', (body) => delete body[field]), `must have required property '${field}'`);
  });

  it.each(['issue', 'changelogId', 'from', 'to', 'actorAccountId', 'changedAt'])('a missing issue.status_changed data field: %s', (field) => {
    expectError(mutate(status, 'data', (data) => delete data[field]), '/data', `must have required property '${field}'`);
  });

  it.each(['keyResultId', 'sequence', 'progress', 'weightedSum', 'issueCount', 'counts', 'weights', 'cause'])(
    'a missing key_result.progress_updated data field: %s',
    (field) => {
      expectError(mutate(progress, 'data', (data) => delete data[field]), '/data', `must have required property '${field}'`);
    },
  );

  it('a missing nested field (to.categoryKey, counts.done, weights.todo)', () => {
    expectError(mutate(status, 'data/to', (to) => delete to['categoryKey']), '/data/to', "'categoryKey'");
    expectError(mutate(progress, 'data/counts', (counts) => delete counts['done']), '/data/counts', "'done'");
    expectError(mutate(progress, 'data/weights', (weights) => delete weights['todo']), '/data/weights', "'todo'");
  });

  it('an optional field left out instead of sent as null', () => {
    expectError(mutate(status, 'data/issue', (issue) => delete issue['key']), '/data/issue', "'key'");
  });

  it('an extra field in data, in nested objects and at the top level', () => {
    expectError(mutate(status, 'data', (data) => (data['summary'] = 'Ship it')), '/data', 'must NOT have additional properties', '"summary"');
    expectError(mutate(progress, 'data', (data) => (data['percent'] = 41)), '/data', '"percent"');
    expectError(mutate(status, 'data/issue', (issue) => (issue['self'] = 'https://x')), '/data/issue', '"self"');
    expectError(mutate(progress, 'data/counts', (counts) => (counts['undefined'] = 1)), '/data/counts', '"undefined"');
    expectError(mutate(progress, 'data/cause', (cause) => (cause['changelogId'] = '1')), '/data/cause');
    expectError(mutate(progress, '', (body) => (body['tenant'] = 'x')), '(body)', 'must NOT have unevaluated properties', '"tenant"');
  });

  it('a wrong status category key', () => {
    expectError(mutate(status, 'data/to', (to) => (to['categoryKey'] = 'undefined')), '/data/to/categoryKey', 'must be equal to one of the allowed values');
    expectError(mutate(status, 'data/to', (to) => (to['categoryKey'] = 'In Progress')), '/data/to/categoryKey');
  });

  it('progress out of range or inconsistent with issueCount', () => {
    expectError(mutate(progress, 'data', (data) => (data['progress'] = 101)), '/data/progress', 'must be <= 100');
    expectError(mutate(progress, 'data', (data) => (data['progress'] = -0.01)), '/data/progress', 'must be >= 0');
    expectError(mutate(progress, 'data', (data) => (data['progress'] = '41.67')), '/data/progress', 'must be number,null');
    expectError(mutate(progress, 'data', (data) => (data['progress'] = null)), '/data/progress', 'must be number');
    const empty = progressEvent({ new: 0, indeterminate: 0, done: 0 });
    expectError(mutate(empty, 'data', (data) => (data['progress'] = 0)), '/data/progress', 'must be null');
    expectError(mutate(empty, 'data/counts', (counts) => (counts['done'] = 1)), '/data/counts/done', 'must be equal to constant');
  });

  it('negative or fractional counts and totals', () => {
    expectError(mutate(progress, 'data/counts', (counts) => (counts['new'] = -1)), '/data/counts/new', 'must be >= 0');
    expectError(mutate(progress, 'data/counts', (counts) => (counts['done'] = 1.5)), '/data/counts/done', 'must be integer');
    expectError(mutate(progress, 'data', (data) => (data['issueCount'] = -6)), '/data/issueCount', 'must be >= 0');
    expectError(mutate(progress, 'data', (data) => (data['weightedSum'] = 250.5)), '/data/weightedSum', 'must be integer');
  });

  it('weights outside whole numbers 0..100', () => {
    expectError(mutate(progress, 'data/weights', (weights) => (weights['done'] = 101)), '/data/weights/done', 'must be <= 100');
    expectError(mutate(progress, 'data/weights', (weights) => (weights['todo'] = -1)), '/data/weights/todo', 'must be >= 0');
    expectError(mutate(progress, 'data/weights', (weights) => (weights['inProgress'] = 50.5)), '/data/weights/inProgress', 'must be integer');
  });

  it('a sequence below 1 or not an integer', () => {
    expectError(mutate(progress, 'data', (data) => (data['sequence'] = 0)), '/data/sequence', 'must be >= 1');
    expectError(mutate(progress, 'data', (data) => (data['sequence'] = '7')), '/data/sequence', 'must be integer');
  });

  it('an unknown cause kind, or a cause missing its fields', () => {
    expectError(mutate(progress, 'data', (data) => (data['cause'] = { kind: 'issue_moved' })), '/data/cause', 'must match exactly one schema in oneOf');
    expectError(mutate(progress, 'data', (data) => (data['cause'] = { kind: 'issue_status_changed', issueId: '1' })), '/data/cause', "'changelogId'");
    expectError(mutate(progress, 'data', (data) => (data['cause'] = { kind: 'issue_linked', issueId: 10042 })), '/data/cause/issueId', 'must be string');
    expectError(mutate(progress, 'data', (data) => (data['cause'] = { kind: 'weights_changed', issueId: '1' })), '/data/cause', 'must match exactly one schema in oneOf');
  });

  it('malformed envelope fields', () => {
    expectError(mutate(status, '', (body) => (body['id'] = 'msg_short')), '/id', 'must match pattern');
    expectError(mutate(status, '', (body) => (body['schemaVersion'] = 2)), '/schemaVersion', 'must be equal to constant', '1');
    expectError(mutate(status, '', (body) => (body['timestamp'] = 'yesterday')), '/timestamp', 'must match format "date-time"');
    expectError(mutate(status, '', (body) => (body['timestamp'] = '2025-03-14T10:26:53+01:00')), '/timestamp', 'must match pattern');
    expectError(mutate(status, '', (body) => (body['cloudId'] = '')), '/cloudId', 'must NOT have fewer than 1 characters');
  });

  it('malformed ids and timestamps in data', () => {
    expectError(mutate(status, 'data/issue', (issue) => (issue['id'] = 'OKR-17')), '/data/issue/id', 'must match pattern');
    expectError(mutate(status, 'data', (data) => (data['changelogId'] = 10231)), '/data/changelogId', 'must be string');
    expectError(mutate(status, 'data', (data) => (data['changedAt'] = '14/03/2025 10:26')), '/data/changedAt', 'must match pattern');
    expectError(mutate(progress, 'data', (data) => (data['keyResultId'] = 'kr 42/x')), '/data/keyResultId', 'must match pattern');
  });

  it('a type that does not match its data, or no documented type at all', () => {
    expectError(mutate(status, '', (body) => (body['type'] = 'key_result.progress_updated')), '/data', "must have required property 'keyResultId'");
    expectError(mutate(status, '', (body) => (body['type'] = 'issue.deleted')), '/type "issue.deleted" is not a documented event type');
    expectError({ ...status, type: undefined }, '/type undefined is not a documented event type');
  });

  it('bodies that are not a JSON object', () => {
    expectError('{"id": ', '(body) is not valid JSON');
    expectError([status], '(body) must be a JSON object');
    expectError(null, '(body) must be a JSON object');
  });
});

describe('validateWebhookPayload as integration tests use it', () => {
  it('accepts the raw body as a string or Buffer, exactly as received', () => {
    const event = buildKeyResultProgressUpdated({ cloudId: EXAMPLE_CLOUD_ID, epoch: EXAMPLE_EPOCH }, { keyResultId: 'kr-1', counts: { new: 1, indeterminate: 0, done: 0 }, sequence: 1 }, { weights: DEFAULT_PROGRESS_WEIGHTS, statusRules: [] }, CAUSES.issue_linked, EXAMPLE_NOW);
    expectValid(JSON.stringify(event));
    expectValid(Buffer.from(JSON.stringify(event)));
    expect(() => assertValidWebhookPayload(event)).not.toThrow();
  });

  it('assertValidWebhookPayload lists every error', () => {
    const broken = mutate(progressEvent(), 'data', (data) => {
      data['progress'] = 101;
      data['sequence'] = 0;
    });
    expect(() => assertValidWebhookPayload(broken)).toThrow(/\/data\/progress must be <= 100[\s\S]*\/data\/sequence must be >= 1|\/data\/sequence must be >= 1[\s\S]*\/data\/progress must be <= 100/);
  });

  it('reads the schemas from schemas/webhooks/v1', () => {
    expect(WEBHOOK_SCHEMA_DIR).toBe(path.resolve(__dirname, '../../schemas/webhooks/v1'));
  });
});

describe('docs/webhooks.md', () => {
  const markdown = readFileSync(DOC_PATH, 'utf8');
  const blocks = extractDocBlocks(markdown);
  const rendered = renderDocExamples();

  it('has one block for every generated example and no unknown or unmatched markers', () => {
    expect(blocks.map((block) => block.name).sort()).toEqual([...rendered.keys()].sort());
    expect(countDocMarkers(markdown)).toBe(blocks.length);
  });

  it.each([...webhookDocEventExamples().keys()])('example %s is what the builders produce and passes its schema', (name) => {
    const block = blocks.find((candidate) => candidate.name === name);
    const expected = rendered.get(name);
    expect(block?.lang).toBe('json');
    const shown = JSON.parse(block?.content ?? 'null') as unknown;
    // On failure: npx tsx test/contract/update-webhook-doc-examples.ts
    expect(shown).toEqual(JSON.parse(expected?.content ?? 'null'));
    expectValid(shown);
  });

  it('shows every non-JSON example (request, signature test vector) exactly as generated', () => {
    for (const block of blocks.filter((candidate) => candidate.lang !== 'json')) {
      expect({ name: block.name, content: block.content }).toEqual({ name: block.name, content: rendered.get(block.name)?.content });
    }
    expect(replaceDocBlocks(markdown, rendered)).toBe(markdown);
  });

  it('shows an example for every event type and links every schema', () => {
    const index = readWebhookSchemaIndex();
    const exampleTypes = new Set([...webhookDocEventExamples().values()].map((event) => event.type));
    for (const type of WEBHOOK_EVENT_TYPES) {
      expect(exampleTypes.has(type)).toBe(true);
      expect(markdown).toContain(`### \`${type}\``);
    }
    for (const file of [index.envelope, ...index.events.map((entry) => entry.schema)]) {
      expect(markdown).toContain(`](../schemas/webhooks/v1/${file})`);
    }
  });

  it('lists every event type in the summary table, linked to its section and its schema', () => {
    const anchor = (type: string): string => type.replace(/\./g, '');
    for (const type of WEBHOOK_EVENT_TYPES) {
      expect(markdown).toContain(`| [\`${type}\`](#${anchor(type)}) |`);
      expect(markdown).toMatch(new RegExp(`^\\| \\[\`${escapeRegExp(type)}\`\\]\\(#${anchor(type)}\\) \\| .+ \\| \\[\`${escapeRegExp(type)}\\.schema\\.json\`\\]\\(\\.\\./schemas/webhooks/v1/${escapeRegExp(type)}\\.schema\\.json\\) \\|$`, 'm'));
    }
  });

  it('says there is no uninstall event, and that a ping changes nothing', () => {
    expect(WEBHOOK_EVENT_TYPES).not.toContain('app.uninstalled');
    expect(markdown).toContain('There is **no `app.uninstalled` event**');
    expect(markdown).toContain('**Verify it like any event, answer `2xx`, and change nothing.**');
  });

  it('documents a cause-kind row for every ProgressCause kind', () => {
    for (const kind of Object.keys(CAUSES)) expect(markdown).toMatch(new RegExp(`^\\| \`${kind}\` \\|`, 'm'));
  });

  it('states the delivery numbers the app uses', () => {
    expect(RETRY_SCHEDULE_SECONDS).toEqual([5, 300, 1800, 7200, 18000, 36000]);
    expect(markdown).toContain('5 s, 5 min, 30 min, 2 h, 5 h, then every 10 h');
    expect(markdown).toContain('**72 hours**');
    expect(markdown).toContain('no answer within **10 s**');
    expect(markdown).toContain('**5 minutes**');
  });

  it('signature test vector: the raw HMAC recipe reproduces the signature the app makes', () => {
    const vector = signatureTestVector();
    // The recipe exactly as the doc gives it, with nothing but node:crypto.
    const key = Buffer.from(vector.secret.replace(/^whsec_/, ''), 'base64');
    const signed = Buffer.concat([Buffer.from(`${vector.webhookId}.${vector.webhookTimestamp}.`), Buffer.from(vector.body, 'utf8')]);
    const expected = createHmac('sha256', key).update(signed).digest('base64');
    const matches = vector.webhookSignature.split(' ').some((entry) => {
      const [version, signature] = entry.split(',');
      return version === 'v1' && signature !== undefined && signature.length === expected.length && timingSafeEqual(Buffer.from(signature), Buffer.from(expected));
    });
    expect(matches).toBe(true);
    expect(vector.webhookSignature).toBe(`v1,${expected}`);
    // And the vector's body is the minimal example, byte for byte as sent.
    expect(JSON.parse(vector.body)).toEqual(JSON.parse(rendered.get('issue.status_changed/minimal')?.content ?? 'null'));
  });

  it('the standardwebhooks verify call the doc recommends accepts a fresh signature and refuses a tampered body or an old timestamp', () => {
    const { secret, webhookId, body } = signatureTestVector();
    const now = new Date();
    const headers = { 'webhook-id': webhookId, 'webhook-timestamp': String(Math.floor(now.getTime() / 1000)), 'webhook-signature': new Webhook(secret).sign(webhookId, now, body) };
    expect(new Webhook(secret).verify(Buffer.from(body), headers)).toEqual(JSON.parse(body));
    expect(() => new Webhook(secret).verify(body.replace('"done"', '"new"'), headers)).toThrow('No matching signature found');
    const old = new Date(now.getTime() - 6 * 60 * 1000);
    const stale = { 'webhook-id': webhookId, 'webhook-timestamp': String(Math.floor(old.getTime() / 1000)), 'webhook-signature': new Webhook(secret).sign(webhookId, old, body) };
    expect(() => new Webhook(secret).verify(body, stale)).toThrow('Message timestamp too old');
  });
});
