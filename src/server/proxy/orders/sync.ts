/**
 * Billink's word about an order after checkout: Order Info (payment status, workflow step) and the
 * order's line in the invoice list (paid and credited amounts). A webhook only triggers a re-read;
 * what changes in the book is what Billink answers about that invoice.
 */
import { isDeepStrictEqual } from 'node:util';
import { isBillinkError, type BillinkClient, type OrderWebhook } from '../../billink/index.js';
import type { ProxyLogger } from '../context.js';
import { billinkUnavailable } from '../billink-failure.js';
import { ProxyError } from '../errors.js';
import { findInvoice, type InvoiceItem } from './invoices.js';
import {
  appendChangeEvents,
  bookRefForNumber,
  loadBook,
  updateBook,
  type BookDeps,
  type BookEntry,
} from './order-book.js';

export interface LifecycleDeps extends BookDeps {
  billink: BillinkClient;
  logger: ProxyLogger;
  /** Starts a delivery round for freshly queued events (fire and forget). */
  kickOrderEvents: () => void;
}

/** Billink's "workflow not started" step (documented). */
const NOT_STARTED = 'No steps given';

/** Applies what Billink says about the entry's invoice to a copy of it. */
export async function readBillink(
  deps: LifecycleDeps,
  entry: BookEntry,
  /**
   * What a verified webhook said, used only where Billink's answer has no field for it; `listed`:
   * the order's line of an invoice-list page just read (spares the lookup).
   */
  hint: { onHold?: boolean; listed?: InvoiceItem } = {},
): Promise<BookEntry> {
  let info;
  let listed;
  try {
    [info, listed] = await Promise.all([
      deps.billink.orderInfo({
        invoices: [{ invoiceNumber: entry.orderNumber, workflowNumber: entry.workflowNumber }],
      }),
      hint.listed ?? findInvoice(deps.billink, entry),
    ]);
  } catch (error) {
    if (isBillinkError(error)) {
      deps.logger.warn?.('billink order info failed', {
        orderRef: entry.orderRef,
        code: error.code,
      });
      throw billinkUnavailable(error);
    }
    throw error;
  }
  const invoice = info.invoices[0];
  if (!invoice || invoice.status === 'not_found') {
    throw new ProxyError('billink_order_unknown', 502);
  }
  const next: BookEntry = { ...entry, events: entry.events, refreshedAt: deps.now() };
  const step = invoice.description.trim();
  next.workflowStep = step;
  if (listed?.creditedCents !== undefined) next.creditedCents = listed.creditedCents;
  if (listed?.paidCents !== undefined) next.paidCents = listed.paidCents;
  else if (invoice.status === 'paid') next.paidCents = entry.amountCents - next.creditedCents;
  const onHold = /hold/i.test(step);
  if (onHold) next.onHold = true;
  else if (step) next.onHold = false;
  // Step names other than "No steps given" are undocumented: only a plain collection step counts.
  if (step && step !== NOT_STARTED && !onHold && !/paid|credit/i.test(step)) next.shipped = true;
  // Explicit fields, where Billink's answer carries them, beat what the step text suggests — and
  // beat a webhook that may have arrived after the state it announced had already changed.
  if (invoice.onHold !== undefined) next.onHold = invoice.onHold;
  else if (hint.onHold !== undefined) next.onHold = hint.onHold;
  if (invoice.workflowStarted) next.shipped = true;
  if (listed?.paidCents === undefined && invoice.paidCents !== undefined) {
    next.paidCents = invoice.paidCents;
  }
  if (listed?.creditedCents === undefined && invoice.creditedCents !== undefined) {
    next.creditedCents = invoice.creditedCents;
  }
  return next;
}

const SYNC_ATTEMPTS = 3;

/**
 * Reads Billink outside the book's lock (Order Info and the invoice list can take minutes with
 * retries, far longer than the lock holds) and applies the answer under it only if the entry is
 * still the one that was read for; otherwise a credit or payment got in between and Billink is
 * read again. `accept` decides, on the entry as loaded, whether there is anything to read.
 */
export async function syncWithBillink(
  deps: LifecycleDeps,
  orderRef: string,
  accept: (entry: BookEntry | undefined) => entry is BookEntry,
  by: 'billink' | 'shopper',
  hint: { onHold?: boolean; listed?: InvoiceItem } = {},
): Promise<{ entry: BookEntry | undefined; applied: boolean }> {
  for (let attempt = 0; attempt < SYNC_ATTEMPTS; attempt++) {
    const read = await loadBook(deps, orderRef);
    if (!accept(read)) return { entry: read, applied: false };
    const next = await readBillink(deps, structuredClone(read), hint);
    let stale = false;
    const entry = await updateBook(deps, orderRef, (current) => {
      if (!isDeepStrictEqual(current, read)) {
        stale = true;
        return undefined;
      }
      appendChangeEvents(deps, read, next, by);
      return next;
    });
    if (!stale) return { entry, applied: true };
  }
  throw new ProxyError('order_busy', 409, { retryable: true });
}

/** `?refresh=1`: re-read Billink and record what changed as events. */
export async function refreshOrder(deps: LifecycleDeps, orderRef: string): Promise<BookEntry> {
  const { entry } = await syncWithBillink(
    deps,
    orderRef,
    (current): current is BookEntry => {
      if (!current) throw new ProxyError('order_not_found', 404);
      return current.status === 'approved';
    },
    'billink',
  );
  deps.kickOrderEvents();
  return entry!;
}

/**
 * A verified order webhook (other than order_placed): find the order it names, check it is the
 * invoice bound to that order, and re-read Billink. Unknown orders are acknowledged and ignored.
 */
export async function applyOrderWebhook(
  deps: LifecycleDeps,
  webhook: OrderWebhook,
): Promise<'applied' | 'ignored'> {
  const orderRef = await bookRefForNumber(deps, webhook.merchantInvoiceNumber);
  if (!orderRef) return 'ignored';
  const { applied } = await syncWithBillink(
    deps,
    orderRef,
    (current): current is BookEntry =>
      current?.status === 'approved' &&
      current.orderNumber === webhook.merchantInvoiceNumber &&
      // another attempt's invoice is not this order's
      (!current.invoiceNumber || current.invoiceNumber === webhook.billinkInvoiceNumber),
    'billink',
    // Billink signed that this invoice went on hold; where its Order Info cannot say, believe it.
    webhook.event === 'order_on_hold' ? { onHold: true } : {},
  );
  deps.kickOrderEvents();
  return applied ? 'applied' : 'ignored';
}
