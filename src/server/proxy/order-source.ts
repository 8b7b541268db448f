import type { OrderStatusUpdate, ResolveOrder } from './context.js';
import type { Order } from './schemas.js';
import { ProxyError } from './errors.js';

/**
 * Resolves orders from a shop in another stack (WooCommerce, a Shopify app) server-to-server:
 * `GET {url}/{orderRef}` with a bearer token. 404 means "no such order"; anything else that is not
 * a 200 with JSON is the shop being unavailable. The body is validated by the proxy like any order.
 */
export function createOrderSource(options: {
  url: string;
  token?: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}): ResolveOrder {
  const base = options.url.replace(/\/$/, '');
  return async (orderRef) => {
    const doFetch = options.fetch ?? fetch;
    let response: Response;
    try {
      response = await doFetch(`${base}/${encodeURIComponent(orderRef)}`, {
        headers: {
          accept: 'application/json',
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        },
        signal: AbortSignal.timeout(options.timeoutMs ?? 5_000),
      });
    } catch {
      throw new ProxyError('order_source_unavailable', 503, { retryable: true });
    }
    if (response.status === 404) return null;
    if (!response.ok) throw new ProxyError('order_source_unavailable', 503, { retryable: true });
    try {
      // Checked against the Order schema by the proxy before any use.
      return (await response.json()) as Order;
    } catch {
      throw new ProxyError('order_source_unavailable', 503, { retryable: true });
    }
  };
}

/**
 * Tells a shop in another stack that an order is final: `POST {url}/{orderRef}/billink-status`
 * with the same bearer token and the OrderStatusUpdate as JSON. Retried up to 3 times with backoff
 * in the background (like Billink's own webhooks); a 2xx ends it. The shop should treat it as
 * idempotent (the same update may arrive twice after a lost answer).
 */
export function createOrderStatusCallback(options: {
  url: string;
  token?: string;
  timeoutMs?: number;
  retryDelaysMs?: readonly number[];
  fetch?: typeof fetch;
  onGiveUp?: (update: OrderStatusUpdate, reason: string) => void;
}): (update: OrderStatusUpdate) => void {
  const base = options.url.replace(/\/$/, '');
  const delays = options.retryDelaysMs ?? [1_000, 4_000, 16_000];
  return (update) => {
    const attempt = async (n: number): Promise<void> => {
      let reason: string;
      try {
        const response = await (options.fetch ?? fetch)(
          `${base}/${encodeURIComponent(update.orderRef)}/billink-status`,
          {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
            },
            body: JSON.stringify(update),
            signal: AbortSignal.timeout(options.timeoutMs ?? 5_000),
          },
        );
        if (response.ok) return;
        reason = `HTTP ${response.status}`;
      } catch (error) {
        reason = (error as Error).name;
      }
      const wait = delays[n];
      if (wait === undefined) return options.onGiveUp?.(update, reason);
      setTimeout(() => void attempt(n + 1), wait);
    };
    void attempt(0);
  };
}
