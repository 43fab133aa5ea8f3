/**
 * One example of every webhook event type the app sends, built by the app's own payload
 * builders (src/domain/webhook-events.ts), for `npm run send-event` and the reference
 * backend's tests. The map is typed over WebhookEventType, so a new event type without an
 * example fails the type check (and test/scripts/send-event.test.ts).
 */
import { DEMO_KEY_RESULTS } from './demo/demo-directory';
import { DEFAULT_PROGRESS_WEIGHTS } from '../src/domain/progress-weights';
import {
  WEBHOOK_EVENT_TYPES,
  type WebhookEvent,
  type WebhookEventType,
  buildActivityRecorded,
  buildUsageReportPart,
  buildIssueStatusChanged,
  buildKeyResultIssueLinkChanged,
  buildKeyResultProgressUpdated,
  buildPing,
  buildAppInstalled,
  buildAppUpgraded,
  lifecycleWebhookId,
} from '../src/domain/webhook-events';
import type { LifecycleRecord } from '../src/domain/app-lifecycle';

/** The Jira site the examples claim to come from (the same one docs/webhooks.md uses). */
export const EXAMPLE_CLOUD_ID = 'a436116f-02ce-4520-8fbb-7301462a1674';
/** A key result the reference backend knows, so an example shows up on its dashboard. */
export const EXAMPLE_KEY_RESULT_ID = DEMO_KEY_RESULTS[0]?.id ?? 'kr-checkout-conversion';
const EXAMPLE_ISSUE_ID = '10042';
/** The example installation's epoch (2025-03-14T09:20:00Z, when it first connected). */
export const EXAMPLE_EPOCH = 1_741_944_000_000;

export interface WebhookExampleOptions {
  now?: Date;
  cloudId?: string;
  keyResultId?: string;
  /**
   * The progress update's sequence number, also used as the example transition's
   * changelog id. Defaults to the Unix time in seconds, so examples sent later are newer
   * and get fresh webhook ids (ids are derived from it, as the app derives them).
   */
  sequence?: number;
  /** The installation's epoch [EXAMPLE_EPOCH]: a later one stands for a reinstalled app. */
  epoch?: number;
}

interface ResolvedOptions {
  now: Date;
  cloudId: string;
  epoch: number;
  keyResultId: string;
  sequence: number;
}

type ExampleBuilders = { [T in WebhookEventType]: (options: ResolvedOptions) => Extract<WebhookEvent, { type: T }> };

const EXAMPLES: ExampleBuilders = {
  'issue.status_changed': ({ now, cloudId, sequence }) =>
    buildIssueStatusChanged(
      cloudId,
      {
        issueId: EXAMPLE_ISSUE_ID,
        issueKey: 'OKR-17',
        projectId: '10000',
        summary: 'Offer Apple Pay at checkout',
        issueTypeName: 'Story',
        projectKey: 'OKR',
        projectName: 'OKR Demo',
        siteUrl: 'https://acme.atlassian.net',
        changelogId: String(sequence),
        fromStatusId: '10000',
        fromStatusName: 'To Do',
        toStatusId: '3',
        toStatusName: 'In Progress',
        toCategoryKey: 'indeterminate',
        actorAccountId: '557058:demo-0002',
        changedAt: now.toISOString(),
      },
      'indeterminate',
      now,
    ),
  // The progress change that the transition above causes on a key result with six issues.
  'key_result.progress_updated': ({ now, cloudId, epoch, keyResultId, sequence }) =>
    buildKeyResultProgressUpdated(
      { cloudId, epoch },
      { keyResultId, sequence, counts: { new: 2, indeterminate: 3, done: 1 } },
      { weights: DEFAULT_PROGRESS_WEIGHTS, statusRules: [] },
      { kind: 'issue_status_changed', issueId: EXAMPLE_ISSUE_ID, issueKey: 'OKR-17', changelogId: String(sequence) },
      now,
    ),
  // A user linked the example issue from the issue panel; the progress update with this sequence follows.
  'key_result.issue_linked': ({ now, cloudId, epoch, keyResultId, sequence }) =>
    buildKeyResultIssueLinkChanged({ cloudId, epoch }, 'key_result.issue_linked', { keyResultId, issueId: EXAMPLE_ISSUE_ID, issueKey: 'OKR-17', actorAccountId: '557058:demo-0002', sequence }, now),
  'key_result.issue_unlinked': ({ now, cloudId, epoch, keyResultId, sequence }) =>
    buildKeyResultIssueLinkChanged({ cloudId, epoch }, 'key_result.issue_unlinked', { keyResultId, issueId: EXAMPLE_ISSUE_ID, issueKey: 'OKR-17', actorAccountId: '557058:demo-0002', sequence }, now),
  // The one part of a small site's daily usage report.
  'usage.report': ({ now, cloudId }) =>
    buildUsageReportPart(
      cloudId,
      {
        reportId: `usage-${now.toISOString().slice(0, 10)}`,
        part: 1,
        partCount: 1,
        window: { from: new Date(now.getTime() - 29 * 86_400_000).toISOString().slice(0, 10), to: now.toISOString().slice(0, 10) },
        users: [
          { accountId: '557058:demo-0002', displayName: 'Uma User', email: 'uma.user@acme.example.com', emailHidden: false, active: true, licences: [{ productKey: 'jira-software', name: 'Jira Software' }], activeDays: 12, counts: { comment: 20, worklog: 9, issue: 3, history: 41 }, lastActiveDay: now.toISOString().slice(0, 10) },
        ],
      },
      now,
    ),
  // A user commented on the example issue (the comment id follows the sequence, so each run is a new comment).
  'activity.recorded': ({ now, cloudId, sequence }) =>
    buildActivityRecorded(
      cloudId,
      { key: `comment:${sequence}:created`, action: 'comment_created', actorAccountId: '557058:demo-0002', issue: { id: EXAMPLE_ISSUE_ID, key: 'OKR-17', projectId: '10000', projectKey: 'OKR' }, occurredAt: now.toISOString() },
      now,
    ),
  // An admin clicked Send test event in the delivery log.
  ping: ({ now, cloudId, sequence }) => buildPing(cloudId, now, `example-${sequence}`),
  // The app was installed an hour before the site's first Connect (when this event is sent).
  'app.installed': ({ now, cloudId, epoch, sequence }) => buildAppInstalled({ cloudId, epoch }, lifecycleExample(cloudId, 'installed', sequence, '2.0.0', now), now),
  // The installation was upgraded to the next major version while connected.
  'app.upgraded': ({ now, cloudId, epoch, sequence }) => buildAppUpgraded({ cloudId, epoch }, lifecycleExample(cloudId, 'upgraded', sequence, '3.0.0', now), now),
};

/**
 * A lifecycle event as the app records it. The installation id follows the sequence, so
 * each run stands for another installation (and gets fresh webhook ids).
 */
function lifecycleExample(cloudId: string, kind: LifecycleRecord['kind'], sequence: number, version: string, now: Date): LifecycleRecord {
  const installationId = `fff8e466-31f4-4c73-a337-${String(sequence % 1e12).padStart(12, '0')}`;
  return {
    kind,
    installationId,
    appId: '00000000-0000-4000-8000-000000000000',
    version,
    accountId: '557058:demo-0001',
    environmentId: '23863033-1de4-4ebf-b30d-c906264a1e92',
    webhookId: lifecycleWebhookId(cloudId, kind, installationId, version),
    environmentType: 'PRODUCTION',
    previousVersion: kind === 'upgraded' ? '2.0.0' : null,
    receivedAt: new Date(now.getTime() - (kind === 'installed' ? 3_600_000 : 1_000)).toISOString(),
    queuedAt: now.toISOString(),
  };
}

export const isWebhookEventType = (value: string): value is WebhookEventType =>
  (WEBHOOK_EVENT_TYPES as readonly string[]).includes(value);

/** Every event type that has an example (the same list as WEBHOOK_EVENT_TYPES when nothing is missing). */
export const exampleEventTypes = (): string[] => Object.keys(EXAMPLES);

export function buildWebhookExample(type: WebhookEventType, options: WebhookExampleOptions = {}): WebhookEvent {
  const now = options.now ?? new Date();
  const sequence = options.sequence ?? Math.max(1, Math.floor(now.getTime() / 1000));
  if (!Number.isSafeInteger(sequence) || sequence < 1) throw new RangeError(`sequence must be a whole number of at least 1, not ${sequence}`);
  const build = EXAMPLES[type] as (o: ResolvedOptions) => WebhookEvent;
  const epoch = options.epoch ?? EXAMPLE_EPOCH;
  if (!Number.isSafeInteger(epoch) || epoch < 0) throw new RangeError(`epoch must be a whole number of at least 0, not ${epoch}`);
  return build({ now, sequence, epoch, cloudId: options.cloudId ?? EXAMPLE_CLOUD_ID, keyResultId: options.keyResultId ?? EXAMPLE_KEY_RESULT_ID });
}
