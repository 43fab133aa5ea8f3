import { route } from '@forge/api';
import { kvs } from '@forge/kvs';
import { isObject, readId, readObject, readString } from '../domain/read-json';
import { normaliseStatusCategoryKey, type StatusCategoryKey } from '../domain/status-category';
import { getJiraAsApp } from './jira-client';
import { STATUS_CATEGORIES_KEY } from './storage-keys';

interface CachedCategories {
  byStatusId: Record<string, StatusCategoryKey>;
  fetchedAt: string;
}

export interface SiteStatus {
  id: string;
  name: string;
  categoryKey: StatusCategoryKey;
}

/** Every status of the site with its name and category (one call; the cache is left alone). */
export async function listSiteStatuses(): Promise<SiteStatus[]> {
  const answer = await getJiraAsApp(route`/rest/api/3/status`);
  const statuses: SiteStatus[] = [];
  for (const status of Array.isArray(answer) ? answer : []) {
    const id = readId(status, 'id');
    const categoryKey = normaliseStatusCategoryKey(readString(readObject(status, 'statusCategory'), 'key'));
    if (id && categoryKey) statuses.push({ id, name: readString(status, 'name') ?? id, categoryKey });
  }
  return statuses;
}

/** Fetches every status of the site with its category: one call, whatever the site's size. */
async function fetchStatusCategories(): Promise<CachedCategories> {
  const statuses = await listSiteStatuses();
  const cached: CachedCategories = { byStatusId: Object.fromEntries(statuses.map((s) => [s.id, s.categoryKey])), fetchedAt: new Date().toISOString() };
  await kvs.set(STATUS_CATEGORIES_KEY, cached);
  return cached;
}

/**
 * Status id → category key from a cached list, refreshed only when a status is missing
 * (a new status was created). In the steady state a transition costs no Jira call.
 */
export async function resolveStatusCategory(statusId: string): Promise<StatusCategoryKey | undefined> {
  const cached = await kvs.get<unknown>(STATUS_CATEGORIES_KEY);
  const hit = isObject(cached) && isObject(cached['byStatusId']) ? (cached['byStatusId'] as Record<string, StatusCategoryKey>)[statusId] : undefined;
  if (hit) return hit;
  const fresh = await fetchStatusCategories();
  return fresh.byStatusId[statusId];
}

/**
 * Reconciliation sees each status with the category Jira gives it now. If the cache maps
 * any of them differently (an admin moved a status to another category), the whole list
 * is fetched again (one call), so live transitions stop using the old mapping.
 */
export async function refreshIfCategoriesMoved(observed: ReadonlyMap<string, StatusCategoryKey>): Promise<boolean> {
  if (observed.size === 0) return false;
  const cached = await kvs.get<unknown>(STATUS_CATEGORIES_KEY);
  const byStatusId = isObject(cached) && isObject(cached['byStatusId']) ? (cached['byStatusId'] as Record<string, StatusCategoryKey>) : undefined;
  if (!byStatusId) return false;
  const moved = [...observed].some(([statusId, key]) => byStatusId[statusId] !== undefined && byStatusId[statusId] !== key);
  if (moved) await fetchStatusCategories();
  return moved;
}
