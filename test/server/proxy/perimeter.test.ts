// Issue 11 items 3, 4 and 7 against the mounted proxy: order tokens, return URLs, control characters.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { errorResponseSchema, signOrderRef } from '../../../src/server/proxy/index.js';
import { verifyOrderToken } from '../../../src/server/proxy/checkout/order-token.js';
import { address, customer, harness, order, ORIGIN } from './harness.js';

const SECRET = 'a-shop-secret-of-at-least-32-characters!';
const checkBody = (orderRef: string, extra: Record<string, unknown> = {}) => ({
  orderRef,
  customer: customer(),
  billingAddress: address(),
  ...extra,
});

describe('signOrderRef / verifyOrderToken', () => {
  it('binds a token to its ref and its lifetime', async () => {
    const now = Date.UTC(2030, 0, 1);
    const token = await signOrderRef('c_7Kq2x9', { secret: SECRET, expiresInSeconds: 60, now });
    assert.match(token, /^\d+\.[A-Za-z0-9_-]{43}$/);
    assert.equal(await verifyOrderToken('c_7Kq2x9', token, { secret: SECRET, now }), undefined);
    assert.equal(await verifyOrderToken('c_other', token, { secret: SECRET, now }), 'invalid');
    assert.equal(
      await verifyOrderToken('c_7Kq2x9', token, { secret: SECRET.replace('a', 'b'), now }),
      'invalid',
    );
    assert.equal(
      await verifyOrderToken('c_7Kq2x9', token, { secret: SECRET, now: now + 61_000 }),
      'expired',
    );
    // Pushing the expiry forward breaks the MAC.
    const [expires, mac] = token.split('.');
    assert.equal(
      await verifyOrderToken('c_7Kq2x9', `${Number(expires) + 3600}.${mac}`, {
        secret: SECRET,
        now,
      }),
      'invalid',
    );
    await assert.rejects(signOrderRef('x', { secret: 'short', expiresInSeconds: 60 }));
  });
});

describe('orderRefSecret: a stranger who knows a ref cannot act on it (item 3)', () => {
  it('/check and /orders refuse a missing, foreign or expired token and accept the shopper’s', async () => {
    let now = Date.now();
    const h = harness({ orderRefSecret: SECRET, now: () => now });
    h.orders.set('WEB-1001', order('WEB-1001'));
    h.orders.set('WEB-1002', order('WEB-1002'));
    const mine = await signOrderRef('WEB-1001', { secret: SECRET, expiresInSeconds: 600, now });
    const theirs = await signOrderRef('WEB-1002', { secret: SECRET, expiresInSeconds: 600, now });

    const check = (extra: Record<string, unknown>) =>
      h.call('POST', '/billink/check', { body: checkBody('WEB-1001', extra) });
    const create = (extra: Record<string, unknown>) =>
      h.call('POST', '/billink/orders', {
        body: { ...checkBody('WEB-1001', extra), mode: 'session' },
        headers: { 'idempotency-key': crypto.randomUUID() },
      });

    for (const [extra, code] of [
      [{}, 'order_token_required'],
      [{ orderToken: theirs }, 'order_token_invalid'],
      [{ orderToken: 'garbage' }, 'order_token_invalid'],
    ] as const) {
      for (const res of [await check(extra), await create(extra)]) {
        assert.equal(res.status, 403);
        const error = errorResponseSchema.parse(res.json).error;
        assert.equal(error.code, code);
        assert.equal(error.field, 'orderToken');
      }
    }
    assert.equal(h.simulator.stats.calls.legacyCheck, 0, 'no Billink call for a stranger');
    assert.equal(h.simulator.stats.calls.sessionCreate, 0);

    assert.equal((await check({ orderToken: mine })).status, 200);
    now += 601_000;
    const expired = await check({ orderToken: mine });
    assert.equal(expired.status, 403);
    assert.equal(errorResponseSchema.parse(expired.json).error.code, 'order_token_expired');
  });

  it('a stranger’s refused checks do not use up the ref’s credit-check allowance', async () => {
    const h = harness({
      orderRefSecret: SECRET,
      rateLimits: { checksPerOrderRef: { limit: 2, windowMs: 60_000 } },
    });
    h.orders.set('WEB-1003', order('WEB-1003'));
    for (let i = 0; i < 5; i++) {
      await h.call('POST', '/billink/check', { body: checkBody('WEB-1003') });
    }
    const orderToken = await signOrderRef('WEB-1003', { secret: SECRET, expiresInSeconds: 600 });
    const res = await h.call('POST', '/billink/check', {
      body: checkBody('WEB-1003', { orderToken }),
    });
    assert.equal(res.status, 200);
  });
});

describe('return URLs (item 4, mounted)', () => {
  it('ignores Referer and checks X-Forwarded-Host-built origins against configuration only', async () => {
    const h = harness({ trustProxy: true });
    h.orders.set('ret-1', { ...order('RET-1'), customer: customer(), billingAddress: address() });
    const forwarded = await h.call('POST', '/billink/orders', {
      body: { orderRef: 'ret-1', mode: 'session', returnUrl: 'https://evil.example/x' },
      headers: {
        'idempotency-key': crypto.randomUUID(),
        origin: 'https://evil.example',
        'x-forwarded-host': 'evil.example',
        'x-forwarded-proto': 'https',
      },
    });
    assert.equal(forwarded.status, 400);
    assert.equal(errorResponseSchema.parse(forwarded.json).error.field, 'returnUrl');

    const created = await h.call('POST', '/billink/orders', {
      body: { orderRef: 'ret-1', mode: 'session' },
      headers: { 'idempotency-key': crypto.randomUUID(), referer: 'https://evil.example/x' },
    });
    assert.equal(created.status, 201);
    const { redirectUrl } = created.json as { redirectUrl: string };
    const approved = await h.simulator.fetch(
      new Request(redirectUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'choice=approve',
      }),
    );
    // Billink sends the shopper through the proxy's return route, on the configured origin only.
    const via = approved.headers.get('location') ?? '';
    assert.ok(via.startsWith(`${ORIGIN}/billink/return/ord_`), via);
    const back = await h.proxy(new Request(via));
    assert.equal(back.status, 303);
    const location = back.headers.get('location') ?? '';
    assert.ok(location.startsWith(`${ORIGIN}/?billink_order=`), location);
  });
});

describe('control characters (item 7)', () => {
  it('answer 400 naming the field, in the shopper’s language, before Billink is called', async () => {
    const h = harness();
    h.orders.set('cc-1', order('CC-1'));
    for (const [body, field] of [
      [
        checkBody('cc-1', { customer: customer({ lastName: 'Jan\u0000sen' }) }),
        'customer.lastName',
      ],
      [
        checkBody('cc-1', { billingAddress: address({ city: 'Amster\u0001dam' }) }),
        'billingAddress.city',
      ],
      [
        checkBody('cc-1', { billingAddress: address({ houseExtension: 'a\u001b' }) }),
        'billingAddress.houseExtension',
      ],
    ] as const) {
      const res = await h.call('POST', '/billink/check', {
        body,
        headers: { 'accept-language': 'en' },
      });
      assert.equal(res.status, 400);
      const error = errorResponseSchema.parse(res.json).error;
      assert.equal(error.field, field);
      assert.match(error.message, /invisible characters/);
    }
    const nl = await h.call('POST', '/billink/check', {
      body: checkBody('cc-1', { customer: customer({ firstName: 'J\u0000' }) }),
      headers: { 'accept-language': 'nl' },
    });
    assert.match(errorResponseSchema.parse(nl.json).error.message, /onzichtbare tekens/);
    assert.equal(h.simulator.stats.calls.legacyCheck, 0);
  });

  it('an order from the shop with a control character never reaches Billink', async () => {
    const h = harness();
    const bad = order('CC-2');
    bad.lines[0]!.name = 'Mug\u0000';
    h.orders.set('cc-2', bad);
    const res = await h.call('POST', '/billink/check', { body: checkBody('cc-2') });
    assert.equal(res.status, 422);
    assert.equal(h.simulator.stats.calls.legacyCheck, 0);
  });
});

describe('per-IP limits', () => {
  it('never apply to /webhooks (its HMAC is its authentication)', async () => {
    const h = harness({
      webhookSecret: 'whsec-test',
      rateLimits: { requestsPerIp: { limit: 2, windowMs: 60_000 } },
    });
    for (let i = 0; i < 3; i++) await h.call('GET', '/billink/orders/ord_aaaaaaaaaaaa');
    assert.equal((await h.call('GET', '/billink/orders/ord_aaaaaaaaaaaa')).status, 429);
    const webhook = await h.call('POST', '/billink/webhooks', { body: {} });
    assert.notEqual(webhook.status, 429);
  });
});
