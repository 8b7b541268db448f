/**
 * The Billink simulator: a Hono app behind a plain `fetch(request)` that serves every path of the
 * endpoint table (ENDPOINTS) plus the simulated hosted checkout page. Web-standard APIs only, so
 * it runs in Node, in a browser (msw service worker) and in-process as the Billink client's fetch.
 */
import { Hono, type Context } from 'hono';
import { ENDPOINTS, type EndpointName } from '../billink/endpoints.js';
import {
  SimulatorCore,
  type PaymentOutcome,
  type SimulatorOptions,
  type SimulatorStats,
  type CallName,
  type MerchantEmail,
} from './core.js';
import { decide } from './hosted.js';
import {
  HOSTED_PAGE_CSP,
  HOSTED_PAGE_CSS,
  pickLang,
  renderNotFoundPage,
  renderSessionPage,
  type PageError,
} from './hosted-page.js';
import { handleLegacy, type XmlEndpointName } from './legacy.js';
import { invoicePdf } from './pdf.js';
import { jsonResponse, RequestAborted } from './respond.js';
import { outstandingCents, type Order, type Session, type SessionStatus } from './state.js';
import { centsToDecimal } from '../billink/money.js';
import { amsterdamTimestamp } from './webhooks.js';
import { handleJson, type JsonEndpointName } from './v2.js';
import type { WebhookDelivery } from './webhooks.js';

export interface Simulator {
  /** Answers one request as Billink would. Rejects like `fetch` when `request.signal` aborts. */
  fetch(request: Request): Promise<Response>;
  readonly stats: SimulatorStats;
  /** Zeroes every counter in `stats`. */
  resetStats(): void;
  /** The simulator's clock (the injected `now` plus everything passed to `advanceTime`). */
  now(): number;
  /** Moves the simulator's clock forward and expires what became due (fires webhooks). */
  advanceTime(ms: number): void;
  /** Expires overdue sessions now; otherwise this happens lazily on the next request. */
  sweep(): void;
  /** Resolves when every queued webhook delivery (including retries) has finished. */
  webhooksIdle(): Promise<void>;
  /** Recent webhook deliveries (bounded by `maxEntries`), oldest first. */
  readonly webhookDeliveries: readonly WebhookDelivery[];
  /** The e-mails Billink would have sent the merchant (a webhook that failed every retry). */
  readonly merchantEmails: readonly MerchantEmail[];
  /** A session by id, status brought up to date. Read-only view for tests. */
  getSession(sessionID: string): Readonly<Session> | undefined;
  /** An order by Billink invoice number or merchant order number. Read-only view for tests. */
  getOrder(invoiceOrOrderNumber: string, username?: string): Readonly<Order> | undefined;
  /**
   * What a shopper on the hosted page would do, without HTML: returns the new status and the
   * URL the shopper is sent to. `birthdate` is used when the page would ask for it.
   */
  completeSession(
    sessionID: string,
    choice: 'approve' | 'decline' | 'cancel',
    options?: { birthdate?: string },
  ): { status: SessionStatus; redirect?: string };
  /**
   * The shopper pays `amountCents` of an invoice to Billink, at the simulator's clock: books it
   * and sends `partial_payment_added`, or `order_paid` (+ `customer_fully_paid` when none of that
   * customer's orders is open any more). `invoiceNumber` is the merchant's order number or
   * Billink's invoice number. Throws a `SimulatorError` for an unknown invoice, an amount that is
   * not a positive whole number of cents, or more than is outstanding.
   */
  shopperPays(input: {
    invoiceNumber: string;
    amountCents: number;
    username?: string;
  }): PaymentOutcome;
  /** Aborts pending webhook deliveries and hanging (`timeout`/`slow`) requests. */
  close(): Promise<void>;
}

const HTML_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': HOSTED_PAGE_CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

function htmlResponse(body: string, status = 200): Response {
  return new Response(body, { status, headers: HTML_HEADERS });
}

/** Endpoints grouped by path (on-hold and resume share one). */
function pathGroups(): Map<string, EndpointName[]> {
  const groups = new Map<string, EndpointName[]>();
  for (const name of Object.keys(ENDPOINTS) as EndpointName[]) {
    const path = ENDPOINTS[name].path;
    groups.set(path, [...(groups.get(path) ?? []), name]);
  }
  return groups;
}

function isXml(name: EndpointName): name is XmlEndpointName {
  return ENDPOINTS[name].wire === 'xml';
}

/** The invoice as Billink would send it to the shopper: numbers, lines, what is paid and open. */
function invoiceDocument(core: SimulatorCore, order: Order): Uint8Array<ArrayBuffer> {
  const eur = (cents: number): string => `EUR ${centsToDecimal(cents)}`;
  return invoicePdf([
    `Factuur ${order.invoiceNumber}`,
    `Billink (simulator) - ${order.username}`,
    `Ordernummer: ${order.orderNumber}`,
    `Datum: ${amsterdamTimestamp(order.createdAt).slice(0, 10)}`,
    '',
    ...order.lines.map((l) => `${l.quantity} x ${l.name || l.code}  ${eur(l.totalCents)}`),
    '',
    `Totaal: ${eur(order.amountCents)}`,
    `Betaald: ${eur(order.paidCents)}`,
    `Gecrediteerd: ${eur(order.creditedCents)}`,
    `Openstaand: ${eur(outstandingCents(order))}`,
    `Printed ${amsterdamTimestamp(core.now())}`,
  ]);
}

function buildApp(core: SimulatorCore): Hono {
  const app = new Hono();
  const publicBase = (c: Context): string => core.publicUrl ?? new URL(c.req.url).origin;

  for (const [path, names] of pathGroups()) {
    const xml = names.filter(isXml);
    if (xml.length > 0) {
      app.post(path, (c) => handleLegacy(core, xml, c.req.raw, publicBase(c)));
    } else {
      const name = names[0] as JsonEndpointName;
      app.post(path, (c) => handleJson(core, name, c.req.raw, publicBase(c)));
    }
  }

  app.get('/checkout/assets/style.css', () => {
    return new Response(HOSTED_PAGE_CSS, {
      headers: {
        'content-type': 'text/css; charset=utf-8',
        'cache-control': 'public, max-age=3600',
        'x-content-type-options': 'nosniff',
      },
    });
  });

  // The invoice document a legacy File answer points at (an unguessable, expiring name).
  app.get('/invoice-files/:file', (c) => {
    const token = /^([0-9a-f]{32})\.pdf$/.exec(c.req.param('file'))?.[1];
    const order = token ? core.invoiceFileOrder(token) : undefined;
    if (!order) return jsonResponse({ status: 'error', message: 'Not found' }, 404);
    return new Response(invoiceDocument(core, order), {
      headers: {
        'content-type': 'application/pdf',
        'content-disposition': `inline; filename="${order.invoiceNumber}.pdf"`,
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      },
    });
  });

  app.get('/checkout/:id', (c) => {
    core.calls.hostedPage++;
    const session = core.getSession(c.req.param('id'));
    const lang = pickLang(c.req.query('lang'), c.req.header('accept-language'), session?.language);
    if (!session) return htmlResponse(renderNotFoundPage(lang), 404);
    return htmlResponse(renderSessionPage({ session, shopName: session.username, lang }));
  });

  app.post('/checkout/:id', async (c) => {
    core.calls.hostedPageSubmit++;
    const session = core.getSession(c.req.param('id'));
    const lang = pickLang(c.req.query('lang'), c.req.header('accept-language'), session?.language);
    if (!session) return htmlResponse(renderNotFoundPage(lang), 404);
    const form = await c.req.parseBody();
    const field = (key: string): string => {
      const v = form[key];
      return typeof v === 'string' ? v : '';
    };
    const decision = decide(core, session, field('choice'), field('birthdate'));
    if (decision.kind === 'done') return c.redirect(decision.redirect, 303);
    const status = decision.kind === 'final' ? 409 : 400;
    const error: PageError | undefined = decision.kind === 'invalid' ? decision.error : undefined;
    return htmlResponse(
      renderSessionPage({
        session,
        shopName: session.username,
        lang,
        ...(error ? { error, birthdate: field('birthdate') } : {}),
      }),
      status,
    );
  });

  app.notFound(() => jsonResponse({ status: 'error', message: 'Not found' }, 404));
  app.onError((err) => {
    if (err instanceof RequestAborted) throw err;
    return jsonResponse({ status: 'error', message: 'Something went wrong' }, 500);
  });
  return app;
}

/** Rewrites a request under `mountPath` to the path the app serves. */
async function unmount(request: Request, mountPath: string): Promise<Request> {
  if (!mountPath) return request;
  const url = new URL(request.url);
  if (url.pathname !== mountPath && !url.pathname.startsWith(`${mountPath}/`)) return request;
  url.pathname = url.pathname.slice(mountPath.length) || '/';
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
  return new Request(url, {
    method: request.method,
    headers: request.headers,
    signal: request.signal,
    ...(hasBody ? { body: await request.arrayBuffer() } : {}),
  });
}

function abortError(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}

export function createSimulator(options: SimulatorOptions = {}): Simulator {
  const core = new SimulatorCore(options);
  const app = buildApp(core);

  async function handle(request: Request): Promise<Response> {
    const req = await unmount(request, core.mountPath);
    core.sweep();
    try {
      return await app.fetch(req);
    } catch (err) {
      if (err instanceof RequestAborted) throw abortError(request.signal);
      throw err;
    }
  }

  return {
    fetch(request) {
      const signal = request.signal;
      if (signal.aborted) return Promise.reject(abortError(signal));
      if (core.isClosed)
        return Promise.resolve(jsonResponse({ status: 'error', message: 'Simulator closed' }, 503));
      return new Promise<Response>((resolve, reject) => {
        const onAbort = (): void => reject(abortError(signal));
        signal.addEventListener('abort', onAbort, { once: true });
        handle(request)
          .then(resolve, reject)
          .finally(() => signal.removeEventListener('abort', onAbort));
      });
    },
    stats: {
      calls: core.calls,
      webhooks: core.webhooks.counts,
    },
    resetStats() {
      for (const key of Object.keys(core.calls) as CallName[]) core.calls[key] = 0;
      const w = core.webhooks.counts;
      w.delivered = 0;
      w.failed = 0;
      w.attempts = 0;
    },
    now: () => core.now(),
    advanceTime: (ms) => core.advanceTime(ms),
    sweep: () => core.sweep(),
    webhooksIdle: () => core.webhooks.idle(),
    get webhookDeliveries() {
      return core.webhookLog;
    },
    get merchantEmails() {
      return core.merchantEmails;
    },
    getSession: (id) => core.getSession(id),
    getOrder: (number, username) => core.findOrderAnywhere(number, username)?.order,
    shopperPays: (input) => core.shopperPays(input),
    completeSession(id, choice, opts = {}) {
      const session = core.getSession(id);
      if (!session) throw new Error(`unknown session ${id}`);
      const decision = decide(core, session, choice, opts.birthdate ?? '');
      if (decision.kind === 'invalid')
        throw new Error(`hosted page would refuse: ${decision.error}`);
      return decision.kind === 'done'
        ? { status: session.status, redirect: decision.redirect }
        : { status: session.status };
    },
    async close() {
      core.close();
      await core.webhooks.idle();
    },
  };
}
