/**
 * Verification of Billink v3 (signed) webhooks: HMAC-SHA256 over timestamp + raw body, a freshness
 * window, and de-duplication on the delivery id (stable across Billink's retries).
 *
 * Order of checks: headers → timestamp window → signature → body → replay. The replay store is
 * written only for a delivery that is authentic and parseable, so a forged request can never burn
 * a real delivery id.
 */
import { WEBHOOK_MAX_AGE_MS, WEBHOOK_V3_HEADERS } from './endpoints.js';
import { signWebhook, timingSafeEqualHex } from './webhook-signature.js';
import { parseBillinkWebhook, type BillinkWebhook } from './webhook-payloads.js';

export type WebhookVerificationCode =
  'missing_header' | 'bad_signature' | 'stale_timestamp' | 'replayed' | 'malformed_body';

/**
 * Why a delivery was refused. Answer 401 for `bad_signature`/`missing_header`/`stale_timestamp`,
 * 400 for `malformed_body`, and 2xx for `replayed` (we already have it; a non-2xx would make
 * Billink retry and e-mail the merchant).
 */
export class WebhookVerificationError extends Error {
  override readonly name = 'WebhookVerificationError';
  readonly code: WebhookVerificationCode;

  constructor(code: WebhookVerificationCode, message: string) {
    super(message);
    this.code = code;
  }

  toJSON(): Record<string, unknown> {
    return { name: this.name, code: this.code, message: this.message };
  }
}

/** Remembers delivery ids. Back it with Redis (`SET id 1 NX PX ttl`) when running several proxies. */
export interface ReplayStore {
  /** True the first time `id` is seen within `ttlMs`, false for a repeat. */
  firstSeen(id: string, ttlMs: number): Promise<boolean>;
}

export interface MemoryReplayStoreOptions {
  /** Oldest ids are forgotten beyond this many (default 10 000). */
  maxEntries?: number;
  now?: () => number;
}

/** In-process, bounded replay store: fine for one proxy instance. */
export function createMemoryReplayStore(options: MemoryReplayStoreOptions = {}): ReplayStore {
  const maxEntries = options.maxEntries ?? 10_000;
  const now = options.now ?? Date.now;
  const expiries = new Map<string, number>();
  return {
    async firstSeen(id, ttlMs) {
      const t = now();
      // Map keeps insertion order, which with one TTL is expiry order: drop expired from the front.
      for (const [key, expiry] of expiries) {
        if (expiry > t) break;
        expiries.delete(key);
      }
      const expiry = expiries.get(id);
      if (expiry !== undefined && expiry > t) return false;
      expiries.delete(id);
      expiries.set(id, t + ttlMs);
      while (expiries.size > maxEntries) {
        const oldest = expiries.keys().next();
        if (oldest.done) break;
        expiries.delete(oldest.value);
      }
      return true;
    },
  };
}

export interface WebhookVerifierOptions {
  /** The v3 signing secret exactly as Billink returned it. */
  secret: string;
  /** Header-name overrides (only the id header name is documented). */
  headers?: Partial<Record<keyof typeof WEBHOOK_V3_HEADERS, string>>;
  /** Freshness window either side of now, default 5 minutes (documented). */
  maxAgeMs?: number;
  now?: () => number;
  replayStore?: ReplayStore;
  /** How long a delivery id is remembered, default 24 h (Billink's retry backoff is undocumented). */
  replayTtlMs?: number;
}

export type WebhookHeaders =
  Headers | Readonly<Record<string, string | readonly string[] | undefined>>;

export interface WebhookRequest {
  headers: WebhookHeaders;
  /** The body exactly as received: re-serialised JSON would not match the signature. */
  rawBody: string;
}

export interface VerifiedWebhook {
  /** Delivery id (`X-Billink-Webhook-Id`). */
  id: string;
  /** Unix seconds from the timestamp header. */
  timestamp: number;
  payload: BillinkWebhook;
}

export interface WebhookVerifier {
  /** Resolves with the parsed webhook or rejects with a {@link WebhookVerificationError}. */
  verify(request: WebhookRequest): Promise<VerifiedWebhook>;
}

const DEFAULT_REPLAY_TTL_MS = 24 * 60 * 60 * 1000;

export function createWebhookVerifier(options: WebhookVerifierOptions): WebhookVerifier {
  if (!options.secret) throw new TypeError('webhook secret is required');
  const names = { ...WEBHOOK_V3_HEADERS, ...options.headers };
  const maxAgeMs = options.maxAgeMs ?? WEBHOOK_MAX_AGE_MS;
  const now = options.now ?? Date.now;
  const replayStore = options.replayStore ?? createMemoryReplayStore({ now });
  const replayTtlMs = options.replayTtlMs ?? DEFAULT_REPLAY_TTL_MS;

  return {
    async verify({ headers, rawBody }) {
      const signature = header(headers, names.signature);
      const timestampText = header(headers, names.timestamp);
      const id = header(headers, names.id);
      const missing = [
        signature ? undefined : names.signature,
        timestampText ? undefined : names.timestamp,
        id ? undefined : names.id,
      ].filter(Boolean);
      if (!signature || !timestampText || !id) {
        throw new WebhookVerificationError('missing_header', `missing ${missing.join(', ')}`);
      }

      const timestamp = /^\d{1,12}$/.test(timestampText) ? Number(timestampText) : NaN;
      if (!Number.isSafeInteger(timestamp) || Math.abs(now() - timestamp * 1000) > maxAgeMs) {
        throw new WebhookVerificationError(
          'stale_timestamp',
          'timestamp outside the accepted window',
        );
      }

      const expected = await signWebhook(options.secret, timestampText, rawBody);
      if (!timingSafeEqualHex(expected, signature.trim().toLowerCase())) {
        throw new WebhookVerificationError('bad_signature', 'signature does not match');
      }

      let json: unknown;
      try {
        json = JSON.parse(rawBody);
      } catch {
        throw new WebhookVerificationError('malformed_body', 'body is not JSON');
      }
      const payload = parseBillinkWebhook(json);
      if (!payload) {
        throw new WebhookVerificationError('malformed_body', 'body is not a Billink webhook');
      }

      if (!(await replayStore.firstSeen(id, replayTtlMs))) {
        throw new WebhookVerificationError('replayed', 'delivery already received');
      }
      return { id, timestamp, payload };
    },
  };
}

/** Case-insensitive header lookup over Fetch `Headers` or a Node-style record. */
function header(headers: WebhookHeaders, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== wanted) continue;
    const first = typeof value === 'string' ? value : value?.[0];
    return first === undefined || first === '' ? undefined : first;
  }
  return undefined;
}
