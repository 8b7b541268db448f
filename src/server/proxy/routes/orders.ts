import {
  isBillinkError,
  timingSafeEqualHex,
  type Address,
  type Customer,
} from '../../billink/index.js';
import { billinkFailure } from '../billink-failure.js';
import {
  loadOrder,
  notifyFinal,
  releaseOrderRef,
  reportStatus,
  resolveAuthoritativeOrder,
  saveOrder,
  type ProxyContext,
} from '../context.js';
import { ProxyError } from '../errors.js';
import { fromSessionStatus, isFinal, withExpiry, type OrderRecord } from '../order-records.js';
import {
  addressSchema,
  customerSchema,
  type CreateOrderRequest,
  type CreateOrderResponse,
  type Order,
  type OrderStatusResponse,
} from '../schemas.js';
import { requireReturnUrl } from '../return-url.js';
import { assertShopperData } from '../shopper-rules.js';
import { getJson, setJson } from '../store/store.js';
import { randomId, randomToken, sha256 } from '../tokens.js';
import { checkRequired, runCheck, type CheckRecord } from './check.js';

/** Idempotency records are kept a day, like the common payment APIs do. */
const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
/** How long a duplicate waits for the first request with the same key to finish. */
const DUPLICATE_WAIT_MS = 8_000;

type IdempotencyRecord =
  | { state: 'pending'; fingerprint: string }
  | { state: 'done'; fingerprint: string; response: CreateOrderResponse };

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
): Promise<CreateOrderResponse> {
  const fingerprint = await sha256(JSON.stringify(body));
  const idemKey = `idem:${idempotencyKey}`;
  const claimed = await ctx.store.claim(
    idemKey,
    JSON.stringify({ state: 'pending', fingerprint } satisfies IdempotencyRecord),
    IDEMPOTENCY_TTL_MS,
  );
  if (!claimed) return replay(ctx, idemKey, fingerprint);

  try {
    const response = await createOnce(ctx, body, request, clientIp);
    await setJson(
      ctx.store,
      idemKey,
      { state: 'done', fingerprint, response } satisfies IdempotencyRecord,
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

async function replay(
  ctx: ProxyContext,
  idemKey: string,
  fingerprint: string,
): Promise<CreateOrderResponse> {
  const deadline = ctx.now() + DUPLICATE_WAIT_MS;
  for (;;) {
    const record = await getJson<IdempotencyRecord>(ctx.store, idemKey);
    if (record && record.fingerprint !== fingerprint) {
      throw new ProxyError('idempotency_key_reused', 422);
    }
    if (record?.state === 'done') return record.response;
    if (!record) {
      // The first request failed and released the key: this one did not run either.
      throw new ProxyError('request_in_progress', 409, { retryable: true });
    }
    if (ctx.now() >= deadline)
      throw new ProxyError('request_in_progress', 409, { retryable: true });
    await sleep(50);
  }
}

async function createOnce(
  ctx: ProxyContext,
  body: CreateOrderRequest,
  request: Request,
  clientIp: string,
): Promise<CreateOrderResponse> {
  const order = await resolveAuthoritativeOrder(ctx, body.orderRef, request);
  const now = ctx.now();
  const orderId = randomId('ord');
  const statusToken = randomToken();
  await lockOrderRef(ctx, body.orderRef, orderId);

  try {
    const base = {
      orderId,
      tokenHash: await sha256(statusToken),
      orderRef: body.orderRef,
      orderNumber: order.orderNumber,
      mode: body.mode,
      amountCents: order.totalCents,
      currency: order.currency,
      createdAt: now,
      updatedAt: now,
      workflowNumber: ctx.workflowNumber,
    };
    const { record, redirectUrl } =
      body.mode === 'session'
        ? await startSession(ctx, body, order, base)
        : await placeDirectOrder(ctx, body, order, base, clientIp);
    await saveOrder(ctx, record);
    if (record.status !== 'pending' && record.status !== 'approved') {
      await releaseOrderRef(ctx, record);
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
    };
  } catch (error) {
    if ((await ctx.store.get(`ref:${body.orderRef}`)) === orderId) {
      await ctx.store.delete(`ref:${body.orderRef}`);
    }
    throw error;
  }
}

/**
 * One live Billink attempt per order reference: a second attempt waits until the first one ended
 * without approval. The winner of the claim owns the reference until then.
 */
async function lockOrderRef(ctx: ProxyContext, orderRef: string, orderId: string): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt++) {
    if (await ctx.store.claim(`ref:${orderRef}`, orderId, 2 * ctx.sessionTtlMs)) return;
    const holderId = await ctx.store.get(`ref:${orderRef}`);
    const holder = holderId ? await loadOrder(ctx, holderId) : undefined;
    if (holder) {
      const current = withExpiry(holder, ctx.now());
      if (current.status === 'approved') throw new ProxyError('order_already_approved', 409);
      if (!isFinal(current.status)) {
        throw new ProxyError('order_in_progress', 409, { retryable: true });
      }
      await reportStatus(ctx, holder, current.status);
    } else if (holderId) {
      // Claimed by a request that is still talking to Billink.
      throw new ProxyError('order_in_progress', 409, { retryable: true });
    }
  }
  throw new ProxyError('order_in_progress', 409, { retryable: true });
}

type RecordBase = Omit<OrderRecord, 'status' | 'expiresAt' | 'sessionId' | 'invoiceNumber'>;

/** The shop's order data with the browser's fields on top; complete, or a 422 naming the gap. */
function pickShopper(body: CreateOrderRequest, order: Order) {
  const merged = <T extends object>(server: T | undefined, browser: Partial<T> | undefined) =>
    server || browser ? { ...server, ...stripEmpty(browser) } : undefined;
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
): Promise<{ record: OrderRecord; redirectUrl: string }> {
  const { customer, billingAddress, shippingAddress } = pickShopper(body, order);
  // The hosted page asks for what is missing (e.g. the birthdate), so only check what is present.
  assertShopperData(customer, billingAddress, shippingAddress, ctx.now(), {
    allowMissingBirthdate: true,
  });
  // Resolved by proxy.ts against the configured origins: never Referer, never the request's Host.
  const page = requireReturnUrl(body.returnUrl);
  const returnUrl = (result: string) => {
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
      workflowNumber: ctx.workflowNumber,
      ...(ctx.logoUrl ? { logoUrl: ctx.logoUrl } : {}),
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
    if (isBillinkError(error)) throw billinkFailure(ctx, error);
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
  const checkKey = `check:${body.checkId}`;
  let checkRecord = await getJson<CheckRecord>(ctx.store, checkKey);
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
    checkRecord = await getJson<CheckRecord>(ctx.store, `check:${again.checkId}`);
    if (!checkRecord) throw new ProxyError('check_invalid', 409, { field: 'checkId' });
  }
  // A check UUID is single-use at Billink: consume ours before ordering, so a parallel request
  // cannot spend it twice.
  if (
    !(await ctx.store.claim(
      `check-used:${checkRecord.checkUuid}`,
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
      workflowNumber: ctx.workflowNumber,
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
    if (isBillinkError(error)) throw billinkFailure(ctx, error);
    throw error;
  }
}

/**
 * GET /orders/{id}: only the holder of the status token can read an order; an unknown order and a
 * wrong token look the same (404). Served from the store; a pending session is refreshed from
 * Billink at most once per `statusRefreshMs` across all instances, so polling browsers cannot
 * multiply the load on Billink.
 */
export async function orderStatus(
  ctx: ProxyContext,
  orderId: string,
  authorization: string | undefined,
): Promise<OrderStatusResponse> {
  const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
  const stored = await loadOrder(ctx, orderId);
  if (!stored || !token || !timingSafeEqualHex(await sha256(token), stored.tokenHash)) {
    throw new ProxyError('order_not_found', 404);
  }
  let record = withExpiry(stored, ctx.now());
  if (record !== stored) record = await reportStatus(ctx, stored, record.status);

  if (
    record.status === 'pending' &&
    record.sessionId &&
    (await ctx.store.claim(`refresh:${orderId}`, '1', ctx.statusRefreshMs))
  ) {
    try {
      const { status } = await ctx.billink.sessionStatus({ sessionId: record.sessionId });
      record = await reportStatus(ctx, record, fromSessionStatus(status));
    } catch (error) {
      // A poll must not fail because Billink hiccuped: the stored status is still the truth we know.
      ctx.logger.warn?.('session status refresh failed', {
        orderId,
        code: isBillinkError(error) ? error.code : 'unknown',
      });
    }
  }
  return {
    orderId: record.orderId,
    status: record.status,
    expiresAt: new Date(record.expiresAt).toISOString(),
    mode: record.mode,
    amountCents: record.amountCents,
    currency: record.currency,
    updatedAt: new Date(record.updatedAt).toISOString(),
  };
}
