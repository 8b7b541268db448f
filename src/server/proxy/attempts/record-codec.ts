/**
 * How an attempt's record is stored: short field names, the order id only in the key, and the
 * common values (EUR, workflow "1", session mode, updatedAt = createdAt) left out — a pending
 * order costs a few hundred bytes, not a kilobyte (issue 19 item 4). The OrderRecord type and its
 * field names are unchanged; records written in the full shape before stay readable.
 */
import type { OrderRecord } from './order-records.js';
import type { OrderStatus } from '../contract/checkout.js';

/** Stored shape, version 1. `v` marks it; a record without `v` is the full (older) shape. */
interface Compact {
  v: 1;
  h: string; // tokenHash
  r: string; // orderRef
  n?: string; // orderNumber, when it differs from orderRef
  d?: 1; // direct mode (session otherwise)
  s: string; // status
  a: number; // amountCents
  c?: string; // currency, when not EUR
  t: number; // createdAt
  u?: number; // updatedAt − createdAt, when not 0
  e: number; // expiresAt − createdAt
  i?: string; // sessionId
  b?: string; // invoiceNumber (Billink's)
  w?: string; // workflowNumber, when not "1"
  f?: number; // feeCents
  p?: string; // supersededBy
}

export function encodeRecord(record: OrderRecord): string {
  const compact: Compact = {
    v: 1,
    h: record.tokenHash,
    r: record.orderRef,
    ...(record.orderNumber !== record.orderRef ? { n: record.orderNumber } : {}),
    ...(record.mode === 'direct' ? { d: 1 as const } : {}),
    s: record.status,
    a: record.amountCents,
    ...(record.currency !== 'EUR' ? { c: record.currency } : {}),
    t: record.createdAt,
    ...(record.updatedAt !== record.createdAt ? { u: record.updatedAt - record.createdAt } : {}),
    e: record.expiresAt - record.createdAt,
    ...(record.sessionId !== undefined ? { i: record.sessionId } : {}),
    ...(record.invoiceNumber !== undefined ? { b: record.invoiceNumber } : {}),
    ...(record.workflowNumber !== '1' ? { w: record.workflowNumber } : {}),
    ...(record.feeCents !== undefined ? { f: record.feeCents } : {}),
    ...(record.supersededBy !== undefined ? { p: record.supersededBy } : {}),
  };
  return JSON.stringify(compact);
}

/**
 * The record stored under `order:{orderId}`; undefined when absent. Unparsable text is treated as
 * getJson treats it (the store's validation decides what an unreadable record means).
 */
export function decodeRecord(orderId: string, text: string | null): OrderRecord | undefined {
  if (text === null) return undefined;
  let parsed: Partial<Compact> & Partial<OrderRecord>;
  try {
    parsed = JSON.parse(text) as Partial<Compact> & Partial<OrderRecord>;
  } catch {
    return undefined;
  }
  if (parsed.v !== 1) return parsed as OrderRecord; // the full shape of earlier versions
  const c = parsed as Compact;
  return {
    orderId,
    tokenHash: c.h,
    orderRef: c.r,
    orderNumber: c.n ?? c.r,
    mode: c.d ? 'direct' : 'session',
    status: c.s as OrderStatus,
    amountCents: c.a,
    currency: c.c ?? 'EUR',
    expiresAt: c.t + c.e,
    createdAt: c.t,
    updatedAt: c.t + (c.u ?? 0),
    ...(c.i !== undefined ? { sessionId: c.i } : {}),
    ...(c.b !== undefined ? { invoiceNumber: c.b } : {}),
    workflowNumber: c.w ?? '1',
    ...(c.f !== undefined ? { feeCents: c.f } : {}),
    ...(c.p !== undefined ? { supersededBy: c.p } : {}),
  };
}
