import {
  isBillinkError,
  type Address,
  type BillinkError,
  type Customer,
} from '../../billink/index.js';
import { adoptOrRefuse, openReview, spentNumberKey } from '../attempts/adoption.js';
import { billinkFailure } from '../billink-failure.js';
import {
  attemptsFor,
  bindOrderNumber,
  claimOrderNumber,
  confirmWithBillink,
  hasUnmatchedOrder,
  loadOrder,
  notifyFinal,
  notifyFinalIfUnrecorded,
  notifyUnmatched,
  releaseOrderRef,
  resolveAuthoritativeOrder,
  saveOrder,
  type ProxyContext,
} from '../context.js';
import { ProxyError } from '../errors.js';
import { isFinal, type OrderRecord } from '../attempts/order-records.js';
import {
  addressSchema,
  customerSchema,
  orderStatusSchema,
  type CreateOrderRequest,
  type CreateOrderResponse,
  type Order,
  type OrderStatusResponse,
} from '../contract/checkout.js';
import { assertOffered, paymentFeeCents, workflowFor } from './plugin-settings.js';
import { requireReturnUrl } from './return-url.js';
import { trustScoreFor } from './trust-score.js';
import { assertShopperData } from './shopper-rules.js';
import { z } from 'zod';
import {
  readRecord,
  recordText,
  versioned,
  writeRecord,
  type RecordType,
} from '../store/records.js';
import { attemptKeys, checkoutKeys } from '../store/keys.js';
import { constantTimeEqual, randomId, randomToken, seal, sha256, unseal } from '../tokens.js';
import { checkRecordType, checkRequired, runCheck } from './check.js';
import { ASK_THROTTLE_MS, askBillinkOnce, returnRouteUrl, settleOwedAsk } from './return.js';

/** Idempotency records are kept a day, like the common payment APIs do. */
const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
/**
 * How long a claim (idempotency key, orderRef) holds before its attempt is saved: longer than the
 * worst-case create (Billink's write retries), short enough that an instance dying mid-create does
 * not lock the key or the order out for days. A second session after it is harmless: Billink
 * accepts one order per number.
 */
const CREATE_LEASE_MS = 2 * 60 * 1000;
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
    const response = await createOnce(ctx, body, request, clientIp, returnRoute);
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

async function createOnce(
  ctx: ProxyContext,
  body: CreateOrderRequest,
  request: Request,
  clientIp: string,
  returnRoute: string | undefined,
): Promise<CreateOrderResponse> {
  const order = await resolveAuthoritativeOrder(ctx, body.orderRef, request);
  // The shop's settings refuse before anything is bound or sent to Billink.
  const shopper = await shopperFor(ctx, body, order);
  if (shopper) assertOffered(ctx, order, shopper);
  const workflowNumber = shopper
    ? workflowFor(ctx.settings, shopper.type, shopper.countryCode)
    : ctx.workflowNumber;
  await bindOrderNumber(ctx, order.orderNumber, body.orderRef);
  if (await hasUnmatchedOrder(ctx, order.orderNumber)) {
    // Billink holds an order under this number that no attempt explains: a new session could
    // never complete. Billink's answer about it decides: adopted when its amount is the shop's.
    await adoptOrRefuse(ctx, body.orderRef, order, workflowNumber);
  }
  const now = ctx.now();
  const orderId = randomId('ord');
  const statusToken = randomToken();
  const orderNumber = await lockOrderRef(ctx, body.orderRef, orderId, order);

  try {
    const base = {
      orderId,
      tokenHash: await sha256(statusToken),
      orderRef: body.orderRef,
      orderNumber,
      mode: body.mode,
      amountCents: order.totalCents,
      currency: order.currency,
      createdAt: now,
      updatedAt: now,
      workflowNumber,
      ...(paymentFeeCents(order) > 0 ? { feeCents: paymentFeeCents(order) } : {}),
    };
    const numbered = { ...order, orderNumber };
    const { record, redirectUrl } =
      body.mode === 'session'
        ? await startSession(ctx, body, numbered, base, returnRoute)
        : await placeDirectOrder(ctx, body, numbered, base, clientIp);
    await saveOrder(ctx, record);
    if (record.status !== 'pending' && record.status !== 'approved') {
      await releaseOrderRef(ctx, record);
    } else {
      await holdOrderRef(ctx, record);
    }
    await notifyFinal(ctx, record); // direct mode is final at once
    ctx.logger.info?.('order created', { orderId, mode: body.mode, status: record.status });
    return {
      orderId,
      statusToken,
      status: record.status,
      ...(redirectUrl ? { redirectUrl } : {}),
      expiresAt: new Date(record.expiresAt).toISOString(),
      amountCents: record.amountCents,
      currency: record.currency,
      orderNumber: record.orderNumber,
    };
  } catch (error) {
    if ((await ctx.store.get(attemptKeys.ref(body.orderRef))) === orderId) {
      await ctx.store.delete(attemptKeys.ref(body.orderRef));
    }
    if (isBillinkError(error) && numberHeldByBillink(error)) {
      // The store forgot the attempt Billink approved (and its webhook went unheard).
      await notifyUnmatched(ctx, { type: 'unmatched_order', orderNumber, orderRef: body.orderRef });
      await adoptOrRefuse(ctx, body.orderRef, { ...order, orderNumber }, workflowNumber);
    }
    throw error;
  }
}

/**
 * Billink's "Order with number … already exists": legacy Order code 403; session create answers
 * HTTP 400 with it on `transaction.orderNumber` (as the simulator models Billink's v2 errors).
 */
const numberHeldByBillink = (error: BillinkError) =>
  (error.operation === 'sessionCreate' || error.operation === 'legacyOrder') &&
  /order with number .* already exists/i.test(error.description);

/**
 * One live Billink attempt per order reference, and the Billink order number it uses. Before a
 * new attempt replaces the current one, Billink is asked about the current one's session: created
 * means approved (no second attempt); ended means free; still open means the shopper abandoned it
 * and the new attempt supersedes it (its own later events still bind to it, and Billink accepts at
 * most one order per number, so both can never be approved). The only case for a second number is
 * a stale approval: Billink approved an amount the shop no longer has (see `staleApproval`).
 */
async function lockOrderRef(
  ctx: ProxyContext,
  orderRef: string,
  orderId: string,
  order: Order,
): Promise<string> {
  const refKey = attemptKeys.ref(orderRef);
  for (let attempt = 0; attempt < 3; attempt++) {
    if (await ctx.store.claim(refKey, orderId, CREATE_LEASE_MS)) {
      try {
        return await numberFor(ctx, order, orderRef);
      } catch (error) {
        await ctx.store.delete(refKey);
        throw error;
      }
    }
    const holderId = await ctx.store.get(refKey);
    let holder = holderId ? await loadOrder(ctx, holderId) : undefined;
    if (!holder) {
      if (holderId) throw new ProxyError('order_in_progress', 409, { retryable: true });
      continue;
    }
    if (holder.status === 'pending') {
      try {
        holder = await confirmWithBillink(ctx, holder);
      } catch (error) {
        ctx.logger.warn?.('could not confirm the previous attempt', {
          orderId: holder.orderId,
          code: isBillinkError(error) ? error.code : 'unknown',
        });
        throw new ProxyError('order_in_progress', 409, { retryable: true });
      }
    }
    if (holder.status === 'approved') {
      if (!staleApproval(holder, order)) throw new ProxyError('order_already_approved', 409);
      const orderNumber = await numberFor(ctx, order, orderRef);
      await ctx.store.set(refKey, orderId, CREATE_LEASE_MS);
      return orderNumber;
    }
    if (holder.status === 'pending') {
      const orderNumber = await numberFor(ctx, order, orderRef);
      await saveOrder(ctx, { ...holder, supersededBy: orderId, updatedAt: ctx.now() });
      await ctx.store.set(refKey, orderId, CREATE_LEASE_MS);
      ctx.logger.info?.('attempt superseded', { orderId: holder.orderId, by: orderId });
      return orderNumber;
    }
    // Ended without approval: reportStatus released the reference; claim it on the next turn.
  }
  throw new ProxyError('order_in_progress', 409, { retryable: true });
}

/** How long an orderRef stays locked to its saved attempt without a final state. */
const BINDING_LOCK_MS = 7 * 24 * 60 * 60 * 1000;

/** The attempt is saved: its lease on the orderRef becomes the binding (unless it lost the lease). */
async function holdOrderRef(ctx: ProxyContext, record: OrderRecord): Promise<void> {
  const refKey = attemptKeys.ref(record.orderRef);
  if ((await ctx.store.get(refKey)) === record.orderId) {
    await ctx.store.set(refKey, record.orderId, BINDING_LOCK_MS);
  }
}

/** Billink approved this attempt for an amount (or currency) the shop's order no longer has. */
function staleApproval(record: OrderRecord, order: Order): boolean {
  return (
    record.status === 'approved' &&
    (record.amountCents !== order.totalCents || record.currency !== order.currency)
  );
}

/**
 * The shop's own number for the first attempt (Billink refuses a second order under one number:
 * the one lock that survives a lost store). Only when Billink already approved a stale amount
 * under it does a new attempt need the next free `-2`, `-3`, … suffix.
 */
async function numberFor(ctx: ProxyContext, order: Order, orderRef: string): Promise<string> {
  for (let n = 1; n < 100; n++) {
    const candidate =
      n === 1 ? order.orderNumber : `${order.orderNumber.slice(0, 50 - `-${n}`.length)}-${n}`;
    if (await ctx.store.get(spentNumberKey(candidate))) continue; // credited after a review
    if (n > 1 && !(await claimOrderNumber(ctx, candidate, orderRef))) continue;
    const approved = (await attemptsFor(ctx, candidate)).filter((a) => a.status === 'approved');
    if (approved.length === 0) return candidate;
    const current = approved.find((a) => !staleApproval(a, order));
    if (current) throw new ProxyError('order_already_approved', 409);
    for (const stale of approved) await surfaceStaleApproval(ctx, stale, order);
  }
  throw new ProxyError('order_needs_review', 409);
}

/**
 * A Billink order for an amount the shop no longer has: never silently left invoiced. The shop
 * hears it as `needs_review` in that order's book, to credit it (or accept it).
 */
export async function surfaceStaleApproval(
  ctx: ProxyContext,
  record: OrderRecord,
  order: Order,
): Promise<void> {
  await openReview(ctx, {
    orderRef: record.orderRef,
    orderNumber: record.orderNumber,
    reason: 'amount_mismatch',
    orderId: record.orderId,
    ...(record.invoiceNumber ? { billinkInvoiceNumber: record.invoiceNumber } : {}),
    billinkAmountCents: record.amountCents,
    shopAmountCents: order.totalCents,
    currency: record.currency,
    workflowNumber: record.workflowNumber,
  });
  await notifyUnmatched(ctx, {
    type: 'amount_mismatch',
    orderNumber: record.orderNumber,
    ...(record.invoiceNumber ? { billinkInvoiceNumber: record.invoiceNumber } : {}),
    orderId: record.orderId,
    orderRef: record.orderRef,
    amountCents: record.amountCents,
    currentAmountCents: order.totalCents,
  });
}

/**
 * Who pays, as far as the settings need it: in session mode the shop's data merged with the
 * browser's; in direct mode the checked customer (none yet: placeDirectOrder refuses).
 */
async function shopperFor(
  ctx: ProxyContext,
  body: CreateOrderRequest,
  order: Order,
): Promise<{ type: 'p' | 'b'; countryCode: string } | undefined> {
  if (body.mode === 'session') {
    const { customer, billingAddress } = pickShopper(body, order);
    return { type: customer.type, countryCode: billingAddress.countryCode };
  }
  const checked = body.checkId
    ? await readRecord(ctx.store, checkRecordType, checkoutKeys.check(body.checkId))
    : undefined;
  return checked
    ? { type: checked.customer.type, countryCode: checked.billingAddress.countryCode }
    : undefined;
}

type RecordBase = Omit<OrderRecord, 'status' | 'expiresAt' | 'sessionId' | 'invoiceNumber'>;

/** The shop's order data with the browser's fields on top; complete, or a 422 naming the gap. */
function pickShopper(body: CreateOrderRequest, order: Order) {
  const merged = <T extends object>(
    server: T | undefined,
    browser: { [K in keyof T]?: T[K] | undefined } | undefined,
  ) => (server || browser ? { ...server, ...stripEmpty(browser) } : undefined);
  const parts = {
    customer: customerSchema.safeParse(merged(order.customer, body.customer)),
    billingAddress: addressSchema.safeParse(merged(order.billingAddress, body.billingAddress)),
  };
  for (const [name, parsed] of Object.entries(parts)) {
    if (!parsed.success) {
      const field = [name, ...(parsed.error.issues[0]?.path ?? [])].join('.');
      throw new ProxyError('customer_required', 422, { field });
    }
  }
  const shipping = merged(order.shippingAddress, body.shippingAddress);
  const shippingAddress = shipping ? addressSchema.safeParse(shipping) : undefined;
  if (shippingAddress && !shippingAddress.success) {
    throw new ProxyError('customer_required', 422, { field: 'shippingAddress' });
  }
  return {
    customer: parts.customer.data as Customer,
    billingAddress: parts.billingAddress.data as Address,
    shippingAddress: shippingAddress?.data,
  };
}

/** Drops empty strings, so an empty prefill field does not wipe the shop's value. */
function stripEmpty<T extends object>(value: Partial<T> | undefined): Partial<T> {
  return Object.fromEntries(
    Object.entries(value ?? {}).filter(([, v]) => v !== '' && v !== undefined),
  ) as Partial<T>;
}

/** Billink's hosted checkout; the shopper returns to `returnUrl` with our order id attached. */
async function startSession(
  ctx: ProxyContext,
  body: CreateOrderRequest,
  order: Order,
  base: RecordBase,
  returnRoute: string | undefined,
): Promise<{ record: OrderRecord; redirectUrl: string }> {
  const { customer, billingAddress, shippingAddress } = pickShopper(body, order);
  // The hosted page asks for what is missing (e.g. the birthdate), so only check what is present.
  assertShopperData(customer, billingAddress, shippingAddress, ctx.now(), {
    allowMissingBirthdate: true,
  });
  // Resolved by proxy.ts against the configured origins: never Referer, never the request's Host.
  const page = requireReturnUrl(body.returnUrl);
  const returnUrl = (result: string) => {
    // Through the proxy when it knows its public address: the return itself asks Billink once.
    if (returnRoute) return returnRouteUrl(returnRoute, base.orderId, page, result);
    const url = new URL(page);
    url.searchParams.set('billink_order', base.orderId);
    url.searchParams.set('billink_result', result);
    return url.href;
  };
  try {
    const session = await ctx.billink.createSession({
      orderNumber: order.orderNumber,
      customer,
      billingAddress,
      ...(shippingAddress ? { shippingAddress } : {}),
      lines: order.lines,
      totalAmountCents: order.totalCents,
      currency: order.currency,
      returnUrls: {
        success: returnUrl('success'),
        fail: returnUrl('fail'),
        cancel: returnUrl('cancel'),
        back: returnUrl('cancel'),
      },
      workflowNumber: base.workflowNumber,
      ...(ctx.logoUrl ? { logoUrl: ctx.logoUrl } : {}),
      ...(await trustScoreFor(ctx, order)),
      ...(body.locale ? { language: body.locale } : {}),
    });
    const reported = session.expiresAt ? Date.parse(session.expiresAt) : NaN;
    const expiresAt = Math.min(
      Number.isFinite(reported) ? reported : Infinity,
      ctx.now() + ctx.sessionTtlMs,
    );
    return {
      record: {
        ...base,
        status: 'pending',
        expiresAt,
        sessionId: session.sessionId,
        invoiceNumber: session.invoice,
      },
      redirectUrl: session.sessionUrl,
    };
  } catch (error) {
    if (isBillinkError(error) && !numberHeldByBillink(error)) throw billinkFailure(ctx, error);
    throw error;
  }
}

/**
 * Legacy direct order with the check's UUID. If the shop's total changed since the check (coupon,
 * shipping), the proxy checks again on the new amount before ordering.
 */
async function placeDirectOrder(
  ctx: ProxyContext,
  body: CreateOrderRequest,
  order: Order,
  base: RecordBase,
  clientIp: string,
): Promise<{ record: OrderRecord; redirectUrl?: undefined }> {
  if (!body.checkId) throw checkRequired();
  const checkKey = checkoutKeys.check(body.checkId);
  let checkRecord = await readRecord(ctx.store, checkRecordType, checkKey);
  if (
    !checkRecord ||
    checkRecord.orderRef !== body.orderRef ||
    checkRecord.expiresAt <= ctx.now()
  ) {
    throw new ProxyError('check_invalid', 409, { field: 'checkId' });
  }
  const expiresAt = ctx.now() + ctx.sessionTtlMs;
  if (checkRecord.amountCents !== order.totalCents || checkRecord.currency !== order.currency) {
    const again = await runCheck(ctx, {
      ...checkRecord,
      amountCents: order.totalCents,
      currency: order.currency,
      clientIp,
    });
    await ctx.store.delete(checkKey);
    if (again.outcome === 'declined' || !again.checkId) {
      return { record: { ...base, status: 'declined', expiresAt } };
    }
    checkRecord = await readRecord(ctx.store, checkRecordType, checkoutKeys.check(again.checkId));
    if (!checkRecord) throw new ProxyError('check_invalid', 409, { field: 'checkId' });
  }
  // A check UUID is single-use at Billink: consume ours before ordering, so a parallel request
  // cannot spend it twice.
  if (
    !(await ctx.store.claim(
      checkoutKeys.checkUsed(checkRecord.checkUuid),
      base.orderId,
      2 * ctx.sessionTtlMs,
    ))
  ) {
    throw new ProxyError('check_invalid', 409, { field: 'checkId' });
  }
  try {
    const placed = await ctx.billink.order({
      orderNumber: order.orderNumber,
      checkUuid: checkRecord.checkUuid,
      customer: checkRecord.customer,
      billingAddress: checkRecord.billingAddress,
      ...(checkRecord.shippingAddress ? { shippingAddress: checkRecord.shippingAddress } : {}),
      lines: order.lines,
      totalAmountCents: order.totalCents,
      currency: order.currency,
      workflowNumber: base.workflowNumber,
      ...(clientIp !== 'unknown' ? { ip: clientIp } : {}),
    });
    return {
      record: {
        ...base,
        status: 'approved',
        expiresAt,
        ...(placed.invoiceNumber ? { invoiceNumber: placed.invoiceNumber } : {}),
      },
    };
  } catch (error) {
    if (isBillinkError(error) && !numberHeldByBillink(error)) throw billinkFailure(ctx, error);
    throw error;
  }
}

/** Compared against when the order id is unknown, so both failures take the same path. */
const NO_HASH = 'A'.repeat(43);

/**
 * GET /orders/{id}: only the holder of the status token can read an order; an unknown order and a
 * wrong token look the same (404) and cost the same (hash, then constant-time compare). Served
 * from the store; Billink is asked about a pending session only when a return or webhook owes it
 * an ask, or as a safety net once per `statusRefreshMs` across all instances (never before the
 * attempt is that old), so polling browsers cannot multiply the load on Billink. Nothing becomes
 * `expired` here unless Billink says so.
 */
export async function orderStatus(
  ctx: ProxyContext,
  orderId: string,
  authorization: string | undefined,
  request: Request,
): Promise<OrderStatusResponse> {
  const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1] ?? '';
  const stored = await loadOrder(ctx, orderId);
  const matches = constantTimeEqual(await sha256(token), stored?.tokenHash ?? NO_HASH);
  if (!stored || !token || !matches) throw new ProxyError('order_not_found', 404);
  let record = stored;

  if (record.status === 'pending' && record.sessionId) {
    try {
      // A return or webhook that could not reach Billink is owed first; else the slow safety net:
      // no ask until the attempt is `statusRefreshMs` old, then one per `statusRefreshMs` across
      // instances. Meanwhile the return route and the webhook are what make the proxy ask.
      record = await settleOwedAsk(ctx, record);
      if (
        record.status === 'pending' &&
        ctx.now() - record.createdAt >= ctx.statusRefreshMs &&
        (await ctx.store.claim(`refresh:${orderId}`, '1', ctx.statusRefreshMs))
      ) {
        record = (await askBillinkOnce(ctx, record, Math.min(ASK_THROTTLE_MS, ctx.statusRefreshMs)))
          .record;
      }
    } catch (error) {
      // A poll must not fail because Billink hiccuped: the stored status is still the truth we know.
      ctx.logger.warn?.('session status refresh failed', {
        orderId,
        code: isBillinkError(error) ? error.code : 'unknown',
      });
    }
  }
  // An outcome an earlier report could not put in the order book (store blip, busy book).
  if (record === stored) await notifyFinalIfUnrecorded(ctx, record);
  if (record.status === 'approved') await refuseStaleApproval(ctx, record, request);
  else if (record.mode === 'session' && isFinal(record.status)) {
    await refusePaidByAnotherAttempt(ctx, record);
  }
  return {
    orderId: record.orderId,
    status: record.status,
    expiresAt: new Date(record.expiresAt).toISOString(),
    mode: record.mode,
    amountCents: record.amountCents,
    currency: record.currency,
    updatedAt: new Date(record.updatedAt).toISOString(),
    orderNumber: record.orderNumber,
  };
}

/**
 * This session ended without an order because Billink already has one under the number: the
 * session the shopper abandoned (and a new attempt superseded) was approved after all, in another
 * tab. Then the shopper has paid: "already approved" is the truth, not "declined".
 */
async function refusePaidByAnotherAttempt(ctx: ProxyContext, record: OrderRecord): Promise<void> {
  for (const other of await attemptsFor(ctx, record.orderNumber)) {
    if (other.orderId === record.orderId || other.orderRef !== record.orderRef) continue;
    let current = other;
    try {
      current = await confirmWithBillink(ctx, other);
    } catch {
      continue; // Billink cannot say now: the answer stays what Billink said about this session
    }
    if (current.status === 'approved' && current.amountCents === record.amountCents) {
      throw new ProxyError('order_already_approved', 409);
    }
  }
}

/**
 * Billink approved this attempt's amount, but the shop's cart (as the shop resolves it for this
 * shopper now) has another: the shopper must not be told "approved" for what they are not buying.
 * The stale Billink order is surfaced for the shop to credit, and a new attempt may pay the new
 * amount (under the next order number). If the shop cannot say, Billink's approval stands.
 */
async function refuseStaleApproval(
  ctx: ProxyContext,
  record: OrderRecord,
  request: Request,
): Promise<void> {
  let order: Order;
  try {
    order = await resolveAuthoritativeOrder(ctx, record.orderRef, request);
  } catch {
    return;
  }
  if (!staleApproval(record, order)) return;
  await surfaceStaleApproval(ctx, record, order);
  // Not retryable: asking again cannot change it; a new attempt (the element's "pay the new amount")
  // is the remedy, so the browser's poller must stop here rather than back off and ask forever.
  throw new ProxyError('order_amount_changed', 409);
}
