import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  checkResponseSchema,
  createMemoryStore,
  createOrderResponseSchema,
  errorResponseSchema,
  orderStatusResponseSchema,
} from '../../../src/server/proxy/index.js';
import { address, customer, harness, idem, order, ORIGIN } from './harness.js';

const checkBody = (orderRef: string, overrides: Record<string, unknown> = {}) => ({
  orderRef,
  customer: customer(),
  billingAddress: address(),
  ...overrides,
});

describe('POST /billink/check', () => {
  it('checks the amount the shop resolves and hands out its own handle, not Billink\u2019s UUID', async () => {
    const h = harness();
    h.orders.set('cart-1', order('WEB-1001', 2500));
    const res = await h.call('POST', '/billink/check', { body: checkBody('cart-1') });
    assert.equal(res.status, 200);
    const body = checkResponseSchema.parse(res.json);
    assert.equal(body.outcome, 'approved');
    assert.equal(body.amountCents, 2500);
    assert.equal(body.currency, 'EUR');
    assert.match(body.checkId ?? '', /^chk_/);
    assert.doesNotMatch(body.checkId ?? '', /^[0-9a-f]{8}-[0-9a-f]{4}-/i);
    assert.equal(h.simulator.stats.calls.legacyCheck, 1);
  });

  it('reports a decline as an outcome, not an error', async () => {
    const h = harness();
    h.orders.set('cart-2', order('WEB-1002'));
    const res = await h.call('POST', '/billink/check', {
      body: checkBody('cart-2', { customer: customer({ lastName: 'Decline' }) }),
    });
    assert.equal(res.status, 200);
    assert.deepEqual(checkResponseSchema.parse(res.json), {
      outcome: 'declined',
      reason: 'credit_check',
      amountCents: 2500,
      currency: 'EUR',
    });
  });

  it('refuses obvious mistakes without a Billink call, on the right field, in NL or EN', async () => {
    const h = harness();
    h.orders.set('cart-3', order('WEB-1003'));
    const cases: [Record<string, unknown>, string, RegExp, RegExp][] = [
      [
        { billingAddress: address({ postalCode: '123AB' }) },
        'billingAddress.postalCode',
        /geldige postcode/,
        /valid postal code/,
      ],
      [
        { customer: customer({ email: 'jan@' }) },
        'customer.email',
        /e-mailadres/,
        /e-mail address/,
      ],
      [{ customer: customer({ phone: '12' }) }, 'customer.phone', /telefoonnummer/, /phone number/],
      [
        { customer: customer({ birthdate: `${new Date().getFullYear() - 17}-01-01` }) },
        'customer.birthdate',
        /18 jaar/,
        /18 or older/,
      ],
    ];
    for (const [overrides, field, nl, en] of cases) {
      const dutch = await h.call('POST', '/billink/check', {
        body: checkBody('cart-3', overrides),
        headers: { 'accept-language': 'nl-NL,nl;q=0.9' },
      });
      assert.equal(dutch.status, 422, field);
      const error = errorResponseSchema.parse(dutch.json).error;
      assert.equal(error.field, field);
      assert.match(error.message, nl);
      assert.equal(error.retryable, false);
      const english = await h.call('POST', '/billink/check', {
        body: checkBody('cart-3', overrides),
        headers: { 'accept-language': 'en-GB,en;q=0.8' },
      });
      assert.match(errorResponseSchema.parse(english.json).error.message, en);
    }
    assert.equal(h.simulator.stats.calls.legacyCheck, 0);
  });

  it('never takes an amount from the browser: unknown fields are refused', async () => {
    const h = harness();
    h.orders.set('cart-4', order('WEB-1004'));
    const res = await h.call('POST', '/billink/check', {
      body: checkBody('cart-4', { amountCents: 1 }),
    });
    assert.equal(res.status, 400);
    assert.equal(errorResponseSchema.parse(res.json).error.field, 'amountCents');
  });

  it('answers 404 for an order reference the shop does not know, 422 for an inconsistent order', async () => {
    const h = harness();
    const unknown = await h.call('POST', '/billink/check', { body: checkBody('nope') });
    assert.equal(unknown.status, 404);
    assert.equal(errorResponseSchema.parse(unknown.json).error.code, 'order_ref_unknown');
    h.orders.set('bad', { ...order('WEB-1005', 2500), totalCents: 2400 });
    const bad = await h.call('POST', '/billink/check', { body: checkBody('bad') });
    assert.equal(bad.status, 422);
    assert.equal(errorResponseSchema.parse(bad.json).error.code, 'order_invalid');
    assert.ok(h.logs.some((l) => l.includes('sum of its lines')));
    assert.equal(h.simulator.stats.calls.legacyCheck, 0);
  });

  it('maps a Billink validation code to the field it concerns', async () => {
    const h = harness();
    h.orders.set('cart-6', order('WEB-1006'));
    // The simulator answers HTTP 200 with ERROR 416 for this marker: a code the proxy cannot pre-check.
    const res = await h.call('POST', '/billink/check', {
      body: checkBody('cart-6', { customer: customer({ email: 'error-416@example.com' }) }),
    });
    assert.equal(res.status, 422);
    const error = errorResponseSchema.parse(res.json).error;
    assert.equal(error.code, 'billink_rejected');
    assert.equal(error.field, 'billingAddress.postalCode');
  });

  it('limits checks per order reference and per IP', async () => {
    const h = harness({
      rateLimits: {
        checksPerOrderRef: { limit: 2, windowMs: 60_000 },
        checksPerIp: { limit: 3, windowMs: 60_000 },
      },
    });
    h.orders.set('cart-7', order('WEB-1007'));
    h.orders.set('cart-8', order('WEB-1008'));
    const statuses = [];
    for (let i = 0; i < 3; i++) {
      statuses.push((await h.call('POST', '/billink/check', { body: checkBody('cart-7') })).status);
    }
    assert.deepEqual(statuses, [200, 200, 429]);
    const limited = await h.call('POST', '/billink/check', { body: checkBody('cart-8') });
    assert.equal(limited.status, 429, 'the IP has used its three checks');
    assert.ok(Number(limited.headers.get('retry-after')) > 0);
    // Retrying at once cannot work: the element waits for Retry-After instead of offering a retry.
    assert.equal(errorResponseSchema.parse(limited.json).error.retryable, false);
    assert.equal(h.simulator.stats.calls.legacyCheck, 2);
  });
});

describe('POST /billink/orders (session mode)', () => {
  it('creates a Billink session for the resolved order and reports its status', async () => {
    const h = harness({ statusRefreshMs: 0 });
    h.orders.set('cart-10', {
      ...order('WEB-1010'),
      customer: customer(),
      billingAddress: address(),
    });
    const created = await h.call('POST', '/billink/orders', {
      body: { orderRef: 'cart-10', mode: 'session', returnUrl: `${ORIGIN}/checkout?step=pay` },
      headers: { 'idempotency-key': idem() },
    });
    assert.equal(created.status, 201, JSON.stringify(created.json));
    const body = createOrderResponseSchema.parse(created.json);
    assert.equal(body.status, 'pending');
    assert.equal(body.amountCents, 2500);
    assert.match(body.redirectUrl ?? '', /\/checkout\//);
    assert.equal(h.simulator.getOrder('WEB-1010'), undefined, 'no Billink order before approval');

    const auth = { authorization: `Bearer ${body.statusToken}` };
    const pending = await h.call('GET', `/billink/orders/${body.orderId}`, { headers: auth });
    assert.equal(orderStatusResponseSchema.parse(pending.json).status, 'pending');

    const sessionId = new URL(body.redirectUrl!).pathname.split('/').pop()!;
    const done = h.simulator.completeSession(sessionId, 'approve');
    assert.equal(done.status, 'order_created');
    assert.match(done.redirect ?? '', /^https:\/\/shop\.example\/billink\/return\/ord_/);
    const back = await h.proxy(new Request(done.redirect!));
    assert.equal(back.status, 303);
    assert.match(
      back.headers.get('location') ?? '',
      /^https:\/\/shop\.example\/checkout\?step=pay&billink_order=ord_.*&billink_result=success$/,
    );
    const approved = await h.call('GET', `/billink/orders/${body.orderId}`, { headers: auth });
    assert.equal(orderStatusResponseSchema.parse(approved.json).status, 'approved');
  });

  it('needs an Idempotency-Key', async () => {
    const h = harness();
    h.orders.set('cart-11', {
      ...order('WEB-1011'),
      customer: customer(),
      billingAddress: address(),
    });
    const res = await h.call('POST', '/billink/orders', {
      body: { orderRef: 'cart-11', mode: 'session' },
    });
    assert.equal(res.status, 400);
    assert.equal(errorResponseSchema.parse(res.json).error.code, 'idempotency_key_required');
  });

  it('refuses a returnUrl on another site (no open redirect through Billink)', async () => {
    const h = harness();
    h.orders.set('cart-12', {
      ...order('WEB-1012'),
      customer: customer(),
      billingAddress: address(),
    });
    const res = await h.call('POST', '/billink/orders', {
      body: { orderRef: 'cart-12', mode: 'session', returnUrl: 'https://evil.example/phish' },
      headers: { 'idempotency-key': idem() },
    });
    assert.equal(res.status, 400);
    assert.equal(errorResponseSchema.parse(res.json).error.field, 'returnUrl');
    assert.equal(h.simulator.stats.calls.sessionCreate, 0);
  });

  it('asks for customer data when neither the browser nor the shop has it', async () => {
    const h = harness();
    h.orders.set('cart-13', order('WEB-1013'));
    const res = await h.call('POST', '/billink/orders', {
      body: { orderRef: 'cart-13', mode: 'session' },
      headers: { 'idempotency-key': idem() },
    });
    assert.equal(res.status, 422);
    assert.equal(errorResponseSchema.parse(res.json).error.code, 'customer_required');
  });

  it('lets Billink\u2019s hosted page collect a missing birthdate', async () => {
    const h = harness();
    h.orders.set('cart-14', order('WEB-1014'));
    const { birthdate: _omitted, ...withoutBirthdate } = customer();
    const res = await h.call('POST', '/billink/orders', {
      body: {
        orderRef: 'cart-14',
        mode: 'session',
        customer: withoutBirthdate,
        billingAddress: address(),
      },
      headers: { 'idempotency-key': idem() },
    });
    assert.equal(res.status, 201, JSON.stringify(res.json));
  });

  it('gives the same answer to a repeated key and creates one session', async () => {
    const h = harness();
    h.orders.set('cart-15', {
      ...order('WEB-1015'),
      customer: customer(),
      billingAddress: address(),
    });
    const key = idem();
    const send = () =>
      h.call('POST', '/billink/orders', {
        body: { orderRef: 'cart-15', mode: 'session' },
        headers: { 'idempotency-key': key },
      });
    const results = await Promise.all(Array.from({ length: 20 }, send));
    assert.deepEqual(new Set(results.map((r) => r.status)), new Set([201]));
    assert.equal(new Set(results.map((r) => r.json.orderId)).size, 1);
    assert.equal(h.simulator.stats.calls.sessionCreate, 1);
    const later = await send();
    assert.equal(later.json.orderId, results[0]!.json.orderId);
    assert.equal(h.simulator.stats.calls.sessionCreate, 1);
  });

  it('refuses a key reused for a different request', async () => {
    const h = harness();
    h.orders.set('cart-16', {
      ...order('WEB-1016'),
      customer: customer(),
      billingAddress: address(),
    });
    const key = idem();
    await h.call('POST', '/billink/orders', {
      body: { orderRef: 'cart-16', mode: 'session' },
      headers: { 'idempotency-key': key },
    });
    const other = await h.call('POST', '/billink/orders', {
      body: { orderRef: 'cart-16', mode: 'direct', checkId: 'chk_x' },
      headers: { 'idempotency-key': key },
    });
    assert.equal(other.status, 422);
    assert.equal(errorResponseSchema.parse(other.json).error.code, 'idempotency_key_reused');
  });

  it('allows one live attempt per order reference; a new one after it ended', async () => {
    const h = harness({ statusRefreshMs: 0 });
    h.orders.set('cart-17', {
      ...order('WEB-1017'),
      customer: customer(),
      billingAddress: address(),
    });
    const attempt = () =>
      h.call('POST', '/billink/orders', {
        body: { orderRef: 'cart-17', mode: 'session' },
        headers: { 'idempotency-key': idem() },
      });
    const results = await Promise.all(Array.from({ length: 10 }, attempt));
    const created = results.filter((r) => r.status === 201);
    assert.equal(created.length, 1);
    for (const r of results.filter((x) => x.status !== 201)) {
      assert.equal(r.status, 409);
      assert.equal(errorResponseSchema.parse(r.json).error.code, 'order_in_progress');
    }
    assert.equal(h.simulator.stats.calls.sessionCreate, 1);

    // The shopper cancels on Billink's page; the proxy learns it and frees the reference.
    const first = createOrderResponseSchema.parse(created[0]!.json);
    h.simulator.completeSession(new URL(first.redirectUrl!).pathname.split('/').pop()!, 'cancel');
    const status = await h.call('GET', `/billink/orders/${first.orderId}`, {
      headers: { authorization: `Bearer ${first.statusToken}` },
    });
    assert.equal(status.json.status, 'cancelled');
    assert.equal((await attempt()).status, 201);
  });
});

describe('GET /billink/orders/{id}', () => {
  async function created(h: ReturnType<typeof harness>, ref: string) {
    h.orders.set(ref, { ...order(`WEB-${ref}`), customer: customer(), billingAddress: address() });
    const res = await h.call('POST', '/billink/orders', {
      body: { orderRef: ref, mode: 'session' },
      headers: { 'idempotency-key': idem() },
    });
    return createOrderResponseSchema.parse(res.json);
  }

  it('answers 404 alike for an unknown order and a wrong or missing token', async () => {
    const h = harness();
    const o = await created(h, 'r20');
    const responses = await Promise.all([
      h.call('GET', `/billink/orders/${o.orderId}`),
      h.call('GET', `/billink/orders/${o.orderId}`, { headers: { authorization: 'Bearer wrong' } }),
      h.call('GET', `/billink/orders/ord_AAAAAAAAAAAAAAAAAAAAAA`, {
        headers: { authorization: `Bearer ${o.statusToken}` },
      }),
    ]);
    for (const r of responses) {
      assert.equal(r.status, 404);
      assert.equal(errorResponseSchema.parse(r.json).error.code, 'order_not_found');
    }
  });

  it('asks Billink at most once per refresh window however many browsers poll', async () => {
    let now = Date.now();
    const h = harness({
      now: () => now,
      store: createMemoryStore({ now: () => now }),
      statusRefreshMs: 60_000,
    });
    const o = await created(h, 'r21');
    const auth = { authorization: `Bearer ${o.statusToken}` };
    const crowd = () =>
      Promise.all(
        Array.from({ length: 50 }, () =>
          h.call('GET', `/billink/orders/${o.orderId}`, { headers: auth }),
        ),
      );
    await crowd();
    assert.equal(h.simulator.stats.calls.sessionStatus, 0, 'answered from the store at first');
    now += 60_000;
    await crowd();
    assert.equal(h.simulator.stats.calls.sessionStatus, 1, 'then one safety-net ask');
    now += 30_000;
    await crowd();
    assert.equal(h.simulator.stats.calls.sessionStatus, 1);
    now += 30_000;
    await crowd();
    assert.equal(h.simulator.stats.calls.sessionStatus, 2, 'once a minute');
  });

  it('says expired only once Billink says the session expired', async () => {
    let now = Date.now();
    const h = harness({ now: () => now, statusRefreshMs: 0 });
    const o = await created(h, 'r22');
    const poll = () =>
      h.call('GET', `/billink/orders/${o.orderId}`, {
        headers: { authorization: `Bearer ${o.statusToken}` },
      });
    // Past our expiresAt, but Billink's session still lives: no guess.
    now = Date.parse(o.expiresAt) + 1;
    assert.equal((await poll()).json.status, 'pending');
    h.simulator.advanceTime(2 * 60 * 60 * 1000);
    assert.equal((await poll()).json.status, 'expired');
  });

  it('keeps answering from the store when Billink fails', async () => {
    let billinkDown = false;
    const h = harness({ statusRefreshMs: 0, failBillink: () => billinkDown });
    const o = await created(h, 'r23');
    billinkDown = true;
    const res = await h.call('GET', `/billink/orders/${o.orderId}`, {
      headers: { authorization: `Bearer ${o.statusToken}` },
    });
    assert.equal(res.status, 200);
    assert.equal(orderStatusResponseSchema.parse(res.json).status, 'pending');
    assert.ok(h.logs.some((l) => l.startsWith('warn session status refresh failed')));
  });
});

describe('guards', () => {
  it('refuses other origins, and allows configured ones with CORS', async () => {
    const h = harness({ allowedOrigins: ['https://www.partner-shop.example'] });
    h.orders.set('g1', order('WEB-G1'));
    const evil = await h.call('POST', '/billink/check', {
      body: checkBody('g1'),
      headers: { origin: 'https://evil.example' },
    });
    assert.equal(evil.status, 403);
    assert.equal(h.simulator.stats.calls.legacyCheck, 0);
    const preflight = await h.proxy(
      new Request('https://shop.example/billink/check', {
        method: 'OPTIONS',
        headers: {
          origin: 'https://www.partner-shop.example',
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type,idempotency-key',
        },
      }),
    );
    assert.equal(
      preflight.headers.get('access-control-allow-origin'),
      'https://www.partner-shop.example',
    );
    const partner = await h.call('POST', '/billink/check', {
      body: checkBody('g1'),
      headers: { origin: 'https://www.partner-shop.example' },
    });
    assert.equal(partner.status, 200);
    assert.equal(
      partner.headers.get('access-control-allow-origin'),
      'https://www.partner-shop.example',
    );
  });

  it('accepts JSON only: a form-encoded cross-site POST is refused', async () => {
    const h = harness();
    const res = await h.call('POST', '/billink/check', {
      body: 'orderRef=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.equal(res.status, 415);
  });

  it('limits the body size', async () => {
    const h = harness();
    const res = await h.call('POST', '/billink/check', {
      body: { orderRef: 'x', customer: { firstName: 'x'.repeat(20_000) } },
    });
    assert.equal(res.status, 413);
  });

  it('answers malformed JSON and unknown routes with a clear error', async () => {
    const h = harness();
    const bad = await h.call('POST', '/billink/check', { body: '{"orderRef":' });
    assert.equal(bad.status, 400);
    assert.equal(errorResponseSchema.parse(bad.json).error.code, 'invalid_request');
    const missing = await h.call('GET', '/billink/nothing-here');
    assert.equal(missing.status, 404);
    errorResponseSchema.parse(missing.json);
  });
});
