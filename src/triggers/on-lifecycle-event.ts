import { type LifecycleEventType, readLifecycleEvent } from '../domain/app-lifecycle';
import { cloudIdFromInstallContext } from '../domain/install-context';
import { readString } from '../domain/read-json';
import { logEvent } from '../adapters/log';
import { currentEnvironmentType } from '../adapters/runtime-context';
import { recordLifecycleEvent } from '../services/app-lifecycle';
import { guardTrigger } from './guard-trigger';

/**
 * Forge's lifecycle events become `app.installed` / `app.upgraded` webhooks: recorded now,
 * sent once a workspace is connected (the install always comes before the first Connect).
 * One trigger module per event (manifest.yml): the documented payloads carry no
 * `eventType`, so the module is what says which event arrived.
 */
async function onLifecycleEvent(subscribedTo: LifecycleEventType, event: unknown, context: unknown): Promise<unknown> {
  return guardTrigger(event, context, async (_eventType, cloudId) => {
    const facts = readLifecycleEvent(event, subscribedTo);
    if (!facts.ok) {
      logEvent('trigger.lifecycle', { eventType: subscribedTo, outcome: 'ignored', reason: facts.error });
      return undefined;
    }
    // The payload's own site (its `context`, when present) must be the invocation's.
    const claimed = readString(event, 'context');
    if (claimed !== undefined && cloudIdFromInstallContext(claimed) !== cloudId) {
      logEvent('trigger.lifecycle', { eventType: subscribedTo, outcome: 'ignored', reason: 'the event names another site than the invocation' });
      return undefined;
    }
    const outcome = await recordLifecycleEvent(facts.value, cloudId, currentEnvironmentType(), new Date());
    logEvent('trigger.lifecycle', { eventType: subscribedTo, outcome: outcome.kind, messageId: outcome.webhookId, version: facts.value.version });
    return undefined;
  });
}

/** avi:forge:installed:app */
export const onAppInstalled = (event: unknown, context: unknown): Promise<unknown> => onLifecycleEvent('avi:forge:installed:app', event, context);

/** avi:forge:upgraded:app (Forge sends it for major version upgrades only) */
export const onAppUpgraded = (event: unknown, context: unknown): Promise<unknown> => onLifecycleEvent('avi:forge:upgraded:app', event, context);
