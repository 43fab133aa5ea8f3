import { isSelected } from '../adapters/access-store';
import { loadSettings } from '../adapters/settings-store';

/**
 * May this user link Jira issues to key results? Everyone may, unless an admin chose
 * "Allow selected users"; then only the stored selection may. The account id must come
 * from the invocation context, never from a payload.
 */
export async function mayLinkIssues(accountId: string | undefined): Promise<boolean> {
  if (!accountId) return false;
  const settings = await loadSettings();
  if (settings.access.mode === 'all') return true;
  return isSelected(accountId);
}
