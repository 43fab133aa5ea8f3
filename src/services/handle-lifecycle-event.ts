import { type LifecycleEventType, readLifecycleEvent } from '../domain/app-lifecycle';
import { cloudIdFromInstallContext } from '../domain/install-context';
import { readString } from '../domain/read-json';
import { logEvent } from '../adapters/log';
import { currentEnvironmentType } from '../adapters/runtime-context';
import { recordLifecycleEvent } from './app-lifecycle';

/**
 * What a lifecycle trigger does with its event (`subscribedTo`: the trigger module says
 * which event arrived; the documented payloads carry no `eventType`); also run by the
 * queue for an event the trigger handed over (see triggers/guard-trigger.ts).
 */
export async function handleLifecycleEvent(subscribedTo: LifecycleEventType, event: unknown, cloudId: string): Promise<undefined> {
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
}
