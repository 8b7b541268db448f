import { createServer, type IncomingMessage } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { readConfig } from '../../../src/server/proxy/standalone/config.js';
import {
  demoOrders,
  startProxyServer,
  type ProxyServer,
} from '../../../src/server/proxy/standalone/server.js';
import { verifyOrderEvent, type OrderEvent } from '../../../src/server/proxy/index.js';
import { address, customer } from '../proxy/harness.js';

export const API_KEY = 'k'.repeat(40);
export const EVENT_SECRET = 'shop-event-secret';

/** A shop in another stack: receives signed order events; can be taken down (503). */
export async function startShop() {
  const events: OrderEvent[] = [];
  const refused: string[] = [];
  const state = { down: false };
  const server = createServer((req: IncomingMessage, res) => {
    let raw = '';
    req.on('data', (d) => (raw += d));
    req.on('end', () => {
      if (state.down) {
        res.statusCode = 503;
        return res.end();
      }
      try {
        const event = verifyOrderEvent({
          secret: EVENT_SECRET,
          headers: req.headers as Record<string, string>,
          rawBody: raw,
        });
        if (req.url !== `/shop/orders/${encodeURIComponent(event.orderRef)}/billink-events`)
          throw new Error(`wrong path ${req.url}`);
        if (!events.some((e) => e.id === event.id)) events.push(event);
        res.statusCode = 204;
      } catch (error) {
        refused.push(String(error));
        res.statusCode = 401;
      }
      res.end();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/shop/orders`,
    events,
    refused,
    state,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

export function startProxy(env: Record<string, string>): Promise<ProxyServer> {
  return startProxyServer(readConfig({ PORT: '0', ...env }), {
    logger: {},
    resolveOrder: demoOrders,
    orderEventRetry: { baseDelayMs: 50, maxDelayMs: 200 },
  });
}

type Falsy = undefined | null | false | 0 | '';
export async function until<T>(
  probe: () => T | Falsy | Promise<T | Falsy>,
  ms = 5_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value as T;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The merchant API with the key (or another Authorization). */
export function merchant(base: string, key: string | undefined = API_KEY) {
  return async (
    method: string,
    path: string,
    init: { body?: unknown; headers?: Record<string, string> } = {},
  ) => {
    const response = await fetch(`${base}/billink/merchant${path}`, {
      method,
      headers: {
        ...(key ? { authorization: `Bearer ${key}` } : {}),
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...init.headers,
      },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
    const text = await response.text();
    // Tests read answers loosely; the shapes are asserted field by field.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    let json: Record<string, any> = {};
    try {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      json = JSON.parse(text) as Record<string, any>;
    } catch {
      // CSV, PDF
    }
    return { status: response.status, headers: response.headers, json, text };
  };
}

/** A checkout through the proxy's hosted-session flow, finished on the simulator. */
export async function checkout(
  server: ProxyServer,
  orderRef: string,
  choice: 'approve' | 'cancel' | 'decline' = 'approve',
): Promise<void> {
  const created = await fetch(`${server.url}/billink/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
    body: JSON.stringify({
      orderRef,
      mode: 'session',
      customer: customer(),
      billingAddress: address(),
      returnUrl: `${server.url}/thanks`,
    }),
  });
  if (created.status !== 201) throw new Error(`checkout ${created.status} ${await created.text()}`);
  const { redirectUrl } = (await created.json()) as { redirectUrl: string };
  server.simulator!.completeSession(new URL(redirectUrl).pathname.split('/').pop()!, choice);
  await server.simulator!.webhooksIdle();
}
