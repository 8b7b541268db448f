import { createHash } from 'node:crypto';
import { Hono } from 'hono';
import { BADGE_CSS, renderBadge } from '../../../src/ssr.js';

/** CSP source that allows the server-rendered badge's one inline <style> (for `style-src`). */
export const BADGE_STYLE_SRC = `'sha256-${createHash('sha256').update(BADGE_CSS).digest('base64')}'`;

const TEXTS = {
  nl: {
    title: 'Wollen sjaal',
    description: 'Warme sjaal van merinowol, 180 × 30 cm.',
    price: '€ 49,95',
    cart: 'Naar de winkelwagen',
    other: 'English',
  },
  en: {
    title: 'Wool scarf',
    description: 'Warm merino wool scarf, 180 × 30 cm.',
    price: '€49.95',
    cart: 'Go to the cart',
    other: 'Nederlands',
  },
} as const;

/**
 * The demo's product page (`/product`, `/product?lang=en`): the badge under the price is printed
 * server-side by `renderBadge()` (the same markup as the WooCommerce and Shopify examples), so it
 * paints with the HTML; only the badge entry loads, not the checkout.
 */
export function productRoutes(): Hono {
  const routes = new Hono();
  routes.get('/product', (c) => {
    const locale = c.req.query('lang') === 'en' ? 'en' : 'nl';
    const t = TEXTS[locale];
    return c.html(`<!doctype html>
<html lang="${locale}">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${t.title} – Demowinkel</title>
    <meta name="description" content="${t.description}" />
    <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
    <link rel="stylesheet" href="/shop.css" />
    <link rel="stylesheet" href="/product.css" />
    <script type="module" src="/dist/cdn/billink-badge.es.js"></script>
  </head>
  <body>
    <header class="top">
      <a class="brand" href="/">Demowinkel</a>
      <nav class="langs"><a class="lang" href="/product?lang=${locale === 'nl' ? 'en' : 'nl'}" hreflang="${locale === 'nl' ? 'en' : 'nl'}">${t.other}</a></nav>
    </header>
    <main id="main" class="product">
      <h1>${t.title}</h1>
      <p>${t.description}</p>
      <p class="price">${t.price}</p>
      <p class="product-badge">${renderBadge({ locale, logoSrc: 'builtin' })}</p>
      <p><a href="/">${t.cart}</a></p>
    </main>
  </body>
</html>
`);
  });
  return routes;
}
