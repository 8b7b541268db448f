/**
 * A Billink order under an orderRef's number that no attempt explains: the store lost the attempt
 * while the shopper was on Billink's page, or Billink's page outlived a cart change. Billink's own
 * answer about that number decides: its amount equals the shop's total → it is this order's
 * approval; otherwise (or Billink cannot say) a person reviews it, and the shop is told through
 * the order book (`needs_review`), never left to find out.
 */
import { isBillinkError } from '../../billink/index.js';
import {
  attemptsFor,
  notifyFinal,
  saveOrder,
  type ProxyContext,
  type UnmatchedOrder,
} from '../context.js';
import { billinkUnavailable } from '../billink-failure.js';
import { ProxyError } from '../errors.js';
import { findInvoice } from '../orders/invoices.js';
import { appendEvent, loadBook, updateBook, type BookEntry } from '../orders/order-book.js';
import { refuseIfPaid, shopAmount, type OrderRecord } from './order-records.js';
import type { Order } from '../contract/checkout.js';
import { z } from 'zod';
import { readRecord, versioned, writeRecord, type RecordType } from '../store/records.js';
import { attemptKeys, reviewKeys } from '../store/keys.js';
import { randomId, randomToken, sha256 } from '../tokens.js';

/** An open review of one orderRef: the Billink order a person must credit or accept. */
export interface Review {
  orderRef: string;
  orderNumber: string;
  reason: UnmatchedOrder['type'];
  /** The attempt it concerns: the stale one, or the id an accepted Billink order is bound under. */
  orderId: string;
  billinkInvoiceNumber?: string;
  billinkAmountCents?: number;
  shopAmountCents: number;
  currency: string;
  workflowNumber: string;
}

const reviewType: RecordType<Review> = {
  kind: 'review',
  schema: versioned({
    orderRef: z.string(),
    orderNumber: z.string(),
    reason: z.enum(['unmatched_order', 'amount_mismatch']),
    orderId: z.string(),
    billinkInvoiceNumber: z.string().optional(),
    billinkAmountCents: z.number().int().optional(),
    shopAmountCents: z.number().int(),
    currency: z.string(),
    workflowNumber: z.string(),
  }),
};

export type ReviewResolution = 'credited' | 'accepted';

/** Reviews outlive checkouts, like the order book. */
const REVIEW_TTL_MS = 400 * 24 * 60 * 60 * 1000;
/** How far back the invoice list is searched for a Billink order the proxy has no date for. */
const LOOKBACK_DAYS = 7;

const reviewKey = reviewKeys.review;
/** Billink holds (credited) an order under this number: new attempts use the next one. */
export const spentNumberKey = reviewKeys.spentNumber;
const unmatchedKey = (orderNumber: string) => attemptKeys.unmatched('unmatched_order', orderNumber);

interface BillinkOrder {
  exists: boolean;
  invoiceNumber?: string;
  /** Undefined when Billink's answers name no amount, or two that disagree. */
  amountCents?: number;
  creditedCents?: number;
}

/** Order Info and the invoice list about one order number; Billink down → 503, never a guess. */
async function askBillink(
  ctx: ProxyContext,
  orderNumber: string,
  workflowNumber: string,
): Promise<BillinkOrder> {
  try {
    const [info, listed] = await Promise.all([
      ctx.billink.orderInfo({ invoices: [{ invoiceNumber: orderNumber, workflowNumber }] }),
      findInvoice(
        ctx.billink,
        { orderNumber, createdAt: ctx.now() - LOOKBACK_DAYS * 24 * 60 * 60 * 1000 },
        LOOKBACK_DAYS + 1,
      ),
    ]);
    const invoice = info.invoices[0];
    const known = invoice && invoice.status !== 'not_found' ? invoice : undefined;
    const amounts = [listed?.amountCents, known?.amountCents].filter((a) => a !== undefined);
    const credited = listed?.creditedCents ?? known?.creditedCents;
    return {
      exists: Boolean(known || listed),
      ...(listed?.invoiceNumber ? { invoiceNumber: listed.invoiceNumber } : {}),
      ...(amounts.length > 0 && amounts.every((a) => a === amounts[0])
        ? { amountCents: amounts[0] }
        : {}),
      ...(credited !== undefined ? { creditedCents: credited } : {}),
    };
  } catch (error) {
    if (!isBillinkError(error)) throw error;
    ctx.logger.warn?.('billink order lookup failed', { orderNumber, code: error.code });
    throw billinkUnavailable(error);
  }
}

/**
 * A new attempt for `orderRef` met a Billink order under `order.orderNumber` that no attempt
 * explains. Always throws: 409 `order_already_approved` once Billink's order (for the shop's own
 * total) is bound as the approved attempt, 409 `order_needs_review` otherwise, 503 while Billink
 * cannot be asked.
 */
export async function adoptOrRefuse(
  ctx: ProxyContext,
  orderRef: string,
  order: Order,
  workflowNumber: string,
): Promise<never> {
  const lock = reviewKeys.adoptLock(order.orderNumber);
  if (!(await ctx.store.claim(lock, '1', 30_000))) {
    throw new ProxyError('order_in_progress', 409, { retryable: true });
  }
  try {
    // Another request may have adopted it meanwhile.
    refuseIfPaid(await attemptsFor(ctx, order.orderNumber), shopAmount(order));
    const billink = await askBillink(ctx, order.orderNumber, workflowNumber);
    const open = await readRecord(ctx.store, reviewType, reviewKey(orderRef));
    const orderId = open?.orderId ?? randomId('ord');
    if (billink.exists && billink.amountCents === order.totalCents) {
      await bindApproved(ctx, {
        orderRef,
        orderId,
        orderNumber: order.orderNumber,
        amountCents: order.totalCents,
        currency: order.currency,
        workflowNumber,
        ...(billink.invoiceNumber ? { invoiceNumber: billink.invoiceNumber } : {}),
      });
      await closeReview(ctx, orderRef, order.orderNumber);
      ctx.logger.info?.('billink order adopted', { orderRef, orderId });
      throw new ProxyError('order_already_approved', 409);
    }
    await openReview(ctx, {
      orderRef,
      orderNumber: order.orderNumber,
      reason: 'unmatched_order',
      orderId,
      ...(billink.invoiceNumber ? { billinkInvoiceNumber: billink.invoiceNumber } : {}),
      ...(billink.amountCents !== undefined ? { billinkAmountCents: billink.amountCents } : {}),
      shopAmountCents: order.totalCents,
      currency: order.currency,
      workflowNumber,
    });
    throw new ProxyError('order_needs_review', 409);
  } finally {
    await ctx.store.delete(lock);
  }
}

/** Records Billink's order as an approved attempt: order book, `approved` event, no token holder. */
async function bindApproved(
  ctx: ProxyContext,
  attempt: Pick<
    OrderRecord,
    'orderRef' | 'orderId' | 'orderNumber' | 'amountCents' | 'currency' | 'workflowNumber'
  > & { invoiceNumber?: string },
): Promise<void> {
  const now = ctx.now();
  const record: OrderRecord = {
    ...attempt,
    // Nobody holds its status token: the shopper's new attempt is answered 409 approved instead.
    tokenHash: await sha256(randomToken()),
    mode: 'session',
    status: 'approved',
    expiresAt: now,
    createdAt: now,
    updatedAt: now,
  };
  await saveOrder(ctx, record);
  await ctx.store.set(attemptKeys.ref(attempt.orderRef), attempt.orderId, REVIEW_TTL_MS);
  await notifyFinal(ctx, record);
}

/**
 * Keeps the review and puts a `needs_review` event in the orderRef's book (delivered through the
 * outbox); once per Billink order number, so repeated attempts and polls tell the shop once.
 */
export async function openReview(ctx: ProxyContext, review: Review): Promise<void> {
  const told = reviewKeys.told(review.orderNumber);
  // Once per Billink order: a resolved review is not reopened by a late poll of the stale attempt.
  if (!(await ctx.store.claim(told, '1', REVIEW_TTL_MS))) return;
  try {
    await writeRecord(ctx.store, reviewKey(review.orderRef), review, REVIEW_TTL_MS);
    // An unexplained order keeps refusing new attempts under its number until the review closes.
    if (review.reason === 'unmatched_order') {
      await ctx.store.set(unmatchedKey(review.orderNumber), '1', REVIEW_TTL_MS);
    }
    await updateBook(ctx, review.orderRef, (entry) => {
      const now = ctx.now();
      const next: BookEntry = entry ?? {
        orderRef: review.orderRef,
        orderId: review.orderId,
        orderNumber: review.orderNumber,
        workflowNumber: review.workflowNumber,
        mode: 'session',
        status: 'pending',
        amountCents: review.shopAmountCents,
        currency: review.currency,
        paidCents: 0,
        creditedCents: 0,
        shipped: false,
        onHold: false,
        createdAt: now,
        updatedAt: now,
        events: [],
      };
      appendEvent(ctx, next, 'needs_review', {
        orderId: review.orderId,
        reason: review.reason,
        ...(review.billinkInvoiceNumber
          ? { billinkInvoiceNumber: review.billinkInvoiceNumber }
          : {}),
        ...(review.billinkAmountCents !== undefined
          ? { amountCents: review.billinkAmountCents }
          : {}),
        currentAmountCents: review.shopAmountCents,
        currency: review.currency,
      });
      return next;
    });
  } catch (error) {
    await ctx.store.delete(told); // the next attempt or poll tells the shop instead
    throw error;
  }
  ctx.kickOrderEvents();
}

async function closeReview(ctx: ProxyContext, orderRef: string, orderNumber: string) {
  await Promise.all([
    ctx.store.delete(reviewKey(orderRef)),
    ctx.store.delete(unmatchedKey(orderNumber)),
  ]);
}

/**
 * The merchant's decision on an open review. `credited`: Billink must report the order fully
 * credited (else 409 `order_not_credited`); its number is then spent and a new attempt pays under
 * the next. `accepted`: Billink's order becomes this order's approval, for Billink's amount.
 */
export async function resolveReview(
  ctx: ProxyContext,
  orderRef: string,
  resolution: ReviewResolution,
): Promise<BookEntry> {
  const review = await readRecord(ctx.store, reviewType, reviewKey(orderRef));
  if (!review) throw new ProxyError('no_review_open', 409);
  const billink = await askBillink(ctx, review.orderNumber, review.workflowNumber);
  if (resolution === 'credited') {
    const amount = billink.amountCents ?? review.billinkAmountCents;
    if (billink.exists && (amount === undefined || (billink.creditedCents ?? 0) < amount)) {
      throw new ProxyError('order_not_credited', 409);
    }
    await ctx.store.set(spentNumberKey(review.orderNumber), orderRef, REVIEW_TTL_MS);
  } else if (review.reason === 'unmatched_order') {
    if (!billink.exists || billink.amountCents === undefined) {
      throw new ProxyError('billink_amount_unknown', 409);
    }
    await bindApproved(ctx, {
      orderRef,
      orderId: review.orderId,
      orderNumber: review.orderNumber,
      amountCents: billink.amountCents,
      currency: review.currency,
      workflowNumber: review.workflowNumber,
      ...(billink.invoiceNumber ? { invoiceNumber: billink.invoiceNumber } : {}),
    });
  }
  await closeReview(ctx, orderRef, review.orderNumber);
  ctx.logger.info?.('review resolved', { orderRef, resolution });
  const entry = await loadBook(ctx, orderRef);
  if (!entry) throw new ProxyError('order_not_found', 404);
  return entry;
}
