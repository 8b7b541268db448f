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

// Key → the codes it covers (space separated). Other errors the proxy answers show its own
// localized message.
const KEYS: Record<string, string> = {
  'flow.error.network': 'network',
  'flow.error.timeout': 'timeout',
  // The proxy's codes a shopper meets: our own text, so it follows a language switch.
  'flow.error.busy': 'order_in_progress request_in_progress',
  'flow.error.approved': 'order_already_approved',
  'flow.error.unavailable': 'billink_unavailable order_source_unavailable',
  'flow.error.rejected': 'billink_rejected',
  'flow.error.unknownOrder': 'order_ref_unknown',
  'flow.error.amountChanged': 'amount_changed order_amount_changed',
  // Billink: consumer rejected (501 check MSG, 701), minimum age (422 check, 453 order), amounts.
  'flow.declined.underAge': '422 453 under_18',
  'flow.declined.default': '501 701',
};

const keyOf = (code = '') => Object.keys(KEYS).find((k) => KEYS[k]!.split(' ').includes(code));

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
