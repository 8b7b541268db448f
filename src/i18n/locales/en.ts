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
};
