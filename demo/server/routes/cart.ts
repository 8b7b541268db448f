import { Hono, type Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { cartTotal, discountCents, type Cart, type CartStore } from '../cart.js';

const COOKIE = 'demo_cart';

/** What the page sees of a cart (the server keeps the truth). */
export const cartView = (cart: Cart) => ({
  id: cart.id,
  orderNumber: cart.orderNumber,
  lines: cart.lines,
  shippingCents: cart.shippingCents,
  discountCents: discountCents(cart),
  totalCents: cartTotal(cart),
  currency: 'EUR',
  billink: cart.billink ?? null,
});

/** The shop's cart API (`/api/cart…`): the cart is found by its cookie, never by a page-sent id. */
export function cartRoutes(carts: CartStore): Hono {
  const routes = new Hono();
  const remember = (c: Context, cart: Cart) =>
    setCookie(c, COOKIE, cart.id, { httpOnly: true, sameSite: 'Lax', path: '/' });
  const current = (c: Context) => {
    let cart = carts.get(getCookie(c, COOKIE));
    if (!cart) {
      cart = carts.create();
      remember(c, cart);
    }
    return cart;
  };

  routes.get('/api/cart', (c) => c.json(cartView(current(c))));
  routes.post('/api/cart/items', async (c) => {
    const cart = current(c);
    const body = (await c.req.json().catch(() => ({}))) as { sku?: unknown; quantity?: unknown };
    if (typeof body.sku === 'string' && typeof body.quantity === 'number') {
      carts.setQuantity(cart, body.sku, body.quantity);
    }
    return c.json(cartView(cart));
  });
  routes.post('/api/cart/new', (c) => {
    const cart = carts.create();
    remember(c, cart);
    return c.json(cartView(cart));
  });
  return routes;
}
