/** How the CLI shows an order to a person (`--json` prints the proxy's answer as it is). */
import { centsToDecimal } from '../../shared/money.js';

export interface OrderView {
  orderRef: string;
  orderNumber?: string;
  invoiceNumber?: string;
  workflowNumber?: string;
  status: string;
  amountCents: number;
  paidCents: number;
  creditedCents: number;
  outstandingCents: number;
  currency?: string;
  shipped: boolean;
  onHold: boolean;
  events: readonly { type: string; at: string; [detail: string]: unknown }[];
}

export const euros = (cents: number, currency = 'EUR'): string =>
  `${currency === 'EUR' ? '€' : currency} ${centsToDecimal(cents)}`;

const yesNo = (value: boolean) => (value ? 'yes' : 'no');

/** Event details worth a glance; the rest is in --json. */
function eventDetail(event: OrderView['events'][number]): string {
  const parts: string[] = [];
  for (const key of [
    'amountCents',
    'trackAndTrace',
    'days',
    'description',
    'message',
    'delivery',
  ]) {
    const value = event[key];
    if (value === undefined || value === null || value === '') continue;
    if (key === 'amountCents' && typeof value === 'number') parts.push(euros(value));
    else parts.push(`${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`);
  }
  return parts.join(', ');
}

export function formatOrder(order: OrderView): string {
  const money = (cents: number) => euros(cents, order.currency);
  const lines = [
    `Order ${order.orderRef}` +
      (order.invoiceNumber ? `  invoice ${order.invoiceNumber}` : '') +
      (order.workflowNumber ? `  workflow ${order.workflowNumber}` : ''),
    `  status       ${order.status}`,
    `  amount       ${money(order.amountCents)}`,
    `  paid         ${money(order.paidCents)}`,
    `  credited     ${money(order.creditedCents)}`,
    `  outstanding  ${money(order.outstandingCents)}`,
    `  shipped      ${yesNo(order.shipped)}`,
    `  on hold      ${yesNo(order.onHold)}`,
  ];
  if (order.events.length) {
    lines.push('  events');
    for (const event of order.events) {
      const detail = eventDetail(event);
      lines.push(`    ${event.at}  ${event.type}${detail ? `  (${detail})` : ''}`);
    }
  }
  return lines.join('\n');
}

export interface OrderListView {
  orders: readonly (Omit<OrderView, 'events'> & {
    updatedAt: string;
    eventsUndelivered: boolean;
  })[];
  nextCursor?: string;
}

/** One line per order, columns padded; a mark where events still wait to reach the shop. */
export function formatOrderList(list: OrderListView): string {
  const head = ['ORDER', 'STATUS', 'AMOUNT', 'OUTSTANDING', 'SHIPPED', 'UPDATED', 'EVENTS'];
  const rows = list.orders.map((o) => [
    o.orderRef,
    o.status + (o.onHold ? ' (on hold)' : ''),
    euros(o.amountCents, o.currency),
    euros(o.outstandingCents, o.currency),
    yesNo(o.shipped),
    o.updatedAt.slice(0, 16).replace('T', ' '),
    o.eventsUndelivered ? 'undelivered' : 'ok',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  const out = list.orders.length ? [line(head), ...rows.map(line)] : ['no orders'];
  if (list.nextCursor) out.push(`more: run again with --cursor ${list.nextCursor}`);
  return out.join('\n');
}
