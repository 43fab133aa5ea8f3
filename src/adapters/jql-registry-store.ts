import { kvs } from '@forge/kvs';
import { createEmptyRecord, isConditionFailure, unchangedSince } from './compare-and-set';
import { EMPTY_JQL_REGISTRY, type JqlLink, type JqlRegistry } from '../domain/jql-link';
import { JQL_REGISTRY_ENTITY, JQL_REGISTRY_KEY } from './storage-keys';
import { ConcurrentUpdateError } from './key-result-store';

interface JqlRegistryRecord {
  revision: number;
  links: JqlLink[];
}

export async function loadJqlRegistry(): Promise<JqlRegistry> {
  const record = await kvs.entity<JqlRegistryRecord>(JQL_REGISTRY_ENTITY).get(JQL_REGISTRY_KEY);
  if (!record || !Array.isArray(record.links)) return EMPTY_JQL_REGISTRY;
  return { revision: record.revision, links: record.links };
}

/** Replaces the registry if nobody did since `before` was read; else ConcurrentUpdateError (read again, decide again). */
export async function saveJqlRegistry(before: JqlRegistry, after: JqlRegistry): Promise<void> {
  const condition = unchangedSince<JqlRegistryRecord>('revision', before.revision);
  try {
    await kvs
      .transact()
      .set(JQL_REGISTRY_KEY, { revision: after.revision, links: after.links }, { entityName: JQL_REGISTRY_ENTITY, conditions: condition })
      .execute();
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    // The first registration, on a platform that refuses conditions on missing records: the next attempt finds one.
    if (before.revision === 0) await createEmptyRecord(JQL_REGISTRY_ENTITY, JQL_REGISTRY_KEY);
    throw new ConcurrentUpdateError('The JQL links changed meanwhile');
  }
}
