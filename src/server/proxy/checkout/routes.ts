/**
 * The checkout API the element calls (`{basePath}/check`, `/availability`, `/orders`,
 * `/orders/{id}`, `/return/{id}`), as one Hono sub-app: what each route reads from the request and
 * which module answers it. The perimeter (CORS, origin, rate limit, body size, errors) is the
 * proxy's, around it.
 */
import { Hono, type Context } from 'hono';
import type { ProxyContext } from '../context.js';
import {
  availabilityRequestSchema,
  checkRequestSchema,
  createOrderRequestSchema,
} from '../contract/checkout.js';
import { ProxyError } from '../errors.js';
import { readJsonBody } from '../http/json-body.js';
import { availabilityFor } from './availability.js';
import { check } from './check.js';
import { createOrder } from './create-order.js';
import { negotiateLocale } from './messages.js';
import { orderStatus } from './order-status.js';
import { shopperReturn } from './return.js';
import { resolveReturnUrl, type ReturnUrlPolicy } from './return-url.js';

export interface CheckoutApiOptions {
  /** Checks the shop's signed order token for a reference (a no-op without `orderRefSecret`). */
  checkOrderToken: (orderRef: string, token: string | undefined) => Promise<void>;
  /** The client's address, as the proxy's trust settings read it. */
  clientIp: (c: Context) => string;
  returnUrls: ReturnUrlPolicy;
  /** `{publicUrl}{basePath}/return`: Billink sends the shopper back through the proxy. */
  returnRoute: string | undefined;
}

/** What an Idempotency-Key may look like (the element sends a random UUID). */
const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{8,200}$/;
const ORDER_ID = /^ord_[A-Za-z0-9_-]{10,40}$/;

export function createCheckoutApi(ctx: ProxyContext, options: CheckoutApiOptions): Hono {
  const { checkOrderToken, clientIp, returnUrls, returnRoute } = options;
  const app = new Hono();

  app.post('/check', async (c) => {
    const body = await readJsonBody(c, checkRequestSchema);
    await checkOrderToken(body.orderRef, body.orderToken);
    return c.json(await check(ctx, body, c.req.raw, clientIp(c)));
  });

  app.post('/availability', async (c) => {
    const body = await readJsonBody(c, availabilityRequestSchema);
    await checkOrderToken(body.orderRef, body.orderToken);
    const locale = negotiateLocale(c.req.header('accept-language'));
    return c.json(await availabilityFor(ctx, body, c.req.raw, locale));
  });

  app.post('/orders', async (c) => {
    const body = await readJsonBody(c, createOrderRequestSchema);
    const key = c.req.header('idempotency-key');
    if (!key || !IDEMPOTENCY_KEY.test(key)) {
      throw new ProxyError('idempotency_key_required', 400, { field: 'Idempotency-Key' });
    }
    await checkOrderToken(body.orderRef, body.orderToken);
    // Billink sends the shopper there: only the shop's configured origins, never an open redirect.
    const returnUrl =
      body.returnUrl || body.mode === 'session'
        ? resolveReturnUrl(returnUrls, body.returnUrl)
        : undefined;
    const resolved = { ...body, ...(returnUrl ? { returnUrl } : {}) };
    return c.json(await createOrder(ctx, resolved, key, c.req.raw, clientIp(c), returnRoute), 201);
  });

  app.get('/return/:orderId', async (c) => {
    const target = await shopperReturn(ctx, returnUrls, c.req.param('orderId'), {
      to: c.req.query('to'),
      result: c.req.query('billink_result'),
    });
    return c.redirect(target, 303);
  });

  app.get('/orders/:orderId', async (c) => {
    const orderId = c.req.param('orderId');
    if (!ORDER_ID.test(orderId)) throw new ProxyError('order_not_found', 404);
    return c.json(await orderStatus(ctx, orderId, c.req.header('authorization'), c.req.raw));
  });

  return app;
}
