import { kvs } from '@forge/kvs';
import { KVS_TRANSACTION_OPERATIONS, type Operation, applyOperations, isConditionFailure } from './compare-and-set';
import { type DeliveryAttemptRow, type DeliveryHealth, type HeldLease, addDeliveryHealth, addLeaseRelease, addRecentAttempts, recordRecentAttempts, releaseDeliveryLease, saveDeliveryHealth } from './delivery-state-store';
import { logEvent } from './log';
import { type OutboxChange, outboxChangeOperations, saveOutboxOutcome } from './outbox-store';

/** Room kept in the walk's last transaction for the health, the latest attempts and the lease's release. */
const CLOSING_OPERATIONS = 3;

/**
 * What a delivery walk writes, gathered into transactions: KVS counts a transaction as
 * one write request against the installation's budget, however many records it changes,
 * so a walk's outcomes cost a request per batch instead of one per record. The last
 * transaction also carries the health, the delivery log's latest attempts and the
 * lease's release. A batch refused because one record changed meanwhile (only a walk
 * whose lease lapsed can cause that) is written record by record, so the others stand.
 * A walk that dies before writing a batch leaves those records pending: they are sent
 * again under the same webhook-id, which receivers de-duplicate.
 */
export class DeliveryWalkWrites {
  private changes: OutboxChange[] = [];
  private operations: Operation[] = [];

  constructor(private readonly lease: HeldLease) {}

  /** Adds a record's change; writes the batch first if the change would not fit. */
  async add(change: OutboxChange): Promise<void> {
    const operations = outboxChangeOperations(change);
    if (this.operations.length + operations.length > KVS_TRANSACTION_OPERATIONS - CLOSING_OPERATIONS) await this.writeBatch();
    this.changes.push(change);
    this.operations.push(...operations);
  }

  /** The walk's last write: what is left of its changes, its health (if changed), its attempts, and the lease's release. */
  async finish(health: DeliveryHealth | undefined, rows: DeliveryAttemptRow[]): Promise<void> {
    let tx = applyOperations(kvs.transact(), this.operations);
    if (health) tx = addDeliveryHealth(tx, health);
    tx = await addRecentAttempts(tx, rows);
    tx = addLeaseRelease(tx, this.lease);
    try {
      await tx.execute();
      this.clear();
      return;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
    await this.writeOneByOne();
    if (health) await saveDeliveryHealth(health);
    await recordRecentAttempts(rows);
    await releaseDeliveryLease(this.lease.holder);
  }

  private async writeBatch(): Promise<void> {
    if (this.changes.length === 0) return;
    try {
      await applyOperations(kvs.transact(), this.operations).execute();
      this.clear();
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      await this.writeOneByOne();
    }
  }

  private async writeOneByOne(): Promise<void> {
    for (const { before, after, markerKey } of this.changes) {
      if (!(await saveOutboxOutcome(before, after, markerKey))) {
        logEvent('delivery.outcome-not-recorded', { messageId: after.id, reason: 'another delivery changed the record first; its account stands' });
      }
    }
    this.clear();
  }

  private clear(): void {
    this.changes = [];
    this.operations = [];
  }
}
