/**
 * The order book: the one record of an order's life after checkout, keyed by orderRef. Checkout
 * outcomes, Billink's order webhooks, refreshes and the merchant's operations all change it here,
 * under a per-order lock in the shared store, and every change that a shop should hear about
 * becomes an event in the entry and a member of the delivery outbox.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { ProxyError } from '../errors.js';
import { orderModeSchema, orderStatusSchema, type OrderStatus } from '../contract/checkout.js';
import { readRecord, versioned, writeRecord, type RecordType } from '../store/records.js';
import { bookKeys } from '../store/keys.js';
import type { ProxyStore } from '../store/store.js';
import { orderEventSchema, type OrderEvent, type OrderEventType } from './events.js';

export interface EventDelivery {
  /** none: nobody to tell (no onOrderEvent / order source); failed: gave up, see lastError. */
  state: 'none' | 'pending' | 'delivered' | 'failed';
  attempts: number;
  lastError?: string;
  /** ISO times. */
  nextAttemptAt?: string;
  deliveredAt?: string;
}

export interface BookEvent extends Omit<OrderEvent, 'orderRef' | 'orderNumber' | 'invoiceNumber'> {
  /** The checkout attempt it belongs to. */
  orderId: string;
  delivery: EventDelivery;
}

export interface BookEntry {
  orderRef: string;
  /** The checkout attempt this entry is bound to (the proxy's order id). */
  orderId: string;
  orderNumber: string;
  invoiceNumber?: string;
  workflowNumber: string;
  mode: 'session' | 'direct';
  status: OrderStatus;
  amountCents: number;
  currency: string;
  /** Of `amountCents`, the Billink fee (line `billink_fee`): credited only by a full credit. */
  feeCents?: number;
  paidCents: number;
  creditedCents: number;
  shipped: boolean;
  onHold: boolean;
  /** Billink's workflow step as Order Info last reported it. */
  workflowStep?: string;
  createdAt: number;
  updatedAt: number;
  refreshedAt?: number;
  events: BookEvent[];
}

const bookEventSchema = orderEventSchema
  .omit({ orderRef: true, orderNumber: true, invoiceNumber: true })
  .extend({
    orderId: z.string(),
    delivery: z.looseObject({
      state: z.enum(['none', 'pending', 'delivered', 'failed']),
      attempts: z.number().int(),
      lastError: z.string().optional(),
      nextAttemptAt: z.string().optional(),
      deliveredAt: z.string().optional(),
    }),
  })
  .loose();

/** How an entry is read back from the store (`book:{orderRef}`). */
export const bookEntryType: RecordType<BookEntry> = {
  kind: 'book',
  schema: versioned({
    orderRef: z.string(),
    orderId: z.string(),
    orderNumber: z.string(),
    invoiceNumber: z.string().optional(),
    workflowNumber: z.string(),
    mode: orderModeSchema,
    status: orderStatusSchema,
    amountCents: z.number().int(),
    currency: z.string(),
    feeCents: z.number().int().optional(),
    paidCents: z.number().int(),
    creditedCents: z.number().int(),
    shipped: z.boolean(),
    onHold: z.boolean(),
    workflowStep: z.string().optional(),
    createdAt: z.number(),
    updatedAt: z.number(),
    refreshedAt: z.number().optional(),
    events: z.array(bookEventSchema),
  }),
};

/** Books outlive checkouts by far: returns and disputes come months later. */
export const BOOK_TTL_MS = 400 * 24 * 60 * 60 * 1000;
const MAX_EVENTS = 500;
/** The book lock for changes without Billink calls (reads from Billink are made outside it). */
const BOOK_LOCK_MS = 15_000;
/** For a Billink write under the lock: three 10 s attempts with backoff, and room to spare. */
export const BILLINK_WRITE_LOCK_MS = 120_000;
export const OUTBOX_KEY = bookKeys.outbox;
/**
 * Every entry by creation time (orderRef → createdAt), for listing newest first. Creation, not
 * last update: an order keeps its place, so a walk through the pages never skips one that changes
 * meanwhile (a shipping run over "approved, not shipped").
 */
export const BOOK_INDEX_KEY = bookKeys.createdIndex;
/**
 * The same members by last write: the book entry expires BOOK_TTL_MS after it, so a member scored
 * before now − BOOK_TTL_MS is certainly gone and leaves both indexes (bounded like the book).
 */
const BOOK_EXPIRY_KEY = bookKeys.updatedIndex;
const PRUNE_BATCH = 20;

export const outstandingCents = (e: BookEntry): number =>
  Math.max(0, e.amountCents - e.paidCents - e.creditedCents);

export interface BookDeps {
  store: ProxyStore;
  now: () => number;
  /** Whether events are to be delivered (someone listens); otherwise they are only recorded. */
  deliversEvents: boolean;
}

export const loadBook = (deps: Pick<BookDeps, 'store'>, orderRef: string) =>
  readRecord(deps.store, bookEntryType, bookKeys.book(orderRef));

/** The orderRef that a Billink order number belongs to (the join key of order webhooks). */
export const bookRefForNumber = (deps: Pick<BookDeps, 'store'>, orderNumber: string) =>
  deps.store.get(bookKeys.number(orderNumber));

async function saveBook(deps: BookDeps, entry: BookEntry): Promise<void> {
  await Promise.all([
    writeRecord(deps.store, bookKeys.book(entry.orderRef), entry, BOOK_TTL_MS),
    deps.store.set(bookKeys.number(entry.orderNumber), entry.orderRef, BOOK_TTL_MS),
    // Re-adding with the same score is a no-op; it also indexes entries older than the index.
    deps.store.zadd(BOOK_INDEX_KEY, entry.orderRef, entry.createdAt),
    deps.store.zadd(BOOK_EXPIRY_KEY, entry.orderRef, entry.updatedAt),
  ]);
}

/** Drops index members whose entry has expired by now (a few per write; usually none). */
async function pruneIndex(deps: BookDeps): Promise<void> {
  const gone = await deps.store.zrangeByScore(
    BOOK_EXPIRY_KEY,
    deps.now() - BOOK_TTL_MS,
    PRUNE_BATCH,
  );
  for (const orderRef of gone) {
    await deps.store.zrem(BOOK_INDEX_KEY, orderRef);
    await deps.store.zrem(BOOK_EXPIRY_KEY, orderRef);
  }
}

/**
 * Runs `change` on the entry under a lock, so a webhook, a refresh and an operation on the same
 * order never overwrite each other's writes (across instances: the lock is in the store).
 * `change` returns the next entry (or undefined to leave it); events in it that are new are queued.
 */
export async function updateBook(
  deps: BookDeps,
  orderRef: string,
  change: (entry: BookEntry | undefined) => BookEntry | undefined | Promise<BookEntry | undefined>,
  /** lockMs: how long the lock holds; longer than any Billink call `change` makes. */
  { lockMs = BOOK_LOCK_MS }: { lockMs?: number } = {},
): Promise<BookEntry | undefined> {
  const lockKey = bookKeys.lock(orderRef);
  const token = randomUUID();
  const deadline = Date.now() + 10_000;
  while (!(await deps.store.claim(lockKey, token, lockMs))) {
    if (Date.now() > deadline) throw new ProxyError('order_busy', 409, { retryable: true });
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  try {
    const before = await loadBook(deps, orderRef);
    const known = new Set(before?.events.map((e) => e.id));
    // A copy: `change` may mutate what it gets and still compare with what was stored.
    const after = await change(before && structuredClone(before));
    if (!after) return before;
    const added = after.events.filter((e) => !known.has(e.id));
    after.events = trimEvents(after.events);
    after.updatedAt = deps.now();
    // A holder whose lock expired must not save its stale copy over a newer holder's write.
    if ((await deps.store.get(lockKey)) !== token) {
      throw new ProxyError('order_busy', 409, { retryable: true, detail: 'book lock expired' });
    }
    // Outbox first: a member whose save then fails is dropped by the worker, while an event saved
    // without its member would never be delivered.
    for (const event of added) {
      if (event.delivery.state === 'pending') {
        await deps.store.zadd(OUTBOX_KEY, `${orderRef}|${event.id}`, deps.now());
      }
    }
    await saveBook(deps, after);
    await pruneIndex(deps);
    return after;
  } finally {
    if ((await deps.store.get(lockKey)) === token) await deps.store.delete(lockKey);
  }
}

/** The newest MAX_EVENTS events, dropping only the oldest that wait for no delivery. */
function trimEvents(events: BookEvent[]): BookEvent[] {
  let excess = events.length - MAX_EVENTS;
  if (excess <= 0) return events;
  return events.filter((e) => e.delivery.state === 'pending' || excess-- <= 0);
}

/** Appends an event (numbered after the last one) to an entry. */
export function appendEvent(
  deps: BookDeps,
  entry: BookEntry,
  type: OrderEventType,
  details: Partial<Omit<BookEvent, 'id' | 'type' | 'at' | 'sequence' | 'delivery'>> = {},
): void {
  const last = entry.events.at(-1);
  entry.events.push({
    id: `evt_${randomUUID().replaceAll('-', '')}`,
    orderId: entry.orderId,
    type,
    at: new Date(deps.now()).toISOString(),
    sequence: (last?.sequence ?? 0) + 1,
    ...details,
    delivery: { state: deps.deliversEvents ? 'pending' : 'none', attempts: 0 },
  });
}

/**
 * The events a change of Billink's figures means for the shop: a payment or credit (the amount
 * that changed), paid once nothing is left after a payment, shipped, on hold, resumed.
 */
export function appendChangeEvents(
  deps: BookDeps,
  before: BookEntry,
  after: BookEntry,
  by: 'merchant' | 'billink' | 'shopper',
  extra: { trackAndTrace?: string; days?: number } = {},
): void {
  const money = { currency: after.currency };
  if (!before.shipped && after.shipped) {
    appendEvent(deps, after, 'shipped', {
      by,
      ...(extra.trackAndTrace ? { trackAndTrace: extra.trackAndTrace } : {}),
    });
  }
  if (after.paidCents > before.paidCents) {
    appendEvent(deps, after, 'payment', {
      amountCents: after.paidCents - before.paidCents,
      by,
      ...money,
    });
  }
  if (after.creditedCents > before.creditedCents) {
    appendEvent(deps, after, 'credit', {
      amountCents: after.creditedCents - before.creditedCents,
      by,
      ...money,
    });
  }
  const wasPaid = before.paidCents > 0 && outstandingCents(before) === 0;
  if (!wasPaid && after.paidCents > 0 && outstandingCents(after) === 0) {
    appendEvent(deps, after, 'paid', { amountCents: after.paidCents, ...money });
  }
  if (!before.onHold && after.onHold) {
    appendEvent(deps, after, 'on_hold', {
      by,
      ...(extra.days !== undefined ? { days: extra.days } : {}),
    });
  }
  if (before.onHold && !after.onHold) appendEvent(deps, after, 'resumed', { by });
}

/** The attempt a final checkout outcome is about, as the proxy persisted it. */
export type CheckoutOutcome = Pick<
  BookEntry,
  | 'orderRef'
  | 'orderId'
  | 'orderNumber'
  | 'invoiceNumber'
  | 'workflowNumber'
  | 'mode'
  | 'status'
  | 'amountCents'
  | 'currency'
  | 'feeCents'
>;

/**
 * A final checkout outcome enters the book once per attempt and status. An approved order keeps
 * its binding: a later outcome of another attempt for the same ref cannot replace it.
 */
export async function recordCheckoutOutcome(
  deps: BookDeps,
  outcome: CheckoutOutcome,
): Promise<BookEntry | undefined> {
  const status = outcome.status;
  if (status === 'pending') return undefined;
  return updateBook(deps, outcome.orderRef, (entry) => {
    if (entry?.events.some((e) => e.orderId === outcome.orderId && e.type === outcome.status)) {
      return undefined;
    }
    // One approved Billink order per shop order — unless Billink credited that one in full (a stale
    // amount the merchant refunded): then the shopper's new approval is the order's truth.
    if (
      entry &&
      entry.status === 'approved' &&
      entry.orderId !== outcome.orderId &&
      !(status === 'approved' && entry.creditedCents >= entry.amountCents)
    ) {
      return undefined;
    }
    const now = deps.now();
    const next: BookEntry = {
      orderRef: outcome.orderRef,
      orderId: outcome.orderId,
      orderNumber: outcome.orderNumber,
      ...(outcome.invoiceNumber ? { invoiceNumber: outcome.invoiceNumber } : {}),
      workflowNumber: outcome.workflowNumber,
      mode: outcome.mode,
      status: outcome.status,
      amountCents: outcome.amountCents,
      currency: outcome.currency,
      ...(outcome.feeCents ? { feeCents: outcome.feeCents } : {}),
      paidCents: 0,
      creditedCents: 0,
      shipped: false,
      onHold: false,
      createdAt: entry?.createdAt ?? now,
      updatedAt: now,
      events: entry?.events ?? [],
    };
    appendEvent(deps, next, status, {
      amountCents: outcome.amountCents,
      currency: outcome.currency,
    });
    return next;
  });
}

/** The event as the shop receives it. */
export function toOrderEvent(entry: BookEntry, event: BookEvent): OrderEvent {
  const { delivery: _d, orderId: _o, ...rest } = event;
  return {
    ...rest,
    orderRef: entry.orderRef,
    orderNumber: entry.orderNumber,
    ...(entry.invoiceNumber ? { invoiceNumber: entry.invoiceNumber } : {}),
  };
}
