/**
 * Writes openapi/billink-proxy.json, the proxy contract as OpenAPI 3.1, generated from the zod
 * schemas the proxy validates with, so the document cannot drift from the code. `--check` fails
 * when the committed file is stale (run by the tests).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import '../src/server/proxy/schemas.js';
import { PLUGIN_SETTINGS } from '../src/server/proxy/plugin-settings-env.js';

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

export function buildDocument() {
  return {
    openapi: '3.1.0',
    info: {
      title: 'billink-checkout merchant proxy',
      version: '1',
      description:
        'What <billink-checkout> (and shops in other stacks) talk to. The browser never talks to Billink and never sends an amount: the proxy resolves the order server-side. Shapes are fixed: fields may be added, never renamed.',
    },
    servers: [{ url: '/billink' }],
    // Billink's plugin settings with their defaults: the standalone's environment variable and
    // the mounted option (the README's table comes from the same list).
    'x-plugin-settings': PLUGIN_SETTINGS.map((setting) => ({ ...setting })),
    paths: {
      '/check': {
        post: {
          operationId: 'check',
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
          summary: 'Status of an order, for the party that created it',
          parameters: [
            acceptLanguage,
            { name: 'orderId', in: 'path', required: true, schema: { type: 'string' } },
            {
              name: 'Authorization',
              in: 'header',
              required: true,
              description: 'Bearer <statusToken>. Unknown order and wrong token both answer 404.',
              schema: { type: 'string' },
            },
          ],
          responses: {
            '200': json('OrderStatusResponse', 'Current status'),
            ...errors(403, 404, 429, 503),
          },
        },
      },
      '/webhooks': {
        post: {
          operationId: 'billinkWebhook',
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
    },
    webhooks: {
      orderStatus: {
        post: {
          summary:
            'Sent by the standalone proxy to the shop when an order is final: POST {ORDER_SOURCE_URL}/{orderRef}/billink-status with Authorization: Bearer {ORDER_SOURCE_TOKEN}; retried up to 3 times until a 2xx. Mounted proxies get the same object through the onOrderStatus option.',
          requestBody: {
            required: true,
            content: { 'application/json': { schema: ref('OrderStatusUpdate') } },
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
