/**
 * How an attempt's record is stored: short field names, the order id only in the key, and the
 * common values (EUR, workflow "1", session mode, updatedAt = createdAt) left out — a pending
 * order costs a few hundred bytes, not a kilobyte (issue 19 item 4). The OrderRecord type and its
 * field names are unchanged; records written in the full shape before stay readable.
 */
import { z } from 'zod';
import { orderRecordType, type OrderRecord } from './order-records.js';
import { orderStatusSchema } from '../contract/checkout.js';
import { checkRecord, parseJson, type RecordType } from '../store/records.js';

/** Stored shape, version 1. `v` marks it; a record without `v` is the full (older) shape. */
interface Compact {
  v: 1;
  h: string; // tokenHash
  r: string; // orderRef
  n?: string; // orderNumber, when it differs from orderRef
  d?: 1; // direct mode (session otherwise)
  s: OrderRecord['status'];
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

const compactSchema = z.object({
  v: z.literal(1).default(1),
  h: z.string(),
  r: z.string(),
  n: z.string().optional(),
  d: z.literal(1).optional(),
  s: orderStatusSchema,
  a: z.number().int(),
  c: z.string().optional(),
  t: z.number(),
  u: z.number().optional(),
  e: z.number(),
  i: z.string().optional(),
  b: z.string().optional(),
  w: z.string().optional(),
  f: z.number().int().optional(),
  p: z.string().optional(),
});
const compactType: RecordType<Compact> = { kind: 'order', schema: compactSchema };

/**
 * The record stored under `order:{orderId}`; undefined only when the key is absent. A text that is
 * neither shape throws StoreRecordCorruptError: a lost order must never read as "no such order".
 */
export function readOrderRecord(orderId: string, text: string | null): OrderRecord | undefined {
  if (text === null) return undefined;
  const raw = parseJson('order', text);
  // The full shape of earlier versions has no `h`.
  if (typeof raw !== 'object' || raw === null || !('h' in raw)) {
    const { v: _v, ...record } = checkRecord(orderRecordType, raw) as OrderRecord & { v?: number };
    return record;
  }
  const c = checkRecord(compactType, raw);
  return {
    orderId,
    tokenHash: c.h,
    orderRef: c.r,
    orderNumber: c.n ?? c.r,
    mode: c.d ? 'direct' : 'session',
    status: c.s,
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
