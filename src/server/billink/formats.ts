/** Small wire-format conversions shared by the v2 and legacy field builders. */
import { BillinkError } from './errors.js';
import type { EndpointName } from './endpoints.js';
import type { BillinkErrorField } from './error-codes.js';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `YYYY-MM-DD` → Billink's `dd-mm-yyyy`; throws invalid_request for anything else. */
export function toBillinkDate(
  operation: EndpointName,
  isoDate: string,
  field: BillinkErrorField,
): string {
  const m = ISO_DATE.exec(isoDate);
  const [, year, month, day] = m ?? [];
  if (!year || !month || !day || !isRealDate(Number(year), Number(month), Number(day))) {
    throw new BillinkError({
      code: 'invalid_request',
      description: `${field} must be a YYYY-MM-DD date`,
      operation,
      field,
      retryable: false,
    });
  }
  return `${day}-${month}-${year}`;
}

function isRealDate(year: number, month: number, day: number): boolean {
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

// en-CA formats dates as YYYY-MM-DD.
const amsterdamDay = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Amsterdam',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** Today in Billink's time zone as `YYYY-MM-DD` (a UTC date is a day behind just after midnight). */
export function todayIso(now: Date = new Date()): string {
  return amsterdamDay.format(now);
}

/** VAT rate as Billink expects it in text: 21 → "21", 5.5 → "5.5". */
export function rateText(rate: number): string {
  return String(rate);
}
