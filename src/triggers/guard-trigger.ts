import { InvocationError, InvocationErrorCode } from '@forge/events';
import { TransientError } from '../domain/app-errors';
import { cloudIdFromInstallContext } from '../domain/install-context';
import { readString } from '../domain/read-json';
import { logEvent } from '../adapters/log';
import { storageRateLimited } from '../adapters/storage-rate-limit';
import { pushWorkMessages } from '../adapters/work-queue';
import type { ReplayedTrigger } from '../domain/work-message';
import { isObject, retryCountOf } from '../domain/read-json';

/**
 * From this retry on, a storage refusal hands the event to the queue. Forge does not
 * document how often it retries a product event (the harness gives four retries), so this
 * is early enough for a lower count too: handing over early is only a little slower.
 */
const LAST_TRIGGER_RETRIES = 2;

async function handToQueue(trigger: ReplayedTrigger, event: unknown): Promise<boolean> {
  if (!isObject(event)) return false;
  const { retryContext: _retry, ...fresh } = event;
  const { failed, reason } = await pushWorkMessages([{ message: { kind: 'replay-event', trigger, event: fresh } }]);
  logEvent(failed.length === 0 ? 'trigger.handed-to-queue' : 'trigger.not-handed-to-queue', { eventType: readString(event, 'eventType'), ...(reason ? { reason } : {}) });
  return failed.length === 0;
}

/**
 * What every product-event trigger does around its work: the site comes from the
 * invocation's installContext (never the payload), and a transient failure asks the
 * platform for the event again, after the wait Jira asked for (at most 15 minutes).
 */
export async function guardTrigger(event: unknown, context: unknown, work: (eventType: string | undefined, cloudId: string) => Promise<unknown>, replayAs?: ReplayedTrigger): Promise<unknown> {
  const eventType = readString(event, 'eventType');
  const cloudId = cloudIdFromInstallContext(readString(context, 'installContext'));
  if (!cloudId) {
    logEvent('trigger.ignored', { eventType, reason: 'no cloud id in installContext' });
    return undefined;
  }
  try {
    return await work(eventType, cloudId);
  } catch (error) {
    const storageBusy = storageRateLimited(error);
    // Forge retries a product event a few times only: near the end, over the storage budget,
    // the event goes to the queue (retried for 24 hours) rather than being dropped.
    if (storageBusy && replayAs && retryCountOf(event) >= LAST_TRIGGER_RETRIES && (await handToQueue(replayAs, event))) return undefined;
    const transient = error instanceof TransientError ? error : storageBusy;
    if (transient) {
      logEvent('trigger.retry', { eventType, reason: transient.message });
      return new InvocationError({
        // Jira's wait when it named one (Retry-After, else X-RateLimit-Reset), else 30-60 s, jittered so a refused burst spreads out.
        retryAfter: Math.min(transient.retryAfterSeconds ?? 30 + Math.floor(30 * Math.random()), 900),
        retryReason: transient.upstreamRateLimited ? InvocationErrorCode.FUNCTION_UPSTREAM_RATE_LIMITED : InvocationErrorCode.FUNCTION_RETRY_REQUEST,
      });
    }
    throw error;
  }
}
