import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  BOOK_TTL_MS,
  updateBook,
  type BookDeps,
  type BookEntry,
} from '../../../src/server/proxy/orders/order-book.js';
import { listBook } from '../../../src/server/proxy/orders/order-list.js';
import { createMemoryStore } from '../../../src/server/proxy/store/memory-store.js';
import { createRedisStore } from '../../../src/server/proxy/store/redis-store.js';
import type { ProxyStore } from '../../../src/server/proxy/store/store.js';
import type { ProxyServer } from '../../../src/server/proxy/standalone/server.js';
import { startRedis, type RedisServer } from '../../support/redis.js';
import { API_KEY, checkout, merchant, startProxy } from './helpers.js';

const clock = { now: 1_700_000_000_000 };

function entry(orderRef: string, at: number, fields: Partial<BookEntry> = {}): BookEntry {
  return {
    orderRef,
    orderId: `id-${orderRef}`,
    orderNumber: `N-${orderRef}`,
    workflowNumber: '1',
    mode: 'session',
    status: 'approved',
    amountCents: 1000,
    currency: 'EUR',
    paidCents: 0,
    creditedCents: 0,
    shipped: false,
    onHold: false,
    createdAt: at,
    updatedAt: at,
    events: [],
    ...fields,
  };
}

async function walk(deps: BookDeps, filter: Parameters<typeof listBook>[1], limit: number) {
  const refs: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await listBook(deps, filter, limit, cursor);
    refs.push(...page.entries.map((e) => e.orderRef));
    cursor = page.nextCursor;
    pages += 1;
  } while (cursor && pages < 100);
  return { refs, pages };
}

function bookTests(name: string, makeStore: () => Promise<ProxyStore>) {
  describe(`order list on the ${name} store`, () => {
    let store: ProxyStore;
    let deps: BookDeps;
    before(async () => {
      store = await makeStore();
      deps = { store, now: () => clock.now, deliversEvents: false };
      // 25 orders; five share one millisecond (ties must neither repeat nor vanish across pages).
      for (let i = 0; i < 25; i++) {
        const at = clock.now - (i < 5 ? 100 : 100 - i);
        const e = entry(`L-${String(i).padStart(2, '0')}`, at, {
          shipped: i % 3 === 0,
          status: i % 5 === 4 ? 'declined' : 'approved',
        });
        await updateBook(deps, e.orderRef, () => e);
      }
    });
    after(() => store.close());

    it('lists newest (created) first, every order exactly once across pages', async () => {
      const { refs, pages } = await walk(deps, {}, 4);
      assert.equal(refs.length, 25);
      assert.equal(new Set(refs).size, 25);
      assert.deepEqual(refs.slice(0, 3), ['L-24', 'L-23', 'L-22']);
      assert.deepEqual(refs.slice(20).sort(), ['L-00', 'L-01', 'L-02', 'L-03', 'L-04']);
      assert.ok(pages >= 7, `paged (${pages} pages)`);
    });

    it('keeps its place when an order changes between pages (creation order)', async () => {
      const first = await listBook(deps, {}, 5);
      // L-03 (old, on a later page) is shipped meanwhile: it must still come on its page.
      await updateBook(deps, 'L-03', (e) => e && { ...e, shipped: true });
      const rest: string[] = [];
      let cursor = first.nextCursor;
      while (cursor) {
        const page = await listBook(deps, {}, 5, cursor);
        rest.push(...page.entries.map((e) => e.orderRef));
        cursor = page.nextCursor;
      }
      assert.ok(rest.includes('L-03'));
      assert.equal(first.entries.length + rest.length, 25);
    });

    it('filters: approved and not shipped', async () => {
      const { refs } = await walk(deps, { status: 'approved', shipped: false }, 3);
      const expected = Array.from({ length: 25 }, (_, i) => i)
        .filter((i) => i % 3 !== 0 && i % 5 !== 4 && i !== 3)
        .map((i) => `L-${String(i).padStart(2, '0')}`);
      assert.deepEqual([...refs].sort(), expected.sort());
      assert.deepEqual(
        refs.slice(0, 2),
        ['L-23', 'L-22'],
        'newest first (L-24 is declined, L-21 shipped)',
      );
    });

    it('drops expired entries from the index when met', async () => {
      await store.delete('book:L-10'); // gone as if its TTL had passed
      const { refs } = await walk(deps, {}, 50);
      assert.ok(!refs.includes('L-10'));
      const rows = await store.zrevrangeByScore('book-index:created', Infinity, 100);
      assert.ok(!rows.some((r) => r.member === 'L-10'), 'member removed from the index');
    });

    it('a write drops index members whose entries outlived the book', async () => {
      const old = { ...clock };
      clock.now -= BOOK_TTL_MS + 10;
      await updateBook(deps, 'ANCIENT', () => entry('ANCIENT', clock.now));
      clock.now = old.now;
      const listed = async () =>
        (await store.zrevrangeByScore('book-index:created', Infinity, 100)).map((r) => r.member);
      assert.ok((await listed()).includes('ANCIENT'));
      await updateBook(deps, 'NEW-1', () => entry('NEW-1', clock.now));
      assert.ok(!(await listed()).includes('ANCIENT'));
      assert.equal((await listed())[0], 'NEW-1');
    });

    it('refuses a cursor it did not make', async () => {
      await assert.rejects(listBook(deps, {}, 5, 'bm90IGEgY3Vyc29y'), { code: 'invalid_request' });
    });
  });
}

bookTests('memory', async () => createMemoryStore());

let redis: RedisServer | undefined;
bookTests('Redis', async () => {
  redis = await startRedis();
  return createRedisStore(redis.url, { prefix: `list-${Date.now()}:` });
});
after(async () => {
  await redis?.stop();
});

describe('GET /billink/merchant/orders on the standalone proxy', () => {
  let server: ProxyServer;
  let api: ReturnType<typeof merchant>;
  before(async () => {
    server = await startProxy({ MERCHANT_API_KEY: API_KEY });
    api = merchant(server.url);
    await checkout(server, 'HTTP-1');
    await checkout(server, 'HTTP-2', 'decline');
    await checkout(server, 'HTTP-3');
    assert.equal((await api('POST', '/orders/HTTP-3/ship', { body: {} })).status, 200);
  });
  after(() => server.close());

  it('answers summaries, newest first, filtered by status and shipped', async () => {
    const all = await api('GET', '/orders');
    assert.equal(all.status, 200);
    assert.deepEqual(
      all.json.orders.map((o: { orderRef: string }) => o.orderRef),
      ['HTTP-3', 'HTTP-2', 'HTTP-1'],
    );
    const first = all.json.orders[2];
    assert.equal(first.status, 'approved');
    assert.equal(first.shipped, false);
    assert.equal(first.outstandingCents, first.amountCents);
    assert.equal(first.eventsUndelivered, false);
    assert.match(first.updatedAt, /^\d{4}-\d{2}-\d{2}T/);
    assert.equal(first.events, undefined, 'a summary, not the whole order');

    const open = await api('GET', '/orders?status=approved&shipped=false');
    assert.deepEqual(
      open.json.orders.map((o: { orderRef: string }) => o.orderRef),
      ['HTTP-1'],
    );
    const paged = await api('GET', '/orders?limit=2');
    assert.equal(paged.json.orders.length, 2);
    const next = await api('GET', `/orders?limit=2&cursor=${paged.json.nextCursor}`);
    assert.deepEqual(
      next.json.orders.map((o: { orderRef: string }) => o.orderRef),
      ['HTTP-1'],
    );
    assert.equal(next.json.nextCursor, undefined);
  });

  it('refuses bad parameters with the field named', async () => {
    for (const [query, field] of [
      ['status=paid', 'status'],
      ['shipped=yes', 'shipped'],
      ['limit=0', 'limit'],
      ['limit=201', 'limit'],
      ['cursor=%25%25', 'cursor'],
      ['color=red', 'query'],
    ]) {
      const res = await api('GET', `/orders?${query}`);
      assert.equal(res.status, 400, query);
      assert.equal(res.json.error.code, 'invalid_request', query);
      if (field !== 'query') assert.equal(res.json.error.field, field, query);
    }
    assert.equal((await merchant(server.url, '')('GET', '/orders')).status, 401);
  });
});
