import type { Locale } from './resolve-locale.js';

// Dutch formatting puts the euro sign first with a space ("€ 49,95"); English writes "€49.95".
const INTL_LOCALE: Record<Locale, string> = { nl: 'nl-NL', en: 'en-GB' };

const cache = new Map<string, Intl.NumberFormat>();

/** Formats integer cents for display. The only place where money becomes text for shoppers. */
export function formatMoney(cents: number, currency: string, locale: Locale): string {
  const key = `${locale}|${currency}`;
  let format = cache.get(key);
  if (!format) {
    format = new Intl.NumberFormat(INTL_LOCALE[locale], { style: 'currency', currency });
    cache.set(key, format);
  }
  return format.format(cents / 100);
}
