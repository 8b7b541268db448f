/**
 * The back office's only way to orders: the proxy's merchant API with the bearer key, through the
 * same client the `billink` CLI uses. The key stays on the server; answers come in the page's
 * language (Accept-Language), and every refusal is a CliError with the proxy's code and message.
 */
import { createMerchantApi } from '../../../src/server/cli/merchant-api.js';
import type { InvoiceItem, InvoicePage } from '../../../src/server/proxy/orders/invoices.js';
import type { MerchantOrder, OrderSummary } from '../../../src/server/proxy/contract/merchant.js';
import type { AdminLang } from './texts.js';

export type { InvoiceItem, MerchantOrder, OrderSummary };

/** The newest orders the back office shows (one page of the order book). */
const ORDERS_SHOWN = 100;

/** Billink's list is paged; a demo's date range stays far below this. */
const MAX_PAGES = 40;

export function createMerchantClient(options: {
  proxyUrl: string;
  apiKey: string;
  fetch?: typeof fetch;
}) {
  const api = createMerchantApi(options);
  const order = (ref: string) => `/orders/${encodeURIComponent(ref)}`;
  const lang = (l: AdminLang) => ({ 'accept-language': l });

  return {
    /** From the proxy's order book, so the list survives a restart of the shop. */
    orders: async (l: AdminLang): Promise<OrderSummary[]> =>
      (
        await api.json<{ orders: OrderSummary[] }>('GET', '/orders', {
          headers: lang(l),
          query: { limit: ORDERS_SHOWN },
        })
      ).orders,
    order: (ref: string, l: AdminLang) =>
      api.json<MerchantOrder>('GET', order(ref), { headers: lang(l) }),
    ship: (ref: string, trackAndTrace: string | undefined, l: AdminLang) =>
      api.json<MerchantOrder>('POST', `${order(ref)}/ship`, {
        headers: lang(l),
        body: trackAndTrace ? { trackAndTrace } : {},
      }),
    /** The key makes a repeated form (double click, reload) credit once. */
    credit: (
      ref: string,
      input: { amountCents: number; description: string },
      key: string,
      l: AdminLang,
    ) =>
      api.json<MerchantOrder>('POST', `${order(ref)}/credits`, {
        headers: { ...lang(l), 'idempotency-key': key },
        body: input,
      }),
    hold: (ref: string, days: number, l: AdminLang) =>
      api.json<MerchantOrder>('POST', `${order(ref)}/hold`, { headers: lang(l), body: { days } }),
    resume: (ref: string, l: AdminLang) =>
      api.json<MerchantOrder>('POST', `${order(ref)}/resume`, { headers: lang(l), body: {} }),
    message: (ref: string, message: string, l: AdminLang) =>
      api.json<{ sent: true }>('POST', `${order(ref)}/messages`, {
        headers: lang(l),
        body: { message },
      }),
    shopperPays: (ref: string, amountCents: number, l: AdminLang) =>
      api.json<MerchantOrder>('POST', `${order(ref)}/simulate-payment`, {
        headers: lang(l),
        body: { amountCents },
      }),
    /** Every invoice in the range (all pages). */
    async invoices(range: { from: string; to: string }, l: AdminLang): Promise<InvoiceItem[]> {
      const all: InvoiceItem[] = [];
      for (let page = 1; page <= MAX_PAGES; page++) {
        const answer = await api.json<InvoicePage>('GET', '/invoices', {
          headers: lang(l),
          query: { ...range, page },
        });
        all.push(...answer.invoices);
        if (page >= answer.totalPages || answer.invoices.length === 0) break;
      }
      return all;
    },
    /** The merchant API's CSV export, passed through as it streams. */
    invoicesCsv: (range: { from: string; to: string }) =>
      api.raw('/invoices', { query: { ...range, format: 'csv' } }),
  };
}
export type MerchantClient = ReturnType<typeof createMerchantClient>;
