import { permissions } from '@forge/api';

/** A scope the manifest always declares: the runtime granting it shows it gave the invocation its permissions. */
const DECLARED_SCOPE = 'read:jira-work';

/**
 * Whether the manifest lets the app fetch from a URL, asked before fetching
 * (`permissions.canFetchFrom`, from the invocation's granted permissions). Atlassian does
 * not document that every runtime provides those permissions; where one does not, the SDK
 * sees none and answers false for every URL (or throws "not available yet"). So a false
 * counts only when the runtime evidently granted permissions (it holds a scope the
 * manifest declares); else 'unknown', the fetch goes ahead, and a refusal is recognised by
 * the runtime's message instead (fetch-failure.ts). Either way a refused host is reported
 * as such, and an allowed one is never refused.
 */
export function egressVerdict(url: string): 'allowed' | 'refused' | 'unknown' {
  try {
    if (permissions.canFetchFrom('backend', url)) return 'allowed';
    return permissions.hasScope(DECLARED_SCOPE) ? 'refused' : 'unknown';
  } catch {
    return 'unknown';
  }
}
