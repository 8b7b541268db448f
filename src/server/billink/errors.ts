/**
 * The one error type for every Billink failure: HTTP errors, `status: "error"`, `error_backend`,
 * `result`/`error` answers, legacy `<RESULT>ERROR</RESULT>`, failing per-invoice codes, timeouts,
 * network failures and malformed answers. Callers switch on `code`, never on the message.
 *
 * An error never carries a request or response body and the client redacts credentials from
 * every text it puts in here, so errors can be logged and serialised as they are.
 */
import type { EndpointName } from './endpoints.js';
import type { InvoiceItemResult } from './types.js';
import { fieldForCode, type BillinkErrorField } from './error-codes.js';

/** Codes the client makes up itself (Billink's own codes are numeric strings like "421"). */
export type OwnErrorCode =
  | 'timeout'
  | 'aborted'
  | 'network'
  | 'malformed_response'
  | 'api_error'
  | 'amount_mismatch'
  | 'invalid_request'
  | `http_${number}`;

/** Billink codes that say "try again later" rather than "your request is wrong". */
const RETRYABLE_BILLINK_CODES: ReadonlySet<string> = new Set([
  '111', // request limit exceeded
  '603', // redirect Billink API error (their side)
]);

export interface BillinkErrorInit {
  code: string;
  description: string;
  operation: EndpointName;
  httpStatus?: number | undefined;
  /** Overrides the default derived from `code`. */
  retryable?: boolean;
  field?: BillinkErrorField | undefined;
  items?: readonly InvoiceItemResult[] | undefined;
  /** Set when the connection failed before the request left, so even a write may be repeated. */
  notSent?: boolean;
  cause?: unknown;
}

/** Whether a code is worth retrying later: timeouts, network, HTTP 5xx, 111, 603. */
export function isRetryableCode(code: string): boolean {
  if (code === 'timeout' || code === 'network') return true;
  if (/^http_5\d\d$/.test(code)) return true;
  return RETRYABLE_BILLINK_CODES.has(code);
}

export class BillinkError extends Error {
  override readonly name = 'BillinkError';
  /** Billink's code as text ("421", "001") or one of {@link OwnErrorCode}. */
  readonly code: string;
  /** Human-readable reason (Billink's description where there is one), credentials redacted. */
  readonly description: string;
  /** Endpoint-table name of the failing operation, e.g. `legacyCheck`. */
  readonly operation: EndpointName;
  readonly httpStatus: number | undefined;
  /** True when the same call may succeed later (timeouts, network, 5xx, 111, 603). */
  readonly retryable: boolean;
  /** Domain field a validation code concerns, when known (see ERROR_CODE_FIELDS). */
  readonly field: BillinkErrorField | undefined;
  /** Per-invoice outcomes when a multi-invoice call partly failed. */
  readonly items: readonly InvoiceItemResult[] | undefined;
  /** True when the request never left this process (e.g. ECONNREFUSED). */
  readonly notSent: boolean;

  constructor(init: BillinkErrorInit) {
    super(
      `Billink ${init.operation} failed: ${init.code} ${init.description}`,
      init.cause === undefined ? undefined : { cause: init.cause },
    );
    this.code = init.code;
    this.description = init.description;
    this.operation = init.operation;
    this.httpStatus = init.httpStatus;
    this.retryable = init.retryable ?? isRetryableCode(init.code);
    this.field = init.field ?? fieldForCode(init.operation, init.code);
    this.items = init.items;
    this.notSent = init.notSent ?? false;
  }

  /** Stable, body-free shape for logs and API answers. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      description: this.description,
      operation: this.operation,
      httpStatus: this.httpStatus,
      retryable: this.retryable,
      field: this.field,
      items: this.items,
      notSent: this.notSent || undefined,
    };
  }
}

export function isBillinkError(value: unknown): value is BillinkError {
  return value instanceof BillinkError;
}

const MAX_DESCRIPTION = 500;
const REDACTED = '[redacted]';

/**
 * Returns a copy of `error` whose texts no longer contain any of `secrets` (Billink sometimes
 * echoes the request in an error description). The original, unredacted error is dropped.
 */
export function redactError(error: BillinkError, secrets: readonly string[]): BillinkError {
  const clean = (text: string): string => redactText(text, secrets).slice(0, MAX_DESCRIPTION);
  return new BillinkError({
    code: clean(error.code),
    description: clean(error.description),
    operation: error.operation,
    httpStatus: error.httpStatus,
    retryable: error.retryable,
    field: error.field,
    notSent: error.notSent,
    items: error.items?.map((item) => ({
      ...item,
      invoiceNumber: clean(item.invoiceNumber),
      code: clean(item.code),
      message: clean(item.message),
    })),
    // Only transport failures keep a cause: fetch/undici errors never contain the body.
    cause: error.code === 'network' || error.code === 'timeout' ? error.cause : undefined,
  });
}

export function redactText(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    // Very short usernames would shred ordinary words; credentials that short are not secret anyway.
    if (secret.length < 3) continue;
    // Case-insensitive: an upper-cased echo of a hex billinkID is still the secret.
    out = out.replace(new RegExp(secret.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi'), REDACTED);
  }
  return out;
}
