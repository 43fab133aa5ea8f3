/**
 * Every storage key in one place. Keys must match Forge's key pattern
 * (letters, digits, ":", ".", "_", "-", "#", spaces) and stay under 500 characters.
 */
export const SETTINGS_KEY = 'settings';
/** Where settings live since they are written under a condition (SETTINGS_KEY is the record's key there too). */
export const SETTINGS_ENTITY = 'app-settings';
export const STATUS_CATEGORIES_KEY = 'cache:status-categories';

export const OKR_API_TOKEN_SECRET = 'okr:api-token';
export const WEBHOOK_SIGNING_SECRET = 'okr:webhook-signing-secret';

/** The state of one issue inside one key result. */
export const linkKey = (keyResultId: string, issueId: string) => `kr-link:${keyResultId}:${issueId}`;
export const linksOfKeyResultPrefix = (keyResultId: string) => `kr-link:${keyResultId}:`;
/** The reverse index: which key results count this issue. Queried by prefix per event. */
export const issueLinkKey = (issueId: string, keyResultId: string) => `issue-kr:${issueId}:${keyResultId}`;
export const ISSUE_LINK_PREFIX = 'issue-kr:';
export const linksOfIssuePrefix = (issueId: string) => `${ISSUE_LINK_PREFIX}${issueId}:`;

/**
 * A linked issue's transition waiting to be applied to one key result, in Jira's order
 * (changelog ids grow across the site); the key result's consumer applies all of them in
 * one invocation (services/apply-pending-status-changes.ts).
 */
export const PENDING_STATUS_PREFIX = 'kr-status-pending:';
export const pendingStatusPrefix = (keyResultId: string) => `${PENDING_STATUS_PREFIX}${keyResultId}:`;
/** Numeric changelog ids sort by value (padded); others (never seen) only need a valid key. */
const changelogOrder = (changelogId: string) => (/^\d+$/.test(changelogId) ? changelogId.padStart(20, '0') : changelogId.replace(/[^a-zA-Z0-9._-]/g, '_'));
export const pendingStatusKey = (keyResultId: string, changelogId: string, issueId: string) => `${pendingStatusPrefix(keyResultId)}${changelogOrder(changelogId)}:${issueId}`;

/** Totals per key result live in an entity so they can be updated under a condition. */
export const KEY_RESULT_ENTITY = 'key-result-progress';

export const OUTBOX_PREFIX = 'outbox:';
export const outboxKey = (messageId: string) => `${OUTBOX_PREFIX}${messageId}`;
/** Marker of an undelivered message, ordered by creation time for the redrive job. */
export const pendingKey = (createdAtMillis: number, messageId: string) => `outbox-pending:${String(createdAtMillis).padStart(15, '0')}:${messageId}`;
export const PENDING_PREFIX = 'outbox-pending:';
/** Outbox records live in an entity (since deliveries claim them under a condition); OUTBOX_PREFIX is an older version's plain key. */
export const OUTBOX_ENTITY = 'outbox';
/** One key per dead letter, ordered by when it died, for the delivery log and Redeliver all. */
export const DEAD_LETTER_PREFIX = 'outbox-dead:';
export const deadLetterKey = (deadAtMillis: number, messageId: string) => `${DEAD_LETTER_PREFIX}${String(deadAtMillis).padStart(15, '0')}:${messageId}`;
/** The delivery walk's lease (one walk at a time), the note that work arrived while it was held, and the endpoint's health. */
export const DELIVERY_LEASE_KEY = 'delivery:lease';
/** The lease is an entity record (under DELIVERY_LEASE_KEY), taken under a condition on its revision. */
export const DELIVERY_LEASE_ENTITY = 'delivery-lease';
export const DELIVERY_WANTED_KEY = 'delivery:wanted';
export const DELIVERY_HEALTH_KEY = 'delivery:health';
/** The latest delivery attempts, for the admin's delivery log. */
export const DELIVERY_RECENT_KEY = 'delivery:recent';

/** One key per user allowed to link when access is "selected users" (a site may select thousands). */
export const accessUserKey = (accountId: string) => `access-user:${accountId}`;

/** One key per key result ever counted, so "recalculate all" can list them by prefix. */
export const keyResultIndexKey = (keyResultId: string) => `kr-index:${keyResultId}`;
export const KEY_RESULT_INDEX_PREFIX = 'kr-index:';

/** A key result's title and objective from the OKR backend, cached briefly for the issue panel. */
export const keyResultTitleKey = (keyResultId: string) => `cache:kr-title:${keyResultId}`;

/** The JQL links of the site: one record of the entity, under one key. */
export const JQL_REGISTRY_ENTITY = 'jql-registry';
export const JQL_REGISTRY_KEY = 'site';

/** Ids of inbound (backend → app) requests already accepted, kept past their 5-minute window. */
export const inboundRequestKey = (webhookId: string) => `inbound-seen:${webhookId}`;

/** The secret the OKR backend signs its calls to the web trigger with (never the outbound one). */
export const INBOUND_SIGNING_SECRET = 'okr:inbound-signing-secret';

/** Per-day activity buckets and the record of activities already counted. */
export const ACTIVITY_DAY_ENTITY = 'activity-day';
export const ACTIVITY_SEEN_ENTITY = 'activity-seen';
export const activityDayKey = (day: string, bucket: number) => `${day}:${String(bucket).padStart(2, '0')}`;

/** The history import's progress and cursor (one record), and its counted parts, one per chunk. */
export const HISTORY_IMPORT_KEY = 'history-import';
export const historyImportPartKey = (chunk: number) => `history-import-part:${String(chunk).padStart(6, '0')}`;
export const HISTORY_IMPORT_PART_PREFIX = 'history-import-part:';
export const HISTORY_IMPORT_ENTITY = 'history-import';

/** Product access read per user, one record per slice of a sync that goes on over several chunks. */
export const usageAccessPrefix = (syncId: string) => `usage-access:${syncId}:`;
export const usageAccessKey = (syncId: string, offset: number) => `${usageAccessPrefix(syncId)}${String(offset).padStart(7, '0')}`;

/** Forge lifecycle events (installed, upgraded) the app recorded, one per webhook id, until and after they are queued. */
export const LIFECYCLE_PREFIX = 'lifecycle:';
export const lifecycleKey = (webhookId: string) => `${LIFECYCLE_PREFIX}${webhookId}`;
