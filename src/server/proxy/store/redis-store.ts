import { Redis } from 'ioredis';
import type { ProxyStore } from './store.js';

/**
 * Redis store (ioredis) for several proxy instances: SET NX PX makes `claim` atomic across
 * instances, INCR + PEXPIRE NX starts a rate-limit window once. Keys are prefixed so the proxy can
 * share a Redis with the shop.
 */
export function createRedisStore(
  url: string,
  options: { prefix?: string; connectTimeoutMs?: number } = {},
): ProxyStore {
  const prefix = options.prefix ?? 'billink:';
  const redis = new Redis(url, {
    lazyConnect: false,
    connectTimeout: options.connectTimeoutMs ?? 5_000,
    maxRetriesPerRequest: 2,
    enableOfflineQueue: true,
  });
  const k = (key: string) => prefix + key;

  return {
    get: (key) => redis.get(k(key)),
    async set(key, value, ttlMs) {
      await redis.set(k(key), value, 'PX', Math.max(1, Math.ceil(ttlMs)));
    },
    async claim(key, value, ttlMs) {
      return (await redis.set(k(key), value, 'PX', Math.max(1, Math.ceil(ttlMs)), 'NX')) === 'OK';
    },
    async delete(key) {
      await redis.del(k(key));
    },
    async increment(key, ttlMs) {
      const [[incrError, count] = [], [expireError] = []] =
        (await redis
          .multi()
          .incr(k(key))
          .pexpire(k(key), Math.max(1, Math.ceil(ttlMs)), 'NX')
          .exec()) ?? [];
      if (incrError) throw incrError;
      if (expireError) throw expireError;
      return Number(count);
    },
    async zadd(key, member, score) {
      await redis.zadd(k(key), score, member);
    },
    async zrangeByScore(key, maxScore, limit) {
      return redis.zrangebyscore(k(key), '-inf', maxScore, 'LIMIT', 0, limit);
    },
    async zrem(key, member) {
      await redis.zrem(k(key), member);
    },
    async close() {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
