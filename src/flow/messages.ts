/**
 * Which i18n key tells the shopper about a state, an error or a decline. Keys only: the texts live
 * in src/i18n/locales. Codes come from the proxy client (`network`, …), the proxy (`rate_limited`,
 * …), Billink (`501`, `421`, …) and src/shared/validation.ts (`under_18`, …).
 */
import type { FlowState } from './types.js';

/** Announced once when the flow enters `state`: `flow.status.<state>` (none for idle, collecting, and declined/error, which say why). */
export function stateKey(state: FlowState): string {
  return /^(idle|collecting|declined|error)$/.test(state) ? '' : `flow.status.${state}`;
}

// Key → the codes it covers (space separated).
const KEYS: Record<string, string> = {
  'flow.error.network': 'network',
  'flow.error.timeout': 'timeout',
  'flow.error.server': 'proxy_error invalid_response internal order_invalid',
  'flow.error.retryLater': 'billink_unavailable order_source_unavailable request_in_progress',
  'flow.error.rateLimited': 'rate_limited',
  'flow.error.inProgress': 'order_in_progress',
  'flow.error.checkExpired': 'check_invalid 445 446',
  'flow.error.details': 'billink_rejected invalid_field customer_required 421',
  'flow.status.approved': 'order_already_approved',
  // Billink: consumer rejected (501 check MSG, 701), minimum age (422 check, 453 order), amounts.
  'flow.declined.underAge': '422 453 under_18',
  'flow.declined.amount': '429 444 452',
  'flow.declined.default': '501 701',
};

const keyOf = (code = '') => Object.keys(KEYS).find((k) => KEYS[k]!.split(' ').includes(code));

/** The key for an error code; unknown codes get `flow.error.generic` (the proxy's `message` may say more). */
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
