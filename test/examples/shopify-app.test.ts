// examples/shopify/app: the app backend on a proxy mounted on the simulator, fed Shopify's webhooks
// as recorded payloads (shopify-webhooks/*.json, Shopify's documented shapes), signed as Shopify
// signs them: a fulfillment ships the Billink order, a refund credits it once.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createMemoryStore, type Order } from '../../src/server/proxy/index.js';
import { createShopifyBackend } from '../../examples/shopify/app/backend.js';
import {
  decimalToCents,
  readRefund,
  verifyShopifyWebhook,
} from '../../examples/shopify/app/webhooks.js';
import { address, customer, harness, idem, ORIGIN } from '../server/proxy/harness.js';

const SECRET = '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';
const SHOP = 'billink-demo.myshopify.com';
const MERCHANT_KEY = 'm'.repeat(40);
const ORDER_REF = 'c1-Q7fK2xV9mP4tL8'; // the cart token the theme block used as order-ref

const recorded = (name: string) =>
  readFileSync(`test/examples/shopify-webhooks/${name}.json`, 'utf8');
const sign = (raw: string, secret = SECRET) =>
  createHmac('sha256', secret).update(raw, 'utf8').digest('base64');

function setup(extra: { shopifyApiKey?: string } = {}) {
  const store = createMemoryStore();
  const h = harness({ merchantApiKey: MERCHANT_KEY, store });
  const warnings: string[] = [];
  const app = createShopifyBackend({
    billinkProxy: h.proxy,
    merchantApiKey: MERCHANT_KEY,
    shopifyApiSecret: SECRET,
    shopDomain: SHOP,
    store,
    logger: { warn: (m) => warnings.push(m) },
    ...extra,
  });
  const order: Order = {
    orderNumber: '1001',
    currency: 'EUR',
    lines: [
      {
        code: 'DEMO-MUG',
        name: 'Billink demo mug',
        quantity: 2,
        unitPriceCents: 1250,
        vatRate: 21,
      },
      { code: 'SHIPPING', name: 'Standard', quantity: 1, unitPriceCents: 495, vatRate: 21 },
    ],
    totalCents: 2995,
  };
  h.orders.set(ORDER_REF, order);

  /** Shopify delivering a webhook: the raw body, its HMAC and Shopify's headers. */
  const deliver = async (
    topic: string,
    raw: string,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: Record<string, unknown> }> => {
    const response = await app(
      new Request(`${ORIGIN}/webhooks/shopify`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-shopify-topic': topic,
          'x-shopify-hmac-sha256': sign(raw),
          'x-shopify-shop-domain': SHOP,
          'x-shopify-api-version': '2026-10',
          'x-shopify-webhook-id': crypto.randomUUID(),
          'x-shopify-triggered-at': '2026-11-23T08:02:11.000Z',
          ...headers,
        },
        body: raw,
      }),
    );
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  /** The shopper approves the cart on Billink's page (the element's flow, through the proxy). */
  const approve = async () => {
    const created = await h.call('POST', '/billink/orders', {
      body: {
        orderRef: ORDER_REF,
        mode: 'session',
        customer: customer(),
        billingAddress: address(),
      },
      headers: { 'idempotency-key': idem() },
    });
    assert.equal(created.status, 201, JSON.stringify(created.json));
    const { orderId, statusToken, redirectUrl } = created.json as Record<string, string>;
    const done = h.simulator.completeSession(
      new URL(redirectUrl!).pathname.split('/').pop()!,
      'approve',
    );
    // Billink sends the shopper back through the proxy's return route, which asks Billink once.
    assert.equal((await h.proxy(new Request(done.redirect!))).status, 303);
    const status = await h.call('GET', `/billink/orders/${orderId}`, {
      headers: { authorization: `Bearer ${statusToken}` },
    });
    assert.equal(status.json.status, 'approved');
  };
  return { h, app, deliver, approve, warnings };
}

describe('Shopify app example: webhook signature and payloads', () => {
  it('accepts exactly Shopify’s HMAC over the raw body', async () => {
    const raw = recorded('refunds-create');
    assert.equal(await verifyShopifyWebhook(SECRET, raw, sign(raw)), true);
    assert.equal(
      await verifyShopifyWebhook(SECRET, raw.replace('12.50', '99.50'), sign(raw)),
      false,
    );
    assert.equal(await verifyShopifyWebhook(SECRET, raw, sign(raw, 'another-app-secret')), false);
    assert.equal(await verifyShopifyWebhook(SECRET, raw, null), false);
    assert.equal(await verifyShopifyWebhook(SECRET, raw, 'not base64!'), false);
  });

  it('reads money as integer cents, from transactions or else the refunded lines', () => {
    assert.deepEqual(['12.50', '0.05', '7', 12.5, '1.234', '-1.00', 'abc'].map(decimalToCents), [
      1250,
      5,
      700,
      1250,
      undefined,
      undefined,
      undefined,
    ]);
    const refund = JSON.parse(recorded('refunds-create')) as Record<string, unknown>;
    assert.equal(readRefund(refund)?.amountCents, 1250);
    // A payment-pending order refunds no transaction: the line incl. tax plus refunded shipping.
    const noTransactions = {
      ...refund,
      transactions: [],
      order_adjustments: [{ kind: 'shipping_refund', amount: '-4.95', tax_amount: '-0.86' }],
    };
    assert.equal(readRefund(noTransactions)?.amountCents, 1250 + 217 + 495);
  });
});

describe('Shopify app example: webhooks ship and credit the Billink order', () => {
  it('orders/create links the order; fulfillments/create ships it with the tracking number', async () => {
    const { h, deliver, approve } = setup();
    await approve();
    const linked = await deliver('orders/create', recorded('orders-create'));
    assert.deepEqual(linked, { status: 200, body: { status: 'linked', orderRef: ORDER_REF } });
    assert.equal(h.simulator.getOrder('1001')!.workflowStarted, false);

    const shipped = await deliver('fulfillments/create', recorded('fulfillments-create'));
    assert.equal(shipped.status, 200);
    assert.equal(shipped.body.status, 'done');
    assert.equal(h.simulator.getOrder('1001')!.workflowStarted, true);
    const book = await h.proxy(
      new Request(`${ORIGIN}/billink/merchant/orders/${ORDER_REF}`, {
        headers: { authorization: `Bearer ${MERCHANT_KEY}` },
      }),
    );
    const events = ((await book.json()) as { events: { type: string; trackAndTrace?: string }[] })
      .events;
    assert.equal(events.find((e) => e.type === 'shipped')?.trackAndTrace, '3SBLNK0001042');
    // Shopify delivers again: harmless.
    assert.equal(
      (await deliver('fulfillments/create', recorded('fulfillments-create'))).status,
      200,
    );
  });

  it('refunds/create credits the refunded amount once, however often Shopify delivers it', async () => {
    const { h, deliver, approve } = setup();
    await approve();
    await deliver('orders/create', recorded('orders-create'));
    const first = await deliver('refunds/create', recorded('refunds-create'));
    const again = await deliver('refunds/create', recorded('refunds-create'));
    assert.equal(first.body.status, 'done');
    assert.equal(again.body.status, 'done');
    assert.equal(h.simulator.getOrder('1001')!.creditedCents, 1250, 'credited once at Billink');

    // A refund of more than is left: acknowledged (Shopify's retries cannot change it), logged.
    const tooMuch = recorded('refunds-create')
      .replace('"id": 929361465409', '"id": 929361465410')
      .replace('"amount": "12.50"', '"amount": "25.00"');
    const refused = await deliver('refunds/create', tooMuch);
    assert.deepEqual(refused.body.code, 'credit_exceeds_remaining');
    assert.equal(h.simulator.getOrder('1001')!.creditedCents, 1250);
  });

  it('refuses forged or foreign webhooks and ignores orders not paid with Billink', async () => {
    const { h, app, deliver, approve } = setup();
    await approve();
    await deliver('orders/create', recorded('orders-create'));
    const raw = recorded('refunds-create');
    const forged = await deliver('refunds/create', raw, {
      'x-shopify-hmac-sha256': sign(raw, 'not-the-app-secret'),
    });
    assert.equal(forged.status, 401);
    const foreign = await deliver('refunds/create', raw, {
      'x-shopify-shop-domain': 'other.myshopify.com',
    });
    assert.equal(foreign.status, 403);
    assert.equal(h.simulator.getOrder('1001')!.creditedCents, 0, 'nothing credited');

    const otherOrder = raw.replaceAll('5849363005761', '5849363009999');
    assert.deepEqual((await deliver('refunds/create', otherOrder)).body, { status: 'ignored' });
    const noBillink = recorded('orders-create').replace('"billink_order_ref"', '"gift_note"');
    assert.deepEqual((await deliver('orders/create', noBillink)).body, { status: 'ignored' });
    // Everything else is the Billink proxy's.
    const proxied = await app(new Request(`${ORIGIN}/billink/orders/ord_unknown`));
    assert.equal(proxied.status, 404);
  });
});

describe('Shopify app example: admin actions with the session token', () => {
  const API_KEY = 'shopify-client-id-0001';
  const b64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');
  /** A session token as App Bridge hands it to the app's admin (HS256 with the client secret). */
  const sessionToken = (claims: Record<string, unknown> = {}, secret = SECRET) => {
    const now = Math.floor(Date.now() / 1000);
    const head = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
    const body = b64url(
      JSON.stringify({
        iss: `https://${SHOP}/admin`,
        dest: `https://${SHOP}`,
        aud: API_KEY,
        sub: '42',
        exp: now + 60,
        nbf: now - 1,
        iat: now - 1,
        ...claims,
      }),
    );
    const sig = createHmac('sha256', secret).update(`${head}.${body}`).digest('base64url');
    return `${head}.${body}.${sig}`;
  };

  async function linkedSetup() {
    const s = setup({ shopifyApiKey: API_KEY });
    const { app } = s;
    await s.approve();
    await s.deliver('orders/create', recorded('orders-create'));
    const orderId = (JSON.parse(recorded('orders-create')) as { id: number }).id;
    const act = async (
      action: string,
      body: unknown = {},
      { token = sessionToken(), headers = {} as Record<string, string>, id = orderId } = {},
    ) => {
      const res = await app(
        new Request(`${ORIGIN}/app/billink/orders/${id}/${action}`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${token}`,
            'content-type': 'application/json',
            ...headers,
          },
          body: JSON.stringify(body),
        }),
      );
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    return { ...s, act };
  }

  it('holds, messages, registers a payment (once per key) and resumes the Billink order', async () => {
    const { h, act } = await linkedSetup();
    const held = await act('hold', { days: 7 });
    assert.equal(held.status, 200, JSON.stringify(held.body));
    assert.equal(held.body.onHold, true);
    assert.ok(h.simulator.getOrder('1001')!.onHoldUntil! > Date.now());

    assert.equal((await act('message', { message: 'Klant belt over levering.' })).status, 201);

    const payment = { amountCents: 1000, description: 'Betaald in de winkel' };
    const key = { headers: { 'idempotency-key': 'shopify-payment-0001' } };
    const paid = await act('payment', payment, key);
    assert.equal(paid.status, 201, JSON.stringify(paid.body));
    assert.equal((await act('payment', payment, key)).status, 201, 'a repeat answers the same');
    assert.equal(h.simulator.getOrder('1001')!.paidCents, 1000, 'registered once at Billink');
    const noKey = await act('payment', payment);
    assert.equal(noKey.status, 400);
    assert.equal((noKey.body.error as { code: string }).code, 'idempotency_key_required');

    const resumed = await act('resume');
    assert.equal(resumed.status, 200);
    assert.equal(resumed.body.onHold, false);
  });

  it('refuses tokens that are not this app’s, for this shop, now; and unknown orders or actions', async () => {
    const { h, act } = await linkedSetup();
    const refused = [
      sessionToken({}, 'another-app-secret'),
      sessionToken({ exp: Math.floor(Date.now() / 1000) - 60 }),
      sessionToken({ dest: 'https://other.myshopify.com' }),
      sessionToken({ aud: 'another-app' }),
      'not.a.token',
    ];
    for (const token of refused)
      assert.equal((await act('hold', { days: 3 }, { token })).status, 401, token);
    assert.equal(h.simulator.getOrder('1001')!.onHoldUntil, undefined, 'nothing held');
    assert.equal((await act('ship')).status, 404, 'not an admin action');
    assert.equal((await act('hold', { days: 3 }, { id: 999 })).status, 404, 'not a Billink order');
  });
});
