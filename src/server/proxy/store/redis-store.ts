import { Redis } from 'ioredis';
import type { ProxyLogger } from '../context.js';
import { StoreUnavailableError, type ProxyStore } from './store.js';

export interface RedisStoreOptions {
  prefix?: string;
  connectTimeoutMs?: number;
  /** Outages and recoveries are logged here, one line each (not ioredis stack traces). */
  logger?: ProxyLogger;
}

/** What `check()` learnt about the server at start. */
export interface RedisHealth {
  /** `CONFIG GET appendonly`; undefined when CONFIG is not allowed (managed Redis). */
  appendonly: string | undefined;
  /** `CONFIG GET maxmemory-policy`; undefined when CONFIG is not allowed. */
  maxmemoryPolicy: string | undefined;
  /** Operator-facing warnings: what could lose pending checkouts. */
  warnings: string[];
}

export interface RedisStore extends ProxyStore {
  /** Pings Redis (throws StoreUnavailableError when unreachable) and reads its durability settings. */
  check(): Promise<RedisHealth>;
}

/**
 * Redis store (ioredis) for several proxy instances: SET NX PX makes `claim` atomic across
 * instances, INCR + PEXPIRE NX starts a rate-limit window once. Keys are prefixed so the proxy can
 * share a Redis with the shop. A failing command becomes StoreUnavailableError (the proxy answers
 * 503); commands do not queue while Redis is down, so a shopper gets an answer, not a hang.
 */
export function createRedisStore(url: string, options: RedisStoreOptions = {}): RedisStore {
  const prefix = options.prefix ?? 'billink:';
  const logger = options.logger;
  const redis = new Redis(url, {
    lazyConnect: false,
    connectTimeout: options.connectTimeoutMs ?? 5_000,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: true,
    // Reconnect with a capped backoff; keep trying for as long as the proxy runs.
    retryStrategy: (times) => Math.min(times * 200, 5_000),
  });
  const k = (key: string) => prefix + key;

  // Without an 'error' listener ioredis prints a stack trace per reconnect attempt; log one JSON
  // line when Redis goes away and one when it is back.
  let down = false;
  redis.on('error', (error: NodeJS.ErrnoException) => {
    if (down) return;
    down = true;
    logger?.error?.('redis unavailable', { code: error.code ?? 'unknown', reason: error.message });
  });
  redis.on('ready', () => {
    if (!down) return;
    down = false;
    logger?.info?.('redis available again');
  });

  async function run<T>(command: () => Promise<T>): Promise<T> {
    if (down && redis.status !== 'ready') throw new StoreUnavailableError('redis is down');
    try {
      return await command();
    } catch (error) {
      throw new StoreUnavailableError((error as Error).message);
    }
  }

  async function configValue(name: string): Promise<string | undefined> {
    try {
      const reply = (await redis.config('GET', name)) as string[];
      return reply[1];
    } catch {
      return undefined; // CONFIG is often disabled on managed Redis: nothing to warn about
    }
  }

  return {
    get: (key) => run(() => redis.get(k(key))),
    set: (key, value, ttlMs) =>
      run(async () => {
        await redis.set(k(key), value, 'PX', Math.max(1, Math.ceil(ttlMs)));
      }),
    claim: (key, value, ttlMs) =>
      run(
        async () =>
          (await redis.set(k(key), value, 'PX', Math.max(1, Math.ceil(ttlMs)), 'NX')) === 'OK',
      ),
    delete: (key) =>
      run(async () => {
        await redis.del(k(key));
      }),
    increment: (key, ttlMs) =>
      run(async () => {
        const [[incrError, count] = [], [expireError] = []] =
          (await redis
            .multi()
            .incr(k(key))
            .pexpire(k(key), Math.max(1, Math.ceil(ttlMs)), 'NX')
            .exec()) ?? [];
        if (incrError) throw incrError;
        if (expireError) throw expireError;
        return Number(count);
      }),
    async check() {
      await run(() => redis.ping());
      const appendonly = await configValue('appendonly');
      const maxmemoryPolicy = await configValue('maxmemory-policy');
      const warnings: string[] = [];
      if (appendonly !== undefined && appendonly !== 'yes') {
        warnings.push(
          `Redis has appendonly=${appendonly}: a Redis restart loses pending checkouts; set appendonly yes`,
        );
      }
      if (maxmemoryPolicy !== undefined && maxmemoryPolicy !== 'noeviction') {
        warnings.push(
          `Redis has maxmemory-policy=${maxmemoryPolicy}: it may evict pending checkouts; set noeviction`,
        );
      }
      return { appendonly, maxmemoryPolicy, warnings };
    },
    async zadd(key, member, score) {
      await redis.zadd(k(key), score, member);
    },
    async zrangeByScore(key, maxScore, limit) {
      return redis.zrangebyscore(k(key), '-inf', maxScore, 'LIMIT', 0, limit);
    },
    async zrevrangeByScore(key, maxScore, limit) {
      const max = maxScore === Infinity ? '+inf' : maxScore;
      const flat = await redis.zrevrangebyscore(
        k(key),
        max,
        '-inf',
        'WITHSCORES',
        'LIMIT',
        0,
        limit,
      );
      const rows: Array<{ member: string; score: number }> = [];
      for (let i = 0; i + 1 < flat.length; i += 2) {
        rows.push({ member: flat[i]!, score: Number(flat[i + 1]) });
      }
      return rows;
    },
    async zrem(key, member) {
      await redis.zrem(k(key), member);
    },
    async close() {
      if (redis.status === 'ready') await redis.quit().catch(() => redis.disconnect());
      else redis.disconnect(); // quit would wait for a reconnect that may never come
    },
  };
}
