/**
 * Regressions of the order book's integrity under failure: a money write Billink may have carried
 * out is never repeated, slow Billink reads never overwrite a newer book, queued events are never
 * lost between the book and the outbox, and a crashed request does not block its key for a month.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { BillinkClient } from '../../../src/server/billink/index.js';
import { ProxyError } from '../../../src/server/proxy/errors.js';
import type { LifecycleDeps } from '../../../src/server/proxy/orders/sync.js';
import {
  appendEvent,
  loadBook,
  OUTBOX_KEY,
  recordCheckoutOutcome,
  updateBook,
  type BookEntry,
} from '../../../src/server/proxy/orders/order-book.js';
import { createOrderEventWorker } from '../../../src/server/proxy/orders/outbox.js';
import type { OrderEvent } from '../../../src/server/proxy/orders/events.js';
import { refreshOrder } from '../../../src/server/proxy/orders/sync.js';
import { onceForKey } from '../../../src/server/proxy/merchant/idempotency.js';
import * as ops from '../../../src/server/proxy/merchant/operations.js';
import { createMemoryStore } from '../../../src/server/proxy/store/memory-store.js';
import { StoreUnavailableError, type ProxyStore } from '../../../src/server/proxy/store/store.js';

function clock(start = Date.parse('2025-01-01T10:00:00Z')) {
  let t = start;
  return { now: () => t, add: (ms: number) => void (t += ms) };
}

const entry = (now: number): BookEntry => ({
  orderRef: 'R',
  orderId: 'ord_1',
  orderNumber: 'N-1',
  workflowNumber: '1',
  mode: 'session',
  status: 'approved',
  amountCents: 10_000,
  currency: 'EUR',
  paidCents: 0,
  creditedCents: 0,
  shipped: false,
  onHold: false,
  createdAt: now,
  updatedAt: now,
  events: [],
});

function lifecycle(store: ProxyStore, now: () => number, billink: Partial<BillinkClient>) {
  const deps: LifecycleDeps = {
    store,
    now,
    deliversEvents: true,
    billink: billink as BillinkClient,
    logger: {},
    kickOrderEvents() {},
  };
  return deps;
}

/** A store whose next write of `key` fails once `arm()` was called (a Redis blip). */
function blippingStore(base: ProxyStore, key: string) {
  let armed = false;
  const store: ProxyStore = {
    ...base,
    set: async (k, v, ttl) => {
      if (armed && k === key) {
        armed = false;
        throw new StoreUnavailableError('blip');
      }
      return base.set(k, v, ttl);
    },
  };
  return { store, arm: () => void (armed = true) };
}

const code = (expected: string) => (error: unknown) =>
  error instanceof ProxyError && error.code === expected;

describe('F-money: a money write Billink answered is never sent twice', () => {
  for (const kind of ['credit', 'payment'] as const) {
    it(`${kind}: Billink said 200, the book save failed — the same key is not sent again`, async () => {
      const c = clock();
      const base = createMemoryStore({ now: c.now });
      await base.set('book:R', JSON.stringify(entry(c.now())), 1e10);
      const { store, arm } = blippingStore(base, 'book:R');
      const sentToBillink: unknown[] = [];
      const write = async (input: unknown) => {
        sentToBillink.push(input);
        arm();
        return { items: [] };
      };
      const deps = lifecycle(store, c.now, { credit: write, registerPayment: write } as never);
      const body = { amountCents: 10_000, description: 'refund' };
      const run = () =>
        onceForKey({ store, now: c.now }, `${kind}:R`, 'refund-0001', body, (sent) =>
          kind === 'credit'
            ? ops.credit(deps, 'R', body, sent)
            : ops.registerPayment(deps, 'R', body, sent),
        );
      await assert.rejects(run(), StoreUnavailableError);
      await assert.rejects(run(), code('outcome_unknown'));
      assert.equal(sentToBillink.length, 1);
    });
  }

  it('a refusal raised before the write went out releases the key', async () => {
    const c = clock();
    const store = createMemoryStore({ now: c.now });
    await store.set('book:R', JSON.stringify(entry(c.now())), 1e10);
    const credits: unknown[] = [];
    const deps = lifecycle(store, c.now, {
      credit: async (input: unknown) => (credits.push(input), { items: [] }),
    } as never);
    const run = (amountCents: number) =>
      onceForKey({ store, now: c.now }, 'credit:R', 'refund-0002', { amountCents }, (sent) =>
        ops.credit(deps, 'R', { amountCents, description: 'x' }, sent),
      );
    await assert.rejects(run(20_000), code('credit_exceeds_remaining'));
    assert.equal(credits.length, 0);
    // Nothing happened at Billink: the key is free (a different body is not a reuse conflict).
    await run(5_000);
    assert.equal(credits.length, 1);
  });
});

describe('F-lease: a request that died does not block its key for a month', () => {
  it('answers request_in_progress while it may run, then outcome_unknown (not retryable)', async () => {
    const c = clock();
    const store = createMemoryStore({ now: c.now });
    const body = { amountCents: 500, description: 'x' };
    let runs = 0;
    // The instance crashes inside run(): the promise never settles, the key stays pending.
    void onceForKey({ store, now: c.now }, 'credit:R', 'refund-0003', body, () => {
      runs++;
      return new Promise<never>(() => {});
    });
    await new Promise((resolve) => setImmediate(resolve));
    const retry = () =>
      onceForKey({ store, now: c.now }, 'credit:R', 'refund-0003', body, async () => {
        runs++;
        return 'ran again';
      });
    await assert.rejects(
      retry(),
      (e: unknown) => code('request_in_progress')(e) && (e as ProxyError).retryable,
    );
    c.add(60 * 60 * 1000); // an hour later: no request runs that long
    await assert.rejects(
      retry(),
      (e: unknown) => code('outcome_unknown')(e) && !(e as ProxyError).retryable,
    );
    assert.equal(runs, 1);
  });
});

/** A Billink that credits for real (its invoice list follows) and whose reads can be held up. */
function creditingBillink() {
  const state = { creditedCents: 0, credits: 0 };
  let gate: Promise<void> | undefined;
  const hold = () => {
    let release!: () => void;
    gate = new Promise<void>((resolve) => (release = resolve));
    return () => {
      gate = undefined;
      release();
    };
  };
  const billink = {
    credit: async (input: { invoices: Array<{ amountCents: number }> }) => {
      state.credits++;
      state.creditedCents += input.invoices[0]!.amountCents;
      return { items: [] };
    },
    orderInfo: async () => {
      const credited = state.creditedCents; // what Billink knew when asked
      await gate;
      return {
        invoices: [{ status: 'open', description: 'No steps given', creditedCents: credited }],
      };
    },
    invoices: async () => ({ page: 1, totalPages: 1, totalInvoices: '0', invoices: [] }),
  };
  return { billink: billink as unknown as Partial<BillinkClient>, state, hold };
}

describe('F-lock: a slow Billink read never overwrites a credit made meanwhile', () => {
  it('refresh reads Billink outside the lock and re-reads when a credit got in between', async () => {
    const c = clock();
    const store = createMemoryStore({ now: c.now });
    await store.set('book:R', JSON.stringify(entry(c.now())), 1e10);
    const { billink, state, hold } = creditingBillink();
    const deps = lifecycle(store, c.now, billink);
    const release = hold();
    const refresh = refreshOrder(deps, 'R'); // its first Billink read hangs (retries, paging)
    await new Promise((resolve) => setTimeout(resolve, 10));
    c.add(16_000);
    // The merchant's full refund is not kept waiting by the refresh, and is recorded.
    await ops.credit(deps, 'R', { amountCents: 10_000, description: 'full refund' });
    release();
    await refresh;
    const after = (await loadBook(deps, 'R'))!;
    assert.equal(after.creditedCents, 10_000);
    assert.deepEqual(
      after.events.map((e) => e.type),
      ['credit'],
    );
    await assert.rejects(
      ops.credit(deps, 'R', { amountCents: 10_000, description: 'again' }),
      code('credit_exceeds_remaining'),
    );
    assert.equal(state.credits, 1);
  });

  it('a holder whose lock expired does not save its stale copy', async () => {
    const c = clock();
    const store = createMemoryStore({ now: c.now });
    await store.set('book:R', JSON.stringify(entry(c.now())), 1e10);
    const { billink, state } = creditingBillink();
    const deps = lifecycle(store, c.now, billink);
    let release!: () => void;
    const slow = new Promise<void>((resolve) => (release = resolve));
    const stale = updateBook(deps, 'R', async (current) => {
      await slow;
      return { ...current!, workflowStep: 'x' };
    });
    await new Promise((resolve) => setTimeout(resolve, 10));
    c.add(16_000); // the 15 s lock expired; a credit takes it
    await ops.credit(deps, 'R', { amountCents: 10_000, description: 'full refund' });
    release();
    await assert.rejects(stale, code('order_busy'));
    const after = (await loadBook(deps, 'R'))!;
    assert.equal(after.creditedCents, 10_000);
    assert.deepEqual(
      after.events.map((e) => e.type),
      ['credit'],
    );
    await assert.rejects(
      ops.credit(deps, 'R', { amountCents: 10_000, description: 'again' }),
      code('credit_exceeds_remaining'),
    );
    assert.equal(state.credits, 1);
  });

  it('a credit holds the lock longer than its Billink write can take', async () => {
    const c = clock();
    const store = createMemoryStore({ now: c.now });
    await store.set('book:R', JSON.stringify(entry(c.now())), 1e10);
    let release!: () => void;
    const slowBillink = new Promise<void>((resolve) => (release = resolve));
    const deps = lifecycle(store, c.now, {
      credit: async () => {
        await slowBillink; // three 10 s attempts
        return { items: [] };
      },
    } as never);
    const credit = ops.credit(deps, 'R', { amountCents: 4_000, description: 'part' });
    await new Promise((resolve) => setTimeout(resolve, 10));
    c.add(35_000);
    // Meanwhile a delivery marks an event: it must wait for the credit, not overwrite it.
    const other = updateBook(deps, 'R', (current) => ({ ...current!, workflowStep: 'other' }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    release();
    await credit;
    await other;
    const after = (await loadBook(deps, 'R'))!;
    assert.equal(after.creditedCents, 4_000);
    assert.equal(after.workflowStep, 'other');
  });
});

describe('F-outbox: an event recorded in the book is always delivered', () => {
  const outcome = {
    orderRef: 'R',
    orderId: 'ord_1',
    orderNumber: 'N-1',
    workflowNumber: '1',
    mode: 'session' as const,
    status: 'approved' as const,
    amountCents: 10_000,
    currency: 'EUR',
  };

  function setup(fail: (op: 'zadd' | 'set', key: string) => boolean) {
    const c = clock();
    const base = createMemoryStore({ now: c.now });
    const store: ProxyStore = {
      ...base,
      zadd: async (k, m, score) => {
        if (fail('zadd', k)) throw new StoreUnavailableError('blip');
        return base.zadd(k, m, score);
      },
      set: async (k, v, ttl) => {
        if (fail('set', k)) throw new StoreUnavailableError('blip');
        return base.set(k, v, ttl);
      },
    };
    const delivered: OrderEvent[] = [];
    const worker = createOrderEventWorker({
      store,
      now: c.now,
      onOrderEvent: (event) => void delivered.push(event),
    });
    return { c, store, deps: lifecycle(store, c.now, {}), delivered, worker };
  }

  it('the outbox write failing leaves no undeliverable event; the retry is delivered', async () => {
    let blip = true;
    const { deps, delivered, worker } = setup((op) => op === 'zadd' && blip && !(blip = false));
    await assert.rejects(recordCheckoutOutcome(deps, outcome), StoreUnavailableError);
    await recordCheckoutOutcome(deps, outcome); // the caller retries (reconciler, next poll)
    await worker.deliverDue();
    assert.deepEqual(
      delivered.map((e) => e.type),
      ['approved'],
    );
  });

  it('a queued member whose book save failed is dropped without a delivery', async () => {
    let blip = true;
    const { store, deps, delivered, worker } = setup(
      (op, key) => op === 'set' && key === 'book:R' && blip && !(blip = false),
    );
    await assert.rejects(recordCheckoutOutcome(deps, outcome), StoreUnavailableError);
    await worker.deliverDue();
    assert.equal(delivered.length, 0);
    assert.deepEqual(await store.zrangeByScore(OUTBOX_KEY, Infinity, 10), []);
    await recordCheckoutOutcome(deps, outcome);
    await worker.deliverDue();
    assert.equal(delivered.length, 1);
  });

  it('the worker waits for a save in flight instead of dropping its member', async () => {
    let release!: () => void;
    const saving = new Promise<void>((resolve) => (release = resolve));
    let gate = true;
    const { deps, delivered, worker } = setup(() => false);
    const slowSave: ProxyStore = {
      ...deps.store,
      set: async (k, v, ttl) => {
        if (gate && k === 'book:R') {
          gate = false;
          await saving;
        }
        return deps.store.set(k, v, ttl);
      },
    };
    const writing = recordCheckoutOutcome({ ...deps, store: slowSave }, outcome);
    await new Promise((resolve) => setTimeout(resolve, 10)); // queued, not yet saved
    const delivering = worker.deliverDue();
    await new Promise((resolve) => setTimeout(resolve, 50));
    release();
    await writing;
    await delivering;
    await worker.deliverDue();
    assert.deepEqual(
      delivered.map((e) => e.type),
      ['approved'],
    );
  });

  it('a full book drops delivered events, never one still waiting for delivery', async () => {
    const { c, deps, delivered, worker } = setup(() => false);
    await recordCheckoutOutcome(deps, outcome); // 'approved', pending: the shop is down
    await updateBook(deps, 'R', (current) => {
      for (let i = 0; i < 500; i++) {
        appendEvent({ ...deps, deliversEvents: false }, current!, 'shipped', { by: 'merchant' });
      }
      return current;
    });
    c.add(1);
    await worker.deliverDue();
    assert.deepEqual(
      delivered.map((e) => e.type),
      ['approved'],
    );
    assert.equal((await loadBook(deps, 'R'))!.events.length, 500);
  });
});
