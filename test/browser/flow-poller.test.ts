import { expect } from '@open-wc/testing';
import { startPoller, type PollerOptions, type Scheduler } from '../../src/flow/poller.js';
import type { FlowError, OrderStatus, OrderStatusResult } from '../../src/flow/types.js';

const START = Date.parse('2026-01-15T12:00:00Z');
const EXPIRES = '2026-01-15T12:30:00Z';

/** Lets promises and lock grants through. */
const settle = async (rounds = 3) => {
  for (let i = 0; i < rounds; i++) await new Promise((r) => setTimeout(r, 0));
};

/** Settles until `cond` holds (a lock grant may take a few tasks). */
const until = async (cond: () => boolean) => {
  for (let i = 0; i < 100 && !cond(); i++) await settle(1);
};

/** A clock the test moves by hand. */
function fakeClock(): Scheduler & { advance(ms: number): Promise<void>; delays(): number[] } {
  let now = START;
  let id = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();
  return {
    setTimeout(fn, ms) {
      timers.set(++id, { at: now + ms, fn });
      return id;
    },
    clearTimeout: (t) => void timers.delete(t as number),
    now: () => now,
    delays: () => [...timers.values()].map((t) => t.at - now),
    async advance(ms) {
      const end = now + ms;
      for (;;) {
        const due = [...timers.entries()]
          .filter(([, t]) => t.at <= end)
          .sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        timers.delete(due[0]);
        now = due[1].at;
        due[1].fn();
        for (let i = 0; i < 10; i++) await Promise.resolve(); // The poll's own promises.
      }
      now = end;
    },
  };
}

let orderSeq = 0;

/** A poller on a fresh order id with recorded callbacks and scripted answers. */
function setup(answers: (OrderStatus | FlowError)[], options: Partial<PollerOptions> = {}) {
  const log = { fetches: 0, statuses: [] as OrderStatus[], errors: [] as FlowError[], expired: 0 };
  const clock = fakeClock();
  const orderId = options.orderId ?? `ord-${++orderSeq}-${Math.random()}`;
  const fetchStatus = async (): Promise<OrderStatusResult> => {
    const answer = answers[Math.min(log.fetches++, answers.length - 1)]!;
    if (typeof answer !== 'string') throw answer;
    return { orderId, status: answer, expiresAt: EXPIRES };
  };
  const stop = startPoller({
    orderId,
    expiresAt: EXPIRES,
    fetchStatus,
    onStatus: (s) => log.statuses.push(s),
    onError: (e) => log.errors.push(e),
    onExpired: () => log.expired++,
    scheduler: clock,
    random: () => 0,
    ...options,
  });
  return { log, clock, stop, orderId };
}

let visibility: DocumentVisibilityState = 'visible';
function setVisibility(state: DocumentVisibilityState) {
  visibility = state;
  document.dispatchEvent(new Event('visibilitychange'));
}

describe('flow poller', () => {
  const stops: (() => void)[] = [];
  const track = <T extends { stop: () => void }>(p: T) => (stops.push(p.stop), p);

  before(() => {
    Object.defineProperty(document, 'visibilityState', {
      configurable: true,
      get: () => visibility,
    });
  });
  after(() => {
    delete (document as unknown as Record<string, unknown>).visibilityState;
  });
  afterEach(() => {
    stops.splice(0).forEach((stop) => stop());
    visibility = 'visible';
  });

  it('polls with growing delays until a final status, then stops', async () => {
    const { log, clock } = track(
      setup(['pending', 'pending', 'pending', 'approved'], { delayMs: 1000 }),
    );
    await until(() => clock.delays().length > 0);
    expect(clock.delays()).to.deep.equal([1000]);
    await clock.advance(1000);
    expect(log.fetches).to.equal(1);
    expect(clock.delays()).to.deep.equal([500]);
    await clock.advance(500);
    expect(clock.delays()).to.deep.equal([1000]);
    await clock.advance(1000);
    expect(clock.delays()).to.deep.equal([2000]);
    await clock.advance(2000);
    expect(log.statuses).to.deep.equal(['pending', 'pending', 'pending', 'approved']);
    expect(clock.delays()).to.deep.equal([]);
    await clock.advance(60_000);
    expect(log.fetches).to.equal(4);
  });

  it('stops at expiresAt with onExpired, after a last poll right at the expiry', async () => {
    const { log, clock } = track(setup(['pending']));
    await until(() => clock.delays().length > 0);
    await clock.advance(31 * 60_000);
    expect(log.expired).to.equal(1);
    expect(clock.delays()).to.deep.equal([]);
    expect(clock.now()).to.be.greaterThan(Date.parse(EXPIRES));
    expect(log.fetches).to.be.greaterThan(150).and.lessThan(400);
  });

  it('an order that already expired is not polled', async () => {
    const { log } = track(setup(['pending'], { expiresAt: '2026-01-15T11:00:00Z' }));
    await until(() => log.expired > 0);
    expect(log.expired).to.equal(1);
    expect(log.fetches).to.equal(0);
  });

  it('retries retryable errors with backoff; a non-retryable one stops with onError', async () => {
    const network = { code: 'network', retryable: true };
    const gone = { code: 'order_not_found', retryable: false };
    const { log, clock } = track(setup([network, network, gone]));
    await until(() => clock.delays().length > 0);
    await clock.advance(10_000);
    expect(log.fetches).to.equal(3);
    expect(log.errors).to.deep.equal([gone]);
    expect(clock.delays()).to.deep.equal([]);
  });

  it('pauses while the page is hidden and polls at once when it shows again', async () => {
    const { log, clock } = track(setup(['pending'], { locks: null }));
    await settle();
    await clock.advance(0);
    expect(log.fetches).to.equal(1);
    setVisibility('hidden');
    expect(clock.delays()).to.deep.equal([]);
    await clock.advance(60_000);
    expect(log.fetches).to.equal(1);
    setVisibility('visible');
    expect(clock.delays()).to.deep.equal([0]);
    await clock.advance(0);
    expect(log.fetches).to.equal(2);
  });

  it('does not start while hidden (with Web Locks too)', async () => {
    visibility = 'hidden';
    const { log, clock } = track(setup(['pending']));
    await settle();
    await clock.advance(60_000);
    expect(log.fetches).to.equal(0);
    setVisibility('visible');
    await until(() => clock.delays().length > 0);
    await clock.advance(0);
    expect(log.fetches).to.equal(1);
  });

  it('two pollers on one order make one request stream; the waiting one learns the end with one request', async () => {
    const orderId = `ord-shared-${Math.random()}`;
    const a = track(setup(['pending', 'pending', 'approved'], { orderId }));
    await until(() => a.clock.delays().length > 0);
    const b = track(setup(['approved'], { orderId }));
    await settle();
    expect(b.clock.delays()).to.deep.equal([]); // Waiting for the lock: no timer of its own.
    await b.clock.advance(60_000);
    expect(b.log.fetches).to.equal(0);
    for (let i = 0; i < 3; i++) {
      await a.clock.advance(10_000);
      await settle();
    }
    expect(a.log.fetches).to.equal(3);
    expect(a.log.statuses).to.deep.equal(['pending', 'pending', 'approved']);
    // A stopped on its final status and let the lock go: B polls once, at once, and stops too.
    await until(() => b.clock.delays().length > 0);
    expect(b.clock.delays()).to.deep.equal([0]);
    await b.clock.advance(0);
    expect(b.log.fetches).to.equal(1);
    expect(b.log.statuses).to.deep.equal(['approved']);
    await b.clock.advance(60_000);
    expect(b.log.fetches).to.equal(1);
  });

  it('another tab takes over when the polling one is hidden or stops', async () => {
    const orderId = `ord-takeover-${Math.random()}`;
    const a = track(setup(['pending'], { orderId }));
    await until(() => a.clock.delays().length > 0);
    const b = track(setup(['pending', 'approved'], { orderId }));
    await settle();
    await a.clock.advance(0);
    expect(a.log.fetches).to.equal(1);
    a.stop();
    await until(() => b.clock.delays().length > 0);
    expect(b.clock.delays()).to.deep.equal([0]); // Took over: polls at once.
    await b.clock.advance(0);
    expect(b.log.fetches).to.equal(1);
  });

  it('works without Web Locks', async () => {
    const { log, clock } = track(setup(['pending', 'approved'], { locks: null }));
    await clock.advance(5000);
    expect(log.statuses).to.deep.equal(['pending', 'approved']);
  });

  it('stop() is idempotent and silences late answers', async () => {
    let resolve!: (r: OrderStatusResult) => void;
    const { log, clock, stop } = setup([], {
      locks: null,
      fetchStatus: () => new Promise((r) => (resolve = r)),
    });
    await clock.advance(0);
    stop();
    stop();
    resolve({ orderId: 'x', status: 'approved', expiresAt: EXPIRES });
    await settle();
    expect(log.statuses).to.deep.equal([]);
  });
});
