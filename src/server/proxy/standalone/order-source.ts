import type { ResolveOrder } from '../context.js';
import type { Order } from '../contract/checkout.js';
import { ProxyError } from '../errors.js';

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
