/**
 * Billink's reconciliation list in typed form. The item fields are undocumented (the reference
 * lists only the list's own fields); the names read here are the ones the simulator models on
 * Billink's order webhook (`invoice_number`, `invoice_number_clean`, `workflow_id`) plus amount
 * fields as decimals. A field Billink does not send stays absent rather than becoming 0.
 */
import { z } from 'zod';
import { decimalToCents, type BillinkClient } from '../../billink/index.js';

export const invoiceItemSchema = z
  .strictObject({
    invoiceNumber: z.string().meta({ description: "Billink's public invoice number." }),
    orderNumber: z.string().optional().meta({ description: "The merchant's order number." }),
    workflowNumber: z.string().optional(),
    amountCents: z.number().int().optional(),
    paidCents: z.number().int().optional(),
    creditedCents: z.number().int().optional(),
    outstandingCents: z.number().int().optional(),
    createdAt: z.string().optional().meta({ description: 'As Billink sends it (Amsterdam time).' }),
    reconciliationId: z.string().optional(),
  })
  .meta({ id: 'InvoiceItem' });
export type InvoiceItem = z.infer<typeof invoiceItemSchema>;

export const invoicePageSchema = z
  .strictObject({
    page: z.number().int(),
    totalPages: z.number().int(),
    totalInvoices: z.number().int(),
    invoices: z.array(invoiceItemSchema),
  })
  .meta({ id: 'InvoicePage' });
export type InvoicePage = z.infer<typeof invoicePageSchema>;

const textOf = (v: unknown): string | undefined =>
  typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined;
const centsOf = (v: unknown): number | undefined =>
  typeof v === 'string' || typeof v === 'number' ? decimalToCents(v) : undefined;

export function toInvoiceItem(raw: Readonly<Record<string, unknown>>): InvoiceItem {
  const fields = {
    invoiceNumber: textOf(raw['invoice_number']) ?? textOf(raw['invoiceNumber']) ?? '',
    orderNumber: textOf(raw['invoice_number_clean']),
    workflowNumber: textOf(raw['workflow_id']),
    amountCents: centsOf(raw['amount']),
    paidCents: centsOf(raw['paid_amount']),
    creditedCents: centsOf(raw['credited_amount']),
    outstandingCents: centsOf(raw['open_amount']),
    createdAt: textOf(raw['created_at']),
    reconciliationId: textOf(raw['reconciliation_id']),
  };
  return Object.fromEntries(
    Object.entries(fields).filter(([, v]) => v !== undefined),
  ) as InvoiceItem;
}

export async function invoicePage(
  billink: BillinkClient,
  query: { from?: string; to?: string; page: number },
): Promise<InvoicePage> {
  const result = await billink.invoices({
    page: query.page,
    ...(query.from ? { dateFrom: query.from } : {}),
    ...(query.to ? { dateTo: query.to } : {}),
  });
  return {
    page: result.page,
    totalPages: result.totalPages,
    totalInvoices: Number(result.totalInvoices) || 0,
    invoices: result.invoices.map(toInvoiceItem),
  };
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * The list entry of one order, looked up around the day it was created (at most 20 pages);
 * `days` widens the window after it when the creation day is only known roughly.
 */
export async function findInvoice(
  billink: BillinkClient,
  order: { orderNumber: string; invoiceNumber?: string; createdAt: number },
  days = 1,
): Promise<InvoiceItem | undefined> {
  const DAY = 24 * 60 * 60 * 1000;
  const from = day(order.createdAt - DAY);
  const to = day(order.createdAt + days * DAY);
  for (let page = 1; page <= 20; page++) {
    const result = await invoicePage(billink, { from, to, page });
    const found = result.invoices.find(
      (i) =>
        i.orderNumber === order.orderNumber ||
        (order.invoiceNumber !== undefined && i.invoiceNumber === order.invoiceNumber),
    );
    if (found) return found;
    if (page >= result.totalPages) return undefined;
  }
  return undefined;
}
