import { ProxyError } from '../errors.js';

/**
 * Binds an orderRef to the shopper the shop's server rendered it for: the shop signs the ref with a
 * secret only it and the proxy know, the page hands the token to `<billink-checkout order-token>`,
 * and the proxy refuses calls without a valid, unexpired token. A stranger who guesses a ref has
 * no token, so cannot see, lock or approve someone else's order.
 *
 * Format: `{expires}.{mac}` — `expires` in Unix seconds (decimal), `mac` the base64url (no padding)
 * HMAC-SHA256 of `{orderRef}.{expires}` under the secret. Compact, URL- and attribute-safe, and a
 * few lines in any language (PHP: hash_hmac('sha256', …, true)).
 */

const encoder = new TextEncoder();
const TOKEN = /^(\d{1,12})\.([A-Za-z0-9_-]{43})$/;

function base64url(bytes: Uint8Array): string {
  let text = '';
  for (const b of bytes) text += String.fromCharCode(b);
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64url(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function hmacKey(secret: string): Promise<CryptoKey> {
  return crypto.subtle.importKey(
    'raw',
    encoder.encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign', 'verify'],
  );
}

export interface SignOrderRefOptions {
  /** Shared with the proxy (`ORDER_REF_SECRET` / option `orderRefSecret`); at least 32 characters. */
  secret: string;
  /** Lifetime of the token; make it cover a checkout page left open (e.g. 24 h). */
  expiresInSeconds: number;
  /** Clock for tests, ms since the epoch. */
  now?: number;
}

export const MIN_SECRET_LENGTH = 32;

function assertSecret(secret: string): void {
  if (secret.length < MIN_SECRET_LENGTH) {
    throw new TypeError(`orderRef secret must be at least ${MIN_SECRET_LENGTH} characters`);
  }
}

/** The token for `<billink-checkout order-token>`: mint it on the shop's server, per page view. */
export async function signOrderRef(
  orderRef: string,
  options: SignOrderRefOptions,
): Promise<string> {
  assertSecret(options.secret);
  if (!Number.isInteger(options.expiresInSeconds) || options.expiresInSeconds <= 0) {
    throw new TypeError('expiresInSeconds must be a positive whole number');
  }
  const expires = Math.floor((options.now ?? Date.now()) / 1000) + options.expiresInSeconds;
  const mac = await crypto.subtle.sign(
    'HMAC',
    await hmacKey(options.secret),
    encoder.encode(`${orderRef}.${expires}`),
  );
  return `${expires}.${base64url(new Uint8Array(mac))}`;
}

export type OrderTokenProblem = 'missing' | 'invalid' | 'expired';

/**
 * Checks a token against the ref it must be bound to. `crypto.subtle.verify` compares MACs in
 * constant time; the expiry is checked only after the MAC, so a forged token never learns whether
 * its time was right.
 */
export async function verifyOrderToken(
  orderRef: string,
  token: string | undefined,
  options: { secret: string; now?: number },
): Promise<OrderTokenProblem | undefined> {
  if (!token) return 'missing';
  const match = TOKEN.exec(token);
  if (!match) return 'invalid';
  const [, expires, mac] = match as unknown as [string, string, string];
  const valid = await crypto.subtle.verify(
    'HMAC',
    await hmacKey(options.secret),
    fromBase64url(mac),
    encoder.encode(`${orderRef}.${expires}`),
  );
  if (!valid) return 'invalid';
  return Number(expires) * 1000 <= (options.now ?? Date.now()) ? 'expired' : undefined;
}

/** The proxy's side: a clear, stable error for each way a token can be wrong. */
export async function assertOrderToken(
  orderRef: string,
  token: string | undefined,
  options: { secret: string; now?: number },
): Promise<void> {
  const problem = await verifyOrderToken(orderRef, token, options);
  if (!problem) return;
  const code = (
    {
      missing: 'order_token_required',
      invalid: 'order_token_invalid',
      expired: 'order_token_expired',
    } as const
  )[problem];
  throw new ProxyError(code, 403, { field: 'orderToken' });
}

export { assertSecret as assertOrderRefSecret };
