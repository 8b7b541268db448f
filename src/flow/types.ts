/**
 * The proxy contract as the browser sees it: what `<billink-checkout>` sends to `{proxy-url}/…`
 * and what it gets back. The proxy's tests import these too, so the two sides cannot drift.
 */

import type { Address, Customer } from '../shared/customer.js';
import type { CheckOutcome, OrderStatus } from '../shared/statuses.js';

export type { Address, Customer, CustomerData } from '../shared/customer.js';
export type CustomerType = Customer['type'];

/** The element's `customer` property: the customer plus its addresses. */
export interface CheckoutCustomer extends Customer {
  billingAddress?: Address;
  shippingAddress?: Address;
}

export type OrderMode = 'session' | 'direct';

export { ORDER_STATUSES, type OrderStatus } from '../shared/statuses.js';

/** `POST /check` */
export interface CheckRequest {
  orderRef: string;
  customer: Customer;
  billingAddress: Address;
  shippingAddress?: Address;
  /** The shop's signed order token (`order-token`), when the shop uses one. */
  orderToken?: string;
}

export interface CheckResult {
  outcome: CheckOutcome;
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
  orderToken?: string;
  /** The shopper's language, for Billink's hosted page. */
  locale?: 'nl' | 'en';
}

/** What the proxy says about an order besides its status (each optional: older proxies omit them). */
export interface OrderFacts {
  /** The shop's order number, as Billink knows the order. */
  orderNumber?: string;
  /** The amount Billink charges: the authoritative one. */
  amountCents?: number;
  currency?: string;
  /** Why an order ended, e.g. `amount_changed` (the shop's cart changed while Billink's page was open). */
  reason?: string;
}

export interface OrderCreated extends OrderFacts {
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
export interface OrderStatusResult extends OrderFacts {
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
  /** Seconds to wait before trying again (the proxy's `Retry-After`). */
  retryAfter?: number;
}

/** A problem shown on a form field: from src/shared/validation.ts, or the proxy's (any code). */
export interface FormIssue {
  /** The path in CustomerData (`billingAddress.postalCode`). */
  field: string;
  code: string;
}

/** An order waiting for its final status; kept in sessionStorage across reloads and redirects. */
export interface PendingOrder {
  orderRef: string;
  orderId: string;
  statusToken: string;
  expiresAt: string;
  mode: OrderMode;
  /** Billink's hosted page of this session, so "continue at Billink" works after a reload. */
  redirectUrl?: string;
  /** Billink approved it (the proxy said so): a reload asks the proxy again and shows the approval. */
  approved?: boolean;
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
  /** Back from Billink's page (or its popup closed) while the order is still open. */
  | 'incomplete'
  | 'approved'
  | 'cancelled'
  | 'failed'
  | 'expired'
  | 'error';

/** `detail` of each DOM event the element dispatches (for `HTMLElementEventMap`). */
export interface FlowEventDetails {
  'billink-state-change': { state: FlowState; previous: FlowState; busy: boolean };
  'billink-approved': { orderId: string };
  'billink-declined': { reason?: string };
  'billink-error': { code: string; message?: string; field?: string; retryable: boolean };
}
