/**
 * The `billink` CLI's only way to the proxy: its merchant API over HTTP, with the bearer key. Every
 * failure becomes one CliError whose message is the one line a person reads (the proxy's own
 * message when it sent one), so the CLI never prints a stack trace for an expected failure.
 */

export class CliError extends Error {
  constructor(
    message: string,
    /** The proxy's stable error code, when it answered with one. */
    readonly code?: string,
    readonly status?: number,
    /** The request field the proxy refused, when it named one. */
    readonly field?: string,
    /** What Billink answered, or the figures behind a refusal (English, for the merchant). */
    readonly detail?: string,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export interface MerchantApiOptions {
  /** The proxy's base URL, e.g. https://shop.example (routes are under /billink/merchant). */
  proxyUrl: string;
  apiKey: string;
  /** Path the proxy's routes are served under, default `/billink`. */
  basePath?: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export interface MerchantApi {
  json<T>(method: 'GET' | 'POST', path: string, options?: RequestOptions): Promise<T>;
  /** A raw answer (CSV, PDF), checked for success. */
  raw(path: string, options?: RequestOptions): Promise<Response>;
}

interface RequestOptions {
  body?: unknown;
  headers?: Record<string, string>;
  query?: Record<string, string | number | undefined>;
}

interface ErrorBody {
  error?: { code?: unknown; message?: unknown; field?: unknown; detail?: unknown };
}

export function createMerchantApi(options: MerchantApiOptions): MerchantApi {
  let base: URL;
  try {
    base = new URL(options.proxyUrl);
  } catch {
    throw new CliError(
      `--proxy must be a URL such as https://shop.example, got "${options.proxyUrl}"`,
    );
  }
  const prefix = `${(options.basePath ?? '/billink').replace(/\/$/, '')}/merchant`;
  const doFetch = options.fetch ?? fetch;

  async function send(method: string, path: string, init: RequestOptions = {}): Promise<Response> {
    const url = new URL(prefix + path, base);
    for (const [name, value] of Object.entries(init.query ?? {})) {
      if (value !== undefined) url.searchParams.set(name, String(value));
    }
    let response: Response;
    try {
      response = await doFetch(url, {
        method,
        headers: {
          authorization: `Bearer ${options.apiKey}`,
          accept: 'application/json',
          ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...init.headers,
        },
        ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
        signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
      });
    } catch (error) {
      const reason = (error as Error).name === 'TimeoutError' ? 'timed out' : 'is not reachable';
      throw new CliError(`the proxy at ${base.origin} ${reason}`, 'network');
    }
    if (!response.ok) throw await failure(response);
    return response;
  }

  async function failure(response: Response): Promise<CliError> {
    const text = await response.text().catch(() => '');
    let body: ErrorBody | undefined;
    try {
      body = JSON.parse(text) as ErrorBody;
    } catch {
      body = undefined;
    }
    const code = typeof body?.error?.code === 'string' ? body.error.code : undefined;
    const message = typeof body?.error?.message === 'string' ? body.error.message : undefined;
    const field = typeof body?.error?.field === 'string' ? body.error.field : undefined;
    const detail = typeof body?.error?.detail === 'string' ? body.error.detail : undefined;
    if (response.status === 401) {
      return new CliError('the proxy refused the merchant API key (MERCHANT_API_KEY)', code, 401);
    }
    if (response.status === 404 && !code) {
      return new CliError(
        'the proxy has no merchant API here (is MERCHANT_API_KEY set on the proxy, and --proxy right?)',
        undefined,
        404,
      );
    }
    return new CliError(
      message ?? `the proxy answered HTTP ${response.status}`,
      code,
      response.status,
      field,
      detail,
    );
  }

  return {
    async json<T>(method: 'GET' | 'POST', path: string, init?: RequestOptions): Promise<T> {
      const response = await send(method, path, init);
      try {
        return (await response.json()) as T;
      } catch {
        throw new CliError('the proxy sent an answer that is not JSON');
      }
    },
    raw: (path, init) => send('GET', path, init),
  };
}
