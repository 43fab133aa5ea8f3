/** Putting the app in its demo state the way people would: an admin connects, issues get linked. */
import { peekSettings } from './site-view';
import { DEMO_WORKSPACE } from '../demo/demo-directory';
import { runInvocation } from '../platform/forge-globals';
import type { LocalForgePlatform } from '../platform/local-platform';
import { linkIssueToKeyResult } from '../../src/services/link-issue';
import { ADMIN_MODULE_KEY } from './admin-page';
import { DEMO_LINKS } from './demo-site';
import { SandboxStartError } from './start-error';

type ResolverAnswer = { ok: true; data: unknown } | { ok: false; error: { code: string; message: string } };

export async function callAdminResolver(platform: LocalForgePlatform, adminAccountId: string, key: string, payload: unknown): Promise<void> {
  const answer = (await platform.invokeResolver(ADMIN_MODULE_KEY, key, payload, adminAccountId)) as ResolverAnswer | undefined;
  if (!answer?.ok) {
    const reason = answer && !answer.ok ? `${answer.error.code}: ${answer.error.message}` : 'no answer';
    throw new SandboxStartError(`Connecting the app to the reference backend failed (${key} → ${reason}). Start with --unconnected to connect by hand on the admin page.`, 'connect-failed');
  }
}

/** What an admin does on the admin page: Connect with the demo credentials, then turn progress updates on. */
export async function connectAsAdmin(platform: LocalForgePlatform, backendUrl: string, adminAccountId: string): Promise<void> {
  await callAdminResolver(platform, adminAccountId, 'admin.connect', { email: DEMO_WORKSPACE.email, serverUrl: backendUrl, apiToken: DEMO_WORKSPACE.apiToken });
  await callAdminResolver(platform, adminAccountId, 'admin.setProgressUpdates', { enabled: true });
}

/** Links the demo issues to their key results through the app's own service, inside an invocation. */
export async function linkDemoIssues(platform: LocalForgePlatform): Promise<void> {
  await runInvocation({ functionKey: 'sandbox-seed', moduleKey: 'sandbox-seed', accountId: undefined, timeoutMillis: 60_000 }, async () => {
    for (const { keyResultId, issueKeys } of DEMO_LINKS) {
      for (const key of issueKeys) {
        const issue = platform.site.findIssue(key);
        if (issue) await linkIssueToKeyResult({ keyResultId, issueId: issue.id, cloudId: platform.cloudId, actor: { kind: 'system', reason: 'sandbox demo seed' } });
      }
    }
  });
}

export function connectionOf(platform: LocalForgePlatform): { serverUrl: string } | undefined {
  const settings = peekSettings(platform.kvs) as { connection?: { serverUrl?: unknown } | null } | undefined;
  const serverUrl = settings?.connection?.serverUrl;
  return typeof serverUrl === 'string' ? { serverUrl } : undefined;
}

export const sameOrigin = (a: string, b: string) => {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
};
