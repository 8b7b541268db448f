/**
 * Shopify's session tokens: what the app's admin pages and admin action extensions send the backend
 * (`Authorization: Bearer <token>`, from App Bridge). A JWT signed HS256 with the app's client
 * secret; `dest` is the shop, `aud` the app's client id. Web Crypto only.
 */
export interface SessionToken {
  /** The shop's domain, from `dest` (`https://{shop}`). */
  shop: string;
  /** The staff member (`sub`). */
  user: string | undefined;
}

export interface SessionTokenOptions {
  secret: string;
  /** The app's client id (`aud`); checked when given. */
  apiKey?: string;
  /** When set, only tokens for this shop pass. */
  shopDomain?: string;
  now?: () => number;
}

const LEEWAY_S = 5; // Shopify's own libraries allow a few seconds of clock skew

const b64url = (text: string) =>
  Uint8Array.from(atob(text.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));

/** The verified token, or undefined for anything not signed by this app or not valid now. */
export async function verifySessionToken(
  authorization: string | null,
  options: SessionTokenOptions,
): Promise<SessionToken | undefined> {
  const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
  const parts = token?.split('.');
  if (!parts || parts.length !== 3) return undefined;
  const [head, body, signature] = parts as [string, string, string];
  try {
    const header = JSON.parse(new TextDecoder().decode(b64url(head))) as { alg?: unknown };
    if (header.alg !== 'HS256') return undefined;
    const key = await crypto.subtle.importKey(
      'raw',
      new TextEncoder().encode(options.secret),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['verify'],
    );
    const valid = await crypto.subtle.verify(
      'HMAC',
      key,
      b64url(signature),
      new TextEncoder().encode(`${head}.${body}`),
    );
    if (!valid) return undefined;
    const claims = JSON.parse(new TextDecoder().decode(b64url(body))) as Record<string, unknown>;
    const now = (options.now?.() ?? Date.now()) / 1000;
    if (typeof claims['exp'] !== 'number' || claims['exp'] + LEEWAY_S < now) return undefined;
    if (typeof claims['nbf'] === 'number' && claims['nbf'] - LEEWAY_S > now) return undefined;
    if (options.apiKey && claims['aud'] !== options.apiKey) return undefined;
    const shop = typeof claims['dest'] === 'string' ? new URL(claims['dest']).hostname : '';
    if (!shop || (options.shopDomain && shop !== options.shopDomain)) return undefined;
    return { shop, user: typeof claims['sub'] === 'string' ? claims['sub'] : undefined };
  } catch {
    return undefined;
  }
}
