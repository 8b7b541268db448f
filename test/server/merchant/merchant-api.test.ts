import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ProxyServer } from '../../../src/server/proxy/standalone/server.js';
import {
  API_KEY,
  checkout,
  EVENT_SECRET,
  merchant,
  startProxy,
  startShop,
  until,
} from './helpers.js';

describe('merchant API on the standalone proxy (simulator)', () => {
  let server: ProxyServer;
  let shop: Awaited<ReturnType<typeof startShop>>;
  let api: ReturnType<typeof merchant>;

  before(async () => {
    shop = await startShop();
    server = await startProxy({
      MERCHANT_API_KEY: API_KEY,
      ORDER_SOURCE_URL: shop.url,
      ORDER_EVENT_SECRET: EVENT_SECRET,
    });
    api = merchant(server.url);
  });
  after(async () => {
    await server.close();
    await shop.close();
  });

  it('refuses a missing or wrong key, browsers, and is 404 without a configured key', async () => {
    await checkout(server, 'AUTH-1');
    assert.equal((await merchant(server.url, '')('GET', '/orders/AUTH-1')).status, 401);
    const wrong = await merchant(server.url, 'x'.repeat(40))('GET', '/orders/AUTH-1');
    assert.equal(wrong.status, 401);
    assert.equal(wrong.json.error.code, 'unauthorized');
    const browser = await api('GET', '/orders/AUTH-1', {
      headers: { origin: server.url },
    });
    assert.equal(browser.status, 403);
    assert.equal(browser.headers.get('access-control-allow-origin'), null);
    const preflight = await fetch(`${server.url}/billink/merchant/orders/AUTH-1`, {
      method: 'OPTIONS',
      headers: { origin: server.url, 'access-control-request-method': 'GET' },
    });
    assert.equal(preflight.headers.get('access-control-allow-origin'), null);
    assert.equal((await api('GET', '/orders/AUTH-1')).status, 200);

    const keyless = await startProxy({});
    try {
      const res = await merchant(keyless.url)('GET', '/orders/AUTH-1');
      assert.equal(res.status, 404);
    } finally {
      await keyless.close();
    }
  });

  it('plays an order’s whole life: ship, credit once per key, payments, hold, resume, messages', async () => {
    await checkout(server, 'LIFE-1');
    let order = await api('GET', '/orders/LIFE-1');
    assert.equal(order.status, 200);
    assert.equal(order.json.status, 'approved');
    assert.equal(order.json.amountCents, 2995);
    assert.equal(order.json.outstandingCents, 2995);
    assert.equal(order.json.shipped, false);

    // Ship, twice: harmless.
    const shipped = await api('POST', '/orders/LIFE-1/ship', { body: { trackAndTrace: '3SABC' } });
    assert.equal(shipped.status, 200);
    assert.equal(shipped.json.shipped, true);
    assert.equal((await api('POST', '/orders/LIFE-1/ship', { body: {} })).status, 200);

    // A credit needs an Idempotency-Key; the same key twice credits once at Billink.
    assert.equal(
      (
        await api('POST', '/orders/LIFE-1/credits', {
          body: { amountCents: 500, description: 'Mug' },
        })
      ).status,
      400,
    );
    const key = { 'idempotency-key': crypto.randomUUID() };
    const first = await api('POST', '/orders/LIFE-1/credits', {
      body: { amountCents: 500, description: 'Broken mug' },
      headers: key,
    });
    const again = await api('POST', '/orders/LIFE-1/credits', {
      body: { amountCents: 500, description: 'Broken mug' },
      headers: key,
    });
    assert.equal(first.status, 201);
    assert.equal(again.status, 201);
    assert.equal(again.json.creditedCents, 500);
    const listed = await api('GET', '/invoices');
    const atBillink = listed.json.invoices.find(
      (i: { orderNumber: string }) => i.orderNumber === 'LIFE-1',
    );
    assert.equal(atBillink.creditedCents, 500, 'the simulator booked one credit');
    const reused = await api('POST', '/orders/LIFE-1/credits', {
      body: { amountCents: 700, description: 'Broken mug' },
      headers: key,
    });
    assert.equal(reused.status, 422);

    // More than is still creditable: refused with the figures.
    const over = await api('POST', '/orders/LIFE-1/credits', {
      body: { amountCents: 2600, description: 'Too much' },
      headers: { 'idempotency-key': crypto.randomUUID(), 'accept-language': 'en' },
    });
    assert.equal(over.status, 422);
    assert.equal(over.json.error.code, 'credit_exceeds_remaining');
    assert.match(over.json.error.message, /more than what can still be credited/);
    assert.match(over.json.error.detail, /€24\.95/);

    // A payment made elsewhere, then the shopper pays the rest.
    const paid = await api('POST', '/orders/LIFE-1/payments', {
      body: { amountCents: 1000, description: 'Paid in shop' },
      headers: { 'idempotency-key': crypto.randomUUID() },
    });
    assert.equal(paid.status, 201);
    assert.equal(paid.json.paidCents, 1000);
    assert.equal(paid.json.outstandingCents, 1495);

    // Hold: over 14 days refused; 7 days on; resume.
    const tooLong = await api('POST', '/orders/LIFE-1/hold', {
      body: { days: 15 },
      headers: { 'accept-language': 'nl' },
    });
    assert.equal(tooLong.status, 422);
    assert.equal(tooLong.json.error.code, 'hold_days_out_of_range');
    assert.match(tooLong.json.error.message, /1 tot en met 14 dagen/);
    const held = await api('POST', '/orders/LIFE-1/hold', { body: { days: 7 } });
    assert.equal(held.status, 200);
    assert.equal(held.json.onHold, true);
    const resumed = await api('POST', '/orders/LIFE-1/resume');
    assert.equal(resumed.json.onHold, false);

    assert.equal(
      (await api('POST', '/orders/LIFE-1/messages', { body: { message: 'Customer called' } }))
        .status,
      201,
    );

    const rest = await api('POST', '/orders/LIFE-1/simulate-payment', {
      body: { amountCents: 1495 },
    });
    assert.equal(rest.status, 200);
    assert.equal(rest.json.outstandingCents, 0);

    order = await api('GET', '/orders/LIFE-1?refresh=1');
    assert.equal(order.json.paidCents, 2495);
    assert.deepEqual(
      order.json.events.map((e: { type: string }) => e.type),
      ['approved', 'shipped', 'credit', 'payment', 'on_hold', 'resumed', 'payment', 'paid'],
    );

    // Every event reached the shop, signed, once.
    await until(() => shop.events.filter((e) => e.orderRef === 'LIFE-1').length === 8);
    assert.deepEqual(
      shop.events.filter((e) => e.orderRef === 'LIFE-1').map((e) => e.type),
      ['approved', 'shipped', 'credit', 'payment', 'on_hold', 'resumed', 'payment', 'paid'],
    );
    const delivered = await api('GET', '/orders/LIFE-1');
    await until(async () =>
      (await api('GET', '/orders/LIFE-1')).json.events.every(
        (e: { delivery: { state: string } }) => e.delivery.state === 'delivered',
      ),
    );
    assert.equal(delivered.status, 200);
    assert.deepEqual(shop.refused, []);
  });

  it('refuses to ship an order Billink did not approve, and an unknown one', async () => {
    await checkout(server, 'CANCEL-1', 'cancel');
    await until(async () => (await api('GET', '/orders/CANCEL-1')).status === 200);
    const res = await api('POST', '/orders/CANCEL-1/ship', {
      body: {},
      headers: { 'accept-language': 'en' },
    });
    assert.equal(res.status, 409);
    assert.equal(res.json.error.code, 'order_not_approved');
    assert.match(res.json.error.message, /not approved/);
    assert.equal((await api('POST', '/orders/NOPE-1/ship', { body: {} })).status, 404);
    await until(() => shop.events.some((e) => e.orderRef === 'CANCEL-1' && e.type === 'cancelled'));
  });

  it('ships many orders in one request, in Billink calls of at most 10', async () => {
    const refs = Array.from({ length: 12 }, (_, i) => `BATCH-${i}`);
    for (const ref of refs) await checkout(server, ref);
    const res = await api('POST', '/orders/ship', {
      body: { orders: [...refs.map((orderRef) => ({ orderRef })), { orderRef: 'CANCEL-1' }] },
    });
    assert.equal(res.status, 200);
    assert.equal(res.json.results.length, 13);
    assert.ok(res.json.results.slice(0, 12).every((r: { shipped: boolean }) => r.shipped));
    assert.equal(res.json.results[12].error.code, 'order_not_approved');
    assert.equal((await api('GET', '/orders/BATCH-11')).json.shipped, true);
  });

  it('exports invoices as CSV over all pages with one header row and decimal amounts', async () => {
    // The simulator pages by 50: make sure there are more than 50.
    for (let i = 0; i < 40; i++) await checkout(server, `CSV-${i}`);
    const json = await api('GET', '/invoices?page=1');
    assert.equal(json.status, 200);
    assert.ok(json.json.totalPages >= 2, 'several pages');
    const csv = await api('GET', '/invoices?format=csv');
    assert.equal(csv.status, 200);
    assert.match(csv.headers.get('content-type') ?? '', /text\/csv/);
    const lines = csv.text.trim().split('\r\n');
    assert.match(lines[0]!, /^invoice_number,order_number,/);
    assert.equal(lines.filter((l) => l.startsWith('invoice_number')).length, 1);
    assert.equal(lines.length - 1, json.json.totalInvoices);
    assert.ok(lines.some((l) => l.includes(',29.95,')));
    const bad = await api('GET', '/invoices?from=01-12-2026');
    assert.equal(bad.status, 400);
  });

  it('answers the invoice document with a clear 4xx saying what Billink returned', async () => {
    const res = await api('GET', '/orders/LIFE-1/invoice', {
      headers: { 'accept-language': 'en' },
    });
    if (res.headers.get('content-type') === 'application/pdf') {
      assert.ok(res.text.startsWith('%PDF-'));
    } else {
      assert.equal(res.status, 422);
      assert.equal(res.json.error.code, 'invoice_document_unavailable');
      assert.match(res.json.error.detail, /Billink answered/);
    }
  });

  it('sets up webhooks with a new secret and verifies Billink’s next webhook with it', async () => {
    await checkout(server, 'HOOK-1');
    const setup = await api('POST', '/webhooks/setup', { body: {} });
    assert.equal(setup.status, 200);
    assert.equal(setup.json.url, `${server.url}/billink/webhooks`);
    // The shopper pays at Billink; only the (newly signed) order webhook tells the proxy.
    server.simulator!.shopperPays({ invoiceNumber: 'HOOK-1', amountCents: 995 });
    await server.simulator!.webhooksIdle();
    const order = await until(async () => {
      const o = await api('GET', '/orders/HOOK-1');
      return o.json.paidCents === 995 ? o : undefined;
    });
    assert.equal(order.json.outstandingCents, 2000);
    const payment = order.json.events.at(-1);
    assert.equal(payment.type, 'payment');
    assert.equal(payment.by, 'billink');
    assert.equal(payment.amountCents, 995);
  });
});
