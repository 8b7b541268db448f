import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { delay, http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { createProxyClient } from '../../src/flow/proxy-client.js';
import type { CheckRequest, CreateOrderRequest } from '../../src/flow/types.js';

const BASE = 'https://shop.test/billink';
const server = setupServer();
before(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
after(() => server.close());

const client = createProxyClient({ baseUrl: `${BASE}/`, locale: 'nl', timeoutMs: 200 });

const checkBody: CheckRequest = {
  orderRef: 'WEB-1',
  customer: {
    type: 'p',
    firstName: 'Anna',
    lastName: 'de Vries',
    birthdate: '1990-05-17',
    email: 'anna@example.nl',
    phone: '0612345678',
  },
  billingAddress: {
    street: 'Damrak',
    houseNumber: '1',
    postalCode: '1012 LG',
    city: 'Amsterdam',
    countryCode: 'NL',
  },
};
const orderBody: CreateOrderRequest = {
  orderRef: 'WEB-1',
  checkId: 'chk-1',
  mode: 'session',
  returnUrl: 'https://shop.test/checkout',
};
const created = {
  orderId: 'ord-1',
  statusToken: 'tok-1',
  status: 'pending',
  redirectUrl: 'https://billink.test/pay/1',
  expiresAt: '2026-01-15T13:00:00Z',
};

/** The rejection of `promise`, which must reject. */
async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (e) {
    return e;
  }
  assert.fail('expected a rejection');
}

describe('proxy client: success', () => {
  it('check: POSTs JSON with Accept-Language and returns the result', async () => {
    let seen: { body: unknown; headers: Headers; credentials: string } | undefined;
    server.use(
      http.post(`${BASE}/check`, async ({ request }) => {
        seen = {
          body: await request.json(),
          headers: request.headers,
          credentials: request.credentials,
        };
        return HttpResponse.json({
          outcome: 'approved',
          checkId: 'chk-1',
          amountCents: 4995,
          currency: 'EUR',
        });
      }),
    );
    const result = await client.check(checkBody);
    assert.deepEqual(result, {
      outcome: 'approved',
      checkId: 'chk-1',
      amountCents: 4995,
      currency: 'EUR',
    });
    assert.deepEqual(seen?.body, checkBody);
    assert.equal(seen?.headers.get('content-type'), 'application/json');
    assert.equal(seen?.headers.get('accept-language'), 'nl');
    assert.equal(seen?.credentials, 'same-origin');
  });

  it('createOrder: sends the Idempotency-Key, accepts 201', async () => {
    let key: string | null = null;
    let body: unknown;
    server.use(
      http.post(`${BASE}/orders`, async ({ request }) => {
        key = request.headers.get('idempotency-key');
        body = await request.json();
        return HttpResponse.json(created, { status: 201 });
      }),
    );
    assert.deepEqual(await client.createOrder(orderBody, 'key-123'), created);
    assert.equal(key, 'key-123');
    assert.deepEqual(body, orderBody);
  });

  it('orderStatus: GETs with the bearer status token, order id escaped, no body', async () => {
    let auth: string | null = null;
    let method = '';
    server.use(
      http.get(`${BASE}/orders/:id`, ({ request, params }) => {
        auth = request.headers.get('authorization');
        method = request.method;
        return HttpResponse.json({
          orderId: params.id,
          status: 'approved',
          expiresAt: created.expiresAt,
          extra: 1,
        });
      }),
    );
    const status = await client.orderStatus('ord/1', 'tok-1');
    assert.equal(status.orderId, 'ord/1');
    assert.equal(status.status, 'approved');
    assert.equal(auth, 'Bearer tok-1');
    assert.equal(method, 'GET');
  });

  it('a declined check is a result, not an error', async () => {
    server.use(
      http.post(`${BASE}/check`, () =>
        HttpResponse.json({
          outcome: 'declined',
          reason: '501',
          amountCents: 4995,
          currency: 'EUR',
        }),
      ),
    );
    assert.equal((await client.check(checkBody)).reason, '501');
  });
});

describe('proxy client: failures are one FlowError', () => {
  it("the proxy's error body: its code, localized message, field and retryable", async () => {
    server.use(
      http.post(`${BASE}/check`, () =>
        HttpResponse.json(
          {
            error: {
              code: 'invalid_field',
              message: 'Vul een geldige postcode in.',
              field: 'billingAddress.postalCode',
              retryable: false,
            },
          },
          { status: 422 },
        ),
      ),
    );
    assert.deepEqual(await failure(client.check(checkBody)), {
      code: 'invalid_field',
      message: 'Vul een geldige postcode in.',
      field: 'billingAddress.postalCode',
      retryable: false,
    });
  });

  it('a retryable proxy error stays retryable', async () => {
    server.use(
      http.post(`${BASE}/orders`, () =>
        HttpResponse.json(
          { error: { code: 'billink_unavailable', message: 'x', retryable: true } },
          { status: 503 },
        ),
      ),
    );
    const e = (await failure(client.createOrder(orderBody, 'k'))) as {
      code: string;
      retryable: boolean;
    };
    assert.equal(e.code, 'billink_unavailable');
    assert.equal(e.retryable, true);
  });

  it('a non-2xx without the error body: proxy_error, retryable for 5xx and 429 only', async () => {
    for (const [status, retryable] of [
      [500, true],
      [502, true],
      [429, true],
      [404, false],
      [400, false],
    ] as const) {
      server.use(
        http.post(`${BASE}/check`, () => new HttpResponse('<html>oops</html>', { status })),
      );
      assert.deepEqual(
        await failure(client.check(checkBody)),
        { code: 'proxy_error', retryable },
        `${status}`,
      );
    }
  });

  it('a network failure: network, retryable', async () => {
    server.use(http.post(`${BASE}/check`, () => HttpResponse.error()));
    assert.deepEqual(await failure(client.check(checkBody)), { code: 'network', retryable: true });
  });

  it('an injected fetch that rejects with no error object at all: network, retryable', async () => {
    const odd = createProxyClient({
      baseUrl: BASE,
      locale: 'nl',
      fetch: () => Promise.reject(undefined as unknown as Error),
    });
    assert.deepEqual(await failure(odd.check(checkBody)), { code: 'network', retryable: true });
  });

  it('no answer in time: timeout, retryable', async () => {
    server.use(
      http.get(`${BASE}/orders/:id`, async () => {
        await delay(2000);
        return HttpResponse.json({});
      }),
    );
    const started = Date.now();
    assert.deepEqual(await failure(client.orderStatus('ord-1', 't')), {
      code: 'timeout',
      retryable: true,
    });
    assert.ok(Date.now() - started < 1500);
  });

  it('2xx that is not JSON: invalid_response', async () => {
    server.use(http.post(`${BASE}/check`, () => new HttpResponse('<html>captive portal</html>')));
    assert.deepEqual(await failure(client.check(checkBody)), {
      code: 'invalid_response',
      retryable: false,
    });
  });

  it('2xx JSON of the wrong shape: invalid_response', async () => {
    const bad = [
      { outcome: 'maybe', amountCents: 1, currency: 'EUR' },
      { outcome: 'approved', amountCents: 12.5, currency: 'EUR' },
      { outcome: 'approved', amountCents: 1 },
      null,
      [],
    ];
    for (const body of bad) {
      server.use(http.post(`${BASE}/check`, () => HttpResponse.json(body)));
      assert.deepEqual(await failure(client.check(checkBody)), {
        code: 'invalid_response',
        retryable: false,
      });
    }
  });

  it('an order without token, with an unknown status or a non-http redirect URL: invalid_response', async () => {
    for (const body of [
      { ...created, statusToken: undefined },
      { ...created, status: 'weird' },
      { ...created, redirectUrl: 'javascript:alert(1)' },
    ]) {
      server.use(http.post(`${BASE}/orders`, () => HttpResponse.json(body, { status: 201 })));
      assert.deepEqual(await failure(client.createOrder(orderBody, 'k')), {
        code: 'invalid_response',
        retryable: false,
      });
    }
  });

  it('uses an injected fetch', async () => {
    const calls: string[] = [];
    const own = createProxyClient({
      baseUrl: '/billink',
      locale: 'en',
      fetch: async (url) => {
        calls.push(String(url));
        return Response.json({ orderId: 'o', status: 'pending', expiresAt: 'x' });
      },
    });
    assert.equal((await own.orderStatus('o', 't')).status, 'pending');
    assert.deepEqual(calls, ['/billink/orders/o']);
  });
});
