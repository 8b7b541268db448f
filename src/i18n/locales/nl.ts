import { badgeNl } from './badge.js';

/** Dutch texts: the default language. Billink's mandated badge texts are fixed, not editable copy. */
export const nl = {
  badge: badgeNl,
  checkout: {
    amountLabel: 'Te betalen',
    // From Billink's own checkout module (nl_NL.csv): shown with the payment method.
    ageNotice:
      'Je moet minimaal 18+ zijn om deze dienst te gebruiken. Als je op tijd betaalt, voorkom je extra kosten en zorg je dat je in de toekomst nogmaals gebruik kunt maken van de diensten van Billink.',
    termsLink: 'Gebruikersvoorwaarden van Billink (pdf)',
    termsUrl: 'https://www.billink.nl/docs/gebruikersvoorwaarden.pdf',
    opensInNewWindow: '(opent in een nieuw venster)',
    accept: 'Ik ga akkoord met de gebruikersvoorwaarden van Billink',
    acceptRequired: 'Ga akkoord met de gebruikersvoorwaarden van Billink om verder te gaan.',
    amountChanged: 'Het bedrag is gewijzigd in {{amount}}.',
    // While the flow's code loads after the pay button, and when it cannot.
    loading: 'Betalen met Billink wordt geladen…',
    loadFailed:
      'Betalen met Billink kon niet worden geladen. Controleer je verbinding en probeer het opnieuw.',
  },
  ui: {
    pay: 'Betalen met Billink',
    retry: 'Probeer opnieuw',
    required: 'Rond eerst de betaling met Billink af.',
  },
};

type DeepStrings<T> = { [K in keyof T]: T[K] extends string ? string : DeepStrings<T[K]> };

/** Every locale must carry exactly the Dutch keys. */
export type Messages = DeepStrings<typeof nl>;
