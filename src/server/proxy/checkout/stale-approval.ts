/**
 * What happens to an approval for an amount the shop's order no longer has (the decision itself is
 * `staleApproval` in attempts/order-records.ts): the shop reviews it, it is never left silently
 * invoiced.
 */
import { openReview } from '../attempts/adoption.js';
import { notifyUnmatched, type ProxyContext } from '../context.js';
import { type OrderRecord } from '../attempts/order-records.js';
import { type Order } from '../contract/checkout.js';

/**
 * A Billink order for an amount the shop no longer has: never silently left invoiced. The shop
 * hears it as `needs_review` in that order's book, to credit it (or accept it).
 */
export async function surfaceStaleApproval(
  ctx: ProxyContext,
  record: OrderRecord,
  order: Order,
): Promise<void> {
  await openReview(ctx, {
    orderRef: record.orderRef,
    orderNumber: record.orderNumber,
    reason: 'amount_mismatch',
    orderId: record.orderId,
    ...(record.invoiceNumber ? { billinkInvoiceNumber: record.invoiceNumber } : {}),
    billinkAmountCents: record.amountCents,
    shopAmountCents: order.totalCents,
    currency: record.currency,
    workflowNumber: record.workflowNumber,
  });
  await notifyUnmatched(ctx, {
    type: 'amount_mismatch',
    orderNumber: record.orderNumber,
    ...(record.invoiceNumber ? { billinkInvoiceNumber: record.invoiceNumber } : {}),
    orderId: record.orderId,
    orderRef: record.orderRef,
    amountCents: record.amountCents,
    currentAmountCents: order.totalCents,
  });
}
