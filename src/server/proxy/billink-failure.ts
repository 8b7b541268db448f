import { fieldRejectionCode } from '../../shared/error-codes.js';
import { isBillinkError, type BillinkError } from '../billink/index.js';
import type { ProxyContext } from './context.js';
import { OutcomeUnknownError, ProxyError } from './errors.js';
import type { MessageCode } from './checkout/messages.js';

const CUSTOMER_FIELDS = new Set([
  'type',
  'firstName',
  'lastName',
  'initials',
  'birthdate',
  'email',
  'phone',
  'company',
  'cocNumber',
  'vatNumber',
]);
const ADDRESS_FIELDS = new Set([
  'street',
  'houseNumber',
  'houseExtension',
  'postalCode',
  'city',
  'countryCode',
]);

// Shopper-facing copy for the fields Billink most often rejects.
/**
 * "Amount higher than agreed": code 429 on Check (and, inferred, on session create: the v2 codes
 * mirror the legacy ones), 452 on Order. 429 means something else on Order (KvK length).
 */
const AMOUNT_ABOVE_AGREED = new Set(['legacyCheck:429', 'sessionCreate:429', 'legacyOrder:452']);

/** Billink's domain field ("postalCode", "shippingAddress.city") as a path in the proxy's request. */
function requestField(field: string | undefined): string | undefined {
  if (!field) return undefined;
  if (field.startsWith('shippingAddress')) return field;
  if (CUSTOMER_FIELDS.has(field)) return `customer.${field}`;
  if (ADDRESS_FIELDS.has(field)) return `billingAddress.${field}`;
  return undefined;
}

/**
 * Every Billink failure becomes the proxy's answer here, by one of two policies:
 * - the **shopper's** (`billinkFailure`, the checkout routes): a retry text or the field to fix,
 *   never Billink's own words;
 * - the **merchant's** (`merchantFailure`, the merchant API and the order book's reads): Billink's
 *   code and description in `detail`, the status page when Billink cannot be reached, and, for a
 *   write whose answer was lost, "outcome unknown" rather than a guess.
 * `billinkCode` is what a log line says of any failure (never the description: it may echo data).
 */

/** Where Billink reports its outages; named in every "Billink unavailable" a merchant sees. */
export const BILLINK_STATUS_PAGE = 'https://status.billink.nl';

export const billinkCode = (error: unknown): string =>
  isBillinkError(error) ? error.code : 'unknown';

/** Billink could not answer a read: 503, retryable, naming the status page. */
export function billinkUnavailable(error: BillinkError): ProxyError {
  return new ProxyError('billink_unavailable', 503, {
    retryable: true,
    detail: `Billink cannot be reached now (${error.code}); see ${BILLINK_STATUS_PAGE}.`,
  });
}

/**
 * The merchant's policy. Billink answered with its own code (or a 4xx) → 422 `billink_refused`:
 * nothing was done. Not sent, or a read → 503 `billink_unavailable`, retryable, naming the status
 * page. A write sent without a readable answer → `OutcomeUnknownError`. Other errors pass.
 */
export function merchantFailure(error: unknown, options: { write: boolean }): never {
  if (!isBillinkError(error)) throw error;
  if (/^(\d+|http_4\d\d)$/.test(error.code)) {
    throw new ProxyError('billink_refused', 422, {
      detail: `${error.code}: ${error.description}`,
    });
  }
  if (!options.write || error.notSent) throw billinkUnavailable(error);
  throw new OutcomeUnknownError(`${error.code}: ${error.description}`);
}

/**
 * The shopper's policy: faults (timeouts, 5xx, HTTP-200 errors,
 * malformed bodies) become a retryable `billink_unavailable`; validation codes become a 422 on the
 * field they concern. Billink's own description is logged, never shown (it may echo data).
 */
export function billinkFailure(ctx: ProxyContext, error: BillinkError): ProxyError {
  ctx.logger.warn?.('billink call failed', {
    operation: error.operation,
    code: error.code,
    httpStatus: error.httpStatus,
    retryable: error.retryable,
  });
  if (error.retryable) {
    return new ProxyError('billink_unavailable', error.code === 'timeout' ? 504 : 503, {
      retryable: true,
    });
  }
  if (AMOUNT_ABOVE_AGREED.has(`${error.operation}:${error.code}`)) {
    // The shop's Billink contract caps the amount: no retry or correction by the shopper helps.
    ctx.logger.warn?.('amount higher than agreed with Billink', { code: error.code });
    return new ProxyError('amount_above_billink_limit', 422, { field: 'orderRef' });
  }
  const field = requestField(error.field);
  if (field) {
    // The element shows its own text for the same field code (src/shared/error-codes.ts).
    const fieldCode = fieldRejectionCode(field);
    const messageCode: MessageCode =
      error.code === '422' && fieldCode === 'birthdate_format'
        ? 'under_18'
        : (fieldCode ?? 'billink_rejected');
    return new ProxyError('billink_rejected', 422, { field, messageCode });
  }
  if (/^(001|10[1-5])$/.test(error.code)) {
    // Credentials or configuration: the shop must act; the shopper can only pay another way.
    ctx.logger.error?.('billink rejected the proxy configuration', { code: error.code });
    return new ProxyError('billink_unavailable', 503, { retryable: false });
  }
  return new ProxyError('billink_rejected', 422);
}
