// Issue 19 item 3: three Billink calls per session checkout in every mode (check, session create,
// one status read), the result seen within 5 s of the shopper's return, and a return route that a
// stranger can neither use as an open redirect nor to make the proxy hammer Billink. Proxy, store
// and simulator share one fake clock; Billink's calls are counted by the simulator.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createBillinkClient } from '../../../src/server/billink/index.js';
import { createBillinkProxy, createMemoryStore } from '../../../src/server/proxy/index.js';
import { createSimulator, DEMO_ACCOUNT } from '../../../src/server/simulator/index.js';
import { address, customer, order, ORIGIN } from './harness.js';

const SECRET = 'whsec_calls_per_checkout_0123456789abcdef';

function rig(options: { webhooks?: boolean; billinkDown?: () => boolean } = {}) {
  const clock = { now: Date.parse('2026-03-02T10:00:00Z') };
  const now = () => clock.now;
  let proxy: (request: Request) => Promise<Response> = async () => new Response(null);
  const simulator = createSimulator({
    now,
    webhookRetryDelaysMs: [1, 1, 1],
    ...(options.webhooks
      ? {
          webhookSecret: SECRET,
          accounts: [{ ...DEMO_ACCOUNT, sessionWebhookUrl: `${ORIGIN}/billink/webhooks` }],
        }
      : {}),
    webhookFetch: async (input, init) => proxy(new Request(input, init)),
  });
  const billink = createBillinkClient({
    username: DEMO_ACCOUNT.username,
    billinkId: DEMO_ACCOUNT.billinkId,
    environment: 'staging',
    retry: { attempts: 1, baseDelayMs: 1 },
    fetch: async (input, init) => {
      if (options.billinkDown?.()) throw new TypeError('fetch failed');
      return simulator.fetch(new Request(input, init));
    },
  });
  proxy = createBillinkProxy({
    billink,
    resolveOrder: async (ref) => ({
      ...order(`WEB-${ref}`),
      customer: customer(),
      billingAddress: address(),
    }),
    store: createMemoryStore({ now }),
    publicUrl: ORIGIN,
    now,
    clientIp: () => '203.0.113.7',
    ...(options.webhooks ? { webhookSecret: SECRET } : {}),
  });
  const call = async (method: string, path: string, init: RequestInit = {}) =>
    proxy(
      new Request(path.startsWith('http') ? path : ORIGIN + path, {
        method,
        ...init,
        headers: { origin: ORIGIN, 'content-type': 'application/json', ...init.headers },
      }),
    );
  /** Billink API calls (the shopper's own page views are not the proxy's). */
  const billinkCalls = () =>
    Object.entries(simulator.stats.calls)
      .filter(([name]) => !name.startsWith('hostedPage'))
      .reduce((total, [, n]) => total + n, 0);

  async function checkout(ref: string, returnUrl = `${ORIGIN}/checkout`) {
    const checked = await call('POST', '/billink/check', {
      body: JSON.stringify({ orderRef: ref, customer: customer(), billingAddress: address() }),
    });
    assert.equal(checked.status, 200);
    const created = await call('POST', '/billink/orders', {
      headers: { 'idempotency-key': crypto.randomUUID() },
      body: JSON.stringify({
        orderRef: ref,
        mode: 'session',
        checkId: ((await checked.json()) as { checkId: string }).checkId,
        returnUrl,
      }),
    });
    assert.equal(created.status, 201);
    const o = (await created.json()) as {
      orderId: string;
      statusToken: string;
      redirectUrl: string;
    };
    return { ...o, sessionId: new URL(o.redirectUrl).pathname.split('/').pop()! };
  }
  const status = async (o: { orderId: string; statusToken: string }) => {
    const res = await call('GET', `/billink/orders/${o.orderId}`, {
      headers: { authorization: `Bearer ${o.statusToken}` },
    });
    return ((await res.json()) as { status: string }).status;
  };
  /** The element's page polls every 2 s while the shopper is away for `ms`. */
  const pollFor = async (o: { orderId: string; statusToken: string }, ms: number) => {
    const end = clock.now + ms;
    while (clock.now + 2_000 <= end) {
      clock.now += 2_000;
      assert.equal(await status(o), 'pending');
    }
    clock.now = end;
  };
  const follow = async (location: string) => {
    const res = await call('GET', location, { headers: {} });
    assert.equal(res.status, 303);
    return res.headers.get('location') ?? '';
  };
  return { clock, simulator, call, billinkCalls, checkout, status, pollFor, follow };
}

describe('three Billink calls per session checkout (issue 19 item 3)', () => {
  for (const mode of ['redirect', 'popup'] as const) {
    it(`${mode}, no webhooks: check + create + one status read; the result shows at the return`, async () => {
      const r = rig();
      const returnUrl = mode === 'popup' ? `${ORIGIN}/billink-popup-done` : `${ORIGIN}/checkout`;
      const o = await r.checkout(`${mode}-1`, returnUrl);
      await r.pollFor(o, 44_000); // 22 polls while the shopper is on Billink's page
      const done = r.simulator.completeSession(o.sessionId, 'approve');
      const page = await r.follow(done.redirect!);
      assert.ok(page.startsWith(`${returnUrl}?billink_order=${o.orderId}`), page);
      assert.equal(await r.status(o), 'approved', 'the first poll after the return (0 s later)');
      r.clock.now += 5 * 60_000;
      await r.status(o);
      assert.deepEqual(r.simulator.stats.calls.legacyCheck, 1);
      assert.deepEqual(r.simulator.stats.calls.sessionCreate, 1);
      assert.deepEqual(r.simulator.stats.calls.sessionStatus, 1);
      assert.equal(r.billinkCalls(), 3);
    });
  }

  it('webhooks on: the webhook and the return ask once between them', async () => {
    const r = rig({ webhooks: true });
    const o = await r.checkout('wh-1');
    await r.pollFor(o, 44_000);
    const done = r.simulator.completeSession(o.sessionId, 'approve');
    await r.simulator.webhooksIdle();
    assert.equal(await r.status(o), 'approved');
    await r.follow(done.redirect!);
    assert.equal(await r.status(o), 'approved');
    assert.equal(r.billinkCalls(), 3, JSON.stringify(r.simulator.stats.calls));
  });

  it('webhooks on, the return racing the webhook: still one status read', async () => {
    const r = rig({ webhooks: true });
    const o = await r.checkout('wh-2');
    const done = r.simulator.completeSession(o.sessionId, 'approve');
    await Promise.all([r.follow(done.redirect!), r.simulator.webhooksIdle()]);
    assert.equal(await r.status(o), 'approved');
    assert.equal(r.simulator.stats.calls.sessionStatus, 1, JSON.stringify(r.simulator.stats.calls));
  });

  it('shopper never returns: no ask in the first 60 s, then about one a minute', async () => {
    const r = rig();
    const o = await r.checkout('gone-1');
    await r.pollFor(o, 58_000);
    assert.equal(r.simulator.stats.calls.sessionStatus, 0);
    r.simulator.completeSession(o.sessionId, 'approve'); // the redirect back never arrives
    r.clock.now += 2_000;
    assert.equal(await r.status(o), 'approved', 'the safety net at 60 s finds it');
    assert.equal(r.billinkCalls(), 3);
  });

  it('shopper never comes back and never decides: 1 status read per minute after the first 60 s', async () => {
    const r = rig();
    const o = await r.checkout('gone-2');
    await r.pollFor(o, 10 * 60_000);
    // Asked at 60 s, 120 s, … 600 s: ten safety-net reads in ten minutes, none in the first.
    assert.equal(r.simulator.stats.calls.sessionStatus, 10);
  });
});

describe('the return route under failure and abuse', () => {
  it('Billink down during the return: the redirect still happens, the order stays pending, the next poll asks again', async () => {
    let down = false;
    const r = rig({ billinkDown: () => down });
    const o = await r.checkout('down-1');
    const done = r.simulator.completeSession(o.sessionId, 'approve');
    down = true;
    const page = await r.follow(done.redirect!);
    assert.ok(page.startsWith(`${ORIGIN}/checkout?billink_order=${o.orderId}`), page);
    assert.equal(await r.status(o), 'pending', 'no guess while Billink cannot say');
    down = false;
    r.clock.now += 5_000; // past the return's throttle
    assert.equal(await r.status(o), 'approved', 'the owed ask is made by the next poll');
    assert.equal(r.simulator.stats.calls.sessionStatus, 1);
  });

  it('a replayed return after approval changes nothing and asks nothing', async () => {
    const r = rig();
    const o = await r.checkout('replay-1');
    const done = r.simulator.completeSession(o.sessionId, 'approve');
    await r.follow(done.redirect!);
    const calls = r.billinkCalls();
    for (let i = 0; i < 5; i++) {
      r.clock.now += 10_000;
      const cancel = done.redirect!.replace('billink_result=success', 'billink_result=cancel');
      assert.ok((await r.follow(cancel)).includes('billink_result=cancel'));
    }
    assert.equal(await r.status(o), 'approved');
    assert.equal(r.billinkCalls(), calls);
  });

  it('forged returns for a real pending attempt ask Billink at most once per 5 s and mark nothing', async () => {
    const r = rig();
    const o = await r.checkout('forged-1');
    const forged = `${ORIGIN}/billink/return/${o.orderId}?to=${encodeURIComponent(`${ORIGIN}/`)}&billink_result=success`;
    await Promise.all(Array.from({ length: 30 }, () => r.follow(forged)));
    assert.equal(r.simulator.stats.calls.sessionStatus, 1);
    r.clock.now += 5_000;
    await r.follow(forged);
    assert.equal(r.simulator.stats.calls.sessionStatus, 2);
    assert.equal(await r.status(o), 'pending', 'only Billink’s answer moves an order');
  });

  it('an unknown order asks nothing; a foreign target goes to the shop, never elsewhere', async () => {
    const r = rig();
    const foreign = encodeURIComponent('https://evil.example/phish');
    const unknown = await r.follow(
      `/billink/return/ord_doesnotexist000?to=${foreign}&billink_result=success`,
    );
    assert.equal(new URL(unknown).origin, ORIGIN);
    const junk = await r.follow(`/billink/return/..%2Fx?to=javascript:alert(1)`);
    assert.equal(new URL(junk).origin, ORIGIN);
    assert.ok(!junk.includes('billink_order'));
    assert.equal(r.billinkCalls(), 0);
  });
});
