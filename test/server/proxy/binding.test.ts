import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  createBillinkProxy,
  createMemoryStore,
  createRedisStore,
  type ProxyStore,
  type UnmatchedOrder,
} from '../../../src/server/proxy/index.js';
import { demoOrderNumber } from '../../../src/server/proxy/standalone/server.js';
import { startRedis } from '../../support/redis.js';
import { address, customer, harness, idem, order } from './harness.js';

const SECRET = 'c2VjcmV0LXNpbXVsYXRvci13ZWJob29rLWtleS0zMmJ5dGVz';

/** A store whose contents can be lost (a restart on the memory store, Redis without persistence). */
function losableStore(): ProxyStore & { lose(): void; dump(): string } {
  let inner = createMemoryStore();
  const keys = new Set<string>();
  const store: ProxyStore = {
    get: (k) => inner.get(k),
    set: (k, v, t) => (keys.add(k), inner.set(k, v, t)),
    claim: (k, v, t) => (keys.add(k), inner.claim(k, v, t)),
    delete: (k) => inner.delete(k),
    increment: (k, t) => inner.increment(k, t),
    zadd: (k, m, s) => inner.zadd(k, m, s),
    zrangeByScore: (k, m, l) => inner.zrangeByScore(k, m, l),
    zrevrangeByScore: (k, m, l) => inner.zrevrangeByScore(k, m, l),
    zrem: (k, m) => inner.zrem(k, m),
    close: () => inner.close(),
  };
  return Object.assign(store, {
    lose: () => {
      inner = createMemoryStore();
      keys.clear();
    },
    dump: () => [...keys].join('\n'),
  });
}

const sessionIdOf = (redirectUrl: unknown) =>
  new URL(String(redirectUrl)).pathname.split('/').pop()!;

async function start(h: ReturnType<typeof harness>, ref: string, key = idem()) {
  const res = await h.call('POST', '/billink/orders', {
    body: { orderRef: ref, mode: 'session' },
    headers: { 'idempotency-key': key },
  });
  assert.equal(res.status, 201, JSON.stringify(res.json));
  return res.json as {
    orderId: string;
    statusToken: string;
    redirectUrl: string;
    orderNumber: string;
  };
}

const poll = async (h: ReturnType<typeof harness>, o: { orderId: string; statusToken: string }) =>
  h.call('GET', `/billink/orders/${o.orderId}`, {
    headers: { authorization: `Bearer ${o.statusToken}` },
  });

const withShopper = (ref: string, cents: number) => ({
  ...order(`WEB-${ref}`, cents),
  customer: customer(),
  billingAddress: address(),
});

describe('one attempt, one binding (issue 11 item 1)', () => {
  it('an old €10 approval after a lost store never approves the new €1000 attempt', async () => {
    const store = losableStore();
    const unmatched: UnmatchedOrder[] = [];
    const updates: string[] = [];
    const h = harness({
      store,
      statusRefreshMs: 0,
      webhookSecret: SECRET,
      onUnmatchedOrder: (u) => void unmatched.push(u),
      onOrderEvent: (e) => void updates.push(`${e.type} ${e.amountCents}`),
    });
    await h.billink.setSessionWebhookV3('http://localhost/billink/webhooks');
    h.orders.set('b1', withShopper('b1', 1000));
    const old = await start(h, 'b1');
    store.lose(); // restart on the memory store
    h.orders.set('b1', withShopper('b1', 100000));
    const current = await start(h, 'b1');
    h.simulator.completeSession(sessionIdOf(old.redirectUrl), 'approve');
    await h.simulator.webhooksIdle();
    assert.equal((await poll(h, current)).json.status, 'pending');
    assert.deepEqual(updates, []);
    assert.deepEqual(
      unmatched.map((u) => [u.type, u.orderNumber]),
      [['unmatched_order', 'WEB-b1']],
    );
    // Billink holds that number now: the current session can never complete and says so.
    h.simulator.completeSession(sessionIdOf(current.redirectUrl), 'approve');
    assert.equal((await poll(h, current)).json.status, 'declined');
    const again = await h.call('POST', '/billink/orders', {
      body: { orderRef: 'b1', mode: 'session' },
      headers: { 'idempotency-key': idem() },
    });
    assert.equal((again.json.error as { code: string }).code, 'order_needs_review');
  });

  it('a repeated Idempotency-Key after a lost store cannot get the old amount approved as the new', async () => {
    const store = losableStore();
    const h = harness({
      store,
      statusRefreshMs: 0,
      webhookSecret: 'c2VjcmV0LXNpbXVsYXRvci13ZWJob29rLWtleS0zMmJ5dGVz',
    });
    h.orders.set('b2', withShopper('b2', 1000));
    const key = idem();
    const first = await start(h, 'b2', key);
    store.lose();
    h.orders.set('b2', withShopper('b2', 50000));
    const second = await start(h, 'b2', key);
    assert.notEqual(second.orderId, first.orderId);
    h.simulator.completeSession(sessionIdOf(first.redirectUrl), 'approve');
    const status = await poll(h, second);
    assert.equal(status.json.status, 'pending');
    assert.equal(status.json.amountCents, 50000);
  });

  it('a newer attempt replaces an abandoned session and is never moved by the old one', async () => {
    const h = harness({ statusRefreshMs: 0 });
    h.orders.set('b3', withShopper('b3', 2500));
    const old = await start(h, 'b3');
    // The shopper left Billink's page without choosing; a new attempt is not a 409.
    const fresh = await start(h, 'b3');
    assert.equal(fresh.orderNumber, 'WEB-b3');
    h.simulator.completeSession(sessionIdOf(old.redirectUrl), 'cancel');
    assert.equal((await poll(h, old)).json.status, 'cancelled');
    assert.equal((await poll(h, fresh)).json.status, 'pending');
    h.simulator.completeSession(sessionIdOf(fresh.redirectUrl), 'approve');
    assert.equal((await poll(h, fresh)).json.status, 'approved');
  });

  it('the abandoned session approved in another tab after all: the newer one says "already approved", not "declined"', async () => {
    const h = harness({ statusRefreshMs: 0 });
    h.orders.set('b5', withShopper('b5', 2500));
    const old = await start(h, 'b5');
    const fresh = await start(h, 'b5');
    h.simulator.completeSession(sessionIdOf(old.redirectUrl), 'approve');
    // Billink refuses a second order under the number: the newer session ends failed.
    h.simulator.completeSession(sessionIdOf(fresh.redirectUrl), 'approve');
    const res = await poll(h, fresh);
    assert.equal(res.status, 409, JSON.stringify(res.json));
    assert.equal((res.json.error as { code: string }).code, 'order_already_approved');
    assert.equal((await poll(h, old)).json.status, 'approved');
    assert.equal(h.simulator.getOrder('WEB-b5')?.amountCents, 2500, 'one Billink order');
  });

  it('a session Billink already completed makes a new attempt 409 approved, not a second session', async () => {
    const h = harness({ statusRefreshMs: 60_000 });
    h.orders.set('b4', withShopper('b4', 2500));
    const first = await start(h, 'b4');
    h.simulator.completeSession(sessionIdOf(first.redirectUrl), 'approve');
    const again = await h.call('POST', '/billink/orders', {
      body: { orderRef: 'b4', mode: 'session' },
      headers: { 'idempotency-key': idem() },
    });
    assert.equal((again.json.error as { code: string }).code, 'order_already_approved');
    assert.equal(h.simulator.stats.calls.sessionCreate, 1);
  });

  it('an order number belongs to one orderRef; demo refs COL.1 and COL-1 get different numbers', async () => {
    assert.notEqual(await demoOrderNumber('COL.1'), await demoOrderNumber('COL-1'));
    assert.notEqual(await demoOrderNumber('A_2E1'), await demoOrderNumber('A.1'));
    const h = harness();
    h.orders.set('COL.1', withShopper('x', 2500));
    h.orders.set('COL-1', withShopper('x', 2500)); // both resolve to WEB-x
    await start(h, 'COL.1');
    const other = await h.call('POST', '/billink/orders', {
      body: { orderRef: 'COL-1', mode: 'session' },
      headers: { 'idempotency-key': idem() },
    });
    assert.equal(other.status, 409);
    assert.equal((other.json.error as { code: string }).code, 'order_number_taken');
  });
});

describe('Billink page outcomes (issue 12 items 6, 9, 12)', () => {
  it('a decline on the hosted page ends in declined', async () => {
    const h = harness({ statusRefreshMs: 0 });
    h.orders.set('d1', withShopper('d1', 2500));
    const o = await start(h, 'd1');
    h.simulator.completeSession(sessionIdOf(o.redirectUrl), 'decline');
    assert.equal((await poll(h, o)).json.status, 'declined');
  });

  it('a cart changed while Billink was open is never reported approved; the new amount can be paid', async () => {
    const unmatched: UnmatchedOrder[] = [];
    const h = harness({ statusRefreshMs: 0, onUnmatchedOrder: (u) => void unmatched.push(u) });
    h.orders.set('d2', withShopper('d2', 3090));
    const o = await start(h, 'd2');
    h.orders.set('d2', withShopper('d2', 4340)); // another tab
    h.simulator.completeSession(sessionIdOf(o.redirectUrl), 'approve');
    const res = await poll(h, o);
    assert.equal(res.status, 409);
    assert.equal((res.json.error as { code: string }).code, 'order_amount_changed');
    assert.equal((res.json.error as { retryable: boolean }).retryable, false, 'the poller stops');
    assert.deepEqual(
      unmatched.map((u) => [u.type, u.amountCents, u.currentAmountCents]),
      [['amount_mismatch', 3090, 4340]],
    );
    const next = await start(h, 'd2');
    assert.equal(next.orderNumber, 'WEB-d2-2');
    h.simulator.completeSession(sessionIdOf(next.redirectUrl), 'approve');
    const paid = await poll(h, next);
    assert.equal(paid.json.status, 'approved');
    assert.equal(paid.json.amountCents, 4340);
  });

  it("passes the shopper's locale to Billink as client.options.language", async () => {
    const bodies: Request[] = [];
    const h = harness({
      failBillink: (r) => (r.url.endsWith('/v2/session/create') && bodies.push(r.clone()), false),
    });
    h.orders.set('d3', withShopper('d3', 2500));
    await h.call('POST', '/billink/orders', {
      body: { orderRef: 'd3', mode: 'session', locale: 'en' },
      headers: { 'idempotency-key': idem() },
    });
    const sent = (await bodies[0]!.json()) as { client: { options?: { language?: string } } };
    assert.equal(sent.client.options?.language, 'en');
  });
});

describe('idempotency records and tokens (issue 11 item 7)', () => {
  it('a store dump holds no status token, yet the creator’s repeat still gets a working one', async () => {
    const store = losableStore();
    const values: string[] = [];
    const spy: ProxyStore = { ...store, set: (k, v, t) => (values.push(v), store.set(k, v, t)) };
    const h = harness({ store: spy, statusRefreshMs: 0 });
    h.orders.set('t1', withShopper('t1', 2500));
    const key = idem();
    const first = await start(h, 't1', key);
    assert.ok(values.length > 0);
    assert.ok(!values.some((v) => v.includes(first.statusToken)), 'token stored in plain text');
    assert.ok(!store.dump().includes(key), 'idempotency key readable in the store');
    const repeat = await start(h, 't1', key);
    assert.equal(repeat.statusToken, first.statusToken);
    assert.equal((await poll(h, repeat)).status, 200);
  });
});

describe('expiry only on Billink’s word, and the reconciler (issue 11 item 2)', () => {
  it('an approved-then-left session is approved after expiresAt, without any webhook or poll', async () => {
    let now = Date.now();
    const updates: string[] = [];
    const h = harness({ now: () => now, onOrderEvent: (e) => void updates.push(e.type) });
    h.orders.set('e1', withShopper('e1', 2500));
    const o = await start(h, 'e1');
    h.simulator.completeSession(sessionIdOf(o.redirectUrl), 'approve'); // no webhook URL set
    now += 2 * 60 * 60 * 1000;
    h.simulator.advanceTime(2 * 60 * 60 * 1000);
    const run = await h.proxy.reconcile();
    assert.deepEqual([run.checked, run.changed], [1, 1]);
    assert.deepEqual(updates, ['approved']);
    assert.equal((await poll(h, o)).json.status, 'approved');
  });

  it('Billink down: stays pending, says so, and backs off', async () => {
    let now = Date.now();
    let down = true;
    const h = harness({ now: () => now, failBillink: (r) => down && r.url.includes('status') });
    h.orders.set('e2', withShopper('e2', 2500));
    const o = await start(h, 'e2');
    now += 2 * 60 * 60 * 1000;
    const run = await h.proxy.reconcile();
    assert.equal(run.billinkUnavailable, true);
    assert.ok(h.logs.some((l) => l.includes('reconciler: Billink unavailable')));
    assert.equal((await h.proxy.reconcile()).skipped, 'backoff');
    down = false;
    now += 60_000;
    h.simulator.advanceTime(2 * 60 * 60 * 1000);
    assert.equal((await h.proxy.reconcile()).changed, 1);
    assert.equal((await poll(h, o)).json.status, 'expired');
  });

  describe('two instances on one Redis', () => {
    let stop: (() => Promise<void>) | undefined;
    after(async () => stop?.());
    it('reconcile once', async () => {
      const redis = await startRedis();
      stop = redis.stop;
      const stores = [createRedisStore(redis.url), createRedisStore(redis.url)];
      let now = Date.now();
      const a = harness({ store: stores[0]!, now: () => now });
      a.orders.set('e3', withShopper('e3', 2500));
      await start(a, 'e3');
      a.orders.set('e4', withShopper('e4', 2500));
      await start(a, 'e4');
      // A second instance: its own proxy and Billink client, the same Redis and Billink.
      const b = createBillinkProxy({
        billink: a.billink,
        store: stores[1]!,
        resolveOrder: async () => null,
        now: () => now,
      });
      now += 2 * 60 * 60 * 1000;
      const before = a.simulator.stats.calls.sessionStatus;
      const [r1, r2] = await Promise.all([a.proxy.reconcile(), b.reconcile()]);
      assert.equal(r1.checked + r2.checked, 2);
      assert.equal(a.simulator.stats.calls.sessionStatus - before, 2);
      const [r3, r4] = await Promise.all([a.proxy.reconcile(), b.reconcile()]);
      assert.equal(r3.checked + r4.checked, 0);
      assert.equal(a.simulator.stats.calls.sessionStatus - before, 2);
      await Promise.all(stores.map((s) => s.close()));
    });
  });
});
