/**
 * Approved orders stay in sync when a webhook is lost: each reconciler run reads one page of
 * Billink's invoice list (a cursor in the store walks the pages, run after run) and, for every
 * line bound to an approved order whose paid or credited figures differ from the book (or that
 * is not shipped yet and was not read for an hour), re-reads Billink about that invoice through
 * the book's own sync (Order Info + this line), so payments, credits and a started workflow reach
 * the book and the shop's events exactly as a webhook's re-read would.
 */
import { isBillinkError } from '../../billink/index.js';
import type { ProxyContext } from '../context.js';
import { invoicePage, type InvoiceItem } from '../orders/invoices.js';
import { bookRefForNumber, loadBook, type BookEntry } from '../orders/order-book.js';
import { syncWithBillink } from '../orders/sync.js';
import { z } from 'zod';
import type { ProxyStore } from '../store/store.js';
import { readRecord, versioned, writeRecord, type RecordType } from '../store/records.js';
import { invoiceSyncKeys } from '../store/keys.js';

/** What `billink doctor` shows about the invoice sync. */
export interface InvoiceSyncStatus {
  /** ISO time of the last run that asked Billink. */
  at: string;
  outcome: 'ok' | 'billink_unavailable' | 'failed';
  /** The list page read, of how many. */
  page: number;
  totalPages: number;
  /** Lines bound to an approved order that were re-read, and of those, how many changed. */
  checked: number;
  changed: number;
  /** The Billink or proxy error code when the outcome is not ok. */
  code?: string;
  /** ISO time of the last run whose outcome was ok. */
  lastOkAt?: string;
}

export interface InvoiceSyncOptions {
  /** How far back the list is read (by invoice date). Default 90 days. */
  windowDays?: number;
}

const cursorType: RecordType<{ page: number }> = {
  kind: 'invoice-sync',
  schema: versioned({ page: z.number().int().min(1) }),
};
const statusType: RecordType<InvoiceSyncStatus> = {
  kind: 'invoice-sync',
  schema: versioned({
    at: z.string(),
    outcome: z.enum(['ok', 'billink_unavailable', 'failed']),
    page: z.number().int(),
    totalPages: z.number().int(),
    checked: z.number().int(),
    changed: z.number().int(),
    code: z.string().optional(),
    lastOkAt: z.string().optional(),
  }),
};
const KEEP_MS = 400 * 24 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
/** An unshipped order is asked about its workflow at most this often. */
const UNSHIPPED_REREAD_MS = 60 * 60 * 1000;

/** The last invoice sync, or undefined before the first run. */
export function lastInvoiceSync(store: ProxyStore): Promise<InvoiceSyncStatus | undefined> {
  return readRecord(store, statusType, invoiceSyncKeys.last);
}

/** One page of the invoice list per call; never throws for Billink (the outcome is recorded). */
export async function syncInvoicePage(
  ctx: ProxyContext,
  options: InvoiceSyncOptions = {},
): Promise<InvoiceSyncStatus> {
  const cursor = (await readRecord(ctx.store, cursorType, invoiceSyncKeys.cursor)) ?? { page: 1 };
  const from = new Date(ctx.now() - (options.windowDays ?? 90) * DAY_MS).toISOString().slice(0, 10);
  const previous = await lastInvoiceSync(ctx.store);
  const status: InvoiceSyncStatus = {
    at: new Date(ctx.now()).toISOString(),
    outcome: 'ok',
    page: cursor.page,
    totalPages: previous?.totalPages ?? 0,
    checked: 0,
    changed: 0,
  };
  try {
    const page = await invoicePage(ctx.billink, { from, page: cursor.page });
    status.totalPages = page.totalPages;
    for (const line of page.invoices) {
      const orderRef = line.orderNumber && (await bookRefForNumber(ctx, line.orderNumber));
      if (!orderRef) continue;
      const entry = await loadBook(ctx, orderRef);
      if (!entry || !needsRead(ctx, entry, line)) continue;
      status.checked++;
      try {
        const { applied, entry: after } = await syncWithBillink(
          ctx,
          orderRef,
          (current): current is BookEntry => current !== undefined && boundTo(current, line),
          'billink',
          { listed: line },
        );
        if (applied && after && changedFigures(entry, after)) status.changed++;
      } catch (error) {
        // Billink down stops the page (the cursor stays); an answer about one order does not.
        if (isBillinkError(error) || isUnavailable(error) || codeOf(error) === 'store_unavailable')
          throw error;
        ctx.logger.warn?.('invoice sync: order not read', { orderRef, code: codeOf(error) });
      }
    }
    if (status.changed) ctx.kickOrderEvents();
    // Next run: the next page, and from the first again after the last.
    const next = cursor.page >= page.totalPages ? 1 : cursor.page + 1;
    await writeRecord(ctx.store, invoiceSyncKeys.cursor, { page: next }, KEEP_MS);
    status.lastOkAt = status.at;
  } catch (error) {
    status.outcome =
      isBillinkError(error) || isUnavailable(error) ? 'billink_unavailable' : 'failed';
    status.code = codeOf(error);
    if (previous?.lastOkAt) status.lastOkAt = previous.lastOkAt;
    ctx.logger.warn?.('invoice sync failed', { page: cursor.page, code: status.code });
  }
  await writeRecord(ctx.store, invoiceSyncKeys.last, status, KEEP_MS);
  return status;
}

/** The line is this order's own invoice (another attempt's invoice is not). */
const boundTo = (entry: BookEntry, line: InvoiceItem) =>
  entry.status === 'approved' &&
  entry.orderNumber === line.orderNumber &&
  (!entry.invoiceNumber || entry.invoiceNumber === line.invoiceNumber);

function needsRead(ctx: ProxyContext, entry: BookEntry, line: InvoiceItem): boolean {
  if (!boundTo(entry, line)) return false;
  if (line.paidCents !== undefined && line.paidCents !== entry.paidCents) return true;
  if (line.creditedCents !== undefined && line.creditedCents !== entry.creditedCents) return true;
  const open = line.outstandingCents === undefined || line.outstandingCents > 0;
  return open && !entry.shipped && ctx.now() - (entry.refreshedAt ?? 0) >= UNSHIPPED_REREAD_MS;
}

const changedFigures = (before: BookEntry, after: BookEntry) =>
  before.paidCents !== after.paidCents ||
  before.creditedCents !== after.creditedCents ||
  before.shipped !== after.shipped ||
  before.onHold !== after.onHold;

/** syncWithBillink wraps Billink's failure as a 503 ProxyError `billink_unavailable`. */
const isUnavailable = (error: unknown) => codeOf(error) === 'billink_unavailable';

function codeOf(error: unknown): string {
  const code = typeof error === 'object' && error !== null ? Reflect.get(error, 'code') : undefined;
  return typeof code === 'string' ? code : 'unknown';
}
