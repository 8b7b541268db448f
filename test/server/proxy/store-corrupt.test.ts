/**
 * Issue 18 item 4: a record the store cannot read is an error, never "absent". Each record kind is
 * overwritten with garbage and with JSON of the wrong shape, on the memory store and on Redis: the
 * route answers 503 store_record_corrupt, an error is logged naming the kind (not the value), and
 * nothing new is created at Billink.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createMemoryStore } from '../../../src/server/proxy/store/memory-store.js';
import { createRedisStore } from '../../../src/server/proxy/store/redis-store.js';
import type { ProxyStore } from '../../../src/server/proxy/store/store.js';
import { sha256 } from '../../../src/server/proxy/tokens.js';
import { startRedis, type RedisServer } from '../../support/redis.js';
import { address, customer, harness, idem, order } from './harness.js';

const API_KEY = 'merchant-key-for-tests-0123456789';
const BAD_VALUES = [
  ['garbage', '{"status":"appro'],
  ['the wrong shape', '{"v":1,"status":42,"events":"none","ids":7,"state":"done"}'],
] as const;

type H = ReturnType<typeof harness>;

const withShopper = (ref: string) => ({
  ...order(`WEB-${ref}`, 2500),
  customer: customer(),
  billingAddress: address(),
});

const merchant = (h: H, method: string, path: string, body?: unknown, key?: string) =>
  h.proxy(
    new Request(`https://shop.example/billink/merchant${path}`, {
      method,
      headers: {
        authorization: `Bearer ${API_KEY}`,
        'content-type': 'application/json',
        ...(key ? { 'idempotency-key': key } : {}),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    }),
  );

async function create(h: H, ref: string, key = idem()) {
  return h.call('POST', '/billink/orders', {
    body: { orderRef: ref, mode: 'session' },
    headers: { 'idempotency-key': key },
  });
}

/** Billink's side: every call that creates or changes something there. */
const billinkWrites = (h: H) => {
  const c = h.simulator.stats.calls;
  return c.sessionCreate + c.legacyOrder + c.credit;
};

function assertCorrupt(
  h: H,
  res: { status: number; json: Record<string, unknown> },
  kind: string,
  bad: string,
) {
  assert.equal(res.status, 503, JSON.stringify(res.json));
  assert.equal((res.json.error as { code: string }).code, 'store_record_corrupt');
  const line = h.logs.find((l) => l.startsWith('error store record corrupt'));
  assert.ok(line, `logged at error level: ${h.logs.join('\n')}`);
  assert.match(line, new RegExp(`"kind":"${kind}"`));
  assert.ok(!line.includes(bad), 'the value is not logged');
}

async function json(response: Response) {
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

function corruptRecords(name: string, makeStore: () => ProxyStore) {
  describe(`corrupt records (${name})`, () => {
    let n = 0;
    const ref = (k: string) => `${k}-${name}-${++n}`;
    const setup = () => {
      const store = makeStore();
      const h = harness({ store, merchantApiKey: API_KEY, statusRefreshMs: 0 });
      return { h, store };
    };

    for (const [label, bad] of BAD_VALUES) {
      describe(`holding ${label}`, () => {
        it('order: a poll answers 503, not 404, and asks Billink nothing', async () => {
          const { h, store } = setup();
          const r = ref('o');
          h.orders.set(r, withShopper(r));
          const created = await create(h, r);
          assert.equal(created.status, 201);
          const { orderId, statusToken } = created.json as Record<string, string>;
          await store.set(`order:${orderId}`, bad, 60_000);
          const status = h.simulator.stats.calls.sessionStatus;
          const res = await h.call('GET', `/billink/orders/${orderId}`, {
            headers: { authorization: `Bearer ${statusToken}` },
          });
          assertCorrupt(h, res, 'order', bad);
          assert.equal(h.simulator.stats.calls.sessionStatus, status);
        });

        it('idempotency: a repeat of the key answers 503, no second Billink session', async () => {
          const { h, store } = setup();
          const r = ref('i');
          h.orders.set(r, withShopper(r));
          const key = idem();
          await store.set(`idem:${await sha256(key)}`, bad, 60_000);
          const writes = billinkWrites(h);
          assertCorrupt(h, await create(h, r, key), 'idempotency', bad);
          assert.equal(billinkWrites(h), writes, 'no Billink session');
        });

        it('attempts: a new attempt under the number answers 503, no new session', async () => {
          const { h, store } = setup();
          const r = ref('a');
          h.orders.set(r, withShopper(r));
          await store.set(`attempts:WEB-${r}`, bad, 60_000);
          const writes = billinkWrites(h);
          assertCorrupt(h, await create(h, r), 'attempts', bad);
          assert.equal(billinkWrites(h), writes, 'no Billink session');
        });

        it('check: a direct order on a corrupt check answers 503, no Billink order', async () => {
          const { h, store } = setup();
          const r = ref('c');
          h.orders.set(r, withShopper(r));
          await store.set('check:chk_corrupt', bad, 60_000);
          const writes = billinkWrites(h);
          const res = await h.call('POST', '/billink/orders', {
            body: { orderRef: r, mode: 'direct', checkId: 'chk_corrupt' },
            headers: { 'idempotency-key': idem() },
          });
          assertCorrupt(h, res, 'check', bad);
          assert.equal(billinkWrites(h), writes, 'no Billink order');
        });

        it('book: the merchant view answers 503, not 404', async () => {
          const { h, store } = setup();
          const r = ref('b');
          await store.set(`book:${r}`, bad, 60_000);
          assertCorrupt(h, await json(await merchant(h, 'GET', `/orders/${r}`)), 'book', bad);
        });

        it('book: a credit on a corrupt book answers 503 and credits nothing', async () => {
          const { h, store } = setup();
          const r = ref('bc');
          await store.set(`book:${r}`, bad, 60_000);
          const writes = billinkWrites(h);
          const res = await merchant(
            h,
            'POST',
            `/orders/${r}/credits`,
            { amountCents: 100, description: 'Retour' },
            idem(),
          );
          assertCorrupt(h, await json(res), 'book', bad);
          assert.equal(billinkWrites(h), writes);
        });

        it('merchant idempotency: a repeated credit key answers 503, credits nothing', async () => {
          const { h, store } = setup();
          const r = ref('mi');
          const key = idem();
          const { createHash } = await import('node:crypto');
          const hashed = createHash('sha256').update(key).digest('hex');
          await store.set(`merchant-idem:credit:${r}:${hashed}`, bad, 60_000);
          const writes = billinkWrites(h);
          const res = await merchant(
            h,
            'POST',
            `/orders/${r}/credits`,
            { amountCents: 100, description: 'Retour' },
            key,
          );
          assertCorrupt(h, await json(res), 'merchant-idempotency', bad);
          assert.equal(billinkWrites(h), writes);
        });

        it('review: resolving a corrupt review answers 503, not no_review_open', async () => {
          const { h, store } = setup();
          const r = ref('r');
          await store.set(`review:${r}`, bad, 60_000);
          const res = await merchant(h, 'POST', `/orders/${r}/review`, { resolution: 'accepted' });
          assertCorrupt(h, await json(res), 'review', bad);
        });

        it('the reconciler logs a corrupt attempt, keeps it listed and checks the others', async () => {
          const { h, store } = setup();
          const [r1, r2] = [ref('rc'), ref('rc')];
          h.orders.set(r1, withShopper(r1));
          h.orders.set(r2, withShopper(r2));
          const one = (await create(h, r1)).json as Record<string, string>;
          assert.equal((await create(h, r2)).status, 201);
          await store.set(`order:${one.orderId}`, bad, 60_000);
          await store.zadd('pending-orders', one.orderId!, Date.now() - 1000);
          const result = await h.proxy.reconcile();
          assert.ok(h.logs.some((l) => /^error store record corrupt .*"kind":"order"/.test(l)));
          assert.equal(result.checked, 0, 'the other one is not due yet, and was reached');
          const due = await store.zrangeByScore('pending-orders', Number.MAX_SAFE_INTEGER, 10);
          assert.ok(due.includes(one.orderId!), 'the corrupt attempt stays on the list');
        });
      });
    }

    it('reads records written before versions existed (no `v`) as version 1', async () => {
      const { h, store } = setup();
      const r = ref('legacy');
      h.orders.set(r, withShopper(r));
      const idemKey = idem();
      const created = (await create(h, r, idemKey)).json as Record<string, string>;
      const keys = [
        `order:${created.orderId}`,
        `attempts:WEB-${r}`,
        `idem:${await sha256(idemKey)}`,
      ];
      for (const key of keys) {
        const value = JSON.parse((await store.get(key))!) as Record<string, unknown> | string[];
        assert.equal(Array.isArray(value) ? undefined : value.v, 1, `${key} is written with v: 1`);
        const old = Array.isArray(value)
          ? value
          : key.startsWith('attempts:')
            ? (value.ids as string[]) // before: a bare array
            : Object.fromEntries(Object.entries(value).filter(([k]) => k !== 'v'));
        await store.set(key, JSON.stringify(old), 60_000);
      }
      const res = await h.call('GET', `/billink/orders/${created.orderId}`, {
        headers: { authorization: `Bearer ${created.statusToken}` },
      });
      assert.equal(res.status, 200, JSON.stringify(res.json));
      assert.equal(res.json.status, 'pending');
      assert.equal('v' in res.json, false, 'the version stays inside the store');
      // A repeat with the same key after the upgrade gets the same answer.
      const again = await create(h, r, idemKey);
      assert.equal(again.status, 201);
      assert.equal(again.json.orderId, created.orderId);
    });
  });
}

corruptRecords('memory', () => createMemoryStore());

describe('redis', () => {
  let redis: RedisServer;
  const stores: ProxyStore[] = [];
  before(async () => {
    redis = await startRedis();
  });
  after(async () => {
    await Promise.all(stores.map((s) => s.close()));
    await redis.stop();
  });
  corruptRecords('redis', () => {
    const store = createRedisStore(redis.url);
    stores.push(store);
    return store;
  });
});
