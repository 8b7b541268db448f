import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import {
  createMemoryStore,
  createOrderEventWorker,
  createOrderEventSender,
  createOrderResponseSchema,
  verifyOrderEvent,
  type OrderEvent,
} from '../../../src/server/proxy/index.js';
import { signWebhook, WEBHOOK_V3_HEADERS } from '../../../src/server/billink/index.js';
import { address, customer, harness, idem, order, ORIGIN } from './harness.js';

const SECRET = 'notify-secret';

/** Events are delivered in the background (from the outbox): wait for them. */
async function until(condition: () => boolean, ms = 2_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe("the shop's server learns checkout outcomes (onOrderEvent)", () => {
  it('once, when the session is approved, however many polls and webhooks report it', async () => {
    const events: OrderEvent[] = [];
    const h = harness({
      statusRefreshMs: 0,
      webhookSecret: SECRET,
      onOrderEvent: (e) => void events.push(e),
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
    assert.equal(events.length, 0, 'nothing final yet');
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
    await until(() => events.length >= 1);
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(events.length, 1);
    const [event] = events;
    assert.equal(event!.type, 'approved');
    assert.equal(event!.orderRef, 'n1');
    assert.equal(event!.orderNumber, 'WEB-n1');
    assert.equal(event!.amountCents, 2500);
    assert.equal(event!.sequence, 1);
    assert.ok(event!.invoiceNumber);
  });

  it('at once for a direct-mode order, and for a cancelled session', async () => {
    const events: OrderEvent[] = [];
    const h = harness({ webhookSecret: SECRET, onOrderEvent: (e) => void events.push(e) });
    h.orders.set('n2', order('WEB-n2'));
    const check = await h.call('POST', '/billink/check', {
      body: { orderRef: 'n2', customer: customer(), billingAddress: address() },
    });
    await h.call('POST', '/billink/orders', {
      body: { orderRef: 'n2', mode: 'direct', checkId: check.json.checkId },
      headers: { 'idempotency-key': idem() },
    });
    await until(() => events.length === 1);
    assert.deepEqual(
      events.map((e) => [e.orderRef, e.type]),
      [['n2', 'approved']],
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
    await until(() => events.length === 2);
    assert.equal(events.at(-1)?.type, 'cancelled');
  });

  it('a failing hook is logged, never fails the request, and a scheduled worker delivers it later', async () => {
    let failures = 2;
    const events: OrderEvent[] = [];
    const onOrderEvent = (e: OrderEvent) => {
      if (failures-- > 0) throw new Error('shop database down');
      events.push(e);
    };
    const store = createMemoryStore();
    const h = harness({ store, orderEventRetry: { baseDelayMs: 1 }, onOrderEvent });
    h.orders.set('n4', order('WEB-n4'));
    const check = await h.call('POST', '/billink/check', {
      body: { orderRef: 'n4', customer: customer(), billingAddress: address() },
    });
    const res = await h.call('POST', '/billink/orders', {
      body: { orderRef: 'n4', mode: 'direct', checkId: check.json.checkId },
      headers: { 'idempotency-key': idem() },
    });
    assert.equal(res.status, 201);
    await until(() => h.logs.some((l) => l.includes('order event not delivered')));
    // What a mounted shop schedules (cron, setInterval): the same store, the same hook.
    const worker = createOrderEventWorker({ store, onOrderEvent, retry: { baseDelayMs: 1 } });
    for (let i = 0; i < 10 && events.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 5));
      await worker.deliverDue();
    }
    assert.deepEqual(
      events.map((e) => [e.orderRef, e.type]),
      [['n4', 'approved']],
    );
    await worker.deliverDue();
    assert.equal(events.length, 1, 'delivered once');
  });
});

describe('createOrderEventSender (standalone proxy → shop)', () => {
  it('POSTs the event signed, with the order-source token, to {url}/{orderRef}/billink-events', async () => {
    const received: { path: string; auth: string | undefined; raw: string; headers: object }[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        received.push({
          path: req.url!,
          auth: req.headers.authorization,
          raw: body,
          headers: req.headers,
        });
        res.statusCode = received.length === 1 ? 500 : 204;
        res.end();
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/wp-json/billink/v1/orders`;
    const send = createOrderEventSender({ url, secret: 'evt-secret', token: 's3cret' });
    const event: OrderEvent = {
      id: 'evt_1',
      orderRef: 'cart 1/2',
      orderNumber: 'WEB-1',
      type: 'shipped',
      at: new Date().toISOString(),
      sequence: 2,
      by: 'merchant',
    };
    await assert.rejects(send(event), /HTTP 500/, 'a non-2xx is a failure the outbox retries');
    await send(event);
    server.close();
    assert.equal(received[0]!.path, '/wp-json/billink/v1/orders/cart%201%2F2/billink-events');
    assert.equal(received[0]!.auth, 'Bearer s3cret');
    const verified = verifyOrderEvent({
      secret: 'evt-secret',
      headers: received[1]!.headers as Record<string, string>,
      rawBody: received[1]!.raw,
    });
    assert.deepEqual(verified, event);
    assert.throws(
      () =>
        verifyOrderEvent({
          secret: 'other-secret',
          headers: received[1]!.headers as Record<string, string>,
          rawBody: received[1]!.raw,
        }),
      /signature does not match/,
    );
    assert.throws(
      () =>
        verifyOrderEvent({
          secret: 'evt-secret',
          headers: received[1]!.headers as Record<string, string>,
          rawBody: received[1]!.raw.replace('WEB-1', 'WEB-2'),
        }),
      /signature does not match/,
    );
  });
});
