import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { signWebhook, WEBHOOK_V3_HEADERS } from '../../../src/server/billink/index.js';
import {
  createOrderResponseSchema,
  errorResponseSchema,
  orderStatusResponseSchema,
} from '../../../src/server/proxy/index.js';
import { address, customer, harness, idem, order, ORIGIN } from './harness.js';

const SECRET = 'c2VjcmV0LXNpbXVsYXRvci13ZWJob29rLWtleS0zMmJ5dGVz';

async function sessionOrder(h: ReturnType<typeof harness>, ref: string) {
  h.orders.set(ref, { ...order(`WEB-${ref}`), customer: customer(), billingAddress: address() });
  const res = await h.call('POST', '/billink/orders', {
    body: { orderRef: ref, mode: 'session' },
    headers: { 'idempotency-key': idem() },
  });
  const body = createOrderResponseSchema.parse(res.json);
  return { ...body, sessionId: new URL(body.redirectUrl!).pathname.split('/').pop()! };
}

const statusOf = async (
  h: ReturnType<typeof harness>,
  o: { orderId: string; statusToken: string },
) =>
  orderStatusResponseSchema.parse(
    (
      await h.call('GET', `/billink/orders/${o.orderId}`, {
        headers: { authorization: `Bearer ${o.statusToken}` },
      })
    ).json,
  ).status;

async function signedWebhook(
  body: object,
  overrides: { id?: string; timestamp?: number; secret?: string } = {},
) {
  const raw = JSON.stringify(body);
  const timestamp = String(overrides.timestamp ?? Math.floor(Date.now() / 1000));
  return new Request(`${ORIGIN}/billink/webhooks`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      [WEBHOOK_V3_HEADERS.signature]: await signWebhook(overrides.secret ?? SECRET, timestamp, raw),
      [WEBHOOK_V3_HEADERS.timestamp]: timestamp,
      [WEBHOOK_V3_HEADERS.id]: overrides.id ?? crypto.randomUUID(),
    },
    body: raw,
  });
}

describe('webhooks', () => {
  it('a verified session webhook from Billink approves the order without any poll', async () => {
    // Status refresh from Billink is disabled for the whole test: only the webhook can tell.
    const h = harness({ webhookSecret: SECRET, statusRefreshMs: 3_600_000 });
    await h.billink.setSessionWebhookV3(`http://localhost/billink/webhooks`);
    const o = await sessionOrder(h, 'w1');
    await h.call('GET', `/billink/orders/${o.orderId}`, {
      headers: { authorization: `Bearer ${o.statusToken}` },
    }); // uses up the one refresh in the window
    h.simulator.completeSession(o.sessionId, 'approve');
    await h.simulator.webhooksIdle();
    assert.ok(h.simulator.stats.webhooks.delivered >= 1);
    assert.equal(await statusOf(h, o), 'approved');
  });

  it('refuses a tampered body or a stale timestamp, and treats a replay as a harmless duplicate', async () => {
    const h = harness({ webhookSecret: SECRET, statusRefreshMs: 3_600_000 });
    const o = await sessionOrder(h, 'w2');
    const payload = {
      status: 'cancelled',
      invoiceNumber: 'WEB-w2',
      transactionId: 'tx_1',
      billinkInvoiceNumber: '1SIMWEB-w2',
    };
    const tampered = await signedWebhook(payload);
    const forged = new Request(tampered, {
      body: JSON.stringify({ ...payload, status: 'order_created' }),
    });
    assert.equal((await h.proxy(forged)).status, 401);
    const stale = await signedWebhook(payload, { timestamp: Math.floor(Date.now() / 1000) - 600 });
    assert.equal((await h.proxy(stale)).status, 401);
    const wrongKey = await signedWebhook(payload, { secret: 'not-the-secret' });
    assert.equal((await h.proxy(wrongKey)).status, 401);
    assert.equal(await statusOf(h, o), 'pending');

    // The shopper cancels on Billink's page (no webhook URL is set, so only ours will tell).
    h.simulator.completeSession(o.sessionId, 'cancel');
    const id = crypto.randomUUID();
    const timestamp = Math.floor(Date.now() / 1000);
    const first = await h.proxy(await signedWebhook(payload, { id, timestamp }));
    assert.equal(first.status, 200);
    assert.deepEqual(await first.json(), { status: 'applied' });
    const again = await h.proxy(await signedWebhook(payload, { id, timestamp }));
    assert.equal(again.status, 200);
    assert.deepEqual(await again.json(), { status: 'duplicate' });
    // The delivery id is not signed: the same signed content under a new id is a replay too.
    const newId = await h.proxy(await signedWebhook(payload, { timestamp }));
    assert.deepEqual(await newId.json(), { status: 'duplicate' });
    assert.equal(await statusOf(h, o), 'cancelled');
  });

  it('never lets a late or out-of-order webhook undo a final state', async () => {
    const h = harness({ webhookSecret: SECRET, statusRefreshMs: 3_600_000 });
    const o = await sessionOrder(h, 'w3');
    const base = {
      invoiceNumber: 'WEB-w3',
      transactionId: 'tx',
      billinkInvoiceNumber: '1SIMWEB-w3',
    };
    h.simulator.completeSession(o.sessionId, 'approve');
    await h.proxy(await signedWebhook({ ...base, status: 'order_created' }));
    for (const status of ['session_active', 'cancelled', 'session_expired', 'failed']) {
      assert.equal((await h.proxy(await signedWebhook({ ...base, status }))).status, 200);
    }
    assert.equal(await statusOf(h, o), 'approved');
  });

  it('acknowledges webhooks for orders it does not know and informational events', async () => {
    const h = harness({ webhookSecret: SECRET });
    const unknown = await h.proxy(
      await signedWebhook({
        status: 'order_created',
        invoiceNumber: 'OTHER-1',
        transactionId: 't',
        billinkInvoiceNumber: '1SIMOTHER-1',
      }),
    );
    assert.deepEqual(await unknown.json(), { status: 'ignored' });
    const paid = await h.proxy(
      await signedWebhook({
        order_id: 12,
        invoice_number_clean: 'OTHER-1',
        invoice_number: '1SIMOTHER-1',
        workflow_id: 1,
        event: 'order_paid',
        timestamp: '2026-11-22 12:00:00',
      }),
    );
    assert.equal(paid.status, 200);
  });

  it('answers 404 when no webhook secret is configured', async () => {
    const h = harness();
    assert.equal((await h.proxy(await signedWebhook({}))).status, 404);
  });
});

describe('direct mode (legacy check → order)', () => {
  async function checked(h: ReturnType<typeof harness>, ref: string, totalCents = 2500) {
    h.orders.set(ref, order(`WEB-${ref}`, totalCents));
    const res = await h.call('POST', '/billink/check', {
      body: { orderRef: ref, customer: customer(), billingAddress: address() },
    });
    assert.equal(res.json.outcome, 'approved');
    return res.json.checkId as string;
  }

  it('places the order with the check and reports it approved', async () => {
    const h = harness();
    const checkId = await checked(h, 'd1');
    const res = await h.call('POST', '/billink/orders', {
      body: { orderRef: 'd1', mode: 'direct', checkId },
      headers: { 'idempotency-key': idem() },
    });
    assert.equal(res.status, 201, JSON.stringify(res.json));
    const body = createOrderResponseSchema.parse(res.json);
    assert.equal(body.status, 'approved');
    assert.equal(body.redirectUrl, undefined);
    assert.ok(h.simulator.getOrder('WEB-d1'), 'Billink has the order');
    assert.equal(await statusOf(h, body), 'approved');
  });

  it('needs a check, and a check is good for one order only', async () => {
    const h = harness();
    const none = await h.call('POST', '/billink/orders', {
      body: { orderRef: 'd2', mode: 'direct' },
      headers: { 'idempotency-key': idem() },
    });
    assert.equal(none.status, 404, 'unknown order ref first');
    const checkId = await checked(h, 'd2');
    const missing = await h.call('POST', '/billink/orders', {
      body: { orderRef: 'd2', mode: 'direct' },
      headers: { 'idempotency-key': idem() },
    });
    assert.equal(errorResponseSchema.parse(missing.json).error.code, 'check_required');
    const other = await h.call('POST', '/billink/orders', {
      body: { orderRef: 'someone-else', mode: 'direct', checkId },
      headers: { 'idempotency-key': idem() },
    });
    assert.notEqual(other.status, 201);
    const first = await h.call('POST', '/billink/orders', {
      body: { orderRef: 'd2', mode: 'direct', checkId },
      headers: { 'idempotency-key': idem() },
    });
    assert.equal(first.status, 201);
    const second = await h.call('POST', '/billink/orders', {
      body: { orderRef: 'd2', mode: 'direct', checkId },
      headers: { 'idempotency-key': idem() },
    });
    assert.equal(second.status, 409);
    assert.equal(h.simulator.stats.calls.legacyOrder, 1);
  });

  it('checks again when the shop\u2019s total changed since the check', async () => {
    const h = harness();
    const checkId = await checked(h, 'd3', 2500);
    h.orders.set('d3', order('WEB-d3', 4000)); // a shipping change after the check
    const res = await h.call('POST', '/billink/orders', {
      body: { orderRef: 'd3', mode: 'direct', checkId },
      headers: { 'idempotency-key': idem() },
    });
    assert.equal(res.status, 201, JSON.stringify(res.json));
    assert.equal(res.json.amountCents, 4000);
    assert.equal(h.simulator.stats.calls.legacyCheck, 2);
    assert.equal(
      h.simulator.getOrder('WEB-d3')?.amountCents,
      4000,
      'Billink ordered the new total',
    );
  });
});

describe('Billink faults become clear retryable errors', () => {
  const cases: [string, Partial<Parameters<typeof customer>[0]>, number][] = [
    ['HTTP 500', { lastName: 'Jansen', email: 'http-500@example.com' }, 503],
    ['HTTP-200 error 603', { email: 'error-603@example.com' }, 503],
    ['timeout', { email: 'timeout@example.com' }, 504],
  ];
  for (const [name, overrides, status] of cases) {
    it(name, async () => {
      const h = harness({ timeoutMs: 200 });
      h.orders.set('f1', order('WEB-f1'));
      const res = await h.call('POST', '/billink/check', {
        body: { orderRef: 'f1', customer: customer(overrides), billingAddress: address() },
        headers: { 'accept-language': 'en' },
      });
      assert.equal(res.status, status);
      const error = errorResponseSchema.parse(res.json).error;
      assert.equal(error.code, 'billink_unavailable');
      assert.equal(error.retryable, true);
      assert.match(error.message, /Billink cannot be reached/);
      await h.simulator.close();
    });
  }

  it('a Billink outage on session create frees the order for a retry with the same key', async () => {
    let down = true;
    const h = harness({ failBillink: () => down });
    h.orders.set('f2', { ...order('WEB-f2'), customer: customer(), billingAddress: address() });
    const key = idem();
    const send = () =>
      h.call('POST', '/billink/orders', {
        body: { orderRef: 'f2', mode: 'session' },
        headers: { 'idempotency-key': key },
      });
    const failed = await send();
    assert.equal(failed.status, 503);
    assert.equal(errorResponseSchema.parse(failed.json).error.retryable, true);
    down = false;
    assert.equal((await send()).status, 201);
  });
});

describe('secrets and personal data', () => {
  it('never shows credentials and logs no birthdate, phone or e-mail', async () => {
    const h = harness({ webhookSecret: SECRET });
    h.orders.set('s1', { ...order('WEB-s1'), customer: customer(), billingAddress: address() });
    const bodies: string[] = [];
    const c = customer({
      email: 'marie.private@example.com',
      phone: '0687654321',
      birthdate: '1970-02-03',
    });
    const record = async (p: Promise<{ json: unknown }>) =>
      bodies.push(JSON.stringify((await p).json));
    await record(
      h.call('POST', '/billink/check', {
        body: { orderRef: 's1', customer: c, billingAddress: address() },
      }),
    );
    await record(
      h.call('POST', '/billink/check', {
        body: {
          orderRef: 's1',
          customer: { ...c, email: 'error-101@example.com' },
          billingAddress: address(),
        },
      }),
    );
    await record(
      h.call('POST', '/billink/orders', {
        body: { orderRef: 's1', mode: 'session', customer: c, billingAddress: address() },
        headers: { 'idempotency-key': idem() },
      }),
    );
    await record(
      h.call('POST', '/billink/check', {
        body: {
          orderRef: 's1',
          customer: { ...c, email: 'timeout@example.com' },
          billingAddress: address(),
        },
      }),
    );
    const everything = bodies.join('\n') + '\n' + h.logs.join('\n');
    const { DEMO_ACCOUNT } = await import('../../../src/server/simulator/index.js');
    for (const secret of [DEMO_ACCOUNT.billinkId, SECRET]) {
      assert.ok(!everything.includes(secret), 'a secret leaked');
    }
    const logs = h.logs.join('\n');
    for (const pii of ['marie.private', '0687654321', '1970-02-03', '03-02-1970']) {
      assert.ok(!logs.includes(pii), `${pii} was logged`);
    }
    assert.ok(h.logs.length > 0);
    await h.simulator.close();
  });
});
