/**
 * The shopper and an address, as the proxy contract, the element and the Billink client all know
 * them: one definition, so the three cannot drift. (The proxy's zod schemas are checked against it.)
 * Optional fields may also hold `undefined` (what zod's parse gives for a key sent empty): absent
 * and undefined mean the same everywhere.
 */

/** A shopper. `type` is `'p'` (private person) or `'b'` (business). */
export interface Customer {
  type: 'p' | 'b';
  firstName: string;
  /** Surname including prefix ("tussenvoegsel"), e.g. "van Dijk". */
  lastName: string;
  initials?: string | undefined;
  /** `YYYY-MM-DD`. Required by Billink for private customers (18+). */
  birthdate?: string | undefined;
  email: string;
  /** Sent to Billink as v2 `customer.mobile` and legacy `PHONENUMBER`. */
  phone: string;
  /** Business customers: company name (2–50 characters). */
  company?: string | undefined;
  /** Business customers: Chamber of Commerce (KvK) number (5–25 characters). */
  cocNumber?: string | undefined;
  vatNumber?: string | undefined;
}

/** A postal address, split the way Billink wants it. */
export interface Address {
  street: string;
  /** Numeric part only ("12"); the rest goes into `houseExtension`. */
  houseNumber: string;
  /** Suffix ("a", "-2"), at most 10 characters. */
  houseExtension?: string | undefined;
  postalCode: string;
  city: string;
  /** ISO 3166-1 alpha-2, e.g. "NL". */
  countryCode: string;
  /**
   * Delivery recipient, when it is not the customer (shipping address only; legacy
   * `DELIVERYADDRESSFIRSTNAME`/`LASTNAME`/`COMPANYNAME`, sent only when present).
   */
  firstName?: string | undefined;
  lastName?: string | undefined;
  company?: string | undefined;
}

/** What a shop may prefill or a form may hold: any part of a customer with its addresses. */
export type CustomerData = Partial<Customer> & {
  billingAddress?: Partial<Address>;
  shippingAddress?: Partial<Address>;
};
