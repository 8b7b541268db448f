/**
 * Shopify webhooks as this app reads them: the HMAC check and the few fields of the
 * `orders/create`, `fulfillments/create` and `refunds/create` payloads it needs. Web-standard
 * APIs only (WebCrypto), so it runs wherever the proxy's fetch handler runs.
 */

/**
 * Shopify signs each webhook: `X-Shopify-Hmac-Sha256` is base64(HMAC-SHA256(app secret, raw
 * body)). Compare over the raw bytes, before any JSON parsing, in constant time.
 */
export async function verifyShopifyWebhook(
  secret: string,
  rawBody: string,
  hmacHeader: string | null,
): Promise<boolean> {
  if (!hmacHeader || !/^[A-Za-z0-9+/]+={0,2}$/.test(hmacHeader.trim())) return false;
  const key = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const expected = new Uint8Array(
    await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(rawBody)),
  );
  const given = Uint8Array.from(atob(hmacHeader.trim()), (c) => c.charCodeAt(0));
  if (given.length !== expected.length) return false;
  let diff = 0;
  for (let i = 0; i < expected.length; i++) diff |= expected[i]! ^ given[i]!;
  return diff === 0;
}

/** Shopify's decimal money strings ("10.00") as integer cents, without floating point. */
export function decimalToCents(amount: unknown): number | undefined {
  if (typeof amount !== 'string' && typeof amount !== 'number') return undefined;
  const match = /^(\d+)(?:\.(\d{1,2}))?$/.exec(String(amount).trim());
  if (!match) return undefined;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

/** The note attribute under which the app records the Billink orderRef on the Shopify order. */
export const BILLINK_ORDER_REF = 'billink_order_ref';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null;
const list = (v: unknown): Json[] => (Array.isArray(v) ? v.filter(isObject) : []);
const id = (v: unknown): string | undefined =>
  typeof v === 'number' || (typeof v === 'string' && /^\d+$/.test(v)) ? String(v) : undefined;

/** orders/create: the Billink orderRef the app put on the order (note attribute). */
export function readOrderCreated(
  payload: unknown,
): { orderId: string; orderRef: string | undefined } | undefined {
  if (!isObject(payload)) return undefined;
  const orderId = id(payload.id);
  if (!orderId) return undefined;
  const attribute = list(payload.note_attributes).find((a) => a.name === BILLINK_ORDER_REF);
  const orderRef = typeof attribute?.value === 'string' ? attribute.value : undefined;
  return { orderId, orderRef };
}

/** orders/cancelled: which order the merchant cancelled (Shopify sets `cancelled_at`). */
export function readCancelled(
  payload: unknown,
): { orderId: string; reason: string | undefined } | undefined {
  if (!isObject(payload)) return undefined;
  const orderId = id(payload.id);
  if (!orderId || typeof payload.cancelled_at !== 'string') return undefined;
  return {
    orderId,
    reason: typeof payload.cancel_reason === 'string' ? payload.cancel_reason : undefined,
  };
}

/** fulfillments/create: which order left, with which track-and-trace code. */
export function readFulfillment(
  payload: unknown,
): { orderId: string; trackAndTrace: string | undefined } | undefined {
  if (!isObject(payload)) return undefined;
  const orderId = id(payload.order_id);
  if (!orderId) return undefined;
  const numbers = Array.isArray(payload.tracking_numbers) ? payload.tracking_numbers : [];
  const first = [payload.tracking_number, ...numbers].find(
    (n): n is string => typeof n === 'string' && n.trim() !== '',
  );
  return { orderId, trackAndTrace: first?.trim().slice(0, 100) };
}

/**
 * refunds/create: the money refunded. The successful `refund` transactions when there are any;
 * else (a payment-pending order refunds no transaction) the refunded lines incl. tax and the
 * refunded shipping.
 */
export function readRefund(payload: unknown):
  | {
      refundId: string;
      orderId: string;
      amountCents: number;
      currency: string | undefined;
      note: string | undefined;
    }
  | undefined {
  if (!isObject(payload)) return undefined;
  const refundId = id(payload.id);
  const orderId = id(payload.order_id);
  if (!refundId || !orderId) return undefined;
  const refunds = list(payload.transactions).filter(
    (t) => t.kind === 'refund' && t.status === 'success',
  );
  let cents = 0;
  let currency: string | undefined;
  if (refunds.length > 0) {
    for (const t of refunds) {
      const c = decimalToCents(t.amount);
      if (c === undefined) return undefined;
      cents += c;
      if (typeof t.currency === 'string') currency = t.currency;
    }
  } else {
    for (const line of list(payload.refund_line_items)) {
      const c = decimalToCents(line.subtotal);
      const tax = decimalToCents(line.total_tax ?? '0');
      if (c === undefined || tax === undefined) return undefined;
      cents += c + tax;
    }
    for (const adjustment of list(payload.order_adjustments)) {
      // Shipping refunds are negative adjustments ("-4.95").
      const text = typeof adjustment.amount === 'string' ? adjustment.amount.trim() : '';
      const c = adjustment.kind === 'shipping_refund' ? decimalToCents(text.replace(/^-/, '')) : 0;
      if (c === undefined) return undefined;
      cents += c;
    }
  }
  const note = typeof payload.note === 'string' && payload.note.trim() ? payload.note : undefined;
  return { refundId, orderId, amountCents: cents, currency, note };
}
