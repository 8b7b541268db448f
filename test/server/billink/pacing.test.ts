// Issue 20 item 7: the client paces its own calls per operation (token bucket) and retries
// Billink's limit error after its wait, a bounded number of times. A fake clock: nothing sleeps.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createBillinkClient, isBillinkError } from '../../../src/server/billink/index.js';
import {
  createPacer,
  type PacingClock,
  type PacingOptions,
} from '../../../src/server/billink/pacing.js';

function fakeClock() {
  const clock = {
    t: 0,
    slept: [] as number[],
    now: () => clock.t,
    sleep: async (ms: number) => {
      clock.slept.push(ms);
      clock.t += ms;
    },
  };
  return clock satisfies PacingClock;
}

const EMPTY_LIST = { invoices: [], page: 1, total_invoices: '0', total_pages: 0 };
const LIMIT = { code: '111', description: 'Request limit exceeded', result: 'error' };

function client(
  answer: (n: number) => Response,
  pacing: Partial<PacingOptions> = {},
  clock = fakeClock(),
) {
  const sent: number[] = [];
  const billink = createBillinkClient({
    username: 'u',
    billinkId: 'id',
    environment: 'staging',
    clock,
    pacing,
    retry: { attempts: 1, baseDelayMs: 1 },
    fetch: async () => {
      sent.push(clock.now());
      return answer(sent.length);
    },
  });
  return { billink, sent, clock };
}

const json = (body: unknown, init: ResponseInit = {}) =>
  new Response(JSON.stringify(body), {
    ...init,
    headers: { 'content-type': 'application/json', ...init.headers },
  });

describe('request pacing (issue 20 item 7)', () => {
  it('a batch of back-office calls never exceeds the bucket: burst, then the sustained rate', async () => {
    const { billink, sent } = client(() => json(EMPTY_LIST), { ratePerSecond: 5, burst: 10 });
    await Promise.all(Array.from({ length: 30 }, (_, i) => billink.invoices({ page: i + 1 })));
    assert.equal(sent.length, 30);
    // In any 1 s window at most burst + rate calls; after the burst, one per 200 ms.
    for (const at of sent) {
      assert.ok(sent.filter((t) => t >= at && t < at + 1000).length <= 15);
    }
    assert.equal(sent.filter((t) => t === 0).length, 10);
    assert.equal(sent.at(-1), 4_000); // 20 more at 5/s
  });

  it('paces each operation on its own: a batch does not hold up the checkout', async () => {
    const clock = fakeClock();
    const pacer = createPacer({ ratePerSecond: 1, burst: 1 }, clock);
    await pacer.acquire('invoices');
    const started = clock.now();
    await pacer.acquire('sessionStatus'); // its own (shopper-path) bucket
    assert.equal(clock.now(), started);
    await pacer.acquire('invoices');
    assert.equal(clock.now(), started + 1000);
  });

  it('retries a limit error after Billink’s Retry-After, and succeeds', async () => {
    const { billink, sent, clock } = client((n) =>
      n === 1 ? json(LIMIT, { headers: { 'retry-after': '7' } }) : json(EMPTY_LIST),
    );
    const result = await billink.invoices();
    assert.equal(result.page, 1);
    assert.deepEqual(sent, [0, 7_000]);
    assert.ok(clock.slept.includes(7_000));
  });

  it('retries an HTTP 429 after the documented default wait (2 s) when Billink names none', async () => {
    const { billink, sent } = client((n) =>
      n === 1
        ? json({ status: 'error', message: 'Too Many Requests' }, { status: 429 })
        : json(EMPTY_LIST),
    );
    await billink.invoices();
    assert.deepEqual(sent, [0, 2_000]);
  });

  it('gives up after limitRetries and hands the limit error to the caller', async () => {
    const { billink, sent } = client(() => json(LIMIT), { limitRetries: 2, limitWaitMs: 1_000 });
    const error = await billink.invoices().catch((e: unknown) => e);
    assert.ok(isBillinkError(error));
    assert.equal(error.code, '111');
    assert.deepEqual(sent, [0, 1_000, 2_000]); // the first try and two retries
  });

  it('does not wait for a Retry-After beyond maxLimitWaitMs', async () => {
    const { billink, sent } = client(() => json(LIMIT, { headers: { 'retry-after': '3600' } }));
    const error = await billink.invoices().catch((e: unknown) => e);
    assert.ok(isBillinkError(error) && error.code === '111');
    assert.equal(sent.length, 1);
  });

  it('retries a limited write too: Billink refused it before acting', async () => {
    const { billink, sent } = client((n) =>
      n === 1 ? json(LIMIT) : json({ invoices: [{ number: 'A-1', code: '200' }], result: 'MSG' }),
    );
    await billink
      .credit({ invoices: [{ invoiceNumber: 'A-1', amountCents: 100, description: 'x' }] })
      .catch(() => undefined);
    assert.equal(sent.length, 2);
  });

  it('a checkout call (check, session) gets the limit error at once: a shopper does not wait', async () => {
    const { billink, sent } = client(() => json(LIMIT));
    const error = await billink.sessionStatus({ sessionId: 's1' }).catch((e: unknown) => e);
    assert.ok(isBillinkError(error) && error.code === '111' && error.retryable);
    assert.equal(sent.length, 1);
  });

  it('pacing: false sends at once and leaves a limit error to the caller', async () => {
    const sent: number[] = [];
    const billink = createBillinkClient({
      username: 'u',
      billinkId: 'id',
      environment: 'staging',
      pacing: false,
      retry: { attempts: 1, baseDelayMs: 1 },
      fetch: async () => (sent.push(1), json(LIMIT)),
    });
    await billink.invoices().catch(() => undefined);
    assert.equal(sent.length, 1);
  });
});
