/**
 * Which i18n key tells the shopper about an error or a decline. Keys only: the texts live in
 * src/i18n/locales. Codes come from the proxy client and the proxy (src/shared/error-codes.ts),
 * Billink (`501`, `421`, …) and src/shared/validation.ts (`under_18`, …).
 */
import {
  fieldRejectionCode,
  PROXY_ERROR_CODES,
  type ClientErrorCode,
} from '../shared/error-codes.js';

// Key → the codes it covers. Other errors the proxy answers show its own localized message.
const KEYS: Record<string, readonly string[]> = {
  'flow.error.network': ['network' satisfies ClientErrorCode],
  'flow.error.timeout': ['timeout' satisfies ClientErrorCode],
  // The proxy's codes a shopper meets: our own text, so it follows a language switch.
  ...Object.fromEntries(
    Object.entries(PROXY_ERROR_CODES).map(([key, codes]) => [`flow.error.${key}`, codes]),
  ),
  // Billink: consumer rejected (501 check MSG, 701), minimum age (422 check, 453 order), amounts.
  'flow.declined.underAge': ['422', '453', 'under_18'],
  'flow.declined.default': ['501', '701'],
};

const keyOf = (code = '') => Object.keys(KEYS).find((k) => KEYS[k]!.includes(code));

/** The key for an error code; other codes get `flow.error.generic` (the proxy's `message` says more). */
export function errorKey(code: string): string {
  return keyOf(code) ?? 'flow.error.generic';
}

/** The key for a decline reason; no reason or an unknown one: the respectful default. */
export function declineKey(reason?: string): string {
  const key = keyOf(reason);
  return key?.startsWith('flow.declined.') ? key : 'flow.declined.default';
}

/** The key for a field issue code from src/shared/validation.ts (or a proxy field error). */
export function fieldKey(code: string): string {
  return `flow.field.${code}`;
}

/**
 * The field-text code for a proxy error on a field: when Billink rejected the field, the rule it
 * breaks (`billingAddress.postalCode` → `postal_code_format`), so the element's own text can take
 * over from the proxy's message after a language switch; otherwise the proxy's code.
 */
export function fieldCode(error: { code: string; field?: string | undefined }): string {
  const rejected = error.code === 'billink_rejected' && error.field;
  return (rejected && fieldRejectionCode(rejected)) || error.code;
}
