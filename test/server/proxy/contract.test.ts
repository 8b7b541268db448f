// The proxy's answers checked against the OpenAPI document (generated from the same schemas the
// proxy validates with), and thousands of random bodies to every route: always a clear 4xx or a
// valid success, never a 5xx, never a crash.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { address, customer, harness, order } from './harness.js';

const doc = JSON.parse(readFileSync('openapi/billink-proxy.json', 'utf8')) as {
  paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
};
const ajv = new Ajv2020({ strict: false, allErrors: true });
ajv.addSchema(doc, 'openapi');
const validators = new Map<string, ReturnType<typeof ajv.compile>>();
function validate(schemaName: string, value: unknown): void {
  let v = validators.get(schemaName);
  if (!v) {
    v = ajv.getSchema(`openapi#/components/schemas/${schemaName}`)!;
    validators.set(schemaName, v);
  }
  assert.ok(v(value), `${schemaName}: ${ajv.errorsText(v.errors)} in ${JSON.stringify(value)}`);
}

/** Which schema a response of a route must satisfy. */
function expectContract(route: string, status: number, body: unknown): void {
  assert.ok(status < 500, `${route} answered ${status}: ${JSON.stringify(body)}`);
  const responses = Object.values(doc.paths[route] ?? {})[0]?.responses ?? {};
  assert.ok(String(status) in responses, `${route}: ${status} is not in the contract`);
  if (status >= 400) validate('Error', body);
  else if (route === '/check') validate('CheckResponse', body);
  else if (route === '/orders') validate('CreateOrderResponse', body);
  else if (route === '/orders/{orderId}') validate('OrderStatusResponse', body);
}

describe('OpenAPI document', () => {
  it('is up to date with the schemas', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/openapi.ts', '--check'], {
      encoding: 'utf8',
    });
    assert.equal(r.status, 0, r.stderr);
  });

  it('describes every answer of a full session flow', async () => {
    const h = harness({ statusRefreshMs: 0 });
    h.orders.set('c1', { ...order('WEB-c1'), customer: customer(), billingAddress: address() });
    const check = await h.call('POST', '/billink/check', {
      body: { orderRef: 'c1', customer: customer(), billingAddress: address() },
    });
    expectContract('/check', check.status, check.json);
    const created = await h.call('POST', '/billink/orders', {
      body: { orderRef: 'c1', mode: 'session' },
      headers: { 'idempotency-key': crypto.randomUUID() },
    });
    expectContract('/orders', created.status, created.json);
    const status = await h.call('GET', `/billink/orders/${created.json.orderId}`, {
      headers: { authorization: `Bearer ${created.json.statusToken}` },
    });
    expectContract('/orders/{orderId}', status.status, status.json);
  });
});

describe('random bodies never break the proxy', () => {
  const validCheck = { orderRef: 'p1', customer: customer(), billingAddress: address() };
  const validOrder = {
    orderRef: 'p1',
    mode: 'session',
    customer: customer(),
    billingAddress: address(),
  };

  /** Anything at all, or a valid body with one field replaced by anything. */
  const bodies = (valid: Record<string, unknown>) =>
    fc.oneof(
      fc.anything(),
      fc.json(),
      fc.string(),
      fc
        .record({
          key: fc.oneof(fc.constantFrom(...Object.keys(valid)), fc.string()),
          value: fc.anything(),
          nested: fc.constantFrom('customer', 'billingAddress', null),
          nestedKey: fc.constantFrom(...Object.keys(customer()), ...Object.keys(address())),
        })
        .map(({ key, value, nested, nestedKey }) => {
          const copy = structuredClone(valid) as Record<string, Record<string, unknown>>;
          if (nested && copy[nested]) copy[nested]![nestedKey] = value as never;
          else (copy as Record<string, unknown>)[key] = value;
          return copy;
        }),
    );
  const asText = (body: unknown) =>
    typeof body === 'string' ? body : (JSON.stringify(body) ?? 'null');

  const h = harness({
    webhookSecret: 'property-secret',
    rateLimits: {
      requestsPerIp: { limit: 1e9, windowMs: 60_000 },
      checksPerIp: { limit: 1e9, windowMs: 60_000 },
      checksPerOrderRef: { limit: 1e9, windowMs: 60_000 },
    },
  });
  h.orders.set('p1', order('WEB-p1'));

  it('POST /check', async () => {
    await fc.assert(
      fc.asyncProperty(bodies(validCheck), async (body) => {
        const r = await h.call('POST', '/billink/check', { body: asText(body) });
        expectContract('/check', r.status, r.json);
      }),
      { numRuns: 1500 },
    );
  });

  it('POST /orders', async () => {
    await fc.assert(
      fc.asyncProperty(
        bodies(validOrder),
        fc.option(fc.oneof(fc.uuid(), fc.string())),
        async (body, key) => {
          const r = await h.call('POST', '/billink/orders', {
            body: asText(body),
            headers: key === null ? {} : { 'idempotency-key': key.replace(/[\r\n\0]/g, '') },
          });
          expectContract('/orders', r.status, r.json);
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('GET /orders/{orderId}', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string(), fc.string(), async (id, token) => {
        const r = await h.call('GET', `/billink/orders/${encodeURIComponent(id) || 'x'}`, {
          headers: { authorization: `Bearer ${token.replace(/[\r\n\0]/g, '')}` },
        });
        expectContract('/orders/{orderId}', r.status, r.json);
      }),
      { numRuns: 1000 },
    );
  });

  it('POST /webhooks', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.anything(), fc.json()), fc.string(), async (body, sig) => {
        const r = await h.call('POST', '/billink/webhooks', {
          body: asText(body),
          headers: {
            'x-billink-signature': sig.replace(/[\r\n\0]/g, ''),
            'x-billink-timestamp': String(Math.floor(Date.now() / 1000)),
            'x-billink-webhook-id': crypto.randomUUID(),
          },
        });
        assert.ok(r.status < 500, `${r.status} ${JSON.stringify(r.json)}`);
        validate('Error', r.json);
      }),
      { numRuns: 1000 },
    );
  });
});
