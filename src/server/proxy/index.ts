/** Public API of the merchant proxy. */
export { createBillinkProxy, createBillinkProxyApp } from './proxy.js';
export type { BillinkProxyOptions, FetchHandler, ProxyMaintenance } from './proxy.js';
export type { ReconcileOptions, ReconcileResult } from './attempts/reconciler.js';
export { lastInvoiceSync } from './attempts/invoice-sync.js';
export type { InvoiceSyncStatus } from './attempts/invoice-sync.js';
export type { ProxyLogger, ResolveOrder, UnmatchedOrder } from './context.js';
export { toExpressMiddleware, toNodeListener } from './http/adapters.js';
export { createMemoryStore } from './store/memory-store.js';
export { createRedisStore } from './store/redis-store.js';
export type { ProxyStore } from './store/store.js';
export { DEFAULT_RATE_LIMITS } from './http/rate-limit.js';
export type { RateLimit, RateLimits } from './http/rate-limit.js';
export { signOrderRef, verifyOrderToken } from './checkout/order-token.js';
export type { OrderTokenProblem, SignOrderRefOptions } from './checkout/order-token.js';
export type { TrustProxy } from './http/trust-proxy.js';
export type { RedisHealth, RedisStore, RedisStoreOptions } from './store/redis-store.js';
export { StoreUnavailableError } from './store/store.js';
export { StoreRecordCorruptError } from './store/records.js';
export { createOrderSource } from './standalone/order-source.js';
export {
  ORDER_EVENT_HEADERS,
  ORDER_EVENT_TYPES,
  OrderEventVerificationError,
  createOrderEventSender,
  orderEventSchema,
  signOrderEvent,
  verifyOrderEvent,
} from './orders/events.js';
export type { OrderEvent, OrderEventType } from './orders/events.js';
export { createOrderEventWorker, DEFAULT_EVENT_RETRY } from './orders/outbox.js';
export type {
  EventRetryPolicy,
  OrderEventWorker,
  OrderEventWorkerOptions,
} from './orders/outbox.js';
// The merchant API contract (zod): what /billink/merchant/* accepts and answers.
export {
  shipRequestSchema,
  shipManyRequestSchema,
  creditRequestSchema,
  paymentRequestSchema,
  holdRequestSchema,
  messageRequestSchema,
  reviewRequestSchema,
  simulatePaymentRequestSchema,
  webhookSetupRequestSchema,
  webhookSetupResponseSchema,
  eventDeliverySchema,
  merchantOrderSchema,
  orderListQuerySchema,
  orderSummarySchema,
  orderListSchema,
  shipManyResponseSchema,
  doctorReportSchema,
} from './contract/merchant.js';
export type { OrderSummary, MerchantOrder, DoctorReport } from './contract/merchant.js';
export { invoiceItemSchema, invoicePageSchema } from './orders/invoices.js';
export type { InvoiceItem, InvoicePage } from './orders/invoices.js';
// The checkout contract (zod): what the element sends to the proxy and gets back.
export {
  orderRefSchema,
  currencySchema,
  customerSchema,
  addressSchema,
  orderLineSchema,
  orderSchema,
  orderTokenSchema,
  checkRequestSchema,
  availabilityRequestSchema,
  availabilityResponseSchema,
  checkResponseSchema,
  orderModeSchema,
  createOrderRequestSchema,
  orderStatusSchema,
  createOrderResponseSchema,
  orderStatusResponseSchema,
  errorResponseSchema,
} from './contract/checkout.js';
export type {
  Customer,
  Address,
  OrderLine,
  Order,
  CheckRequest,
  CheckResponse,
  AvailabilityRequest,
  AvailabilityResponse,
  CreateOrderRequest,
  CreateOrderResponse,
  OrderStatus,
  OrderStatusResponse,
  ErrorResponse,
} from './contract/checkout.js';
