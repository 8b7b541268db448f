/**
 * Billink webhook payloads → domain objects. The two webhooks disagree on casing (order: snake_case,
 * session: camelCase) and name the same invoice numbers differently; both come out here with the
 * same join-key names: `merchantInvoiceNumber` (what we sent as order number) and
 * `billinkInvoiceNumber` (Billink's public number).
 */
import { z } from 'zod';
import { SESSION_STATUSES, type SessionStatus } from './types.js';

/** The eight documented order events. v3 adds three more whose names are not documented. */
export const ORDER_WEBHOOK_EVENTS = [
  'order_placed',
  'order_workflow_started',
  'partial_payment_added',
  'order_paid',
  'partial_credit_added',
  'order_fully_accredited',
  'customer_fully_paid',
  'order_on_hold',
] as const;
export type KnownOrderWebhookEvent = (typeof ORDER_WEBHOOK_EVENTS)[number];

export interface OrderWebhook {
  kind: 'order';
  orderId: string;
  /** `invoice_number_clean`: the merchant's own invoice number. */
  merchantInvoiceNumber: string;
  /** `invoice_number`: Billink's public invoice number. */
  billinkInvoiceNumber: string;
  workflowId: string;
  /** One of ORDER_WEBHOOK_EVENTS, or an undocumented (v3) event name. */
  event: KnownOrderWebhookEvent | (string & {});
  /** False for events we do not know yet: log and ignore rather than reject (Billink would retry). */
  knownEvent: boolean;
  /** Original `Y-m-d H:i:s` text, Europe/Amsterdam wall-clock time. */
  timestamp: string;
  /**
   * `timestamp` as an instant (Amsterdam offset applied, DST included); undefined when the text is
   * not in the documented format — we keep the delivery rather than make Billink retry it.
   */
  occurredAt: Date | undefined;
  customInvoiceId?: string;
}

export interface SessionWebhook {
  kind: 'session';
  status: SessionStatus;
  /** `invoiceNumber`: the merchant's own invoice number (= transaction.orderNumber sent). */
  merchantInvoiceNumber: string;
  transactionId: string;
  billinkInvoiceNumber: string;
}

export type BillinkWebhook = OrderWebhook | SessionWebhook;

// Ids may arrive as JSON numbers; we keep every identifier as text.
const id = z.union([z.string().min(1), z.number().finite()]).transform(String);
const text = z.union([z.string(), z.number().finite()]).transform(String);
const WALL_CLOCK = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

const orderSchema = z.object({
  order_id: id,
  invoice_number_clean: id,
  invoice_number: text,
  workflow_id: id,
  event: z.string().min(1),
  timestamp: z.string(),
  custom_invoice_id: z.union([z.string(), z.number()]).nullish(),
});

const sessionSchema = z.object({
  status: z.enum(SESSION_STATUSES),
  invoiceNumber: id,
  transactionId: id,
  billinkInvoiceNumber: text,
});

/** Parses an order webhook body (already JSON-decoded); undefined when it does not fit. */
export function parseOrderWebhook(payload: unknown): OrderWebhook | undefined {
  const parsed = orderSchema.safeParse(payload);
  if (!parsed.success) return undefined;
  const p = parsed.data;
  return {
    kind: 'order',
    orderId: p.order_id,
    merchantInvoiceNumber: p.invoice_number_clean,
    billinkInvoiceNumber: p.invoice_number,
    workflowId: p.workflow_id,
    event: p.event,
    knownEvent: (ORDER_WEBHOOK_EVENTS as readonly string[]).includes(p.event),
    timestamp: p.timestamp,
    occurredAt: amsterdamToDate(p.timestamp),
    ...(p.custom_invoice_id == null || p.custom_invoice_id === ''
      ? {}
      : { customInvoiceId: String(p.custom_invoice_id) }),
  };
}

/** Parses a session webhook body (already JSON-decoded); undefined when it does not fit. */
export function parseSessionWebhook(payload: unknown): SessionWebhook | undefined {
  const parsed = sessionSchema.safeParse(payload);
  if (!parsed.success) return undefined;
  const p = parsed.data;
  return {
    kind: 'session',
    status: p.status,
    merchantInvoiceNumber: p.invoiceNumber,
    transactionId: p.transactionId,
    billinkInvoiceNumber: p.billinkInvoiceNumber,
  };
}

/** Order webhooks carry `event`, session webhooks `status`; anything else is not a Billink webhook. */
export function parseBillinkWebhook(payload: unknown): BillinkWebhook | undefined {
  if (typeof payload !== 'object' || payload === null) return undefined;
  return 'event' in payload ? parseOrderWebhook(payload) : parseSessionWebhook(payload);
}

const amsterdamParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Amsterdam',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** Amsterdam wall-clock minus UTC at `instant`, in ms (+1 h in winter, +2 h in summer). */
function amsterdamOffsetMs(instant: number): number {
  const parts = Object.fromEntries(
    amsterdamParts.formatToParts(new Date(instant)).map((p) => [p.type, Number(p.value)]),
  );
  const local = Date.UTC(
    parts.year ?? 0,
    (parts.month ?? 1) - 1,
    parts.day ?? 1,
    parts.hour ?? 0,
    parts.minute ?? 0,
    parts.second ?? 0,
  );
  return local - Math.floor(instant / 1000) * 1000;
}

/** `Y-m-d H:i:s` in Europe/Amsterdam → Date (the docs' "GMT+2" ignores winter time). */
export function amsterdamToDate(text: string): Date | undefined {
  const m = WALL_CLOCK.exec(text);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const wall = Date.UTC(y, mo - 1, d, h, mi, s);
  const check = new Date(wall);
  if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59 || s > 59)
    return undefined;
  // Two passes settle the offset around DST switches.
  let utc = wall - amsterdamOffsetMs(wall);
  utc = wall - amsterdamOffsetMs(utc);
  return new Date(utc);
}
