/**
 * The merchant API under `{basePath}/merchant`: server to server, bearer key, never CORS. Every
 * route reads and changes orders through the order book (orders/), never around it.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { Hono, type Context } from 'hono';
import type { z } from 'zod';
import { centsToDecimal } from '../../billink/index.js';
import { ProxyError } from '../errors.js';
import { readJsonBody } from '../http/json-body.js';
import { invoicePage, type InvoiceItem } from '../orders/invoices.js';
import type { BookEntry } from '../orders/order-book.js';
import { refreshOrder, syncWithBillink, type LifecycleDeps } from '../orders/sync.js';
import { orderRefSchema } from '../contract/checkout.js';
import { onceForKey } from './idempotency.js';
import * as ops from './operations.js';
import { listBook } from '../orders/order-list.js';
import {
  creditRequestSchema,
  orderListQuerySchema,
  holdRequestSchema,
  messageRequestSchema,
  paymentRequestSchema,
  reviewRequestSchema,
  shipManyRequestSchema,
  shipRequestSchema,
  simulatePaymentRequestSchema,
  webhookSetupRequestSchema,
} from '../contract/merchant.js';
import { setUpWebhooks } from './webhook-setup.js';
import { runDoctor } from './doctor.js';

export interface MerchantApiOptions {
  apiKey: string;
  /** Where Billink reaches this proxy's POST /webhooks (default for webhooks/setup). */
  webhookUrl: string | undefined;
  /** Origins the invoice document may be fetched from (Billink's host). */
  documentOrigins: readonly string[];
  /** A webhook secret from the environment / options (for the doctor). */
  configuredWebhookSecret?: boolean;
  /** Whether anybody listens to order events (for the doctor). */
  deliversEvents?: boolean;
  /** Closes an open review (adoption.ts): needs the proxy's context, which the book does not. */
  resolveReview: (orderRef: string, resolution: 'credited' | 'accepted') => Promise<BookEntry>;
  /** Simulator mode only: the shopper pays (simulator.shopperPays). */
  simulateShopperPayment?: (input: { invoiceNumber: string; amountCents: number }) => Promise<void>;
}

const digest = (text: string) => createHash('sha256').update(text).digest();

/** Merchant routes without parameters may be called with no body at all. */
const readJson = <S extends z.ZodType>(c: Context, schema: S) =>
  readJsonBody(c, schema, { emptyAs: {} });

function orderRefParam(c: Context): string {
  const parsed = orderRefSchema.safeParse(c.req.param('orderRef'));
  if (!parsed.success) throw new ProxyError('order_not_found', 404);
  return parsed.data;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const CSV_COLUMNS: ReadonlyArray<[string, (i: InvoiceItem) => string | undefined]> = [
  ['invoice_number', (i) => i.invoiceNumber],
  ['order_number', (i) => i.orderNumber],
  ['workflow', (i) => i.workflowNumber],
  ['created_at', (i) => i.createdAt],
  ['amount', (i) => money(i.amountCents)],
  ['paid', (i) => money(i.paidCents)],
  ['credited', (i) => money(i.creditedCents)],
  ['outstanding', (i) => money(i.outstandingCents)],
  ['reconciliation_id', (i) => i.reconciliationId],
];
const money = (cents: number | undefined) => (cents === undefined ? '' : centsToDecimal(cents));
const csvCell = (value: string | undefined) => {
  const v = value ?? '';
  // Quote when needed; a leading = + - @ is neutralised so a spreadsheet never runs it.
  const safe = /^[=+\-@]/.test(v) && !/^-?\d/.test(v) ? `'${v}` : v;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
};
const csvRow = (cells: ReadonlyArray<string | undefined>) => cells.map(csvCell).join(',') + '\r\n';

export function createMerchantApi(deps: LifecycleDeps, options: MerchantApiOptions): Hono {
  const app = new Hono();
  const expected = digest(options.apiKey);

  app.use('*', async (c, next) => {
    // Server to server only: a browser (which always sends Origin on such requests) is refused.
    if (c.req.header('origin')) throw new ProxyError('forbidden_origin', 403);
    const given = /^Bearer (.+)$/i.exec(c.req.header('authorization') ?? '')?.[1] ?? '';
    if (!timingSafeEqual(digest(given), expected)) {
      throw new ProxyError('unauthorized', 401, { headers: { 'www-authenticate': 'Bearer' } });
    }
    await next();
  });

  app.get('/orders', async (c) => {
    const parsed = orderListQuerySchema.safeParse(c.req.query());
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ProxyError('invalid_request', 400, {
        field: String(issue?.path[0] ?? 'query'),
        ...(issue ? { detail: issue.message } : {}),
      });
    }
    const q = parsed.data;
    const filter = {
      ...(q.status ? { status: q.status } : {}),
      ...(q.shipped ? { shipped: q.shipped === 'true' } : {}),
    };
    const page = await listBook(deps, filter, Number(q.limit ?? 50), q.cursor);
    return c.json({
      orders: page.entries.map(ops.summarize),
      ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
    });
  });

  app.get('/orders/:orderRef', async (c) => {
    const orderRef = orderRefParam(c);
    const entry =
      c.req.query('refresh') === '1'
        ? await refreshOrder(deps, orderRef)
        : await ops.getOrder(deps, orderRef);
    return c.json(ops.present(entry));
  });

  app.post('/orders/ship', async (c) => {
    const body = await readJson(c, shipManyRequestSchema);
    return c.json({ results: await ops.shipMany(deps, body.orders) });
  });

  app.post('/orders/:orderRef/ship', async (c) => {
    const orderRef = orderRefParam(c);
    const body = await readJson(c, shipRequestSchema);
    return c.json(ops.present(await ops.ship(deps, orderRef, body.trackAndTrace)));
  });

  app.post('/orders/:orderRef/credits', async (c) => {
    const orderRef = orderRefParam(c);
    const body = await readJson(c, creditRequestSchema);
    const answer = await onceForKey(
      deps,
      `credit:${orderRef}`,
      c.req.header('idempotency-key'),
      body,
      async (sent) => ops.present(await ops.credit(deps, orderRef, body, sent)),
    );
    return c.json(answer, 201);
  });

  app.post('/orders/:orderRef/payments', async (c) => {
    const orderRef = orderRefParam(c);
    const body = await readJson(c, paymentRequestSchema);
    const answer = await onceForKey(
      deps,
      `payment:${orderRef}`,
      c.req.header('idempotency-key'),
      body,
      async (sent) => ops.present(await ops.registerPayment(deps, orderRef, body, sent)),
    );
    return c.json(answer, 201);
  });

  app.post('/orders/:orderRef/hold', async (c) => {
    const orderRef = orderRefParam(c);
    const body = await readJson(c, holdRequestSchema);
    return c.json(ops.present(await ops.hold(deps, orderRef, body.days)));
  });

  app.post('/orders/:orderRef/resume', async (c) => {
    const orderRef = orderRefParam(c);
    return c.json(ops.present(await ops.resume(deps, orderRef)));
  });

  app.post('/orders/:orderRef/messages', async (c) => {
    const orderRef = orderRefParam(c);
    const body = await readJson(c, messageRequestSchema);
    await ops.sendMessage(deps, orderRef, body.message);
    return c.json({ sent: true }, 201);
  });

  app.post('/orders/:orderRef/review', async (c) => {
    const orderRef = orderRefParam(c);
    const body = await readJson(c, reviewRequestSchema);
    return c.json(ops.present(await options.resolveReview(orderRef, body.resolution)));
  });

  app.get('/orders/:orderRef/invoice', async (c) =>
    ops.invoiceDocument(deps, orderRefParam(c), options.documentOrigins),
  );

  if (options.simulateShopperPayment) {
    const pay = options.simulateShopperPayment;
    app.post('/orders/:orderRef/simulate-payment', async (c) => {
      const orderRef = orderRefParam(c);
      const body = await readJson(c, simulatePaymentRequestSchema);
      const entry = await ops.getOrder(deps, orderRef);
      if (entry.status !== 'approved') throw new ProxyError('order_not_approved', 409);
      await pay({ invoiceNumber: entry.orderNumber, amountCents: body.amountCents });
      // The simulator's webhooks arrive too; reading Billink now makes the answer current.
      const { entry: refreshed } = await syncWithBillink(
        deps,
        orderRef,
        (current): current is BookEntry => current !== undefined,
        'shopper',
      );
      deps.kickOrderEvents();
      return c.json(ops.present(refreshed ?? entry));
    });
  }

  app.get('/invoices', async (c) => {
    const from = c.req.query('from');
    const to = c.req.query('to');
    for (const [field, value] of [
      ['from', from],
      ['to', to],
    ] as const) {
      if (value !== undefined && !DATE.test(value)) {
        throw new ProxyError('invalid_request', 400, { field, detail: 'YYYY-MM-DD' });
      }
    }
    const range = { ...(from ? { from } : {}), ...(to ? { to } : {}) };
    if (c.req.query('format') === 'csv') {
      const encoder = new TextEncoder();
      // The first page is read before answering, so a Billink failure is still a clean error.
      const first = await invoicePage(deps.billink, { ...range, page: 1 });
      const stream = new ReadableStream<Uint8Array>({
        async start(controller) {
          controller.enqueue(encoder.encode(csvRow(CSV_COLUMNS.map(([name]) => name))));
          let page = first;
          for (;;) {
            for (const item of page.invoices) {
              controller.enqueue(encoder.encode(csvRow(CSV_COLUMNS.map(([, get]) => get(item)))));
            }
            if (page.page >= page.totalPages || page.invoices.length === 0) break;
            try {
              page = await invoicePage(deps.billink, { ...range, page: page.page + 1 });
            } catch (error) {
              deps.logger.error?.('invoice export failed', { page: page.page + 1 });
              controller.error(error);
              return;
            }
          }
          controller.close();
        },
      });
      return new Response(stream, {
        headers: {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': 'attachment; filename="billink-invoices.csv"',
          'cache-control': 'no-store',
        },
      });
    }
    const pageText = c.req.query('page') ?? '1';
    if (!/^[1-9]\d{0,5}$/.test(pageText))
      throw new ProxyError('invalid_request', 400, { field: 'page' });
    return c.json(await invoicePage(deps.billink, { ...range, page: Number(pageText) }));
  });

  app.get('/doctor', async (c) =>
    c.json(
      await runDoctor(deps, {
        webhookUrl: options.webhookUrl,
        configuredWebhookSecret: options.configuredWebhookSecret ?? false,
        deliversEvents: options.deliversEvents ?? false,
      }),
    ),
  );

  app.post('/webhooks/setup', async (c) => {
    const body = await readJson(c, webhookSetupRequestSchema);
    const url = body.url ?? options.webhookUrl;
    if (!url) throw new ProxyError('webhook_url_required', 400, { field: 'url' });
    return c.json(await setUpWebhooks(deps.billink, deps.store, url));
  });

  return app;
}
