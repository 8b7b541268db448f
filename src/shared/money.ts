/**
 * Money is integer cents everywhere inside; Billink's wire and the `amount` attribute use decimal text.
 * These are the only two places where cents and decimal text meet.
 */

/** 1250 → "12.50", -500 → "-5.00". Throws on non-integers so a float never reaches Billink. */
export function centsToDecimal(cents: number): string {
  if (!Number.isSafeInteger(cents))
    throw new RangeError(`amount must be integer cents, got ${cents}`);
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

const DECIMAL = /^(-)?(\d+)(?:[.,](\d{1,2}))?$/;

/** "12.5" | "12.50" | "12,50" | 12.5 → 1250. Returns undefined for anything that is not an amount. */
export function decimalToCents(value: string | number): number | undefined {
  const text = typeof value === 'number' ? value.toFixed(2) : value.trim();
  const m = DECIMAL.exec(text);
  if (!m) return undefined;
  const cents = Number(m[2]) * 100 + Number((m[3] ?? '0').padEnd(2, '0'));
  if (!Number.isSafeInteger(cents)) return undefined;
  return m[1] ? -cents : cents;
}
