/**
 * v3 webhook signature: HMAC-SHA256, lowercase hex, over the timestamp immediately followed by the
 * raw body (documented). The key is the secret text exactly as Billink returned it (the docs say
 * "use this value as the secret"; whether Billink decodes the base64 first is an open question).
 * WebCrypto only, so the simulator can sign in a browser (msw worker) as well as in Node.
 */

const encoder = new TextEncoder();

async function hmacKey(secret: string): Promise<CryptoKey> {
  return crypto.subtle.importKey(
    'raw',
    encoder.encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
}

function toHex(bytes: ArrayBuffer): string {
  return Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Signature Billink would send for `rawBody` delivered at `timestamp` (Unix seconds, as text). */
export async function signWebhook(
  secret: string,
  timestamp: string,
  rawBody: string,
): Promise<string> {
  const key = await hmacKey(secret);
  return toHex(await crypto.subtle.sign('HMAC', key, encoder.encode(timestamp + rawBody)));
}

/** Constant-time comparison of two hex signatures (length leak only, which is public anyway). */
export function timingSafeEqualHex(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
