// The back office lists orders from the proxy's order book: a restarted demo (a new app on the
// same Redis) still shows the orders placed before the restart.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { readConfig } from '../../src/server/proxy/standalone/config.js';
import { createDemoApp } from '../../demo/server/app.js';
import { startRedis, type RedisServer } from '../support/redis.js';
import { address, customer } from '../server/proxy/harness.js';

const ORIGIN = 'http://localhost:3000';
let redis: RedisServer;
before(async () => {
  redis = await startRedis();
});
after(() => redis.stop());

const demo = () =>
  createDemoApp(
    readConfig(
      { PORT: '0', MERCHANT_API_KEY: 'k'.repeat(40), REDIS_URL: redis.url },
      { ordersFromHost: true },
    ),
    { publicUrl: ORIGIN, logger: {}, adminPassword: 'demo-password-1' },
  );

async function ordersPage(app: ReturnType<typeof demo>['app']): Promise<string> {
  const login = await app.fetch(
    new Request(`${ORIGIN}/admin/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN },
      body: new URLSearchParams({ password: 'demo-password-1' }),
    }),
  );
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  return (await app.fetch(new Request(`${ORIGIN}/admin`, { headers: { cookie } }))).text();
}

it('a restarted demo on the same Redis still lists the orders in its back office', async () => {
  const first = demo();
  const cart = (await (await first.app.fetch(new Request(`${ORIGIN}/api/cart`))).json()) as {
    id: string;
  };
  const post = (path: string, body: unknown) =>
    first.app.fetch(
      new Request(ORIGIN + path, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          origin: ORIGIN,
          'idempotency-key': crypto.randomUUID(),
        },
        body: JSON.stringify(body),
      }),
    );
  const shopper = { orderRef: cart.id, customer: customer(), billingAddress: address() };
  const check = (await (await post('/billink/check', shopper)).json()) as { checkId?: string };
  const placed = await post('/billink/orders', {
    ...shopper,
    mode: 'direct',
    checkId: check.checkId,
  });
  const answer = (await placed.json()) as { status?: string };
  assert.equal(answer.status, 'approved', JSON.stringify(answer));
  assert.match(await ordersPage(first.app), new RegExp(`data-order-ref="${cart.id}"`));
  await first.stack.close();

  const second = demo();
  try {
    assert.match(await ordersPage(second.app), new RegExp(`data-order-ref="${cart.id}"`));
  } finally {
    await second.stack.close();
  }
});
