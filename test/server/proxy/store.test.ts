import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createMemoryStore } from '../../../src/server/proxy/store/memory-store.js';
import { createRedisStore } from '../../../src/server/proxy/store/redis-store.js';
import type { ProxyStore } from '../../../src/server/proxy/store/store.js';
import { startRedis, type RedisServer } from '../../support/redis.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function storeContract(name: string, make: () => ProxyStore) {
  describe(`${name} store`, () => {
    let store: ProxyStore;
    let n = 0;
    const key = (k: string) => `${k}:${++n}`;
    before(() => {
      store = make();
    });
    after(() => store.close());

    it('gets what was set, until it expires', async () => {
      const k = key('a');
      await store.set(k, '{"x":1}', 80);
      assert.equal(await store.get(k), '{"x":1}');
      await sleep(120);
      assert.equal(await store.get(k), null);
    });

    it('lets exactly one of many concurrent claims win', async () => {
      const k = key('claim');
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) => store.claim(k, String(i), 5_000)),
      );
      assert.equal(results.filter(Boolean).length, 1);
      const winner = results.indexOf(true);
      assert.equal(await store.get(k), String(winner));
    });

    it('allows a claim again after expiry or delete', async () => {
      const k = key('reclaim');
      assert.equal(await store.claim(k, 'a', 50), true);
      assert.equal(await store.claim(k, 'b', 50), false);
      await sleep(90);
      assert.equal(await store.claim(k, 'c', 5_000), true);
      await store.delete(k);
      assert.equal(await store.claim(k, 'd', 5_000), true);
    });

    it('counts within a window that starts at the first increment', async () => {
      const k = key('count');
      const counts = await Promise.all(Array.from({ length: 10 }, () => store.increment(k, 150)));
      assert.deepEqual(
        [...counts].sort((a, b) => a - b),
        [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
      );
      await sleep(80);
      assert.equal(
        await store.increment(k, 150),
        11,
        'a later increment does not extend the window',
      );
      await sleep(100);
      assert.equal(await store.increment(k, 150), 1);
    });

    it('keeps a sorted index: due members lowest score first, moved and removed by member', async () => {
      const k = key('index');
      await store.zadd(k, 'late', 300);
      await store.zadd(k, 'early', 100);
      await store.zadd(k, 'middle', 200);
      assert.deepEqual(await store.zrangeByScore(k, 250, 10), ['early', 'middle']);
      assert.deepEqual(await store.zrangeByScore(k, 1_000, 2), ['early', 'middle']);
      await store.zadd(k, 'early', 400); // rescheduled, not duplicated
      assert.deepEqual(await store.zrangeByScore(k, 1_000, 10), ['middle', 'late', 'early']);
      await store.zrem(k, 'middle');
      assert.deepEqual(await store.zrangeByScore(k, 1_000, 10), ['late', 'early']);
      assert.deepEqual(await store.zrangeByScore(k, 50, 10), []);
    });
  });
}

storeContract('memory', () => createMemoryStore());

describe('redis', () => {
  let redis: RedisServer;
  before(async () => {
    redis = await startRedis();
  });
  after(() => redis.stop());
  storeContract('redis', () => createRedisStore(redis.url));

  it('two instances sharing one Redis see one winner', async () => {
    const a = createRedisStore(redis.url);
    const b = createRedisStore(redis.url);
    try {
      const results = await Promise.all(
        Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).claim('shared-key', String(i), 5_000)),
      );
      assert.equal(results.filter(Boolean).length, 1);
    } finally {
      await a.close();
      await b.close();
    }
  });
});

describe('memory store bounds', () => {
  it('drops the oldest entries beyond maxEntries', async () => {
    const store = createMemoryStore({ maxEntries: 3 });
    for (const k of ['a', 'b', 'c', 'd']) await store.set(k, k, 60_000);
    assert.equal(await store.get('a'), null);
    assert.equal(await store.get('d'), 'd');
  });
});
