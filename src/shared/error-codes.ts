/**
 * The stable error codes of the checkout contract that the element understands (it has a text of
 * its own for each, so the message follows a language switch). The proxy answers them in
 * `{ error: { code, message, field?, retryable } }`; renaming one breaks shops' element versions.
 */
import type { ValidationCode } from './validation.js';

/** Failures the element's proxy client reports itself, when no proxy error body says more. */
export const CLIENT_ERROR_CODES = [
  'network',
  'timeout',
  'proxy_error',
  'invalid_response',
] as const;
export type ClientErrorCode = (typeof CLIENT_ERROR_CODES)[number];

/** The proxy's codes a shopper meets, grouped by the one text the element shows for them. */
export const PROXY_ERROR_CODES = {
  /** Another request or payment for this order is under way. */
  busy: ['order_in_progress', 'request_in_progress'],
  /** Billink approved this order before: it is never paid twice. */
  approved: ['order_already_approved'],
  /** Billink or the shop's order source cannot be reached (retryable). */
  unavailable: ['billink_unavailable', 'order_source_unavailable'],
  /** Billink rejected the shopper's details; with `field`, on that field. */
  rejected: ['billink_rejected'],
  /** The shop does not know the `order-ref`. */
  unknownOrder: ['order_ref_unknown'],
  /** The shop's total changed since the check or the hosted page (also an order `reason`). */
  amountChanged: ['amount_changed', 'order_amount_changed'],
} as const;
export type ProxyErrorCode = (typeof PROXY_ERROR_CODES)[keyof typeof PROXY_ERROR_CODES][number];

/** Every error code the element has its own text for. */
export type KnownErrorCode = ClientErrorCode | ProxyErrorCode;

/**
 * Billink rejected a field (`billink_rejected` with `field`): the validation code whose text says
 * what to fix there, by the field's last path segment. Other fields get `invalid_field`.
 */
export const FIELD_REJECTION_CODES = {
  birthdate: 'birthdate_format',
  postalCode: 'postal_code_format',
  email: 'email_format',
  phone: 'phone_format',
  company: 'company_length',
  cocNumber: 'coc_length',
} as const satisfies Readonly<Record<string, ValidationCode>>;

export type FieldRejectionCode = (typeof FIELD_REJECTION_CODES)[keyof typeof FIELD_REJECTION_CODES];

/** The validation code for a field Billink rejected (`billingAddress.postalCode` → `postal_code_format`). */
export function fieldRejectionCode(field: string): FieldRejectionCode | undefined {
  const leaf = field.split('.').pop() ?? '';
  return Object.hasOwn(FIELD_REJECTION_CODES, leaf)
    ? FIELD_REJECTION_CODES[leaf as keyof typeof FIELD_REJECTION_CODES]
    : undefined;
}
