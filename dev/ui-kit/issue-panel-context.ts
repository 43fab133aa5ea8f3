/**
 * What Jira answers to `view.getContext()` inside the app's issue panel, and the invoke
 * route that hands the panel's resolver calls to the local platform the way Forge does
 * (the module key, the caller, and the viewed issue in `extension`, never from the page).
 */
import type { LocalForgePlatform } from '../platform/local-platform';

export const ISSUE_PANEL_MODULE_KEY = 'okr-key-results-panel';

export interface PanelIssue {
  id: string;
  key: string;
  /** The issue type's name, as Jira puts it in the panel's context ("Story", "Bug"…). */
  type?: string;
}

export interface IssuePanelContextOptions {
  accountId: string;
  cloudId: string;
  issue: PanelIssue;
  siteUrl?: string;
  project?: { id: string; key: string; type?: string };
  environmentType?: 'DEVELOPMENT' | 'STAGING' | 'PRODUCTION';
}

/** A jira:issuePanel context: the fields the Forge docs list for it, with the viewed issue under `extension`. */
export function issuePanelContext(options: IssuePanelContextOptions): Record<string, unknown> {
  const projectKey = options.issue.key.split('-')[0] ?? '';
  return {
    accountId: options.accountId,
    cloudId: options.cloudId,
    siteUrl: options.siteUrl ?? 'https://okr-sync-sandbox.atlassian.net',
    localId: ISSUE_PANEL_MODULE_KEY,
    moduleKey: ISSUE_PANEL_MODULE_KEY,
    environmentId: 'local-environment',
    environmentType: options.environmentType ?? 'DEVELOPMENT',
    locale: 'en-US',
    timezone: 'UTC',
    extension: {
      type: 'jira:issuePanel',
      issue: { id: options.issue.id, key: options.issue.key, type: options.issue.type ?? 'Task' },
      project: options.project ?? { id: '10000', key: projectKey, type: 'software' },
      isNewToIssue: false,
    },
  };
}

/** `(functionKey, payload) => answer`: where the shim sends the panel's `invoke` calls. */
export type InvokeRoute = (functionKey: string, payload: unknown) => Promise<unknown>;

/**
 * The panel's resolver as Forge runs it: through the local platform, as `accountId`, with
 * the issue panel's extension context. Pass it to captureUiKitRender as `invoke`.
 */
export function routeInvokeToPlatform(platform: LocalForgePlatform, accountId: string, issue: PanelIssue): InvokeRoute {
  const extension = { type: 'jira:issuePanel', issue: { id: issue.id, key: issue.key, type: issue.type ?? 'Task' } };
  return (functionKey, payload) => platform.invokeResolver(ISSUE_PANEL_MODULE_KEY, functionKey, payload ?? {}, accountId, { extension });
}
