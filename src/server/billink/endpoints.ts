/**
 * The one table of Billink endpoints. Everything that knows a Billink path or header name reads it
 * from here: the client sends to these paths and the simulator serves them, so a correction found on
 * staging is a one-line change.
 *
 * `certainty` says where the path comes from (see docs/billink-api.md in the README's table):
 * - `documented`: on a Billink docs page;
 * - `code`: seen in Billink's own Magento module or another maintained client, not on a docs page;
 * - `inferred`: our guess from the naming of the documented paths; verify on staging before relying on it.
 *
 * Where the v2 path of an operation is unknown, the client uses the v1 XML call (`wire: 'xml'`).
 */

export type Wire = 'json' | 'xml';
export type Certainty = 'documented' | 'code' | 'inferred';

export interface EndpointDefinition {
  readonly path: string;
  readonly wire: Wire;
  /** Legacy XML `<ACTION>` value; only for `wire: 'xml'`. */
  readonly action?: string;
  readonly certainty: Certainty;
  /** Safe to retry with backoff (reads only). Writes are never retried blindly. */
  readonly idempotentRead: boolean;
  readonly note?: string;
}

export const BASE_URLS = {
  staging: 'https://api-staging.billink.nl',
  production: 'https://api.billink.nl',
} as const;

export type BillinkEnvironment = keyof typeof BASE_URLS;

export const ENDPOINTS = {
  // v2 JSON: paths confirmed by docs or Billink's own Magento module.
  sessionCreate: {
    path: '/v2/session/create',
    wire: 'json',
    certainty: 'code',
    idempotentRead: false,
  },
  sessionStatus: {
    path: '/v2/session/status',
    wire: 'json',
    certainty: 'code',
    idempotentRead: true,
  },
  webshopSettings: {
    path: '/v2/client/webshop-settings',
    wire: 'json',
    certainty: 'code',
    idempotentRead: true,
  },
  credit: {
    path: '/v2/client/invoice/credit',
    wire: 'json',
    certainty: 'documented',
    idempotentRead: false,
  },
  webhookV3SecretGenerate: {
    path: '/v2/client/webhook-v3/secret/generate',
    wire: 'json',
    certainty: 'documented',
    idempotentRead: false,
  },
  orderWebhookV3Set: {
    path: '/v2/client/webhook-v3/set',
    wire: 'json',
    certainty: 'documented',
    idempotentRead: false,
  },
  sessionWebhookV3Set: {
    path: '/v2/session/webhook-v3/set',
    wire: 'json',
    certainty: 'documented',
    idempotentRead: false,
  },

  // v2 JSON operations whose paths are not documented: guessed from the documented naming.
  invoices: {
    path: '/v2/client/invoices',
    wire: 'json',
    certainty: 'inferred',
    idempotentRead: true,
    note: 'Reconciliation list; query params page, date_from, date_to; body spells billinkId.',
  },
  merchantCreate: {
    path: '/v2/partner/client/create',
    wire: 'json',
    certainty: 'inferred',
    idempotentRead: false,
    note: 'Partners only; billinkID typed as integer in the docs.',
  },
  orderWebhookSet: {
    path: '/v2/client/webhook/set',
    wire: 'json',
    certainty: 'inferred',
    idempotentRead: false,
    note: 'Unsigned (non-v3) order webhook.',
  },
  orderWebhookDisable: {
    path: '/v2/client/webhook/disable',
    wire: 'json',
    certainty: 'inferred',
    idempotentRead: false,
  },
  sessionWebhookSet: {
    path: '/v2/session/webhook/set',
    wire: 'json',
    certainty: 'inferred',
    idempotentRead: false,
    note: 'Unsigned (non-v3) session webhook.',
  },
  sessionWebhookDisable: {
    path: '/v2/session/webhook/disable',
    wire: 'json',
    certainty: 'inferred',
    idempotentRead: false,
  },

  // v1 legacy XML. check/order/status/start-workflow/payment/credit are seen in maintained clients;
  // on-hold/resume/message/file only on the old /api/<service> host, so their /v1/client paths are inferred.
  legacyCheck: {
    path: '/v1/client/check',
    wire: 'xml',
    action: 'Check',
    certainty: 'code',
    idempotentRead: false,
  },
  legacyOrder: {
    path: '/v1/client/order',
    wire: 'xml',
    action: 'Order',
    certainty: 'code',
    idempotentRead: false,
  },
  legacyStatus: {
    path: '/v1/client/status',
    wire: 'xml',
    action: 'Status',
    certainty: 'code',
    idempotentRead: true,
    note: 'Order info; used because the v2 Order Info path is unknown.',
  },
  legacyStartWorkflow: {
    path: '/v1/client/start-workflow',
    wire: 'xml',
    action: 'activate order',
    certainty: 'code',
    idempotentRead: false,
  },
  legacyPayment: {
    path: '/v1/client/payment',
    wire: 'xml',
    action: 'Payment',
    certainty: 'code',
    idempotentRead: false,
  },
  legacyCredit: {
    path: '/v1/client/credit',
    wire: 'xml',
    action: 'Credit',
    certainty: 'documented',
    idempotentRead: false,
  },
  legacyOnHold: {
    path: '/v1/client/on-hold',
    wire: 'xml',
    action: 'Onhold',
    certainty: 'inferred',
    idempotentRead: false,
  },
  legacyResume: {
    path: '/v1/client/on-hold',
    wire: 'xml',
    action: 'resume',
    certainty: 'inferred',
    idempotentRead: false,
    note: 'Same service as on hold, with RESUME=y.',
  },
  legacyMessage: {
    path: '/v1/client/message',
    wire: 'xml',
    action: 'message',
    certainty: 'inferred',
    idempotentRead: false,
  },
  legacyFile: {
    path: '/v1/client/file',
    wire: 'xml',
    action: 'pdf',
    certainty: 'inferred',
    idempotentRead: true,
    note: 'Invoice download; the answer names the file in MSG/DESCRIPTION.',
  },
} as const satisfies Record<string, EndpointDefinition>;

export type EndpointName = keyof typeof ENDPOINTS;

/** Legacy XML protocol version sent in every envelope (all maintained clients send upper case). */
export const LEGACY_VERSION = 'BILLINK2.0';

/**
 * v3 webhook headers. Only the id header name is documented; the other two are our best guess and
 * can be overridden in the verifier's options.
 */
export const WEBHOOK_V3_HEADERS = {
  signature: 'x-billink-signature',
  timestamp: 'x-billink-timestamp',
  id: 'x-billink-webhook-id',
} as const;

export const WEBHOOK_V3_HEADER_CERTAINTY = {
  signature: 'inferred',
  timestamp: 'inferred',
  id: 'documented',
} as const satisfies Record<keyof typeof WEBHOOK_V3_HEADERS, Certainty>;

/**
 * Request field names no Billink document or maintained client shows: our guess from the
 * documented naming. Verify on staging before relying on them; Billink ignores unknown options.
 */
export const INFERRED_FIELD_NAMES = {
  'sessionCreate client.options.language':
    "The shopper's language for the hosted page, 'nl' or 'en' (issue 12).",
} as const;

/** Billink sessions live at most one hour (documented). */
export const SESSION_TTL_MS = 60 * 60 * 1000;
/** Webhook timestamps older than this are rejected (documented: 5 minutes). */
export const WEBHOOK_MAX_AGE_MS = 5 * 60 * 1000;
