import { z } from 'zod';
import { ProxyError } from '../errors.js';
import { FINAL_ORDER_STATUSES } from '../../../shared/statuses.js';
import type { SessionStatus } from '../../billink/index.js';
import { orderModeSchema, orderStatusSchema, type OrderStatus } from '../contract/checkout.js';
import { versioned, type RecordType } from '../store/records.js';

/**
 * What the proxy keeps per attempt (one Billink session or legacy order). Holds no customer data:
 * only what status, webhooks and the reconciler need. An attempt is bound to Billink's session id
 * (or legacy invoice) and its amount: only what Billink says about *that* session moves it.
 */
export interface OrderRecord {
  orderId: string;
  /** SHA-256 of the status token; the token itself is only ever in the creator's hands. */
  tokenHash: string;
  orderRef: string;
  /** The merchant order number sent to Billink (shared by all attempts of one orderRef). */
  orderNumber: string;
  mode: 'session' | 'direct';
  status: OrderStatus;
  /** What Billink was asked to charge for this attempt; an approval is for this amount only. */
  amountCents: number;
  currency: string;
  /** Epoch ms. When Billink's session should end; never by itself a reason to say `expired`. */
  expiresAt: number;
  createdAt: number;
  updatedAt: number;
  sessionId?: string;
  invoiceNumber?: string;
  workflowNumber: string;
  /** The order's Billink fee (line `billink_fee`): refunded with a full credit (returnCosts). */
  feeCents?: number;
  /** A newer attempt replaced this (abandoned) one; its own later events still bind to it. */
  supersededBy?: string;
}

/** How an attempt is read back from the store (`order:{orderId}`). */
export const orderRecordType: RecordType<OrderRecord> = {
  kind: 'order',
  schema: versioned({
    orderId: z.string(),
    tokenHash: z.string(),
    orderRef: z.string(),
    orderNumber: z.string(),
    mode: orderModeSchema,
    status: orderStatusSchema,
    amountCents: z.number().int(),
    currency: z.string(),
    expiresAt: z.number(),
    createdAt: z.number(),
    updatedAt: z.number(),
    sessionId: z.string().optional(),
    invoiceNumber: z.string().optional(),
    workflowNumber: z.string(),
    feeCents: z.number().int().optional(),
    supersededBy: z.string().optional(),
  }),
};

/** The attempts under one order number, oldest first (`attempts:{orderNumber}`). */
export const attemptIdsType: RecordType<{ ids: string[] }> = {
  kind: 'attempts',
  // Written as a bare array before records had versions.
  schema: z.preprocess(
    (raw) => (Array.isArray(raw) ? { ids: raw } : raw),
    versioned({ ids: z.array(z.string()) }),
  ),
};

const FINAL: ReadonlySet<OrderStatus> = new Set(FINAL_ORDER_STATUSES);

export const isFinal = (status: OrderStatus): boolean => FINAL.has(status);

/**
 * The one rule for status changes: only a pending order moves, so duplicate, late or out-of-order
 * reports can never turn an approved order back (or a cancelled one into approved).
 */
export function advance(record: OrderRecord, next: OrderStatus, now: number): OrderRecord {
  if (isFinal(record.status) || next === record.status) return record;
  return { ...record, status: next, updatedAt: now };
}

/**
 * Billink's session status in the proxy's words. `failed` becomes `declined` (inferred): Billink's
 * hosted page runs its own credit check and ends a refused shopper's session as `failed` (the
 * simulator does the same); a technical failure before the page (bad data, Billink down) is a
 * create-session error instead, so a session the shopper saw and that then failed is a decline.
 */
export function fromSessionStatus(status: SessionStatus): OrderStatus {
  switch (status) {
    case 'session_active':
      return 'pending';
    case 'order_created':
      return 'approved';
    case 'cancelled':
      return 'cancelled';
    case 'failed':
      return 'declined';
    case 'session_expired':
      return 'expired';
  }
}

/** An amount in a currency: an attempt's, or the shop's order's (`shopAmount`). */
export interface Amount {
  amountCents: number;
  currency: string;
}

/** The shop's order as an Amount. */
export const shopAmount = (order: { totalCents: number; currency: string }): Amount => ({
  amountCents: order.totalCents,
  currency: order.currency,
});

/**
 * The one approval decision: the shopper has paid for `amount` when Billink approved an attempt
 * for exactly that amount and currency. An approval for another amount is stale: never "approved"
 * for what the shopper is buying now, and never silently left invoiced (checkout/stale-approval.ts).
 */
export const paidFor = (record: OrderRecord, amount: Amount): boolean =>
  record.status === 'approved' &&
  record.amountCents === amount.amountCents &&
  record.currency === amount.currency;

export const staleApproval = (record: OrderRecord, amount: Amount): boolean =>
  record.status === 'approved' && !paidFor(record, amount);

/** Refuses a new order (409 `order_already_approved`) when one of these attempts paid `amount`. */
export function refuseIfPaid(attempts: readonly OrderRecord[], amount: Amount): void {
  if (attempts.some((a) => paidFor(a, amount))) throw new ProxyError('order_already_approved', 409);
}
