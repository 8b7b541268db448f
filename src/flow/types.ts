/**
 * The proxy contract as the browser sees it: what `<billink-checkout>` sends to `{proxy-url}/…`
 * and what it gets back. The proxy's tests import these too, so the two sides cannot drift.
 */

import type { Address, Customer } from '../shared/customer.js';

export type { Address, Customer } from '../shared/customer.js';
export type CustomerType = Customer['type'];

/** The element's `customer` property: the customer plus its addresses. */
export interface CheckoutCustomer extends Customer {
  billingAddress?: Address;
  shippingAddress?: Address;
}

/** What a shop may prefill or a form may hold: any part of a {@link CheckoutCustomer}. */
export type CustomerData = Partial<Customer> & {
  billingAddress?: Partial<Address>;
  shippingAddress?: Partial<Address>;
};

export type OrderMode = 'session' | 'direct';

export const ORDER_STATUSES = [
  'pending',
  'approved',
  'declined',
  'cancelled',
  'failed',
  'expired',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** `POST /check` */
export interface CheckRequest {
  orderRef: string;
  customer: Customer;
  billingAddress: Address;
  shippingAddress?: Address;
}

export interface CheckResult {
  outcome: 'approved' | 'declined';
  checkId?: string;
  /** Why a check was declined (a Billink or proxy code), for copy and analytics. */
  reason?: string;
  /** The amount the proxy checked: the authoritative one. */
  amountCents: number;
  currency: string;
}

/** `POST /orders` (with an `Idempotency-Key` header). */
export interface CreateOrderRequest {
  orderRef: string;
  checkId?: string;
  /** What the shopper or the shop's prefill gave; the proxy fills gaps from the shop's order. */
  customer?: Partial<Customer>;
  billingAddress?: Partial<Address>;
  shippingAddress?: Partial<Address>;
  mode: OrderMode;
  returnUrl?: string;
}

export interface OrderCreated {
  orderId: string;
  /** Bearer token for `GET /orders/{orderId}`. */
  statusToken: string;
  status: OrderStatus;
  /** Session mode: Billink's hosted page. */
  redirectUrl?: string;
  /** ISO 8601. */
  expiresAt: string;
}

/** `GET /orders/{orderId}` */
export interface OrderStatusResult {
  orderId: string;
  status: OrderStatus;
  expiresAt: string;
  [extra: string]: unknown;
}

/**
 * Every failure the flow sees. `code` is stable: `network`, `timeout`, `proxy_error`,
 * `invalid_response`, or the proxy's own `error.code`. `message` is the proxy's (already localized).
 */
export interface FlowError {
  code: string;
  message?: string;
  field?: string;
  retryable: boolean;
}

/** An order waiting for its final status; kept in sessionStorage across reloads and redirects. */
export interface PendingOrder {
  orderRef: string;
  orderId: string;
  statusToken: string;
  expiresAt: string;
  mode: OrderMode;
}

export type FlowState =
  | 'idle'
  | 'collecting'
  | 'checking'
  | 'declined'
  | 'eligible'
  | 'creating-order'
  | 'awaiting-customer'
  | 'polling'
  | 'approved'
  | 'cancelled'
  | 'failed'
  | 'expired'
  | 'error';

/** `detail` of each DOM event the element dispatches (for `HTMLElementEventMap`). */
export interface FlowEventDetails {
  'billink-state-change': { state: FlowState; previous: FlowState };
  'billink-approved': { orderId: string };
  'billink-declined': { reason?: string };
  'billink-error': { code: string; message?: string; retryable: boolean };
}
