/** Public API of the merchant proxy. */
export { createBillinkProxy, createBillinkProxyApp } from './proxy.js';
export type { BillinkProxyOptions, FetchHandler, ProxyMaintenance } from './proxy.js';
export type { ReconcileOptions, ReconcileResult } from './reconciler.js';
export type { ProxyLogger, ResolveOrder, UnmatchedOrder } from './context.js';
export { toExpressMiddleware, toNodeListener } from './adapters.js';
export { createMemoryStore } from './store/memory-store.js';
export { createRedisStore } from './store/redis-store.js';
export type { ProxyStore } from './store/store.js';
export { DEFAULT_RATE_LIMITS } from './rate-limit.js';
export type { RateLimit, RateLimits } from './rate-limit.js';
export { signOrderRef, verifyOrderToken } from './order-token.js';
export type { OrderTokenProblem, SignOrderRefOptions } from './order-token.js';
export type { TrustProxy } from './trust-proxy.js';
export type { RedisHealth, RedisStore, RedisStoreOptions } from './store/redis-store.js';
export { StoreUnavailableError } from './store/store.js';
export { StoreRecordCorruptError } from './store/records.js';
export { createOrderSource } from './order-source.js';
export {
  ORDER_EVENT_HEADERS,
  ORDER_EVENT_TYPES,
  OrderEventVerificationError,
  createOrderEventSender,
  orderEventSchema,
  signOrderEvent,
  verifyOrderEvent,
} from './lifecycle/events.js';
export type { OrderEvent, OrderEventType } from './lifecycle/events.js';
export { createOrderEventWorker, DEFAULT_EVENT_RETRY } from './lifecycle/outbox.js';
export type {
  EventRetryPolicy,
  OrderEventWorker,
  OrderEventWorkerOptions,
} from './lifecycle/outbox.js';
export * from './merchant/schemas.js';
export { invoiceItemSchema, invoicePageSchema } from './lifecycle/invoices.js';
export type { InvoiceItem, InvoicePage } from './lifecycle/invoices.js';
export * from './schemas.js';
