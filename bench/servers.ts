/**
 * The servers the proxy-overhead and memory measurements talk to, each in its own Node process so
 * that the load generator, the server under test and "Billink" do not share one event loop:
 *
 *   servers.ts simulator                         the standalone Billink simulator
 *   servers.ts proxy <simUrl> <memory|redis> [redisUrl] [statusRefreshMs]
 *   servers.ts passthrough <simUrl>              bare node:http → fetch → pipe
 *   servers.ts memory <simUrl> <orders>          see memory.ts
 *
 * Each prints `READY <url>` when listening and shuts down cleanly on SIGTERM.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { startSimulatorServer } from '../src/server/simulator/server.js';
import {
  createBillinkProxy,
  createMemoryStore,
  createRedisStore,
  toNodeListener,
  type ProxyStore,
} from '../src/server/proxy/index.js';
import { billinkConfig, NO_RATE_LIMITS, order } from './fixtures.js';
import { runMemoryChild } from './memory.js';

async function listen(server: Server): Promise<string> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function onTerm(close: () => Promise<void>): void {
  const stop = () => {
    close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

const closeServer = (server: Server) =>
  new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });

async function simulator(): Promise<void> {
  // Enough room that nothing a bench run creates is evicted while it is still used.
  const sim = await startSimulatorServer({ maxEntries: 200_000 });
  // A side door for the bench: the simulator's call counters, on a port of their own.
  const stats = createServer((req, res) => {
    if (req.method === 'POST') sim.simulator.resetStats();
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(sim.simulator.stats));
  });
  const statsUrl = await listen(stats);
  onTerm(async () => {
    await closeServer(stats);
    await sim.close();
  });
  console.log(`READY ${sim.url} ${statsUrl}`);
}

async function proxy(simUrl: string, storeKind: string, redisUrl?: string, refresh?: string) {
  const store: ProxyStore =
    storeKind === 'redis' ? createRedisStore(redisUrl!) : createMemoryStore();
  const handler = createBillinkProxy({
    billink: billinkConfig(simUrl),
    resolveOrder: async (ref) => order(ref),
    store,
    rateLimits: NO_RATE_LIMITS,
    // Session orders return shoppers to the shop: its origin must be configured.
    publicUrl: 'https://shop.example',
    ...(refresh ? { statusRefreshMs: Number(refresh) } : {}),
  });
  const server = createServer(toNodeListener(handler));
  const url = await listen(server);
  onTerm(async () => {
    await closeServer(server);
    await store.close();
  });
  console.log(`READY ${url}`);
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'host', 'upgrade']);

/** The least a server can do to relay a request to Billink: no validation, no state. */
async function passthrough(simUrl: string): Promise<void> {
  const headersOf = (req: IncomingMessage) => {
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value === undefined || HOP_BY_HOP.has(name) || name === 'content-length') continue;
      headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    return headers;
  };
  const server = createServer(async (req, res) => {
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const answer = await fetch(simUrl + (req.url ?? '/'), {
        method: req.method ?? 'GET',
        headers: headersOf(req),
        ...(chunks.length ? { body: Buffer.concat(chunks) } : {}),
      });
      const headers: Record<string, string> = {};
      answer.headers.forEach((value, name) => {
        if (!HOP_BY_HOP.has(name) && name !== 'content-length' && name !== 'content-encoding')
          headers[name] = value;
      });
      res.writeHead(answer.status, headers);
      if (answer.body) Readable.fromWeb(answer.body as never).pipe(res);
      else res.end();
    } catch {
      res.writeHead(502).end();
    }
  });
  const url = await listen(server);
  onTerm(() => closeServer(server));
  console.log(`READY ${url}`);
}

const [mode, ...args] = process.argv.slice(2);
if (mode === 'simulator') await simulator();
else if (mode === 'proxy') await proxy(args[0]!, args[1]!, args[2] || undefined, args[3]);
else if (mode === 'passthrough') await passthrough(args[0]!);
else if (mode === 'memory') await runMemoryChild(args[0]!, Number(args[1]));
else {
  console.error(`unknown mode ${mode}`);
  process.exit(2);
}
