import { isBillinkError } from '../../billink/index.js';
import { billinkCode } from '../billink-failure.js';
import {
  confirmWithBillink,
  loadOrder,
  PENDING_INDEX,
  recordOutcome,
  UNRECORDED_INDEX,
  trimIndex,
  type ProxyContext,
} from '../context.js';
import { z } from 'zod';
import { syncInvoicePage, type InvoiceSyncStatus } from './invoice-sync.js';
import { StoreUnavailableError } from '../store/store.js';
import { reconcilerKeys } from '../store/keys.js';
import {
  readRecord,
  StoreRecordCorruptError,
  versioned,
  writeRecord,
  type RecordType,
} from '../store/records.js';
import { randomId } from '../tokens.js';
import type { OrderRecord } from './order-records.js';

/**
 * The background confirmation of pending checkouts (Billink's own Magento module runs the same job
 * every 15 minutes): a session the shopper approved and then left is approved without a webhook,
 * and nothing becomes `expired` until Billink says its session expired. One run at a time across
 * all instances (a lock in the store); when Billink is down, runs back off exponentially.
 */
export interface ReconcileResult {
  /** Why nothing ran: another instance holds the lock, or Billink failed recently. */
  skipped?: 'locked' | 'backoff';
  /** Pending attempts asked about. */
  checked: number;
  /** Of those, how many Billink moved to a final state. */
  changed: number;
  /** Final outcomes an earlier report could not put in the order book, recorded now. */
  recorded?: number;
  /** Billink could not be reached; the rest wait for the next run after the backoff. */
  billinkUnavailable?: boolean;
  /** The run's page of Billink's invoice list (approved orders kept in sync). */
  invoices?: InvoiceSyncStatus;
}

export interface ReconcileOptions {
  /** When a still-pending attempt is asked about again. Default 5 minutes. */
  intervalMs?: number;
  /** At most this many attempts per run. Default 100. */
  batchSize?: number;
  /**
   * Also read one page of Billink's invoice list per run, so payments, credits and started
   * workflows of approved orders reach the book when a webhook was lost. Default true.
   */
  invoiceSync?: boolean;
}

const LOCK_KEY = reconcilerKeys.lock;
const BACKOFF_KEY = reconcilerKeys.backoff;
const LOCK_TTL_MS = 5 * 60 * 1000;
const BACKOFF_FIRST_MS = 30 * 1000;
const BACKOFF_MAX_MS = 30 * 60 * 1000;
const MEMBER_BACKOFF_MAX_MS = 24 * 60 * 60 * 1000;
const MEMBER_FAILURES_TTL_MS = 7 * 24 * 60 * 60 * 1000;

interface Backoff {
  until: number;
  delayMs: number;
}
const backoffType: RecordType<Backoff> = {
  kind: 'reconciler-backoff',
  schema: versioned({ until: z.number(), delayMs: z.number() }),
};

/** The backoff is only a throttle (no order's truth): an unreadable one is logged and dropped. */
async function readBackoff(ctx: ProxyContext): Promise<Backoff | undefined> {
  try {
    return await readRecord(ctx.store, backoffType, BACKOFF_KEY);
  } catch (error) {
    if (!(error instanceof StoreRecordCorruptError)) throw error;
    ctx.logger.error?.('store record corrupt', { kind: error.kind, reason: error.reason });
    await ctx.store.delete(BACKOFF_KEY);
    return undefined;
  }
}

export async function reconcilePending(
  ctx: ProxyContext,
  options: ReconcileOptions = {},
): Promise<ReconcileResult> {
  const intervalMs = options.intervalMs ?? 5 * 60 * 1000;
  const backoff = await readBackoff(ctx);
  if (backoff && ctx.now() < backoff.until) return { skipped: 'backoff', checked: 0, changed: 0 };
  const owner = randomId('rec');
  if (!(await ctx.store.claim(LOCK_KEY, owner, LOCK_TTL_MS))) {
    return { skipped: 'locked', checked: 0, changed: 0 };
  }
  const result: ReconcileResult = { checked: 0, changed: 0 };
  try {
    await Promise.all([trimIndex(ctx, PENDING_INDEX), trimIndex(ctx, UNRECORDED_INDEX)]);
    result.recorded = await recordUnrecorded(ctx, intervalMs, options.batchSize ?? 100);
    const due = await ctx.store.zrangeByScore(PENDING_INDEX, ctx.now(), options.batchSize ?? 100);
    for (const orderId of due) {
      const record = await loadOrderOrSkip(ctx, orderId, intervalMs);
      if (record === 'corrupt') continue;
      if (!record || record.status !== 'pending' || !record.sessionId) {
        await ctx.store.zrem(PENDING_INDEX, orderId);
        continue;
      }
      result.checked++;
      try {
        const next = await confirmWithBillink(ctx, record);
        if (next.status !== 'pending') result.changed++;
        else await ctx.store.zadd(PENDING_INDEX, orderId, ctx.now() + intervalMs);
      } catch (error) {
        if (!billinkUnreachable(error)) {
          // Billink answered about this one session (404, an unknown status): it must not block
          // every other pending checkout behind it, so only this member waits longer.
          await rescheduleFailed(ctx, orderId, intervalMs, error);
          continue;
        }
        const delayMs = Math.min((backoff?.delayMs ?? BACKOFF_FIRST_MS / 2) * 2, BACKOFF_MAX_MS);
        await writeRecord(
          ctx.store,
          BACKOFF_KEY,
          { until: ctx.now() + delayMs, delayMs } satisfies Backoff,
          delayMs + BACKOFF_MAX_MS,
        );
        ctx.logger.warn?.('reconciler: Billink unavailable, backing off', {
          delayMs,
          code: billinkCode(error),
        });
        result.billinkUnavailable = true;
        return result;
      }
    }
    if (backoff) await ctx.store.delete(BACKOFF_KEY);
    if (options.invoiceSync !== false) result.invoices = await syncInvoicePage(ctx);
    if (result.checked) ctx.logger.info?.('reconciler run', { ...result });
    return result;
  } finally {
    if ((await ctx.store.get(LOCK_KEY)) === owner) await ctx.store.delete(LOCK_KEY);
  }
}

/**
 * Final attempts whose outcome a poll or webhook could not put in the order book: nothing else
 * would ever retry them (they left the pending list, and their status no longer changes).
 */
async function recordUnrecorded(
  ctx: ProxyContext,
  intervalMs: number,
  batchSize: number,
): Promise<number> {
  let recorded = 0;
  for (const orderId of await ctx.store.zrangeByScore(UNRECORDED_INDEX, ctx.now(), batchSize)) {
    const record = await loadOrderOrSkip(ctx, orderId, intervalMs, UNRECORDED_INDEX);
    if (record === 'corrupt') continue;
    if (!record || record.status === 'pending') {
      await ctx.store.zrem(UNRECORDED_INDEX, orderId);
      continue;
    }
    try {
      await recordOutcome(ctx, record);
      recorded++;
    } catch (error) {
      if (error instanceof StoreUnavailableError) throw error;
      await ctx.store.zadd(UNRECORDED_INDEX, orderId, ctx.now() + intervalMs);
      ctx.logger.error?.('reconciler: order book update failed', { orderId, error: String(error) });
    }
  }
  return recorded;
}

/**
 * An attempt the store cannot read is logged and asked about again later: it is not dropped from
 * the list (it is not absent) and does not stop the run for every other order.
 */
async function loadOrderOrSkip(
  ctx: ProxyContext,
  orderId: string,
  intervalMs: number,
  index: string = PENDING_INDEX,
): Promise<OrderRecord | undefined | 'corrupt'> {
  try {
    return await loadOrder(ctx, orderId);
  } catch (error) {
    if (!(error instanceof StoreRecordCorruptError)) throw error;
    ctx.logger.error?.('store record corrupt', { kind: error.kind, reason: error.reason });
    await ctx.store.zadd(index, orderId, ctx.now() + intervalMs);
    return 'corrupt';
  }
}

/** Billink (or the way to it) is down: worth a global backoff, unlike an answer about one session. */
function billinkUnreachable(error: unknown): boolean {
  if (error instanceof StoreUnavailableError) throw error; // the run cannot go on without the store
  return isBillinkError(error) && (error.retryable || error.notSent);
}

/** A member Billink keeps failing on is asked again later and later (doubling, up to a day). */
async function rescheduleFailed(
  ctx: ProxyContext,
  orderId: string,
  intervalMs: number,
  error: unknown,
): Promise<void> {
  const failures = await ctx.store.increment(
    reconcilerKeys.failures(orderId),
    MEMBER_FAILURES_TTL_MS,
  );
  const delayMs = Math.min(intervalMs * 2 ** (failures - 1), MEMBER_BACKOFF_MAX_MS);
  await ctx.store.zadd(PENDING_INDEX, orderId, ctx.now() + delayMs);
  ctx.logger.warn?.('reconciler: session status failed, asking again later', {
    orderId,
    delayMs,
    code: billinkCode(error),
  });
}

/** Runs `reconcile` every `intervalMs` in the background (unref'd); returns a stop function. */
export function scheduleReconciler(
  reconcile: () => Promise<unknown>,
  intervalMs: number,
  onError: (error: unknown) => void,
): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    reconcile()
      .catch(onError)
      .finally(() => (running = false));
  }, intervalMs);
  timer.unref?.();
  return () => clearInterval(timer);
}
