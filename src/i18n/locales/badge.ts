/**
 * Billink's mandated badge texts (brand guide), fixed, not editable copy. In their own module so the
 * badge entry ships without the checkout's texts; nl.ts and en.ts include them under `badge`.
 */
export const badgeNl = {
  // The three NL texts Billink allows next to its logo.
  text: {
    default: 'Achteraf betalen met Billink',
    alternate: 'Betaal achteraf met Billink',
    short: 'Achteraf betalen',
  },
  logoAlt: 'Billink',
};

export const badgeEn: typeof badgeNl = {
  // The three EN texts Billink allows next to its logo.
  text: {
    default: 'Pay later with Billink',
    alternate: 'Pay afterwards with Billink',
    short: 'Pay afterwards',
  },
  logoAlt: 'Billink',
};
