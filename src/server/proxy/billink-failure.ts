import { fieldRejectionCode } from '../../shared/error-codes.js';
import type { BillinkError } from '../billink/index.js';
import type { ProxyContext } from './context.js';
import { ProxyError } from './errors.js';
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
 * Turns a Billink failure into the proxy's answer: faults (timeouts, 5xx, HTTP-200 errors,
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
