import type { WebshopSettings } from '../../billink/index.js';
import { billinkCode } from '../billink-failure.js';
import type { ProxyContext } from '../context.js';
import type { Order } from '../contract/checkout.js';
import { z } from 'zod';
import {
  readRecord,
  StoreRecordCorruptError,
  versioned,
  writeRecord,
  type RecordType,
} from '../store/records.js';
import { miscKeys } from '../store/keys.js';

/** Billink's webshop settings change rarely; one read an hour across all instances is plenty. */
const SETTINGS_TTL_MS = 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
/** What Billink's Magento module sends for a shopper who meets the whitelist rule (else 0). */
export const TRUSTED_SCORE = 10;

/**
 * Billink's trust score for a session, as its Magento module computes it: when the account's
 * whitelist is on, the shopper's last `minimumPaidOrders` paid orders within `periodDays` must add
 * up to more than `totalAmountHigherThan` for a 10, else 0. Off, or Billink unreachable: no score
 * (a checkout never waits on it).
 */
export async function trustScoreFor(
  ctx: ProxyContext,
  order: Pick<Order, 'paidOrders'>,
): Promise<{ payTrustScore?: number }> {
  if (!ctx.trustScore) return {};
  const settings = await webshopSettings(ctx);
  if (!settings?.whitelist) return {};
  const since = ctx.now() - (settings.periodDays ?? 0) * DAY_MS;
  const needed = settings.minimumPaidOrders ?? 0;
  const recent = (order.paidOrders ?? [])
    .filter((paid) => Date.parse(paid.paidAt) >= since)
    .sort((a, b) => b.paidAt.localeCompare(a.paidAt))
    .slice(0, needed);
  const total = recent.reduce((sum, paid) => sum + paid.totalCents, 0);
  const trusted = recent.length >= needed && total > (settings.totalAmountHigherThanCents ?? 0);
  return { payTrustScore: trusted ? TRUSTED_SCORE : 0 };
}

const settingsType: RecordType<WebshopSettings> = {
  kind: 'webshop-settings',
  schema: versioned({
    status: z.string(),
    whitelist: z.boolean(),
    minimumPaidOrders: z.number().optional(),
    periodDays: z.number().optional(),
    totalAmountHigherThanCents: z.number().optional(),
  }),
};

/** A cache of Billink's own answer: an unreadable copy is logged and Billink asked again. */
async function cachedSettings(ctx: ProxyContext): Promise<WebshopSettings | undefined> {
  try {
    return await readRecord(ctx.store, settingsType, miscKeys.webshopSettings);
  } catch (error) {
    if (!(error instanceof StoreRecordCorruptError)) throw error;
    ctx.logger.error?.('store record corrupt', { kind: error.kind, reason: error.reason });
    return undefined;
  }
}

async function webshopSettings(ctx: ProxyContext): Promise<WebshopSettings | undefined> {
  const cached = await cachedSettings(ctx);
  if (cached) return cached;
  try {
    const settings = await ctx.billink.webshopSettings();
    await writeRecord(ctx.store, miscKeys.webshopSettings, settings, SETTINGS_TTL_MS);
    return settings;
  } catch (error) {
    ctx.logger.warn?.('webshop settings unavailable: session without trust score', {
      code: billinkCode(error),
    });
    return undefined;
  }
}
