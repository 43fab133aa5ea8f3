/** The KVS service's error answers, in the wire format @forge/kvs parses ({ code, message }). */
export interface KvsReply {
  status: number;
  body?: unknown;
}

export class KvsFault extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }

  toReply(): KvsReply {
    return { status: this.status, body: { code: this.code, message: this.message } };
  }
}

export const keyNotFound = () => new KvsFault(404, 'KEY_NOT_FOUND', 'Provided key does not exist');
export const badRequest = (message: string, code = 'BAD_REQUEST') => new KvsFault(400, code, message);
/** Transactions whose condition fails answer 400 CONDITIONAL_CHECK_FAILED (KVS REST reference). */
export const conditionFailed = (message: string) => new KvsFault(400, 'CONDITIONAL_CHECK_FAILED', message);
/** `keyPolicy: FAIL_IF_EXISTS` on an existing key answers 409 KEY_CONFLICT. */
export const keyExists = (key: string) => new KvsFault(409, 'KEY_CONFLICT', `Key "${key}" already exists`);
