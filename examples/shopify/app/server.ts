/**
 * The app backend as a Node server: the Billink proxy under /billink (the theme extension's
 * element talks to it through Shopify's app proxy) and Shopify's webhooks under
 * /webhooks/shopify. Subscribe the app to `orders/create`, `fulfillments/create`,
 * `refunds/create` and `orders/cancelled` (shopify.app.toml: [webhooks] subscriptions, uri =
 * "/webhooks/shopify"). The app's admin action on the order page calls
 * /app/billink/orders/{id}/{hold|resume|message|payment} with App Bridge's session token.
 */
import { createServer } from 'node:http';
import {
  createBillinkProxy,
  createRedisStore,
  toNodeListener,
  type ResolveOrder,
} from 'billink-checkout/server';
import { createShopifyBackend } from './backend.js';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};

/** Replace with your app's lookup (e.g. carts kept from carts/update webhooks): Order JSON for a cart token, null when unknown. */
const resolveShopifyCart: ResolveOrder = async () => {
  throw new Error('resolveShopifyCart: connect your cart store');
};

const store = createRedisStore(env('REDIS_URL'));
const billinkProxy = createBillinkProxy({
  billink: {
    username: env('BILLINK_USERNAME'),
    billinkId: env('BILLINK_ID'),
    environment: 'production',
  },
  resolveOrder: resolveShopifyCart,
  store,
  publicUrl: env('PUBLIC_URL'),
  webhookSecret: env('BILLINK_WEBHOOK_SECRET'),
  merchantApiKey: env('MERCHANT_API_KEY'),
});

const app = createShopifyBackend({
  billinkProxy,
  merchantApiKey: env('MERCHANT_API_KEY'),
  shopifyApiSecret: env('SHOPIFY_API_SECRET'),
  shopifyApiKey: env('SHOPIFY_API_KEY'),
  shopDomain: env('SHOPIFY_SHOP_DOMAIN'),
  store,
});

createServer(toNodeListener(app)).listen(Number(process.env.PORT ?? 3000));
