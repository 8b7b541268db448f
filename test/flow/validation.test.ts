import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Address, Customer } from '../../src/flow/types.js';
import {
  isAdult,
  isCheckReady,
  isRealDate,
  validateAddress,
  validateCheckout,
  validateCustomer,
  type Loose,
} from '../../src/shared/validation.js';

const today = '2026-01-15';
const person: Customer = {
  type: 'p',
  firstName: 'Anna',
  lastName: 'de Vries',
  birthdate: '1990-05-17',
  email: 'anna@example.nl',
  phone: '06 1234 5678',
};
const business: Customer = {
  type: 'b',
  firstName: 'Bram',
  lastName: "O'Neill",
  email: 'bram@bedrijf.nl',
  phone: '+31 (20) 123-4567',
  company: 'Bram BV',
  cocNumber: '12345678',
};
const address: Address = {
  street: 'Damrak',
  houseNumber: '1',
  postalCode: '1012 LG',
  city: "'s-Hertogenbosch",
  countryCode: 'NL',
};

/** The issue codes for one field after changing it. */
const customerCodes = (patch: Loose<Customer>, base = person, on = today) =>
  validateCustomer({ ...base, ...patch }, { today: on }).map((i) => `${i.field}:${i.code}`);
const addressCodes = (patch: Loose<Address>) =>
  validateAddress({ ...address, ...patch }).map((i) => `${i.field}:${i.code}`);

describe('validateCustomer', () => {
  it('accepts a complete private and business customer', () => {
    assert.deepEqual(customerCodes({}), []);
    assert.deepEqual(customerCodes({}, business), []);
  });

  it('type must be p or b', () => {
    assert.deepEqual(customerCodes({ type: undefined }), ['type:required']);
    assert.deepEqual(customerCodes({ type: 'x' as 'p' }), ['type:type_invalid']);
  });

  it("needs a first name or initials (Billink 412), both letters, spaces, . - '", () => {
    assert.deepEqual(customerCodes({ firstName: '' }), ['firstName:required']);
    assert.deepEqual(customerCodes({ firstName: '', initials: 'A.J.' }), []);
    assert.deepEqual(customerCodes({ firstName: 'Zoë-Émilie' }), []);
    assert.deepEqual(customerCodes({ firstName: 'Anna2' }), ['firstName:name_format']);
    assert.deepEqual(customerCodes({ initials: 'A.B.C.D.E.F' }), ['initials:name_format']);
  });

  it('last name: required, letters and name punctuation', () => {
    assert.deepEqual(customerCodes({ lastName: '  ' }), ['lastName:required']);
    assert.deepEqual(customerCodes({ lastName: 'van den Berg-Smit' }), []);
    assert.deepEqual(customerCodes({ lastName: '<script>' }), ['lastName:name_format']);
  });

  it('e-mail format', () => {
    assert.deepEqual(customerCodes({ email: '' }), ['email:required']);
    for (const bad of [
      'anna',
      'anna@',
      'anna@example',
      'an na@example.nl',
      `${'a'.repeat(250)}@x.nl`,
    ])
      assert.deepEqual(customerCodes({ email: bad }), ['email:email_format'], bad);
    assert.deepEqual(customerCodes({ email: 'a.b+c@sub.example.co.uk' }), []);
  });

  it('phone: 9–18 characters of digits, spaces, +, (), - (Billink 402)', () => {
    assert.deepEqual(customerCodes({ phone: '' }), ['phone:required']);
    assert.deepEqual(customerCodes({ phone: '123456789' }), []);
    assert.deepEqual(customerCodes({ phone: '12345678' }), ['phone:phone_format']);
    assert.deepEqual(customerCodes({ phone: '+31 (0)6-1234 5678' }), []);
    assert.deepEqual(customerCodes({ phone: '1234567890123456789' }), ['phone:phone_format']);
    assert.deepEqual(customerCodes({ phone: '06-1234567x' }), ['phone:phone_format']);
  });

  it('birthdate: required for private customers, a real YYYY-MM-DD date', () => {
    assert.deepEqual(customerCodes({ birthdate: undefined }), ['birthdate:required']);
    assert.deepEqual(customerCodes({ birthdate: undefined }, business), []);
    for (const bad of [
      '17-05-1990',
      '1990-5-17',
      '1990-02-30',
      '1990-13-01',
      '1899-12-31',
      '2023-02-29',
    ])
      assert.deepEqual(customerCodes({ birthdate: bad }), ['birthdate:birthdate_format'], bad);
    assert.deepEqual(customerCodes({ birthdate: '2024-02-29', type: 'b' }, business), [
      'birthdate:under_18',
    ]);
  });

  it('18+: the 18th birthday counts, the day before does not', () => {
    assert.deepEqual(customerCodes({ birthdate: '2008-01-15' }), []);
    assert.deepEqual(customerCodes({ birthdate: '2008-01-16' }), ['birthdate:under_18']);
    assert.deepEqual(customerCodes({ birthdate: '2030-01-01' }), ['birthdate:under_18']);
  });

  it('18+ for a leap-day birthday: turns 18 on 1 March (18 is never a leap year later)', () => {
    const born = { birthdate: '2008-02-29' };
    assert.deepEqual(customerCodes(born, person, '2026-02-28'), ['birthdate:under_18']);
    assert.deepEqual(customerCodes(born, person, '2026-03-01'), []);
    assert.equal(isAdult('2004-02-29', '2022-02-28'), false);
    assert.equal(isAdult('2004-02-29', '2022-03-01'), true);
    // An 18th birthday that falls on 28 February of a leap year counts that day.
    assert.equal(isAdult('2006-02-28', '2024-02-28'), true);
    assert.equal(isAdult('2006-03-01', '2024-02-29'), false);
  });

  it('today may be a Date (read in local time)', () => {
    assert.equal(isAdult('2008-01-15', new Date(2026, 0, 15)), true);
    assert.equal(isAdult('2008-01-15', new Date(2026, 0, 14)), false);
  });

  it('business: company 2–50 characters, KvK 5–25 characters, both required', () => {
    assert.deepEqual(customerCodes({ company: '' }, business), ['company:required']);
    assert.deepEqual(customerCodes({ company: 'X' }, business), ['company:company_length']);
    assert.deepEqual(customerCodes({ company: 'X'.repeat(51) }, business), [
      'company:company_length',
    ]);
    assert.deepEqual(customerCodes({ company: 'XY' }, business), []);
    assert.deepEqual(customerCodes({ cocNumber: undefined }, business), ['cocNumber:required']);
    assert.deepEqual(customerCodes({ cocNumber: '1234' }, business), ['cocNumber:coc_length']);
    assert.deepEqual(customerCodes({ cocNumber: '1'.repeat(26) }, business), [
      'cocNumber:coc_length',
    ]);
    assert.deepEqual(customerCodes({ cocNumber: '12345' }, business), []);
  });

  it('a private customer may leave company and KvK empty', () => {
    assert.deepEqual(customerCodes({ company: undefined, cocNumber: undefined }), []);
  });
});

describe('validateAddress', () => {
  it('accepts a complete Dutch address', () => assert.deepEqual(addressCodes({}), []));

  it('every field but the extension is required', () => {
    assert.deepEqual(
      validateAddress({}).map((i) => `${i.field}:${i.code}`),
      [
        'street:required',
        'houseNumber:required',
        'postalCode:required',
        'city:required',
        'countryCode:required',
      ],
    );
  });

  it('NL postal code: 4 digits (not starting 0), optional space, 2 letters', () => {
    for (const ok of ['1012LG', '1012 LG', '9999 zz'])
      assert.deepEqual(addressCodes({ postalCode: ok }), [], ok);
    for (const bad of ['0123 AB', '1012  LG', '1012-LG', '101 LG', '1012 L', '1012 L1'])
      assert.deepEqual(addressCodes({ postalCode: bad }), ['postalCode:postal_code_format'], bad);
    assert.deepEqual(addressCodes({ postalCode: '0123 AB', countryCode: 'nl' }), [
      'postalCode:postal_code_format',
    ]);
  });

  it('other countries: the postal code only has to be present', () => {
    assert.deepEqual(addressCodes({ postalCode: 'B-1000', countryCode: 'BE' }), []);
    assert.deepEqual(addressCodes({ postalCode: '', countryCode: 'DE' }), ['postalCode:required']);
  });

  it('house number: the numeric part only; extension at most 10 characters', () => {
    assert.deepEqual(addressCodes({ houseNumber: '12a' }), ['houseNumber:house_number_format']);
    assert.deepEqual(addressCodes({ houseNumber: '12', houseExtension: 'bis A' }), []);
    assert.deepEqual(addressCodes({ houseExtension: '1234567890' }), []);
    assert.deepEqual(addressCodes({ houseExtension: '12345678901' }), [
      'houseExtension:house_extension_length',
    ]);
  });

  it("city: letters, spaces, - and ' only", () => {
    assert.deepEqual(addressCodes({ city: 'Alphen aan den Rijn' }), []);
    assert.deepEqual(addressCodes({ city: 'Zaandam 2' }), ['city:city_format']);
    assert.deepEqual(addressCodes({ city: 'St. Anna' }), ['city:city_format']);
  });

  it('country: two letters', () => {
    assert.deepEqual(addressCodes({ countryCode: 'NLD' }), ['countryCode:country_format']);
  });

  it('prefixes field names when asked', () => {
    assert.deepEqual(validateAddress({ ...address, city: '' }, 'billingAddress.'), [
      { field: 'billingAddress.city', code: 'required' },
    ]);
  });
});

describe('validateCheckout and isCheckReady', () => {
  it('needs the billing address; checks a shipping address when given', () => {
    assert.deepEqual(
      validateCheckout(person, { today }).map((i) => i.field),
      ['street', 'houseNumber', 'postalCode', 'city', 'countryCode'].map(
        (f) => `billingAddress.${f}`,
      ),
    );
    const withShipping = {
      ...person,
      billingAddress: address,
      shippingAddress: { ...address, city: '' },
    };
    assert.deepEqual(validateCheckout(withShipping, { today }), [
      { field: 'shippingAddress.city', code: 'required' },
    ]);
  });

  it('isCheckReady: complete and valid, including 18+', () => {
    assert.equal(isCheckReady(undefined, { today }), false);
    assert.equal(isCheckReady({ ...person, billingAddress: address }, { today }), true);
    assert.equal(isCheckReady({ ...person }, { today }), false);
    assert.equal(
      isCheckReady({ ...person, birthdate: '2010-01-01', billingAddress: address }, { today }),
      false,
    );
  });

  it('isRealDate', () => {
    assert.equal(isRealDate('2024-02-29'), true);
    assert.equal(isRealDate('2100-02-29'), false);
    assert.equal(isRealDate(''), false);
  });
});
