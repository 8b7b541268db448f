import type { BillinkClient } from '../billink/index.js';
import { ProxyError } from './errors.js';
import {
  advance,
  attemptIdsType,
  fromSessionStatus,
  isFinal,
  type OrderRecord,
} from './attempts/order-records.js';
import { orderSchema, type Order, type OrderStatus } from './contract/checkout.js';
import type { ProxyStore } from './store/store.js';
import { readRecord, writeRecord } from './store/records.js';
import { attemptKeys } from './store/keys.js';
import type { RateLimits } from './http/rate-limit.js';
import type { PluginSettings } from './checkout/plugin-settings.js';
import type { OrderEvent } from './orders/events.js';
import { recordCheckoutOutcome } from './orders/order-book.js';
import { readOrderRecord, encodeRecord } from './attempts/record-codec.js';

/** What a merchant's code must provide: the authoritative order for a reference, or null. */
export type ResolveOrder = (
  orderRef: string,
  request: Request,
) => Promise<Order | null | undefined>;

import type { ProxyLogger } from './logger.js';
export type { ProxyLogger };

/** Everything the routes share, resolved once from the options. */
export interface ProxyContext {
  billink: BillinkClient;
  store: ProxyStore;
  resolveOrder: ResolveOrder;
  logger: ProxyLogger;
  now: () => number;
  workflowNumber: string;
  /** Billink's plugin settings: countries, amounts and workflows per customer type. */
  settings: PluginSettings;
  /** Send Billink's trust score (webshop-settings whitelist) with each session. */
  trustScore: boolean;
  logoUrl: string | undefined;
  sessionTtlMs: number;
  statusRefreshMs: number;
  rateLimits: RateLimits;
  /** A Billink order no attempt explains (lost store, stale session, stale amount): for a person. */
  onUnmatchedOrder: ((order: UnmatchedOrder) => void | Promise<void>) | undefined;
  /** Who hears about order events (mounted onOrderEvent, or the standalone's order source). */
  onOrderEvent: ((event: OrderEvent) => void | Promise<void>) | undefined;
  /** True when events are queued for delivery (someone listens). */
  deliversEvents: boolean;
  /** Starts a delivery round for freshly queued events; never throws. */
  kickOrderEvents: () => void;
}

/** A Billink order the proxy cannot bind to the current attempt of a shop order. */
export interface UnmatchedOrder {
  type: 'unmatched_order' | 'amount_mismatch';
  orderNumber: string;
  billinkInvoiceNumber?: string;
  /** The attempt it concerns, when known (amount_mismatch). */
  orderId?: string;
  orderRef?: string;
  amountCents?: number;
  currentAmountCents?: number;
  detectedAt: string;
}

/** How long order records outlive their expiry (late webhooks, reloads). */
const RECORD_GRACE_MS = 7 * 24 * 60 * 60 * 1000;
/** An order number stays bound to its orderRef long after the checkout (refunds, disputes). */
const BINDING_TTL_MS = 400 * 24 * 60 * 60 * 1000;
/** The reconciler's work list: pending attempts scored by when to ask Billink next. */
export const PENDING_INDEX = attemptKeys.pendingIndex;
/** Final attempts whose outcome is not yet in the order book, scored by when to retry. */
export const UNRECORDED_INDEX = attemptKeys.unrecordedIndex;
const unrecordedKey = attemptKeys.unrecorded;
/** A fresh session is first confirmed by the reconciler after this (Billink's Magento cron: 10 min). */
const FIRST_CONFIRM_AFTER_MS = 10 * 60 * 1000;

export async function loadOrder(
  ctx: ProxyContext,
  orderId: string,
): Promise<OrderRecord | undefined> {
  return readOrderRecord(orderId, await ctx.store.get(attemptKeys.order(orderId)));
}

/** Persists an attempt, lists it under its order number, and keeps the reconciler's list right. */
export async function saveOrder(ctx: ProxyContext, record: OrderRecord): Promise<void> {
  const ttl = Math.max(record.expiresAt - ctx.now(), 0) + RECORD_GRACE_MS;
  const ids = await attemptIds(ctx, record.orderNumber);
  if (record.status !== 'pending') {
    // Listed before the record turns final (and leaves the pending list): whatever fails after
    // this, the outcome is retried until it is in the order book (see notifyFinal).
    await Promise.all([
      ctx.store.set(unrecordedKey(record.orderId), '1', ttl),
      ctx.store.zadd(UNRECORDED_INDEX, record.orderId, ctx.now()),
    ]);
  }
  await Promise.all([
    ctx.store.set(attemptKeys.order(record.orderId), encodeRecord(record), ttl),
    ids.includes(record.orderId)
      ? undefined
      : writeRecord(
          ctx.store,
          attemptKeys.attempts(record.orderNumber),
          { ids: [...ids, record.orderId] },
          ttl,
        ),
    record.status === 'pending' && record.sessionId
      ? ctx.store.zadd(PENDING_INDEX, record.orderId, record.createdAt + FIRST_CONFIRM_AFTER_MS)
      : ctx.store.zrem(PENDING_INDEX, record.orderId),
  ]);
  if (record.status === 'pending') {
    await Promise.all([trimIndex(ctx, PENDING_INDEX), trimIndex(ctx, UNRECORDED_INDEX)]);
  }
}

/** Members trimmed per call: a bounded cost on the write path. */
const TRIM_BATCH = 20;

/**
 * Drops index members whose attempt's record has expired: scored (due time ≥ creation) longer ago
 * than a session lives plus the record's grace. Indexes never expire, and when mounted nobody runs
 * the reconciler by default, so without this they would grow forever in a noeviction Redis.
 */
export async function trimIndex(ctx: ProxyContext, index: string): Promise<number> {
  const cutoff = ctx.now() - ctx.sessionTtlMs - RECORD_GRACE_MS;
  const stale = await ctx.store.zrangeByScore(index, cutoff, TRIM_BATCH);
  await Promise.all(stale.map((member) => ctx.store.zrem(index, member)));
  return stale.length;
}

async function attemptIds(ctx: ProxyContext, orderNumber: string): Promise<string[]> {
  return (
    (await readRecord(ctx.store, attemptIdsType, attemptKeys.attempts(orderNumber)))?.ids ?? []
  );
}

/** Every attempt the proxy knows under a Billink order number, oldest first. */
export async function attemptsFor(ctx: ProxyContext, orderNumber: string): Promise<OrderRecord[]> {
  const records = await Promise.all(
    (await attemptIds(ctx, orderNumber)).map((id) => loadOrder(ctx, id)),
  );
  return records.filter((r): r is OrderRecord => r !== undefined);
}

/**
 * One order number, one orderRef: the first orderRef to use a number owns it, so two shop orders
 * (e.g. `COL.1` and `COL-1`) can never share one Billink order.
 */
export async function bindOrderNumber(
  ctx: ProxyContext,
  orderNumber: string,
  orderRef: string,
): Promise<void> {
  if (await claimOrderNumber(ctx, orderNumber, orderRef)) return;
  ctx.logger.error?.('order number already bound to another orderRef', { orderNumber, orderRef });
  throw new ProxyError('order_number_taken', 409, { field: 'orderRef' });
}

/** Binds the number to the orderRef if free; false when another orderRef owns it. */
export async function claimOrderNumber(
  ctx: ProxyContext,
  orderNumber: string,
  orderRef: string,
): Promise<boolean> {
  const key = attemptKeys.number(orderNumber);
  if (await ctx.store.claim(key, orderRef, BINDING_TTL_MS)) return true;
  const owner = await ctx.store.get(key);
  return owner === null || owner === orderRef;
}

/**
 * Applies a status Billink gave about this attempt under the no-regress rule and persists a
 * change. Never called with a guess: expiry, webhooks and return URLs only make the proxy ask.
 */
export async function reportStatus(
  ctx: ProxyContext,
  record: OrderRecord,
  status: OrderStatus,
): Promise<OrderRecord> {
  const next = advance(record, status, ctx.now());
  if (next !== record) {
    await saveOrder(ctx, next);
    if (next.status !== 'approved') await releaseOrderRef(ctx, next);
    ctx.logger.info?.('order status', { orderId: next.orderId, status: next.status });
    await notifyFinal(ctx, next);
  }
  return next;
}

/**
 * Asks Billink about this attempt's own session and applies the answer. Throws Billink's error
 * (the caller decides whether that is a 503, a warning or a backoff).
 */
export async function confirmWithBillink(
  ctx: ProxyContext,
  record: OrderRecord,
): Promise<OrderRecord> {
  if (isFinal(record.status) || !record.sessionId) return record;
  const { status } = await ctx.billink.sessionStatus({ sessionId: record.sessionId });
  return reportStatus(ctx, record, fromSessionStatus(status));
}

/** Surfaces a Billink order no attempt explains: logged for a person, kept, handed to the shop. */
export async function notifyUnmatched(
  ctx: ProxyContext,
  order: Omit<UnmatchedOrder, 'detectedAt'>,
): Promise<void> {
  const entry: UnmatchedOrder = { ...order, detectedAt: new Date(ctx.now()).toISOString() };
  const claimKey = attemptKeys.unmatched(order.type, order.orderNumber, order.orderId);
  if (!(await ctx.store.claim(claimKey, JSON.stringify(entry), BINDING_TTL_MS))) return;
  ctx.logger.error?.('billink order needs review', { ...entry });
  try {
    await ctx.onUnmatchedOrder?.(entry);
  } catch (error) {
    ctx.logger.error?.('onUnmatchedOrder failed', {
      orderNumber: order.orderNumber,
      error: String(error),
    });
  }
}

/** Whether a Billink order under this number is known to exist that no attempt explains. */
export async function hasUnmatchedOrder(ctx: ProxyContext, orderNumber: string): Promise<boolean> {
  return (await ctx.store.get(attemptKeys.unmatched('unmatched_order', orderNumber))) !== null;
}

/**
 * The single place a final checkout outcome is handed on: it enters the order book (once per
 * attempt and status) and, when someone listens, the event outbox. A failure is logged, never
 * fails the poll or webhook that found the outcome: saveOrder listed the attempt as unrecorded, and
 * the next poll of it or the reconciler retries.
 */
export async function notifyFinal(ctx: ProxyContext, record: OrderRecord): Promise<void> {
  if (record.status === 'pending') return;
  try {
    await recordOutcome(ctx, record);
  } catch (error) {
    ctx.logger.error?.('order book update failed', {
      orderId: record.orderId,
      error: String(error),
    });
  }
}

/** A poll of a final attempt retries its outcome while it is still unrecorded (one GET otherwise). */
export async function notifyFinalIfUnrecorded(
  ctx: ProxyContext,
  record: OrderRecord,
): Promise<void> {
  if (record.status === 'pending') return;
  if ((await ctx.store.get(unrecordedKey(record.orderId))) === null) return;
  await notifyFinal(ctx, record);
}

/**
 * Puts the outcome in the order book (idempotent per attempt and status), then takes it off the
 * unrecorded list. Throws when the book could not be written: the attempt stays listed.
 */
export async function recordOutcome(ctx: ProxyContext, record: OrderRecord): Promise<void> {
  if (record.status === 'pending') return;
  await recordCheckoutOutcome(ctx, {
    orderRef: record.orderRef,
    orderId: record.orderId,
    orderNumber: record.orderNumber,
    ...(record.invoiceNumber ? { invoiceNumber: record.invoiceNumber } : {}),
    workflowNumber: record.workflowNumber,
    mode: record.mode,
    status: record.status,
    amountCents: record.amountCents,
    currency: record.currency,
    ...(record.feeCents ? { feeCents: record.feeCents } : {}),
  });
  ctx.kickOrderEvents();
  await Promise.all([
    ctx.store.delete(unrecordedKey(record.orderId)),
    ctx.store.zrem(UNRECORDED_INDEX, record.orderId),
  ]);
}

/** Frees the order reference for a new attempt once its order ended without approval. */
export async function releaseOrderRef(ctx: ProxyContext, record: OrderRecord): Promise<void> {
  if ((await ctx.store.get(attemptKeys.ref(record.orderRef))) === record.orderId) {
    await ctx.store.delete(attemptKeys.ref(record.orderRef));
  }
}

/**
 * The merchant's order for a reference, validated: the amount never comes from the browser, and an
 * order whose lines do not add up to its total is refused rather than sent to Billink.
 */
export async function resolveAuthoritativeOrder(
  ctx: ProxyContext,
  orderRef: string,
  request: Request,
): Promise<Order> {
  let resolved: unknown;
  try {
    resolved = await ctx.resolveOrder(orderRef, request);
  } catch (error) {
    if (error instanceof ProxyError) throw error;
    ctx.logger.error?.('resolveOrder failed', { orderRef, error: String(error) });
    throw new ProxyError('order_source_unavailable', 503, { retryable: true });
  }
  if (resolved == null) throw new ProxyError('order_ref_unknown', 404, { field: 'orderRef' });
  const parsed = orderSchema.safeParse(resolved);
  if (!parsed.success) {
    ctx.logger.error?.('resolveOrder returned an invalid order', {
      orderRef,
      issues: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
    });
    throw new ProxyError('order_invalid', 422);
  }
  const order = parsed.data;
  const sum = order.lines.reduce((total, line) => total + line.quantity * line.unitPriceCents, 0);
  if (sum !== order.totalCents) {
    ctx.logger.error?.('order total does not equal the sum of its lines', {
      orderRef,
      totalCents: order.totalCents,
      sumOfLinesCents: sum,
    });
    throw new ProxyError('order_invalid', 422);
  }
  return order;
}
