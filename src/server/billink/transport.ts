/**
 * HTTP for the client: one POST with a per-attempt timeout, plus a retry loop. Transport failures
 * become BillinkErrors here (timeout / aborted / network); answer interpretation happens in the
 * envelopes, inside the retried function, so a 503 or a code-111 answer can be retried too.
 */
import { BillinkError } from './errors.js';
import type { EndpointName } from './endpoints.js';

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface HttpRequest {
  operation: EndpointName;
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  signal?: AbortSignal | undefined;
  fetch: FetchLike;
}

export interface HttpAnswer {
  status: number;
  text: string;
  /** Billink's Retry-After header, read for its limit answers. */
  retryAfter?: string | null;
}

/**
 * Connection errors that happen before a single byte of the request is sent (refused, no DNS, no
 * route, connect timeout), so repeating even a write cannot create a duplicate.
 */
const NOT_SENT_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

export async function postOnce(request: HttpRequest): Promise<HttpAnswer> {
  if (request.signal?.aborted) throw abortedError(request.operation);
  // A ref'd timer rather than AbortSignal.timeout (whose timer is unref'd): a pending Billink call
  // must keep the process alive until it settles, and the timer is cleared as soon as it does.
  const timeout = new AbortController();
  const timer = setTimeout(
    () => timeout.abort(new DOMException('Billink call timed out', 'TimeoutError')),
    request.timeoutMs,
  );
  const signal = request.signal
    ? AbortSignal.any([request.signal, timeout.signal])
    : timeout.signal;
  try {
    const response = await request.fetch(request.url, {
      method: 'POST',
      headers: request.headers,
      body: request.body,
      signal,
      redirect: 'error',
    });
    // Reading the body is covered by the same signal, so a stalled body also times out.
    return {
      status: response.status,
      text: await response.text(),
      retryAfter: response.headers.get('retry-after'),
    };
  } catch (error) {
    if (error instanceof BillinkError) throw error;
    if (request.signal?.aborted) throw abortedError(request.operation);
    if (timeout.signal.aborted) {
      throw new BillinkError({
        code: 'timeout',
        description: `no answer within ${request.timeoutMs} ms`,
        operation: request.operation,
        cause: error,
      });
    }
    const causeCode = errorCauseCode(error);
    throw new BillinkError({
      code: 'network',
      description: causeCode ? `network error ${causeCode}` : 'network error',
      operation: request.operation,
      notSent: causeCode !== undefined && NOT_SENT_CODES.has(causeCode),
      cause: error,
    });
  } finally {
    clearTimeout(timer);
  }
}

function abortedError(operation: EndpointName): BillinkError {
  return new BillinkError({
    code: 'aborted',
    description: 'call aborted by the caller',
    operation,
    retryable: false,
  });
}

/** Node's fetch throws `TypeError('fetch failed')` with the socket error (and its code) as cause. */
function errorCauseCode(error: unknown): string | undefined {
  const cause = error instanceof Error ? error.cause : undefined;
  const code = typeof cause === 'object' && cause !== null ? Reflect.get(cause, 'code') : undefined;
  return typeof code === 'string' ? code : undefined;
}

export interface RetryPolicy {
  /** Total attempts including the first; 1 disables retries. */
  attempts: number;
  /** First backoff; doubles per attempt, with ±50 % jitter. */
  baseDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 3, baseDelayMs: 200 };

export interface RetryHooks {
  /** Decides whether this failure may be repeated. */
  shouldRetry: (error: BillinkError) => boolean;
  onRetry?: (error: BillinkError, attempt: number, delayMs: number) => void;
  signal?: AbortSignal | undefined;
  random?: () => number;
}

export async function withRetry<T>(
  policy: RetryPolicy,
  hooks: RetryHooks,
  run: (attempt: number) => Promise<T>,
): Promise<T> {
  const attempts = Math.max(1, Math.floor(policy.attempts));
  for (let attempt = 1; ; attempt++) {
    try {
      return await run(attempt);
    } catch (error) {
      if (!(error instanceof BillinkError) || attempt >= attempts || !hooks.shouldRetry(error))
        throw error;
      const jitter = 0.5 + (hooks.random ?? Math.random)();
      const delayMs = Math.round(policy.baseDelayMs * 2 ** (attempt - 1) * jitter);
      hooks.onRetry?.(error, attempt, delayMs);
      // An abort during the pause surfaces from the next attempt as `aborted`.
      await sleep(delayMs, hooks.signal);
    }
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (ms <= 0 || signal?.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
