import type { LocalForgePlatform } from '../../dev/platform/local-platform';
import type { OutboxRecord } from '../../src/adapters/outbox-store';
import { DEAD_LETTER_PREFIX, OUTBOX_ENTITY, PENDING_PREFIX } from '../../src/adapters/storage-keys';

/** Every outbox record the app holds, oldest first, read without counting as app traffic. */
export function outboxRecords(platform: LocalForgePlatform): OutboxRecord[] {
  return platform.kvs
    .entityKeys(OUTBOX_ENTITY)
    .map((key) => (platform.kvs.peekEntity(OUTBOX_ENTITY, key) as { record?: OutboxRecord } | undefined)?.record)
    .filter((r): r is OutboxRecord => r !== undefined)
    .sort((a, b) => a.createdAt - b.createdAt);
}

export const pendingMarkers = (platform: LocalForgePlatform): string[] => platform.kvs.keys(PENDING_PREFIX);
export const deadLetterMarkers = (platform: LocalForgePlatform): string[] => platform.kvs.keys(DEAD_LETTER_PREFIX);

/** The redrive, as the manifest schedules it: every five minutes. */
export const REDRIVE = 'redrive-outbox-every-5-minutes';
