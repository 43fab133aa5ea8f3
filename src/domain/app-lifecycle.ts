import { isObject, readObject, readString } from './read-json';
import { type Result, err, ok } from './result';

/**
 * Forge's own lifecycle events (developer.atlassian.com/platform/forge/events-reference/life-cycle).
 * There are two; Forge has no uninstall event (docs/webhooks.md, "When the app is uninstalled").
 */
export const LIFECYCLE_EVENT_TYPES = ['avi:forge:installed:app', 'avi:forge:upgraded:app'] as const;
export type LifecycleEventType = (typeof LIFECYCLE_EVENT_TYPES)[number];

/** What one lifecycle event says, read from its payload. */
export interface LifecycleFacts {
  kind: 'installed' | 'upgraded';
  /** The payload's `id`: the installation. */
  installationId: string;
  appId: string;
  /** The version installed, or upgraded to (Forge sends the upgraded event for major versions only). */
  version: string;
  /** Who installed (or upgraded) the app, when the payload names them. */
  accountId: string | null;
  /** The payload's `environment.id`, when present (the docs mark it optional). */
  environmentId: string | null;
}

/**
 * One lifecycle event as the app keeps it until it is queued as a webhook: at install time
 * the app is not connected yet, so nothing can be sent before the first Connect.
 */
export interface LifecycleRecord extends LifecycleFacts {
  /** The webhook id its event is sent under (also the record's storage key). */
  webhookId: string;
  /** The Forge environment type (DEVELOPMENT, STAGING, PRODUCTION) the app ran in, when the runtime said. */
  environmentType: string | null;
  /** Upgrades: the version of the installation's latest lifecycle event before this one, if the app recorded one. */
  previousVersion: string | null;
  /** When the app received the event (ISO 8601, UTC): the payload carries no time of its own. */
  receivedAt: string;
  /** When its webhook went to the outbox; null while it waits for a Connect. */
  queuedAt: string | null;
}

const MAX_TEXT = 200;
const text = (value: string | undefined): string | undefined => (value !== undefined && value.length > 0 && value.length <= MAX_TEXT ? value : undefined);

/**
 * Reads a lifecycle event delivered to the trigger subscribed to `subscribedTo`. The
 * documented payloads carry no `eventType`, so the trigger module says which event it is;
 * one that does carry an `eventType` must carry that one. The upgraded event's docs name
 * the account `installerAccountId` in their table and `upgraderAccountId` in their
 * example: either is read.
 */
export function readLifecycleEvent(event: unknown, subscribedTo: LifecycleEventType): Result<LifecycleFacts, string> {
  if (!isObject(event)) return err('the event is not an object');
  const eventType = event['eventType'];
  if (eventType !== undefined && eventType !== subscribedTo) return err(`eventType ${JSON.stringify(eventType).slice(0, 80)} is not ${subscribedTo}`);
  const installationId = text(readString(event, 'id'));
  const app = readObject(event, 'app');
  const appId = text(readString(app, 'id'));
  const version = text(readString(app, 'version'));
  if (!installationId) return err('the installation id (id) is missing');
  if (!appId || !version) return err('app.id or app.version is missing');
  const kind = subscribedTo === 'avi:forge:installed:app' ? 'installed' : 'upgraded';
  const accountId = kind === 'installed' ? text(readString(event, 'installerAccountId')) : (text(readString(event, 'upgraderAccountId')) ?? text(readString(event, 'installerAccountId')));
  return ok({ kind, installationId, appId, version, accountId: accountId ?? null, environmentId: text(readString(readObject(event, 'environment'), 'id')) ?? null });
}

/**
 * The version an upgrade comes from, as far as the app knows: the version of the latest
 * lifecycle event it recorded before (installed or upgraded). Forge sends no event for
 * minor and patch upgrades, so minor versions installed in between are not seen.
 */
export function previousVersionOf(records: readonly LifecycleRecord[], installationId: string): string | null {
  const earlier = records.filter((r) => r.installationId === installationId).sort((a, b) => (a.receivedAt < b.receivedAt ? -1 : a.receivedAt > b.receivedAt ? 1 : 0));
  return earlier.at(-1)?.version ?? null;
}

/** The records still waiting for a Connect, in the order they arrived (an install before its upgrades). */
export function unqueuedInOrder(records: readonly LifecycleRecord[]): LifecycleRecord[] {
  const rank = (r: LifecycleRecord) => (r.kind === 'installed' ? 0 : 1);
  return records.filter((r) => r.queuedAt === null).sort((a, b) => (a.receivedAt === b.receivedAt ? rank(a) - rank(b) : a.receivedAt < b.receivedAt ? -1 : 1));
}
