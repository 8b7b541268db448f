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
export { signOrderRef, verifyOrderToken } from './order-token.js';
export type { OrderTokenProblem, SignOrderRefOptions } from './order-token.js';
export type { TrustProxy } from './trust-proxy.js';
export type { RedisHealth, RedisStore, RedisStoreOptions } from './store/redis-store.js';
export { StoreUnavailableError } from './store/store.js';
export { createOrderSource, createOrderStatusCallback } from './order-source.js';
export * from './schemas.js';
