/**
 * Billink's field rules (billink-api.md §6.2, §6.3, §7.4), pure and DOM-free: the element's form
 * and the merchant proxy apply the same ones, so an obvious mistake never costs a Billink call.
 * Results are `{ field, code }` with stable codes; the element and the proxy map codes to copy.
 */
import type { Address, Customer, CustomerData } from './customer.js';

export type ValidationCode =
  | 'required'
  | 'type_invalid'
  | 'name_format'
  | 'email_format'
  | 'phone_format'
  | 'birthdate_format'
  | 'under_18'
  | 'company_length'
  | 'coc_length'
  | 'house_number_format'
  | 'house_extension_length'
  | 'postal_code_format'
  | 'city_format'
  | 'country_format';

/** What the rules read: any part of a record, where a field may be present but empty (`undefined`). */
export type Loose<T> = { [K in keyof T]?: T[K] | undefined };

export interface FieldIssue {
  field: string;
  code: ValidationCode;
}

/** `today` decides the 18+ rule: a `YYYY-MM-DD` string, or a Date read in local time. */
export interface ValidationOptions {
  today: Date | string;
}

/** A field, its test (a RegExp or anything with `test`), the code when it fails, and whether it may be empty. */
type Rule = [
  field: string,
  rule: { test(v: string): boolean },
  code: ValidationCode,
  optional?: boolean,
];

// Names: letters of any script, spaces, `.`, `-`, `'`. Cities: the same without `.` (Billink 419/433).
const NAME = /^[\p{L}\p{M} .'-]+$/u;

/** `YYYY-MM-DD` that names a real calendar day from 1900 on. */
export function isRealDate(value: string): boolean {
  const [, y, m, d] = (/^(\d{4})-(\d\d)-(\d\d)$/.exec(value) ?? []).map(Number);
  const date = new Date(Date.UTC(y!, m! - 1, d));
  return y! >= 1900 && date.getUTCMonth() === m! - 1 && date.getUTCDate() === d;
}

/**
 * Whether someone born on `birthdate` (`YYYY-MM-DD`) is 18 on `today`. Born on 29 February: 18 on
 * 1 March of a non-leap year.
 */
export function isAdult(birthdate: string, today: Date | string): boolean {
  const t =
    typeof today === 'string'
      ? today
      : `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}-${String(today.getDate()).padStart(2, '0')}`;
  return +t.slice(0, 4) - +birthdate.slice(0, 4) - (t.slice(5) < birthdate.slice(5) ? 1 : 0) >= 18;
}

const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');

function apply(rules: Rule[], values: object, prefix = ''): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const [field, rule, code, optional] of rules) {
    const v = text((values as Record<string, unknown>)[field]);
    if (v ? !rule.test(v) : !optional)
      issues.push({ field: prefix + field, code: v ? code : 'required' });
  }
  return issues;
}

/** The customer's own fields. Private customers need a birthdate (18+); business ones company and KvK. */
export function validateCustomer(c: Loose<Customer>, { today }: ValidationOptions): FieldIssue[] {
  const b = c.type === 'b';
  const issues = apply(
    [
      ['type', /^[pb]$/, 'type_invalid'],
      // Billink wants a first name or initials (412).
      ['firstName', NAME, 'name_format', !!text(c.initials)],
      ['initials', /^[\p{L}\p{M} .'-]{1,10}$/u, 'name_format', true],
      ['lastName', NAME, 'name_format'],
      ['email', /^(?=.{3,254}$)[^\s@]+@[^\s@]+\.[^\s@]+$/, 'email_format'],
      ['phone', /^[\d +()-]{9,18}$/, 'phone_format'],
      ['birthdate', { test: isRealDate }, 'birthdate_format', b],
      ['company', /^.{2,50}$/, 'company_length', !b],
      ['cocNumber', /^.{5,25}$/, 'coc_length', !b],
    ],
    c,
  );
  const birthdate = text(c.birthdate);
  if (isRealDate(birthdate) && !isAdult(birthdate, today))
    issues.push({ field: 'birthdate', code: 'under_18' });
  return issues;
}

/** An address: split house number, NL postal code format (elsewhere: present), Billink's city characters. */
export function validateAddress(a: Loose<Address>, prefix = ''): FieldIssue[] {
  return apply(
    [
      ['street', /./, 'required'],
      ['houseNumber', /^\d{1,10}$/, 'house_number_format'],
      ['houseExtension', /^.{0,10}$/, 'house_extension_length', true],
      [
        'postalCode',
        /^nl$/i.test(text(a.countryCode)) ? /^[1-9][0-9]{3} ?[A-Za-z]{2}$/ : /./,
        'postal_code_format',
      ],
      ['city', /^[\p{L}\p{M} '-]+$/u, 'city_format'],
      ['countryCode', /^[A-Za-z]{2}$/, 'country_format'],
    ],
    a,
    prefix,
  );
}

/**
 * Everything a credit check needs: the customer, the billing address (fields named
 * `billingAddress.…`) and, when given, the shipping address (`shippingAddress.…`).
 */
export function validateCheckout(c: CustomerData, options: ValidationOptions): FieldIssue[] {
  return [
    ...validateCustomer(c, options),
    ...validateAddress(c.billingAddress ?? {}, 'billingAddress.'),
    ...(c.shippingAddress ? validateAddress(c.shippingAddress, 'shippingAddress.') : []),
  ];
}

/** Complete and valid enough for a credit check (the shop's prefill can skip the hosted form). */
export function isCheckReady(c: CustomerData | undefined, options: ValidationOptions): boolean {
  return !!c && !validateCheckout(c, options).length;
}
