/**
 * The element's only line to the outside: the shop's Billink proxy. Every failure rejects with one
 * plain {@link FlowError}: `network`, `timeout`, `proxy_error` (a non-2xx without the proxy's error
 * body), `invalid_response` (2xx that is not JSON of the expected shape) or the proxy's own code.
 */
import { CHECK_OUTCOMES, isOrderStatus } from '../shared/statuses.js';
import type {
  CheckRequest,
  CheckResult,
  CreateOrderRequest,
  FlowError,
  OrderCreated,
  OrderStatusResult,
} from './types.js';

export interface ProxyClientOptions {
  /** `proxy-url`, e.g. `/billink`. */
  baseUrl: string;
  /** Sent as Accept-Language: the proxy localizes its error messages. */
  locale: string;
  fetch?: typeof fetch;
  /** Per request, including reading the body. Default 15 s. */
  timeoutMs?: number;
}

/** POST /availability: whether Billink is offered for the order (never a credit check). */
export interface AvailabilityRequest {
  orderRef: string;
  orderToken?: string;
  customerType?: 'p' | 'b';
  countryCode?: string;
}
export interface Availability {
  available: boolean;
  reason?: string;
  /** The proxy's text for the shopper, in the language asked for. */
  message: string;
}

export interface ProxyClient {
  availability(body: AvailabilityRequest): Promise<Availability>;
  check(body: CheckRequest): Promise<CheckResult>;
  createOrder(body: CreateOrderRequest, idempotencyKey: string): Promise<OrderCreated>;
  orderStatus(orderId: string, statusToken: string): Promise<OrderStatusResult>;
}

type Json = Record<string, unknown>;

const fail = (code: string, retryable: boolean, rest?: Partial<FlowError>): FlowError => ({
  code,
  retryable,
  ...rest,
});
/** `v` when it is a string, else undefined: what the element takes from an untrusted body. */
const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
// What the element relies on: an order id and a known status; a hosted-page URL is navigated to,
// so only http(s), never `javascript:`. The rest of the shape is the proxy's contract.
// The checked amount is shown to the shopper: it must be integer cents with a currency.
const validCheck = (b: Json) =>
  CHECK_OUTCOMES.includes(b.outcome as CheckResult['outcome']) &&
  Number.isSafeInteger(b.amountCents) &&
  !!str(b.currency);
const validStatus = (b: Json) => !!str(b.orderId) && isOrderStatus(b.status);
const validOrder = (b: Json) =>
  validStatus(b) && !!str(b.statusToken) && /^(https?:\/\/|$)/i.test(str(b.redirectUrl) ?? '');

/** The proxy's error answer as a FlowError: its own code, or `proxy_error` without one. */
function failure(res: Response, err: Json): FlowError {
  const code = str(err.code);
  // Retry-After in seconds (the HTTP-date form is not used by the proxy).
  const wait = Number(res.headers.get('retry-after'));
  const retryAfter = wait > 0 ? Math.ceil(wait) : undefined;
  if (!code)
    return fail('proxy_error', res.status >= 500 || res.status === 429 || res.status === 408);
  const message = str(err.message);
  const field = str(err.field);
  return fail(code, err.retryable === true, {
    ...(message ? { message } : {}),
    ...(field ? { field } : {}),
    ...(retryAfter ? { retryAfter } : {}),
  });
}

export function createProxyClient(options: ProxyClientOptions): ProxyClient {
  const { locale, timeoutMs = 15_000 } = options;
  const base = options.baseUrl.replace(/\/+$/, '');

  async function call<T>(
    path: string,
    valid: (b: Json) => boolean,
    headers: Record<string, string>,
    body?: unknown,
  ): Promise<T> {
    let b: Json = {};
    let res: Response;
    try {
      res = await (options.fetch ?? fetch)(base + path, {
        method: body ? 'POST' : 'GET',
        headers: {
          'Accept-Language': locale,
          ...(body ? { 'Content-Type': 'application/json' } : {}),
          ...headers,
        },
        body: body ? JSON.stringify(body) : null,
        credentials: 'same-origin',
        signal: AbortSignal.timeout(timeoutMs),
      });
      b = Object((await res.json()) ?? {}) as Json;
    } catch (e) {
      // No answer at all (network or timeout), or a body that is not JSON (checked below).
      if ((e as Error | undefined)?.name === 'TimeoutError') throw fail('timeout', true);
      if (!res!) throw fail('network', true);
    }
    if (!res.ok) throw failure(res, Object(b.error) as Json);
    if (!valid(b)) throw fail('invalid_response', false);
    return b as T;
  }

  return {
    availability: (body) =>
      call('/availability', (b) => typeof b.available == 'boolean' && !!str(b.message), {}, body),
    check: (body) => call('/check', validCheck, {}, body),
    createOrder: (body, idempotencyKey) =>
      call('/orders', validOrder, { 'Idempotency-Key': idempotencyKey }, body),
    orderStatus: (orderId, statusToken) =>
      call(`/orders/${encodeURIComponent(orderId)}`, validStatus, {
        Authorization: `Bearer ${statusToken}`,
      }),
  };
}
