import { billinkCode } from '../billink-failure.js';
import { confirmWithBillink, loadOrder, type ProxyContext } from '../context.js';
import { ProxyError } from '../errors.js';
import type { OrderRecord } from '../attempts/order-records.js';
import { checkoutKeys } from '../store/keys.js';
import { resolveReturnUrl, type ReturnUrlPolicy } from './return-url.js';

/**
 * GET {basePath}/return/{orderId}: where Billink's hosted page (redirect and popup alike) sends
 * the shopper back. It is a trigger, never the truth: the proxy asks Billink once about that
 * attempt's own session, records what Billink says, then answers 303 to the shop's page. Nothing
 * in the URL marks an order (a forged or replayed return only makes the proxy ask Billink about a
 * real pending attempt, at most once per `ASK_THROTTLE_MS`), and the target is checked against the
 * configured origins again, so the route is no open redirect.
 */

/** One ask per attempt per this window, shared by the return route, the webhook and owed polls. */
export const ASK_THROTTLE_MS = 5_000;
/** How long a poll keeps owing Billink an ask after a return or webhook could not make it. */
const OWED_TTL_MS = 30 * 60 * 1000;

/** Longer than a session-status call with its retries; frees the key if an instance dies mid-ask. */
const IN_FLIGHT_TTL_MS = 60 * 1000;

/** How long a webhook waits for a racing ask before asking itself. */
const FLIGHT_WAIT_MS = 5_000;
const { ask: askKey, asking: inFlightKey, owed: owedKey } = checkoutKeys;
const ORDER_ID = /^ord_[A-Za-z0-9_-]{10,40}$/;
const RESULTS = new Set(['success', 'fail', 'cancel']);

/** The URL Billink gets for this attempt: the proxy's own return route, carrying the shop's page. */
export function returnRouteUrl(routeBase: string, orderId: string, page: string, result: string) {
  const url = new URL(`${routeBase}/${orderId}`);
  url.searchParams.set('to', page);
  url.searchParams.set('billink_result', result);
  return url.href;
}

/**
 * Asks Billink about a pending attempt, once: never while another ask about it is in flight (on
 * any instance), and — for triggers a stranger can fire (the return route) — at most once per
 * `throttleMs`. Returns whether it asked; throws Billink's error.
 */
export async function askBillinkOnce(
  ctx: ProxyContext,
  record: OrderRecord,
  throttleMs = ASK_THROTTLE_MS,
): Promise<{ record: OrderRecord; asked: boolean }> {
  if (record.status !== 'pending' || !record.sessionId) return { record, asked: false };
  if (throttleMs > 0 && !(await ctx.store.claim(askKey(record.orderId), '1', throttleMs))) {
    return { record, asked: false };
  }
  const flight = inFlightKey(record.orderId);
  if (!(await ctx.store.claim(flight, '1', IN_FLIGHT_TTL_MS))) return { record, asked: false };
  try {
    return { record: await confirmWithBillink(ctx, record), asked: true };
  } finally {
    await ctx.store.delete(flight);
  }
}

/**
 * For Billink's own triggers (the webhook): an ask in flight elsewhere is waited for and its answer
 * used; only if the attempt is still pending after it does this one ask (Billink may have moved
 * between the two).
 */
export async function askBillinkAfterFlight(
  ctx: ProxyContext,
  record: OrderRecord,
): Promise<OrderRecord> {
  const deadline = ctx.now() + FLIGHT_WAIT_MS;
  let current = record;
  for (let turn = 0; current.status === 'pending' && current.sessionId; turn++) {
    const { record: next, asked } = await askBillinkOnce(ctx, current, 0);
    if (asked) return next;
    if (ctx.now() >= deadline || turn >= FLIGHT_WAIT_MS / 50)
      return confirmWithBillink(ctx, current);
    await new Promise((resolve) => setTimeout(resolve, 50));
    current = (await loadOrder(ctx, record.orderId)) ?? current;
  }
  return current;
}

/** A trigger could not reach Billink (down, or throttled behind a racing ask): the next poll asks. */
export function oweAsk(ctx: ProxyContext, orderId: string): Promise<void> {
  return ctx.store.set(owedKey(orderId), '1', OWED_TTL_MS);
}

/** For the poll: asks Billink if a trigger is owed (and the throttle allows); clears it on an answer. */
export async function settleOwedAsk(ctx: ProxyContext, record: OrderRecord): Promise<OrderRecord> {
  if (record.status !== 'pending' || (await ctx.store.get(owedKey(record.orderId))) === null) {
    return record;
  }
  const { record: next, asked } = await askBillinkOnce(ctx, record);
  if (asked) await ctx.store.delete(owedKey(record.orderId));
  return next;
}

export async function shopperReturn(
  ctx: ProxyContext,
  policy: ReturnUrlPolicy,
  orderId: string,
  query: { to?: string | undefined; result?: string | undefined },
): Promise<string> {
  let page: string;
  try {
    page = resolveReturnUrl(policy, query.to || undefined);
  } catch (error) {
    // A foreign or malformed target: the shop's own fallback, never the stranger's choice.
    if (!policy.fallback || !(error instanceof ProxyError || error instanceof TypeError))
      throw error;
    page = policy.fallback;
  }
  const known = ORDER_ID.test(orderId);
  if (known) await askAbout(ctx, orderId);
  const target = new URL(page);
  if (known) target.searchParams.set('billink_order', orderId);
  const result = query.result ?? '';
  if (RESULTS.has(result)) target.searchParams.set('billink_result', result);
  return target.href;
}

/** One throttled ask about a real pending attempt; a Billink failure never blocks the redirect. */
async function askAbout(ctx: ProxyContext, orderId: string): Promise<void> {
  const record = await loadOrder(ctx, orderId);
  if (!record || record.status !== 'pending' || !record.sessionId) return;
  try {
    const { asked } = await askBillinkOnce(ctx, record);
    if (!asked) await oweAsk(ctx, orderId);
  } catch (error) {
    ctx.logger.warn?.('return: session status unavailable', {
      orderId,
      code: billinkCode(error),
    });
    await oweAsk(ctx, orderId);
  }
}
