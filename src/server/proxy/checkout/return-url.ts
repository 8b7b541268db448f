import { ProxyError } from '../errors.js';

/**
 * Where Billink's hosted page sends the shopper back. Billink's page is trusted by shoppers, so a
 * return URL an attacker chooses would be a phishing redirect with Billink's name on it. It is
 * therefore checked against configuration only — `publicUrl` and `allowedOrigins` — never against
 * the request's Host or X-Forwarded-Host (an attacker sets those on the request that creates the
 * session, then sends the victim the session link), and never taken from Referer.
 */
export interface ReturnUrlPolicy {
  /** Origins a returnUrl may point at. */
  origins: ReadonlySet<string>;
  /** Used when the browser sends none; undefined when nothing is configured. */
  fallback: string | undefined;
}

export function returnUrlPolicy(options: {
  publicUrl?: string | undefined;
  allowedOrigins?: readonly string[] | undefined;
  defaultReturnUrl?: string | undefined;
}): ReturnUrlPolicy {
  const origins = new Set((options.allowedOrigins ?? []).map((o) => new URL(o).origin));
  if (options.publicUrl) origins.add(new URL(options.publicUrl).origin);
  if (options.defaultReturnUrl && !origins.has(new URL(options.defaultReturnUrl).origin)) {
    throw new TypeError('defaultReturnUrl must be on publicUrl or one of allowedOrigins');
  }
  // The shop's origin: the proxy is served on it (publicUrl), else the first allowed origin.
  const shopOrigin = options.publicUrl ? new URL(options.publicUrl).origin : [...origins][0];
  return {
    origins,
    fallback: options.defaultReturnUrl ?? (shopOrigin ? `${shopOrigin}/` : undefined),
  };
}

/** The page the shopper returns to: the browser's returnUrl if allowed, else the fallback. */
export function resolveReturnUrl(policy: ReturnUrlPolicy, requested: string | undefined): string {
  if (requested) {
    if (!policy.origins.has(new URL(requested).origin)) {
      throw new ProxyError('invalid_request', 400, { field: 'returnUrl' });
    }
    return requested;
  }
  if (!policy.fallback) throw new ProxyError('return_url_required', 400, { field: 'returnUrl' });
  return policy.fallback;
}

/** For the route that builds Billink's return URLs: resolveReturnUrl ran before it. */
export function requireReturnUrl(resolved: string | undefined): string {
  if (!resolved) throw new ProxyError('return_url_required', 400, { field: 'returnUrl' });
  return resolved;
}
