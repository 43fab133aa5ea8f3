import type { LifecycleEventType } from '../domain/app-lifecycle';
import { handleLifecycleEvent } from '../services/handle-lifecycle-event';
import { guardTrigger } from './guard-trigger';

/**
 * Forge's lifecycle events become `app.installed` / `app.upgraded` webhooks: recorded now,
 * sent once a workspace is connected (the install always comes before the first Connect).
 * One trigger module per event (manifest.yml): the documented payloads carry no
 * `eventType`, so the module is what says which event arrived. Over the storage budget on
 * its last retries, the event goes to the queue like any product event.
 */
const onLifecycleEvent = (subscribedTo: LifecycleEventType, event: unknown, context: unknown): Promise<unknown> =>
  guardTrigger(event, context, (_eventType, cloudId) => handleLifecycleEvent(subscribedTo, event, cloudId), subscribedTo);

/** avi:forge:installed:app */
export const onAppInstalled = (event: unknown, context: unknown): Promise<unknown> => onLifecycleEvent('avi:forge:installed:app', event, context);

/** avi:forge:upgraded:app (Forge sends it for major version upgrades only) */
export const onAppUpgraded = (event: unknown, context: unknown): Promise<unknown> => onLifecycleEvent('avi:forge:upgraded:app', event, context);
