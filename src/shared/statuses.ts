/**
 * The order statuses and check outcomes of the checkout contract, written once: the proxy's schemas
 * and OpenAPI document, the element's proxy client and its flow machine all read them from here.
 */

/** Every status the proxy reports for an order (`POST /orders`, `GET /orders/{orderId}`). */
export const ORDER_STATUSES = [
  'pending',
  'approved',
  'declined',
  'cancelled',
  'failed',
  'expired',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** The statuses that never change again (everything but `pending`). */
export const FINAL_ORDER_STATUSES = [
  'approved',
  'declined',
  'cancelled',
  'failed',
  'expired',
] as const satisfies readonly OrderStatus[];
export type FinalOrderStatus = (typeof FINAL_ORDER_STATUSES)[number];

export const isOrderStatus = (value: unknown): value is OrderStatus =>
  ORDER_STATUSES.includes(value as OrderStatus);

export const isFinalOrderStatus = (status: OrderStatus): status is FinalOrderStatus =>
  status !== 'pending';

/** `POST /check`: Billink's answer to the credit check. */
export const CHECK_OUTCOMES = ['approved', 'declined'] as const;
export type CheckOutcome = (typeof CHECK_OUTCOMES)[number];

/** Why an order ended, besides its status (`reason` in the status answer). */
export const ORDER_REASONS = ['amount_changed'] as const;
export type OrderReason = (typeof ORDER_REASONS)[number];
