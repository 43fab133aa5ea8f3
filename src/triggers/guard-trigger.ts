import { InvocationError, InvocationErrorCode } from '@forge/events';
import { TransientError } from '../domain/app-errors';
import { cloudIdFromInstallContext } from '../domain/install-context';
import { readString } from '../domain/read-json';
import { logEvent } from '../adapters/log';
import { storageRateLimited } from '../adapters/storage-rate-limit';

/**
 * What every product-event trigger does around its work: the site comes from the
 * invocation's installContext (never the payload), and a transient failure asks the
 * platform for the event again, after the wait Jira asked for (at most 15 minutes).
 */
export async function guardTrigger(event: unknown, context: unknown, work: (eventType: string | undefined, cloudId: string) => Promise<unknown>): Promise<unknown> {
  const eventType = readString(event, 'eventType');
  const cloudId = cloudIdFromInstallContext(readString(context, 'installContext'));
  if (!cloudId) {
    logEvent('trigger.ignored', { eventType, reason: 'no cloud id in installContext' });
    return undefined;
  }
  try {
    return await work(eventType, cloudId);
  } catch (error) {
    const transient = error instanceof TransientError ? error : storageRateLimited(error);
    if (transient) {
      logEvent('trigger.retry', { eventType, reason: transient.message });
      return new InvocationError({
        retryAfter: Math.min(transient.retryAfterSeconds ?? 30, 900),
        retryReason: transient.upstreamRateLimited ? InvocationErrorCode.FUNCTION_UPSTREAM_RATE_LIMITED : InvocationErrorCode.FUNCTION_RETRY_REQUEST,
      });
    }
    throw error;
  }
}
