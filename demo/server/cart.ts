import type { Order } from '../../src/server/proxy/contract/checkout.js';

/**
 * The demo shop's carts, kept on the server: the cart is the proxy's order source, so the amount
 * Billink sees always comes from here, never from the page. Bounded, in memory.
 */
export interface CartLine {
  sku: string;
  name: string;
  unitPriceCents: number;
  vatRate: number;
  quantity: number;
}

export interface Cart {
  id: string;
  orderNumber: string;
  lines: CartLine[];
  shippingCents: number;
  /** What the proxy told the shop's server (onOrderEvent): the only approval the shop trusts. */
  billink?: { status: string; orderNumber: string; amountCents: number };
}

export const CATALOGUE: readonly Omit<CartLine, 'quantity'>[] = [
  { sku: 'MUG-01', name: 'Billink mok / mug', unitPriceCents: 1250, vatRate: 21 },
  { sku: 'TEA-02', name: 'Thee / Tea, 20 zakjes', unitPriceCents: 595, vatRate: 9 },
  { sku: 'BOOK-03', name: 'Kookboek / Cookbook', unitPriceCents: 2495, vatRate: 9 },
];

const SHIPPING_CENTS = 495;
const WELCOME_DISCOUNT_CENTS = 500;
const MAX_CARTS = 1_000;

let orderCounter = 1000;

const subtotal = (cart: Cart) =>
  cart.lines.reduce((sum, l) => sum + l.quantity * l.unitPriceCents, 0);

/** € 5 welcome discount from € 20 of products. */
export const discountCents = (cart: Cart) => (subtotal(cart) >= 2000 ? WELCOME_DISCOUNT_CENTS : 0);

export function cartTotal(cart: Cart): number {
  return subtotal(cart) + cart.shippingCents - discountCents(cart);
}

/** The cart as Billink's order: shipping and the discount are lines of their own. */
export function cartToOrder(cart: Cart): Order {
  return {
    orderNumber: cart.orderNumber,
    currency: 'EUR',
    lines: [
      ...cart.lines
        .filter((l) => l.quantity > 0)
        .map((l) => ({
          code: l.sku,
          name: l.name,
          quantity: l.quantity,
          unitPriceCents: l.unitPriceCents,
          vatRate: l.vatRate,
        })),
      {
        code: 'SHIPPING',
        name: 'Verzending / Shipping',
        quantity: 1,
        unitPriceCents: cart.shippingCents,
        vatRate: 21,
      },
      ...(discountCents(cart)
        ? [
            {
              code: 'DISCOUNT',
              name: 'Welkomstkorting / Welcome discount',
              quantity: 1,
              unitPriceCents: -discountCents(cart),
              vatRate: 21,
            },
          ]
        : []),
    ],
    totalCents: cartTotal(cart),
  };
}

export type CartStore = ReturnType<typeof createCartStore>;

export function createCartStore() {
  const carts = new Map<string, Cart>();
  return {
    create(): Cart {
      const cart: Cart = {
        id: `cart-${crypto.randomUUID()}`,
        orderNumber: `WEB-${++orderCounter}-${Date.now().toString(36)}`,
        lines: [
          { ...CATALOGUE[0]!, quantity: 2 },
          { ...CATALOGUE[1]!, quantity: 1 },
          { ...CATALOGUE[2]!, quantity: 0 },
        ],
        shippingCents: SHIPPING_CENTS,
      };
      carts.set(cart.id, cart);
      if (carts.size > MAX_CARTS) carts.delete(carts.keys().next().value!);
      return cart;
    },
    get(id: string | undefined): Cart | undefined {
      return id ? carts.get(id) : undefined;
    },
    /** Sets a line's quantity (0–10); unknown products are ignored. */
    setQuantity(cart: Cart, sku: string, quantity: number): void {
      if (cart.billink?.status === 'approved') return; // paid for: the order is fixed
      const line = cart.lines.find((l) => l.sku === sku);
      if (line && Number.isInteger(quantity)) line.quantity = Math.max(0, Math.min(10, quantity));
    },
  };
}
