/**
 * Billink's v3 webhook secret, rotated by the merchant API and kept in the shared store so every
 * instance (and a restarted one) verifies with it at once. The env/option secret keeps working
 * next to it: a delivery is accepted when it verifies with either.
 */
import {
  createWebhookVerifier,
  WebhookVerificationError,
  type BillinkClient,
  type ReplayStore,
  type WebhookVerifier,
  type WebhookVerifierOptions,
} from '../../billink/index.js';
import { merchantFailure } from '../billink-failure.js';
import { z } from 'zod';
import type { ProxyStore } from '../store/store.js';
import { readRecord, recordText, versioned, type RecordType } from '../store/records.js';
import { merchantKeys } from '../store/keys.js';

const SECRET_KEY = merchantKeys.webhookSecret;
/** Where and when the last setup registered the webhooks (for `billink doctor`). */
const SETUP_KEY = merchantKeys.webhookSetup;
const setupType: RecordType<{ url: string; at: string }> = {
  kind: 'webhook-setup',
  schema: versioned({ url: z.string(), at: z.string() }),
};
const SECRET_TTL_MS = 10 * 365 * 24 * 60 * 60 * 1000;

/** A verifier over the stored secret and the configured one; undefined when there is neither. */
export async function currentWebhookVerifier(options: {
  store: ProxyStore;
  configuredSecret: string | undefined;
  replayStore: ReplayStore;
  now: () => number;
  headers?: WebhookVerifierOptions['headers'];
}): Promise<WebhookVerifier | undefined> {
  const stored = await options.store.get(SECRET_KEY);
  const secrets = [stored, options.configuredSecret].filter((s): s is string => Boolean(s));
  if (secrets.length === 0) return undefined;
  const verifiers = [...new Set(secrets)].map((secret) =>
    createWebhookVerifier({
      secret,
      replayStore: options.replayStore,
      now: options.now,
      ...(options.headers ? { headers: options.headers } : {}),
    }),
  );
  return {
    async verify(request) {
      let last: unknown;
      for (const verifier of verifiers) {
        try {
          return await verifier.verify(request);
        } catch (error) {
          // Only a signature mismatch is worth trying the next secret.
          if (!(error instanceof WebhookVerificationError) || error.code !== 'bad_signature')
            throw error;
          last = error;
        }
      }
      throw last;
    },
  };
}

/**
 * POST /merchant/webhooks/setup: a new secret from Billink (stored before the URLs are set, so the
 * first delivery already verifies), then the order and session v3 webhooks at `url`.
 */
export async function setUpWebhooks(
  billink: BillinkClient,
  store: ProxyStore,
  url: string,
): Promise<{ url: string; orderWebhook: 'registered'; sessionWebhook: 'registered' }> {
  try {
    const { secret } = await billink.generateWebhookSecret();
    await store.set(SECRET_KEY, secret, SECRET_TTL_MS);
    await billink.setOrderWebhookV3(url);
    await billink.setSessionWebhookV3(url);
    await store.set(SETUP_KEY, recordText({ url, at: new Date().toISOString() }), SECRET_TTL_MS);
  } catch (error) {
    // Setting the URLs again is harmless: a lost answer is "unavailable", not "unknown".
    merchantFailure(error, { write: false });
  }
  return { url, orderWebhook: 'registered', sessionWebhook: 'registered' };
}

/** The last successful webhooks setup, if any. */
export async function storedWebhookSetup(
  store: ProxyStore,
): Promise<{ url: string; at: string } | undefined> {
  return readRecord(store, setupType, SETUP_KEY);
}
