/** GET /orders/{id}: the status a shopper's browser polls, answered from the store. */
import { billinkCode } from '../billink-failure.js';
import {
  attemptsFor,
  confirmWithBillink,
  loadOrder,
  notifyFinalIfUnrecorded,
  resolveAuthoritativeOrder,
  type ProxyContext,
} from '../context.js';
import { checkoutKeys } from '../store/keys.js';
import { ProxyError } from '../errors.js';
import {
  isFinal,
  refuseIfPaid,
  shopAmount,
  staleApproval,
  type OrderRecord,
} from '../attempts/order-records.js';
import type { Order, OrderStatusResponse } from '../contract/checkout.js';
import { constantTimeEqual, sha256 } from '../tokens.js';
import { ASK_THROTTLE_MS, askBillinkOnce, settleOwedAsk } from './return.js';
import { surfaceStaleApproval } from './stale-approval.js';

/** Compared against when the order id is unknown, so both failures take the same path. */
const NO_HASH = 'A'.repeat(43);

/**
 * GET /orders/{id}: only the holder of the status token can read an order; an unknown order and a
 * wrong token look the same (404) and cost the same (hash, then constant-time compare). Served
 * from the store; Billink is asked about a pending session only when a return or webhook owes it
 * an ask, or as a safety net once per `statusRefreshMs` across all instances (never before the
 * attempt is that old), so polling browsers cannot multiply the load on Billink. Nothing becomes
 * `expired` here unless Billink says so.
 */
export async function orderStatus(
  ctx: ProxyContext,
  orderId: string,
  authorization: string | undefined,
  request: Request,
): Promise<OrderStatusResponse> {
  const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1] ?? '';
  const stored = await loadOrder(ctx, orderId);
  const matches = constantTimeEqual(await sha256(token), stored?.tokenHash ?? NO_HASH);
  if (!stored || !token || !matches) throw new ProxyError('order_not_found', 404);
  let record = stored;

  if (record.status === 'pending' && record.sessionId) {
    try {
      // A return or webhook that could not reach Billink is owed first; else the slow safety net:
      // no ask until the attempt is `statusRefreshMs` old, then one per `statusRefreshMs` across
      // instances. Meanwhile the return route and the webhook are what make the proxy ask.
      record = await settleOwedAsk(ctx, record);
      if (
        record.status === 'pending' &&
        ctx.now() - record.createdAt >= ctx.statusRefreshMs &&
        (await ctx.store.claim(checkoutKeys.refresh(orderId), '1', ctx.statusRefreshMs))
      ) {
        record = (await askBillinkOnce(ctx, record, Math.min(ASK_THROTTLE_MS, ctx.statusRefreshMs)))
          .record;
      }
    } catch (error) {
      // A poll must not fail because Billink hiccuped: the stored status is still the truth we know.
      ctx.logger.warn?.('session status refresh failed', {
        orderId,
        code: billinkCode(error),
      });
    }
  }
  // An outcome an earlier report could not put in the order book (store blip, busy book).
  if (record === stored) await notifyFinalIfUnrecorded(ctx, record);
  if (record.status === 'approved') await refuseStaleApproval(ctx, record, request);
  else if (record.mode === 'session' && isFinal(record.status)) {
    await refusePaidByAnotherAttempt(ctx, record);
  }
  return {
    orderId: record.orderId,
    status: record.status,
    expiresAt: new Date(record.expiresAt).toISOString(),
    mode: record.mode,
    amountCents: record.amountCents,
    currency: record.currency,
    updatedAt: new Date(record.updatedAt).toISOString(),
    orderNumber: record.orderNumber,
  };
}

/**
 * This session ended without an order because Billink already has one under the number: the
 * session the shopper abandoned (and a new attempt superseded) was approved after all, in another
 * tab. Then the shopper has paid: "already approved" is the truth, not "declined".
 */
async function refusePaidByAnotherAttempt(ctx: ProxyContext, record: OrderRecord): Promise<void> {
  for (const other of await attemptsFor(ctx, record.orderNumber)) {
    if (other.orderId === record.orderId || other.orderRef !== record.orderRef) continue;
    let current = other;
    try {
      current = await confirmWithBillink(ctx, other);
    } catch {
      continue; // Billink cannot say now: the answer stays what Billink said about this session
    }
    refuseIfPaid([current], record);
  }
}

/**
 * Billink approved this attempt's amount, but the shop's cart (as the shop resolves it for this
 * shopper now) has another: the shopper must not be told "approved" for what they are not buying.
 * The stale Billink order is surfaced for the shop to credit, and a new attempt may pay the new
 * amount (under the next order number). If the shop cannot say, Billink's approval stands.
 */
async function refuseStaleApproval(
  ctx: ProxyContext,
  record: OrderRecord,
  request: Request,
): Promise<void> {
  let order: Order;
  try {
    order = await resolveAuthoritativeOrder(ctx, record.orderRef, request);
  } catch {
    return;
  }
  if (!staleApproval(record, shopAmount(order))) return;
  await surfaceStaleApproval(ctx, record, order);
  // Not retryable: asking again cannot change it; a new attempt (the element's "pay the new amount")
  // is the remedy, so the browser's poller must stop here rather than back off and ask forever.
  throw new ProxyError('order_amount_changed', 409);
}
