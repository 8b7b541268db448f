import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import {
  createOrderResponseSchema,
  createOrderStatusCallback,
  type OrderStatusUpdate,
} from '../../../src/server/proxy/index.js';
import { signWebhook, WEBHOOK_V3_HEADERS } from '../../../src/server/billink/index.js';
import { address, customer, harness, idem, order, ORIGIN } from './harness.js';

const SECRET = 'notify-secret';

describe("the shop's server learns final statuses (onOrderStatus)", () => {
  it('once, when the session is approved, however many polls and webhooks report it', async () => {
    const updates: OrderStatusUpdate[] = [];
    const h = harness({
      statusRefreshMs: 0,
      webhookSecret: SECRET,
      onOrderStatus: (u) => void updates.push(u),
    });
    await h.billink.setSessionWebhookV3('http://localhost/billink/webhooks');
    h.orders.set('n1', { ...order('WEB-n1'), customer: customer(), billingAddress: address() });
    const created = createOrderResponseSchema.parse(
      (
        await h.call('POST', '/billink/orders', {
          body: { orderRef: 'n1', mode: 'session' },
          headers: { 'idempotency-key': idem() },
        })
      ).json,
    );
    assert.equal(updates.length, 0, 'nothing final yet');
    h.simulator.completeSession(
      new URL(created.redirectUrl!).pathname.split('/').pop()!,
      'approve',
    );
    await h.simulator.webhooksIdle();
    for (let i = 0; i < 3; i++) {
      await h.call('GET', `/billink/orders/${created.orderId}`, {
        headers: { authorization: `Bearer ${created.statusToken}` },
      });
    }
    assert.equal(updates.length, 1);
    assert.deepEqual(updates[0], {
      orderRef: 'n1',
      orderId: created.orderId,
      orderNumber: 'WEB-n1',
      status: 'approved',
      mode: 'session',
      amountCents: 2500,
      currency: 'EUR',
      invoiceNumber: updates[0]!.invoiceNumber,
    });
    assert.ok(updates[0]!.invoiceNumber);
  });

  it('at once for a direct-mode order, and for a cancelled session', async () => {
    const updates: OrderStatusUpdate[] = [];
    const h = harness({ webhookSecret: SECRET, onOrderStatus: (u) => void updates.push(u) });
    h.orders.set('n2', order('WEB-n2'));
    const check = await h.call('POST', '/billink/check', {
      body: { orderRef: 'n2', customer: customer(), billingAddress: address() },
    });
    await h.call('POST', '/billink/orders', {
      body: { orderRef: 'n2', mode: 'direct', checkId: check.json.checkId },
      headers: { 'idempotency-key': idem() },
    });
    assert.deepEqual(
      updates.map((u) => [u.orderRef, u.status, u.mode]),
      [['n2', 'approved', 'direct']],
    );

    h.orders.set('n3', { ...order('WEB-n3'), customer: customer(), billingAddress: address() });
    const n3 = await h.call('POST', '/billink/orders', {
      body: { orderRef: 'n3', mode: 'session' },
      headers: { 'idempotency-key': idem() },
    });
    h.simulator.completeSession(
      new URL(String(n3.json.redirectUrl)).pathname.split('/').pop()!,
      'cancel',
    );
    const raw = JSON.stringify({
      status: 'cancelled',
      invoiceNumber: 'WEB-n3',
      transactionId: 't',
      billinkInvoiceNumber: '1SIMWEB-n3',
    });
    const ts = String(Math.floor(Date.now() / 1000));
    await h.proxy(
      new Request(`${ORIGIN}/billink/webhooks`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [WEBHOOK_V3_HEADERS.signature]: await signWebhook(SECRET, ts, raw),
          [WEBHOOK_V3_HEADERS.timestamp]: ts,
          [WEBHOOK_V3_HEADERS.id]: crypto.randomUUID(),
        },
        body: raw,
      }),
    );
    assert.deepEqual(updates.at(-1)?.status, 'cancelled');
  });

  it('a failing hook is logged and never fails the request', async () => {
    const h = harness({
      onOrderStatus: () => {
        throw new Error('shop database down');
      },
    });
    h.orders.set('n4', order('WEB-n4'));
    const check = await h.call('POST', '/billink/check', {
      body: { orderRef: 'n4', customer: customer(), billingAddress: address() },
    });
    const res = await h.call('POST', '/billink/orders', {
      body: { orderRef: 'n4', mode: 'direct', checkId: check.json.checkId },
      headers: { 'idempotency-key': idem() },
    });
    assert.equal(res.status, 201);
    assert.ok(h.logs.some((l) => l.includes('onOrderStatus failed')));
  });
});

describe('createOrderStatusCallback (standalone proxy → shop)', () => {
  it('POSTs the update with the order-source token, retrying until the shop answers 2xx', async () => {
    const received: { path: string; auth: string | undefined; body: unknown }[] = [];
    let failures = 2;
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        received.push({ path: req.url!, auth: req.headers.authorization, body: JSON.parse(body) });
        res.statusCode = failures-- > 0 ? 500 : 204;
        res.end();
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/wp-json/billink/v1/orders`;
    const gaveUp: string[] = [];
    const notify = createOrderStatusCallback({
      url,
      token: 's3cret',
      retryDelaysMs: [5, 5, 5],
      onGiveUp: (_u, reason) => gaveUp.push(reason),
    });
    const update: OrderStatusUpdate = {
      orderRef: 'cart 1/2',
      orderId: 'ord_x',
      orderNumber: 'WEB-1',
      status: 'approved',
      mode: 'session',
      amountCents: 4995,
      currency: 'EUR',
    };
    notify(update);
    const deadline = Date.now() + 2000;
    while (received.length < 3 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 10));
    server.close();
    assert.equal(received.length, 3);
    assert.equal(received[0]!.path, '/wp-json/billink/v1/orders/cart%201%2F2/billink-status');
    assert.equal(received[0]!.auth, 'Bearer s3cret');
    assert.deepEqual(received[2]!.body, update);
    assert.deepEqual(gaveUp, []);
  });
});
