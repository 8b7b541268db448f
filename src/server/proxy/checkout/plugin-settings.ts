import type { ProxyLogger } from '../logger.js';
import { ProxyError } from '../errors.js';
import type { MessageCode } from './messages.js';
import type { Order } from '../contract/checkout.js';

/**
 * The settings every Billink plugin has (Magento, WooCommerce): where and for which amounts Billink
 * is offered, and which workflow an order runs in. Applied before any Billink call, so an order
 * Billink would refuse (or the shop does not want on invoice) never costs one.
 */

export type CustomerType = 'p' | 'b';

/** Inclusive bounds in integer cents; unset = no bound of the shop's own (Billink's still applies). */
export interface AmountRange {
  minCents?: number;
  maxCents?: number;
}

export interface WorkflowNumbers {
  private?: string;
  business?: string;
}

/** The mounted options (`createBillinkProxy`) that the standalone reads from its environment. */
export interface PluginSettingsOptions {
  /** ISO 3166-1 alpha-2 countries of the billing address Billink is offered for. Default NL and BE. */
  countries?: readonly string[];
  /** Minimum and maximum order amount per customer type (private / business), in cents. */
  amountLimits?: { private?: AmountRange; business?: AmountRange };
  /** Workflow per customer type, and optionally per billing country (`{ BE: { business: '5' } }`). */
  workflowNumbers?: WorkflowNumbers & { countries?: Readonly<Record<string, WorkflowNumbers>> };
}

export interface PluginSettings {
  countries: ReadonlySet<string>;
  amountLimits: { p: AmountRange; b: AmountRange };
  /** The fallback workflow (`workflowNumber`, BILLINK_WORKFLOW). */
  workflowNumber: string;
  workflowNumbers: NonNullable<PluginSettingsOptions['workflowNumbers']>;
}

export const DEFAULT_COUNTRIES = ['NL', 'BE'] as const;

export function pluginSettings(
  options: PluginSettingsOptions & { workflowNumber?: string },
): PluginSettings {
  return {
    countries: new Set((options.countries ?? DEFAULT_COUNTRIES).map((c) => c.toUpperCase())),
    amountLimits: {
      p: options.amountLimits?.private ?? {},
      b: options.amountLimits?.business ?? {},
    },
    workflowNumber: options.workflowNumber ?? '1',
    workflowNumbers: options.workflowNumbers ?? {},
  };
}

/**
 * The workflow for this shopper: per country and type, else per type, else the fallback — the
 * order WooCommerce's Billink plugin resolves it in.
 */
export function workflowFor(
  settings: PluginSettings,
  type: CustomerType,
  countryCode: string,
): string {
  const key = type === 'b' ? 'business' : 'private';
  return (
    settings.workflowNumbers.countries?.[countryCode.toUpperCase()]?.[key] ??
    settings.workflowNumbers[key] ??
    settings.workflowNumber
  );
}

/** The payment fee's order line, as Billink's Magento module names it. */
export const PAYMENT_FEE_CODE = 'billink_fee';

/** The order's Billink fee in cents (0 without a fee line). */
export function paymentFeeCents(order: Pick<Order, 'lines'>): number {
  return order.lines
    .filter((line) => line.code === PAYMENT_FEE_CODE)
    .reduce((sum, line) => sum + line.quantity * line.unitPriceCents, 0);
}

export type UnavailableReason =
  | 'country_not_offered'
  | 'amount_below_minimum'
  | 'amount_above_maximum'
  | 'payment_fee_not_allowed';

export type Availability = { available: true } | { available: false; reason: UnavailableReason };

export interface Shopper {
  /** Unknown yet (the element asks before the shopper chose): offered if offered to either type. */
  type?: CustomerType | undefined;
  countryCode?: string | undefined;
}

function amountVerdict(range: AmountRange, cents: number): Availability {
  if (range.minCents !== undefined && cents < range.minCents)
    return { available: false, reason: 'amount_below_minimum' };
  if (range.maxCents !== undefined && cents > range.maxCents)
    return { available: false, reason: 'amount_above_maximum' };
  return { available: true };
}

/** Whether Billink is offered for this order and (as far as known) this shopper. */
export function availability(
  settings: PluginSettings,
  order: Pick<Order, 'totalCents' | 'lines'>,
  shopper: Shopper,
): Availability {
  const country = shopper.countryCode?.toUpperCase();
  if (country && !settings.countries.has(country)) {
    return { available: false, reason: 'country_not_offered' };
  }
  const types: CustomerType[] = shopper.type ? [shopper.type] : ['p', 'b'];
  const verdicts = types.map((t) => amountVerdict(settings.amountLimits[t], order.totalCents));
  const offered = verdicts.find((v) => v.available);
  if (!offered) return verdicts[0] ?? { available: true };
  // Billink's rule: a Dutch private customer pays no payment fee.
  if (shopper.type === 'p' && country === 'NL' && paymentFeeCents(order) > 0) {
    return { available: false, reason: 'payment_fee_not_allowed' };
  }
  return { available: true };
}

const REASON_FIELD: Record<UnavailableReason, string> = {
  country_not_offered: 'billingAddress.countryCode',
  amount_below_minimum: 'orderRef',
  amount_above_maximum: 'orderRef',
  payment_fee_not_allowed: 'orderRef',
};

/** Throws the refusal (422, not retryable: asking again cannot change it) when not offered. */
export function assertOffered(
  ctx: { settings: PluginSettings; logger: ProxyLogger },
  order: Pick<Order, 'orderNumber' | 'totalCents' | 'lines'>,
  shopper: Required<Shopper>,
): void {
  const verdict = availability(ctx.settings, order, shopper);
  if (verdict.available) return;
  if (verdict.reason === 'payment_fee_not_allowed') {
    // The shop's checkout must drop the fee for this shopper; the shopper was told the shop knows.
    ctx.logger.error?.('payment fee charged to a Dutch private customer: Billink forbids it', {
      orderNumber: order.orderNumber,
      feeCents: paymentFeeCents(order),
    });
  }
  throw new ProxyError(verdict.reason, 422, {
    field: REASON_FIELD[verdict.reason],
    messageCode: verdict.reason satisfies MessageCode,
  });
}
