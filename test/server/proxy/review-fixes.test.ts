/**
 * Regression tests for the review findings F-record, F-webhook, F-ref, F-reconciler and F-growth:
 * each failed on the code before its fix.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  BillinkError,
  type BillinkClient,
  type WebhookVerifier,
} from '../../../src/server/billink/index.js';
import { createBillinkProxyApp } from '../../../src/server/proxy/proxy.ts';
import { saveOrder, PENDING_INDEX, type ProxyContext } from '../../../src/server/proxy/context.js';
import type { OrderRecord } from '../../../src/server/proxy/order-records.js';
import { reconcilePending } from '../../../src/server/proxy/reconciler.js';
import { receiveWebhook } from '../../../src/server/proxy/routes/webhooks.js';
import type { BookEntry } from '../../../src/server/proxy/lifecycle/order-book.js';
import { createMemoryStore } from '../../../src/server/proxy/store/memory-store.js';
import { StoreUnavailableError, type ProxyStore } from '../../../src/server/proxy/store/store.js';
import type { Order } from '../../../src/server/proxy/schemas.js';

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
            throw new BillinkError({ code: 'timeout', description: 't', operation: 'orderInfo' });
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
