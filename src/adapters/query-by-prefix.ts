import { kvs, WhereConditions } from '@forge/kvs';

/** Every plain key under a prefix with its value, read a page of `pageSize` at a time (one read each). */
export async function queryAllByPrefix<T>(prefix: string, pageSize: number): Promise<Array<{ key: string; value: T }>> {
  const found: Array<{ key: string; value: T }> = [];
  let cursor: string | undefined;
  do {
    let query = kvs.query().where('key', WhereConditions.beginsWith(prefix)).limit(pageSize);
    if (cursor) query = query.cursor(cursor);
    const page = await query.getMany<T>();
    found.push(...page.results);
    cursor = page.nextCursor;
  } while (cursor);
  return found;
}
