import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/** What can happen to an order after the shopper left Billink's page, in the shop's words. */
export const ORDER_EVENT_TYPES = [
  'approved',
  'declined',
  'cancelled',
  'failed',
  'expired',
  'shipped',
  'payment',
  'credit',
  'paid',
  'on_hold',
  'resumed',
  'needs_review',
] as const;
export type OrderEventType = (typeof ORDER_EVENT_TYPES)[number];

/**
 * needs_review: Billink holds an order under this number that the proxy will not call this order's
 * approval (its amount differs from the shop's, or Billink cannot say). Credit it or accept it
 * (merchant API `POST /orders/{orderRef}/review`).
 */
export const reviewEventFields = {
  reason: z
    .enum(['unmatched_order', 'amount_mismatch'])
    .optional()
    .meta({ description: 'needs_review: why the Billink order was not bound to this order.' }),
  billinkInvoiceNumber: z
    .string()
    .optional()
    .meta({ description: "needs_review: Billink's invoice number of the order to review." }),
  currentAmountCents: z
    .number()
    .int()
    .optional()
    .meta({ description: "needs_review: the shop's total now (amountCents is Billink's)." }),
};

/** One lifecycle event as the shop receives it (onOrderEvent, or POSTed to the order source). */
export const orderEventSchema = z
  .strictObject({
    id: z.string().meta({ description: 'Unique per event: the shop de-duplicates on it.' }),
    orderRef: z.string(),
    orderNumber: z.string().meta({ description: 'The order number Billink knows the order by.' }),
    invoiceNumber: z.string().optional().meta({ description: "Billink's invoice number." }),
    type: z.enum(ORDER_EVENT_TYPES),
    at: z.iso.datetime(),
    sequence: z
      .number()
      .int()
      .meta({ description: 'Position in this order’s event list (1, 2, …): order by it.' }),
    amountCents: z
      .number()
      .int()
      .optional()
      .meta({ description: 'The amount this event concerns (payment, credit, approved order).' }),
    currency: z.string().optional(),
    by: z
      .enum(['merchant', 'billink', 'shopper'])
      .optional()
      .meta({ description: 'Who caused it, where known (shipped: merchant or Billink itself).' }),
    days: z.number().int().optional().meta({ description: 'on_hold: for how many days.' }),
    trackAndTrace: z.string().optional(),
    ...reviewEventFields,
  })
  .meta({ id: 'OrderEvent' });
export type OrderEvent = z.infer<typeof orderEventSchema>;

/** Header names of the signature on events the standalone proxy POSTs to the shop. */
export const ORDER_EVENT_HEADERS = {
  timestamp: 'billink-event-timestamp',
  signature: 'billink-event-signature',
} as const;

/** `sha256=` + hex HMAC-SHA256(secret, `${timestamp}.${rawBody}`); timestamp in Unix seconds. */
export function signOrderEvent(secret: string, timestamp: string, rawBody: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex')}`;
}

export class OrderEventVerificationError extends Error {
  override readonly name = 'OrderEventVerificationError';
  constructor(
    readonly code: 'missing_header' | 'stale_timestamp' | 'bad_signature' | 'malformed_body',
    message: string,
  ) {
    super(message);
  }
}

/**
 * For the shop: checks an event the proxy POSTed (signature over the raw body, timestamp within
 * `toleranceSeconds`, default 300) and returns it parsed. Throws {@link OrderEventVerificationError}.
 * De-duplicate on `event.id`: a delivery whose answer was lost is sent again.
 */
export function verifyOrderEvent(input: {
  secret: string;
  headers: Headers | Readonly<Record<string, string | string[] | undefined>>;
  rawBody: string;
  toleranceSeconds?: number;
  now?: () => number;
}): OrderEvent {
  const get = (name: string): string | undefined => {
    if (input.headers instanceof Headers) return input.headers.get(name) ?? undefined;
    for (const [key, value] of Object.entries(input.headers)) {
      if (key.toLowerCase() === name) return Array.isArray(value) ? value[0] : value;
    }
    return undefined;
  };
  const timestamp = get(ORDER_EVENT_HEADERS.timestamp);
  const signature = get(ORDER_EVENT_HEADERS.signature);
  if (!timestamp || !signature) {
    throw new OrderEventVerificationError('missing_header', 'signature headers missing');
  }
  const seconds = /^\d{1,12}$/.test(timestamp) ? Number(timestamp) : NaN;
  const nowMs = (input.now ?? Date.now)();
  if (!(Math.abs(nowMs / 1000 - seconds) <= (input.toleranceSeconds ?? 300))) {
    throw new OrderEventVerificationError('stale_timestamp', 'timestamp outside the window');
  }
  const expected = Buffer.from(signOrderEvent(input.secret, timestamp, input.rawBody));
  const given = Buffer.from(signature.trim());
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    throw new OrderEventVerificationError('bad_signature', 'signature does not match');
  }
  let json: unknown;
  try {
    json = JSON.parse(input.rawBody);
  } catch {
    throw new OrderEventVerificationError('malformed_body', 'body is not JSON');
  }
  const parsed = orderEventSchema.safeParse(json);
  if (!parsed.success) {
    throw new OrderEventVerificationError('malformed_body', 'body is not an order event');
  }
  return parsed.data;
}

/**
 * The standalone proxy's way to tell a shop in another stack: `POST {url}/{orderRef}/billink-events`
 * with the event as JSON, signed, plus the order source's bearer token. Throws unless the shop
 * answers 2xx, so the outbox retries it.
 */
export function createOrderEventSender(options: {
  url: string;
  /** Without one (simulator mode only) events go unsigned. */
  secret: string | undefined;
  token?: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
  now?: () => number;
}): (event: OrderEvent) => Promise<void> {
  const base = options.url.replace(/\/$/, '');
  return async (event) => {
    const body = JSON.stringify(event);
    const timestamp = String(Math.floor((options.now ?? Date.now)() / 1000));
    const response = await (options.fetch ?? fetch)(
      `${base}/${encodeURIComponent(event.orderRef)}/billink-events`,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [ORDER_EVENT_HEADERS.timestamp]: timestamp,
          ...(options.secret
            ? { [ORDER_EVENT_HEADERS.signature]: signOrderEvent(options.secret, timestamp, body) }
            : {}),
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        },
        body,
        signal: AbortSignal.timeout(options.timeoutMs ?? 5_000),
      },
    );
    await response.body?.cancel();
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
  };
}
