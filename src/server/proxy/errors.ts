import type { MessageCode } from './checkout/messages.js';

/**
 * A failure the proxy answers with `{ error: { code, message, field?, retryable } }`. The message
 * is looked up by code in the shopper's language when the response is written.
 */
export class ProxyError extends Error {
  /** Stable; every code has its NL/EN text in checkout/messages.ts (the type makes sure). */
  readonly code: MessageCode;
  readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 500 | 502 | 503 | 504;
  readonly retryable: boolean;
  readonly field: string | undefined;
  /** Which message to show; defaults to `code`. */
  readonly messageCode: MessageCode;
  readonly headers: Record<string, string>;
  /** What Billink (or the check) said, for the merchant's API; never shown to shoppers. */
  readonly detail: string | undefined;

  constructor(
    code: MessageCode,
    status: ProxyError['status'],
    options: {
      retryable?: boolean;
      field?: string;
      messageCode?: MessageCode;
      headers?: Record<string, string>;
      detail?: string;
    } = {},
  ) {
    super(code);
    this.name = 'ProxyError';
    this.code = code;
    this.status = status;
    this.retryable = options.retryable ?? false;
    this.field = options.field;
    this.messageCode = options.messageCode ?? code;
    this.headers = options.headers ?? {};
    this.detail = options.detail;
  }
}

/** Thrown by an operation whose Billink call may or may not have been carried out. */
export class OutcomeUnknownError extends ProxyError {
  constructor(detail: string) {
    super('outcome_unknown', 502, { detail });
  }
}
