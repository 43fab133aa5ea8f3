import { handleIssueEvent } from '../services/handle-issue-event';
import { guardTrigger } from './guard-trigger';
import { retryCountOf } from '../domain/read-json';

/**
 * avi:jira:created|updated|deleted:issue. Status changes of linked issues drive progress;
 * a deleted issue leaves its key results at once; a created or changed issue is checked
 * against the site's JQL links (in the consumer, all of them in one Jira call).
 */
export async function onIssueEvent(event: unknown, context: unknown): Promise<unknown> {
  return guardTrigger(event, context, (eventType, cloudId) => handleIssueEvent(event, eventType, cloudId, retryCountOf(event) > 0 ? 'late' : 'live'), 'issue');
}

