/** Public API of the server-side Billink client. Import from here, not from the modules. */
export { createBillinkClient } from './client.js';
export type {
  BillinkClient,
  BillinkClientConfig,
  BillinkLogger,
  BillinkLogEntry,
} from './client.js';
export { BillinkError, isBillinkError, isRetryableCode } from './errors.js';
export type { OwnErrorCode } from './errors.js';
export { ERROR_CODE_FIELDS, ITEM_SUCCESS_CODES, fieldForCode } from './error-codes.js';
export type { BillinkErrorField } from './error-codes.js';
export { CLIENT_OPERATIONS, describeEndpoints, endpointsMarkdown } from './endpoint-docs.js';
export type { EndpointDescription } from './endpoint-docs.js';
export {
  BASE_URLS,
  ENDPOINTS,
  LEGACY_VERSION,
  SESSION_TTL_MS,
  WEBHOOK_MAX_AGE_MS,
  WEBHOOK_V3_HEADERS,
  WEBHOOK_V3_HEADER_CERTAINTY,
} from './endpoints.js';
export type {
  BillinkEnvironment,
  Certainty,
  EndpointDefinition,
  EndpointName,
  Wire,
} from './endpoints.js';
export { centsToDecimal, decimalToCents } from './money.js';
export { unitTaxCents } from './order-amounts.js';
export type { FetchLike, RetryPolicy } from './transport.js';
export { DEFAULT_RETRY } from './transport.js';
export { DEFAULT_PACING, createPacer } from './pacing.js';
export type { BucketSettings, Pacer, PacingClock, PacingOptions } from './pacing.js';
export { SESSION_STATUSES } from './types.js';
export type * from './types.js';
export {
  WebhookVerificationError,
  createMemoryReplayStore,
  createWebhookVerifier,
} from './webhooks.js';
export type {
  MemoryReplayStoreOptions,
  ReplayStore,
  VerifiedWebhook,
  WebhookHeaders,
  WebhookRequest,
  WebhookVerificationCode,
  WebhookVerifier,
  WebhookVerifierOptions,
} from './webhooks.js';
export {
  ORDER_WEBHOOK_EVENTS,
  amsterdamToDate,
  parseBillinkWebhook,
  parseOrderWebhook,
  parseSessionWebhook,
} from './webhook-payloads.js';
export type {
  BillinkWebhook,
  KnownOrderWebhookEvent,
  OrderWebhook,
  SessionWebhook,
} from './webhook-payloads.js';
export { signWebhook, timingSafeEqualHex } from './webhook-signature.js';
