/**
 * Memory: RSS and heap of a proxy process holding 10 000 pending session orders in its in-memory
 * store. The proxy runs alone in a child `node --expose-gc --import tsx` process (servers.ts
 * `memory`), in-process (its fetch handler called directly, no HTTP server), against the
 * standalone simulator in another process over real HTTP, so the simulator's own sessions are not
 * counted. Measured after a full GC, before and after the 10 000 orders; a warm-up of 200 orders
 * first loads and compiles every code path (and opens the connection pool) so the delta is data.
 */
import { createBillinkProxy, createMemoryStore } from '../src/server/proxy/index.js';
import { billinkConfig, NO_RATE_LIMITS, order } from './fixtures.js';
import { bytes, progress, startChild, type Child, type Section } from './util.js';

const ORDERS = 10_000;
const WARMUP_ORDERS = 200;
const CONCURRENCY = 32;

interface Snapshot {
  rss: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
}

interface MemoryReport {
  before: Snapshot;
  after: Snapshot;
  orders: number;
  seconds: number;
  gc: boolean;
}

function snapshot(): Snapshot {
  const gc = (globalThis as { gc?: () => void }).gc;
  for (let i = 0; i < 3; i++) gc?.();
  const m = process.memoryUsage();
  return { rss: m.rss, heapUsed: m.heapUsed, external: m.external, arrayBuffers: m.arrayBuffers };
}

/** Runs in the child (see servers.ts). Prints `READY <json report>`. */
export async function runMemoryChild(simUrl: string, count: number): Promise<void> {
  const handler = createBillinkProxy({
    billink: billinkConfig(simUrl),
    resolveOrder: async (ref) => order(ref),
    store: createMemoryStore(),
    rateLimits: NO_RATE_LIMITS,
    // Session orders return shoppers to the shop: its origin must be configured.
    publicUrl: 'https://shop.example',
  });
  let next = 0;
  const create = async (prefix: string, n: number) => {
    next = 0;
    const worker = async () => {
      while (next < n) {
        const i = next++;
        const res = await handler(
          new Request('http://shop.example/billink/orders', {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              'idempotency-key': `${prefix}-${i}-${crypto.randomUUID()}`,
            },
            body: JSON.stringify({ orderRef: `${prefix}-${i}`, mode: 'session' }),
          }),
        );
        if (res.status !== 201) throw new Error(`POST /orders ${res.status}: ${await res.text()}`);
        await res.arrayBuffer();
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  };
  await create('warm', WARMUP_ORDERS);
  const before = snapshot();
  const t = performance.now();
  await create('mem', count);
  const seconds = (performance.now() - t) / 1000;
  const after = snapshot();
  const report: MemoryReport = {
    before,
    after,
    orders: count,
    seconds,
    gc: typeof (globalThis as { gc?: unknown }).gc === 'function',
  };
  console.log(`READY ${JSON.stringify(report)}`);
}

export async function runMemory(): Promise<Section> {
  const children: Child[] = [];
  try {
    const sim = await startChild('servers.ts', ['simulator']);
    children.push(sim);
    progress(`memory: creating ${ORDERS} pending session orders through POST /billink/orders`);
    const child = await startChild(
      'servers.ts',
      ['memory', sim.ready.split(' ')[0]!, String(ORDERS)],
      ['--expose-gc'],
      240_000,
    );
    children.push(child);
    const r = JSON.parse(child.ready) as MemoryReport;
    const d = (k: keyof Snapshot) => r.after[k] - r.before[k];
    const per = (n: number) => `${Math.round(n / r.orders)} B per order`;
    return {
      rows: [
        {
          area: 'Memory',
          metric: `Proxy RSS with ${r.orders} pending orders (memory store)`,
          value: `${bytes(r.after.rss)} (+${bytes(d('rss'))})`,
          detail: `before: ${bytes(r.before.rss)} RSS; ${per(d('rss'))}`,
        },
        {
          area: 'Memory',
          metric: `Proxy heap used with ${r.orders} pending orders`,
          value: `${bytes(r.after.heapUsed)} (+${bytes(d('heapUsed'))})`,
          detail: `before: ${bytes(r.before.heapUsed)}; ${per(d('heapUsed'))} (RSS ${per(d('rss'))}); created at ${Math.round(r.orders / r.seconds)} orders/s`,
        },
      ],
      notes: [
        `Memory: a child \`node --expose-gc --import tsx\` process holding only the proxy (memory ` +
          `store, fetch handler called in-process) creates ${r.orders} session orders with unique ` +
          `order references and Idempotency-Keys through \`POST /billink/orders\`, ${CONCURRENCY} at a ` +
          'time, against the standalone simulator in another process (real HTTP). “Before” is after ' +
          `a ${WARMUP_ORDERS}-order warm-up; both snapshots follow a forced GC` +
          (r.gc ? '.' : ' (global.gc was NOT available: figures include garbage).') +
          ' Each order leaves its record (compact: record-codec.ts), its order-reference lock, its ' +
          'order-number binding and attempt list, a pending-index member and its idempotency record ' +
          '(a reference to the order, not a copy of the answer) in the store. RSS also holds whatever the allocator keeps after GC.',
      ],
    };
  } finally {
    for (const child of children.reverse()) await child.stop();
  }
}
