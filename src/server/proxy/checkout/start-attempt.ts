/**
 * One checkout attempt: the shop's authoritative order, the order number (and its lock), then a
 * Billink session or a legacy order, saved as the attempt's record.
 */
import {
  isBillinkError,
  type Address,
  type BillinkError,
  type Customer,
} from '../../billink/index.js';
import { adoptOrRefuse, spentNumberKey } from '../attempts/adoption.js';
import { billinkFailure, billinkCode } from '../billink-failure.js';
import {
  attemptsFor,
  bindOrderNumber,
  claimOrderNumber,
  confirmWithBillink,
  hasUnmatchedOrder,
  loadOrder,
  notifyFinal,
  notifyUnmatched,
  releaseOrderRef,
  resolveAuthoritativeOrder,
  saveOrder,
  type ProxyContext,
} from '../context.js';
import { ProxyError } from '../errors.js';
import {
  refuseIfPaid,
  shopAmount,
  staleApproval,
  type OrderRecord,
} from '../attempts/order-records.js';
import {
  addressSchema,
  customerSchema,
  type CreateOrderRequest,
  type CreateOrderResponse,
  type Order,
} from '../contract/checkout.js';
import { assertOffered, paymentFeeCents, workflowFor } from './plugin-settings.js';
import { requireReturnUrl } from './return-url.js';
import { trustScoreFor } from './trust-score.js';
import { assertShopperData } from './shopper-rules.js';
import { readRecord } from '../store/records.js';
import { attemptKeys, checkoutKeys } from '../store/keys.js';
import { randomId, randomToken, sha256 } from '../tokens.js';
import { checkRecordType, checkRequired, runCheck } from './check.js';
import { returnRouteUrl } from './return.js';
import { surfaceStaleApproval } from './stale-approval.js';

/**
 * How long a claim (idempotency key, orderRef) holds before its attempt is saved: longer than the
 * worst-case create (Billink's write retries), short enough that an instance dying mid-create does
 * not lock the key or the order out for days. A second session after it is harmless: Billink
 * accepts one order per number.
 */
export const CREATE_LEASE_MS = 2 * 60 * 1000;

export async function startAttempt(
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
          code: billinkCode(error),
        });
        throw new ProxyError('order_in_progress', 409, { retryable: true });
      }
    }
    if (holder.status === 'approved') {
      refuseIfPaid([holder], shopAmount(order)); // else a stale approval: the next number
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
    const attempts = await attemptsFor(ctx, candidate);
    refuseIfPaid(attempts, shopAmount(order));
    const stale = attempts.filter((a) => staleApproval(a, shopAmount(order)));
    if (stale.length === 0) return candidate;
    for (const record of stale) await surfaceStaleApproval(ctx, record, order);
  }
  throw new ProxyError('order_needs_review', 409);
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
