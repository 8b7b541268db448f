import { badgeEn } from './badge.js';
import type { Messages } from './nl.js';

/** English texts. */
export const en: Messages = {
  badge: badgeEn,
  checkout: {
    amountLabel: 'Amount due',
    // From Billink's own checkout module (en_US.csv).
    ageNotice:
      "You must be at least 18+ to use this service. If you pay on time, you will avoid additional costs and ensure that you can use Billink's services again in the future.",
    // Billink publishes its terms in Dutch only.
    termsLink: "Billink's terms of use (pdf, in Dutch)",
    termsUrl: 'https://www.billink.nl/docs/gebruikersvoorwaarden.pdf',
    opensInNewWindow: '(opens in a new window)',
    accept: "I accept Billink's terms of use",
    acceptRequired: "Please accept Billink's terms of use to continue.",
    amountChanged: 'The amount has changed to {{amount}}.',
    // While the flow's code loads after the pay button, and when it cannot.
    loading: 'Loading payment with Billink…',
    loadFailed: 'Paying with Billink could not be loaded. Check your connection and try again.',
  },
  ui: {
    pay: 'Pay with Billink',
    retry: 'Try again',
    required: 'Please complete the Billink payment first.',
  },
};
