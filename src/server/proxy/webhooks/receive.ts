import {
  WebhookVerificationError,
  type BillinkWebhook,
  type ReplayStore,
  type WebhookVerifier,
} from '../../billink/index.js';
import { billinkCode } from '../billink-failure.js';
import { attemptsFor, notifyUnmatched, type ProxyContext } from '../context.js';
import { ProxyError } from '../errors.js';
import { webhookKeys } from '../store/keys.js';
import { sha256 } from '../tokens.js';

/** Replays are remembered as long as a signed timestamp is accepted, with margin. */
const CONTENT_REPLAY_TTL_MS = 15 * 60 * 1000;
import { applyOrderWebhook } from '../orders/sync.js';
import { askBillinkAfterFlight } from '../checkout/return.js';

const deliveryKey = webhookKeys.delivery;

/** Webhook delivery ids in the shared store, so a replay is caught by whichever instance gets it. */
export function storeReplayStore(ctx: Pick<ProxyContext, 'store'>): ReplayStore {
  return {
    firstSeen: (id, ttlMs) => ctx.store.claim(deliveryKey(id), '1', ttlMs),
  };
}

/**
 * POST /webhooks: Billink's signed v3 session and order webhooks. A webhook is a trigger, not the
 * truth: its payload names only the merchant's order number (no session id, no amount), so the
 * proxy asks Billink about the session of every open attempt under that number and applies only
 * what Billink says about *that* session. A newer attempt is never moved by an older one's events.
 * A Billink order no attempt explains is surfaced for a person, never attributed to the current one.
 */
export async function receiveWebhook(
  ctx: ProxyContext,
  verifier: WebhookVerifier | undefined,
  request: Request,
): Promise<{ status: 'applied' | 'ignored' | 'duplicate' }> {
  if (!verifier) throw new ProxyError('not_found', 404);
  const rawBody = await request.text();
  let verified;
  try {
    verified = await verifier.verify({ headers: request.headers, rawBody });
  } catch (error) {
    if (error instanceof WebhookVerificationError) {
      if (error.code === 'replayed') return { status: 'duplicate' };
      ctx.logger.warn?.('webhook refused', { code: error.code });
      throw new ProxyError(
        error.code === 'malformed_body' ? 'invalid_request' : 'invalid_signature',
        error.code === 'malformed_body' ? 400 : 401,
      );
    }
    throw error;
  }
  // The delivery id is not signed: the same signed content under a new id is still a replay.
  const contentKey = webhookKeys.content(await sha256(`${verified.timestamp}.${rawBody}`));
  if (!(await ctx.store.claim(contentKey, '1', CONTENT_REPLAY_TTL_MS))) {
    return { status: 'duplicate' };
  }
  const webhook = verified.payload;
  ctx.logger.info?.('webhook received', {
    kind: webhook.kind,
    event: webhook.kind === 'session' ? webhook.status : webhook.event,
  });
  try {
    return await applyWebhook(ctx, webhook);
  } catch (error) {
    // Billink redelivers on a non-2xx: unclaim both replay keys, or every redelivery would be
    // answered `duplicate` and the event (a payment, a credit) lost.
    await Promise.all([ctx.store.delete(deliveryKey(verified.id)), ctx.store.delete(contentKey)]);
    throw error;
  }
}

async function applyWebhook(
  ctx: ProxyContext,
  webhook: BillinkWebhook,
): Promise<{ status: 'applied' | 'ignored' }> {
  // Lifecycle events after the checkout: a trigger to re-read Billink about that invoice.
  if (webhook.kind === 'order' && webhook.event !== 'order_placed' && webhook.knownEvent) {
    return { status: await applyOrderWebhook(ctx, webhook) };
  }
  if (!concernsCheckout(webhook)) return { status: 'ignored' };
  return applyCheckoutWebhook(ctx, webhook);
}

/** Session webhooks and `order_placed` say something about a checkout; other events do not. */
function concernsCheckout(webhook: BillinkWebhook): boolean {
  return webhook.kind === 'session' || webhook.event === 'order_placed';
}

/** Billink says an order exists under this number. */
const claimsOrder = (webhook: BillinkWebhook) =>
  webhook.kind === 'order' || webhook.status === 'order_created';

async function applyCheckoutWebhook(
  ctx: ProxyContext,
  webhook: BillinkWebhook,
): Promise<{ status: 'applied' | 'ignored' }> {
  const orderNumber = webhook.merchantInvoiceNumber;
  const attempts = await attemptsFor(ctx, orderNumber);
  // "Session started" announces nothing that could move a pending attempt: no Billink call for it.
  if (webhook.kind === 'session' && webhook.status === 'session_active') {
    return { status: attempts.length ? 'applied' : 'ignored' };
  }
  let explained = attempts.some((a) => a.status === 'approved');
  for (const attempt of attempts) {
    try {
      // The return route may be asking about this attempt right now: its answer, not a second ask.
      const confirmed = await askBillinkAfterFlight(ctx, attempt);
      if (confirmed.status === 'approved') explained = true;
    } catch (error) {
      // Billink's status is unknown for now: the attempt stays as it is and the reconciler asks
      // again; the webhook is acknowledged (the replay guard would refuse a redelivery anyway).
      ctx.logger.warn?.('webhook: session status unavailable', {
        orderId: attempt.orderId,
        code: billinkCode(error),
      });
      explained = true;
    }
  }
  if (claimsOrder(webhook) && !explained) {
    await notifyUnmatched(ctx, {
      type: 'unmatched_order',
      orderNumber,
      ...(webhook.billinkInvoiceNumber
        ? { billinkInvoiceNumber: webhook.billinkInvoiceNumber }
        : {}),
    });
  }
  return { status: attempts.length ? 'applied' : 'ignored' };
}
