import { resolveAuthoritativeOrder, type ProxyContext } from '../context.js';
import { message, type ProxyLocale } from './messages.js';
import { availability } from './plugin-settings.js';
import type { AvailabilityRequest, AvailabilityResponse } from '../contract/checkout.js';

/**
 * POST /availability: whether Billink is offered for this order (and, as far as the shop knows,
 * this shopper), so the element can say so calmly or hide itself before anyone clicks. Answered
 * from the shop's settings and its order alone: never a Billink call, never a credit check.
 */
export async function availabilityFor(
  ctx: ProxyContext,
  body: AvailabilityRequest,
  request: Request,
  locale: ProxyLocale,
): Promise<AvailabilityResponse> {
  const order = await resolveAuthoritativeOrder(ctx, body.orderRef, request);
  const verdict = availability(ctx.settings, order, {
    type: body.customerType,
    countryCode: body.countryCode,
  });
  return {
    available: verdict.available,
    ...(verdict.available ? {} : { reason: verdict.reason }),
    message: message(verdict.available ? 'billink_available' : verdict.reason, locale),
    amountCents: order.totalCents,
    currency: order.currency,
  };
}
