/**
 * Writes openapi/billink-proxy.json, the proxy contract as OpenAPI 3.1, generated from the zod
 * schemas the proxy validates with, so the document cannot drift from the code. `--check` fails
 * when the committed file is stale (run by the tests).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { WEBHOOK_V3_HEADERS } from '../src/server/billink/index.js';
import { orderStatusSchema } from '../src/server/proxy/contract/checkout.js';
import { STANDALONE_SETTINGS } from '../src/server/proxy/standalone/settings.js';
import { PLUGIN_SETTINGS } from '../src/server/proxy/standalone/plugin-settings-env.js';
import '../src/server/proxy/contract/merchant.js';
import '../src/server/proxy/orders/events.js';
import '../src/server/proxy/orders/invoices.js';
import { ORDER_EVENT_HEADERS } from '../src/server/proxy/orders/events.js';

const FILE = 'openapi/billink-proxy.json';

function components(): Record<string, unknown> {
  const { schemas } = z.toJSONSchema(z.globalRegistry, {
    target: 'draft-2020-12',
    uri: (id) => `#/components/schemas/${id}`,
  });
  return Object.fromEntries(
    Object.entries(schemas).map(([name, schema]) => {
      const { $schema: _s, $id: _i, ...rest } = schema as Record<string, unknown>;
      return [name, rest];
    }),
  );
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (name: string, description: string) => ({
  description,
  content: { 'application/json': { schema: ref(name) } },
});
const errors = (...codes: number[]) =>
  Object.fromEntries(
    codes.map((c) => [
      String(c),
      { $ref: `#/components/responses/${c === 429 ? 'RateLimited' : 'Error'}` },
    ]),
  );
const acceptLanguage = {
  name: 'Accept-Language',
  in: 'header',
  description: 'nl or en: the language of error messages.',
  schema: { type: 'string' },
};

/** Who may call an operation: nobody in particular (the browser), or one of the schemes below. */
const PUBLIC: never[] = [];
const merchantKey = [{ merchantKey: [] }];
const orderRefParam = {
  name: 'orderRef',
  in: 'path',
  required: true,
  schema: { type: 'string' },
};
const idempotencyKey = {
  name: 'Idempotency-Key',
  in: 'header',
  required: true,
  description:
    'One per operation: a repeat with the same key and body gets the first answer and changes nothing at Billink.',
  schema: { type: 'string', pattern: '^[A-Za-z0-9_.:-]{8,200}$' },
};
const body = (name: string) => ({
  required: true,
  content: { 'application/json': { schema: ref(name) } },
});
const merchantOp = (
  operationId: string,
  summary: string,
  extra: Record<string, unknown>,
  codes: number[],
) => ({
  operationId,
  summary,
  tags: ['merchant'],
  security: merchantKey,
  ...extra,
  parameters: [acceptLanguage, ...((extra['parameters'] as unknown[]) ?? [])],
  responses: {
    ...(extra['responses'] as Record<string, unknown>),
    ...errors(401, 403, 404, ...codes),
  },
});

function merchantPaths() {
  const order = (description: string, status = '200') => ({
    [status]: json('MerchantOrder', description),
  });
  return {
    '/merchant/orders': {
      get: merchantOp(
        'merchantListOrders',
        'The order book, newest first, filtered, a page at a time (`billink orders list`)',
        {
          parameters: [
            {
              name: 'status',
              in: 'query',
              schema: { type: 'string', enum: orderStatusSchema.options },
            },
            { name: 'shipped', in: 'query', schema: { type: 'string', enum: ['true', 'false'] } },
            {
              name: 'limit',
              in: 'query',
              description: 'Default 50.',
              schema: { type: 'integer', minimum: 1, maximum: 200 },
            },
            {
              name: 'cursor',
              in: 'query',
              description: "The previous page's nextCursor.",
              schema: { type: 'string' },
            },
          ],
          responses: { '200': json('OrderList', 'One page of order summaries') },
        },
        [400, 503],
      ),
    },
    '/merchant/orders/{orderRef}': {
      get: merchantOp(
        'merchantGetOrder',
        'The order after checkout: amounts, shipped, on hold, events with their delivery state',
        {
          parameters: [
            orderRefParam,
            {
              name: 'refresh',
              in: 'query',
              description: "1: re-read Billink's order info first.",
              schema: { type: 'string', enum: ['1'] },
            },
          ],
          responses: order('The order'),
        },
        [502, 503],
      ),
    },
    '/merchant/orders/{orderRef}/ship': {
      post: merchantOp(
        'merchantShip',
        "Start Billink's workflow (invoice the shopper); a repeat is harmless",
        {
          parameters: [orderRefParam],
          requestBody: body('ShipRequest'),
          responses: order('Shipped'),
        },
        [400, 409, 422, 503],
      ),
    },
    '/merchant/orders/ship': {
      post: merchantOp(
        'merchantShipMany',
        'Ship many orders (sent to Billink 10 per call)',
        {
          requestBody: body('ShipManyRequest'),
          responses: { '200': json('ShipManyResponse', 'Per order: shipped or why not') },
        },
        [400],
      ),
    },
    '/merchant/orders/{orderRef}/credits': {
      post: merchantOp(
        'merchantCredit',
        'Credit (refund) part or all of the order, once per Idempotency-Key',
        {
          parameters: [orderRefParam, idempotencyKey],
          requestBody: body('CreditRequest'),
          responses: order('Credited', '201'),
        },
        [400, 409, 422, 502, 503],
      ),
    },
    '/merchant/orders/{orderRef}/payments': {
      post: merchantOp(
        'merchantPayment',
        'Register a payment made outside Billink, once per Idempotency-Key',
        {
          parameters: [orderRefParam, idempotencyKey],
          requestBody: body('PaymentRequest'),
          responses: order('Registered', '201'),
        },
        [400, 409, 422, 502, 503],
      ),
    },
    '/merchant/orders/{orderRef}/hold': {
      post: merchantOp(
        'merchantHold',
        'Pause collection for 1 to 14 days',
        {
          parameters: [orderRefParam],
          requestBody: body('HoldRequest'),
          responses: order('On hold'),
        },
        [400, 409, 422, 503],
      ),
    },
    '/merchant/orders/{orderRef}/resume': {
      post: merchantOp(
        'merchantResume',
        'Resume collection',
        { parameters: [orderRefParam], responses: order('Resumed') },
        [409, 422, 503],
      ),
    },
    '/merchant/orders/{orderRef}/review': {
      post: merchantOp(
        'merchantReview',
        'Close a needs_review: a Billink order credited in full (checked with Billink) or accepted as this order',
        {
          parameters: [orderRefParam],
          requestBody: body('ReviewRequest'),
          responses: order('Review closed'),
        },
        [400, 409, 503],
      ),
    },
    '/merchant/orders/{orderRef}/messages': {
      post: merchantOp(
        'merchantMessage',
        "A note for Billink's service desk",
        {
          parameters: [orderRefParam],
          requestBody: body('MessageRequest'),
          responses: {
            '201': {
              description: 'Sent',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    properties: { sent: { const: true } },
                    required: ['sent'],
                  },
                },
              },
            },
          },
        },
        [400, 409, 422, 503],
      ),
    },
    '/merchant/orders/{orderRef}/invoice': {
      get: merchantOp(
        'merchantInvoiceDocument',
        'The invoice document',
        {
          parameters: [orderRefParam],
          responses: {
            '200': {
              description: 'The PDF',
              content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
            },
          },
        },
        [409, 422, 503],
      ),
    },
    '/merchant/orders/{orderRef}/simulate-payment': {
      post: merchantOp(
        'merchantSimulatePayment',
        'Simulator mode only: the shopper pays this amount at Billink',
        {
          parameters: [orderRefParam],
          requestBody: body('SimulatePaymentRequest'),
          responses: order('Paid (as Billink now reports it)'),
        },
        [400, 409, 422],
      ),
    },
    '/merchant/invoices': {
      get: merchantOp(
        'merchantInvoices',
        "Billink's invoice list for reconciliation (JSON page, or CSV over all pages)",
        {
          parameters: [
            ...['from', 'to'].map((name) => ({
              name,
              in: 'query',
              schema: { type: 'string', format: 'date' },
            })),
            { name: 'page', in: 'query', schema: { type: 'integer', minimum: 1 } },
            { name: 'format', in: 'query', schema: { type: 'string', enum: ['json', 'csv'] } },
          ],
          responses: {
            '200': {
              description: 'One page as JSON, or every page as CSV (one header row, decimals)',
              content: {
                'application/json': { schema: ref('InvoicePage') },
                'text/csv': { schema: { type: 'string' } },
              },
            },
          },
        },
        [400, 503],
      ),
    },
    '/merchant/doctor': {
      get: merchantOp(
        'merchantDoctor',
        'Checks the public URL, the store, Billink, the webhooks and the event outbox (`billink doctor`)',
        { responses: { '200': json('DoctorReport', 'Each check with what was found') } },
        [],
      ),
    },
    '/merchant/webhooks/setup': {
      post: merchantOp(
        'merchantWebhooksSetup',
        "Generate Billink's v3 secret, register the order and session webhooks, verify with it at once",
        {
          requestBody: body('WebhookSetupRequest'),
          responses: { '200': json('WebhookSetupResponse', 'Registered') },
        },
        [400, 422, 503],
      ),
    },
  };
}

export function buildDocument() {
  return {
    openapi: '3.1.0',
    info: {
      title: 'billink-checkout merchant proxy',
      version: '1',
      license: { name: 'MIT', identifier: 'MIT' },
      description:
        'What <billink-checkout> (and shops in other stacks) talk to. The browser never talks to Billink and never sends an amount: the proxy resolves the order server-side. Shapes are fixed: fields may be added, never renamed.',
    },
    servers: [{ url: '/billink' }],
    // Billink's plugin settings with their defaults: the standalone's environment variable and
    // the mounted option (the README's table comes from the same list).
    'x-standalone-settings': STANDALONE_SETTINGS.map((setting) => ({ ...setting })),
    'x-plugin-settings': PLUGIN_SETTINGS.map((setting) => ({ ...setting })),
    tags: [
      { name: 'checkout', description: 'What the browser (<billink-checkout>) calls.' },
      { name: 'billink', description: 'What Billink calls.' },
      { name: 'merchant', description: "The shop's servers and staff (MERCHANT_API_KEY)." },
    ],
    paths: {
      '/check': {
        post: {
          operationId: 'check',
          tags: ['checkout'],
          security: PUBLIC,
          summary: "Billink's credit check on the amount the shop resolves",
          parameters: [acceptLanguage],
          requestBody: {
            required: true,
            content: { 'application/json': { schema: ref('CheckRequest') } },
          },
          responses: {
            '200': json('CheckResponse', 'Approved (with a checkId) or declined'),
            ...errors(400, 403, 404, 413, 415, 422, 429, 503, 504),
          },
        },
      },
      '/availability': {
        post: {
          operationId: 'availability',
          tags: ['checkout'],
          security: PUBLIC,
          summary:
            "Whether Billink is offered for the order (the shop's countries, amounts per customer type, payment fee rule); never calls Billink",
          parameters: [acceptLanguage],
          requestBody: {
            required: true,
            content: { 'application/json': { schema: ref('AvailabilityRequest') } },
          },
          responses: {
            '200': json('AvailabilityResponse', 'Offered or not, with a message for the shopper'),
            ...errors(400, 403, 404, 413, 415, 422, 429, 503),
          },
        },
      },
      '/orders': {
        post: {
          operationId: 'createOrder',
          tags: ['checkout'],
          security: PUBLIC,
          summary:
            'Start a Billink payment session (session) or place the order with a check (direct)',
          parameters: [
            acceptLanguage,
            {
              name: 'Idempotency-Key',
              in: 'header',
              required: true,
              description: 'One per attempt (crypto.randomUUID()); a repeat gets the same answer.',
              schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{8,200}$' },
            },
          ],
          requestBody: {
            required: true,
            content: { 'application/json': { schema: ref('CreateOrderRequest') } },
          },
          responses: {
            '201': json('CreateOrderResponse', 'The order and the token to read its status'),
            ...errors(400, 403, 404, 409, 413, 415, 422, 429, 503, 504),
          },
        },
      },
      '/orders/{orderId}': {
        get: {
          operationId: 'orderStatus',
          tags: ['checkout'],
          security: [{ statusToken: [] }],
          summary: 'Status of an order, for the party that created it',
          parameters: [
            acceptLanguage,
            { name: 'orderId', in: 'path', required: true, schema: { type: 'string' } },
          ],
          responses: {
            '200': json('OrderStatusResponse', 'Current status'),
            ...errors(403, 404, 429, 503),
          },
        },
      },
      '/return/{orderId}': {
        get: {
          operationId: 'shopperReturn',
          tags: ['billink'],
          security: PUBLIC,
          summary:
            "Billink's return URL: asks Billink once about the attempt's session, records what Billink says, then sends the shopper to the shop's page",
          description:
            'A trigger, never the truth: nothing in the URL marks an order, an unknown order asks nothing, Billink is asked at most once per 5 s per attempt, and `to` must be on `publicUrl` or `allowedOrigins` (else the configured fallback page).',
          parameters: [
            { name: 'orderId', in: 'path', required: true, schema: { type: 'string' } },
            {
              name: 'to',
              in: 'query',
              required: false,
              schema: { type: 'string', format: 'uri' },
              description: "The shop's page, as resolved when the order was created",
            },
            {
              name: 'billink_result',
              in: 'query',
              required: false,
              schema: { enum: ['success', 'fail', 'cancel'] },
            },
          ],
          responses: {
            '303': {
              description:
                "To the shop's page with `billink_order` and `billink_result`; the page then polls the status",
            },
            ...errors(429),
          },
        },
      },
      '/webhooks': {
        post: {
          operationId: 'billinkWebhook',
          tags: ['billink'],
          security: [{ webhookSignature: [] }],
          summary: "Billink's signed v3 session and order webhooks",
          requestBody: {
            required: true,
            content: { 'application/json': { schema: { type: 'object' } } },
          },
          responses: {
            '200': {
              description: 'Accepted (applied, ignored or a duplicate delivery)',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    properties: { status: { enum: ['applied', 'ignored', 'duplicate'] } },
                    required: ['status'],
                  },
                },
              },
            },
            ...errors(400, 401, 404, 413, 503),
          },
        },
      },
      ...merchantPaths(),
    },
    webhooks: {
      // Not sent to a subscriber but asked of the shop: what the shop's order source must answer.
      orderSource: {
        get: {
          operationId: 'orderSource',
          summary:
            'The standalone proxy asks the shop for the authoritative order: GET {ORDER_SOURCE_URL}/{orderRef} with Authorization: Bearer {ORDER_SOURCE_TOKEN}; 404 when unknown. Mounted proxies get the same object from resolveOrder.',
          security: [{ orderSourceToken: [] }],
          responses: {
            '200': json('Order', 'The order: lines with unit prices incl. VAT in cents'),
            '404': { description: 'No such order' },
          },
        },
      },
      orderEvent: {
        post: {
          operationId: 'orderEvent',
          summary: `Every order event, sent by the standalone proxy to the shop: POST {ORDER_SOURCE_URL}/{orderRef}/billink-events, signed (${ORDER_EVENT_HEADERS.signature}: sha256=HMAC-SHA256(ORDER_EVENT_SECRET, "{${ORDER_EVENT_HEADERS.timestamp}}.{raw body}") in hex), with Authorization: Bearer {ORDER_SOURCE_TOKEN}; retried with backoff from the store until a 2xx (verifyOrderEvent checks it). Mounted proxies get the same object through onOrderEvent.`,
          security: [{ orderEventSignature: [] }],
          requestBody: {
            required: true,
            content: { 'application/json': { schema: ref('OrderEvent') } },
          },
          responses: { '204': { description: 'Received (any 2xx ends the retries)' } },
        },
      },
    },
    components: {
      schemas: components(),
      responses: {
        Error: json('Error', 'An error with a stable code and a message for people'),
        RateLimited: {
          ...json(
            'Error',
            'code rate_limited, retryable false: retrying at once cannot work; wait Retry-After seconds',
          ),
          headers: {
            'Retry-After': {
              description: 'Seconds until the limit resets.',
              schema: { type: 'integer', minimum: 1 },
            },
          },
        },
      },
      securitySchemes: {
        statusToken: {
          type: 'http',
          scheme: 'bearer',
          description:
            'The statusToken from POST /orders; only the creator has it. Unknown order and wrong token both answer 404.',
        },
        merchantKey: {
          type: 'http',
          scheme: 'bearer',
          description: 'MERCHANT_API_KEY (mounted: merchantApiKey); server to server only.',
        },
        webhookSignature: {
          type: 'apiKey',
          in: 'header',
          name: WEBHOOK_V3_HEADERS.signature,
          description: `Billink's v3 HMAC-SHA256 over ${WEBHOOK_V3_HEADERS.timestamp} + raw body, with ${WEBHOOK_V3_HEADERS.id} for de-duplication.`,
        },
        orderSourceToken: {
          type: 'http',
          scheme: 'bearer',
          description: 'ORDER_SOURCE_TOKEN, sent by the standalone proxy to the shop.',
        },
        orderEventSignature: {
          type: 'apiKey',
          in: 'header',
          name: ORDER_EVENT_HEADERS.signature,
          description:
            'sha256=<hex HMAC-SHA256 of "{timestamp}.{raw body}">, see the orderEvent webhook.',
        },
      },
    },
  };
}

const text = JSON.stringify(buildDocument(), null, 2) + '\n';
if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(FILE, 'utf8');
  } catch {
    // missing counts as stale
  }
  if (current !== text) {
    console.error(`${FILE} is stale: run npm run openapi`);
    process.exit(1);
  }
} else {
  writeFileSync(FILE, text);
  console.log(`wrote ${FILE}`);
}
