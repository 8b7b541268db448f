/**
 * Cost per checkout: Billink calls per completed checkout and proxy requests per polling browser,
 * counted by the simulator's `stats.calls` while a scripted checkout runs through the proxy
 * (in-process: the proxy's Billink client calls `simulator.fetch`, the simulator's webhooks go
 * straight into the proxy). Proxy, store and simulator share one virtual clock, so minutes of
 * polling take milliseconds and are reproducible (seeded jitter).
 *
 * The browser side is the element's polling schedule: the first poll 1 s after the hosted page
 * opens, then `pollDelay(attempt)` from src/flow/backoff.ts (exponential with equal jitter from
 * ~1 s to a 10 s cap), until the status is final — the same loop as src/flow/poller.ts for one tab.
 *
 * Then, in real time: 1 000 browsers polling the same 100 pending orders at once, to check that
 * Billink's session status is asked at most once per order per 2 s (`statusRefreshMs`).
 */
import { pollDelay } from '../src/flow/backoff.js';
import { createBillinkClient } from '../src/server/billink/index.js';
import {
  createBillinkProxy,
  createMemoryStore,
  type FetchHandler,
  type ProxyStore,
} from '../src/server/proxy/index.js';
import { createSimulator, DEMO_ACCOUNT, type Simulator } from '../src/server/simulator/index.js';
import { address, customer, NO_RATE_LIMITS, order } from './fixtures.js';
import { fixed, progress, seededRandom, sleep, type Row, type Section } from './util.js';

const ORIGIN = 'https://shop.example';
const CHECKOUTS = 20;
/** How long the virtual shopper spends on Billink's hosted page before approving. */
const SHOPPER_MS = 45_000;
/** Virtual period over which a browser polls an order that stays pending. */
const PENDING_PERIOD_MS = 10 * 60_000;
const REFRESH_MS = 2_000;

type Variant = 'no-webhooks' | 'webhooks' | 'popup' | 'never-returns' | 'webhooks-only';

interface Rig {
  simulator: Simulator;
  proxy: FetchHandler;
  clock: { now: number };
  /** Proxy requests by route, since the last reset. */
  requests: Record<string, number>;
  call(
    method: string,
    path: string,
    init?: { body?: unknown; headers?: Record<string, string> },
  ): Promise<{ status: number; json: Record<string, unknown> }>;
  /** The shopper's browser following Billink's redirect back: returns the proxy's 303 target. */
  visit(url: string): Promise<string>;
}

function rig(
  variant: Variant | 'direct',
  virtual: boolean,
  wrapStore: (store: ProxyStore) => ProxyStore = (store) => store,
  statusRefreshMs?: number,
): Rig {
  const clock = { now: Date.now() };
  const now = virtual ? () => clock.now : Date.now;
  const secret = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))));
  const webhooks = variant === 'webhooks' || variant === 'webhooks-only';
  let proxy: FetchHandler = async () => new Response(null, { status: 503 });
  const simulator = createSimulator({
    now,
    maxEntries: 100_000,
    webhookRetryDelaysMs: [1, 1, 1],
    ...(webhooks
      ? {
          webhookSecret: secret,
          accounts: [{ ...DEMO_ACCOUNT, sessionWebhookUrl: `${ORIGIN}/billink/webhooks` }],
        }
      : {}),
    webhookFetch: async (input, init) => proxy(new Request(input, init)),
  });
  const billink = createBillinkClient({
    username: DEMO_ACCOUNT.username,
    billinkId: DEMO_ACCOUNT.billinkId,
    environment: 'staging',
    fetch: async (input, init) => simulator.fetch(new Request(input, init)),
  });
  proxy = createBillinkProxy({
    billink,
    resolveOrder: async (ref) => order(ref),
    store: wrapStore(createMemoryStore({ now })),
    rateLimits: NO_RATE_LIMITS,
    // Session orders return shoppers to the shop: its origin must be configured.
    publicUrl: 'https://shop.example',
    now,
    clientIp: () => '203.0.113.7',
    // Default: the safety net asks a pending session once a minute after its first minute.
    ...(variant === 'webhooks-only' ? { statusRefreshMs: 24 * 3_600_000 } : {}),
    ...(statusRefreshMs !== undefined ? { statusRefreshMs } : {}),
    ...(webhooks ? { webhookSecret: secret } : {}),
  });
  const requests: Record<string, number> = {};
  return {
    simulator,
    proxy,
    clock,
    requests,
    async call(method, path, init = {}) {
      const route = `${method} ${path.replace(/ord_[\w-]+/, '{id}')}`;
      requests[route] = (requests[route] ?? 0) + 1;
      const res = await proxy(
        new Request(ORIGIN + path, {
          method,
          headers: {
            origin: ORIGIN,
            ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
            ...init.headers,
          },
          ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
        }),
      );
      return { status: res.status, json: (await res.json()) as Record<string, unknown> };
    },
    async visit(url) {
      const route = `GET ${new URL(url).pathname.replace(/ord_[\w-]+/, '{id}')}`;
      requests[route] = (requests[route] ?? 0) + 1;
      const res = await proxy(new Request(url));
      expect(res.status === 303, `return route answered ${res.status}`);
      return res.headers.get('location') ?? '';
    },
  };
}

const sum = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);
const nonZero = (r: Record<string, number>) =>
  Object.entries(r)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${k} ${fixed(n / CHECKOUTS, 2)}`)
    .join(', ');

function expect(ok: boolean, what: string): void {
  if (!ok) throw new Error(`cost: ${what}`);
}

interface CheckoutCost {
  billink: Record<string, number>;
  proxy: Record<string, number>;
  polls: number;
}

/** Direct mode: check, then the order with the check's id; no polling (the answer is final). */
async function directCheckouts(): Promise<CheckoutCost> {
  const r = rig('direct', true);
  r.simulator.resetStats();
  for (let i = 0; i < CHECKOUTS; i++) {
    const ref = `direct-${i}`;
    const check = await r.call('POST', '/billink/check', {
      body: { orderRef: ref, customer: customer(), billingAddress: address() },
    });
    expect(check.json.outcome === 'approved', `check ${JSON.stringify(check.json)}`);
    const created = await r.call('POST', '/billink/orders', {
      body: { orderRef: ref, mode: 'direct', checkId: check.json.checkId },
      headers: { 'idempotency-key': crypto.randomUUID() },
    });
    expect(created.json.status === 'approved', `direct order ${JSON.stringify(created.json)}`);
  }
  return { billink: { ...r.simulator.stats.calls }, proxy: { ...r.requests }, polls: 0 };
}

/**
 * Session mode with a complete prefill: check, session, hosted page (the shopper approves after
 * SHOPPER_MS of virtual time and Billink sends the browser back through the proxy's return route,
 * unless the variant is `never-returns`), the element polling on its schedule until it sees the
 * result. Returns also how long after the approval the browser saw it.
 */
async function sessionCheckouts(variant: Variant): Promise<CheckoutCost & { seenAfterMs: number }> {
  const r = rig(variant, true);
  const random = seededRandom(42);
  r.simulator.resetStats();
  let polls = 0;
  let seenAfterMs = 0;
  for (let i = 0; i < CHECKOUTS; i++) {
    const ref = `session-${i}`;
    const check = await r.call('POST', '/billink/check', {
      body: { orderRef: ref, customer: customer(), billingAddress: address() },
    });
    expect(check.json.outcome === 'approved', 'check');
    const created = await r.call('POST', '/billink/orders', {
      body: {
        orderRef: ref,
        mode: 'session',
        checkId: check.json.checkId,
        ...(variant === 'popup' ? { returnUrl: `${ORIGIN}/billink-popup-done` } : {}),
      },
      headers: { 'idempotency-key': crypto.randomUUID() },
    });
    const { orderId, statusToken, redirectUrl } = created.json as Record<string, string>;
    expect(!!redirectUrl, `session order ${JSON.stringify(created.json)}`);
    const sessionId = new URL(redirectUrl!).pathname.split('/').pop()!;
    const opened = r.clock.now;
    const approveAt = opened + SHOPPER_MS;
    let approved = false;
    let next = opened + 1_000;
    let attempt = 0;
    for (;;) {
      if (!approved && next >= approveAt) {
        r.clock.now = approveAt;
        const done = r.simulator.completeSession(sessionId, 'approve');
        await r.simulator.webhooksIdle();
        approved = true;
        if (variant !== 'never-returns') {
          // The shopper is back: the page (or the popup's opener) polls at once.
          const page = await r.visit(done.redirect!);
          expect(page.includes(`billink_order=${orderId}`), `return target ${page}`);
          next = r.clock.now;
          attempt = 0;
        }
      }
      r.clock.now = next;
      polls++;
      const status = await r.call('GET', `/billink/orders/${orderId}`, {
        headers: { authorization: `Bearer ${statusToken}` },
      });
      if (status.json.status === 'approved') break;
      expect(status.json.status === 'pending', `status ${JSON.stringify(status.json)}`);
      expect(r.clock.now - opened < 3_600_000, 'never approved');
      next = r.clock.now + pollDelay(attempt++, Infinity, random)!;
    }
    seenAfterMs = Math.max(seenAfterMs, r.clock.now - approveAt);
    r.clock.now += 60_000; // The next shopper.
  }
  return {
    billink: { ...r.simulator.stats.calls },
    proxy: { ...r.requests },
    polls,
    seenAfterMs,
  };
}

/** Proxy polls and Billink calls per minute for one browser on an order that stays pending. */
async function pendingPolling(variant: Variant) {
  const r = rig(variant, true);
  const random = seededRandom(7);
  const created = await r.call('POST', '/billink/orders', {
    body: { orderRef: 'pending-1', mode: 'session' },
    headers: { 'idempotency-key': crypto.randomUUID() },
  });
  const { orderId, statusToken } = created.json as Record<string, string>;
  r.simulator.resetStats();
  const start = r.clock.now;
  const firstMinute = { polls: 0, billink: 0 };
  let polls = 0;
  let next = start + 1_000;
  let attempt = 0;
  while (next < start + PENDING_PERIOD_MS) {
    r.clock.now = next;
    await r.call('GET', `/billink/orders/${orderId}`, {
      headers: { authorization: `Bearer ${statusToken}` },
    });
    polls++;
    if (next < start + 60_000) {
      firstMinute.polls++;
      firstMinute.billink = r.simulator.stats.calls.sessionStatus;
    }
    next = r.clock.now + pollDelay(attempt++, Infinity, random)!;
  }
  const minutes = PENDING_PERIOD_MS / 60_000;
  return {
    firstMinute,
    perMinute: polls / minutes,
    billinkPerMinute: r.simulator.stats.calls.sessionStatus / minutes,
  };
}

/**
 * 1 000 browsers on 100 pending orders for `durationMs` of real time; returns Billink session-status
 * calls per second and the smallest gap between two refreshes of one order.
 */
async function thundering(
  schedule: 'element' | 'hammer',
  durationMs: number,
): Promise<{
  rate: number;
  polls: number;
  minGapMs: number;
  minClaimGapMs: number;
  maxPerOrder: number;
  pass: boolean;
}> {
  const ORDERS = 100;
  const BROWSERS = 1_000;
  // The proxy's own decisions to refresh: successful claims of `refresh:<orderId>` (Date.now).
  const claims = new Map<string, number[]>();
  // The safety net at 2 s instead of its 60 s default: a crowd's worst case on the claim.
  const r = rig(
    'no-webhooks',
    false,
    (store) => ({
      ...store,
      async claim(key, value, ttlMs) {
        const won = await store.claim(key, value, ttlMs);
        if (won && key.startsWith('refresh:'))
          claims.set(key, [...(claims.get(key) ?? []), Date.now()]);
        return won;
      },
    }),
    REFRESH_MS,
  );
  const orders: { orderId: string; statusToken: string }[] = [];
  for (let i = 0; i < ORDERS; i++) {
    const created = await r.call('POST', '/billink/orders', {
      body: { orderRef: `crowd-${i}`, mode: 'session' },
      headers: { 'idempotency-key': crypto.randomUUID() },
    });
    orders.push(created.json as { orderId: string; statusToken: string });
  }
  // Every session-status call Billink receives, with its time and session.
  const calls: { at: number; sessionId: string }[] = [];
  const inner = r.simulator.fetch.bind(r.simulator);
  let t0 = 0;
  r.simulator.fetch = async (request: Request) => {
    if (new URL(request.url).pathname.endsWith('/v2/session/status')) {
      const body = (await request.clone().json()) as Record<string, unknown>;
      calls.push({ at: performance.now() - t0, sessionId: String(Object.values(body).join('|')) });
    }
    return inner(request);
  };
  const random = seededRandom(1);
  let polls = 0;
  t0 = performance.now();
  const end = t0 + durationMs;
  const browser = async (b: number) => {
    const o = orders[b % ORDERS]!;
    let attempt = 0;
    // The element waits 1 s before its first poll; spread the crowd's arrival over that second
    // (from 10 ms on, so that whole-millisecond clocks cannot fit a 4th refresh into the window).
    await sleep(10 + random() * 990);
    while (performance.now() < end) {
      polls++;
      await r.call('GET', `/billink/orders/${o.orderId}`, {
        headers: { authorization: `Bearer ${o.statusToken}` },
      });
      const wait =
        schedule === 'element' ? pollDelay(attempt++, Infinity, random)! : 100 + random() * 200;
      await sleep(Math.min(wait, Math.max(0, end - performance.now())));
    }
  };
  await Promise.all(Array.from({ length: BROWSERS }, (_, b) => browser(b)));
  const inWindow = calls.filter((c) => c.at < durationMs);
  const bySession = new Map<string, number[]>();
  for (const c of inWindow)
    bySession.set(c.sessionId, [...(bySession.get(c.sessionId) ?? []), c.at]);
  let minGapMs = Infinity;
  let minClaimGapMs = Infinity;
  let maxPerOrder = 0;
  for (const times of claims.values())
    for (let i = 1; i < times.length; i++)
      minClaimGapMs = Math.min(minClaimGapMs, times[i]! - times[i - 1]!);
  for (const times of bySession.values()) {
    maxPerOrder = Math.max(maxPerOrder, times.length);
    for (let i = 1; i < times.length; i++) minGapMs = Math.min(minGapMs, times[i]! - times[i - 1]!);
  }
  await r.simulator.close();
  const rate = inWindow.length / (durationMs / 1000);
  const pass =
    rate <= (ORDERS * 1000) / REFRESH_MS &&
    maxPerOrder <= Math.ceil(durationMs / REFRESH_MS) &&
    minClaimGapMs >= REFRESH_MS;
  return { rate, polls, minGapMs, minClaimGapMs, maxPerOrder, pass };
}

export async function runCost(): Promise<Section> {
  progress(`cost: ${CHECKOUTS} scripted checkouts per mode (virtual time)`);
  const direct = await directCheckouts();
  const session: Record<Variant, CheckoutCost & { seenAfterMs: number }> = {
    'no-webhooks': await sessionCheckouts('no-webhooks'),
    webhooks: await sessionCheckouts('webhooks'),
    popup: await sessionCheckouts('popup'),
    'never-returns': await sessionCheckouts('never-returns'),
    'webhooks-only': await sessionCheckouts('webhooks-only'),
  };
  progress('cost: one browser polling a pending order for 10 virtual minutes');
  const pendingNo = await pendingPolling('no-webhooks');
  const pendingOnly = await pendingPolling('webhooks-only');

  const DURATION = 6_000;
  progress('cost: 1 000 browsers × 100 orders, element schedule (6 s)');
  const crowd = await thundering('element', DURATION);
  progress('cost: 1 000 browsers × 100 orders, every 100–300 ms (6 s)');
  const hammer = await thundering('hammer', DURATION);

  const per = (n: number) => fixed(n / CHECKOUTS, 2);
  const label: Record<Variant, string> = {
    'no-webhooks': 'session mode, redirect, no webhooks',
    webhooks: 'session mode, redirect, webhooks',
    popup: 'session mode, popup, no webhooks',
    'never-returns': 'session mode, shopper never returns, no webhooks',
    'webhooks-only': 'session mode, webhooks, no safety net',
  };
  const rows: Row[] = [
    {
      area: 'Cost',
      metric: 'Billink calls per checkout: direct mode',
      value: per(sum(direct.billink)),
      detail: `${nonZero(direct.billink)}; proxy requests ${per(sum(direct.proxy))}`,
    },
  ];
  for (const v of Object.keys(session) as Variant[]) {
    const c = session[v];
    rows.push({
      area: 'Cost',
      metric: `Billink calls per checkout: ${label[v]}`,
      value: per(sum(c.billink)),
      detail: `${nonZero(c.billink)}; proxy requests ${per(sum(c.proxy))} (polls ${per(c.polls)}); result seen ≤ ${fixed(c.seenAfterMs / 1000, 1)} s after the approval`,
    });
  }
  rows.push(
    {
      area: 'Cost',
      metric: 'Proxy polls per minute per browser (pending order)',
      value: `${pendingNo.firstMinute.polls} in the 1st minute · ${fixed(pendingNo.perMinute, 1)}/min over 10 min`,
      detail:
        `Billink status calls: ${pendingNo.firstMinute.billink} in the 1st minute, ` +
        `${fixed(pendingNo.billinkPerMinute, 1)}/min over 10 min without webhooks; ` +
        `${fixed(pendingOnly.billinkPerMinute, 1)}/min with webhooks only (polls ${fixed(pendingOnly.perMinute, 1)}/min)`,
    },
    {
      area: 'Cost',
      metric: '1 000 browsers × 100 orders, element schedule: Billink status calls/s',
      value: `${fixed(crowd.rate, 1)}/s (limit 50/s) — ${crowd.pass ? 'PASS' : 'FAIL'}`,
      detail: `${crowd.polls} polls in ${DURATION / 1000} s; ≤ ${crowd.maxPerOrder} Billink status calls per order; shortest gap between two refreshes of one order: ${fixed(crowd.minClaimGapMs, 0)} ms as decided by the proxy, ${fixed(crowd.minGapMs, 1)} ms as received by Billink`,
    },
    {
      area: 'Cost',
      metric: '1 000 browsers × 100 orders, polling every 100–300 ms: Billink status calls/s',
      value: `${fixed(hammer.rate, 1)}/s (limit 50/s) — ${hammer.pass ? 'PASS' : 'FAIL'}`,
      detail: `${hammer.polls} polls in ${DURATION / 1000} s; ≤ ${hammer.maxPerOrder} Billink status calls per order; shortest gap between two refreshes of one order: ${fixed(hammer.minClaimGapMs, 0)} ms as decided by the proxy, ${fixed(hammer.minGapMs, 1)} ms as received by Billink`,
    },
  );
  return {
    rows,
    notes: [
      `Cost: ${CHECKOUTS} checkouts per mode through the in-process proxy on the in-process simulator, ` +
        'counted with `simulator.stats.calls`, on a virtual clock shared by proxy, store and ' +
        `simulator. Session mode assumes a complete prefill (so the element checks first; without it, ` +
        `one call less) and a shopper who approves on the hosted page after ${SHOPPER_MS / 1000} s ` +
        '(`completeSession(id, "approve")`). The browser polls on the element’s schedule: first poll ' +
        '1 s after the hosted page opens, then `pollDelay()` from `src/flow/backoff.ts` (seeded jitter). ' +
        'Billink sends the shopper back through `GET /billink/return/{orderId}`, which asks Billink ' +
        'once and answers 303 to the shop’s page, where the element polls at once (the popup’s ' +
        'opener the same); polls are answered from the store, and a pending session is asked about ' +
        'by a poll only as a safety net, once a minute after its first minute. With webhooks the ' +
        'simulator’s signed session webhook reaches the proxy at the approval and asks Billink; the ' +
        'return then finds the order final and asks nothing. “Shopper never returns”: the approval ' +
        'is found by the safety net (the reconciler would too).',
      '1 000 browsers × 100 orders: real time, in-process, 10 browsers per pending order, each ' +
        'arriving within the first second; “element schedule” polls with the backoff above, ' +
        '“every 100–300 ms” is a far more aggressive client. PASS when Billink’s session-status ' +
        'calls stay ≤ 50/s over the 6 s window (= one per order per 2 s; the safety net is set to ' +
        '2 s here instead of its 60 s default, the worst case for the claim), no order reached Billink more ' +
        'than 3 times in it, and the proxy never decided to refresh one order twice within 2 s ' +
        '(successful `refresh:` claims in its store, timed with the store’s own clock). Gaps as ' +
        'received by Billink also carry the event-loop delay between that decision and the request, ' +
        'so under this load they can be a few ms under 2 s.',
    ],
  };
}
