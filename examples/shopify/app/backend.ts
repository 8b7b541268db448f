/**
 * A Shopify app backend next to the Billink proxy: Shopify's order webhooks ship, credit or cancel
 * the Billink order, and the app's admin (an admin action on the order page, with App Bridge's
 * session token) holds, resumes, messages Billink and registers a payment. It does not talk to Billink: it calls the proxy's merchant API in-process (the
 * proxy's fetch handler, no network), so shipping and crediting run through the same order
 * operations, order book and idempotency as every other client of that API.
 */
import type { FetchHandler, ProxyStore } from 'billink-checkout/server';
import { verifySessionToken } from './session-token.js';
import {
  readCancelled,
  readFulfillment,
  readOrderCreated,
  readRefund,
  verifyShopifyWebhook,
} from './webhooks.js';

export interface ShopifyBackendOptions {
  /** `createBillinkProxy({ …, merchantApiKey })`; requests other than the webhooks go to it. */
  billinkProxy: FetchHandler;
  /** The proxy's `merchantApiKey`. */
  merchantApiKey: string;
  /** The app's client secret (Shopify signs webhooks with it). */
  shopifyApiSecret: string;
  /** When set, webhooks from any other shop (`X-Shopify-Shop-Domain`) are refused. */
  shopDomain?: string;
  /** Where Shopify order ids are linked to Billink orderRefs: the proxy's store (Redis) is fine. */
  store: ProxyStore;
  /** Where the webhooks arrive; default `/webhooks/shopify`. */
  webhookPath?: string;
  /** Where the app's admin calls the order actions; default `/app/billink`. */
  adminPath?: string;
  /** The app's client id: session tokens must be for it (`aud`). */
  shopifyApiKey?: string;
  now?: () => number;
  /** The proxy's base path; default `/billink`. */
  basePath?: string;
  logger?: { warn?: (message: string, data?: Record<string, unknown>) => void };
}

const LINK_TTL_MS = 400 * 24 * 60 * 60 * 1000; // longer than any invoice stays open
const json = (status: number, body: Record<string, unknown>) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

export function createShopifyBackend(options: ShopifyBackendOptions): FetchHandler {
  const webhookPath = options.webhookPath ?? '/webhooks/shopify';
  const basePath = options.basePath ?? '/billink';
  const linkKey = (orderId: string) => `shopify-order:${orderId}`;

  const adminPath = options.adminPath ?? '/app/billink';
  const adminRoute = new RegExp(`^${adminPath}/orders/(\\d+)/([a-z]+)$`);

  /** One merchant API call, in-process. */
  async function merchant(path: string, body: unknown, headers: Record<string, string> = {}) {
    const response = await options.billinkProxy(
      new Request(`http://app.internal${basePath}/merchant${path}`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${options.merchantApiKey}`,
          'content-type': 'application/json',
          ...headers,
        },
        body: JSON.stringify(body),
      }),
    );
    const answer = (await response.json().catch(() => ({}))) as {
      error?: { code?: string; message?: string; detail?: string; retryable?: boolean };
    };
    return { status: response.status, error: answer.error, body: answer };
  }

  /**
   * The proxy's answer as Shopify's: 2xx done; a refusal (4xx: not approved, more than can be
   * credited, an unknown outcome) is logged and acknowledged, since Shopify's retries cannot
   * change it; Billink unavailable (5xx) → 503, so Shopify delivers the webhook again.
   */
  function reply(
    action: string,
    orderRef: string,
    result: Awaited<ReturnType<typeof merchant>>,
  ): Response {
    if (result.status < 300) return json(200, { status: 'done', action, orderRef });
    if (result.status >= 500 && result.error?.code !== 'outcome_unknown') {
      return json(503, { status: 'retry', code: result.error?.code });
    }
    options.logger?.warn?.(`billink ${action} refused`, { orderRef, ...result.error });
    return json(200, { status: 'refused', action, orderRef, code: result.error?.code });
  }

  async function orderRefFor(orderId: string): Promise<string | null> {
    return options.store.get(linkKey(orderId));
  }

  async function webhook(request: Request): Promise<Response> {
    const raw = await request.text();
    const valid = await verifyShopifyWebhook(
      options.shopifyApiSecret,
      raw,
      request.headers.get('x-shopify-hmac-sha256'),
    );
    if (!valid) return json(401, { status: 'unauthorized' });
    const shop = request.headers.get('x-shopify-shop-domain');
    if (options.shopDomain && shop !== options.shopDomain)
      return json(403, { status: 'forbidden' });
    let payload: unknown;
    try {
      payload = JSON.parse(raw);
    } catch {
      return json(400, { status: 'malformed' });
    }
    const topic = request.headers.get('x-shopify-topic');

    if (topic === 'orders/create') {
      const created = readOrderCreated(payload);
      if (!created) return json(400, { status: 'malformed' });
      if (!created.orderRef) return json(200, { status: 'ignored' }); // not paid with Billink
      await options.store.set(linkKey(created.orderId), created.orderRef, LINK_TTL_MS);
      return json(200, { status: 'linked', orderRef: created.orderRef });
    }
    if (topic === 'fulfillments/create') {
      const fulfillment = readFulfillment(payload);
      if (!fulfillment) return json(400, { status: 'malformed' });
      const orderRef = await orderRefFor(fulfillment.orderId);
      if (!orderRef) return json(200, { status: 'ignored' });
      // Shipping twice (Shopify retries, a second parcel) is harmless at the proxy.
      const body = fulfillment.trackAndTrace ? { trackAndTrace: fulfillment.trackAndTrace } : {};
      const path = `/orders/${encodeURIComponent(orderRef)}/ship`;
      return reply('ship', orderRef, await merchant(path, body));
    }
    if (topic === 'refunds/create') {
      const refund = readRefund(payload);
      if (!refund) return json(400, { status: 'malformed' });
      const orderRef = await orderRefFor(refund.orderId);
      if (!orderRef || refund.amountCents === 0) return json(200, { status: 'ignored' });
      if (refund.currency && refund.currency !== 'EUR') {
        options.logger?.warn?.('billink credit refused: not EUR', { orderRef, ...refund });
        return json(200, { status: 'refused', code: 'currency' });
      }
      // One Shopify refund credits once, however often Shopify delivers its webhook.
      const result = await merchant(
        `/orders/${encodeURIComponent(orderRef)}/credits`,
        {
          amountCents: refund.amountCents,
          description: (refund.note ?? `Shopify refund ${refund.refundId}`).slice(0, 254),
        },
        { 'idempotency-key': `shopify-refund-${refund.refundId}` },
      );
      return reply('credit', orderRef, result);
    }
    if (topic === 'orders/cancelled') {
      const cancelled = readCancelled(payload);
      if (!cancelled) return json(400, { status: 'malformed' });
      const orderRef = await orderRefFor(cancelled.orderId);
      if (!orderRef) return json(200, { status: 'ignored' });
      // Credits what is still outstanding at Billink, once however often Shopify delivers it.
      const path = `/orders/${encodeURIComponent(orderRef)}/cancel`;
      const result = await merchant(
        path,
        {},
        { 'idempotency-key': `shopify-cancel-${cancelled.orderId}` },
      );
      return reply('cancel', orderRef, result);
    }
    return json(200, { status: 'ignored' });
  }

  /** The merchant API's route for each admin action (bodies pass through, checked by the proxy). */
  const ADMIN_ACTIONS: Record<string, string> = {
    hold: 'hold',
    resume: 'resume',
    message: 'messages',
    payment: 'payments',
  };

  /**
   * `POST {adminPath}/orders/{shopifyOrderId}/{hold|resume|message|payment}` from the app's admin,
   * with the staff member's session token. The proxy's answer (its order view, or its error with
   * an NL/EN message) goes back as is; a payment needs an Idempotency-Key like the merchant API.
   */
  async function adminAction(request: Request, shopifyOrderId: string, action: string) {
    const session = await verifySessionToken(request.headers.get('authorization'), {
      secret: options.shopifyApiSecret,
      ...(options.shopifyApiKey ? { apiKey: options.shopifyApiKey } : {}),
      ...(options.shopDomain ? { shopDomain: options.shopDomain } : {}),
      ...(options.now ? { now: options.now } : {}),
    });
    if (!session) return json(401, { status: 'unauthorized' });
    const route = ADMIN_ACTIONS[action];
    if (!route) return json(404, { status: 'unknown_action' });
    const orderRef = await orderRefFor(shopifyOrderId);
    if (!orderRef) return json(404, { status: 'not_a_billink_order' });
    const body: unknown = await request.json().catch(() => ({}));
    const key = request.headers.get('idempotency-key');
    const result = await merchant(
      `/orders/${encodeURIComponent(orderRef)}/${route}`,
      body,
      key ? { 'idempotency-key': key } : {},
    );
    return json(result.status, result.body);
  }

  return async (request, env) => {
    const { pathname } = new URL(request.url);
    if (pathname === webhookPath) {
      return request.method === 'POST' ? webhook(request) : json(405, { status: 'method' });
    }
    const admin = adminRoute.exec(pathname);
    if (admin) {
      if (request.method !== 'POST') return json(405, { status: 'method' });
      return adminAction(request, admin[1]!, admin[2]!);
    }
    return options.billinkProxy(request, env);
  };
}
