/**
 * Declarable outcomes: the test customer's own data chooses how the simulator answers, like Billink's
 * test-mode `BACKDOOR` field but without any configuration. **The rule: put the marker in the
 * e-mail address** — its local part (`decline@example.com`) or its `+tag`
 * (`jan+error-603@example.com`), compared case-insensitively as a whole word. That works everywhere:
 * through the element and the proxy, whose shopper field rules accept every such address. The
 * simulator reads the last name the same way, but the checkout's name rules let only the markers
 * that are names through there (`Decline`, `Timeout`), so the docs give e-mail examples only.
 *
 * | Marker            | Example e-mail                                 | Legacy Check / Order (XML)                                         | v2 Create Session (JSON)                                                                                         |
 * |-------------------|------------------------------------------------|--------------------------------------------------------------------|------------------------------------------------------------------------------------------------------------------|
 * | `decline`         | `decline@example.com`                          | Check → `MSG/CODE 501` (no UUID); Order → `ERROR 701`              | Session is created; the hosted page shows the rejection (Approve hidden) and any choice ends in `failed` → failURL |
 * | `slow-N`          | `slow-3@example.com` (3 s), `jan+slow-250ms@example.com` | answers normally after the delay                         | answers normally after the delay                                                                                 |
 * | `http-NNN`        | `http-500@example.com`, `jan+http-503@example.com` | HTTP NNN with a small HTML body (an outage, not a Billink answer) | HTTP NNN `{status:'error', message:'Something went wrong'}`                                                    |
 * | `timeout`         | `timeout@example.com`                          | never answers until the request is aborted (`request.signal`)      | same                                                                                                             |
 * | `error-NNN`       | `error-603@example.com`, `jan+error-603@example.com` | HTTP 200 `<RESULT>ERROR</RESULT><ERROR><CODE>NNN</CODE>…`    | HTTP 200 `{status:'error', code:NNN, message}`                                                                   |
 *
 * Markers combine: `slow-2@…` with the last name `Decline` first waits, then declines.
 * Markers are evaluated after the credentials check and before field validation, except `decline`,
 * which applies to a request that is otherwise valid.
 */

export const MARKER_DECLINE = 'decline';
export const MARKER_TIMEOUT = 'timeout';
export const MARKER_SLOW_PREFIX = 'slow-';
export const MARKER_HTTP_PREFIX = 'http-';
export const MARKER_ERROR_PREFIX = 'error-';

/** `slowMarker(3)` → `slow-3`; `slowMarker(0.25)` → `slow-250ms`. */
export function slowMarker(seconds: number): string {
  return Number.isInteger(seconds)
    ? `${MARKER_SLOW_PREFIX}${seconds}`
    : `${MARKER_SLOW_PREFIX}${Math.round(seconds * 1000)}ms`;
}

/** `httpMarker(500)` → `http-500`. */
export function httpMarker(status: number): string {
  return `${MARKER_HTTP_PREFIX}${status}`;
}

/** `errorMarker('603')` → `error-603`. */
export function errorMarker(code: string | number): string {
  return `${MARKER_ERROR_PREFIX}${code}`;
}

export type Marker =
  | { readonly kind: 'decline' }
  | { readonly kind: 'timeout' }
  | { readonly kind: 'slow'; readonly ms: number }
  | { readonly kind: 'http'; readonly status: number }
  | { readonly kind: 'error'; readonly code: string };

/** Longest accepted delay, so a typo cannot hang a test run for hours. */
const MAX_SLOW_MS = 120_000;

/** Parses one word; anything that is not a marker gives `undefined`. */
export function parseMarker(word: string): Marker | undefined {
  const w = word.trim().toLowerCase();
  if (w === MARKER_DECLINE) return { kind: 'decline' };
  if (w === MARKER_TIMEOUT) return { kind: 'timeout' };
  let m = /^slow-(\d{1,6})(ms)?$/.exec(w);
  if (m) {
    const n = Number(m[1]);
    return { kind: 'slow', ms: Math.min(m[2] ? n : n * 1000, MAX_SLOW_MS) };
  }
  m = /^http-([45]\d\d)$/.exec(w);
  if (m) return { kind: 'http', status: Number(m[1]) };
  m = /^error-(\d{3})$/.exec(w);
  if (m && m[1]) return { kind: 'error', code: m[1] };
  return undefined;
}

/** Markers found in a customer's e-mail (local part and `+tag`) and last name. */
export function markersOf(customer: { lastName?: unknown; email?: unknown }): Marker[] {
  const words: string[] = [];
  if (typeof customer.lastName === 'string') words.push(customer.lastName);
  if (typeof customer.email === 'string') {
    const local = customer.email.split('@')[0] ?? '';
    words.push(local);
    const plus = local.indexOf('+');
    if (plus >= 0) words.push(local.slice(plus + 1));
  }
  const out: Marker[] = [];
  for (const word of words) {
    const marker = parseMarker(word);
    if (marker) out.push(marker);
  }
  return out;
}

/** What a request's markers ask for, folded into one plan. */
export interface MarkerPlan {
  /** Total delay before answering. */
  readonly delayMs: number;
  /** First of `http` / `timeout` / `error`, if any: the answer replaces normal processing. */
  readonly override?: Extract<Marker, { kind: 'http' | 'timeout' | 'error' }>;
  readonly decline: boolean;
}

export function planMarkers(markers: readonly Marker[]): MarkerPlan {
  let delayMs = 0;
  let decline = false;
  let override: MarkerPlan['override'];
  for (const m of markers) {
    if (m.kind === 'slow') delayMs += m.ms;
    else if (m.kind === 'decline') decline = true;
    else override ??= m;
  }
  return override ? { delayMs, decline, override } : { delayMs, decline };
}

/** Descriptions for error codes a marker can ask for (unknown codes get a generic text). */
export const ERROR_DESCRIPTIONS: Readonly<Record<string, string>> = {
  '001': 'Unknown API version',
  '101': 'Unknown client username or client id',
  '102': 'Unknown client username or client id',
  '103': 'Unknown action',
  '110': 'Max 100 invoices per request',
  '111': 'Request limit exceeded',
  '601': 'XML parse error',
  '603': 'Redirect Billink API error',
  '607': 'Client or customer not found',
  '701': 'Customer rejected by credit check',
  '703': 'Financial arrangement missing',
};

export function errorDescription(code: string): string {
  return ERROR_DESCRIPTIONS[code] ?? `Simulated error ${code}`;
}
