import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import {
  BASE_URLS,
  createBillinkClient,
  SESSION_TTL_MS,
  type BillinkClient,
  type BillinkClientConfig,
  type WebhookVerifierOptions,
} from '../billink/index.js';
import type { ProxyContext, ProxyLogger, ResolveOrder, UnmatchedOrder } from './context.js';
import type { OrderEvent } from './orders/events.js';
import {
  createOrderEventWorker,
  type EventRetryPolicy,
  type OrderEventWorker,
} from './orders/outbox.js';
import { createMerchantApi } from './merchant/routes.js';
import { resolveReview } from './attempts/adoption.js';
import { currentWebhookVerifier } from './merchant/webhook-setup.js';
import { ProxyError } from './errors.js';
import { message, negotiateLocale } from './checkout/messages.js';
import { assertOrderRefSecret, assertOrderToken } from './checkout/order-token.js';
import { pluginSettings, type PluginSettingsOptions } from './checkout/plugin-settings.js';
import { DEFAULT_RATE_LIMITS, enforce, type RateLimits } from './http/rate-limit.js';
import { returnUrlPolicy } from './checkout/return-url.js';
import { createCheckoutApi } from './checkout/routes.js';
import {
  reconcilePending,
  scheduleReconciler,
  type ReconcileOptions,
  type ReconcileResult,
} from './attempts/reconciler.js';
import { receiveWebhook, storeReplayStore } from './webhooks/receive.js';
import { createMemoryStore } from './store/memory-store.js';
import { StoreUnavailableError, type ProxyStore } from './store/store.js';
import { StoreRecordCorruptError } from './store/records.js';
import { clientAddress, compileTrust, type TrustProxy } from './http/trust-proxy.js';

export interface BillinkProxyOptions extends PluginSettingsOptions {
  /** A Billink client, or the configuration to create one (credentials stay on this server). */
  billink: BillinkClient | BillinkClientConfig;
  /** The merchant's authoritative order for a reference; null when unknown. */
  resolveOrder: ResolveOrder;
  /** Shared state; defaults to a bounded in-memory store (one instance). Use Redis for several. */
  store?: ProxyStore;
  /** Origins allowed to call the proxy cross-origin (CORS) and to receive shoppers back. */
  allowedOrigins?: readonly string[];
  /**
   * The shop's origin as browsers see it (where this proxy is served). Return URLs must be on it
   * or on `allowedOrigins` — checked against configuration, never the request's Host.
   */
  publicUrl?: string;
  /** Where Billink sends the shopper back when the browser sends no returnUrl; default publicUrl's origin. */
  defaultReturnUrl?: string;
  /**
   * Secret shared with the shop's server that signs order refs (`signOrderRef`): when set, /check
   * and /orders refuse a missing, foreign or expired `orderToken`. At least 32 characters.
   */
  orderRefSecret?: string;
  /** Billink's v3 webhook secret; without it POST /webhooks answers 404. */
  webhookSecret?: string;
  /** Header-name overrides for v3 webhooks (two names are undocumented). */
  webhookHeaders?: WebhookVerifierOptions['headers'];
  /** Path the routes are served under, default `/billink`. */
  basePath?: string;
  /** The fallback workflow number, default `1` (see `workflowNumbers` for per type / country). */
  workflowNumber?: string;
  /** Merchant logo on Billink's hosted page. */
  logoUrl?: string;
  /**
   * Send Billink's trust score (`payTrustScore`, 0 or 10) with each session, computed as Billink's
   * Magento module does from the account's webshop settings and the order's `paidOrders`.
   */
  trustScore?: boolean;
  rateLimits?: Partial<RateLimits>;
  /** Maximum request body, default 16 KiB. */
  bodyLimitBytes?: number;
  /**
   * The polls' safety net: a poll asks Billink about a pending session only once it is this old,
   * then at most once per this interval across instances. Default 60 s with `publicUrl` (Billink
   * returns the shopper through `GET {basePath}/return/{orderId}`, which asks at once), else 2 s.
   */
  statusRefreshMs?: number;
  logger?: ProxyLogger;
  /**
   * Every event of an order's life, once each (approved … expired from the checkout; shipped,
   * payment, credit, paid, on_hold, resumed after it): the server-side truth to act on, never the
   * browser's event. Throw to have it retried with backoff from the store's outbox.
   */
  onOrderEvent?: (event: OrderEvent) => void | Promise<void>;
  /** Backoff of event delivery. */
  orderEventRetry?: Partial<EventRetryPolicy>;
  /** Bearer key of the merchant API under `{basePath}/merchant`; without it that prefix is 404. */
  merchantApiKey?: string;
  /** Extra origins the invoice document may be fetched from (Billink's hosts are always allowed). */
  billinkDocumentOrigins?: readonly string[];
  /** Simulator mode: lets POST /merchant/orders/{orderRef}/simulate-payment play the shopper. */
  simulateShopperPayment?: (input: { invoiceNumber: string; amountCents: number }) => Promise<void>;
  /**
   * Called once per Billink order the proxy cannot bind to the current attempt: an approval of a
   * session it no longer knows (lost store, stale session) or of an amount the shop no longer has.
   * Never an approval of the current attempt; a person should look (and credit a stale order).
   */
  onUnmatchedOrder?: (order: UnmatchedOrder) => void | Promise<void>;
  /**
   * Confirms pending checkouts with Billink in the background every this many seconds (0 or unset:
   * off). On serverless hosts schedule `proxy.reconcile()` yourself instead.
   */
  reconcileIntervalSeconds?: number;
  /** Client IP for rate limits. Default: the Node socket address, or X-Forwarded-For when `trustProxy`. */
  clientIp?: (request: Request) => string | undefined;
  /**
   * Which reverse proxies to believe about the client (X-Forwarded-For) and the origin
   * (X-Forwarded-Host/-Proto), as Express's "trust proxy": `true`, a hop count, or addresses/CIDRs.
   */
  trustProxy?: TrustProxy;
  now?: () => number;
}

/** A standard fetch handler: mount it in Node, Express, Next.js, Hono, Workers, Bun or Deno. */
export type FetchHandler = (request: Request, env?: unknown) => Promise<Response>;

/** What a shop can schedule besides serving requests. */
export interface ProxyMaintenance {
  /**
   * Confirms due pending checkouts with Billink once (safe to call from every instance: one run at
   * a time across the store; backs off while Billink is down). Schedule it, e.g. every 5 minutes.
   */
  reconcile(options?: ReconcileOptions): Promise<ReconcileResult>;
  /** Stops the background reconciler started by `reconcileIntervalSeconds`. */
  stopReconciler(): void;
  /**
   * This proxy's one order-event worker (with `onOrderEvent`): it delivers at once after each
   * change; `start(ms)` also retries what failed on a timer. Never create a second one on the
   * same store and listener.
   */
  orderEvents: OrderEventWorker | undefined;
}

interface NodeBindings {
  incoming?: { socket?: { remoteAddress?: string } };
}

/**
 * The merchant proxy: the only thing the browser talks to. It validates and rate-limits, resolves
 * the amount server-side, calls Billink with credentials the browser never sees, receives
 * webhooks and answers status polls. Returns a fetch handler.
 */
export function createBillinkProxy(options: BillinkProxyOptions): FetchHandler & ProxyMaintenance {
  const app = createBillinkProxyApp(options);
  return Object.assign(async (request: Request, env?: unknown) => app.fetch(request, env), {
    reconcile: app.reconcile,
    stopReconciler: app.stopReconciler,
    orderEvents: app.orderEvents,
  });
}

export function createBillinkProxyApp(options: BillinkProxyOptions): Hono & ProxyMaintenance {
  const basePath = (options.basePath ?? '/billink').replace(/\/$/, '');
  const billink =
    'check' in options.billink ? options.billink : createBillinkClient(options.billink);
  const ctx: ProxyContext = {
    billink,
    store: options.store ?? createMemoryStore(),
    resolveOrder: options.resolveOrder,
    logger: options.logger ?? {},
    now: options.now ?? Date.now,
    workflowNumber: options.workflowNumber ?? '1',
    settings: pluginSettings(options),
    trustScore: options.trustScore ?? false,
    logoUrl: options.logoUrl,
    sessionTtlMs: SESSION_TTL_MS,
    statusRefreshMs: options.statusRefreshMs ?? (options.publicUrl ? 60_000 : 2_000),
    rateLimits: { ...DEFAULT_RATE_LIMITS, ...options.rateLimits },
    onUnmatchedOrder: options.onUnmatchedOrder,
    onOrderEvent: options.onOrderEvent,
    deliversEvents: Boolean(options.onOrderEvent),
    kickOrderEvents: () => {},
  };
  let orderEvents: OrderEventWorker | undefined;
  if (options.onOrderEvent) {
    const worker = (orderEvents = createOrderEventWorker({
      store: ctx.store,
      onOrderEvent: options.onOrderEvent,
      now: ctx.now,
      logger: ctx.logger,
      ...(options.orderEventRetry ? { retry: options.orderEventRetry } : {}),
    }));
    ctx.kickOrderEvents = () =>
      void worker
        .deliverDue()
        .catch((error: unknown) =>
          ctx.logger.error?.('order event delivery failed', { error: String(error) }),
        );
  }
  // The stored secret (POST /merchant/webhooks/setup) and the configured one both verify.
  const webhookVerifier = () =>
    currentWebhookVerifier({
      store: ctx.store,
      configuredSecret: options.webhookSecret,
      replayStore: storeReplayStore(ctx),
      now: ctx.now,
      ...(options.webhookHeaders ? { headers: options.webhookHeaders } : {}),
    });
  const allowed = new Set((options.allowedOrigins ?? []).map((o) => new URL(o).origin));
  const returnUrls = returnUrlPolicy(options);
  if (!returnUrls.fallback) {
    ctx.logger.warn?.(
      'no publicUrl or allowedOrigins: session mode refuses every order (return_url_required)',
    );
  }
  // Only a configured public address: never the request's Host (see return-url.ts).
  const returnRoute = options.publicUrl
    ? `${options.publicUrl.replace(/\/$/, '')}${basePath}/return`
    : undefined;
  const trust = compileTrust(options.trustProxy);
  const orderRefSecret = options.orderRefSecret;
  if (orderRefSecret !== undefined) assertOrderRefSecret(orderRefSecret);
  const checkOrderToken = async (orderRef: string, token: string | undefined) => {
    if (orderRefSecret)
      await assertOrderToken(orderRef, token, { secret: orderRefSecret, now: ctx.now() });
  };

  const ownOrigin = (request: Request): string => {
    const url = new URL(request.url);
    if (options.trustProxy !== undefined && options.trustProxy !== false) {
      const host = request.headers.get('x-forwarded-host')?.split(',')[0]?.trim();
      const proto = request.headers.get('x-forwarded-proto')?.split(',')[0]?.trim();
      if (host) return `${proto ?? url.protocol.replace(':', '')}://${host}`;
    }
    return url.origin;
  };
  const originAllowed = (origin: string, request: Request) =>
    origin === ownOrigin(request) || allowed.has(origin);

  const clientIp = (c: Context): string => {
    const fromOption = options.clientIp?.(c.req.raw);
    if (fromOption) return fromOption;
    const socket = (c.env as NodeBindings | undefined)?.incoming?.socket?.remoteAddress;
    return clientAddress(socket, c.req.header('x-forwarded-for'), trust) ?? 'unknown';
  };

  const app = new Hono().basePath(basePath);

  // A record the store holds but cannot be read: an operator must look, so it is logged (its kind
  // and the failing paths, never the value) and answered 503, never as absent.
  const corruptRecord = (error: StoreRecordCorruptError) => {
    ctx.logger.error?.('store record corrupt', { kind: error.kind, reason: error.reason });
    return new ProxyError('store_record_corrupt', 503, { retryable: false });
  };
  app.onError((error, c) => {
    const locale = negotiateLocale(c.req.header('accept-language'));
    const known =
      error instanceof ProxyError
        ? error
        : error instanceof StoreUnavailableError
          ? new ProxyError('store_unavailable', 503, { retryable: true })
          : error instanceof StoreRecordCorruptError
            ? corruptRecord(error)
            : (ctx.logger.error?.('unexpected proxy error', { error: String(error) }),
              new ProxyError('internal', 500, { retryable: true }));
    return c.json(
      {
        error: {
          code: known.code,
          message: message(known.messageCode, locale),
          ...(known.field ? { field: known.field } : {}),
          ...(known.detail ? { detail: known.detail } : {}),
          retryable: known.retryable,
        },
      },
      known.status,
      { ...known.headers, 'content-language': locale, 'cache-control': 'no-store' },
    );
  });
  app.notFound(() => {
    throw new ProxyError('not_found', 404);
  });

  const merchantPrefix = `${basePath}/merchant`;
  const isMerchant = (path: string) =>
    path === merchantPrefix || path.startsWith(`${merchantPrefix}/`);
  // CORS only for the configured origins; any other cross-site caller is refused outright. Never
  // on the merchant API: it is server to server.
  const corsMiddleware = cors({
    origin: (origin) => (allowed.has(origin) ? origin : null),
    allowMethods: ['GET', 'POST', 'OPTIONS'],
    allowHeaders: ['Content-Type', 'Idempotency-Key', 'Authorization', 'Accept-Language'],
    maxAge: 600,
  });
  app.use('*', (c, next) => (isMerchant(c.req.path) ? next() : corsMiddleware(c, next)));
  app.use('*', async (c, next) => {
    const origin = c.req.header('origin');
    if (origin && options.merchantApiKey && isMerchant(c.req.path))
      throw new ProxyError('forbidden_origin', 403);
    if (origin && !c.req.path.endsWith('/webhooks') && !originAllowed(origin, c.req.raw)) {
      throw new ProxyError('forbidden_origin', 403);
    }
    c.header('cache-control', 'no-store');
    // Webhooks are authenticated by their HMAC and come from Billink's few addresses: a flood from
    // one client must not make Billink's deliveries 429.
    if (!c.req.path.endsWith('/webhooks')) {
      await enforce(ctx.store, 'ip', clientIp(c), ctx.rateLimits.requestsPerIp, ctx.now());
    }
    await next();
  });
  app.use(
    '*',
    bodyLimit({
      maxSize: options.bodyLimitBytes ?? 16 * 1024,
      onError: () => {
        throw new ProxyError('payload_too_large', 413);
      },
    }),
  );

  app.route('/', createCheckoutApi(ctx, { checkOrderToken, clientIp, returnUrls, returnRoute }));

  app.post('/webhooks', async (c) =>
    c.json(await receiveWebhook(ctx, await webhookVerifier(), c.req.raw)),
  );

  if (options.merchantApiKey) {
    const billinkBase = 'check' in options.billink ? undefined : options.billink;
    app.route(
      '/merchant',
      createMerchantApi(ctx, {
        apiKey: options.merchantApiKey,
        configuredWebhookSecret: Boolean(options.webhookSecret),
        deliversEvents: ctx.deliversEvents,
        resolveReview: (orderRef, resolution) => resolveReview(ctx, orderRef, resolution),
        webhookUrl: options.publicUrl
          ? `${options.publicUrl.replace(/\/$/, '')}${basePath}/webhooks`
          : undefined,
        documentOrigins: [
          ...Object.values(BASE_URLS).map((u) => new URL(u).origin),
          ...(billinkBase?.baseUrl ? [new URL(billinkBase.baseUrl).origin] : []),
          ...(options.billinkDocumentOrigins ?? []).map((o) => new URL(o).origin),
        ],
        ...(options.simulateShopperPayment
          ? { simulateShopperPayment: options.simulateShopperPayment }
          : {}),
      }),
    );
  }

  const intervalMs = (options.reconcileIntervalSeconds ?? 0) * 1000;
  const reconcile = (reconcileOptions?: ReconcileOptions) =>
    reconcilePending(ctx, { ...(intervalMs ? { intervalMs } : {}), ...reconcileOptions });
  const stopReconciler = intervalMs
    ? scheduleReconciler(reconcile, intervalMs, (error) =>
        ctx.logger.error?.('reconciler failed', { error: String(error) }),
      )
    : () => {};
  return Object.assign(app, { reconcile, stopReconciler, orderEvents });
}
