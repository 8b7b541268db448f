import {
  WebhookVerificationError,
  type ReplayStore,
  type WebhookVerifier,
} from '../../billink/index.js';
import { loadOrder, reportStatus, type ProxyContext } from '../context.js';
import { ProxyError } from '../errors.js';
import { fromSessionStatus } from '../order-records.js';
import { applyOrderWebhook } from '../lifecycle/sync.js';
import type { OrderStatus } from '../schemas.js';

/** Webhook delivery ids in the shared store, so a replay is caught by whichever instance gets it. */
export function storeReplayStore(ctx: Pick<ProxyContext, 'store'>): ReplayStore {
  return {
    firstSeen: (id, ttlMs) => ctx.store.claim(`webhook:${id}`, '1', ttlMs),
  };
}

/**
 * POST /webhooks: Billink's signed v3 session and order webhooks. Only a verified webhook may move
 * an order, and only forward (see `advance`), so duplicates and out-of-order deliveries are
 * harmless. Unknown orders and informational events are acknowledged so Billink stops retrying.
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
        { messageCode: 'invalid_request' },
      );
    }
    throw error;
  }
  const webhook = verified.payload;
  let next: OrderStatus | undefined;
  if (webhook.kind === 'session') next = fromSessionStatus(webhook.status);
  else if (webhook.event === 'order_placed') next = 'approved';
  ctx.logger.info?.('webhook received', {
    kind: webhook.kind,
    event: webhook.kind === 'session' ? webhook.status : webhook.event,
  });
  // Lifecycle events after the checkout: a trigger to re-read Billink about that invoice.
  if (webhook.kind === 'order' && webhook.event !== 'order_placed' && webhook.knownEvent) {
    return { status: await applyOrderWebhook(ctx, webhook) };
  }
  if (!next) return { status: 'ignored' };

  const orderId = await ctx.store.get(`invoice:${webhook.merchantInvoiceNumber}`);
  const record = orderId ? await loadOrder(ctx, orderId) : undefined;
  if (!record) return { status: 'ignored' };
  await reportStatus(ctx, record, next);
  return { status: 'applied' };
}
