import { createBillinkClient, type BillinkClient } from '../../../src/server/billink/index.js';
import {
  createSimulator,
  DEMO_ACCOUNT,
  type Simulator,
} from '../../../src/server/simulator/index.js';
import {
  createBillinkProxy,
  type BillinkProxyOptions,
  type Customer,
  type Address,
  type Order,
} from '../../../src/server/proxy/index.js';

export const ORIGIN = 'https://shop.example';
export const BILLINK_URL = 'https://api-staging.billink.nl';

export const customer = (overrides: Partial<Customer> = {}): Customer => ({
  type: 'p',
  firstName: 'Jan',
  lastName: 'Jansen',
  birthdate: '1980-05-17',
  email: 'jan@example.com',
  phone: '0612345678',
  ...overrides,
});

export const address = (overrides: Partial<Address> = {}): Address => ({
  street: 'Kerkstraat',
  houseNumber: '12',
  houseExtension: 'a',
  postalCode: '1234 AB',
  city: 'Amsterdam',
  countryCode: 'NL',
  ...overrides,
});

export const order = (orderNumber: string, totalCents = 2500): Order => ({
  orderNumber,
  currency: 'EUR',
  lines: [
    { code: 'SKU-1', name: 'Mug', quantity: 2, unitPriceCents: totalCents / 2 - 250, vatRate: 21 },
    { code: 'SHIP', name: 'Shipping', quantity: 1, unitPriceCents: 500, vatRate: 21 },
  ],
  totalCents,
});

export interface Harness {
  simulator: Simulator;
  billink: BillinkClient;
  proxy: ReturnType<typeof createBillinkProxy>;
  orders: Map<string, Order | null>;
  logs: string[];
  /** Calls the proxy like a same-origin browser would. */
  call(
    method: string,
    path: string,
    init?: { body?: unknown; headers?: Record<string, string> },
  ): Promise<{ status: number; headers: Headers; json: Record<string, unknown> }>;
}

/**
 * A proxy on the in-process simulator (no network): the Billink client's fetch is the simulator's,
 * orders come from a map the test fills.
 */
export function harness(
  options: Partial<BillinkProxyOptions> & {
    timeoutMs?: number;
    /** Makes the Billink connection fail for matching requests (an outage between proxy and Billink). */
    failBillink?: (request: Request) => boolean;
    /** Lines per page of the simulator's invoice list. */
    invoicesPageSize?: number;
  } = {},
): Harness {
  // Webhooks from the simulator are delivered straight into this proxy (no network).
  let proxy: (request: Request) => Promise<Response> = async () =>
    new Response(null, { status: 503 });
  const simulator = createSimulator({
    webhookRetryDelaysMs: [1, 1, 1],
    ...(options.invoicesPageSize ? { invoicesPageSize: options.invoicesPageSize } : {}),
    ...(options.webhookSecret ? { webhookSecret: options.webhookSecret } : {}),
    webhookFetch: async (input, init) => proxy(new Request(input, init)),
  });
  const billink = createBillinkClient({
    username: DEMO_ACCOUNT.username,
    billinkId: DEMO_ACCOUNT.billinkId,
    environment: 'staging',
    fetch: async (input, init) => {
      const request = new Request(input, init);
      if (options.failBillink?.(request)) throw new TypeError('fetch failed');
      return simulator.fetch(request);
    },
    timeoutMs: options.timeoutMs ?? 2_000,
    retry: { attempts: 2, baseDelayMs: 1 },
  });
  const orders = new Map<string, Order | null>();
  const logs: string[] = [];
  const log = (level: string) => (msg: string, data?: Record<string, unknown>) =>
    logs.push(`${level} ${msg} ${JSON.stringify(data ?? {})}`);
  const created = createBillinkProxy({
    billink,
    resolveOrder: async (ref) => orders.get(ref) ?? null,
    logger: { info: log('info'), warn: log('warn'), error: log('error') },
    clientIp: () => '203.0.113.7',
    // The shop's origin: return URLs are checked against it (never the request's Host).
    publicUrl: ORIGIN,
    ...options,
  });
  proxy = created;
  return {
    simulator,
    billink,
    proxy: created,
    orders,
    logs,
    async call(method, path, init = {}) {
      const response = await proxy(
        new Request(ORIGIN + path, {
          method,
          headers: {
            origin: ORIGIN,
            ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
            ...init.headers,
          },
          ...(init.body !== undefined
            ? { body: typeof init.body === 'string' ? init.body : JSON.stringify(init.body) }
            : {}),
        }),
      );
      const text = await response.text();
      let json: Record<string, unknown> = {};
      try {
        json = JSON.parse(text) as Record<string, unknown>;
      } catch {
        json = { text };
      }
      return { status: response.status, headers: response.headers, json };
    },
  };
}

export const idem = () => crypto.randomUUID();
