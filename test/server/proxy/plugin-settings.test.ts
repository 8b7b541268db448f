import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createBillinkClient } from '../../../src/server/billink/index.js';
import { ConfigError, readConfig } from '../../../src/server/proxy/standalone/config.js';
import { createProxyStack } from '../../../src/server/proxy/standalone/server.js';
import { availabilityResponseSchema, type Order } from '../../../src/server/proxy/index.js';
import { createSimulator, DEMO_ACCOUNT } from '../../../src/server/simulator/index.js';
import { address, customer, harness, idem, order, ORIGIN, type Harness } from './harness.js';

const EN = { 'accept-language': 'en' };
const NL = { 'accept-language': 'nl' };

const billinkCalls = (h: Harness) =>
  Object.values(h.simulator.stats.calls).reduce((sum, n) => sum + n, 0);

const withFee = (orderNumber: string, feeCents = 295): Order => {
  const base = order(orderNumber, 2500);
  return {
    ...base,
    lines: [
      ...base.lines,
      {
        code: 'billink_fee',
        name: 'Billink fee',
        quantity: 1,
        unitPriceCents: feeCents,
        vatRate: 21,
      },
    ],
    totalCents: base.totalCents + feeCents,
  };
};

const business = () =>
  customer({ type: 'b', company: 'Jansen BV', cocNumber: '12345678', birthdate: undefined });

/** Sends the same request in Dutch and English: both refused alike, each in its language. */
async function refusedInBothLanguages(
  h: Harness,
  path: string,
  body: () => unknown,
  expected: { status: number; code: string; field?: string; nl: RegExp; en: RegExp },
) {
  for (const [headers, text] of [
    [NL, expected.nl],
    [EN, expected.en],
  ] as const) {
    const res = await h.call('POST', path, {
      body: body(),
      headers: { ...headers, 'idempotency-key': idem() },
    });
    assert.equal(res.status, expected.status, JSON.stringify(res.json));
    const error = res.json.error as Record<string, unknown>;
    assert.equal(error.code, expected.code);
    assert.equal(error.retryable, false);
    if (expected.field) assert.equal(error.field, expected.field);
    assert.match(String(error.message), text);
  }
}

const checkBody = (orderRef: string, overrides: Record<string, unknown> = {}) => ({
  orderRef,
  customer: customer(),
  billingAddress: address(),
  ...overrides,
});
const sessionBody = (orderRef: string, overrides: Record<string, unknown> = {}) => ({
  ...checkBody(orderRef, overrides),
  mode: 'session',
  returnUrl: `${ORIGIN}/checkout`,
});

describe('allowed countries', () => {
  it('offers Billink in NL and BE by default and refuses another country before any Billink call', async () => {
    const h = harness();
    h.orders.set('cart-de', order('WEB-DE-1'));
    const german = { billingAddress: address({ countryCode: 'DE', postalCode: '10115' }) };
    const refusal = {
      status: 422,
      code: 'country_not_offered',
      field: 'billingAddress.countryCode',
      nl: /niet voor een adres in dit land/,
      en: /not available for an address in this country/,
    };
    await refusedInBothLanguages(h, '/billink/check', () => checkBody('cart-de', german), refusal);
    await refusedInBothLanguages(
      h,
      '/billink/orders',
      () => sessionBody('cart-de', german),
      refusal,
    );
    assert.equal(billinkCalls(h), 0);

    const belgian = { billingAddress: address({ countryCode: 'BE', postalCode: '1000' }) };
    const ok = await h.call('POST', '/billink/check', { body: checkBody('cart-de', belgian) });
    assert.equal(ok.status, 200);
    assert.equal(h.simulator.stats.calls.legacyCheck, 1);
  });

  it('honours the shop’s own list (countries)', async () => {
    const h = harness({ countries: ['NL'] });
    h.orders.set('cart-be', order('WEB-BE-1'));
    const belgian = { billingAddress: address({ countryCode: 'BE', postalCode: '1000' }) };
    const res = await h.call('POST', '/billink/check', { body: checkBody('cart-be', belgian) });
    assert.equal((res.json.error as { code: string }).code, 'country_not_offered');
    assert.equal(billinkCalls(h), 0);
  });
});

describe('amount limits per customer type', () => {
  const limits = {
    amountLimits: { private: { maxCents: 10_000 }, business: { minCents: 5_000 } },
  };

  it('refuses a private order above its maximum, in both modes, before any Billink call', async () => {
    const h = harness(limits);
    h.orders.set('cart-big', order('WEB-BIG-1', 15_000));
    const refusal = {
      status: 422,
      code: 'amount_above_maximum',
      nl: /te hoog om achteraf te betalen/,
      en: /too high to pay later/,
    };
    await refusedInBothLanguages(h, '/billink/check', () => checkBody('cart-big'), refusal);
    await refusedInBothLanguages(h, '/billink/orders', () => sessionBody('cart-big'), refusal);
    assert.equal(billinkCalls(h), 0);
    // The same amount is fine for a business customer (no maximum set for them).
    const ok = await h.call('POST', '/billink/check', {
      body: checkBody('cart-big', { customer: business() }),
    });
    assert.equal(ok.status, 200, JSON.stringify(ok.json));
    assert.equal(h.simulator.stats.calls.legacyCheck, 1);
  });

  it('refuses a business order below its minimum', async () => {
    const h = harness(limits);
    h.orders.set('cart-small', order('WEB-SMALL-1', 2_000));
    await refusedInBothLanguages(
      h,
      '/billink/check',
      () => checkBody('cart-small', { customer: business() }),
      { status: 422, code: 'amount_below_minimum', nl: /te laag/, en: /too low/ },
    );
    assert.equal(billinkCalls(h), 0);
  });

  it("maps Billink's code 429 (amount higher than agreed) to a clear, final refusal", async () => {
    const h = harness();
    h.orders.set('cart-429', order('WEB-429-1'));
    await refusedInBothLanguages(
      h,
      '/billink/check',
      () => checkBody('cart-429', { customer: customer({ email: 'error-429@example.com' }) }),
      {
        status: 422,
        code: 'amount_above_billink_limit',
        nl: /hoger dan Billink voor deze winkel toestaat/,
        en: /higher than Billink allows for this shop/,
      },
    );
  });
});

describe('workflow number per customer type and country', () => {
  it('sends each shopper’s workflow to Billink and keeps it with the order', async () => {
    const h = harness({
      workflowNumber: '1',
      workflowNumbers: { private: '3', countries: { BE: { private: '1' } } },
    });
    const placeSession = async (ref: string, overrides: Record<string, unknown>) => {
      h.orders.set(ref, order(`WEB-${ref}`));
      const res = await h.call('POST', '/billink/orders', {
        body: sessionBody(ref, overrides),
        headers: { 'idempotency-key': idem() },
      });
      assert.equal(res.status, 201, JSON.stringify(res.json));
      const sessionId = new URL(String(res.json.redirectUrl)).pathname.split('/').pop()!;
      return h.simulator.getSession(sessionId)?.workflowNumber;
    };
    assert.equal(await placeSession('nl-p', {}), '3');
    assert.equal(await placeSession('nl-b', { customer: business() }), '1');
    assert.equal(
      await placeSession('be-p', {
        billingAddress: address({ countryCode: 'BE', postalCode: '1000' }),
      }),
      '1',
    );

    // Direct mode: the check and the order run in the same workflow.
    h.orders.set('direct', order('WEB-DIRECT'));
    const checked = await h.call('POST', '/billink/check', { body: checkBody('direct') });
    const placed = await h.call('POST', '/billink/orders', {
      body: { orderRef: 'direct', mode: 'direct', checkId: checked.json.checkId },
      headers: { 'idempotency-key': idem() },
    });
    assert.equal(placed.status, 201, JSON.stringify(placed.json));
    assert.equal(h.simulator.getOrder('WEB-DIRECT')?.workflowNumber, '3');
  });
});

describe('payment fee (line code billink_fee)', () => {
  it('refuses a fee for a Dutch private customer before any Billink call', async () => {
    const h = harness();
    h.orders.set('cart-fee', withFee('WEB-FEE-1'));
    const refusal = {
      status: 422,
      code: 'payment_fee_not_allowed',
      nl: /geen betaalkosten toe voor particulieren in Nederland/,
      en: /no payment fee for private customers in the Netherlands/,
    };
    await refusedInBothLanguages(h, '/billink/check', () => checkBody('cart-fee'), refusal);
    await refusedInBothLanguages(h, '/billink/orders', () => sessionBody('cart-fee'), refusal);
    assert.equal(billinkCalls(h), 0);
    // "The shop has been told": the refusal is logged for the shop, naming the order and the fee.
    assert.match(h.logs.join('\n'), /error payment fee .*"orderNumber":"WEB-FEE-1","feeCents":295/);
  });

  it('lets a business customer or a Belgian private customer pay the fee', async () => {
    const h = harness();
    h.orders.set('fee-b', withFee('WEB-FEE-B'));
    h.orders.set('fee-be', withFee('WEB-FEE-BE'));
    const b = await h.call('POST', '/billink/check', {
      body: checkBody('fee-b', { customer: business() }),
    });
    assert.equal(b.status, 200, JSON.stringify(b.json));
    assert.equal(b.json.amountCents, 2795);
    const be = await h.call('POST', '/billink/check', {
      body: checkBody('fee-be', {
        billingAddress: address({ countryCode: 'BE', postalCode: '1000' }),
      }),
    });
    assert.equal(be.status, 200, JSON.stringify(be.json));
  });
});

describe('POST /billink/availability', () => {
  it('says calmly whether Billink is offered, in NL or EN, without calling Billink', async () => {
    const h = harness({ amountLimits: { private: { maxCents: 10_000 } } });
    h.orders.set('small', order('WEB-AV-1', 2_500));
    h.orders.set('big', order('WEB-AV-2', 15_000));
    h.orders.set('fee', withFee('WEB-AV-3'));
    const ask = async (body: Record<string, unknown>, headers = NL) => {
      const res = await h.call('POST', '/billink/availability', { body, headers });
      assert.equal(res.status, 200, JSON.stringify(res.json));
      return availabilityResponseSchema.parse(res.json);
    };

    const yes = await ask({ orderRef: 'small' });
    assert.equal(yes.available, true);
    assert.equal(yes.amountCents, 2_500);
    assert.match(yes.message, /achteraf betalen met Billink/);

    // Unknown type: still offered to business customers (no maximum for them).
    assert.equal((await ask({ orderRef: 'big' })).available, true);
    const privateBig = await ask({ orderRef: 'big', customerType: 'p' });
    assert.deepEqual(
      { available: privateBig.available, reason: privateBig.reason },
      { available: false, reason: 'amount_above_maximum' },
    );
    assert.match(privateBig.message, /te hoog/);
    const privateBigEn = await ask({ orderRef: 'big', customerType: 'p' }, EN);
    assert.match(privateBigEn.message, /too high to pay later with Billink/);

    const german = await ask({ orderRef: 'small', countryCode: 'DE' }, EN);
    assert.equal(german.reason, 'country_not_offered');
    assert.match(german.message, /not available for an address in this country/);

    const fee = await ask({ orderRef: 'fee', customerType: 'p', countryCode: 'NL' });
    assert.equal(fee.reason, 'payment_fee_not_allowed');
    assert.equal(
      (await ask({ orderRef: 'fee', customerType: 'b', countryCode: 'NL' })).available,
      true,
    );

    assert.equal(billinkCalls(h), 0);
  });

  it('answers an unknown order with the usual 404 and validates its input', async () => {
    const h = harness();
    const unknown = await h.call('POST', '/billink/availability', { body: { orderRef: 'nope' } });
    assert.equal(unknown.status, 404);
    const bad = await h.call('POST', '/billink/availability', {
      body: { orderRef: 'x', countryCode: 'nl' },
    });
    assert.equal(bad.status, 400);
    assert.equal((bad.json.error as { field: string }).field, 'countryCode');
  });
});

describe('trust score (webshop settings → payTrustScore)', () => {
  const DAY = 24 * 60 * 60 * 1000;
  function trusted(trustScore: boolean) {
    const simulator = createSimulator({
      accounts: [
        {
          ...DEMO_ACCOUNT,
          whitelist: { minimumPaidOrders: 2, periodDays: 90, totalAmountHigherThanCents: 10_000 },
        },
      ],
    });
    const billink = createBillinkClient({
      username: DEMO_ACCOUNT.username,
      billinkId: DEMO_ACCOUNT.billinkId,
      environment: 'staging',
      fetch: async (input, init) => simulator.fetch(new Request(input, init)),
    });
    return { simulator, h: harness({ billink, trustScore }) };
  }
  const paidAt = (daysAgo: number) =>
    new Date(Date.now() - daysAgo * DAY).toISOString().slice(0, 10);

  it("sends 10 when the shopper's recent paid orders meet Billink's rule, else 0", async () => {
    const { simulator, h } = trusted(true);
    const score = async (ref: string, paidOrders: Order['paidOrders']) => {
      h.orders.set(ref, { ...order(`WEB-${ref}`), paidOrders });
      const res = await h.call('POST', '/billink/orders', {
        body: sessionBody(ref),
        headers: { 'idempotency-key': idem() },
      });
      assert.equal(res.status, 201, JSON.stringify(res.json));
      const id = new URL(String(res.json.redirectUrl)).pathname.split('/').pop()!;
      return simulator.getSession(id)?.customer.payTrustScore;
    };
    const good = [
      { totalCents: 6_000, paidAt: paidAt(3) },
      { totalCents: 5_000, paidAt: paidAt(40) },
    ];
    assert.equal(await score('t1', good), 10);
    assert.equal(await score('t2', [good[0]!]), 0); // fewer paid orders than Billink asks
    assert.equal(
      await score('t3', [good[0]!, { totalCents: 5_000, paidAt: paidAt(200) }]),
      0, // one of them outside the period
    );
    assert.equal(await score('t4', undefined), 0);
    // Webshop settings are read once, not per checkout.
    assert.equal(simulator.stats.calls.webshopSettings, 1);
  });

  it('sends no score when off (the default)', async () => {
    const { simulator, h } = trusted(false);
    h.orders.set('off', order('WEB-OFF'));
    const res = await h.call('POST', '/billink/orders', {
      body: sessionBody('off'),
      headers: { 'idempotency-key': idem() },
    });
    const id = new URL(String(res.json.redirectUrl)).pathname.split('/').pop()!;
    assert.equal(simulator.getSession(id)?.customer.payTrustScore, undefined);
    assert.equal(simulator.stats.calls.webshopSettings, 0);
  });
});

describe('standalone: plugin settings from the environment', () => {
  it('reads countries, euro amounts, workflows per type and country, logo and trust score', () => {
    const config = readConfig({
      BILLINK_COUNTRIES: 'nl, de',
      BILLINK_MIN_AMOUNT_PRIVATE: '10',
      BILLINK_MAX_AMOUNT_PRIVATE: '499.95',
      BILLINK_MAX_AMOUNT_BUSINESS: '2500,5',
      BILLINK_WORKFLOW_PRIVATE: '3',
      BILLINK_WORKFLOW_BUSINESS_BE: '7',
      BILLINK_LOGO_URL: 'https://shop.example/logo.svg',
      BILLINK_TRUST_SCORE: '1',
    });
    assert.deepEqual(config.plugin, {
      countries: ['NL', 'DE'],
      amountLimits: {
        private: { minCents: 1_000, maxCents: 49_995 },
        business: { maxCents: 250_050 },
      },
      workflowNumbers: { private: '3', countries: { BE: { business: '7' } } },
      logoUrl: 'https://shop.example/logo.svg',
      trustScore: true,
    });
    assert.deepEqual(readConfig({}).plugin, { trustScore: false });
  });

  it('refuses bad settings, naming the variable', () => {
    const problems = (env: Record<string, string>) => {
      try {
        readConfig(env);
        return '';
      } catch (error) {
        assert.ok(error instanceof ConfigError);
        return error.problems.join('\n');
      }
    };
    assert.match(problems({ BILLINK_COUNTRIES: 'Netherlands' }), /BILLINK_COUNTRIES must list/);
    assert.match(
      problems({ BILLINK_MAX_AMOUNT_PRIVATE: '€50' }),
      /BILLINK_MAX_AMOUNT_PRIVATE must be an amount in euros/,
    );
    assert.match(
      problems({ BILLINK_MIN_AMOUNT_BUSINESS: '100', BILLINK_MAX_AMOUNT_BUSINESS: '50' }),
      /BILLINK_MIN_AMOUNT_BUSINESS must not be above BILLINK_MAX_AMOUNT_BUSINESS/,
    );
    assert.match(
      problems({ BILLINK_WORKFLOW_PRIVATE_BE: 'two' }),
      /BILLINK_WORKFLOW_PRIVATE_BE must be a workflow number/,
    );
    assert.match(
      problems({ BILLINK_LOGO_URL: 'http://shop.example/logo.png' }),
      /BILLINK_LOGO_URL must be an https URL/,
    );
    assert.match(problems({ BILLINK_TRUST_SCORE: 'yes' }), /BILLINK_TRUST_SCORE must be 1/);
  });

  it('applies them end to end: amount refused before Billink, logo on the hosted page', async () => {
    const config = readConfig({
      BILLINK_MAX_AMOUNT_PRIVATE: '20',
      BILLINK_LOGO_URL: 'https://shop.example/logo.svg',
      BILLINK_WORKFLOW_PRIVATE: '3',
    });
    const orders = new Map<string, Order>([
      ['big', order('WEB-SA-BIG', 2_500)],
      ['small', order('WEB-SA-SMALL', 1_500)],
    ]);
    const publicUrl = 'http://localhost:8787';
    const stack = createProxyStack(config, {
      publicUrl,
      logger: {},
      resolveOrder: async (ref) => orders.get(ref) ?? null,
    });
    try {
      const post = (body: unknown, lang: string) =>
        stack.app.fetch(
          new Request(`${publicUrl}/billink/orders`, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              'idempotency-key': idem(),
              'accept-language': lang,
            },
            body: JSON.stringify(body),
          }),
        );
      for (const [lang, text] of [
        ['nl', /te hoog/],
        ['en', /too high/],
      ] as const) {
        const refused = await post({ ...sessionBody('big'), returnUrl: `${publicUrl}/` }, lang);
        assert.equal(refused.status, 422);
        const json = (await refused.json()) as { error: { code: string; message: string } };
        assert.equal(json.error.code, 'amount_above_maximum');
        assert.match(json.error.message, text);
      }
      assert.equal(stack.simulator?.stats.calls.sessionCreate, 0);

      const ok = await post({ ...sessionBody('small'), returnUrl: `${publicUrl}/` }, 'en');
      assert.equal(ok.status, 201);
      const { redirectUrl } = (await ok.json()) as { redirectUrl: string };
      const session = stack.simulator?.getSession(new URL(redirectUrl).pathname.split('/').pop()!);
      assert.equal(session?.logoURL, 'https://shop.example/logo.svg');
      assert.equal(session?.workflowNumber, '3');
    } finally {
      await stack.close();
    }
  });
});
