import { Hono } from 'hono';
import { compress } from 'hono/compress';
import { secureHeaders } from 'hono/secure-headers';
import { serveStatic } from '@hono/node-server/serve-static';
import type { ProxyConfig } from '../../src/server/proxy/standalone/config.js';
import { createProxyStack, type ProxyStack } from '../../src/server/proxy/standalone/server.js';
import type { ProxyLogger } from '../../src/server/proxy/context.js';
import { cartToOrder, cartTotal, createCartStore, type CartStore } from './cart.js';
import { cartRoutes } from './routes/cart.js';
import { BADGE_STYLE_SRC, productRoutes } from './routes/product.js';
import { createMerchantClient } from './admin/merchant.js';
import { adminRoutes } from './admin/routes.js';
import { randomPassword } from './admin/session.js';
import { randomToken } from '../../src/server/proxy/tokens.js';

export interface DemoApp {
  app: Hono;
  stack: ProxyStack;
  carts: CartStore;
  /** The back office's password (ADMIN_PASSWORD, or random per start). */
  adminPassword: string;
}

/** The order events that are a checkout's outcome (the rest happen after it). */
const CHECKOUT_OUTCOMES = new Set(['approved', 'declined', 'cancelled', 'failed', 'expired']);

/**
 * The demo webshop: its pages and the built CDN bundle under a strict CSP, a server-side cart, and
 * the Billink proxy at /billink whose order source is that cart — by default on the embedded
 * Billink simulator (hosted checkout page at /billink-simulator). Each area is a small route module
 * mounted here, so a new one (e.g. a back office) is one more `app.route`.
 */
export function createDemoApp(
  config: ProxyConfig,
  options: { publicUrl: string; logger?: ProxyLogger; adminPassword?: string },
): DemoApp {
  const carts = createCartStore();
  // The back office works through the merchant API, so the demo always has one: the configured
  // key, or a random one that never leaves this process.
  const merchantApiKey = config.merchantApiKey ?? randomToken();
  const stack = createProxyStack(
    { ...config, merchantApiKey },
    {
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
    },
  );

  const app = new Hono();
  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'https://cdn.billink.nl'],
        // The product page's server-rendered badge has one inline <style>, allowed by its hash.
        styleSrc: ["'self'", BADGE_STYLE_SRC],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
      // The popup flow needs window.opener back on the shop's own pages.
      crossOriginOpenerPolicy: 'same-origin-allow-popups',
    }),
  );
  // As a shop's web server would: pages, styles and the bundles go out gzip-compressed.
  app.use('*', compress());

  const adminPassword = options.adminPassword ?? randomPassword();
  app.route('/', cartRoutes(carts));
  app.route('/', productRoutes());
  app.route(
    '/',
    adminRoutes({
      password: adminPassword,
      simulator: !!stack.simulator,
      merchant: createMerchantClient({
        proxyUrl: options.publicUrl,
        apiKey: merchantApiKey,
        // In process, through the proxy's whole HTTP handler, as a request over the wire would go.
        fetch: async (input, init) => stack.app.fetch(new Request(input, init)),
      }),
    }),
  );
  app.route('/', stack.app);
  app.use('/dist/cdn/*', serveStatic({ root: './' }));
  app.use('/*', serveStatic({ root: './demo/public' }));
  return { app, stack, carts, adminPassword };
}
