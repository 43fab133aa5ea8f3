/**
 * The local KVS, driven through the real @forge/kvs SDK: whatever the SDK sends over
 * `__forge_fetch__` is answered by LocalKvs, and the SDK's own response handling (errors,
 * swallowed KEY_NOT_FOUND, cursors) runs unmodified. Limits and codes are the documented
 * ones (Forge "KVS limits" and "Handling errors" pages, summarised in forge-facts §8).
 */
import { Filter, FilterConditions, ForgeKvsAPIError, MetadataField, WhereConditions, kvs } from '@forge/kvs';
import { ManualClock } from '../../../dev/platform/clock';
import { LocalForgePlatform } from '../../../dev/platform/local-platform';

const ENTITY = 'key-result-progress';
const KIB = 1024;

/** The ForgeKvsAPIError a promise rejects with (fails the test if it resolves or throws something else). */
async function apiError(promise: Promise<unknown>): Promise<ForgeKvsAPIError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ForgeKvsAPIError);
    return error as ForgeKvsAPIError;
  }
  throw new Error('expected the KVS call to be refused, but it succeeded');
}

const progress = (sequence: number) => ({ keyResultId: 'kr-1', countNew: 1, countIndeterminate: 2, countDone: 3, sequence });

function nested(depth: number): Record<string, unknown> {
  let value: Record<string, unknown> = { leaf: true };
  for (let i = 1; i < depth; i += 1) value = { child: value };
  return value;
}

describe('LocalKvs through @forge/kvs', () => {
  let platform: LocalForgePlatform;
  let clock: ManualClock;

  beforeEach(async () => {
    clock = new ManualClock();
    platform = await LocalForgePlatform.start({ clock });
  });

  afterEach(async () => {
    await platform.stop();
  });

  /** Everything the store holds, to show that a refused call changed nothing (an empty entity namespace holds nothing). */
  const state = () => {
    const snapshot = platform.kvs.snapshot();
    return JSON.stringify({ ...snapshot, entities: snapshot.entities.filter(([, entries]) => entries.length > 0) });
  };

  describe('get / set / delete', () => {
    it('get of a missing key is undefined (the SDK swallows the 404 KEY_NOT_FOUND)', async () => {
      await expect(kvs.get('never:set')).resolves.toBeUndefined();
      const reply = platform.kvs.handle('/api/v1/get', { key: 'never:set' });
      expect(reply).toEqual({ status: 404, body: { code: 'KEY_NOT_FOUND', message: expect.any(String) } });
    });

    it.each([
      ['a string', 'hello'],
      ['a number', 42.5],
      ['false', false],
      ['an array', [1, 'two', { three: 3 }]],
      ['a nested object', { a: { b: { c: [true, null, 'x'] } }, n: 0 }],
    ])('set/get round-trips %s', async (_label, value) => {
      await kvs.set('round:trip', value);
      await expect(kvs.get('round:trip')).resolves.toEqual(value);
    });

    it('set overwrites; get with metadata fields returns key, value and timestamps', async () => {
      await kvs.set('meta:1', { v: 1 });
      await kvs.set('meta:1', { v: 2 });
      const result = await kvs.get('meta:1', { metadataFields: [MetadataField.CREATED_AT, MetadataField.UPDATED_AT] });
      expect(result).toEqual({ key: 'meta:1', value: { v: 2 }, createdAt: expect.any(Number), updatedAt: expect.any(Number) });
    });

    it('delete is idempotent: deleting twice, or a key that never existed, succeeds', async () => {
      await kvs.set('del:1', 'x');
      await kvs.delete('del:1');
      await kvs.delete('del:1');
      await kvs.delete('del:never');
      await expect(kvs.get('del:1')).resolves.toBeUndefined();
    });

    it('accepts every documented key character, and a key of exactly 500 characters', async () => {
      const keys = ['aZ09:._-#', 'with space', 'k'.repeat(500)];
      for (const key of keys) await kvs.set(key, key.length);
      for (const key of keys) await expect(kvs.get(key)).resolves.toBe(key.length);
    });
  });

  describe('refusals change nothing', () => {
    beforeEach(async () => {
      await kvs.set('existing', 'original');
    });

    it('a 501-character key: KEY_TOO_LONG', async () => {
      const before = state();
      const error = await apiError(kvs.set('k'.repeat(501), 'v'));
      expect(error.code).toBe('KEY_TOO_LONG');
      expect(error.responseDetails.status).toBe(400);
      expect(state()).toBe(before);
    });

    it.each(['a/b', 'a,b', 'a|b', 'a$b', 'ünï', '   '])('key %j: INVALID_KEY', async (key) => {
      const before = state();
      expect((await apiError(kvs.set(key, 'v'))).code).toBe('INVALID_KEY');
      expect(state()).toBe(before);
    });

    it('a value over 240 KiB: MAX_SIZE, and the previous value stays', async () => {
      const before = state();
      const writes = platform.kvs.counters.writes;
      expect((await apiError(kvs.set('existing', 'x'.repeat(241 * KIB)))).code).toBe('MAX_SIZE');
      expect(state()).toBe(before);
      expect(platform.kvs.counters.writes).toBe(writes);
      await expect(kvs.get('existing')).resolves.toBe('original');
      await kvs.set('existing', 'x'.repeat(239 * KIB));
      await expect(kvs.get('existing')).resolves.toHaveLength(239 * KIB);
    });

    it('keyPolicy FAIL_IF_EXISTS on an existing key: 409 KEY_CONFLICT and the value is unchanged; on a new key it writes', async () => {
      const before = state();
      const error = await apiError(kvs.set('existing', 'replacement', { keyPolicy: 'FAIL_IF_EXISTS' }));
      expect(error.code).toBe('KEY_CONFLICT');
      expect(error.responseDetails.status).toBe(409);
      expect(state()).toBe(before);
      await expect(kvs.get('existing')).resolves.toBe('original');
      await kvs.set('fresh', 'new', { keyPolicy: 'FAIL_IF_EXISTS' });
      await expect(kvs.get('fresh')).resolves.toBe('new');
    });

    it('a value nested deeper than the documented maximum depth (31/32): MAX_DEPTH', async () => {
      await kvs.set('deep:ok', nested(30));
      const before = state();
      expect((await apiError(kvs.set('deep:too', nested(40)))).code).toBe('MAX_DEPTH');
      expect(state()).toBe(before);
    });
  });

  describe('secrets', () => {
    it('setSecret/getSecret are apart from plain keys: a secret is not visible via get or query, and vice versa', async () => {
      await kvs.setSecret('token:okr', 's3cret');
      await kvs.set('plain:okr', 'public');
      await expect(kvs.getSecret('token:okr')).resolves.toBe('s3cret');
      await expect(kvs.get('token:okr')).resolves.toBeUndefined();
      await expect(kvs.getSecret('plain:okr')).resolves.toBeUndefined();
      const all = await kvs.query().limit(100).getMany();
      expect(all.results.map((r) => r.key)).toEqual(['plain:okr']);
      await kvs.set('token:okr', 'plain value, same key');
      await expect(kvs.getSecret('token:okr')).resolves.toBe('s3cret');
      await kvs.deleteSecret('token:okr');
      await expect(kvs.getSecret('token:okr')).resolves.toBeUndefined();
      await expect(kvs.get('token:okr')).resolves.toBe('plain value, same key');
    });
  });

  describe('query', () => {
    it('beginsWith with a cursor: 250 keys come in pages of at most 100, each once, in lexicographic order', async () => {
      const keys = Array.from({ length: 250 }, (_, i) => `page:${i}`);
      // Written out of order, with neighbours outside the prefix.
      for (const key of [...keys].reverse()) await kvs.set(key, { key });
      await kvs.set('pag', 0);
      await kvs.set('pagf:1', 0);
      await kvs.set('other:1', 0);

      const seen: string[] = [];
      const pageSizes: number[] = [];
      let cursor: string | undefined;
      do {
        let builder = kvs.query().where('key', WhereConditions.beginsWith('page:')).limit(100);
        if (cursor) builder = builder.cursor(cursor);
        const page = await builder.getMany<{ key: string }>();
        pageSizes.push(page.results.length);
        for (const r of page.results) expect(r.value).toEqual({ key: r.key });
        seen.push(...page.results.map((r) => r.key));
        cursor = page.nextCursor;
      } while (cursor !== undefined && pageSizes.length < 10);

      expect(pageSizes).toEqual([100, 100, 50]);
      expect(seen).toHaveLength(250);
      expect(new Set(seen).size).toBe(250);
      // Byte order: "page:10" < "page:100" < "page:11" < "page:2".
      expect(seen).toEqual([...keys].sort());
      expect(seen.slice(0, 4)).toEqual(['page:0', 'page:1', 'page:10', 'page:100']);
    });

    it('orders by byte value: digits, then upper case, then lower case', async () => {
      for (const key of ['zz:a', 'zz:B', 'zz:9', 'zz:10']) await kvs.set(key, 1);
      const page = await kvs.query().where('key', WhereConditions.beginsWith('zz:')).getMany();
      expect(page.results.map((r) => r.key)).toEqual(['zz:10', 'zz:9', 'zz:B', 'zz:a']);
    });

    it('a limit of 101 is refused; 100 is accepted', async () => {
      const error = await apiError(kvs.query().limit(101).getMany());
      expect(error.responseDetails.status).toBe(400);
      await expect(kvs.query().limit(100).getMany()).resolves.toEqual({ results: [] });
    });

    it('without where lists every plain key (not secrets, not entities); without limit a page is 10', async () => {
      for (let i = 0; i < 12; i += 1) await kvs.set(`k:${String(i).padStart(2, '0')}`, i);
      await kvs.setSecret('k:secret', 'x');
      await kvs.entity(ENTITY).set('k:entity', progress(1));
      const firstPage = await kvs.query().getMany();
      expect(firstPage.results).toHaveLength(10);
      expect(firstPage.nextCursor).toEqual(expect.any(String));
      const all = await kvs.query().limit(100).getMany();
      expect(all.results.map((r) => r.key)).toEqual(Array.from({ length: 12 }, (_, i) => `k:${String(i).padStart(2, '0')}`));
      expect(all.nextCursor).toBeUndefined();
    });
  });

  describe('batches', () => {
    const items = (n: number, prefix = 'b') => Array.from({ length: n }, (_, i) => ({ key: `${prefix}:${i}`, value: { i } }));

    it('batchSet and batchGet of 25 succeed', async () => {
      const set = await kvs.batchSet(items(25));
      expect(set.successfulKeys).toHaveLength(25);
      expect(set.failedKeys).toEqual([]);
      const got = await kvs.batchGet<{ i: number }>(items(25).map(({ key }) => ({ key })));
      expect(got.failedKeys).toEqual([]);
      expect(got.successfulKeys.map((r) => [r.key, r.value.i])).toEqual(items(25).map(({ key, value }) => [key, value.i]));
    });

    it('batchSet of 26 is refused as a whole and writes nothing; batchGet of 26 is refused', async () => {
      const before = state();
      expect((await apiError(kvs.batchSet(items(26)))).responseDetails.status).toBe(400);
      expect(state()).toBe(before);
      await kvs.batchSet(items(25));
      expect((await apiError(kvs.batchGet(items(26).map(({ key }) => ({ key }))))).responseDetails.status).toBe(400);
    });

    it('batchGet of a missing key lands in failedKeys with KEY_NOT_FOUND; the others succeed', async () => {
      await kvs.set('here:1', 'one');
      const got = await kvs.batchGet([{ key: 'here:1' }, { key: 'missing:1' }]);
      expect(got.successfulKeys).toEqual([expect.objectContaining({ key: 'here:1', value: 'one' })]);
      expect(got.failedKeys).toEqual([{ key: 'missing:1', error: { code: 'KEY_NOT_FOUND', message: expect.any(String) } }]);
    });

    it('an empty batch is refused', async () => {
      await apiError(kvs.batchSet([]));
      await apiError(kvs.batchGet([]));
    });

    it('the same key twice in one batchSet fails the batch entirely and writes nothing (docs: batch operations, error handling)', async () => {
      const before = state();
      await apiError(kvs.batchSet([{ key: 'twice:1', value: 'a' }, { key: 'other:1', value: 'b' }, { key: 'twice:1', value: 'c' }]));
      expect(state()).toBe(before);
    });

    it('the same key twice in one batchGet fails the batch entirely', async () => {
      await kvs.set('twice:get', 1);
      await apiError(kvs.batchGet([{ key: 'twice:get' }, { key: 'twice:get' }]));
    });

    it('a batchSet of 25 values totalling over the documented 4 MB request limit is refused and writes nothing', async () => {
      const before = state();
      const big = Array.from({ length: 25 }, (_, i) => ({ key: `big:${i}`, value: 'x'.repeat(200 * KIB) }));
      await apiError(kvs.batchSet(big));
      expect(state()).toBe(before);
    });
  });

  describe('ttl', () => {
    it('a key set with a ttl disappears from get and query once the platform clock passes it', async () => {
      await kvs.set('ttl:1', 'soon gone', { ttl: { value: 5, unit: 'MINUTES' } });
      await kvs.set('ttl:2', 'stays');
      const withMeta = await kvs.get('ttl:1', { metadataFields: [MetadataField.EXPIRE_TIME] });
      expect(Date.parse((withMeta as { expireTime: string }).expireTime) - clock.now()).toBeGreaterThan(4 * 60_000);
      clock.advance(4 * 60_000);
      await expect(kvs.get('ttl:1')).resolves.toBe('soon gone');
      clock.advance(61_000);
      await expect(kvs.get('ttl:1')).resolves.toBeUndefined();
      const page = await kvs.query().where('key', WhereConditions.beginsWith('ttl:')).getMany();
      expect(page.results.map((r) => r.key)).toEqual(['ttl:2']);
    });

    it('secrets expire too, and a batchSet item ttl is honoured', async () => {
      await kvs.setSecret('ttl:secret', 'x', { ttl: { value: 30, unit: 'SECONDS' } });
      await kvs.batchSet([{ key: 'ttl:batch', value: 1, options: { ttl: { value: 30, unit: 'SECONDS' } } }]);
      clock.advance(31_000);
      await expect(kvs.getSecret('ttl:secret')).resolves.toBeUndefined();
      await expect(kvs.get('ttl:batch')).resolves.toBeUndefined();
    });
  });

  describe('transactions', () => {
    beforeEach(async () => {
      await kvs.entity(ENTITY).set('kr-1', progress(5));
    });

    it('commits every operation when the entity condition holds', async () => {
      await kvs
        .transact()
        .set('plain:tx', 'written')
        .set('kr-1', progress(6), { entityName: ENTITY, conditions: new Filter<ReturnType<typeof progress>>().and('sequence', FilterConditions.equalTo(5)) })
        .execute();
      await expect(kvs.get('plain:tx')).resolves.toBe('written');
      await expect(kvs.entity(ENTITY).get('kr-1')).resolves.toEqual(progress(6));
    });

    it('all or nothing: a failed entity condition answers CONDITIONAL_CHECK_FAILED and writes nothing', async () => {
      await kvs.set('plain:doomed', 'before');
      const before = state();
      const error = await apiError(
        kvs
          .transact()
          .set('plain:doomed', 'after')
          .set('plain:new', 'x')
          .delete('plain:gone')
          .set('kr-1', progress(7), { entityName: ENTITY, conditions: new Filter<ReturnType<typeof progress>>().and('sequence', FilterConditions.equalTo(6)) })
          .execute(),
      );
      expect(error.code).toBe('CONDITIONAL_CHECK_FAILED');
      expect(state()).toBe(before);
      await expect(kvs.get('plain:doomed')).resolves.toBe('before');
      await expect(kvs.get('plain:new')).resolves.toBeUndefined();
      await expect(kvs.entity(ENTITY).get('kr-1')).resolves.toEqual(progress(5));
    });

    it('a failing check() operation also aborts the whole transaction', async () => {
      const before = state();
      const error = await apiError(
        kvs
          .transact()
          .set('plain:a', 1)
          .check('kr-1', { entityName: ENTITY, conditions: new Filter<ReturnType<typeof progress>>().and('countDone', FilterConditions.greaterThan(3)) })
          .execute(),
      );
      expect(error.code).toBe('CONDITIONAL_CHECK_FAILED');
      expect(state()).toBe(before);
    });

    it('26 operations are refused; 25 are accepted', async () => {
      const build = (n: number) => {
        const tx = kvs.transact();
        for (let i = 0; i < n; i += 1) tx.set(`tx:${i}`, i);
        return tx;
      };
      const before = state();
      expect((await apiError(build(26).execute())).responseDetails.status).toBe(400);
      expect(state()).toBe(before);
      await build(25).execute();
      expect(platform.kvs.keys('tx:')).toHaveLength(25);
    });

    it('the same key twice in one transaction is refused and writes nothing', async () => {
      const before = state();
      await apiError(kvs.transact().set('dup:1', 'a').delete('dup:1').execute());
      await apiError(kvs.transact().set('dup:1', 'a').set('dup:1', 'b').execute());
      expect(state()).toBe(before);
    });

    it('a transaction totalling over the documented 4 MB is refused and writes nothing', async () => {
      const tx = kvs.transact();
      for (let i = 0; i < 20; i += 1) tx.set(`huge:${i}`, 'x'.repeat(230 * KIB));
      const before = state();
      await apiError(tx.execute());
      expect(state()).toBe(before);
    });
  });

  describe('entities (manifest.yml app.storage.entities)', () => {
    it(`set/get of a declared entity "${ENTITY}" round-trips, apart from plain keys`, async () => {
      await kvs.entity(ENTITY).set('kr-9', progress(1));
      await expect(kvs.entity(ENTITY).get('kr-9')).resolves.toEqual(progress(1));
      await expect(kvs.get('kr-9')).resolves.toBeUndefined();
    });

    it('an attribute the manifest does not declare is refused; nothing is stored', async () => {
      const before = state();
      await apiError(kvs.entity(ENTITY).set('kr-2', { ...progress(1), colour: 'blue' }));
      expect(state()).toBe(before);
      await expect(kvs.entity(ENTITY).get('kr-2')).resolves.toBeUndefined();
    });

    it('a wrong type (a string, or a fraction, into an integer attribute) is refused', async () => {
      const before = state();
      await apiError(kvs.entity(ENTITY).set('kr-3', { ...progress(1), sequence: '1' }));
      await apiError(kvs.entity(ENTITY).set('kr-3', { ...progress(1), countDone: 1.5 }));
      await apiError(kvs.entity(ENTITY).set('kr-3', { ...progress(1), keyResultId: 7 }));
      expect(state()).toBe(before);
    });

    it('an entity the manifest does not declare is refused', async () => {
      await apiError(kvs.entity('undeclared-entity').set('x', { a: 1 }));
    });

    it('the same rules apply inside a transaction: one bad entity value aborts it', async () => {
      const before = state();
      await apiError(kvs.transact().set('plain:1', 1).set('kr-4', { ...progress(1), sequence: 'one' }, { entityName: ENTITY }).execute());
      expect(state()).toBe(before);
    });
  });

  describe('counters', () => {
    it('reads and writes move with each call, and a refused write is not counted as a write', async () => {
      const { reads, writes } = platform.kvs.counters;
      await kvs.set('c:1', 1);
      await kvs.set('c:2', 2);
      expect(platform.kvs.counters.writes - writes).toBe(2);
      await kvs.get('c:1');
      await kvs.get('c:missing');
      expect(platform.kvs.counters.reads - reads).toBe(2);
      await kvs.batchGet([{ key: 'c:1' }, { key: 'c:2' }]);
      expect(platform.kvs.counters.reads - reads).toBe(4);
      await kvs.delete('c:1');
      expect(platform.kvs.counters.writes - writes).toBe(3);
      await apiError(kvs.set('c/bad', 1));
      expect(platform.kvs.counters.writes - writes).toBe(3);
    });
  });
});
