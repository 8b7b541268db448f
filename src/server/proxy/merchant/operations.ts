/**
 * The merchant's operations on an approved order. Each one changes the order book only with what
 * Billink answered about that order's invoice, under the book's lock, so concurrent operations
 * (two credits at once) are checked against each other's results.
 */
import { centsToDecimal, isBillinkError } from '../../billink/index.js';
import { merchantFailure } from '../billink-failure.js';
import { ProxyError } from '../errors.js';
import {
  appendChangeEvents,
  BILLINK_WRITE_LOCK_MS,
  loadBook,
  outstandingCents,
  updateBook,
  type BookEntry,
} from '../orders/order-book.js';
import type { LifecycleDeps } from '../orders/sync.js';
import type { MerchantOrder, OrderSummary } from '../contract/merchant.js';

export const MAX_HOLD_DAYS = 14;
const WORKFLOW_BATCH = 10; // Billink: at most 10 invoices per start-workflow call (708)
const euro = (cents: number) => `€${centsToDecimal(cents)}`;

export function present(entry: BookEntry): MerchantOrder {
  const { createdAt: _c, updatedAt: _u, refreshedAt, events, ...rest } = entry;
  return {
    ...rest,
    outstandingCents: outstandingCents(entry),
    ...(refreshedAt ? { refreshedAt: new Date(refreshedAt).toISOString() } : {}),
    events: events.map(({ orderId: _o, ...event }) => event),
  };
}

export function summarize(entry: BookEntry): OrderSummary {
  return {
    orderRef: entry.orderRef,
    orderNumber: entry.orderNumber,
    ...(entry.invoiceNumber ? { invoiceNumber: entry.invoiceNumber } : {}),
    status: entry.status,
    amountCents: entry.amountCents,
    currency: entry.currency,
    paidCents: entry.paidCents,
    creditedCents: entry.creditedCents,
    outstandingCents: outstandingCents(entry),
    shipped: entry.shipped,
    onHold: entry.onHold,
    createdAt: new Date(entry.createdAt).toISOString(),
    updatedAt: new Date(entry.updatedAt).toISOString(),
    eventsUndelivered: entry.events.some(
      (e) => e.delivery.state === 'pending' || e.delivery.state === 'failed',
    ),
  };
}

export async function getOrder(deps: LifecycleDeps, orderRef: string): Promise<BookEntry> {
  const entry = await loadBook(deps, orderRef);
  if (!entry) throw new ProxyError('order_not_found', 404);
  return entry;
}

function requireApproved(entry: BookEntry | undefined): BookEntry {
  if (!entry) throw new ProxyError('order_not_found', 404);
  if (entry.status !== 'approved') {
    throw new ProxyError('order_not_approved', 409, {
      detail: `The checkout status is "${entry.status}".`,
    });
  }
  return entry;
}

/** Applies an operation under the order's lock; `billink` returns the changed copy. */
async function operate(
  deps: LifecycleDeps,
  orderRef: string,
  billink: (entry: BookEntry) => Promise<BookEntry>,
  extra: { trackAndTrace?: string; days?: number } = {},
): Promise<BookEntry> {
  // Billink's write must be checked against the book as it is, so it is made under the lock.
  const result = await updateBook(
    deps,
    orderRef,
    async (current) => {
      const entry = requireApproved(current);
      const next = await billink(entry);
      appendChangeEvents(deps, entry, next, 'merchant', extra);
      return next;
    },
    { lockMs: BILLINK_WRITE_LOCK_MS },
  );
  deps.kickOrderEvents();
  return result!;
}

/** Starts Billink's workflow (the invoice goes out). Already started counts as done. */
export function ship(deps: LifecycleDeps, orderRef: string, trackAndTrace?: string) {
  return operate(
    deps,
    orderRef,
    async (entry) => {
      if (entry.shipped) return entry;
      try {
        await deps.billink.startWorkflow({
          invoices: [
            {
              invoiceNumber: entry.orderNumber,
              workflowNumber: entry.workflowNumber,
              ...(trackAndTrace ? { trackAndTrace } : {}),
            },
          ],
        });
      } catch (error) {
        merchantFailure(error, { write: false }); // starting twice is harmless (707)
      }
      return { ...entry, shipped: true };
    },
    trackAndTrace ? { trackAndTrace } : {},
  );
}

export interface ShipResult {
  orderRef: string;
  shipped: boolean;
  error?: { code: string; detail?: string };
}

/** Ships many orders with as few Billink calls as Billink's limit of 10 per call allows. */
export async function shipMany(
  deps: LifecycleDeps,
  orders: ReadonlyArray<{ orderRef: string; trackAndTrace?: string | undefined }>,
): Promise<ShipResult[]> {
  const results = new Map<string, ShipResult>();
  const todo: Array<{ entry: BookEntry; trackAndTrace?: string | undefined }> = [];
  for (const item of orders) {
    const entry = await loadBook(deps, item.orderRef);
    if (!entry) {
      results.set(item.orderRef, {
        orderRef: item.orderRef,
        shipped: false,
        error: { code: 'order_not_found' },
      });
    } else if (entry.status !== 'approved') {
      results.set(item.orderRef, {
        orderRef: item.orderRef,
        shipped: false,
        error: { code: 'order_not_approved', detail: `The checkout status is "${entry.status}".` },
      });
    } else if (entry.shipped) {
      results.set(item.orderRef, { orderRef: item.orderRef, shipped: true });
    } else {
      todo.push({ entry, ...(item.trackAndTrace ? { trackAndTrace: item.trackAndTrace } : {}) });
    }
  }
  for (let i = 0; i < todo.length; i += WORKFLOW_BATCH) {
    const chunk = todo.slice(i, i + WORKFLOW_BATCH);
    let items: ReadonlyArray<{ invoiceNumber: string; ok: boolean; code: string; message: string }>;
    try {
      items = (
        await deps.billink.startWorkflow({
          invoices: chunk.map(({ entry, trackAndTrace }) => ({
            invoiceNumber: entry.orderNumber,
            workflowNumber: entry.workflowNumber,
            ...(trackAndTrace ? { trackAndTrace } : {}),
          })),
        })
      ).items;
    } catch (error) {
      if (isBillinkError(error) && error.items) items = error.items;
      else {
        const code = isBillinkError(error) ? error.code : 'internal';
        for (const { entry } of chunk) {
          results.set(entry.orderRef, {
            orderRef: entry.orderRef,
            shipped: false,
            error: { code: 'billink_unavailable', detail: code },
          });
        }
        continue;
      }
    }
    for (const { entry, trackAndTrace } of chunk) {
      const item = items.find((it) => it.invoiceNumber === entry.orderNumber);
      if (item?.ok) {
        await updateBook(deps, entry.orderRef, (current) => {
          if (!current || current.shipped) return undefined;
          const next = { ...current, shipped: true };
          appendChangeEvents(
            deps,
            current,
            next,
            'merchant',
            trackAndTrace ? { trackAndTrace } : {},
          );
          return next;
        });
        results.set(entry.orderRef, { orderRef: entry.orderRef, shipped: true });
      } else {
        results.set(entry.orderRef, {
          orderRef: entry.orderRef,
          shipped: false,
          error: {
            code: 'billink_refused',
            detail: item ? `${item.code}: ${item.message}` : 'no answer for this invoice',
          },
        });
      }
    }
  }
  deps.kickOrderEvents();
  return orders.map((o) => results.get(o.orderRef)!);
}

/**
 * A credit of an order with a Billink fee: the fee is not goods, so it is refunded as Billink's
 * `returnCosts` (as its Magento module does) and only with a full credit — crediting all goods
 * still open (with or without the fee in the amount) adds it. Between the two: undefined (refused).
 */
function feeSplit(
  entry: BookEntry,
  amountCents: number,
): { goodsCents: number; feeCents: number } | undefined {
  const creditable = entry.amountCents - entry.creditedCents;
  const fee = entry.feeCents ?? 0;
  const feeOpen = fee > 0 && creditable >= fee;
  if (!feeOpen) return { goodsCents: amountCents, feeCents: 0 };
  const goodsOpen = creditable - fee;
  if (amountCents === goodsOpen || amountCents === creditable)
    return { goodsCents: goodsOpen, feeCents: fee };
  return amountCents < goodsOpen ? { goodsCents: amountCents, feeCents: 0 } : undefined;
}

/** Awaited right before a money write goes out to Billink (see onceForKey). */
type BeforeSend = () => Promise<void>;

export function credit(
  deps: LifecycleDeps,
  orderRef: string,
  input: { amountCents: number; description: string },
  beforeSend: BeforeSend = async () => {},
) {
  return operate(deps, orderRef, async (entry) => {
    const creditable = entry.amountCents - entry.creditedCents;
    const split = feeSplit(entry, input.amountCents);
    if (input.amountCents > creditable || !split) {
      throw new ProxyError('credit_exceeds_remaining', 422, {
        field: 'amountCents',
        detail: `Asked to credit ${euro(input.amountCents)}; ${euro(creditable)} of ${euro(entry.amountCents)} can still be credited${entry.feeCents ? ` (the Billink fee of ${euro(entry.feeCents)} only with a full credit)` : ''}.`,
      });
    }
    await beforeSend();
    try {
      await deps.billink.credit({
        invoices: [
          {
            invoiceNumber: entry.orderNumber,
            amountCents: split.goodsCents,
            description: input.description,
          },
        ],
        ...(split.feeCents ? { returnCostsCents: split.feeCents } : {}),
      });
    } catch (error) {
      merchantFailure(error, { write: true });
    }
    return { ...entry, creditedCents: entry.creditedCents + split.goodsCents + split.feeCents };
  });
}

export function registerPayment(
  deps: LifecycleDeps,
  orderRef: string,
  input: { amountCents: number; description: string },
  beforeSend: BeforeSend = async () => {},
) {
  return operate(deps, orderRef, async (entry) => {
    const outstanding = outstandingCents(entry);
    if (input.amountCents > outstanding) {
      throw new ProxyError('payment_exceeds_outstanding', 422, {
        field: 'amountCents',
        detail: `Asked to register ${euro(input.amountCents)}; ${euro(outstanding)} is outstanding.`,
      });
    }
    await beforeSend();
    try {
      await deps.billink.registerPayment({
        invoices: [
          {
            invoiceNumber: entry.orderNumber,
            amountCents: input.amountCents,
            description: input.description,
            workflowNumber: entry.workflowNumber,
          },
        ],
      });
    } catch (error) {
      merchantFailure(error, { write: true });
    }
    return { ...entry, paidCents: entry.paidCents + input.amountCents };
  });
}

export function hold(deps: LifecycleDeps, orderRef: string, days: number) {
  if (!Number.isInteger(days) || days < 1 || days > MAX_HOLD_DAYS) {
    throw new ProxyError('hold_days_out_of_range', 422, {
      field: 'days',
      detail: `Asked for ${days} days; Billink allows 1 to ${MAX_HOLD_DAYS}.`,
    });
  }
  return operate(
    deps,
    orderRef,
    async (entry) => {
      await legacyCall(() =>
        deps.billink.onHold({
          invoiceNumber: entry.orderNumber,
          workflowNumber: entry.workflowNumber,
          days,
        }),
      );
      return { ...entry, onHold: true };
    },
    { days },
  );
}

export function resume(deps: LifecycleDeps, orderRef: string) {
  return operate(deps, orderRef, async (entry) => {
    await legacyCall(() =>
      deps.billink.resume({
        invoiceNumber: entry.orderNumber,
        workflowNumber: entry.workflowNumber,
      }),
    );
    return { ...entry, onHold: false };
  });
}

export async function sendMessage(deps: LifecycleDeps, orderRef: string, message: string) {
  const entry = requireApproved(await loadBook(deps, orderRef));
  await legacyCall(() =>
    deps.billink.message({
      invoiceNumber: entry.orderNumber,
      workflowNumber: entry.workflowNumber,
      message,
    }),
  );
  return entry;
}

/** A legacy call whose answer is `MSG/CODE` + description: only 200 means done. */
async function legacyCall(call: () => Promise<{ code: string; description: string }>) {
  let answer;
  try {
    answer = await call();
  } catch (error) {
    merchantFailure(error, { write: false });
  }
  if (answer.code !== '200') {
    throw new ProxyError('billink_refused', 422, {
      detail: `${answer.code}: ${answer.description}`,
    });
  }
}

/**
 * The invoice document: Billink's legacy File answer names a file. When that is a URL on an
 * allowed origin (Billink's own host) the bytes are fetched and must be a PDF; anything else is
 * a 422 saying what Billink returned.
 */
export async function invoiceDocument(
  deps: LifecycleDeps,
  orderRef: string,
  documentOrigins: readonly string[],
): Promise<Response> {
  const entry = requireApproved(await loadBook(deps, orderRef));
  let file: string;
  try {
    file = (
      await deps.billink.invoiceFile({
        invoiceNumber: entry.orderNumber,
        workflowNumber: entry.workflowNumber,
      })
    ).file;
  } catch (error) {
    merchantFailure(error, { write: false });
  }
  let url: URL | undefined;
  try {
    url = new URL(file);
  } catch {
    url = undefined;
  }
  if (!url || !documentOrigins.includes(url.origin)) {
    throw new ProxyError('invoice_document_unavailable', 422, {
      detail: `Billink answered "${file.slice(0, 200)}", not a document this proxy may fetch.`,
    });
  }
  const response = await fetch(url, { signal: AbortSignal.timeout(10_000) }).catch(() => {
    throw new ProxyError('billink_unavailable', 503, { retryable: true });
  });
  const bytes = new Uint8Array(await response.arrayBuffer());
  const isPdf = new TextDecoder().decode(bytes.slice(0, 5)) === '%PDF-';
  if (!response.ok || !isPdf) {
    throw new ProxyError('invoice_document_unavailable', 422, {
      detail: `Billink's file URL answered HTTP ${response.status} ${response.headers.get('content-type') ?? ''}, not a PDF.`,
    });
  }
  return new Response(bytes, {
    headers: {
      'content-type': 'application/pdf',
      'content-disposition': `attachment; filename="${entry.orderNumber}.pdf"`,
      'cache-control': 'no-store',
    },
  });
}
