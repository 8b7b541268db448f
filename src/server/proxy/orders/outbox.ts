/**
 * Delivers order events from the outbox in the shared store: due members are leased (so two
 * instances never send the same event at once), sent, and marked delivered in the order book; a
 * failure is rescheduled with exponential backoff. Nothing lives only in memory, so a restart of
 * the proxy or an outage of the shop loses nothing; what gave up stays visible on the order.
 */
import type { ProxyStore } from '../store/store.js';
import { StoreRecordCorruptError } from '../store/records.js';
import { bookKeys } from '../store/keys.js';
import type { OrderEvent } from './events.js';
import { loadBook, OUTBOX_KEY, toOrderEvent, updateBook, type BookDeps } from './order-book.js';

export interface EventRetryPolicy {
  /** First retry after this, doubling each time, default 2 s. */
  baseDelayMs: number;
  /** Longest wait between two attempts, default 1 h. */
  maxDelayMs: number;
  /** Stop trying this long after the event was recorded, default 7 days. */
  giveUpAfterMs: number;
}

export const DEFAULT_EVENT_RETRY: EventRetryPolicy = {
  baseDelayMs: 2_000,
  maxDelayMs: 60 * 60 * 1000,
  giveUpAfterMs: 7 * 24 * 60 * 60 * 1000,
};

export interface OrderEventWorkerOptions {
  store: ProxyStore;
  /** Receives each event; throw (or reject) to have it retried later. */
  onOrderEvent: (event: OrderEvent) => void | Promise<void>;
  now?: () => number;
  retry?: Partial<EventRetryPolicy>;
  logger?: { error?(message: string, data?: Record<string, unknown>): void };
}

export interface OrderEventWorker {
  /** Sends every event that is due now; resolves with how many were delivered and failed. */
  deliverDue(): Promise<{ delivered: number; failed: number }>;
  /** Calls deliverDue every `intervalMs` (unref'd timer) until stop(). */
  start(intervalMs?: number): void;
  stop(): void;
}

const BATCH = 50;
const LEASE_MS = 60_000;

/**
 * The delivery loop. The standalone proxy runs one; a mounted shop can create its own with the
 * proxy's store and its onOrderEvent, and schedule `deliverDue` (cron, queue job, setInterval).
 */
export function createOrderEventWorker(options: OrderEventWorkerOptions): OrderEventWorker {
  const now = options.now ?? Date.now;
  const retry = { ...DEFAULT_EVENT_RETRY, ...options.retry };
  const deps: BookDeps = { store: options.store, now, deliversEvents: true };
  let running: Promise<{ delivered: number; failed: number }> | undefined;
  let timer: ReturnType<typeof setInterval> | undefined;

  async function deliverOne(member: string): Promise<'delivered' | 'failed' | 'skipped'> {
    const [orderRef = '', eventId = ''] = member.split('|');
    if (!(await options.store.claim(bookKeys.outboxLease(member), '1', LEASE_MS))) return 'skipped';
    try {
      let entry = await loadBook(deps, orderRef);
      let event = entry?.events.find((e) => e.id === eventId);
      if (!event) {
        // The member is queued before its book is saved: once the writer's lock is free, an event
        // still missing belongs to a save that failed.
        entry = await updateBook(deps, orderRef, () => undefined);
        event = entry?.events.find((e) => e.id === eventId);
      }
      if (!entry || !event || event.delivery.state !== 'pending') {
        await options.store.zrem(OUTBOX_KEY, member);
        return 'skipped';
      }
      // In order per order: an earlier event still waiting goes first, this one after it.
      const earlier = entry.events.find(
        (e) => e.sequence < event.sequence && e.delivery.state === 'pending',
      );
      if (earlier) {
        const at = Date.parse(earlier.delivery.nextAttemptAt ?? '') || now();
        await options.store.zadd(OUTBOX_KEY, member, Math.max(at, now()) + 1);
        return 'skipped';
      }
      let error: string | undefined;
      try {
        await options.onOrderEvent(toOrderEvent(entry, event));
      } catch (e) {
        error = e instanceof Error ? e.message : String(e);
      }
      const t = now();
      let nextAt: number | undefined;
      await updateBook(deps, orderRef, (current) => {
        const target = current?.events.find((e) => e.id === eventId);
        if (!current || !target) return undefined;
        const attempts = target.delivery.attempts + 1;
        if (error === undefined) {
          target.delivery = {
            state: 'delivered',
            attempts,
            deliveredAt: new Date(t).toISOString(),
          };
        } else if (t - Date.parse(target.at) >= retry.giveUpAfterMs) {
          target.delivery = { state: 'failed', attempts, lastError: error };
        } else {
          nextAt = t + Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (attempts - 1));
          target.delivery = {
            state: 'pending',
            attempts,
            lastError: error,
            nextAttemptAt: new Date(nextAt).toISOString(),
          };
        }
        return current;
      });
      if (nextAt === undefined) {
        await options.store.zrem(OUTBOX_KEY, member);
        // The order's next waiting event is due at once.
        const following = entry.events.find(
          (e) => e.sequence > event.sequence && e.delivery.state === 'pending',
        );
        if (following) await options.store.zadd(OUTBOX_KEY, `${orderRef}|${following.id}`, now());
      } else await options.store.zadd(OUTBOX_KEY, member, nextAt);
      if (error !== undefined) {
        options.logger?.error?.('order event not delivered', { orderRef, eventId, error });
      }
      return error === undefined ? 'delivered' : 'failed';
    } finally {
      await options.store.delete(bookKeys.outboxLease(member));
    }
  }

  /** A book the store cannot read holds back its own order's events only, not everyone's. */
  async function deliverOneOrSkip(member: string): ReturnType<typeof deliverOne> {
    try {
      return await deliverOne(member);
    } catch (error) {
      if (!(error instanceof StoreRecordCorruptError)) throw error;
      options.logger?.error?.('store record corrupt', { kind: error.kind, reason: error.reason });
      await options.store.zadd(OUTBOX_KEY, member, now() + LEASE_MS); // asked again, not spun on
      return 'failed';
    }
  }

  async function run(): Promise<{ delivered: number; failed: number }> {
    const result = { delivered: 0, failed: 0 };
    const failedOrders = new Set<string>();
    for (;;) {
      const due = await options.store.zrangeByScore(OUTBOX_KEY, now(), BATCH);
      // Events of one order go in their order: after a failure the rest of that order waits.
      const todo = due.filter((m) => !failedOrders.has(m.split('|')[0] ?? ''));
      if (todo.length === 0) return result;
      let progressed = false;
      for (const member of todo) {
        if (failedOrders.has(member.split('|')[0] ?? '')) continue;
        const outcome = await deliverOneOrSkip(member);
        if (outcome === 'delivered') result.delivered++;
        if (outcome === 'failed') {
          result.failed++;
          failedOrders.add(member.split('|')[0] ?? '');
        }
        if (outcome !== 'skipped') progressed = true;
      }
      if (!progressed) return result;
    }
  }

  return {
    deliverDue() {
      // One loop at a time per worker; a second caller shares the running one.
      running ??= run().finally(() => (running = undefined));
      return running;
    },
    start(intervalMs = 1_000) {
      if (timer) return;
      timer = setInterval(() => {
        void this.deliverDue().catch((error: unknown) =>
          options.logger?.error?.('order event delivery failed', { error: String(error) }),
        );
      }, intervalMs);
      timer.unref?.();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
    },
  };
}
