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
  h: z.string(), // tokenHash
  r: z.string(), // orderRef
  n: z.string().optional(), // orderNumber, when it differs from orderRef
  d: z.literal(1).optional(), // direct mode (session otherwise)
  s: orderStatusSchema,
  a: z.number().int(), // amountCents
  c: z.string().optional(), // currency, when not EUR
  t: z.number(), // createdAt
  u: z.number().optional(), // updatedAt − createdAt, when not 0
  e: z.number(), // expiresAt − createdAt
  i: z.string().optional(), // sessionId
  b: z.string().optional(), // invoiceNumber (Billink's)
  w: z.string().optional(), // workflowNumber, when not "1"
  f: z.number().int().optional(), // feeCents
  p: z.string().optional(), // supersededBy
});
/** Stored shape, version 1 (`v` marks it; a record without `h` is the full, older shape). */
type Compact = z.infer<typeof compactSchema>;
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
