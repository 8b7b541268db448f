import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createBillinkClient } from '../../../src/server/billink/index.js';
import { createSimulator, DEMO_ACCOUNT } from '../../../src/server/simulator/index.js';
import {
  createBillinkProxy,
  createRedisStore,
  toExpressMiddleware,
  toNodeListener,
  type FetchHandler,
} from '../../../src/server/proxy/index.js';
import { startRedis, type RedisServer } from '../../support/redis.js';
import { address, customer, order } from './harness.js';

const simulator = createSimulator({});
const billink = createBillinkClient({
  username: DEMO_ACCOUNT.username,
  billinkId: DEMO_ACCOUNT.billinkId,
  environment: 'staging',
  fetch: (input, init) => simulator.fetch(new Request(input, init)),
});

function proxyFor(store?: ReturnType<typeof createRedisStore>): FetchHandler {
  return createBillinkProxy({
    billink,
    resolveOrder: async (ref) => ({
      ...order(`WEB-${ref}`),
      customer: customer(),
      billingAddress: address(),
    }),
    ...(store ? { store } : {}),
    publicUrl: 'https://shop.example',
  });
}

async function listen(server: Server): Promise<string> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function checkOver(base: string) {
  const res = await fetch(`${base}/billink/check`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ orderRef: 'mount-1', customer: customer(), billingAddress: address() }),
  });
  return { status: res.status, body: (await res.json()) as { outcome?: string } };
}

describe('mounting the fetch handler', () => {
  it('in Node http', async () => {
    const server = createServer(toNodeListener(proxyFor()));
    const base = await listen(server);
    try {
      assert.deepEqual((await checkOver(base)).body.outcome, 'approved');
    } finally {
      server.close();
    }
  });

  it('in Express, before the body parsers, next to the shop\u2019s own routes', async () => {
    const app = express();
    app.use(toExpressMiddleware(proxyFor()));
    app.use(express.json());
    app.get('/shop', (_req, res) => {
      res.send('shop page');
    });
    const server = createServer(app);
    const base = await listen(server);
    try {
      assert.equal((await checkOver(base)).body.outcome, 'approved');
      assert.equal(await (await fetch(`${base}/shop`)).text(), 'shop page');
    } finally {
      server.close();
    }
  });

  it('under another mount point via a sub-router', async () => {
    const app = express();
    const router = express.Router();
    router.use(toExpressMiddleware(proxyFor()));
    app.use('/', router);
    const server = createServer(app);
    const base = await listen(server);
    try {
      assert.equal((await checkOver(base)).status, 200);
    } finally {
      server.close();
    }
  });
});

describe('two proxy instances on one Redis', () => {
  let redis: RedisServer;
  before(async () => {
    redis = await startRedis();
  });
  after(async () => {
    await redis.stop();
  });

  it('50 concurrent POST /orders with one key, split over both, create one session', async () => {
    const stores = [createRedisStore(redis.url), createRedisStore(redis.url)];
    const servers = stores.map((s) => createServer(toNodeListener(proxyFor(s))));
    const bases = await Promise.all(servers.map(listen));
    simulator.resetStats();
    const key = crypto.randomUUID();
    try {
      const results = await Promise.all(
        Array.from({ length: 50 }, async (_, i) => {
          const res = await fetch(`${bases[i % 2]}/billink/orders`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'idempotency-key': key },
            body: JSON.stringify({ orderRef: 'redis-1', mode: 'session' }),
          });
          return { status: res.status, body: (await res.json()) as { orderId?: string } };
        }),
      );
      assert.equal(simulator.stats.calls.sessionCreate, 1);
      const ok = results.filter((r) => r.status === 201);
      assert.ok(ok.length >= 1);
      assert.equal(new Set(ok.map((r) => r.body.orderId)).size, 1);
      for (const r of results) assert.ok([201, 409].includes(r.status), String(r.status));

      // The order is readable through either instance.
      const first = ok[0]!.body as { orderId: string; statusToken: string };
      for (const base of bases) {
        const res = await fetch(`${base}/billink/orders/${first.orderId}`, {
          headers: { authorization: `Bearer ${first.statusToken}` },
        });
        assert.equal(res.status, 200);
      }
    } finally {
      servers.forEach((s) => s.close());
      await Promise.all(stores.map((s) => s.close()));
    }
  });
});
