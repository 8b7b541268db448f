/**
 * Field rules shared by the legacy Check/Order handlers, v2 Create Session and the hosted page.
 * Pure functions; the error *codes* differ per endpoint (see the reference, §6.2 vs §6.3), so the
 * callers map a rule to their own table.
 */
import { decimalToCents } from '../billink/money.js';

export const NL_POSTAL_CODE = /^[1-9][0-9]{3} ?[A-Za-z]{2}$/;
const POSTAL_CODES: Readonly<Record<string, RegExp>> = {
  NL: NL_POSTAL_CODE,
  BE: /^[1-9][0-9]{3}$/,
  DE: /^[0-9]{5}$/,
};

/** Postal code format, checked for NL/BE/DE; other countries only need a non-blank value. */
export function postalCodeValid(postalCode: string, countryCode: string): boolean {
  const re = POSTAL_CODES[countryCode.trim().toUpperCase()];
  return re ? re.test(postalCode.trim()) : postalCode.trim() !== '';
}

export const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export function emailValid(email: string): boolean {
  return EMAIL.test(email.trim());
}

/** Check 402: 9–18 characters; digits, spaces, `+`, `(`, `)` and `-` only. */
export function phoneValid(phone: string): boolean {
  const p = phone.trim();
  return /^[0-9 +()-]{9,18}$/.test(p) && /[0-9]/.test(p);
}

export function houseNumberValid(houseNumber: string): boolean {
  return /^[0-9]{1,6}$/.test(houseNumber.trim());
}

export function houseExtensionValid(ext: string): boolean {
  return ext.trim().length <= 10;
}

export function countryCodeValid(code: string): boolean {
  return /^[A-Za-z]{2}$/.test(code.trim());
}

/** City: letters (any script), spaces, `-`, `'` and `.` (Order 419). */
export function cityValid(city: string): boolean {
  return /^[\p{L} .'-]+$/u.test(city.trim());
}

/** Merchant invoice/order number: alphanumerics, `_`, `-` (and `.`/`/`, which become `-`). */
export function orderNumberCharsValid(orderNumber: string): boolean {
  return /^[A-Za-z0-9_./-]+$/.test(orderNumber);
}
export const ORDER_NUMBER_MAX = 50;

/** The public invoice number: prefix + merchant number with anything but `[A-Za-z0-9_-]` as `-`. */
export function billinkInvoiceNumber(prefix: string, orderNumber: string): string {
  return prefix + orderNumber.trim().replace(/[^A-Za-z0-9_-]/g, '-');
}

export type BirthdateCheck = 'missing' | 'format' | 'underage' | 'ok';

/** `dd-mm-yyyy`, a real calendar date, not in the future; 18 or older at `now`. */
export function checkBirthdate(value: string, now: number): BirthdateCheck {
  const v = value.trim();
  if (!v) return 'missing';
  const m = /^(\d{2})-(\d{2})-(\d{4})$/.exec(v);
  if (!m) return 'format';
  const day = Number(m[1]);
  const month = Number(m[2]);
  const year = Number(m[3]);
  const date = new Date(Date.UTC(year, month - 1, day));
  if (
    date.getUTCFullYear() !== year ||
    date.getUTCMonth() !== month - 1 ||
    date.getUTCDate() !== day ||
    year < 1900 ||
    date.getTime() > now
  )
    return 'format';
  const today = new Date(now);
  let age = today.getUTCFullYear() - year;
  const beforeBirthday =
    today.getUTCMonth() < month - 1 ||
    (today.getUTCMonth() === month - 1 && today.getUTCDate() < day);
  if (beforeBirthday) age -= 1;
  return age >= 18 ? 'ok' : 'underage';
}

/** ISO `yyyy-mm-dd` (from `<input type=date>`) or `dd-mm-yyyy` → `dd-mm-yyyy`; else the input. */
export function normaliseBirthdate(value: string): string {
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.trim());
  return iso ? `${iso[3]}-${iso[2]}-${iso[1]}` : value.trim();
}

/** A strictly positive money amount in cents, or `undefined`. */
export function positiveCents(value: unknown): number | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const cents = decimalToCents(value);
  return cents !== undefined && cents > 0 ? cents : undefined;
}

/** Any money amount in cents (lines may be negative discounts), or `undefined`. */
export function anyCents(value: unknown): number | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  return decimalToCents(value);
}

/** Quantity: a positive integer given as text or number. */
export function quantityOf(value: unknown): number | undefined {
  const s = typeof value === 'number' ? String(value) : typeof value === 'string' ? value : '';
  return /^\s*[1-9][0-9]{0,5}\s*$/.test(s) ? Number(s) : undefined;
}

/** VAT percentage 0–100 (BTW 430): Billink's exact list of allowed values is not documented. */
export function vatRateValid(value: string): boolean {
  if (!/^\d{1,3}(?:[.,]\d{1,2})?$/.test(value.trim())) return false;
  const n = Number(value.trim().replace(',', '.'));
  return n >= 0 && n <= 100;
}

export function isAbsoluteHttpUrl(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    const u = new URL(value);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}

/** Webhook URLs must be https, except loopback http so tests and the demo can receive them. */
export function webhookUrlAllowed(value: string): boolean {
  try {
    const u = new URL(value);
    if (u.protocol === 'https:') return true;
    return (
      u.protocol === 'http:' &&
      (u.hostname === 'localhost' || u.hostname === '127.0.0.1' || u.hostname === '[::1]')
    );
  } catch {
    return false;
  }
}
