/** A start that cannot go on, with a message meant for a person (no stack trace). */
export class SandboxStartError extends Error {
  constructor(
    message: string,
    readonly reason: 'already-running' | 'port-in-use' | 'bad-state' | 'connect-failed',
  ) {
    super(message);
  }
}
