/**
 * Polls one order's status until it is final or expired, with backoff ({@link pollDelay}).
 *
 * - Hidden page: no polls; the poll is repeated at once when the page shows again.
 * - Several tabs on one order poll once: the tab holding the Web Lock `billink-poll:<orderId>` polls;
 *   the others wait for the lock and take over when it stops (a final status), closes or is hidden (a
 *   hidden tab gives the lock up). Taking over polls at once, so a waiting tab learns a final status
 *   one request after the polling tab did (the proxy answers that from its store, not Billink).
 *   Without Web Locks every tab polls on its own.
 * - Retryable errors back off and try again; any other error stops polling and is reported.
 */
import { pollDelay } from './backoff.js';
import type { FlowError, OrderStatus, OrderStatusResult } from './types.js';

export interface Scheduler {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(id: unknown): void;
  now(): number;
}

export interface PollerOptions {
  orderId: string;
  /** ISO 8601; polling stops there with `onExpired`. */
  expiresAt: string;
  /** One status request, e.g. `() => client.orderStatus(orderId, statusToken)`; rejects with a FlowError. */
  fetchStatus: () => Promise<OrderStatusResult>;
  /** Every status this tab polled, with the whole answer. Polling ends after a final one. */
  onStatus(status: OrderStatus, result: OrderStatusResult): void;
  /** A non-retryable failure; polling has stopped. */
  onError(error: FlowError): void;
  onExpired(): void;
  /** Wait before the first poll. */
  delayMs?: number;
  scheduler?: Scheduler;
  random?: () => number;
  /** Injectable for tests; default the globals, each optional (`locks: null`: poll without). */
  document?: Pick<Document, 'visibilityState' | 'addEventListener' | 'removeEventListener'>;
  locks?: LockManager | null;
}

const realScheduler: Scheduler = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (id) => clearTimeout(id as number),
  now: () => Date.now(),
};

/** Starts polling; returns `stop` (idempotent). */
export function startPoller(o: PollerOptions): () => void {
  const {
    scheduler: clock = realScheduler,
    document: doc = globalThis.document,
    locks = globalThis.navigator?.locks,
  } = o;
  const name = `billink-poll:${o.orderId}`;
  const expires = Date.parse(o.expiresAt);
  const abort = new AbortController();
  let stopped = false;
  let leading = !locks; // Without Web Locks every tab leads.
  let waiting = false; // Queued for the lock.
  let release: (() => void) | undefined;
  let timer: unknown;
  let attempt = 0;
  let first = o.delayMs ?? 0; // Later starts (a takeover, the page showing again) poll at once.
  const hidden = () => doc?.visibilityState === 'hidden';

  const stop = () => {
    if (stopped) return;
    stopped = true;
    clock.clearTimeout(timer);
    release?.();
    abort.abort();
    doc?.removeEventListener('visibilitychange', onVisibility);
  };

  const settle = (result: OrderStatusResult) => {
    if (result.status !== 'pending') stop();
    o.onStatus(result.status, result);
  };

  const schedule = (ms?: number) => {
    clock.clearTimeout(timer);
    if (stopped || !leading || hidden()) return;
    const left = expires - clock.now();
    const delay =
      ms === undefined
        ? pollDelay(attempt++, left, o.random)
        : left > 0
          ? Math.min(ms, left)
          : undefined;
    if (delay === undefined) {
      stop();
      o.onExpired();
    } else timer = clock.setTimeout(tick, delay);
  };

  async function tick() {
    try {
      const result = await o.fetchStatus();
      if (stopped) return;
      settle(result);
    } catch (e) {
      if (stopped) return;
      const error = e as FlowError;
      if (!error.retryable) {
        stop();
        return o.onError(error);
      }
    }
    schedule();
  }

  /** Queue for the lock; while held, this tab polls. */
  const lead = () => {
    if (!locks || waiting || leading || stopped || hidden()) return;
    waiting = true;
    locks
      .request(name, { signal: abort.signal }, () => {
        waiting = false;
        if (stopped || hidden()) return;
        leading = true;
        schedule(first);
        first = 0;
        return new Promise<void>((resolve) => {
          release = () => {
            leading = false;
            release = undefined;
            clock.clearTimeout(timer);
            resolve();
          };
        });
      })
      .catch(() => {
        waiting = false; // Aborted by stop().
      });
  };

  function onVisibility() {
    if (hidden()) {
      clock.clearTimeout(timer);
      release?.(); // Let a visible tab poll.
    } else if (locks) lead();
    else schedule(0);
  }

  doc?.addEventListener('visibilitychange', onVisibility);
  if (locks) lead();
  else schedule(first);
  return stop;
}
