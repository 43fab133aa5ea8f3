import { kvs } from '@forge/kvs';
import type { JiraSite } from '../../dev/platform/jira/site-model';
import { KEY_RESULTS_PROPERTY_KEY } from '../../src/adapters/issue-key-results-property';
import { KEY_RESULT_ENTITY, issueLinkKey, keyResultIndexKey, linkKey } from '../../src/adapters/storage-keys';
import { type LinkedIssueState, statusCountKey } from '../../src/domain/key-result-state';
import { type CategoryCounts, emptyCounts } from '../../src/domain/status-category';

const CATEGORY_OF: Record<string, keyof CategoryCounts> = { '10000': 'new', '10001': 'new', '3': 'indeterminate', '10002': 'indeterminate', '10003': 'done', '10004': 'done' };

/**
 * Writes a key result with many linked issues in the app's own storage layout, through
 * the SDK in batches of 25, because linking 10,000 issues one by one would measure the
 * setup rather than the transition. With `site`, the issues also get the links property.
 */
export async function seedLinkedKeyResult(keyResultId: string, links: Array<{ issueId: string; statusId: string }>, site?: JiraSite): Promise<void> {
  // The issue property a real link writes (Jira's index of links), set directly on the simulated site.
  for (const { issueId } of links) {
    const current = (site?.findIssue(issueId)?.properties?.[KEY_RESULTS_PROPERTY_KEY] as { keyResultIds?: string[] } | undefined)?.keyResultIds ?? [];
    site?.setIssueProperty(issueId, KEY_RESULTS_PROPERTY_KEY, { keyResultIds: [...new Set([...current, keyResultId])].sort() });
  }
  const counts = emptyCounts();
  const statuses: Record<string, number> = {};
  // Listed like every key result the app counts, so "reconcile all" and "recalculate all" find it.
  const items: Array<{ key: string; value: unknown }> = [{ key: keyResultIndexKey(keyResultId), value: { keyResultId } }];
  for (const { issueId, statusId } of links) {
    const categoryKey = CATEGORY_OF[statusId] ?? 'new';
    counts[categoryKey] += 1;
    const key = statusCountKey(categoryKey, statusId);
    statuses[key] = (statuses[key] ?? 0) + 1;
    const state: LinkedIssueState = { keyResultId, issueId, statusId, categoryKey, version: '0' };
    items.push({ key: linkKey(keyResultId, issueId), value: state }, { key: issueLinkKey(issueId, keyResultId), value: { keyResultId } });
  }
  for (let i = 0; i < items.length; i += 25) {
    const result = await kvs.batchSet(items.slice(i, i + 25));
    if (result.failedKeys.length > 0) throw new Error(`seeding failed: ${JSON.stringify(result.failedKeys[0])}`);
  }
  await kvs.entity(KEY_RESULT_ENTITY).set(keyResultId, { keyResultId, countNew: counts.new, countIndeterminate: counts.indeterminate, countDone: counts.done, statuses, sequence: 1 });
}
