import type { BillinkClient } from '../billink/index.js';
import { ProxyError } from './errors.js';
import { advance, withExpiry, type OrderRecord } from './order-records.js';
import { orderSchema, type Order, type OrderStatus } from './schemas.js';
import { getJson, setJson, type ProxyStore } from './store/store.js';
import type { RateLimits } from './rate-limit.js';
import type { OrderEvent } from './lifecycle/events.js';
import { recordCheckoutOutcome } from './lifecycle/order-book.js';

/** What a merchant's code must provide: the authoritative order for a reference, or null. */
export type ResolveOrder = (
  orderRef: string,
  request: Request,
) => Promise<Order | null | undefined>;

/** Operational log lines: never credentials, bodies or personal data. */
export interface ProxyLogger {
  info?(message: string, data?: Record<string, unknown>): void;
  warn?(message: string, data?: Record<string, unknown>): void;
  error?(message: string, data?: Record<string, unknown>): void;
}

/** Everything the routes share, resolved once from the options. */
export interface ProxyContext {
  billink: BillinkClient;
  store: ProxyStore;
  resolveOrder: ResolveOrder;
  logger: ProxyLogger;
  now: () => number;
  workflowNumber: string;
  logoUrl: string | undefined;
  sessionTtlMs: number;
  statusRefreshMs: number;
  rateLimits: RateLimits;
  /** Who hears about order events (mounted onOrderEvent, or the standalone's order source). */
  onOrderEvent: ((event: OrderEvent) => void | Promise<void>) | undefined;
  /** True when events are queued for delivery (someone listens). */
  deliversEvents: boolean;
  /** Starts a delivery round for freshly queued events; never throws. */
  kickOrderEvents: () => void;
}

/** How long order records outlive their expiry (late webhooks, reloads). */
const RECORD_GRACE_MS = 7 * 24 * 60 * 60 * 1000;

export async function loadOrder(
  ctx: ProxyContext,
  orderId: string,
): Promise<OrderRecord | undefined> {
  return getJson<OrderRecord>(ctx.store, `order:${orderId}`);
}

export async function saveOrder(ctx: ProxyContext, record: OrderRecord): Promise<void> {
  const ttl = record.expiresAt - ctx.now() + RECORD_GRACE_MS;
  await Promise.all([
    setJson(ctx.store, `order:${record.orderId}`, record, ttl),
    ctx.store.set(`invoice:${record.orderNumber}`, record.orderId, ttl),
  ]);
}

/**
 * Applies a status report (poll or webhook) under the no-regress rule and persists a change.
 * Concurrent reports can both load the same pending record, but both can only move it forward
 * from pending to the state Billink reported, so the last write is still a truthful final state.
 */
export async function reportStatus(
  ctx: ProxyContext,
  record: OrderRecord,
  status: OrderStatus,
): Promise<OrderRecord> {
  const next = withExpiry(advance(record, status, ctx.now()), ctx.now());
  if (next !== record) {
    await saveOrder(ctx, next);
    if (next.status !== 'approved') await releaseOrderRef(ctx, next);
    ctx.logger.info?.('order status', { orderId: next.orderId, status: next.status });
    await notifyFinal(ctx, next);
  }
  return next;
}

/**
 * The single place a final checkout outcome is handed on: it enters the order book (once per
 * attempt and status) and, when someone listens, the event outbox. A failure is logged, never
 * fails the poll or webhook that found the outcome; the reconciler or the next report retries.
 */
export async function notifyFinal(ctx: ProxyContext, record: OrderRecord): Promise<void> {
  if (record.status === 'pending') return;
  try {
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
    });
    ctx.kickOrderEvents();
  } catch (error) {
    ctx.logger.error?.('order book update failed', {
      orderId: record.orderId,
      error: String(error),
    });
  }
}

/** Frees the order reference for a new attempt once its order ended without approval. */
export async function releaseOrderRef(ctx: ProxyContext, record: OrderRecord): Promise<void> {
  if ((await ctx.store.get(`ref:${record.orderRef}`)) === record.orderId) {
    await ctx.store.delete(`ref:${record.orderRef}`);
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
