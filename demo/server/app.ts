import { Hono, type Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { secureHeaders } from 'hono/secure-headers';
import { serveStatic } from '@hono/node-server/serve-static';
import type { ProxyConfig } from '../../src/server/proxy/config.js';
import { createProxyStack, type ProxyStack } from '../../src/server/proxy/standalone.js';
import type { ProxyLogger } from '../../src/server/proxy/context.js';
import { cartToOrder, cartTotal, createCartStore, discountCents, type Cart } from './cart.js';

export interface DemoApp {
  app: Hono;
  stack: ProxyStack;
  carts: ReturnType<typeof createCartStore>;
}

const COOKIE = 'demo_cart';
/** The order events that are a checkout's outcome (the rest happen after it). */
const CHECKOUT_OUTCOMES = new Set(['approved', 'declined', 'cancelled', 'failed', 'expired']);

/**
 * The demo webshop: its pages and the built CDN bundle under a strict CSP, a server-side cart, and
 * the Billink proxy at /billink whose order source is that cart — by default on the embedded
 * Billink simulator (hosted checkout page at /billink-simulator).
 */
export function createDemoApp(
  config: ProxyConfig,
  options: { publicUrl: string; logger?: ProxyLogger },
): DemoApp {
  const carts = createCartStore();
  const stack = createProxyStack(config, {
    publicUrl: options.publicUrl,
    ...(options.logger ? { logger: options.logger } : {}),
    // The amount Billink sees comes from the server-side cart, never from the page.
    resolveOrder: async (orderRef) => {
      const cart = carts.get(orderRef);
      return cart ? cartToOrder(cart) : null;
    },
    // The server-side truth: the shop marks a cart paid only from here, never from the browser.
    onOrderEvent: (event) => {
      const cart = carts.get(event.orderRef);
      if (!cart || !CHECKOUT_OUTCOMES.has(event.type)) return;
      cart.billink = {
        status: event.type,
        orderNumber: event.orderNumber,
        amountCents: event.amountCents ?? cartTotal(cart),
      };
    },
  });

  const app = new Hono();
  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'https://cdn.billink.nl'],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
      // The popup flow needs window.opener back on the shop's own pages.
      crossOriginOpenerPolicy: 'same-origin-allow-popups',
    }),
  );

  const view = (cart: Cart) => ({
    id: cart.id,
    orderNumber: cart.orderNumber,
    lines: cart.lines,
    shippingCents: cart.shippingCents,
    discountCents: discountCents(cart),
    totalCents: cartTotal(cart),
    currency: 'EUR',
    billink: cart.billink ?? null,
  });
  const current = (c: Context) => {
    let cart = carts.get(getCookie(c, COOKIE));
    if (!cart) {
      cart = carts.create();
      setCookie(c, COOKIE, cart.id, { httpOnly: true, sameSite: 'Lax', path: '/' });
    }
    return cart;
  };

  app.get('/api/cart', (c) => c.json(view(current(c))));
  app.post('/api/cart/items', async (c) => {
    const cart = current(c);
    const body = (await c.req.json().catch(() => ({}))) as { sku?: unknown; quantity?: unknown };
    if (typeof body.sku === 'string' && typeof body.quantity === 'number') {
      carts.setQuantity(cart, body.sku, body.quantity);
    }
    return c.json(view(cart));
  });
  app.post('/api/cart/new', (c) => {
    const cart = carts.create();
    setCookie(c, COOKIE, cart.id, { httpOnly: true, sameSite: 'Lax', path: '/' });
    return c.json(view(cart));
  });

  app.route('/', stack.app);
  app.use('/dist/cdn/*', serveStatic({ root: './' }));
  app.use('/*', serveStatic({ root: './demo/public' }));
  return { app, stack, carts };
}
