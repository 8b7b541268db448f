import type { Locale } from './resolve-locale.js';

// Dutch formatting puts the euro sign first with a space ("€ 49,95"); English writes "€49.95".
const INTL_LOCALE: Record<Locale, string> = { nl: 'nl-NL', en: 'en-GB' };

/** Formats integer cents for display. The only place where money becomes text for shoppers. */
export function formatMoney(cents: number, currency: string, locale: Locale): string {
  return new Intl.NumberFormat(INTL_LOCALE[locale], { style: 'currency', currency }).format(
    cents / 100,
  );
}
