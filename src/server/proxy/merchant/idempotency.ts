/**
 * Idempotency for the merchant's money operations (credits, payments). Billink has none of its
 * own, so a retried refund must be answered from here: the first request with a key runs, a repeat
 * gets the stored answer, and when Billink's outcome is unknown (the call may have been carried
 * out) the key stays blocked rather than risk paying out twice.
 */
import { createHash } from 'node:crypto';
import { OutcomeUnknownError, ProxyError } from '../errors.js';
import { z } from 'zod';
import type { ProxyStore } from '../store/store.js';
import {
  readRecord,
  recordText,
  versioned,
  writeRecord,
  type RecordType,
} from '../store/records.js';
import { merchantKeys } from '../store/keys.js';

const TTL_MS = 30 * 24 * 60 * 60 * 1000;
/**
 * How long a request may be running: the book lock's wait and hold plus Billink's retried write,
 * with room to spare. A key still pending after that belongs to a request that died.
 */
export const REQUEST_LEASE_MS = 5 * 60 * 1000;
export const MERCHANT_IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{8,200}$/;

interface Entry {
  /** sent: the Billink write went out, so the key can never be released again. */
  state: 'pending' | 'sent' | 'done' | 'unknown';
  hash: string;
  answer?: unknown;
  /** pending/sent: epoch ms until which the request that holds the key counts as running. */
  leaseUntil?: number | undefined;
}

const entryType: RecordType<Entry> = {
  kind: 'merchant-idempotency',
  schema: versioned({
    state: z.enum(['pending', 'sent', 'done', 'unknown']),
    hash: z.string(),
    answer: z.unknown().optional(),
    leaseUntil: z.number().optional(),
  }),
};

export { OutcomeUnknownError };

export async function onceForKey<T>(
  { store, now }: { store: ProxyStore; now: () => number },
  scope: string,
  key: string | undefined,
  request: unknown,
  /** `sent` must be awaited right before the Billink write goes out. */
  run: (sent: () => Promise<void>) => Promise<T>,
): Promise<T> {
  if (!key || !MERCHANT_IDEMPOTENCY_KEY.test(key)) {
    throw new ProxyError('idempotency_key_required', 400, { field: 'Idempotency-Key' });
  }
  const storeKey = merchantKeys.idempotency(scope, createHash('sha256').update(key).digest('hex'));
  const hash = createHash('sha256').update(JSON.stringify(request)).digest('hex');
  const fresh: Entry = { state: 'pending', hash, leaseUntil: now() + REQUEST_LEASE_MS };
  if (!(await store.claim(storeKey, recordText(fresh), TTL_MS))) {
    const seen = await readRecord(store, entryType, storeKey);
    if (!seen) throw new ProxyError('request_in_progress', 409, { retryable: true });
    if (seen.hash !== hash) throw new ProxyError('idempotency_key_reused', 422);
    if (seen.state === 'done') return seen.answer as T;
    if (seen.state === 'unknown') throw new ProxyError('outcome_unknown', 409);
    if (now() > (seen.leaseUntil ?? 0)) {
      // The request holding the key died (crash, restart); whether it reached Billink cannot be
      // known, so the key is not run again.
      throw new ProxyError('outcome_unknown', 409, {
        detail: 'An earlier request with this key stopped before it finished.',
      });
    }
    throw new ProxyError('request_in_progress', 409, { retryable: true });
  }
  let wasSent = false;
  const sent = async () => {
    await writeRecord(
      store,
      storeKey,
      { state: 'sent', hash, leaseUntil: fresh.leaseUntil } satisfies Entry,
      TTL_MS,
    );
    wasSent = true;
  };
  try {
    const answer = await run(sent);
    await writeRecord(store, storeKey, { state: 'done', hash, answer } satisfies Entry, TTL_MS);
    return answer;
  } catch (error) {
    if (wasSent || error instanceof OutcomeUnknownError) {
      // Billink may have carried it out (even if it answered 200 and only our save failed): a
      // retry with this key must never send it again.
      await writeRecord(store, storeKey, { state: 'unknown', hash } satisfies Entry, TTL_MS);
    } else {
      // Raised before the write went out: nothing happened at Billink, the key may be used again.
      await store.delete(storeKey);
    }
    throw error;
  }
}
