import { kvs, WhereConditions } from '@forge/kvs';
import type { HistoryImportCursor, HistoryImportProgress, ImportCounts } from '../domain/history-import';
import { queryAllByPrefix } from './query-by-prefix';
import { createEmptyRecord, isConditionFailure, unchangedSince, withCounter } from './compare-and-set';
import { HISTORY_IMPORT_ENTITY, HISTORY_IMPORT_KEY, HISTORY_IMPORT_PART_PREFIX, historyImportPartKey } from './storage-keys';

/** The stored import: its progress, where the next chunk goes on, and a counter for the compare-and-set. */
export interface StoredHistoryImport {
  progress: HistoryImportProgress;
  cursor: HistoryImportCursor;
  /** Moves on with every chunk: a chunk commits only over the state it read, so one chain of chunks goes on. */
  revision: number;
}

interface StoredPart {
  importId: string;
  counts: ImportCounts;
}

export async function loadHistoryImport(): Promise<StoredHistoryImport | undefined> {
  return withCounter(await kvs.entity<StoredHistoryImport>(HISTORY_IMPORT_ENTITY).get(HISTORY_IMPORT_KEY), 'revision');
}

/** The import's progress for the admin page, or null when none ever began on this site. */
export async function loadHistoryImportProgress(): Promise<HistoryImportProgress | null> {
  return (await loadHistoryImport())?.progress ?? null;
}

/** Creates the import (revision 1) unless one exists: false then (it runs once per site). */
export async function createHistoryImport(initial: Omit<StoredHistoryImport, 'revision'>): Promise<boolean> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await kvs
        .transact()
        .set(HISTORY_IMPORT_KEY, { ...initial, revision: 1 }, { entityName: HISTORY_IMPORT_ENTITY, conditions: unchangedSince<StoredHistoryImport>('revision', 0) })
        .execute();
      return true;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      if ((await loadHistoryImport()) || attempt > 1) return false;
      // None yet, on a platform that refuses conditions on missing records: once more, over an empty one.
      await createEmptyRecord(HISTORY_IMPORT_ENTITY, HISTORY_IMPORT_KEY);
    }
  }
}

/**
 * Commits one chunk: the new state and, when it counted something, its part, in one
 * transaction over the revision it read. 'superseded': another run of the same chunk
 * (a duplicate queue event) committed first; this one's counts are dropped with it.
 */
export async function commitHistoryChunk(before: number, after: Omit<StoredHistoryImport, 'revision'>, part: { number: number; counts: ImportCounts } | null): Promise<'committed' | 'superseded'> {
  let tx = kvs.transact().set(HISTORY_IMPORT_KEY, { ...after, revision: before + 1 }, { entityName: HISTORY_IMPORT_ENTITY, conditions: unchangedSince<StoredHistoryImport>('revision', before) });
  if (part) tx = tx.set(historyImportPartKey(part.number), { importId: after.progress.importId, counts: part.counts } satisfies StoredPart);
  try {
    await tx.execute();
    return 'committed';
  } catch (error) {
    if (isConditionFailure(error)) return 'superseded';
    throw error;
  }
}

/** Every counted part of an import, in chunk order (read by the fold, a page of 20 at a time). */
export async function loadHistoryParts(importId: string): Promise<ImportCounts[]> {
  return (await queryAllByPrefix<StoredPart>(HISTORY_IMPORT_PART_PREFIX, 20)).filter((r) => r.value.importId === importId).map((r) => r.value.counts);
}

/** Deletes the parts once they are folded (up to `limit` a call; returns how many were deleted). */
export async function deleteHistoryParts(limit: number): Promise<number> {
  const page = await kvs.query().where('key', WhereConditions.beginsWith(HISTORY_IMPORT_PART_PREFIX)).limit(limit).getMany<StoredPart>();
  for (const result of page.results) await kvs.delete(result.key);
  return page.results.length;
}
