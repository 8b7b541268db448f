/**
 * The proxy's shared state behind one small interface, so one instance (memory) and many instances
 * (Redis) behave the same. Values are JSON text; every key expires. The two atomic operations are
 * what makes the proxy safe across instances: `claim` (set if absent) for idempotency keys, order
 * locks and the status-refresh throttle, and `increment` for rate-limit windows.
 */
export interface ProxyStore {
  get(key: string): Promise<string | null>;
  /** Sets `value` with a time to live. */
  set(key: string, value: string, ttlMs: number): Promise<void>;
  /** Sets `value` only if `key` is absent. Returns true when this caller won the key. */
  claim(key: string, value: string, ttlMs: number): Promise<boolean>;
  delete(key: string): Promise<void>;
  /** Adds one to a counter that starts when first incremented and expires `ttlMs` later. */
  increment(key: string, ttlMs: number): Promise<number>;
  /**
   * A sorted index (Redis ZSET semantics) for queues and work lists: adds `member` or moves it to
   * `score` (usually an epoch-ms due time). Indexes do not expire; their owners remove members.
   */
  zadd(key: string, member: string, score: number): Promise<void>;
  /** Members whose score is at most `maxScore`, lowest score first, at most `limit` of them. */
  zrangeByScore(key: string, maxScore: number, limit: number): Promise<string[]>;
  /**
   * Members whose score is at most `maxScore`, highest score first (ties: member descending, as
   * Redis' ZREVRANGEBYSCORE), with their scores: newest-first listings page from a cursor with it.
   */
  zrevrangeByScore(
    key: string,
    maxScore: number,
    limit: number,
  ): Promise<Array<{ member: string; score: number }>>;
  zrem(key: string, member: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * The shared store cannot be reached (Redis down): the proxy answers 503 `store_unavailable`
 * (retryable) instead of guessing, because without its state it cannot keep its promises.
 */
export class StoreUnavailableError extends Error {
  readonly code = 'store_unavailable';
  constructor(readonly reason: string) {
    super(`store unavailable: ${reason}`);
    this.name = 'StoreUnavailableError';
  }
}
