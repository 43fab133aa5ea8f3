/**
 * The examples in docs/webhooks.md, built by the real builders from fixed inputs. The
 * doc marks each example with `<!-- example: NAME -->` right before its fenced block;
 * `update-webhook-doc-examples.ts` rewrites those blocks and the contract test fails
 * when they differ, so the doc cannot drift from what the app sends.
 */
import { Webhook } from 'standardwebhooks';
import type { StatusChange } from '../../src/domain/classify-issue-event';
import type { KeyResultAggregate } from '../../src/domain/key-result-state';
import type { ProgressWeights } from '../../src/domain/progress-weights';
import {
  type ProgressCause,
  type WebhookEvent,
  buildActivityRecorded,
  buildUsageReportPart,
  buildIssueStatusChanged,
  buildKeyResultIssueLinkChanged,
  buildKeyResultProgressUpdated,
  buildAppInstalled,
  buildAppUpgraded,
  buildPing,
  lifecycleWebhookId,
} from '../../src/domain/webhook-events';
import type { LifecycleRecord } from '../../src/domain/app-lifecycle';

export const EXAMPLE_CLOUD_ID = 'a436116f-02ce-4520-8fbb-7301462a1674';
export const EXAMPLE_NOW = new Date('2025-03-14T09:26:53.589Z');
/** The example installation first connected a few minutes before the examples. */
export const EXAMPLE_EPOCH = 1_741_944_000_000;
export const EXAMPLE_ORIGIN = { cloudId: EXAMPLE_CLOUD_ID, epoch: EXAMPLE_EPOCH };
export const EXAMPLE_WEIGHTS: ProgressWeights = { todo: 0, inProgress: 50, done: 100 };
export const EXAMPLE_KEY_RESULT_ID = 'kr-2025-q1-activation';

/** A transition as classifyIssueUpdate reads it from a full Forge `avi:jira:updated:issue` event. */
export const EXAMPLE_STATUS_CHANGE: StatusChange = {
  issueId: '10042',
  issueKey: 'OKR-17',
  projectId: '10000',
  summary: 'Show onboarding checklist on first login',
  issueTypeName: 'Story',
  projectKey: 'OKR',
  projectName: 'OKR Demo',
  siteUrl: 'https://acme.atlassian.net',
  changelogId: '10231',
  fromStatusId: '10000',
  fromStatusName: 'To Do',
  toStatusId: '3',
  toStatusName: 'In Progress',
  toCategoryKey: 'indeterminate',
  actorAccountId: '5b10ac8d82e05b22cc7d4ef5',
  // Jira's own timestamp form (offset without a colon), passed through unchanged.
  changedAt: '2025-03-14T10:26:52.104+0100',
};

/** The same kind of transition from a lean event: no key, project, names, actor or time. */
export const EXAMPLE_MINIMAL_STATUS_CHANGE: StatusChange = {
  issueId: '10057',
  issueKey: undefined,
  projectId: undefined,
  summary: undefined,
  issueTypeName: undefined,
  projectKey: undefined,
  projectName: undefined,
  siteUrl: undefined,
  changelogId: '10240',
  fromStatusId: undefined,
  fromStatusName: undefined,
  toStatusId: '10002',
  toStatusName: undefined,
  toCategoryKey: undefined,
  actorAccountId: undefined,
  changedAt: undefined,
};

/** The example site's installation, as the app recorded Forge's installed event (an hour before the first Connect). */
export const EXAMPLE_INSTALLATION_ID = '8c2a7d0e-5f3b-4e61-9a7c-2b1d4e6f8a90';
const lifecycleRecord = (kind: LifecycleRecord['kind'], version: string, receivedAt: string, previousVersion: string | null): LifecycleRecord => ({
  kind,
  installationId: EXAMPLE_INSTALLATION_ID,
  appId: '406d303d-0393-4ec4-ad7c-1435be94583a',
  version,
  accountId: '5b10a2844c20165700ede219',
  environmentId: '23863033-1de4-4ebf-b30d-c906264a1e92',
  webhookId: lifecycleWebhookId(EXAMPLE_CLOUD_ID, kind, EXAMPLE_INSTALLATION_ID, version),
  environmentType: 'PRODUCTION',
  previousVersion,
  receivedAt,
  queuedAt: EXAMPLE_NOW.toISOString(),
});
export const EXAMPLE_INSTALL_RECORD = lifecycleRecord('installed', '2.0.0', '2025-03-14T08:19:42.318Z', null);
export const EXAMPLE_UPGRADE_RECORD = lifecycleRecord('upgraded', '3.0.0', '2025-03-14T09:26:50.027Z', '2.0.0');

const aggregate = (sequence: number, counts: KeyResultAggregate['counts']): KeyResultAggregate => ({
  keyResultId: EXAMPLE_KEY_RESULT_ID,
  counts,
  sequence,
});

const progressEvent = (sequence: number, counts: KeyResultAggregate['counts'], weights: ProgressWeights, cause: ProgressCause): WebhookEvent =>
  buildKeyResultProgressUpdated(EXAMPLE_ORIGIN, aggregate(sequence, counts), { weights, statusRules: [] }, cause, EXAMPLE_NOW);

/** Every event example in the doc, by marker name. */
export function webhookDocEventExamples(): Map<string, WebhookEvent> {
  return new Map<string, WebhookEvent>([
    ['issue.status_changed', buildIssueStatusChanged(EXAMPLE_CLOUD_ID, EXAMPLE_STATUS_CHANGE, 'indeterminate', EXAMPLE_NOW)],
    ['issue.status_changed/minimal', buildIssueStatusChanged(EXAMPLE_CLOUD_ID, EXAMPLE_MINIMAL_STATUS_CHANGE, 'done', EXAMPLE_NOW)],
    [
      'key_result.progress_updated/status-changed',
      progressEvent(12, { new: 2, indeterminate: 3, done: 1 }, EXAMPLE_WEIGHTS, {
        kind: 'issue_status_changed',
        issueId: EXAMPLE_STATUS_CHANGE.issueId,
        issueKey: EXAMPLE_STATUS_CHANGE.issueKey ?? null,
        changelogId: EXAMPLE_STATUS_CHANGE.changelogId,
      }),
    ],
    [
      'key_result.progress_updated/linked',
      progressEvent(1, { new: 0, indeterminate: 0, done: 1 }, { todo: 10, inProgress: 40, done: 100 }, { kind: 'issue_linked', issueId: '10063', issueKey: 'OKR-23' }),
    ],
    [
      'key_result.issue_linked',
      buildKeyResultIssueLinkChanged(EXAMPLE_ORIGIN, 'key_result.issue_linked', { keyResultId: EXAMPLE_KEY_RESULT_ID, issueId: '10063', issueKey: 'OKR-23', actorAccountId: '5b10ac8d82e05b22cc7d4ef5', sequence: 1 }, EXAMPLE_NOW),
    ],
    [
      'key_result.issue_unlinked',
      buildKeyResultIssueLinkChanged(EXAMPLE_ORIGIN, 'key_result.issue_unlinked', { keyResultId: EXAMPLE_KEY_RESULT_ID, issueId: '10063', issueKey: 'OKR-23', actorAccountId: '5b10ac8d82e05b22cc7d4ef5', sequence: 2 }, EXAMPLE_NOW),
    ],
    [
      'activity.recorded',
      buildActivityRecorded(
        EXAMPLE_CLOUD_ID,
        { key: 'comment:10200:created', action: 'comment_created', actorAccountId: '5b10ac8d82e05b22cc7d4ef5', issue: { id: '10063', key: 'OKR-23', projectId: '10000', projectKey: 'OKR' }, occurredAt: '2025-03-14T09:12:40.000Z' },
        EXAMPLE_NOW,
      ),
    ],
    [
      'usage.report',
      buildUsageReportPart(
        EXAMPLE_CLOUD_ID,
        {
          reportId: 'usage-2025-03-14T02:00:00.000Z',
          part: 1,
          partCount: 1,
          window: { from: '2025-02-13', to: '2025-03-14' },
          users: [
            { accountId: '5b10ac8d82e05b22cc7d4ef5', displayName: 'Uma User', email: null, emailHidden: true, active: true, licences: [{ productKey: 'jira-software', name: 'Jira Software' }], activeDays: 12, counts: { comment: 20, worklog: 9, issue: 3, history: 41 }, lastActiveDay: '2025-03-13' },
            { accountId: '5b10a2844c20165700ede21a', displayName: 'Gone Person', email: 'gone@acme.example.com', emailHidden: false, active: false, licences: [{ productKey: 'jira-servicedesk', name: 'Jira Service Management' }], activeDays: 0, counts: { comment: 0, worklog: 0, issue: 0, history: 0 }, lastActiveDay: null },
          ],
        },
        EXAMPLE_NOW,
      ),
    ],
    // Built by the first Connect, a second after the installation's epoch was set.
    ['app.installed', buildAppInstalled(EXAMPLE_ORIGIN, EXAMPLE_INSTALL_RECORD, new Date(EXAMPLE_EPOCH + 1_204))],
    ['app.upgraded', buildAppUpgraded(EXAMPLE_ORIGIN, EXAMPLE_UPGRADE_RECORD, EXAMPLE_NOW)],
    ['ping', buildPing(EXAMPLE_CLOUD_ID, EXAMPLE_NOW, 'docs-example')],
    [
      'key_result.progress_updated/unlinked-last-issue',
      progressEvent(2, { new: 0, indeterminate: 0, done: 0 }, { todo: 10, inProgress: 40, done: 100 }, { kind: 'issue_unlinked', issueId: '10063', issueKey: 'OKR-23' }),
    ],
  ]);
}

/** A fixed Standard Webhooks secret for the signature test vector: `whsec_` + base64 of 32 bytes. */
export const EXAMPLE_SIGNING_SECRET = `whsec_${Buffer.from('okr-sync-for-jira-docs-test-key!').toString('base64')}`;

export interface SignatureTestVector {
  secret: string;
  webhookId: string;
  webhookTimestamp: string;
  body: string;
  webhookSignature: string;
}

/** Headers and body exactly as the app would send the minimal example at EXAMPLE_NOW. */
export function signatureTestVector(): SignatureTestVector {
  const event = webhookDocEventExamples().get('issue.status_changed/minimal');
  if (!event) throw new Error('missing example issue.status_changed/minimal');
  // The app stores and sends JSON.stringify(event): compact, in builder key order.
  const body = JSON.stringify(event);
  return {
    secret: EXAMPLE_SIGNING_SECRET,
    webhookId: event.id,
    webhookTimestamp: String(Math.floor(EXAMPLE_NOW.getTime() / 1000)),
    body,
    webhookSignature: new Webhook(EXAMPLE_SIGNING_SECRET).sign(event.id, EXAMPLE_NOW, body),
  };
}

export interface RenderedBlock {
  lang: 'json' | 'text' | 'http';
  content: string;
}

/** What the fenced block after each marker must contain. */
export function renderDocExamples(): Map<string, RenderedBlock> {
  const blocks = new Map<string, RenderedBlock>();
  for (const [name, event] of webhookDocEventExamples()) blocks.set(name, { lang: 'json', content: JSON.stringify(event, null, 2) });
  const vector = signatureTestVector();
  blocks.set('signature-test-vector', {
    lang: 'text',
    content: [
      `secret:            ${vector.secret}`,
      `webhook-id:        ${vector.webhookId}`,
      `webhook-timestamp: ${vector.webhookTimestamp}`,
      `webhook-signature: ${vector.webhookSignature}`,
      `body:              ${vector.body}`,
    ].join('\n'),
  });
  blocks.set('http-request', {
    lang: 'http',
    content: [
      'POST <the webhook URL your connect endpoint returned>',
      'content-type: application/json',
      'user-agent: okr-sync-for-jira',
      `webhook-id: ${vector.webhookId}`,
      `webhook-timestamp: ${vector.webhookTimestamp}`,
      `webhook-signature: ${vector.webhookSignature}`,
      '',
      vector.body,
    ].join('\n'),
  });
  return blocks;
}

export interface DocBlock {
  name: string;
  lang: string;
  content: string;
  /** Offsets of the whole fenced block (fences included) in the markdown. */
  start: number;
  end: number;
}

const MARKER_LINE = /^<!--\s*example:\s*(\S+)\s*-->\s*$/;
const OPENING_FENCE = /^```([a-z]*)\s*$/;

/**
 * The fenced block right after every `<!-- example: NAME -->` marker (blank lines in
 * between allowed). A marker without a block, or an unclosed block, throws.
 */
export function extractDocBlocks(markdown: string): DocBlock[] {
  const lines = markdown.split('\n');
  const offsets: number[] = [];
  let offset = 0;
  for (const line of lines) {
    offsets.push(offset);
    offset += line.length + 1;
  }
  const blocks: DocBlock[] = [];
  for (let i = 0; i < lines.length; i += 1) {
    const name = MARKER_LINE.exec(lines[i] ?? '')?.[1];
    if (name === undefined) continue;
    let open = i + 1;
    while (open < lines.length && (lines[open] ?? '').trim() === '') open += 1;
    const lang = OPENING_FENCE.exec(lines[open] ?? '')?.[1];
    if (lang === undefined) throw new Error(`docs: <!-- example: ${name} --> (line ${i + 1}) is not followed by a fenced block`);
    let close = open + 1;
    while (close < lines.length && (lines[close] ?? '').trimEnd() !== '```') close += 1;
    if (close >= lines.length) throw new Error(`docs: the block of example ${name} (line ${open + 1}) is never closed`);
    const start = offsets[open] ?? 0;
    const end = (offsets[close] ?? 0) + 3;
    blocks.push({ name, lang, content: lines.slice(open + 1, close).join('\n'), start, end });
    i = close;
  }
  return blocks;
}

/** Number of `<!-- example: … -->` markers, matched to a block or not. */
export const countDocMarkers = (markdown: string): number => [...markdown.matchAll(/<!--\s*example:/g)].length;

/** The markdown with every marked block replaced by its rendering (unknown names are left alone). */
export function replaceDocBlocks(markdown: string, rendered: Map<string, RenderedBlock>): string {
  let out = '';
  let from = 0;
  for (const block of extractDocBlocks(markdown)) {
    const next = rendered.get(block.name);
    if (!next) continue;
    out += markdown.slice(from, block.start) + '```' + next.lang + '\n' + next.content + '\n```';
    from = block.end;
  }
  return out + markdown.slice(from);
}
