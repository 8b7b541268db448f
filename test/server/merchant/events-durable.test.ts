import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startRedis, type RedisServer } from '../../support/redis.js';
import {
  API_KEY,
  checkout,
  EVENT_SECRET,
  merchant,
  startProxy,
  startShop,
  until,
} from './helpers.js';

describe('order events reach the shop across a shop outage and a proxy restart (Redis)', () => {
  let redis: RedisServer;
  before(async () => {
    redis = await startRedis();
  });
  after(async () => {
    await redis.stop();
  });

  it('keeps undelivered events visible, then delivers them once from the restarted proxy', async () => {
    const shop = await startShop();
    const env = {
      MERCHANT_API_KEY: API_KEY,
      ORDER_SOURCE_URL: shop.url,
      ORDER_EVENT_SECRET: EVENT_SECRET,
      REDIS_URL: redis.url,
    };
    shop.state.down = true;
    let server = await startProxy(env);
    try {
      await checkout(server, 'DUR-1');
      const api = merchant(server.url);
      const shipped = await api('POST', '/orders/DUR-1/ship', { body: {} });
      assert.equal(shipped.status, 200);
      // The shop is down: both events wait (in order), the reason visible to the merchant.
      const waiting = await until(async () => {
        const o = await api('GET', '/orders/DUR-1');
        return o.json.events?.length === 2 && o.json.events[0].delivery.attempts >= 2
          ? o
          : undefined;
      });
      assert.deepEqual(
        waiting.json.events.map((e: { delivery: { state: string } }) => e.delivery.state),
        ['pending', 'pending'],
      );
      assert.equal(waiting.json.events[0].delivery.lastError, 'HTTP 503');
      assert.equal(shop.events.length, 0);
    } finally {
      await server.close();
    }

    // A new proxy process on the same Redis; the shop is back.
    shop.state.down = false;
    server = await startProxy(env);
    try {
      await until(() => shop.events.length === 2);
      assert.deepEqual(
        shop.events.map((e) => [e.orderRef, e.type, e.sequence]),
        [
          ['DUR-1', 'approved', 1],
          ['DUR-1', 'shipped', 2],
        ],
      );
      const api = merchant(server.url);
      await until(async () =>
        (await api('GET', '/orders/DUR-1')).json.events.every(
          (e: { delivery: { state: string } }) => e.delivery.state === 'delivered',
        ),
      );
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(shop.events.length, 2, 'nothing delivered twice');
    } finally {
      await server.close();
      await shop.close();
    }
  });
});
