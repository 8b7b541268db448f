/** Public API of the merchant proxy. */
export { createBillinkProxy, createBillinkProxyApp } from './proxy.js';
export type { BillinkProxyOptions, FetchHandler, ProxyMaintenance } from './proxy.js';
export type { ReconcileOptions, ReconcileResult } from './reconciler.js';
export type { OrderStatusUpdate, ProxyLogger, ResolveOrder, UnmatchedOrder } from './context.js';
export { toExpressMiddleware, toNodeListener } from './adapters.js';
export { createMemoryStore } from './store/memory-store.js';
export { createRedisStore } from './store/redis-store.js';
export type { ProxyStore } from './store/store.js';
export { DEFAULT_RATE_LIMITS } from './rate-limit.js';
export type { RateLimit, RateLimits } from './rate-limit.js';
export { createOrderSource, createOrderStatusCallback } from './order-source.js';
export * from './schemas.js';
