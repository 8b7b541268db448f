import { ProxyError } from '../errors.js';
import type { ProxyStore } from '../store/store.js';
import { miscKeys } from '../store/keys.js';

export interface RateLimit {
  /** Requests allowed per window. */
  limit: number;
  windowMs: number;
}

export interface RateLimits {
  /** Every route, per client IP: generous, stops floods. */
  requestsPerIp: RateLimit;
  /** Credit checks per client IP: checks are privacy-sensitive, a shop must not be a probing tool. */
  checksPerIp: RateLimit;
  /** Credit checks per order reference. */
  checksPerOrderRef: RateLimit;
}

export const DEFAULT_RATE_LIMITS: RateLimits = {
  requestsPerIp: { limit: 300, windowMs: 60_000 },
  checksPerIp: { limit: 10, windowMs: 15 * 60_000 },
  checksPerOrderRef: { limit: 5, windowMs: 60 * 60_000 },
};

/**
 * Simulator mode is for trying every outcome by hand: ten checks would lock the tester out for a
 * quarter of an hour. Higher, still bounded (the simulator is reachable by anyone who can reach it).
 */
export const SIMULATOR_RATE_LIMITS: RateLimits = {
  requestsPerIp: { limit: 600, windowMs: 60_000 },
  checksPerIp: { limit: 60, windowMs: 15 * 60_000 },
  checksPerOrderRef: { limit: 30, windowMs: 60 * 60_000 },
};

/** Fixed-window counter in the shared store, so all proxy instances count together. */
export async function enforce(
  store: ProxyStore,
  name: string,
  subject: string,
  { limit, windowMs }: RateLimit,
  now: number,
): Promise<void> {
  const window = Math.floor(now / windowMs);
  const count = await store.increment(miscKeys.rateLimit(name, subject, window), windowMs);
  if (count > limit) {
    const retryAfter = Math.max(1, Math.ceil(((window + 1) * windowMs - now) / 1000));
    // Not retryable: an immediate retry cannot work. Retry-After says when one can.
    throw new ProxyError('rate_limited', 429, {
      retryable: false,
      headers: { 'retry-after': String(retryAfter) },
    });
  }
}
