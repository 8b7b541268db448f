import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import {
  createMemoryStore,
  createRedisStore,
  type OrderEvent,
  type ProxyStore,
  type UnmatchedOrder,
} from '../../../src/server/proxy/index.js';
import { startRedis } from '../../support/redis.js';
import { address, customer, harness, idem, order } from './harness.js';

const SECRET = 'c2VjcmV0LXNpbXVsYXRvci13ZWJob29rLWtleS0zMmJ5dGVz';
const API_KEY = 'm'.repeat(40);

/** A memory store whose contents can be lost mid-checkout (a restart). */
function losableStore(): ProxyStore & { lose(): void } {
  let inner = createMemoryStore();
  const store: ProxyStore = {
    get: (k) => inner.get(k),
    set: (k, v, t) => inner.set(k, v, t),
    claim: (k, v, t) => inner.claim(k, v, t),
    delete: (k) => inner.delete(k),
    increment: (k, t) => inner.increment(k, t),
    zadd: (k, m, s) => inner.zadd(k, m, s),
    zrangeByScore: (k, m, l) => inner.zrangeByScore(k, m, l),
    zrevrangeByScore: (k, m, l) => inner.zrevrangeByScore(k, m, l),
    zrem: (k, m) => inner.zrem(k, m),
    close: () => inner.close(),
  };
  return Object.assign(store, { lose: () => void (inner = createMemoryStore()) });
}

const sessionIdOf = (redirectUrl: unknown) =>
  new URL(String(redirectUrl)).pathname.split('/').pop()!;

const withShopper = (ref: string, cents: number) => ({
  ...order(`WEB-${ref}`, cents),
  customer: customer(),
  billingAddress: address(),
});

type H = ReturnType<typeof harness>;

const attempt = (h: H, ref: string) =>
  h.call('POST', '/billink/orders', {
    body: { orderRef: ref, mode: 'session' },
    headers: { 'idempotency-key': idem() },
  });

const errorOf = (res: { json: Record<string, unknown> }) =>
  res.json.error as { code: string; retryable: boolean };

const merchant = (h: H, path: string, body?: unknown) =>
  h.proxy(
    new Request(`https://shop.example/billink/merchant${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    }),
  );

/** A proxy whose store is lost after the shopper opened Billink's page, who then approves. */
async function approvedWhileStoreEmpty(
  store: ProxyStore,
  lose: () => Promise<void>,
  ref: string,
  cents: number,
  options: { webhooks?: boolean; failBillink?: (r: Request) => boolean } = {},
) {
  const events: OrderEvent[] = [];
  const unmatched: UnmatchedOrder[] = [];
  const h = harness({
    store,
    statusRefreshMs: 0,
    merchantApiKey: API_KEY,
    ...(options.webhooks === false ? {} : { webhookSecret: SECRET }),
    ...(options.failBillink ? { failBillink: options.failBillink } : {}),
    onUnmatchedOrder: (u) => void unmatched.push(u),
    onOrderEvent: (e) => void events.push(e),
  });
  if (options.webhooks !== false) {
    await h.billink.setSessionWebhookV3('http://localhost/billink/webhooks');
  }
  h.orders.set(ref, withShopper(ref, cents));
  const first = await attempt(h, ref);
  assert.equal(first.status, 201, JSON.stringify(first.json));
  await lose();
  h.simulator.completeSession(sessionIdOf(first.json.redirectUrl), 'approve');
  await h.simulator.webhooksIdle();
  // The store forgot the attempt: its poll cannot find it.
  const poll = await h.call('GET', `/billink/orders/${String(first.json.orderId)}`, {
    headers: { authorization: `Bearer ${String(first.json.statusToken)}` },
  });
  assert.equal(poll.status, 404);
  return { h, events, unmatched, first };
}

/** Lets the outbox deliver what was queued. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

describe('a Billink order approved while the store was empty (issue 11 item 1)', () => {
  it('is adopted on Billink’s word when its amount is the shop’s: approved once, the shop told once', async () => {
    const store = losableStore();
    const { h, events, unmatched } = await approvedWhileStoreEmpty(
      store,
      async () => store.lose(),
      'a1',
      2500,
    );
    assert.deepEqual(
      unmatched.map((u) => u.type),
      ['unmatched_order'],
      'the webhook found no attempt',
    );
    const back = await attempt(h, 'a1');
    assert.equal(back.status, 409);
    assert.equal(errorOf(back).code, 'order_already_approved');
    const again = await attempt(h, 'a1');
    assert.equal(errorOf(again).code, 'order_already_approved');
    await settle();
    assert.deepEqual(
      events.map((e) => [e.type, e.orderRef, e.amountCents]),
      [['approved', 'a1', 2500]],
    );
    assert.equal(h.simulator.stats.calls.sessionCreate, 1, 'no second Billink order attempted');
    const book = await (await merchant(h, '/orders/a1')).json();
    assert.equal(book.status, 'approved');
    assert.equal(book.amountCents, 2500);
  });

  it('is adopted also when the webhook never came: Billink refusing the number triggers the lookup', async () => {
    const store = losableStore();
    const { h, events } = await approvedWhileStoreEmpty(
      store,
      async () => store.lose(),
      'a2',
      4000,
      {
        webhooks: false,
      },
    );
    const back = await attempt(h, 'a2');
    assert.equal(errorOf(back).code, 'order_already_approved');
    await settle();
    assert.deepEqual(
      events.map((e) => [e.type, e.amountCents]),
      [['approved', 4000]],
    );
  });

  it('with another amount: stays refused, the shop hears needs_review once, the merchant resolves it', async () => {
    const store = losableStore();
    const { h, events } = await approvedWhileStoreEmpty(
      store,
      async () => store.lose(),
      'a3',
      2500,
    );
    h.orders.set('a3', withShopper('a3', 3100)); // the cart changed meanwhile
    for (let i = 0; i < 2; i++) {
      const back = await attempt(h, 'a3');
      assert.equal(back.status, 409);
      assert.equal(errorOf(back).code, 'order_needs_review');
    }
    await settle();
    assert.equal(events.length, 1);
    const [review] = events;
    assert.equal(review?.type, 'needs_review');
    assert.equal(review?.reason, 'unmatched_order');
    assert.equal(review?.amountCents, 2500, "Billink's amount");
    assert.equal(review?.currentAmountCents, 3100, "the shop's");
    assert.match(review?.billinkInvoiceNumber ?? '', /\S/);

    // "credited" is checked with Billink: not yet.
    const early = await merchant(h, '/orders/a3/review', { resolution: 'credited' });
    assert.equal(early.status, 409);
    assert.equal((await early.json()).error.code, 'order_not_credited');
    await h.billink.credit({
      invoices: [
        { invoiceNumber: review!.billinkInvoiceNumber!, amountCents: 2500, description: 'Dubbel' },
      ],
    });
    const resolved = await merchant(h, '/orders/a3/review', { resolution: 'credited' });
    assert.equal(resolved.status, 200, await resolved.clone().text());
    // The credited number is spent: the new amount is paid under the next one.
    const next = await attempt(h, 'a3');
    assert.equal(next.status, 201, JSON.stringify(next.json));
    assert.equal(next.json.orderNumber, 'WEB-a3-2');
    assert.equal(next.json.amountCents, 3100);
    const none = await merchant(h, '/orders/a3/review', { resolution: 'credited' });
    assert.equal((await none.json()).error.code, 'no_review_open');
  });

  it('accepted: Billink’s order becomes the approval for Billink’s amount', async () => {
    const store = losableStore();
    const { h, events } = await approvedWhileStoreEmpty(
      store,
      async () => store.lose(),
      'a4',
      2500,
    );
    h.orders.set('a4', withShopper('a4', 2600));
    const refused = await attempt(h, 'a4');
    assert.equal(errorOf(refused)?.code, 'order_needs_review', JSON.stringify(refused.json));
    const res = await merchant(h, '/orders/a4/review', { resolution: 'accepted' });
    assert.equal(res.status, 200);
    const body = await res.json();
    assert.equal(body.status, 'approved');
    assert.equal(body.amountCents, 2500);
    h.orders.set('a4', withShopper('a4', 2500)); // the shop's order follows Billink's
    assert.equal(errorOf(await attempt(h, 'a4')).code, 'order_already_approved');
    await settle();
    assert.deepEqual(
      events.map((e) => [e.type, e.amountCents]),
      [
        ['needs_review', 2500],
        ['approved', 2500],
      ],
    );
  });

  it('Billink unreachable: refused as retryable 503, never guessed, adopted once Billink answers', async () => {
    const store = losableStore();
    const down = { on: false };
    const { h, events } = await approvedWhileStoreEmpty(
      store,
      async () => store.lose(),
      'a5',
      2500,
      {
        failBillink: () => down.on,
      },
    );
    down.on = true;
    const res = await attempt(h, 'a5');
    assert.equal(res.status, 503);
    assert.equal(errorOf(res).code, 'billink_unavailable');
    assert.equal(errorOf(res).retryable, true);
    await settle();
    assert.deepEqual(events, []);
    down.on = false;
    assert.equal(errorOf(await attempt(h, 'a5')).code, 'order_already_approved');
  });

  describe('on Redis, after FLUSHALL', () => {
    let stop: (() => Promise<void>) | undefined;
    after(async () => stop?.());

    it('adopts the order approved meanwhile and tells the shop once', async () => {
      const redis = await startRedis();
      stop = redis.stop;
      const store = createRedisStore(redis.url);
      const admin = new Redis(redis.url);
      try {
        const { h, events } = await approvedWhileStoreEmpty(
          store,
          async () => void (await admin.flushall()),
          'r1',
          1800,
        );
        assert.equal(errorOf(await attempt(h, 'r1')).code, 'order_already_approved');
        assert.equal(errorOf(await attempt(h, 'r1')).code, 'order_already_approved');
        await settle();
        assert.deepEqual(
          events.map((e) => [e.type, e.amountCents]),
          [['approved', 1800]],
        );
        assert.equal(h.simulator.stats.calls.sessionCreate, 1);
      } finally {
        await store.close();
        admin.disconnect();
      }
    });
  });
});

describe('a cart changed while Billink’s page was open (amount_mismatch)', () => {
  it('reaches the shop as needs_review on the stale order, once; the merchant closes it', async () => {
    const events: OrderEvent[] = [];
    const unmatched: UnmatchedOrder[] = [];
    const h = harness({
      statusRefreshMs: 0,
      merchantApiKey: API_KEY,
      onOrderEvent: (e) => void events.push(e),
      onUnmatchedOrder: (u) => void unmatched.push(u),
    });
    h.orders.set('m1', withShopper('m1', 3090));
    const first = await attempt(h, 'm1');
    h.orders.set('m1', withShopper('m1', 4340));
    h.simulator.completeSession(sessionIdOf(first.json.redirectUrl), 'approve');
    for (let i = 0; i < 2; i++) {
      const res = await h.call('GET', `/billink/orders/${String(first.json.orderId)}`, {
        headers: { authorization: `Bearer ${String(first.json.statusToken)}` },
      });
      assert.equal(errorOf(res).code, 'order_amount_changed');
    }
    await settle();
    const reviews = events.filter((e) => e.type === 'needs_review');
    assert.equal(reviews.length, 1);
    assert.equal(reviews[0]?.reason, 'amount_mismatch');
    assert.equal(reviews[0]?.amountCents, 3090);
    assert.equal(reviews[0]?.currentAmountCents, 4340);
    assert.deepEqual(
      unmatched.map((u) => u.type),
      ['amount_mismatch'],
      'onUnmatchedOrder still hears it',
    );
    // The merchant credits the stale order through the merchant API, then closes the review.
    const credit = await h.proxy(
      new Request('https://shop.example/billink/merchant/orders/m1/credits', {
        method: 'POST',
        headers: {
          authorization: `Bearer ${API_KEY}`,
          'content-type': 'application/json',
          'idempotency-key': idem(),
        },
        body: JSON.stringify({ amountCents: 3090, description: 'Winkelwagen gewijzigd' }),
      }),
    );
    assert.equal(credit.status, 201, await credit.clone().text());
    const resolved = await merchant(h, '/orders/m1/review', { resolution: 'credited' });
    assert.equal(resolved.status, 200, await resolved.clone().text());
    // A later poll of the stale attempt does not reopen it.
    await h.call('GET', `/billink/orders/${String(first.json.orderId)}`, {
      headers: { authorization: `Bearer ${String(first.json.statusToken)}` },
    });
    const none = await merchant(h, '/orders/m1/review', { resolution: 'accepted' });
    assert.equal((await none.json()).error.code, 'no_review_open');

    // The shopper pays the new amount under the next number: the shop hears that approval too,
    // and the order book follows the new invoice.
    const second = await attempt(h, 'm1');
    assert.equal(second.status, 201, JSON.stringify(second.json));
    h.simulator.completeSession(sessionIdOf(second.json.redirectUrl), 'approve');
    const polled = await h.call('GET', `/billink/orders/${String(second.json.orderId)}`, {
      headers: { authorization: `Bearer ${String(second.json.statusToken)}` },
    });
    assert.equal((polled.json as { status: string }).status, 'approved');
    await settle();
    const approvals = events.filter((e) => e.type === 'approved');
    assert.deepEqual(
      approvals.map((e) => [e.orderNumber, e.amountCents]),
      [
        ['WEB-m1', 3090], // Billink's word about the stale order, with its amount (then needs_review)
        [String(second.json.orderNumber), 4340],
      ],
      'the new approval reaches the shop once, with the new amount',
    );
    const book = await merchant(h, '/orders/m1');
    const entry = (await book.json()) as {
      orderNumber: string;
      amountCents: number;
      status: string;
    };
    assert.deepEqual(
      [entry.orderNumber, entry.amountCents, entry.status],
      [String(second.json.orderNumber), 4340, 'approved'],
    );
  });
});
