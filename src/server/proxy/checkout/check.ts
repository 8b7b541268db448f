import { isBillinkError } from '../../billink/index.js';
import { adoptOrRefuse } from '../attempts/adoption.js';
import {
  bindOrderNumber,
  hasUnmatchedOrder,
  resolveAuthoritativeOrder,
  type ProxyContext,
} from '../context.js';
import { ProxyError } from '../errors.js';
import { enforce } from '../http/rate-limit.js';
import { z } from 'zod';
import {
  addressSchema,
  customerSchema,
  type Address,
  type CheckRequest,
  type CheckResponse,
  type Customer,
} from '../contract/checkout.js';
import { versioned, writeRecord, type RecordType } from '../store/records.js';
import { checkoutKeys } from '../store/keys.js';
import { randomId } from '../tokens.js';
import { assertShopperData } from './shopper-rules.js';
import { billinkFailure } from '../billink-failure.js';
import { assertOffered, workflowFor } from './plugin-settings.js';

/** A positive check, kept server-side; the browser only ever holds its `checkId`. */
export interface CheckRecord {
  checkUuid: string;
  orderRef: string;
  amountCents: number;
  currency: string;
  customer: Customer;
  billingAddress: Address;
  shippingAddress?: Address;
  expiresAt: number;
}

/** How a check is read back from the store (`check:{checkId}`). */
export const checkRecordType: RecordType<CheckRecord> = {
  kind: 'check',
  schema: versioned({
    checkUuid: z.string(),
    orderRef: z.string(),
    amountCents: z.number().int(),
    currency: z.string(),
    customer: customerSchema,
    billingAddress: addressSchema,
    shippingAddress: addressSchema.optional(),
    expiresAt: z.number(),
  }),
};

/** Billink's check UUID expires (code 445); its lifetime is undocumented, the simulator uses 1 h. */
export const CHECK_TTL_MS = 55 * 60 * 1000;

/**
 * POST /check: Billink's legacy credit check on the amount the shop's server resolves. Validated
 * first, so an obvious typo never costs a Billink call, then rate limited per IP and per order
 * reference, so the shop cannot be used to probe people's creditworthiness.
 */
export async function check(
  ctx: ProxyContext,
  body: CheckRequest,
  request: Request,
  clientIp: string,
): Promise<CheckResponse> {
  const now = ctx.now();
  // A typo is answered before the limits count: only checks that could reach Billink use them up.
  assertShopperData(body.customer, body.billingAddress, body.shippingAddress, now);
  await enforce(ctx.store, 'check-ip', clientIp, ctx.rateLimits.checksPerIp, now);
  await enforce(ctx.store, 'check-ref', body.orderRef, ctx.rateLimits.checksPerOrderRef, now);

  const order = await resolveAuthoritativeOrder(ctx, body.orderRef, request);
  assertOffered(ctx, order, {
    type: body.customer.type,
    countryCode: body.billingAddress.countryCode,
  });
  if (await hasUnmatchedOrder(ctx, order.orderNumber)) {
    // Billink already holds an order under this number (e.g. approved while the store was empty).
    await bindOrderNumber(ctx, order.orderNumber, body.orderRef);
    const workflow = workflowFor(ctx.settings, body.customer.type, body.billingAddress.countryCode);
    await adoptOrRefuse(ctx, body.orderRef, order, workflow);
  }
  const result = await runCheck(ctx, {
    orderRef: body.orderRef,
    amountCents: order.totalCents,
    currency: order.currency,
    customer: body.customer,
    billingAddress: body.billingAddress,
    ...(body.shippingAddress ? { shippingAddress: body.shippingAddress } : {}),
    clientIp,
  });
  return result;
}

/** Runs Billink's check and, when positive, stores it under a fresh proxy handle. */
export async function runCheck(
  ctx: ProxyContext,
  input: Omit<CheckRecord, 'checkUuid' | 'expiresAt'> & { clientIp?: string },
): Promise<CheckResponse> {
  const { clientIp, ...data } = input;
  let result;
  try {
    result = await ctx.billink.check({
      customer: data.customer,
      billingAddress: data.billingAddress,
      ...(data.shippingAddress ? { shippingAddress: data.shippingAddress } : {}),
      orderAmountCents: data.amountCents,
      workflowNumber: workflowFor(
        ctx.settings,
        data.customer.type,
        data.billingAddress.countryCode,
      ),
      ...(clientIp && clientIp !== 'unknown' ? { ip: clientIp } : {}),
    });
  } catch (error) {
    if (isBillinkError(error)) throw billinkFailure(ctx, error);
    throw error;
  }
  const amount = { amountCents: data.amountCents, currency: data.currency };
  if (result.outcome === 'rejected') {
    ctx.logger.info?.('credit check declined', { orderRef: data.orderRef });
    return { outcome: 'declined', reason: 'credit_check', ...amount };
  }
  const checkId = randomId('chk');
  const record: CheckRecord = {
    ...data,
    checkUuid: result.checkUuid,
    expiresAt: ctx.now() + CHECK_TTL_MS,
  };
  await writeRecord(ctx.store, checkoutKeys.check(checkId), record, CHECK_TTL_MS);
  ctx.logger.info?.('credit check approved', { orderRef: data.orderRef });
  return { outcome: 'approved', checkId, ...amount };
}

export function checkRequired(): ProxyError {
  return new ProxyError('check_required', 409, { field: 'checkId' });
}
