/**
 * The three kinds of failure the app distinguishes; each maps to one behaviour, decided
 * in one place per entry point: transient → retry later (after `retryAfterSeconds` when
 * known), permanent → record and stop, configuration → tell the admin.
 */
export class TransientError extends Error {
  constructor(
    message: string,
    readonly retryAfterSeconds: number | undefined = undefined,
    /** Jira (or another upstream) rate-limited us, as opposed to failing. */
    readonly upstreamRateLimited = false,
  ) {
    super(message);
    this.name = 'TransientError';
  }
}

export class PermanentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentError';
  }
}

export class ConfigurationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigurationError';
  }
}
