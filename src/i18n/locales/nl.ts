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
  },
  flow: {
    status: {
      checking: 'Je gegevens worden gecontroleerd…',
      'creating-order': 'Je betaling wordt voorbereid…',
      'awaiting-customer': 'Rond je betaling af bij Billink.',
      polling: 'Je betaling wordt bevestigd…',
      incomplete: 'Je betaling is niet afgerond. Ga verder bij Billink of probeer het opnieuw.',
      approved: 'Betaling goedgekeurd. Bedankt!',
      cancelled: 'Betaling geannuleerd.',
      failed: 'Betaling niet gelukt.',
      expired: 'Betaalsessie verlopen.',
    },
    form: { invalid: 'Controleer de gemarkeerde velden.' },
    done: {
      orderNumber: 'Bestelnummer: {{number}}',
      payLater:
        'Je ontvangt de factuur van {{amount}} per e-mail van Billink en betaalt binnen {{days}} dagen.',
    },
    declined: {
      default: 'Achteraf betalen met Billink is voor deze bestelling helaas niet mogelijk.',
      underAge: 'Achteraf betalen met Billink kan vanaf 18 jaar.',
    },
    error: {
      network: 'Geen verbinding. Probeer het opnieuw.',
      timeout: 'Dit duurt te lang. Probeer het opnieuw.',
      generic: 'Er ging iets mis. Probeer het opnieuw.',
      wait_one: 'Te veel pogingen. Probeer het over {{count}} seconde opnieuw.',
      wait_other: 'Te veel pogingen. Probeer het over {{count}} seconden opnieuw.',
      waitMinutes_one: 'Te veel pogingen. Probeer het over {{count}} minuut opnieuw.',
      waitMinutes_other: 'Te veel pogingen. Probeer het over {{count}} minuten opnieuw.',
      again: 'Je kunt het nu opnieuw proberen.',
      busy: 'Er loopt al een betaling met Billink voor deze bestelling.',
      approved: 'Deze bestelling is al goedgekeurd door Billink.',
      unavailable: 'Billink of de winkel is even niet bereikbaar. Probeer het zo opnieuw.',
      rejected: 'Billink kon je gegevens niet verwerken. Controleer ze en probeer het opnieuw.',
      unknownOrder:
        'De winkel kent deze bestelling niet. Ververs de pagina en probeer het opnieuw.',
      amountChanged:
        'Het bedrag van je bestelling is veranderd. Betaal het nieuwe bedrag met Billink.',
    },
    // Codes without a text of their own fall back to invalid_field.
    field: {
      required: 'Vul dit veld in.',
      email_format: 'Vul een geldig e-mailadres in.',
      phone_format: 'Vul een telefoonnummer in van 9 tot 18 cijfers.',
      under_18: 'Je moet 18 jaar of ouder zijn.',
      postal_code_format: 'Vul een postcode in zoals 1234 AB.',
      house_number_format: 'Vul alleen het huisnummer in; een toevoeging heeft een eigen veld.',
      house_extension_length: 'De toevoeging mag hoogstens 10 tekens lang zijn.',
      name_format: "Gebruik alleen letters, spaties, punten, - en '.",
      city_format: "Een plaatsnaam bevat alleen letters, spaties, - en '.",
      birthdate_format: 'Vul een geldige geboortedatum in.',
      company_length: 'De bedrijfsnaam moet 2 tot 50 tekens lang zijn.',
      coc_length: 'Het KvK-nummer moet 5 tot 25 tekens lang zijn.',
      invalid_field: 'Controleer dit veld.',
    },
  },
  ui: {
    pay: 'Betalen met Billink',
    continue: 'Doorgaan',
    retry: 'Probeer opnieuw',
    other: 'Kies een andere betaalmethode',
    reopen: 'Open Billink opnieuw',
    resume: 'Verder bij Billink',
    payNew: 'Betaal het nieuwe bedrag',
    required: 'Rond eerst de betaling met Billink af.',
  },
  form: {
    legend: 'Je gegevens',
    type: 'Ik bestel als',
    p: 'Particulier',
    b: 'Zakelijk',
    firstName: 'Voornaam',
    lastName: 'Achternaam',
    birthdate: 'Geboortedatum',
    email: 'E-mailadres',
    phone: 'Telefoonnummer',
    company: 'Bedrijfsnaam',
    cocNumber: 'KvK-nummer',
    vatNumber: 'Btw-nummer (optioneel)',
    street: 'Straat',
    houseNumber: 'Huisnummer',
    houseExtension: 'Toevoeging (optioneel)',
    postalCode: 'Postcode',
    city: 'Plaats',
    countryCode: 'Land',
    NL: 'Nederland',
    BE: 'België',
  },
};

type DeepStrings<T> = { [K in keyof T]: T[K] extends string ? string : DeepStrings<T[K]> };

/** Every locale must carry exactly the Dutch keys. */
export type Messages = DeepStrings<typeof nl>;
