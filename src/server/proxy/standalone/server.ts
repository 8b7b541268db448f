import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { createBillinkClient, type BillinkClient } from '../../billink/index.js';
import {
  createSimulator,
  DEMO_ACCOUNT,
  SimulatorError,
  type Simulator,
  type SimulatorOptions,
} from '../../simulator/index.js';
import type { ProxyConfig } from './config.js';
import type { ProxyLogger, ResolveOrder } from '../context.js';
import { createOrderSource } from './order-source.js';
import { createOrderEventSender } from '../orders/events.js';
import type { EventRetryPolicy } from '../orders/outbox.js';
import { ProxyError } from '../errors.js';
import { createBillinkProxyApp, type BillinkProxyOptions } from '../proxy.js';
import { SIMULATOR_RATE_LIMITS } from '../http/rate-limit.js';
import { createMemoryStore } from '../store/memory-store.js';
import { createRedisStore, type RedisStore } from '../store/redis-store.js';
import type { ProxyStore } from '../store/store.js';
import { randomToken, sha256 } from '../tokens.js';
import type { Order } from '../contract/checkout.js';

export const SIMULATOR_PATH = '/billink-simulator';

export interface ProxyServer {
  url: string;
  /** The in-process simulator when BILLINK_ENV=simulator. */
  simulator: Simulator | undefined;
  close(): Promise<void>;
}

/**
 * Without an order source the simulator mode still works end to end: every order reference
 * resolves to the same small demo order, so `npx billink-proxy` can be tried with curl.
 */
export const demoOrders: ResolveOrder = async (orderRef) => {
  const orderNumber = await demoOrderNumber(orderRef);
  const order: Order = {
    orderNumber,
    currency: 'EUR',
    lines: [
      {
        code: 'DEMO-MUG',
        name: 'Billink demo mug',
        quantity: 2,
        unitPriceCents: 1250,
        vatRate: 21,
      },
      { code: 'SHIPPING', name: 'Shipping', quantity: 1, unitPriceCents: 495, vatRate: 21 },
    ],
    totalCents: 2995,
  };
  return order;
};

/**
 * An orderRef as a Billink order number, one-to-one: `_` becomes `__`, `.` and `:` become `_2E`
 * and `_3A` (so `COL.1` and `COL-1` never share a number); too long → a prefix plus a hash.
 */
export async function demoOrderNumber(orderRef: string): Promise<string> {
  const encoded = orderRef.replace(/[^A-Za-z0-9-]/g, (c) =>
    c === '_' ? '__' : `_${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
  );
  if (encoded.length <= 50) return encoded;
  const hash = (await sha256(orderRef)).replace(/[^A-Za-z0-9]/g, '').slice(0, 12);
  return `${encoded.slice(0, 37)}-${hash}`;
}

/** Every workflow number the plugin settings name, so the simulator's account knows them. */
function pluginWorkflows(config: ProxyConfig): string[] {
  const { workflowNumbers } = config.plugin;
  return [workflowNumbers, ...Object.values(workflowNumbers?.countries ?? {})].flatMap((w) =>
    [w?.private, w?.business].filter((n): n is string => n !== undefined),
  );
}

/** Logs as JSON lines on stderr; the proxy never hands it credentials or personal data. */
export const jsonLogger: ProxyLogger = {
  info: (message, data) => console.error(JSON.stringify({ level: 'info', message, ...data })),
  warn: (message, data) => console.error(JSON.stringify({ level: 'warn', message, ...data })),
  error: (message, data) => console.error(JSON.stringify({ level: 'error', message, ...data })),
};

export interface ProxyStack {
  /** Routes under /billink and, in simulator mode, the simulator under /billink-simulator. */
  app: Hono;
  simulator: Simulator | undefined;
  /** Points Billink's (or the simulator's) webhooks at this proxy; call once the app is served. */
  connectWebhooks(): Promise<void>;
  /**
   * Checks the store before serving: an unreachable Redis throws; Redis settings that could lose
   * pending checkouts (no AOF, eviction) are logged as warnings.
   */
  checkStore(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The proxy as configured by the environment: Billink staging/production, or the in-process
 * simulator (hosted checkout page included) whose webhooks are delivered straight into this proxy,
 * as Billink's would be. Used by the standalone server and the demo shop.
 */
export function createProxyStack(
  config: ProxyConfig,
  options: {
    publicUrl: string;
    logger?: ProxyLogger;
    resolveOrder?: ResolveOrder;
    onOrderEvent?: BillinkProxyOptions['onOrderEvent'];
    orderEventRetry?: Partial<EventRetryPolicy>;
    /** Simulator mode: options for the embedded simulator (tests, demos), e.g. a small page size. */
    simulatorOptions?: Pick<SimulatorOptions, 'invoicesPageSize'>;
  },
): ProxyStack {
  const { publicUrl } = options;
  const logger = options.logger ?? jsonLogger;
  const redis: RedisStore | undefined = config.redisUrl
    ? createRedisStore(config.redisUrl, { logger })
    : undefined;
  const store: ProxyStore = redis ?? createMemoryStore();
  let simulator: Simulator | undefined;
  let billink: BillinkClient;
  let webhookSecret = config.webhookSecret;

  if (config.billinkEnv === 'simulator') {
    webhookSecret ??= randomToken();
    const account = {
      username: config.username ?? DEMO_ACCOUNT.username,
      billinkId: config.billinkId ?? DEMO_ACCOUNT.billinkId,
      workflows: ['1', '3', config.workflowNumber, ...pluginWorkflows(config)],
      webhookSecret,
    };
    simulator = createSimulator({
      ...options.simulatorOptions,
      accounts: [account],
      publicUrl: publicUrl + SIMULATOR_PATH,
      webhookFetch: async (input, init) => app.fetch(new Request(input, init)),
      onMerchantEmail: (mail) =>
        logger.warn?.('simulator: Billink would e-mail the merchant', {
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
        }),
    });
    const sim = simulator;
    billink = createBillinkClient({
      username: account.username,
      billinkId: account.billinkId,
      environment: 'staging',
      baseUrl: publicUrl + SIMULATOR_PATH,
      fetch: (input, init) => sim.fetch(new Request(input, init)),
      workflowNumber: config.workflowNumber,
    });
  } else {
    billink = createBillinkClient({
      username: config.username!,
      billinkId: config.billinkId!,
      environment: config.billinkEnv,
      ...(config.billinkApiUrl ? { baseUrl: config.billinkApiUrl } : {}),
      workflowNumber: config.workflowNumber,
      ...(config.billinkRatePerSecond
        ? {
            pacing: {
              ratePerSecond: config.billinkRatePerSecond,
              burst: Math.max(1, Math.round(config.billinkRatePerSecond * 2)),
            },
          }
        : {}),
    });
  }

  const resolveOrder =
    options.resolveOrder ??
    (config.orderSourceUrl
      ? createOrderSource({
          url: config.orderSourceUrl,
          ...(config.orderSourceToken ? { token: config.orderSourceToken } : {}),
        })
      : demoOrders);

  const bodyLimitBytes = 16 * 1024;
  // A shop in another stack hears every order event server-to-server, next to its order source.
  const onOrderEvent =
    options.onOrderEvent ??
    (config.orderSourceUrl
      ? createOrderEventSender({
          url: config.orderSourceUrl,
          secret: config.orderEventSecret,
          ...(config.orderSourceToken ? { token: config.orderSourceToken } : {}),
        })
      : undefined);
  const app = new Hono();
  if (simulator) {
    // Browsers get the hosted checkout page and its stylesheet only. The simulator's merchant API
    // (list invoices, place orders, rotate the webhook secret) is reached by the in-process client
    // directly, never over HTTP: with the published demo credentials it would be anyone's.
    const sim = simulator;
    const hosted = `${SIMULATOR_PATH}/checkout/:id`;
    app.use(
      `${SIMULATOR_PATH}/*`,
      bodyLimit({
        maxSize: bodyLimitBytes,
        onError: (c) => c.text('Payload too large', 413),
      }),
    );
    app.get(hosted, (c) => sim.fetch(c.req.raw));
    app.post(hosted, (c) => sim.fetch(c.req.raw));
    // The page links it relatively (`assets/style.css`): without it the page is unstyled.
    app.get(`${SIMULATOR_PATH}/checkout/assets/style.css`, (c) => sim.fetch(c.req.raw));
    // Invoice documents behind one-hour random tokens, as Billink links them (the merchant API
    // fetches them over HTTP like it would Billink's).
    app.get(`${SIMULATOR_PATH}/invoice-files/:file`, (c) => sim.fetch(c.req.raw));
    app.all(`${SIMULATOR_PATH}/*`, (c) => c.text('Not found', 404));
  }
  let proxyApp: ReturnType<typeof createBillinkProxyApp> | undefined;
  app.route(
    '/',
    (proxyApp = createBillinkProxyApp({
      reconcileIntervalSeconds: config.reconcileIntervalSeconds,
      billink,
      resolveOrder,
      store,
      allowedOrigins: config.allowedOrigins,
      publicUrl,
      ...(config.defaultReturnUrl ? { defaultReturnUrl: config.defaultReturnUrl } : {}),
      ...(config.orderRefSecret ? { orderRefSecret: config.orderRefSecret } : {}),
      trustProxy: config.trustProxy,
      bodyLimitBytes,
      ...(simulator ? { rateLimits: SIMULATOR_RATE_LIMITS } : {}),
      ...(webhookSecret ? { webhookSecret } : {}),
      workflowNumber: config.workflowNumber,
      ...config.plugin,
      logger,
      ...(onOrderEvent ? { onOrderEvent } : {}),
      ...(options.orderEventRetry ? { orderEventRetry: options.orderEventRetry } : {}),
      ...(config.merchantApiKey ? { merchantApiKey: config.merchantApiKey } : {}),
      ...(simulator ? { billinkDocumentOrigins: [publicUrl] } : {}),
      ...(simulator ? { simulateShopperPayment: shopperPays(simulator) } : {}),
    })),
  );

  return {
    app,
    simulator,
    async connectWebhooks() {
      // Real Billink needs the merchant to generate a secret and set HTTPS URLs once, by hand; the
      // simulator accepts http://localhost, so the demo wires itself.
      // The proxy's one event worker also retries from the store's outbox on a timer: survives
      // restarts and the shop's outages.
      proxyApp?.orderEvents?.start(options.orderEventRetry?.baseDelayMs ?? 1_000);
      if (!simulator) return;
      await billink.setSessionWebhookV3(`${publicUrl}/billink/webhooks`);
      await billink.setOrderWebhookV3(`${publicUrl}/billink/webhooks`);
    },
    async checkStore() {
      if (!redis) return;
      const health = await redis.check();
      for (const warning of health.warnings) logger.warn?.(warning);
    },
    async close() {
      proxyApp?.stopReconciler();
      proxyApp?.orderEvents?.stop();
      await simulator?.close();
      await store.close();
    },
  };
}

/** The simulated shopper paying, with the simulator's refusals as the API's. */
function shopperPays(simulator: Simulator) {
  return async (input: { invoiceNumber: string; amountCents: number }) => {
    try {
      simulator.shopperPays(input);
    } catch (error) {
      if (error instanceof SimulatorError) {
        throw new ProxyError('billink_refused', 422, { detail: `${error.code}: ${error.message}` });
      }
      throw error;
    }
  };
}

/** The standalone proxy server (`billink-proxy`). */
export async function startProxyServer(
  config: ProxyConfig,
  options: {
    logger?: ProxyLogger;
    resolveOrder?: ResolveOrder;
    orderEventRetry?: Partial<EventRetryPolicy>;
    simulatorOptions?: Pick<SimulatorOptions, 'invoicesPageSize'>;
  } = {},
): Promise<ProxyServer> {
  let handler: (request: Request, env?: unknown) => Response | Promise<Response> = () =>
    new Response('starting', { status: 503 });
  const server = serve({
    fetch: (request, env) => handler(request, env),
    port: config.port,
    hostname: config.host,
  });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  const publicUrl =
    config.port === 0 ? config.publicUrl.replace(/:0$/, `:${port}`) : config.publicUrl;

  const stack = createProxyStack(config, { publicUrl, ...options });
  try {
    await stack.checkStore();
  } catch (error) {
    await stack.close();
    server.close();
    throw error;
  }
  const app = new Hono();
  app.get('/healthz', (c) => c.json({ ok: true }));
  app.route('/', stack.app);
  handler = (request, env) => app.fetch(request, env);
  await stack.connectWebhooks();

  return {
    url: publicUrl,
    simulator: stack.simulator,
    async close() {
      // Finish requests in flight, but never wait for a slow client longer than the deadline.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      if ('closeIdleConnections' in server) server.closeIdleConnections();
      const deadline = setTimeout(() => {
        if ('closeAllConnections' in server) server.closeAllConnections();
      }, config.shutdownTimeoutMs);
      await closed;
      clearTimeout(deadline);
      await stack.close();
    },
  };
}
