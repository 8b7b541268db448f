/**
 * Every environment variable of the standalone proxy (`billink-proxy`) besides Billink's plugin
 * settings (plugin-settings-env.ts), with its mounted option where there is one: the one list the
 * docs table and the OpenAPI document are generated from. A test reads `readConfig` to prove that
 * every variable it reads is listed here and every listed one is read.
 */
export interface SettingDoc {
  env: string;
  /** The `createBillinkProxy` option with the same effect, if any. */
  option?: string;
  meaning: string;
  default: string;
}

export const STANDALONE_SETTINGS: readonly SettingDoc[] = [
  { env: 'PORT', meaning: 'listening port', default: '`8787`' },
  { env: 'HOST', meaning: 'interface to bind', default: '`127.0.0.1`' },
  {
    env: 'PUBLIC_URL',
    option: 'publicUrl',
    meaning: 'where browsers and Billink reach this server (return URLs, webhook URL)',
    default: '`http://localhost:$PORT`',
  },
  {
    env: 'BILLINK_ENV',
    meaning: '`simulator`, `staging` or `production`',
    default: '`simulator`',
  },
  {
    env: 'BILLINK_USERNAME',
    option: 'billink.username',
    meaning: 'Billink username (required for staging/production; the simulator accepts any)',
    default: 'demo account',
  },
  {
    env: 'BILLINK_ID',
    option: 'billink.billinkId',
    meaning: 'Billink API key (`billinkID`), with `BILLINK_USERNAME`',
    default: 'demo account',
  },
  {
    env: 'BILLINK_WORKFLOW',
    option: 'workflowNumber',
    meaning: 'Billink workflow number (the fallback of the per-type and per-country ones)',
    default: '`1`',
  },
  {
    env: 'BILLINK_RATE_PER_SECOND',
    option: 'billink.pacing.ratePerSecond',
    meaning:
      "the Billink client's pace for back-office calls (ship, credit, order info, invoice list), per operation, bursts of twice that; the checkout's own calls keep 50/s",
    default: '`5`',
  },
  {
    env: 'BILLINK_API_URL',
    option: 'billink.baseUrl',
    meaning:
      "Billink base URL for staging/production (a Billink test host, or `npm run simulator`'s address)",
    default: "Billink's URL for `BILLINK_ENV`",
  },
  {
    env: 'ALLOWED_ORIGINS',
    option: 'allowedOrigins',
    meaning: 'comma-separated origins allowed to call the proxy (CORS) and to be returned to',
    default: 'same-origin only',
  },
  {
    env: 'REDIS_URL',
    option: 'store: createRedisStore(url)',
    meaning: 'the shared store; required for staging/production (persistence on, no eviction)',
    default: 'in memory',
  },
  {
    env: 'ALLOW_MEMORY_STORE',
    meaning:
      '`1` lets staging/production run on the memory store, accepting that a restart loses pending checkouts',
    default: 'refused',
  },
  {
    env: 'ORDER_REF_SECRET',
    option: 'orderRefSecret',
    meaning:
      '≥ 32 characters shared with the shop: `/check` and `/orders` require an `orderToken` signed with it (`signOrderRef`)',
    default: 'none (any caller may use a ref)',
  },
  {
    env: 'DEFAULT_RETURN_URL',
    option: 'defaultReturnUrl',
    meaning:
      'where Billink sends shoppers back when the browser sends no `returnUrl` (on `PUBLIC_URL` or `ALLOWED_ORIGINS`)',
    default: "`PUBLIC_URL`'s origin",
  },
  {
    env: 'TRUST_PROXY',
    option: 'trustProxy',
    meaning:
      'reverse proxies to believe about the client IP, as Express\'s "trust proxy": `true`, a hop count, or IPs/CIDRs/`loopback`',
    default: 'none (socket address)',
  },
  {
    env: 'SHUTDOWN_TIMEOUT_SECONDS',
    meaning: 'after SIGTERM, how long requests in flight may finish before connections are closed',
    default: '`10`',
  },
  {
    env: 'BILLINK_WEBHOOK_SECRET',
    option: 'webhookSecret',
    meaning:
      "Billink's v3 webhook secret (or let `POST /billink/merchant/webhooks/setup` make one)",
    default: 'none (webhooks off); generated in simulator mode',
  },
  {
    env: 'RECONCILE_INTERVAL_SECONDS',
    option: 'reconcileIntervalSeconds',
    meaning: 'how often pending checkouts are confirmed with Billink (0 = off)',
    default: '`300` (mounted: off; call `proxy.reconcile()`)',
  },
  {
    env: 'ORDER_SOURCE_URL',
    option: 'resolveOrder',
    meaning:
      "the shop's order endpoint: `GET {ORDER_SOURCE_URL}/{orderRef}` answers an Order (404 when unknown); events go to `{ORDER_SOURCE_URL}/{orderRef}/billink-events`",
    default: 'required for staging/production',
  },
  {
    env: 'ORDER_SOURCE_TOKEN',
    meaning: 'bearer token the proxy sends to the order source (and with the events)',
    default: 'none',
  },
  {
    env: 'ORDER_EVENT_SECRET',
    option: 'onOrderEvent',
    meaning: 'signs the order events POSTed to `{ORDER_SOURCE_URL}/{orderRef}/billink-events`',
    default: '`ORDER_SOURCE_TOKEN`; required with `ORDER_SOURCE_URL` outside the simulator',
  },
  {
    env: 'MERCHANT_API_KEY',
    option: 'merchantApiKey',
    meaning: 'bearer key of the merchant API under `/billink/merchant` (at least 32 characters)',
    default: 'none (the merchant API answers 404)',
  },
];
