/**
 * POST /orders with its Idempotency-Key: one attempt per key, a repeat gets the first answer.
 * Starting the attempt itself is start-attempt.ts.
 */
import { loadOrder, type ProxyContext } from '../context.js';
import { ProxyError } from '../errors.js';
import {
  orderStatusSchema,
  type CreateOrderRequest,
  type CreateOrderResponse,
} from '../contract/checkout.js';
import { z } from 'zod';
import {
  readRecord,
  recordText,
  versioned,
  writeRecord,
  type RecordType,
} from '../store/records.js';
import { checkoutKeys } from '../store/keys.js';
import { seal, sha256, unseal } from '../tokens.js';
import { CREATE_LEASE_MS, startAttempt } from './start-attempt.js';

/** Idempotency records are kept a day, like the common payment APIs do. */
const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
/** How long a duplicate waits for the first request with the same key to finish. */
const DUPLICATE_WAIT_MS = 8_000;

/**
 * Stored under a hash of the key, with the status token sealed by the key itself: a store dump
 * shows neither, so it lets nobody read an order, while the creator's repeat still gets it back.
 */
type IdempotencyRecord =
  | { state: 'pending'; fingerprint: string }
  | {
      state: 'done';
      fingerprint: string;
      /** The answer is the attempt's own record: a reference, not a second copy of it. */
      orderId: string;
      /** Billink's hosted page (session mode): the one part of the answer the record lacks. */
      redirectUrl?: string;
      sealedToken: string;
    }
  | {
      // Written before answers became references; read for a day after an upgrade.
      state: 'done';
      fingerprint: string;
      response: Omit<CreateOrderResponse, 'statusToken'>;
      sealedToken: string;
    };

const idempotencyType: RecordType<IdempotencyRecord> = {
  kind: 'idempotency',
  schema: z.union([
    versioned({ state: z.literal('pending'), fingerprint: z.string() }),
    versioned({
      state: z.literal('done'),
      fingerprint: z.string(),
      orderId: z.string(),
      redirectUrl: z.string().optional(),
      sealedToken: z.string(),
    }),
    versioned({
      state: z.literal('done'),
      fingerprint: z.string(),
      response: z.looseObject({
        orderId: z.string(),
        status: orderStatusSchema,
        redirectUrl: z.string().optional(),
        expiresAt: z.string(),
        amountCents: z.number().int(),
        currency: z.string(),
        orderNumber: z.string(),
      }),
      sealedToken: z.string(),
    }),
  ]),
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * POST /orders: exactly one Billink order or session per Idempotency-Key and per order reference,
 * also across proxy instances sharing a store. A repeat of a finished request gets the same answer;
 * a concurrent duplicate waits for it; a different request reusing a key is refused.
 */
export async function createOrder(
  ctx: ProxyContext,
  body: CreateOrderRequest,
  idempotencyKey: string,
  request: Request,
  clientIp: string,
  /** `{publicUrl}{basePath}/return`: Billink sends the shopper back through the proxy. */
  returnRoute?: string,
): Promise<CreateOrderResponse> {
  const fingerprint = await sha256(JSON.stringify(body));
  const idemKey = checkoutKeys.idempotency(await sha256(idempotencyKey));
  const claim = () =>
    ctx.store.claim(
      idemKey,
      recordText({ state: 'pending', fingerprint } satisfies IdempotencyRecord),
      CREATE_LEASE_MS,
    );
  if (!(await claim())) {
    const replayed = await replay(ctx, idemKey, idempotencyKey, fingerprint);
    if (replayed) return replayed;
    // The first request failed (or its instance died and the lease ran out): nothing is bound to
    // this key any more, so this request may run it.
    if (!(await claim())) throw new ProxyError('request_in_progress', 409, { retryable: true });
  }

  try {
    const response = await startAttempt(ctx, body, request, clientIp, returnRoute);
    await writeRecord(
      ctx.store,
      idemKey,
      {
        state: 'done',
        fingerprint,
        orderId: response.orderId,
        ...(response.redirectUrl ? { redirectUrl: response.redirectUrl } : {}),
        sealedToken: await seal(idempotencyKey, response.statusToken),
      } satisfies IdempotencyRecord,
      IDEMPOTENCY_TTL_MS,
    );
    return response;
  } catch (error) {
    // Nothing was created (or Billink's answer was lost, and a new session is harmless: only one
    // can be completed): let the shopper's "try again" with the same key reach Billink again.
    await ctx.store.delete(idemKey);
    throw error;
  }
}

/** The first request's answer, a wait for it, or undefined when no request holds the key. */
async function replay(
  ctx: ProxyContext,
  idemKey: string,
  idempotencyKey: string,
  fingerprint: string,
): Promise<CreateOrderResponse | undefined> {
  const deadline = ctx.now() + DUPLICATE_WAIT_MS;
  for (;;) {
    const record = await readRecord(ctx.store, idempotencyType, idemKey);
    if (record && record.fingerprint !== fingerprint) {
      throw new ProxyError('idempotency_key_reused', 422);
    }
    if (record?.state === 'done') {
      const statusToken = await unseal(idempotencyKey, record.sealedToken);
      if (statusToken === undefined) throw new ProxyError('internal', 500);
      if ('response' in record) return { ...record.response, statusToken };
      return { ...(await answerOf(ctx, record.orderId, record.redirectUrl)), statusToken };
    }
    if (!record) return undefined;
    if (ctx.now() >= deadline)
      throw new ProxyError('request_in_progress', 409, { retryable: true });
    await sleep(50);
  }
}

/** The first request's answer, rebuilt from the attempt it created (as it was at creation). */
async function answerOf(
  ctx: ProxyContext,
  orderId: string,
  redirectUrl: string | undefined,
): Promise<Omit<CreateOrderResponse, 'statusToken'>> {
  const record = await loadOrder(ctx, orderId);
  // The record outlives the idempotency entry by days: without it the store lost state.
  if (!record) throw new ProxyError('internal', 500);
  return {
    orderId,
    // A session is created pending (what the first answer said); a direct order is final at once.
    status: record.mode === 'session' ? 'pending' : record.status,
    ...(redirectUrl ? { redirectUrl } : {}),
    expiresAt: new Date(record.expiresAt).toISOString(),
    amountCents: record.amountCents,
    currency: record.currency,
    orderNumber: record.orderNumber,
  };
}
