/**
 * What the admin page's delivery log shows, as the resolvers answer it: types only, with no
 * Node or platform import, so the services (which build them) and the Custom UI (which
 * type-checks src/resolvers/admin-api.ts without Node's types) share one definition.
 */

/** The delivery summary (services/delivery-health.ts describeDeliveryHealth). */
export interface DeliveryHealthView {
  /** Nothing waits longer than its schedule, no dead letter, no refusal. */
  healthy: boolean;
  lastSuccessAt: string | null;
  lastFailureAt: string | null;
  lastFailure: string | null;
  /** The backend kept failing: no delivery is tried before this. */
  retryAt: string | null;
  backlog: number;
  deadLetters: number;
  /** backlog or deadLetters reached the count limit (1,000): there may be more. */
  countsCapped: boolean;
  oldestUndeliveredAt: string | null;
  /** The backend refused our credentials (401/403): deliveries wait for a new Connect. */
  reconnectNeeded: boolean;
}

/** One attempt of the log; `outcome` is the record's state after it ('test' for a Send test event). */
export interface DeliveryAttemptView {
  id: string;
  type: string;
  keyResultId: string | null;
  outcome: 'delivered' | 'retrying' | 'dead' | 'paused' | 'test';
  at: string;
  attempts: number;
  status: number | null;
  latencyMs: number | null;
  error: string | null;
}

export interface DeadLetterView {
  id: string;
  type: string;
  keyResultId: string | null;
  createdAt: string;
  deadAt: string | null;
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
}

export interface DeliveryLogView {
  health: DeliveryHealthView;
  /** The latest attempts, newest first (at most 50). */
  recent: DeliveryAttemptView[];
  /** The oldest dead letters (at most 50); health.deadLetters counts them all. */
  deadLetters: DeadLetterView[];
}

export interface TestEventResult {
  delivered: boolean;
  status: number | null;
  latencyMs: number;
  message: string;
}
