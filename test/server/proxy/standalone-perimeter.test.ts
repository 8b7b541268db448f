// Issue 11 items 4–7 (and issue 12 item 3) against the standalone process, as an operator runs it.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer, request, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import {
  startSimulatorServer,
  type SimulatorServer,
} from '../../../src/server/simulator/server.js';
import { DEMO_ACCOUNT } from '../../../src/server/simulator/index.js';
import { errorResponseSchema } from '../../../src/server/proxy/index.js';
import { startRedis, type RedisServer } from '../../support/redis.js';
import { checkRequest, startCli, type CliProcess } from './cli-process.js';
import { address, customer, order } from './harness.js';

const running: CliProcess[] = [];
function cli(env: Record<string, string>): CliProcess {
  const p = startCli(env);
  running.push(p);
  return p;
}
after(async () => {
  await Promise.all(running.map((p) => p.stop()));
});

const STAGING = {
  BILLINK_ENV: 'staging',
  BILLINK_USERNAME: DEMO_ACCOUNT.username,
  BILLINK_ID: DEMO_ACCOUNT.billinkId,
};

describe('simulator mode exposes only the hosted checkout page (item 6)', () => {
  it("refuses the simulator's merchant API and oversized bodies; the tester is not locked out after ten checks", async () => {
    const p = cli({});
    const base = await p.ready();
    for (const path of [
      '/billink-simulator/v2/client/webshop-settings',
      '/billink-simulator/v2/client/webhook-v3/secret/generate',
    ]) {
      const res = await fetch(base + path, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          billinkUsername: DEMO_ACCOUNT.username,
          billinkID: DEMO_ACCOUNT.billinkId,
        }),
      });
      assert.equal(res.status, 404, path);
    }
    // The hosted page's own stylesheet is part of the page.
    const css = await fetch(`${base}/billink-simulator/checkout/assets/style.css`);
    assert.equal(css.status, 200);
    assert.match(css.headers.get('content-type') ?? '', /^text\/css/);
    const huge = await fetch(`${base}/billink-simulator/checkout/anything`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'choice=approve&pad=' + 'x'.repeat(20_000), // over the 16 KiB limit
    });
    assert.equal(huge.status, 413);

    // Issue 12 item 3: trying outcomes by hand must not lock the tester out after ten checks.
    for (let i = 0; i < 12; i++) {
      const res = await checkRequest(base, `sim-try-${i}`);
      assert.equal(res.status, 200, `check ${i + 1}`);
    }
  });
});

/**
 * Rate-limit windows are fixed and aligned to the clock (a minute, a quarter of an hour): a burst
 * that straddles a boundary starts counting again. Bursts start well inside a window.
 */
async function insideWindow(windowMs: number, burstMs = 10_000): Promise<void> {
  const into = Date.now() % windowMs;
  if (into > windowMs - burstMs) await new Promise((r) => setTimeout(r, windowMs - into + 50));
}

describe('TRUST_PROXY (item 5)', () => {
  async function exhaust(base: string, ip: string) {
    await insideWindow(15 * 60_000);
    // Simulator mode allows 60 checks per IP per 15 minutes (still bounded).
    for (let i = 0; i < 60; i++) {
      const res = await checkRequest(base, `trust-${ip}-${i}`, { 'x-forwarded-for': ip });
      assert.equal(res.status, 200, `check ${i + 1}`);
    }
    const limited = await checkRequest(base, `trust-${ip}-x`, { 'x-forwarded-for': ip });
    assert.equal(limited.status, 429);
    assert.ok(Number(limited.headers.get('retry-after')) > 0, 'Retry-After in seconds');
    assert.equal(errorResponseSchema.parse(await limited.json()).error.retryable, false);
  }

  it('behind a trusted reverse proxy each shopper has its own bucket; webhooks are never per-IP limited', async () => {
    const p = cli({ TRUST_PROXY: 'loopback' });
    const base = await p.ready();
    await exhaust(base, '198.51.100.1');
    const other = await checkRequest(base, 'trust-other', { 'x-forwarded-for': '198.51.100.2' });
    assert.equal(other.status, 200, 'another shopper behind the same proxy is not limited');

    // 601 junk requests from one client use up its per-IP allowance (600/min in simulator mode)…
    await insideWindow(60_000);
    for (let i = 0; i < 601; i++) {
      await fetch(`${base}/billink/orders/ord_junkjunkjunk${i}`, {
        headers: { 'x-forwarded-for': '198.51.100.9' },
      });
    }
    const junk = await fetch(`${base}/billink/orders/ord_junkjunkjunkx`, {
      headers: { 'x-forwarded-for': '198.51.100.9' },
    });
    assert.equal(junk.status, 429);
    // …but Billink's webhooks from that address are judged by their signature, not rate limited.
    const webhook = await fetch(`${base}/billink/webhooks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '198.51.100.9' },
      body: '{}',
    });
    assert.notEqual(webhook.status, 429);
  });

  it('without TRUST_PROXY a forged X-Forwarded-For does not buy a fresh bucket', async () => {
    const p = cli({});
    const base = await p.ready();
    await exhaust(base, '198.51.100.1');
    const forged = await checkRequest(base, 'forged', { 'x-forwarded-for': '198.51.100.77' });
    assert.equal(forged.status, 429);
  });

  it('refuses a TRUST_PROXY it cannot parse', async () => {
    const p = cli({ TRUST_PROXY: '300.1.1.1/99' });
    const [code] = await once(p.child, 'exit');
    assert.equal(code, 2);
    assert.match(p.err(), /TRUST_PROXY must be/);
  });
});

describe('return URLs (item 4)', () => {
  it('never from Referer, never checked against a spoofed Host', async () => {
    const free = createServer().listen(0, '127.0.0.1');
    await once(free, 'listening');
    const port = String((free.address() as AddressInfo).port);
    free.close();
    await once(free, 'close');
    const p = cli({
      PORT: port,
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      ALLOWED_ORIGINS: 'https://shop.example',
    });
    const base = await p.ready();
    const body = (returnUrl?: string) =>
      JSON.stringify({
        orderRef: `ret-${crypto.randomUUID()}`,
        mode: 'session',
        customer: customer(),
        billingAddress: address(),
        ...(returnUrl ? { returnUrl } : {}),
      });
    const create = (headers: Record<string, string>, returnUrl?: string) =>
      fetch(`${base}/billink/orders`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'idempotency-key': crypto.randomUUID(),
          ...headers,
        },
        body: body(returnUrl),
      });
    // fetch cannot forge Host; a raw request can, as an attacker's would.
    const spoofedHost = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request(
        `${base}/billink/orders`,
        {
          method: 'POST',
          headers: {
            host: 'evil.example',
            'content-type': 'application/json',
            'idempotency-key': crypto.randomUUID(),
          },
        },
        (res) => {
          let text = '';
          res.on('data', (d) => (text += d));
          res.on('end', () => resolve({ status: res.statusCode!, text }));
        },
      );
      req.on('error', reject);
      req.end(body('http://evil.example/phish'));
    });
    assert.equal(spoofedHost.status, 400, spoofedHost.text);
    assert.equal(errorResponseSchema.parse(JSON.parse(spoofedHost.text)).error.field, 'returnUrl');

    const fromReferer = await create({ referer: 'https://evil.example/phish' });
    assert.equal(fromReferer.status, 201);
    const { redirectUrl } = (await fromReferer.json()) as { redirectUrl: string };
    const page = await fetch(redirectUrl);
    const approved = await fetch(redirectUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'choice=approve&birthdate=1980-05-17',
      redirect: 'manual',
    });
    assert.equal(page.status, 200);
    const via = await fetch(approved.headers.get('location') ?? '', { redirect: 'manual' });
    assert.equal(via.status, 303);
    const location = via.headers.get('location') ?? '';
    assert.ok(location.startsWith(`${base}/?billink_order=`), location);
  });
});

describe('durable state in staging/production (item 6 of "what to build")', () => {
  it('refuses the memory store unless ALLOW_MEMORY_STORE=1, saying what a restart would lose', async () => {
    const p = cli({ ...STAGING, ORDER_SOURCE_URL: 'http://127.0.0.1:9/orders' });
    const [code] = await once(p.child, 'exit');
    assert.equal(code, 2);
    assert.match(p.err(), /restart would lose pending checkouts/);
    assert.match(p.err(), /ALLOW_MEMORY_STORE=1/);
  });
});

describe('BILLINK_API_URL', () => {
  let simulator: SimulatorServer;
  let shop: Server;
  let shopUrl: string;
  before(async () => {
    simulator = await startSimulatorServer();
    shop = createServer((req, res) => {
      const ref = decodeURIComponent(req.url!.split('/').pop()!);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(order(`SHOP-${ref}`, 4321 * 2)));
    });
    shop.listen(0, '127.0.0.1');
    await once(shop, 'listening');
    shopUrl = `http://127.0.0.1:${(shop.address() as AddressInfo).port}/orders`;
  });
  after(async () => {
    shop.close();
    await simulator.close();
  });

  it('points a staging-mode proxy at `npm run simulator`', async () => {
    const p = cli({
      ...STAGING,
      BILLINK_API_URL: simulator.url,
      ORDER_SOURCE_URL: shopUrl,
      ORDER_EVENT_SECRET: 'e'.repeat(32),
      ALLOW_MEMORY_STORE: '1',
    });
    const base = await p.ready();
    simulator.simulator.resetStats();
    const res = await checkRequest(base, 'api-url-1');
    const body = (await res.json()) as { outcome: string; amountCents: number };
    assert.equal(res.status, 200, JSON.stringify(body));
    assert.equal(body.outcome, 'approved');
    assert.equal(body.amountCents, 8642);
    assert.equal(simulator.simulator.stats.calls.legacyCheck, 1, 'the check reached the simulator');
  });
});

describe('graceful shutdown has a deadline (item 7)', () => {
  it('exits after SIGTERM although a slow client keeps a request open', async () => {
    const p = cli({ SHUTDOWN_TIMEOUT_SECONDS: '1' });
    const base = await p.ready();
    const { port } = new URL(base);
    const socket = connect(Number(port), '127.0.0.1');
    await once(socket, 'connect');
    socket.on('error', () => {});
    // Headers and the start of a body, then nothing: the request never completes by itself.
    socket.write(
      'POST /billink/check HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{',
    );
    await new Promise((r) => setTimeout(r, 200));
    const started = Date.now();
    p.child.kill('SIGTERM');
    const timer = setTimeout(() => p.child.kill('SIGKILL'), 15_000);
    const [code, signal] = await once(p.child, 'exit');
    clearTimeout(timer);
    socket.destroy();
    assert.equal(signal, null, 'it exited by itself, not by the test killing it');
    assert.equal(code, 0);
    assert.ok(Date.now() - started < 8_000, `took ${Date.now() - started} ms`);
  });
});

describe('Redis at start and during outages (real redis-server)', () => {
  let redis: RedisServer;
  before(async () => {
    redis = await startRedis();
  });
  after(async () => {
    await redis.stop();
  });

  it('refuses to start when Redis cannot be reached', async () => {
    const p = cli({ REDIS_URL: 'redis://127.0.0.1:9' });
    const [code] = await once(p.child, 'exit');
    assert.equal(code, 1);
    assert.match(p.err(), /could not start: store unavailable/);
    assert.doesNotMatch(p.err(), /\n\s+at /, 'no stack trace');
  });

  it('warns about Redis without persistence, answers 503 during an outage, logs it as JSON and recovers', async () => {
    const p = cli({ REDIS_URL: redis.url });
    const base = await p.ready();
    const warn = p
      .err()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { level: string; message: string });
    assert.ok(
      warn.some((l) => l.level === 'warn' && /appendonly=no/.test(l.message)),
      p.err(),
    );
    assert.equal((await checkRequest(base, 'redis-1')).status, 200);

    await redis.stop();
    const during = await checkRequest(base, 'redis-2');
    assert.equal(during.status, 503);
    const error = errorResponseSchema.parse(await during.json()).error;
    assert.equal(error.code, 'store_unavailable');
    assert.equal(error.retryable, true);

    // Same port again, as a restarted Redis would come back.
    const port = new URL(redis.url).port;
    const again = spawn(
      'redis-server',
      ['--port', port, '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    try {
      const deadline = Date.now() + 15_000;
      let status = 0;
      while (Date.now() < deadline) {
        status = (await checkRequest(base, `redis-3-${Date.now()}`)).status;
        if (status === 200) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      assert.equal(status, 200, 'serves again once Redis is back');
      const lines = p.err().split('\n').filter(Boolean);
      for (const line of lines) assert.doesNotThrow(() => JSON.parse(line), line);
      assert.ok(lines.some((l) => /"redis unavailable"/.test(l)));
      assert.ok(lines.some((l) => /"redis available again"/.test(l)));
      assert.doesNotMatch(p.err(), /Unhandled error event/);
    } finally {
      again.kill('SIGTERM');
      await once(again, 'exit');
    }
  });
});
