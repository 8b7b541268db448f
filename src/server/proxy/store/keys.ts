/**
 * Every key the proxy writes to its store, in one place, so two modules can never disagree on a
 * spelling or collide on a prefix. Each group names the one module that writes those keys; other
 * modules read them only through that module's functions. (Redis adds its own prefix, `billink:`.)
 */

/** Checkout attempts — context.ts (the attempt repository). */
export const attemptKeys = {
  /** One attempt's record (order-records.ts `OrderRecord`). */
  order: (orderId: string) => `order:${orderId}`,
  /** The attempts under one Billink order number, oldest first. */
  attempts: (orderNumber: string) => `attempts:${orderNumber}`,
  /** Set while a final attempt's outcome is not yet in the order book. */
  unrecorded: (orderId: string) => `unrecorded:${orderId}`,
  /** The orderRef a Billink order number belongs to (first come, first bound). */
  number: (orderNumber: string) => `number:${orderNumber}`,
  /** The attempt currently running for an orderRef (a lease while it is created). */
  ref: (orderRef: string) => `ref:${orderRef}`,
  /** Once per Billink order no attempt explains (and per attempt for an amount mismatch). */
  unmatched: (type: string, orderNumber: string, orderId = '') =>
    `unmatched:${type}:${orderNumber}:${orderId}`,
  /** The reconciler's work list: pending attempts scored by when to ask Billink next. */
  pendingIndex: 'pending-orders',
  /** Final attempts whose outcome is not yet in the order book, scored by when to retry. */
  unrecordedIndex: 'unrecorded-outcomes',
} as const;

/** The checkout routes — checkout/create-order.ts, check.ts, order-status.ts, return.ts. */
export const checkoutKeys = {
  /** POST /orders idempotency, under a hash of the shopper's key. */
  idempotency: (keyHash: string) => `idem:${keyHash}`,
  /** A positive legacy credit check (checkout/check.ts). */
  check: (checkId: string) => `check:${checkId}`,
  /** A Billink check UUID is spent once. */
  checkUsed: (checkUuid: string) => `check-used:${checkUuid}`,
  /** checkout/order-status.ts: the polls' safety net, one Billink ask per window across instances. */
  refresh: (orderId: string) => `refresh:${orderId}`,
  /** checkout/return.ts: one Billink ask per attempt per throttle window. */
  ask: (orderId: string) => `ask:${orderId}`,
  /** checkout/return.ts: an ask in flight (webhook and return share it). */
  asking: (orderId: string) => `asking:${orderId}`,
  /** checkout/return.ts: a return could not reach Billink; the next poll asks. */
  owed: (orderId: string) => `owed:${orderId}`,
} as const;

/** Reviews of Billink orders no attempt explains — attempts/adoption.ts. */
export const reviewKeys = {
  review: (orderRef: string) => `review:${orderRef}`,
  /** The shop was told about this Billink order (once). */
  told: (orderNumber: string) => `review-told:${orderNumber}`,
  /** Billink holds (credited) an order under this number: new attempts use the next one. */
  spentNumber: (orderNumber: string) => `number-spent:${orderNumber}`,
  /** One adoption of a Billink order at a time. */
  adoptLock: (orderNumber: string) => `adopt-lock:${orderNumber}`,
} as const;

/** The order book and its outbox — orders/order-book.ts and orders/outbox.ts. */
export const bookKeys = {
  book: (orderRef: string) => `book:${orderRef}`,
  /** The orderRef of a Billink order number (the join key of order webhooks). */
  number: (orderNumber: string) => `book-number:${orderNumber}`,
  lock: (orderRef: string) => `book-lock:${orderRef}`,
  /** Every entry by creation time, for listing newest first. */
  createdIndex: 'book-index:created',
  /** Every entry by last write, to prune the created index as entries expire. */
  updatedIndex: 'book-index:updated',
  /** Events waiting for delivery, members `{orderRef}|{eventId}`. */
  outbox: 'outbox:order-events',
  outboxLease: (member: string) => `outbox-lease:${member}`,
} as const;

/** The reconciler — attempts/reconciler.ts. */
export const reconcilerKeys = {
  lock: 'reconcile:lock',
  backoff: 'reconcile:backoff',
  failures: (orderId: string) => `reconcile-failures:${orderId}`,
} as const;

/** The reconciler's walk through Billink's invoice list — attempts/invoice-sync.ts. */
export const invoiceSyncKeys = {
  cursor: 'invoice-sync:cursor',
  last: 'invoice-sync:last',
} as const;

/** Billink's webhooks as received — webhooks/receive.ts. */
export const webhookKeys = {
  delivery: (id: string) => `webhook:${id}`,
  content: (digest: string) => `webhook-content:${digest}`,
} as const;

/** Small caches and limits — their own modules. */
export const miscKeys = {
  /** checkout/trust-score.ts: Billink's webshop settings (a cache of Billink's answer). */
  webshopSettings: 'webshop-settings',
  /** http/rate-limit.ts: one counter per limit, subject and window. */
  rateLimit: (name: string, subject: string, window: number) => `rl:${name}:${subject}:${window}`,
} as const;

/** The merchant API — merchant/idempotency.ts, merchant/webhook-setup.ts, merchant/doctor.ts. */
export const merchantKeys = {
  idempotency: (scope: string, keyHash: string) => `merchant-idem:${scope}:${keyHash}`,
  webhookSecret: 'webhook-secret:v3',
  webhookSetup: 'webhook-setup:v3',
  doctorProbe: (token: string) => `doctor:${token}`,
} as const;
