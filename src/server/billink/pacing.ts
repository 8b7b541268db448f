/**
 * The client's own request pacing: Billink warns about "exceeding request limits (… action
 * frequency)" (code 111) but publishes no numbers, so every operation gets its own token bucket
 * (sessionStatus polling cannot starve a batch of startWorkflow calls, and vice versa), and a limit
 * answer that still gets through is retried after its wait, a bounded number of times.
 */
import type { EndpointName } from './endpoints.js';

export interface BucketSettings {
  /** Sustained calls per second. */
  ratePerSecond: number;
  /** Calls that may go at once after a quiet period. */
  burst: number;
}

export interface PacingOptions extends BucketSettings {
  /** Per-operation overrides of the default bucket and of `limitRetries`. */
  operations?: Partial<Record<EndpointName, Partial<BucketSettings & { limitRetries: number }>>>;
  /** Retries of a call Billink refused with its limit error (code 111, HTTP 429); 0 disables. */
  limitRetries: number;
  /** Wait before such a retry when Billink sends no Retry-After. */
  limitWaitMs: number;
  /** A Retry-After longer than this is not waited for: the error goes to the caller. */
  maxLimitWaitMs: number;
}

/**
 * The shopper's path: a bucket wide enough that checkout traffic never queues behind it, and no
 * waiting on a limit answer (a shopper does not wait seconds for a retry: the error goes to the
 * proxy, which shows its retry text or keeps the stored status).
 */
const SHOPPER_PATH = { ratePerSecond: 50, burst: 100, limitRetries: 0 };

/**
 * Inferred defaults (Billink documents no numbers): back-office operations (batch ship, credits,
 * Order Info, the invoice list, webhooks setup) 5 calls/s each with bursts of 10, a limit answer
 * retried twice after its wait; the checkout's own calls (check, order, session create and status)
 * 50/s with bursts of 100 and no limit retries, so pacing protects Billink from batches, not from
 * shoppers.
 */
export const DEFAULT_PACING: PacingOptions = {
  ratePerSecond: 5,
  burst: 10,
  operations: {
    legacyCheck: SHOPPER_PATH,
    legacyOrder: SHOPPER_PATH,
    sessionCreate: SHOPPER_PATH,
    sessionStatus: SHOPPER_PATH,
  },
  limitRetries: 2,
  limitWaitMs: 2_000,
  maxLimitWaitMs: 30_000,
};

export interface PacingClock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const realClock: PacingClock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise((resolve) => {
      if (ms <= 0 || signal?.aborted) return resolve();
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal?.addEventListener('abort', done, { once: true });
    }),
};

export interface Pacer {
  /** Resolves when `operation` may send one call (FIFO per operation). */
  acquire(operation: EndpointName, signal?: AbortSignal): Promise<void>;
  /** How often a limit answer to `operation` is retried after its wait. */
  limitRetries(operation: EndpointName): number;
  readonly options: PacingOptions;
}

interface Bucket {
  settings: BucketSettings;
  tokens: number;
  at: number;
  /** The tail of this operation's queue: callers wait in line, not in a thundering herd. */
  queue: Promise<void>;
}

export function createPacer(
  options: Partial<PacingOptions> = {},
  clock: PacingClock = realClock,
): Pacer {
  const settings: PacingOptions = {
    ...DEFAULT_PACING,
    ...options,
    operations: { ...DEFAULT_PACING.operations, ...options.operations },
  };
  for (const value of [settings.ratePerSecond, settings.burst]) {
    if (!(value > 0)) throw new TypeError('pacing ratePerSecond and burst must be positive');
  }
  const buckets = new Map<EndpointName, Bucket>();
  const bucketFor = (operation: EndpointName): Bucket => {
    let bucket = buckets.get(operation);
    if (!bucket) {
      const own = { ...settings, ...settings.operations?.[operation] };
      const s = { ratePerSecond: own.ratePerSecond, burst: own.burst };
      bucket = { settings: s, tokens: s.burst, at: clock.now(), queue: Promise.resolve() };
      buckets.set(operation, bucket);
    }
    return bucket;
  };
  const take = async (bucket: Bucket, signal?: AbortSignal) => {
    for (;;) {
      const now = clock.now();
      const { ratePerSecond, burst } = bucket.settings;
      bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) * ratePerSecond) / 1000);
      bucket.at = now;
      if (bucket.tokens >= 1 || signal?.aborted) {
        bucket.tokens = Math.max(0, bucket.tokens - 1);
        return;
      }
      await clock.sleep(Math.ceil(((1 - bucket.tokens) * 1000) / ratePerSecond), signal);
    }
  };
  return {
    options: settings,
    limitRetries: (operation) =>
      settings.operations?.[operation]?.limitRetries ?? settings.limitRetries,
    acquire(operation, signal) {
      const bucket = bucketFor(operation);
      const turn = bucket.queue.then(() => take(bucket, signal));
      bucket.queue = turn.catch(() => {});
      return turn;
    },
  };
}

/** Billink's wait from a Retry-After header (seconds or an HTTP date), if it sent one. */
export function retryAfterMs(header: string | null, now: number): number | undefined {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}
