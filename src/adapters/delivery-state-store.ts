import { kvs } from '@forge/kvs';
import type { DeliveryAttemptView } from '../domain/delivery-views';
import { type Transaction, createEmptyRecord, isConditionFailure, unchangedSince, withCounter } from './compare-and-set';
import { DELIVERY_HEALTH_KEY, DELIVERY_LEASE_ENTITY, DELIVERY_LEASE_KEY, DELIVERY_RECENT_KEY, DELIVERY_WANTED_KEY } from './storage-keys';

/**
 * How the backend has been answering, across deliveries: when it last took one, the last
 * failure, and the circuit: after a run of failures no walk sends before `retryAt`
 * (growing like the retry schedule, at most five minutes), so a backend that is down gets one probe per wait,
 * not one request per owed event.
 */
export interface DeliveryHealth {
  lastSuccessAt: number | null;
  lastFailureAt: number | null;
  lastFailure: string | null;
  /** Walks in a row that stopped on a failure (0 while the backend answers). */
  failedWalks: number;
  retryAt: number | null;
  /**
   * When the backend took an event again after failing. Events whose waits began before
   * then are due at once: they waited for the backend, which is back (their own failures
   * after it keep their schedule). Without this, each key result's backlog would sit
   * behind its first event's ten-hour wait.
   */
  recoveredAt: number | null;
}

export const HEALTHY: DeliveryHealth = { lastSuccessAt: null, lastFailureAt: null, lastFailure: null, failedWalks: 0, retryAt: null, recoveredAt: null };

export async function loadDeliveryHealth(): Promise<DeliveryHealth> {
  return { ...HEALTHY, ...((await kvs.get<Partial<DeliveryHealth>>(DELIVERY_HEALTH_KEY)) ?? {}) };
}

/** Written by the walk holding the lease, so one writer at a time: no condition needed. */
export async function saveDeliveryHealth(health: DeliveryHealth): Promise<void> {
  await kvs.set(DELIVERY_HEALTH_KEY, health);
}

interface Lease {
  revision: number;
  holder: string;
  until: number;
}

const readLease = async (): Promise<Lease | undefined> => withCounter(await kvs.entity<Lease>(DELIVERY_LEASE_ENTITY).get(DELIVERY_LEASE_KEY), 'revision');

/** A lease as its holder knows it: the revision it wrote, which its release is conditional on. */
export interface HeldLease {
  holder: string;
  revision: number;
  until: number;
}

const leaseWrite = (revision: number, holder: string, until: number) =>
  [DELIVERY_LEASE_KEY, { revision: revision + 1, holder, until } satisfies Lease, { entityName: DELIVERY_LEASE_ENTITY, conditions: unchangedSince<Lease>('revision', revision) }] as const;

/** Writes the lease if nobody changed it since `revision` was read; false when someone did. */
async function replaceLease(revision: number, holder: string, until: number): Promise<boolean> {
  for (let attempt = 1; attempt <= 2; attempt += 1) {
    try {
      await kvs.transact().set(...leaseWrite(revision, holder, until)).execute();
      return true;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      // The very first lease, on a platform that refuses conditions on missing records (compare-and-set.ts).
      if (revision !== 0 || attempt === 2 || (await readLease()) !== undefined) return false;
      await createEmptyRecord(DELIVERY_LEASE_ENTITY, DELIVERY_LEASE_KEY);
    }
  }
  return false;
}

/**
 * One delivery walk at a time: the lease is the claim on everything the walk sends, so
 * two invocations never deliver a record at once, and per-key-result order stays cheap.
 * Taken under a condition on the lease's revision, so of two walks starting at once only
 * one runs. It lapses by itself if its holder dies; a holder sends nothing it could not
 * finish before its lease ends (see deliverOwedWebhooks).
 */
export async function takeDeliveryLease(holder: string, now: number, seconds: number): Promise<HeldLease | undefined> {
  const current = await readLease();
  if (current && current.until > now && current.holder !== holder) return undefined;
  const revision = current?.revision ?? 0;
  const until = now + seconds * 1000;
  return (await replaceLease(revision, holder, until)) ? { holder, revision: revision + 1, until } : undefined;
}

export async function isDeliveryLeaseHeld(now: number): Promise<boolean> {
  const current = await readLease();
  return current !== undefined && current.until > now;
}

export async function releaseDeliveryLease(holder: string): Promise<void> {
  const current = await readLease();
  if (current?.holder === holder) await replaceLease(current.revision, '', 0);
}

/** The release as part of the walk's last transaction: it fails the whole if the lease was taken over meanwhile. */
export const addLeaseRelease = (tx: Transaction, lease: HeldLease): Transaction => tx.set(...leaseWrite(lease.revision, '', 0));

/** The health, as part of the walk's last transaction (the walk holds the lease: one writer). */
export const addDeliveryHealth = (tx: Transaction, health: DeliveryHealth): Transaction => tx.set(DELIVERY_HEALTH_KEY, health);

/** Leaves word for the walk that holds the lease: something new is owed (see askForDelivery). */
export async function noteDeliveryWanted(now: number): Promise<void> {
  await kvs.set(DELIVERY_WANTED_KEY, { at: now });
}

/** Whether anything was owed since `since`, clearing the note. */
export async function takeDeliveryWanted(since: number): Promise<boolean> {
  const note = await kvs.get<{ at: number }>(DELIVERY_WANTED_KEY);
  if (!note) return false;
  await kvs.delete(DELIVERY_WANTED_KEY);
  return note.at >= since;
}

/** One attempt as the admin's delivery log lists it (no body: bodies carry site data and can be large). */
export interface DeliveryAttemptRow {
  id: string;
  type: string;
  keyResultId: string | null;
  /** The record's state after this attempt ('test' for a Send test event). */
  outcome: DeliveryAttemptView['outcome'];
  at: number;
  attempts: number;
  status: number | null;
  latencyMs: number | null;
  error: string | null;
}

/** The log keeps the latest attempts only: enough to see what is happening now. */
export const RECENT_ATTEMPTS_KEPT = 50;

export async function loadRecentAttempts(): Promise<DeliveryAttemptRow[]> {
  return (await kvs.get<DeliveryAttemptRow[]>(DELIVERY_RECENT_KEY)) ?? [];
}

const withRecent = async (rows: DeliveryAttemptRow[]): Promise<DeliveryAttemptRow[]> => [...rows].sort((a, b) => b.at - a.at).concat(await loadRecentAttempts()).slice(0, RECENT_ATTEMPTS_KEPT);

/** Written once per walk (newest first), not per attempt: the log costs one write however much a walk sent. */
export async function recordRecentAttempts(rows: DeliveryAttemptRow[]): Promise<void> {
  if (rows.length === 0) return;
  await kvs.set(DELIVERY_RECENT_KEY, await withRecent(rows));
}

/** The same, as part of the walk's last transaction. */
export async function addRecentAttempts(tx: Transaction, rows: DeliveryAttemptRow[]): Promise<Transaction> {
  return rows.length === 0 ? tx : tx.set(DELIVERY_RECENT_KEY, await withRecent(rows));
}
