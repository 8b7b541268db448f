/**
 * Regression tests for the review findings F-record, F-webhook, F-ref, F-reconciler and F-growth:
 * each failed on the code before its fix.
 */
import { readOrderRecord } from '../../../src/server/proxy/attempts/record-codec.js';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  BillinkError,
  type BillinkClient,
  type WebhookVerifier,
} from '../../../src/server/billink/index.js';
import { createBillinkProxyApp } from '../../../src/server/proxy/proxy.js';
import { saveOrder, PENDING_INDEX, type ProxyContext } from '../../../src/server/proxy/context.js';
import type { OrderRecord } from '../../../src/server/proxy/attempts/order-records.js';
import { reconcilePending } from '../../../src/server/proxy/attempts/reconciler.js';
import { receiveWebhook } from '../../../src/server/proxy/webhooks/receive.js';
import type { BookEntry } from '../../../src/server/proxy/orders/order-book.js';
import { createMemoryStore } from '../../../src/server/proxy/store/memory-store.js';
import { StoreUnavailableError, type ProxyStore } from '../../../src/server/proxy/store/store.js';
import type { Order } from '../../../src/server/proxy/contract/checkout.js';

const ORDER: Order = {
  orderNumber: 'N-1001',
  currency: 'EUR',
  totalCents: 10000,
  lines: [{ code: 'A', name: 'Thing', quantity: 1, unitPriceCents: 10000, vatRate: 21 }],
  customer: {
    type: 'p',
    firstName: 'Jan',
    lastName: 'Jansen',
    birthdate: '1980-05-17',
    email: 'j@example.com',
    phone: '0612345678',
  },
  billingAddress: {
    street: 'Kerkstraat',
    houseNumber: '12',
    postalCode: '1234 AB',
    city: 'Amsterdam',
    countryCode: 'NL',
  },
} as Order;

function clock(start = Date.parse('2025-01-01T10:00:00Z')) {
  let t = start;
  return { now: () => t, add: (ms: number) => void (t += ms) };
}

/** Only the Billink calls a test needs; any other call fails the test loudly. */
function fakeBillink(over: Partial<BillinkClient> = {}): BillinkClient {
  let n = 0;
  return {
    check: async () => assert.fail('check is not used here'),
    createSession: async () => ({
      sessionId: `sess_${++n}`,
      sessionUrl: 'https://billink.example/s',
      invoice: 'INV1',
    }),
    sessionStatus: async () => ({ status: 'session_active' }),
    ...over,
  } as Partial<BillinkClient> as BillinkClient;
}

function proxyApp(
  billink: BillinkClient,
  store: ProxyStore,
  now: () => number,
  extra: Record<string, unknown> = {},
) {
  return createBillinkProxyApp({
    billink,
    store,
    now,
    publicUrl: 'https://shop.example',
    resolveOrder: async () => ORDER,
    ...extra,
  } as Parameters<typeof createBillinkProxyApp>[0]);
}

const post = (app: ReturnType<typeof proxyApp>, key: string) =>
  app.request('/billink/orders', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': key },
    body: JSON.stringify({ orderRef: 'REF-1', mode: 'session' }),
  });

const bookEntry = (now: number): BookEntry => ({
  orderRef: 'R',
  orderId: 'ord_1',
  orderNumber: 'N-1',
  workflowNumber: '1',
  mode: 'session',
  status: 'approved',
  amountCents: 10000,
  currency: 'EUR',
  paidCents: 0,
  creditedCents: 0,
  shipped: false,
  onHold: false,
  createdAt: now,
  updatedAt: now,
  events: [],
});

describe('F-webhook: a webhook whose processing failed is processed on redelivery', () => {
  it('Billink down on the first delivery: the redelivery re-reads Billink and records the payment', async () => {
    const c = clock();
    const store = createMemoryStore({ now: c.now });
    await store.set('book:R', JSON.stringify(bookEntry(c.now())), 1e10);
    await store.set('book-number:N-1', 'R', 1e10);
    let billinkDown = true;
    let infoCalls = 0;
    const ctx = {
      store,
      now: c.now,
      logger: {},
      deliversEvents: false,
      kickOrderEvents() {},
      billink: {
        orderInfo: async () => {
          infoCalls++;
          if (billinkDown) {
            throw new BillinkError({
              code: 'timeout',
              description: 't',
              operation: 'legacyStatus',
            });
          }
          return { invoices: [{ status: 'paid', description: 'paid' }] };
        },
        invoices: async () => ({ page: 1, totalPages: 1, totalInvoices: '0', invoices: [] }),
      },
    } as unknown as ProxyContext;
    const payload = {
      kind: 'order',
      event: 'order_paid',
      knownEvent: true,
      merchantInvoiceNumber: 'N-1',
      billinkInvoiceNumber: 'B1',
    };
    // Claims the delivery id in the shared store, as the mounted proxy's verifier does.
    const verifier: WebhookVerifier = {
      verify: async () => {
        if (!(await store.claim('webhook:dlv-1', '1', 86_400_000))) {
          const { WebhookVerificationError } = await import('../../../src/server/billink/index.js');
          throw new WebhookVerificationError('replayed', 'seen');
        }
        return { id: 'dlv-1', timestamp: 1700000000, payload } as never;
      },
    };
    const request = () =>
      new Request('https://x/billink/webhooks', { method: 'POST', body: '{"same":"body"}' });

    await assert.rejects(receiveWebhook(ctx, verifier, request()));
    billinkDown = false;
    const redelivery = await receiveWebhook(ctx, verifier, request());
    assert.notEqual(redelivery.status, 'duplicate');
    assert.equal(infoCalls, 2, 'the redelivery asked Billink again');
    // A third delivery after success is a duplicate again.
    assert.equal((await receiveWebhook(ctx, verifier, request())).status, 'duplicate');
  });
});

/** A bare context for the reconciler and saveOrder, with the Billink calls a test gives it. */
function reconcileContext(store: ProxyStore, now: () => number, billink: Partial<BillinkClient>) {
  return {
    store,
    now,
    logger: {},
    billink,
    sessionTtlMs: 60 * 60 * 1000,
    onUnmatchedOrder: undefined,
    deliversEvents: false,
    kickOrderEvents() {},
  } as unknown as ProxyContext;
}

function pendingRecord(now: number, id: string, sessionId: string, createdAt: number): OrderRecord {
  return {
    orderId: id,
    tokenHash: 'x',
    orderRef: `R${id}`,
    orderNumber: `N${id}`,
    mode: 'session',
    status: 'pending',
    amountCents: 1,
    currency: 'EUR',
    expiresAt: now + 3600_000,
    createdAt,
    updatedAt: createdAt,
    sessionId,
    workflowNumber: '1',
  };
}

describe('F-reconciler: one session Billink refuses to answer about does not block the others', () => {
  it('a 404 for one session: the other pending checkout is confirmed, the failing one asked less often', async () => {
    const c = clock();
    const store = createMemoryStore({ now: c.now });
    const asked: string[] = [];
    const ctx = reconcileContext(store, c.now, {
      sessionStatus: async ({ sessionId }: { sessionId: string }) => {
        asked.push(sessionId);
        if (sessionId === 's-bad') {
          throw new BillinkError({
            code: '404',
            description: 'Session not found',
            operation: 'sessionStatus',
            httpStatus: 404,
          });
        }
        return { status: 'order_created' };
      },
    } as Partial<BillinkClient>);
    await saveOrder(ctx, pendingRecord(c.now(), 'ord_a', 's-bad', c.now() - 1000));
    await saveOrder(ctx, pendingRecord(c.now(), 'ord_b', 's-good', c.now()));
    const runs = [];
    for (let i = 0; i < 8; i++) {
      c.add(31 * 60_000);
      runs.push(await reconcilePending(ctx));
    }
    assert.ok(asked.includes('s-good'), 'the good session was asked about');
    const good = readOrderRecord('ord_b', await store.get('order:ord_b'))!;
    assert.equal(good.status, 'approved');
    assert.ok(
      runs.every((r) => !r.billinkUnavailable && !r.skipped),
      'no global backoff',
    );
    const badAsks = asked.filter((s) => s === 's-bad').length;
    assert.ok(badAsks >= 2 && badAsks < 8, `the failing session backs off on its own (${badAsks})`);
  });
});

describe('F-growth: the pending-orders index does not grow forever without a reconciler', () => {
  it('saving a new attempt trims members whose records outlived session lifetime + grace', async () => {
    const c = clock();
    const store = createMemoryStore({ now: c.now });
    const ctx = reconcileContext(store, c.now, {});
    const members = () => store.zrangeByScore(PENDING_INDEX, Number.POSITIVE_INFINITY, 1000);
    for (let i = 0; i < 5; i++) {
      await saveOrder(ctx, pendingRecord(c.now(), `ord_old${i}`, `s-old${i}`, c.now()));
    }
    c.add(2 * 24 * 3600_000);
    await saveOrder(ctx, pendingRecord(c.now(), 'ord_mid', 's-mid', c.now()));
    assert.equal((await members()).length, 6, 'nothing young is trimmed');
    c.add(7 * 24 * 3600_000); // the old ones' records have expired; the middle one's has not
    await saveOrder(ctx, pendingRecord(c.now(), 'ord_new', 's-new', c.now()));
    assert.deepEqual((await members()).sort(), ['ord_mid', 'ord_new']);
    assert.equal(await store.get('order:ord_old0'), null, 'its record had expired already');
    assert.notEqual(await store.get('order:ord_mid'), null);
  });
});

describe('F-ref: an instance dying mid-create does not lock the order or the key out for days', () => {
  it(
    'after the lease, a new request and the element’s retry with the same key both start a session',
    { timeout: 10_000 },
    async () => {
      const c = clock();
      const store = createMemoryStore({ now: c.now });
      const dying = proxyApp(
        fakeBillink({ createSession: () => new Promise(() => {}) }),
        store,
        c.now,
      );
      void post(dying, 'key-aaaaaaaa'); // instance A dies inside createSession
      await new Promise((r) => setTimeout(r, 50));
      const healthy = proxyApp(fakeBillink(), store, c.now);

      const during = await post(healthy, 'key-bbbbbbbb');
      assert.equal(during.status, 409, 'while the lease runs, the create may still be under way');
      assert.equal(
        ((await during.json()) as { error: { code: string } }).error.code,
        'order_in_progress',
      );

      c.add(5 * 60_000);
      const fresh = await post(healthy, 'key-cccccccc');
      assert.equal(fresh.status, 201, await fresh.clone().text());
      const created = (await fresh.json()) as { status: string; orderId: string };
      assert.equal(created.status, 'pending');
      // The saved attempt holds the orderRef beyond the lease.
      c.add(5 * 60_000);
      assert.equal(await store.get('ref:REF-1'), created.orderId);

      // The element's RETRY reuses the dead request's key: it runs (superseding the open session).
      const retry = await post(healthy, 'key-aaaaaaaa');
      assert.equal(retry.status, 201, await retry.clone().text());
    },
  );
});

describe('F-record: an approval whose order-book write failed is recorded and delivered later', () => {
  async function approvedWithBookBlip() {
    const c = clock();
    const base = createMemoryStore({ now: c.now });
    let failBookLock = false;
    const store: ProxyStore = {
      ...base,
      claim: async (key, value, ttl) => {
        if (failBookLock && key.startsWith('book-lock:')) {
          failBookLock = false;
          throw new StoreUnavailableError('blip');
        }
        return base.claim(key, value, ttl);
      },
    };
    const delivered: unknown[] = [];
    let status = 'session_active';
    const app = proxyApp(
      fakeBillink({ sessionStatus: async () => ({ status }) } as Partial<BillinkClient>),
      store,
      c.now,
      { statusRefreshMs: 0, onOrderEvent: (e: unknown) => void delivered.push(e) },
    );
    const created = (await (await post(app, 'key-cccccccc')).json()) as {
      orderId: string;
      statusToken: string;
    };
    status = 'order_created';
    failBookLock = true;
    const poll = async () =>
      (
        (await (
          await app.request(`/billink/orders/${created.orderId}`, {
            headers: { authorization: `Bearer ${created.statusToken}` },
          })
        ).json()) as { status: string }
      ).status;
    assert.equal(await poll(), 'approved');
    assert.equal(await base.get('book:REF-1'), null, 'the blip kept it out of the book');
    return { c, base, app, poll, delivered };
  }

  async function until(condition: () => boolean) {
    for (let i = 0; i < 200 && !condition(); i++) await new Promise((r) => setTimeout(r, 5));
  }

  it('the next poll of the final attempt records it', async () => {
    const { c, base, poll, delivered } = await approvedWithBookBlip();
    c.add(5000);
    assert.equal(await poll(), 'approved');
    const book = JSON.parse((await base.get('book:REF-1'))!) as BookEntry;
    assert.equal(book.status, 'approved');
    await until(() => delivered.length > 0);
    assert.equal(delivered.length, 1);
  });

  it('the reconciler records it when the shopper polls no more, once', async () => {
    const { c, base, app, delivered } = await approvedWithBookBlip();
    c.add(20 * 60_000);
    const run = await app.reconcile();
    assert.equal(run.recorded, 1);
    const book = JSON.parse((await base.get('book:REF-1'))!) as BookEntry;
    assert.equal(book.status, 'approved');
    assert.equal(book.events.filter((e) => e.type === 'approved').length, 1);
    await until(() => delivered.length > 0);
    assert.equal(delivered.length, 1);
    c.add(20 * 60_000);
    assert.equal((await app.reconcile()).recorded, 0, 'recorded once, then off the list');
  });
});
