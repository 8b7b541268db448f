import type { SessionStatus } from '../billink/index.js';
import type { OrderStatus } from './schemas.js';

/** What the proxy keeps per order. Holds no customer data: only what status and webhooks need. */
export interface OrderRecord {
  orderId: string;
  /** SHA-256 of the status token; the token itself is only ever in the creator's hands. */
  tokenHash: string;
  orderRef: string;
  /** The merchant order number sent to Billink: the join key of webhooks. */
  orderNumber: string;
  mode: 'session' | 'direct';
  status: OrderStatus;
  amountCents: number;
  currency: string;
  /** Epoch ms. */
  expiresAt: number;
  createdAt: number;
  updatedAt: number;
  sessionId?: string;
  invoiceNumber?: string;
  workflowNumber: string;
}

const FINAL: ReadonlySet<OrderStatus> = new Set([
  'approved',
  'declined',
  'cancelled',
  'failed',
  'expired',
]);

export const isFinal = (status: OrderStatus): boolean => FINAL.has(status);

/**
 * The one rule for status changes: only a pending order moves, so duplicate, late or out-of-order
 * webhooks and polls can never turn an approved order back (or a cancelled one into approved).
 */
export function advance(record: OrderRecord, next: OrderStatus, now: number): OrderRecord {
  if (isFinal(record.status) || next === record.status) return record;
  return { ...record, status: next, updatedAt: now };
}

/** Billink's session status in the proxy's words. */
export function fromSessionStatus(status: SessionStatus): OrderStatus {
  switch (status) {
    case 'session_active':
      return 'pending';
    case 'order_created':
      return 'approved';
    case 'cancelled':
      return 'cancelled';
    case 'failed':
      return 'failed';
    case 'session_expired':
      return 'expired';
  }
}

/** A pending order past its expiry is expired, whatever anyone reported. */
export function withExpiry(record: OrderRecord, now: number): OrderRecord {
  return record.status === 'pending' && now >= record.expiresAt
    ? advance(record, 'expired', now)
    : record;
}
