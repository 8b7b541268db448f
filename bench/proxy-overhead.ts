/**
 * Proxy overhead: autocannon on loopback against the proxy (real HTTP to the standalone simulator
 * through the Billink client's `baseUrl`) and against a bare node:http passthrough to the same
 * simulator, in the same run. Simulator, server under test and autocannon each run in their own
 * process (servers.ts); Redis (when used) is a fourth.
 *
 * What each side does per request:
 * - `GET /billink/orders/{id}` (bearer token): the proxy checks the token, reads the order from its
 *   store and refreshes a pending session from Billink at most once per `statusRefreshMs` (2 s by
 *   default — so almost every poll is answered from the store). The passthrough relays Billink's
 *   `POST /v2/session/status` for a pending session (the call a poll would need without the proxy).
 *   A third run sets `statusRefreshMs: 0`, so every poll calls Billink: the proxy's full
 *   overhead on a Billink-bound request.
 * - `POST /billink/check` (JSON): the proxy validates, rate-limits (limits set out of reach),
 *   resolves the order, builds the legacy XML check, calls Billink, parses the answer and stores the
 *   check. The passthrough relays the exact XML request the Billink client sends for the same
 *   shopper (captured in this run) and pipes Billink's XML answer back.
 */
import autocannon, { type Result } from 'autocannon';
import { createBillinkClient } from '../src/server/billink/index.js';
import { startRedis, type RedisServer } from '../test/support/redis.js';
import { address, billinkConfig, customer, order } from './fixtures.js';
import { fixed, progress, startChild, type Child, type Row, type Section } from './util.js';

const DURATION_S = 5;
const WARMUP_S = 1;
const CONNECTIONS = 10;

interface Target {
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
}

interface Measured {
  /** Requests answered during the measured run. */
  requests: number;
  /** Billink (simulator) calls during the measured run, per request. */
  billinkPerRequest?: number;
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

/** The simulator's call counters (all endpoints); POST resets them. */
async function simulatorCalls(statsUrl: string, reset = false): Promise<number> {
  const res = await fetch(statsUrl, { method: reset ? 'POST' : 'GET' });
  const stats = (await res.json()) as { calls: Record<string, number> };
  return Object.values(stats.calls).reduce((a, b) => a + b, 0);
}

async function load(target: Target, statsUrl: string): Promise<Measured> {
  const options = {
    url: target.url,
    method: target.method,
    headers: target.headers,
    ...(target.body !== undefined ? { body: target.body } : {}),
    connections: CONNECTIONS,
  };
  await autocannon({ ...options, duration: WARMUP_S });
  await simulatorCalls(statsUrl, true);
  const r: Result = await autocannon({ ...options, duration: DURATION_S });
  const calls = await simulatorCalls(statsUrl);
  return {
    requests: r.requests.total,
    billinkPerRequest: calls / Math.max(1, r.requests.total),
    rps: r.requests.total / r.duration,
    p50: r.latency.p50,
    p99: r.latency.p99,
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
  };
}

interface Run {
  get: Measured;
  check?: Measured;
}

interface Captured {
  path: string;
  headers: Record<string, string>;
  body: string;
}

/**
 * The Billink requests the client sends for a check and for a session status, captured from a
 * client pointed at the simulator, so the passthrough relays byte-for-byte the same calls.
 */
async function captureBillinkCalls(simUrl: string) {
  const seen: Captured[] = [];
  const client = createBillinkClient({
    ...billinkConfig(simUrl),
    fetch: async (input, init) => {
      const request = new Request(input, init);
      const headers: Record<string, string> = {};
      request.headers.forEach((v, k) => (headers[k] = v));
      seen.push({
        path: new URL(request.url).pathname + new URL(request.url).search,
        headers,
        body: await request.clone().text(),
      });
      return fetch(request);
    },
  });
  const o = order('capture-1');
  await client.check({
    customer: customer(),
    billingAddress: address(),
    orderAmountCents: o.totalCents,
    workflowNumber: '1',
    ip: '127.0.0.1',
  });
  const check = seen.pop()!;
  const session = await client.createSession({
    orderNumber: o.orderNumber,
    customer: customer(),
    billingAddress: address(),
    lines: o.lines,
    totalAmountCents: o.totalCents,
    currency: 'EUR',
    returnUrls: {
      success: 'http://127.0.0.1/return?r=success',
      fail: 'http://127.0.0.1/return?r=fail',
      cancel: 'http://127.0.0.1/return?r=cancel',
      back: 'http://127.0.0.1/return?r=cancel',
    },
    workflowNumber: '1',
  });
  seen.length = 0;
  await client.sessionStatus({ sessionId: session.sessionId });
  const status = seen.pop()!;
  return { check, status };
}

/** A pending session order created through the proxy, and its status token. */
async function createPendingOrder(proxyUrl: string): Promise<{ orderId: string; token: string }> {
  const res = await fetch(`${proxyUrl}/billink/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
    body: JSON.stringify({ orderRef: `poll-${Date.now()}`, mode: 'session' }),
  });
  const body = (await res.json()) as { orderId?: string; statusToken?: string };
  if (res.status !== 201 || !body.orderId || !body.statusToken)
    throw new Error(`POST /billink/orders answered ${res.status}: ${JSON.stringify(body)}`);
  return { orderId: body.orderId, token: body.statusToken };
}

const checkBody = JSON.stringify({
  orderRef: 'bench-check',
  customer: customer(),
  billingAddress: address(),
});

export async function runProxyOverhead(): Promise<Section> {
  const children: Child[] = [];
  let redis: RedisServer | undefined;
  const start = async (...args: string[]) => {
    const child = await startChild('servers.ts', args);
    children.push(child);
    return child;
  };
  try {
    const sim = await start('simulator');
    const [simUrl, statsUrl] = sim.ready.split(' ') as [string, string];
    const captured = await captureBillinkCalls(simUrl);

    // Every server is up before the first run, and the runs alternate between passthrough and
    // proxy, so slow drift in the machine's load does not favour one side.
    redis = await startRedis();
    const pass = await start('passthrough', simUrl);
    const proxyFor = async (store: 'memory' | 'redis', refreshMs?: number) => {
      const child = await start('proxy', simUrl, store, redis?.url ?? '', String(refreshMs ?? ''));
      const { orderId, token } = await createPendingOrder(child.ready);
      return {
        get: {
          url: `${child.ready}/billink/orders/${orderId}`,
          method: 'GET',
          headers: { authorization: `Bearer ${token}` },
        } satisfies Target,
        check: {
          url: `${child.ready}/billink/check`,
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: checkBody,
        } satisfies Target,
      };
    };
    const mem = await proxyFor('memory');
    const mem0 = await proxyFor('memory', 0);
    const red = await proxyFor('redis');
    const relay = (c: Captured): Target => ({
      url: pass.ready + c.path,
      method: 'POST',
      headers: c.headers,
      body: c.body,
    });

    progress('proxy: status polls (passthrough, memory, memory refreshing every poll, Redis)');
    const passStatus = await load(relay(captured.status), statsUrl);
    const memory: Run = { get: await load(mem.get, statsUrl) };
    const memoryEveryPoll: Run = { get: await load(mem0.get, statsUrl) };
    const redisRun: Run = { get: await load(red.get, statsUrl) };
    progress('proxy: credit checks (passthrough, memory, Redis)');
    const passCheck = await load(relay(captured.check), statsUrl);
    memory.check = await load(mem.check, statsUrl);
    redisRun.check = await load(red.check, statsUrl);

    const show = (m: Measured) =>
      `${fixed(m.rps, 0)} req/s · p50 ${m.p50} ms · p99 ${m.p99} ms · ` +
      `${fixed(m.billinkPerRequest ?? NaN, 3)} Billink calls/req` +
      (m.non2xx || m.errors ? ` (⚠ ${m.non2xx} non-2xx, ${m.errors} errors)` : '');
    const ratio = (m: Measured, base: Measured) =>
      `${fixed(m.rps / base.rps, 2)}× the passthrough’s req/s; p50 ${fixed(m.p50 / Math.max(base.p50, 1e-9), 2)}×, p99 ${fixed(m.p99 / Math.max(base.p99, 1e-9), 2)}×`;
    const rows: Row[] = [
      {
        area: 'Proxy',
        metric: 'Passthrough: Billink session status (`POST /v2/session/status`)',
        value: show(passStatus),
        detail: 'bare node:http → fetch → pipe, the request the client sends, captured',
      },
      {
        area: 'Proxy',
        metric: 'Passthrough: Billink legacy XML check (`POST /v1/client/check`)',
        value: show(passCheck),
        detail: 'the XML check the client sends for the same shopper, captured',
      },
    ];
    const proxyRows = (label: string, r: Run) => {
      rows.push({
        area: 'Proxy',
        metric: `Proxy (${label}): \`GET /billink/orders/{id}\``,
        value: show(r.get),
        detail: ratio(r.get, passStatus),
      });
      if (r.check)
        rows.push({
          area: 'Proxy',
          metric: `Proxy (${label}): \`POST /billink/check\``,
          value: show(r.check),
          detail: ratio(r.check, passCheck),
        });
    };
    proxyRows('memory store', memory);
    proxyRows('memory store, refresh every poll', memoryEveryPoll);
    proxyRows('Redis store', redisRun);
    return {
      rows,
      notes: [
        `Proxy: autocannon ${CONNECTIONS} connections, ${DURATION_S} s per figure after a ${WARMUP_S} s ` +
          'warm-up, loopback; simulator, server under test and autocannon in separate Node ' +
          'processes (plus redis-server), all sharing this machine’s cores; all servers start first ' +
          'and the runs alternate passthrough / proxy. Latency percentiles ' +
          'have autocannon’s 1 ms resolution. Rate limits were set out of reach. The GET rows compare ' +
          'a poll to the proxy with the Billink session-status call relayed by the passthrough: the ' +
          'proxy answers polls from its store (Billink is asked by the return route, the webhook, and a ' +
          'safety net once a minute after a minute), which is why it can beat the passthrough; ' +
          '“refresh every poll” (`statusRefreshMs: 0`) lets every poll ask Billink, except while ' +
          'another ask about the same order is in flight (the “Billink calls/req” column, counted by ' +
          'the simulator, shows how many did); ' +
          'there the passthrough still has to read, re-send and stream a request body the proxy’s GET ' +
          'does not have, so the proxy can come out ahead. The check rows compare the proxy’s JSON `/check` (validation, order ' +
          'lookup, XML build/parse, stored check) with the passthrough relaying the captured XML ' +
          'check — the same Billink work without the proxy.',
      ],
    };
  } finally {
    for (const child of children.reverse()) await child.stop();
    await redis?.stop();
  }
}
