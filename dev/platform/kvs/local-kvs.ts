import { KvsRateMeter, type RateLimitReply } from './kvs-rate-limits';
import { evaluateConditions } from './conditions';
import { KvsFault, badRequest, conditionFailed, keyExists, keyNotFound, type KvsReply } from './kvs-errors';
import { KVS_LIMITS, checkKey, checkRequestSize, checkValue } from './kvs-limits';

interface Stored {
  value: unknown;
  createdAt: number;
  updatedAt: number;
  expireAt?: number;
}

export type EntityAttributeType = 'string' | 'boolean' | 'float' | 'integer' | 'any';
export type EntitySchemas = Record<string, Record<string, EntityAttributeType>>;

export interface KvsSnapshot {
  data: Array<[string, Stored]>;
  secrets: Array<[string, Stored]>;
  entities: Array<[string, Array<[string, Stored]>]>;
}

export interface KvsCounters {
  reads: number;
  writes: number;
  requests: number;
}

type Namespace = Map<string, Stored>;

/** Requests that read (every other path writes). Counted by request size: the docs count "10KB request" units. */
const READ_PATHS = new Set(['/api/v1/get', '/api/v1/secret/get', '/api/v1/entity/get', '/api/v1/query', '/api/v1/batch/get', '/api/v1/entity/query']);

/**
 * The Forge key-value store as one installation sees it, answering the HTTP API that
 * @forge/kvs speaks, with the documented limits: key pattern and length, value size,
 * `beginsWith`-only queries of at most 100 a page, 25-item batches and transactions,
 * secrets apart from data, and entity conditions checked atomically.
 */
export class LocalKvs {
  private data: Namespace = new Map();
  private secrets: Namespace = new Map();
  private entities = new Map<string, Namespace>();
  readonly counters: KvsCounters = { reads: 0, writes: 0, requests: 0 };

  constructor(
    private readonly options: {
      now?: () => number;
      entitySchemas?: EntitySchemas;
      onChange?: () => void;
      /**
       * How a transaction's condition on an entity record that does not exist is judged.
       * Atlassian's docs do not say: 'evaluate' reads the missing record's attributes as
       * absent (NOT_EXISTS passes), 'fail' refuses any condition on it. The app must be
       * right under both; tests run it under each.
       */
      conditionOnMissingRecord?: 'evaluate' | 'fail';
      /** Enforce the documented request rates (kvs-rate-limits.ts) [off]. */
      rateLimits?: boolean;
      /** How a rate-limit refusal looks on the wire [documented]. */
      rateLimitReply?: RateLimitReply;
    } = {},
  ) {
    this.meter = new KvsRateMeter(() => this.now(), options.rateLimitReply ?? 'documented', options.rateLimits ?? false);
  }

  /** The rate meter: `kvs.meter.unmetered(seed)` keeps a test's seeding out of the app's budget. */
  readonly meter: KvsRateMeter;

  private now(): number {
    return this.options.now ? this.options.now() : Date.now();
  }

  handle(path: string, body: unknown): KvsReply {
    this.counters.requests += 1;
    try {
      this.meter.admit(READ_PATHS.has(path) ? 'read' : 'write', Buffer.byteLength(JSON.stringify(body ?? {})));
      return this.route(path, body);
    } catch (error) {
      if (error instanceof KvsFault) return error.toReply();
      throw error;
    }
  }

  /** Reads a plain key without counting it: for tests and the sandbox's inspection views. */
  peek(key: string): unknown {
    return this.live(this.data, key)?.value;
  }

  /** Reads an entity record without counting it, likewise. */
  peekEntity(entityName: string, key: string): unknown {
    const ns = this.entities.get(entityName);
    return ns ? this.live(ns, key)?.value : undefined;
  }

  /** The keys of an entity's records, without counting, for tests and the sandbox. */
  entityKeys(entityName: string): string[] {
    const ns = this.entities.get(entityName);
    return ns ? [...ns.keys()].filter((k) => this.live(ns, k) !== undefined).sort() : [];
  }

  keys(prefix = ''): string[] {
    return [...this.data.keys()].filter((k) => k.startsWith(prefix)).sort();
  }

  hasSecret(key: string): boolean {
    return this.live(this.secrets, key) !== undefined;
  }

  snapshot(): KvsSnapshot {
    return {
      data: [...this.data.entries()],
      secrets: [...this.secrets.entries()],
      // An entity only read so far holds nothing: left out, so a read changes no snapshot.
      entities: [...this.entities.entries()].filter(([, ns]) => ns.size > 0).map(([name, ns]) => [name, [...ns.entries()]]),
    };
  }

  restore(snapshot: KvsSnapshot): void {
    this.data = new Map(snapshot.data);
    this.secrets = new Map(snapshot.secrets);
    this.entities = new Map(snapshot.entities.map(([name, entries]) => [name, new Map(entries)]));
  }

  private route(path: string, body: unknown): KvsReply {
    const b = (body ?? {}) as Record<string, unknown>;
    switch (path) {
      case '/api/v1/get':
        return this.get(this.data, b);
      case '/api/v1/secret/get':
        return this.get(this.secrets, b);
      case '/api/v1/entity/get':
        return this.get(this.entity(b['entityName']), b);
      case '/api/v1/set':
        return this.set(this.data, b, undefined);
      case '/api/v1/secret/set':
        return this.set(this.secrets, b, undefined);
      case '/api/v1/entity/set':
        return this.set(this.entity(b['entityName']), b, String(b['entityName']));
      case '/api/v1/delete':
        return this.delete(this.data, b);
      case '/api/v1/secret/delete':
        return this.delete(this.secrets, b);
      case '/api/v1/entity/delete':
        return this.delete(this.entity(b['entityName']), b);
      case '/api/v1/query':
        return this.query(b);
      case '/api/v1/batch/get':
        return this.batchGet(body);
      case '/api/v1/batch/set':
        return this.batchSet(body);
      case '/api/v1/batch/delete':
        return this.batchDelete(body);
      case '/api/v1/transaction':
        return this.transaction(b);
      default:
        throw new KvsFault(404, 'NOT_FOUND', `The local KVS does not implement ${path}`);
    }
  }

  private entity(name: unknown): Namespace {
    if (typeof name !== 'string' || name.length === 0) throw badRequest('entityName is required');
    const schemas = this.options.entitySchemas;
    if (schemas && !schemas[name]) throw badRequest(`Entity "${name}" is not declared in the manifest (app.storage.entities)`);
    let ns = this.entities.get(name);
    if (!ns) {
      ns = new Map();
      this.entities.set(name, ns);
    }
    return ns;
  }

  private checkEntityValue(entityName: string | undefined, value: unknown): void {
    const schema = entityName ? this.options.entitySchemas?.[entityName] : undefined;
    if (!entityName || !schema) return;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw badRequest(`Entity "${entityName}" values must be objects`);
    for (const [attribute, attributeValue] of Object.entries(value)) {
      const type = schema[attribute];
      if (!type) throw badRequest(`Attribute "${attribute}" is not declared for entity "${entityName}"`);
      const fits =
        type === 'any' ||
        (type === 'string' && typeof attributeValue === 'string') ||
        (type === 'boolean' && typeof attributeValue === 'boolean') ||
        (type === 'float' && typeof attributeValue === 'number') ||
        (type === 'integer' && Number.isInteger(attributeValue));
      if (!fits) throw badRequest(`Attribute "${attribute}" of entity "${entityName}" must be ${type}`);
    }
  }

  private live(ns: Namespace, key: string): Stored | undefined {
    const stored = ns.get(key);
    if (stored?.expireAt !== undefined && stored.expireAt <= this.now()) {
      ns.delete(key);
      return undefined;
    }
    return stored;
  }

  private get(ns: Namespace, b: Record<string, unknown>): KvsReply {
    const key = checkKey(b['key']);
    this.counters.reads += 1;
    const stored = this.live(ns, key);
    if (!stored) throw keyNotFound();
    return { status: 200, body: this.describe(key, stored) };
  }

  private describe(key: string, stored: Stored) {
    return {
      key,
      value: stored.value,
      createdAt: stored.createdAt,
      updatedAt: stored.updatedAt,
      ...(stored.expireAt !== undefined ? { expireTime: new Date(stored.expireAt).toISOString() } : {}),
    };
  }

  private ttlMillis(options: unknown): number | undefined {
    const ttl = (options as { ttl?: { value: number; unit: string } } | undefined)?.ttl;
    if (!ttl) return undefined;
    const unit = { SECONDS: 1e3, MINUTES: 6e4, HOURS: 3.6e6, DAYS: 8.64e7 }[ttl.unit];
    if (!unit || !(ttl.value > 0)) throw badRequest('ttl needs a positive value and a unit of SECONDS, MINUTES, HOURS or DAYS');
    return ttl.value * unit;
  }

  /** Validates one write without applying it, so batches and transactions can check first. */
  private prepareSet(ns: Namespace, b: Record<string, unknown>, entityName: string | undefined): () => KvsReply {
    const key = checkKey(b['key']);
    checkValue(b['value']);
    this.checkEntityValue(entityName, b['value']);
    const options = b['options'] as { keyPolicy?: string; returnValue?: string } | undefined;
    const ttl = this.ttlMillis(options);
    const previous = this.live(ns, key);
    if (options?.keyPolicy === 'FAIL_IF_EXISTS' && previous) throw keyExists(key);
    return () => {
      const now = this.now();
      const next: Stored = { value: b['value'], createdAt: previous?.createdAt ?? now, updatedAt: now, ...(ttl ? { expireAt: now + ttl } : {}) };
      ns.set(key, next);
      this.counters.writes += 1;
      if (options?.returnValue === 'PREVIOUS') return { status: 200, body: previous ? this.describe(key, previous) : '' };
      if (options?.returnValue === 'LATEST') return { status: 200, body: this.describe(key, next) };
      return { status: 204 };
    };
  }

  private set(ns: Namespace, b: Record<string, unknown>, entityName: string | undefined): KvsReply {
    const reply = this.prepareSet(ns, b, entityName)();
    this.options.onChange?.();
    return reply;
  }

  private delete(ns: Namespace, b: Record<string, unknown>): KvsReply {
    const key = checkKey(b['key']);
    this.counters.writes += 1;
    ns.delete(key);
    this.options.onChange?.();
    return { status: 204 };
  }

  private query(b: Record<string, unknown>): KvsReply {
    const limit = (b['limit'] as number | undefined) ?? KVS_LIMITS.defaultQueryLimit;
    if (!Number.isInteger(limit) || limit < 1 || limit > KVS_LIMITS.maxQueryLimit) {
      throw badRequest(`limit must be an integer from 1 to ${KVS_LIMITS.maxQueryLimit}`);
    }
    const where = (b['where'] as Array<{ property: string; condition: string; values: unknown[] }> | undefined) ?? [];
    if (where.length > 1) throw badRequest('Only one where clause is supported');
    const clause = where[0];
    if (clause && (clause.property !== 'key' || clause.condition !== 'BEGINS_WITH')) {
      throw badRequest('Queries support only key beginsWith');
    }
    const prefix = clause ? String(clause.values[0]) : '';
    const after = b['after'] === undefined ? undefined : decodeCursor(b['after']);
    const keys = [...this.data.keys()].filter((k) => k.startsWith(prefix) && (after === undefined || k > after)).sort();
    const page: Array<{ key: string; value: unknown }> = [];
    for (const key of keys) {
      if (page.length >= limit) break;
      const stored = this.live(this.data, key);
      if (stored) page.push({ key, value: stored.value });
    }
    this.counters.reads += Math.max(1, page.length);
    const last = page[page.length - 1];
    const more = last !== undefined && keys.indexOf(last.key) < keys.length - 1;
    return { status: 200, body: { data: page, ...(more && last ? { cursor: encodeCursor(last.key) } : {}) } };
  }

  private namespaceFor(item: Record<string, unknown>): Namespace {
    return item['entityName'] === undefined ? this.data : this.entity(item['entityName']);
  }

  private batchItems(body: unknown): Array<Record<string, unknown>> {
    if (!Array.isArray(body)) throw badRequest('Batch body must be a list');
    if (body.length === 0) throw badRequest('Batch must have at least one item');
    if (body.length > KVS_LIMITS.maxBatchItems) throw badRequest(`Batch has ${body.length} items; the limit is ${KVS_LIMITS.maxBatchItems}`);
    checkRequestSize(body);
    const seen = new Set<string>();
    for (const item of body as Array<Record<string, unknown>>) {
      const id = `${String(item['entityName'] ?? '')}\u0000${String(item['key'])}`;
      if (seen.has(id)) throw badRequest(`Key "${String(item['key'])}" appears more than once in the batch`);
      seen.add(id);
    }
    return body as Array<Record<string, unknown>>;
  }

  /** Batches succeed item by item, reporting failures per key, as the service does. */
  private batchSet(body: unknown): KvsReply {
    const successfulKeys: unknown[] = [];
    const failedKeys: unknown[] = [];
    for (const item of this.batchItems(body)) {
      const id = { key: item['key'], ...(item['entityName'] !== undefined ? { entityName: item['entityName'] } : {}) };
      try {
        const entityName = item['entityName'] === undefined ? undefined : String(item['entityName']);
        this.prepareSet(this.namespaceFor(item), item, entityName)();
        successfulKeys.push(id);
      } catch (error) {
        if (!(error instanceof KvsFault)) throw error;
        failedKeys.push({ ...id, error: { code: error.code, message: error.message } });
      }
    }
    this.options.onChange?.();
    return { status: 200, body: { successfulKeys, failedKeys } };
  }

  private batchGet(body: unknown): KvsReply {
    const successfulKeys: unknown[] = [];
    const failedKeys: unknown[] = [];
    for (const item of this.batchItems(body)) {
      const id = { key: item['key'], ...(item['entityName'] !== undefined ? { entityName: item['entityName'] } : {}) };
      try {
        const key = checkKey(item['key']);
        this.counters.reads += 1;
        const stored = this.live(this.namespaceFor(item), key);
        if (stored) successfulKeys.push({ ...id, ...this.describe(key, stored) });
        else failedKeys.push({ ...id, error: { code: 'KEY_NOT_FOUND', message: 'Provided key does not exist' } });
      } catch (error) {
        if (!(error instanceof KvsFault)) throw error;
        failedKeys.push({ ...id, error: { code: error.code, message: error.message } });
      }
    }
    return { status: 200, body: { successfulKeys, failedKeys } };
  }

  private batchDelete(body: unknown): KvsReply {
    const successfulKeys: unknown[] = [];
    for (const item of this.batchItems(body)) {
      const key = checkKey(item['key']);
      this.namespaceFor(item).delete(key);
      this.counters.writes += 1;
      successfulKeys.push({ key, ...(item['entityName'] !== undefined ? { entityName: item['entityName'] } : {}) });
    }
    this.options.onChange?.();
    return { status: 200, body: { successfulKeys, failedKeys: [] } };
  }

  /**
   * All or nothing: every condition and limit is checked before anything is written, and
   * a key may appear once. A failed condition answers 409 and changes nothing.
   */
  private transaction(b: Record<string, unknown>): KvsReply {
    const sets = (b['set'] as Array<Record<string, unknown>> | undefined) ?? [];
    const deletes = (b['delete'] as Array<Record<string, unknown>> | undefined) ?? [];
    const checks = (b['check'] as Array<Record<string, unknown>> | undefined) ?? [];
    const total = sets.length + deletes.length + checks.length;
    if (total === 0) throw badRequest('Transaction has no operations');
    if (total > KVS_LIMITS.maxTransactionOperations) {
      throw badRequest(`Transaction has ${total} operations; the limit is ${KVS_LIMITS.maxTransactionOperations}`);
    }
    checkRequestSize(b);
    const seen = new Set<string>();
    for (const op of [...sets, ...deletes, ...checks]) {
      const id = `${String(op['entityName'] ?? '')}\u0000${checkKey(op['key'])}`;
      if (seen.has(id)) throw badRequest(`Key "${String(op['key'])}" appears more than once in the transaction`);
      seen.add(id);
    }
    for (const op of [...sets, ...deletes, ...checks]) {
      if (op['conditions'] === undefined) continue;
      if (op['entityName'] === undefined) throw badRequest('Conditions are only supported on entities');
      const current = this.live(this.namespaceFor(op), String(op['key']))?.value as Record<string, unknown> | undefined;
      this.counters.reads += 1;
      const judged = current === undefined && this.options.conditionOnMissingRecord === 'fail' ? false : evaluateConditions(op['conditions'], current);
      if (!judged) {
        throw conditionFailed(`Condition on ${String(op['entityName'])} "${String(op['key'])}" was not met; nothing was written`);
      }
    }
    const writes = sets.map((op) => this.prepareSet(this.namespaceFor(op), op, op['entityName'] === undefined ? undefined : String(op['entityName'])));
    for (const write of writes) write();
    for (const op of deletes) {
      this.namespaceFor(op).delete(String(op['key']));
      this.counters.writes += 1;
    }
    this.options.onChange?.();
    return { status: 204 };
  }
}

const encodeCursor = (key: string) => Buffer.from(key, 'utf8').toString('base64url');
function decodeCursor(cursor: unknown): string {
  if (typeof cursor !== 'string') throw badRequest('Cursor must be a string');
  return Buffer.from(cursor, 'base64url').toString('utf8');
}
