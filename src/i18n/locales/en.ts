import type { Messages } from './nl.js';

/** English texts. */
export const en: Messages = {
  badge: {
    // The three EN texts Billink allows next to its logo (brand guide).
    text: {
      default: 'Pay later with Billink',
      alternate: 'Pay afterwards with Billink',
      short: 'Pay afterwards',
    },
    logoAlt: 'Billink',
  },
  checkout: {
    amountLabel: 'Amount due',
    // From Billink's own checkout module (en_US.csv).
    ageNotice:
      "You must be at least 18+ to use this service. If you pay on time, you will avoid additional costs and ensure that you can use Billink's services again in the future.",
    termsLink: "Billink's terms of use",
    termsUrl: 'https://www.billink.nl/docs/gebruikersvoorwaarden.pdf',
    opensInNewWindow: '(opens in a new window)',
  },
  flow: {
    status: {
      checking: 'Checking your details…',
      'creating-order': 'Preparing your payment…',
      'awaiting-customer': 'Complete your payment with Billink.',
      polling: 'Confirming your payment…',
      approved: 'Payment approved. Thank you!',
      cancelled: 'Payment cancelled.',
      failed: 'Payment not completed.',
      expired: 'Payment session expired.',
    },
    form: { invalid: 'Please correct the highlighted fields.' },
    declined: {
      default: 'Sorry, Billink cannot offer pay later for this order.',
      underAge: 'Paying later with Billink is for people aged 18 and over.',
    },
    error: {
      network: 'No connection. Please try again.',
      timeout: 'This is taking too long. Please try again.',
      generic: 'Something went wrong. Please try again.',
    },
    // Codes without a text of their own fall back to invalid_field.
    field: {
      required: 'Please fill in this field.',
      email_format: 'Enter a valid e-mail address.',
      phone_format: 'Enter a phone number of 9 to 18 digits.',
      under_18: 'You must be 18 or older.',
      postal_code_format: 'Enter a postal code like 1234 AB.',
      invalid_field: 'Please check this field.',
    },
  },
  ui: {
    pay: 'Pay with Billink',
    continue: 'Continue',
    retry: 'Try again',
    other: 'Choose another payment method',
    reopen: 'Open Billink again',
    required: 'Please complete the Billink payment first.',
  },
  form: {
    legend: 'Your details',
    type: 'I am ordering as',
    p: 'Private person',
    b: 'Business',
    firstName: 'First name',
    lastName: 'Last name',
    birthdate: 'Date of birth',
    email: 'E-mail address',
    phone: 'Phone number',
    company: 'Company name',
    cocNumber: 'KvK (Chamber of Commerce) number',
    vatNumber: 'VAT number (optional)',
    street: 'Street',
    houseNumber: 'House number',
    houseExtension: 'Addition (optional)',
    postalCode: 'Postal code',
    city: 'City',
    countryCode: 'Country',
    NL: 'Netherlands',
    BE: 'Belgium',
  },
};
