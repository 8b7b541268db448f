/**
 * The proxy's error messages, NL and EN, chosen by Accept-Language. Codes are stable API; messages
 * are for people (the element shows them to shoppers), so they say what to do next.
 */
export type ProxyLocale = 'nl' | 'en';

const MESSAGES = {
  invalid_request: {
    nl: 'Het verzoek is ongeldig.',
    en: 'The request is invalid.',
  },
  invalid_field: {
    nl: 'Controleer dit veld.',
    en: 'Please check this field.',
  },
  required: { nl: 'Vul dit veld in.', en: 'Please fill in this field.' },
  postal_code_format: {
    nl: 'Vul een geldige postcode in, bijvoorbeeld 1234 AB.',
    en: 'Enter a valid postal code, for example 1234 AB.',
  },
  email_format: {
    nl: 'Vul een geldig e-mailadres in.',
    en: 'Enter a valid e-mail address.',
  },
  phone_format: {
    nl: 'Vul een geldig telefoonnummer in (9 tot 18 tekens).',
    en: 'Enter a valid phone number (9 to 18 characters).',
  },
  birthdate_format: {
    nl: 'Vul een geldige geboortedatum in.',
    en: 'Enter a valid date of birth.',
  },
  under_18: {
    nl: 'Je moet 18 jaar of ouder zijn om achteraf te betalen met Billink.',
    en: 'You must be 18 or older to pay later with Billink.',
  },
  company_length: {
    nl: 'De bedrijfsnaam moet 2 tot 50 tekens lang zijn.',
    en: 'The company name must be 2 to 50 characters long.',
  },
  coc_length: {
    nl: 'Het KvK-nummer moet 5 tot 25 tekens lang zijn.',
    en: 'The Chamber of Commerce number must be 5 to 25 characters long.',
  },
  name_format: {
    nl: "Gebruik alleen letters, spaties, punten, - en '.",
    en: "Use only letters, spaces, full stops, - and '.",
  },
  house_number_format: {
    nl: 'Vul alleen het huisnummer in; een toevoeging heeft een eigen veld.',
    en: 'Enter the house number only; an addition has its own field.',
  },
  house_extension_length: {
    nl: 'De toevoeging mag hoogstens 10 tekens lang zijn.',
    en: 'The addition may be at most 10 characters long.',
  },
  city_format: {
    nl: "Een plaatsnaam bevat alleen letters, spaties, - en '.",
    en: "A city name contains only letters, spaces, - and '.",
  },
  country_format: { nl: 'Kies een land.', en: 'Choose a country.' },
  type_invalid: {
    nl: 'Kies particulier of zakelijk.',
    en: 'Choose private or business.',
  },
  unsupported_media_type: {
    nl: 'Alleen JSON wordt geaccepteerd.',
    en: 'Only JSON is accepted.',
  },
  payload_too_large: { nl: 'Het verzoek is te groot.', en: 'The request is too large.' },
  forbidden_origin: {
    nl: 'Deze website mag deze betaling niet starten.',
    en: 'This website may not start this payment.',
  },
  not_found: { nl: 'Niet gevonden.', en: 'Not found.' },
  order_not_found: {
    nl: 'Deze bestelling is niet gevonden.',
    en: 'This order was not found.',
  },
  order_ref_unknown: {
    nl: 'De winkel kent deze bestelling niet. Ververs de pagina en probeer het opnieuw.',
    en: 'The shop does not know this order. Refresh the page and try again.',
  },
  order_invalid: {
    nl: 'De bestelling van de winkel klopt niet; de winkel is op de hoogte. Kies een andere betaalmethode.',
    en: "The shop's order is inconsistent; the shop has been told. Please choose another payment method.",
  },
  order_source_unavailable: {
    nl: 'De winkel is even niet bereikbaar. Probeer het zo opnieuw.',
    en: 'The shop cannot be reached right now. Please try again shortly.',
  },
  customer_required: {
    nl: 'Vul eerst je gegevens en adres in.',
    en: 'Please fill in your details and address first.',
  },
  idempotency_key_required: {
    nl: 'Het verzoek mist een Idempotency-Key.',
    en: 'The request lacks an Idempotency-Key.',
  },
  idempotency_key_reused: {
    nl: 'Deze Idempotency-Key is al gebruikt voor een ander verzoek.',
    en: 'This Idempotency-Key was already used for a different request.',
  },
  request_in_progress: {
    nl: 'Dit verzoek wordt nog verwerkt. Probeer het zo opnieuw.',
    en: 'This request is still being processed. Please try again shortly.',
  },
  order_in_progress: {
    nl: 'Er loopt al een betaling met Billink voor deze bestelling.',
    en: 'A Billink payment for this order is already in progress.',
  },
  order_already_approved: {
    nl: 'Deze bestelling is al goedgekeurd door Billink.',
    en: 'This order was already approved by Billink.',
  },
  order_number_taken: {
    nl: 'Dit bestelnummer hoort bij een andere bestelling. Neem contact op met de winkel.',
    en: 'This order number belongs to another order. Please contact the shop.',
  },
  order_needs_review: {
    nl: 'Billink heeft al een bestelling met dit nummer. De winkel controleert die en neemt contact met je op; betaal niet opnieuw.',
    en: 'Billink already has an order with this number. The shop will check it and contact you; please do not pay again.',
  },
  order_amount_changed: {
    nl: 'Je winkelwagen is veranderd nadat je bij Billink betaalde. De winkel past de oude betaling aan; rond je bestelling opnieuw af voor het nieuwe bedrag.',
    en: 'Your cart changed after you paid with Billink. The shop will correct the earlier payment; complete your order again for the new amount.',
  },
  check_required: {
    nl: 'Doe eerst de controle voor achteraf betalen.',
    en: 'Please complete the pay-later check first.',
  },
  check_invalid: {
    nl: 'De controle is verlopen of hoort bij een andere bestelling. Probeer het opnieuw.',
    en: 'The check has expired or belongs to another order. Please try again.',
  },
  invalid_signature: {
    nl: 'De ondertekening van dit verzoek klopt niet.',
    en: 'The signature of this request is not valid.',
  },
  order_token_required: {
    nl: 'Deze betaalpagina is niet compleet geladen. Ververs de pagina en probeer het opnieuw.',
    en: 'This checkout page did not load completely. Refresh the page and try again.',
  },
  order_token_invalid: {
    nl: 'Deze betaling hoort niet bij jouw bestelling. Ververs de pagina en probeer het opnieuw.',
    en: 'This payment does not belong to your order. Refresh the page and try again.',
  },
  order_token_expired: {
    nl: 'Deze betaalpagina is verlopen. Ververs de pagina en probeer het opnieuw.',
    en: 'This checkout page has expired. Refresh the page and try again.',
  },
  control_characters: {
    nl: 'Dit veld bevat onzichtbare tekens die niet zijn toegestaan. Typ het opnieuw.',
    en: 'This field contains invisible characters that are not allowed. Please type it again.',
  },
  return_url_required: {
    nl: 'De winkel heeft geen terugkeeradres ingesteld. Kies een andere betaalmethode.',
    en: 'The shop has not configured a return address. Please choose another payment method.',
  },
  store_unavailable: {
    nl: 'De betaling kan even niet worden verwerkt. Probeer het zo opnieuw.',
    en: 'The payment cannot be processed right now. Please try again shortly.',
  },
  store_record_corrupt: {
    nl: 'De betaling kan nu niet worden verwerkt. Kies een andere betaalmethode of neem contact op met de winkel.',
    en: 'The payment cannot be processed right now. Choose another payment method or contact the shop.',
  },
  rate_limited: {
    nl: 'Te veel pogingen. Wacht even en probeer het opnieuw.',
    en: 'Too many attempts. Please wait a moment and try again.',
  },
  billink_unavailable: {
    nl: 'Billink is even niet bereikbaar. Probeer het opnieuw of kies een andere betaalmethode.',
    en: 'Billink cannot be reached right now. Try again or choose another payment method.',
  },
  billink_rejected: {
    nl: 'Billink kon je gegevens niet verwerken. Controleer ze en probeer het opnieuw.',
    en: 'Billink could not process your details. Please check them and try again.',
  },
  billink_available: {
    nl: 'Je kunt deze bestelling achteraf betalen met Billink.',
    en: 'You can pay for this order later with Billink.',
  },
  country_not_offered: {
    nl: 'Achteraf betalen met Billink kan niet voor een adres in dit land. Kies een andere betaalmethode.',
    en: 'Pay later with Billink is not available for an address in this country. Please choose another payment method.',
  },
  amount_below_minimum: {
    nl: 'Dit bedrag is te laag om achteraf te betalen met Billink. Kies een andere betaalmethode.',
    en: 'This amount is too low to pay later with Billink. Please choose another payment method.',
  },
  amount_above_maximum: {
    nl: 'Dit bedrag is te hoog om achteraf te betalen met Billink. Kies een andere betaalmethode.',
    en: 'This amount is too high to pay later with Billink. Please choose another payment method.',
  },
  amount_above_billink_limit: {
    nl: 'Dit bedrag is hoger dan Billink voor deze winkel toestaat. Kies een andere betaalmethode.',
    en: 'This amount is higher than Billink allows for this shop. Please choose another payment method.',
  },
  payment_fee_not_allowed: {
    nl: 'Billink staat geen betaalkosten toe voor particulieren in Nederland; de winkel is op de hoogte. Kies een andere betaalmethode.',
    en: 'Billink allows no payment fee for private customers in the Netherlands; the shop has been told. Please choose another payment method.',
  },
  unauthorized: {
    nl: 'Ontbrekende of onjuiste API-sleutel (Authorization: Bearer).',
    en: 'Missing or wrong API key (Authorization: Bearer).',
  },
  order_busy: {
    nl: 'Deze bestelling wordt net bijgewerkt. Probeer het zo opnieuw.',
    en: 'This order is being updated right now. Please try again shortly.',
  },
  order_not_approved: {
    nl: 'Deze bestelling is niet door Billink goedgekeurd; er is niets te verzenden, crediteren of beheren.',
    en: 'Billink has not approved this order; there is nothing to ship, credit or manage.',
  },
  credit_exceeds_remaining: {
    nl: 'Het creditbedrag is hoger dan wat op deze bestelling nog gecrediteerd kan worden.',
    en: 'The credit is more than what can still be credited on this order.',
  },
  payment_exceeds_outstanding: {
    nl: 'Het betaalde bedrag is hoger dan wat op deze bestelling nog openstaat.',
    en: 'The payment is more than what is still outstanding on this order.',
  },
  hold_days_out_of_range: {
    nl: 'Billink staat een pauze van 1 tot en met 14 dagen toe.',
    en: 'Billink allows a hold of 1 to 14 days.',
  },
  billink_refused: {
    nl: 'Billink heeft dit verzoek geweigerd; zie detail voor het antwoord van Billink.',
    en: "Billink refused this request; see detail for Billink's answer.",
  },
  billink_order_unknown: {
    nl: 'Billink kent deze factuur niet.',
    en: 'Billink does not know this invoice.',
  },
  outcome_unknown: {
    nl: 'Het is onbekend of Billink dit heeft uitgevoerd. Controleer de bestelling (refresh=1) voordat u het opnieuw probeert met een nieuwe Idempotency-Key.',
    en: 'It is unknown whether Billink carried this out. Check the order (refresh=1) before trying again with a new Idempotency-Key.',
  },
  invoice_document_unavailable: {
    nl: 'Billink gaf geen factuurdocument; zie detail voor wat Billink antwoordde.',
    en: 'Billink did not return an invoice document; see detail for what Billink answered.',
  },
  webhook_url_required: {
    nl: 'Geef een url op: de proxy kent zijn publieke adres niet.',
    en: 'Give a url: the proxy does not know its public address.',
  },
  no_review_open: {
    nl: 'Voor deze bestelling staat geen Billink-bestelling ter controle open.',
    en: 'No Billink order is awaiting review for this order.',
  },
  order_not_credited: {
    nl: 'Billink meldt deze bestelling nog niet volledig gecrediteerd; crediteer haar eerst.',
    en: 'Billink does not report this order as fully credited yet; credit it first.',
  },
  billink_amount_unknown: {
    nl: 'Billink noemt geen bedrag voor deze bestelling; die kan niet worden geaccepteerd.',
    en: 'Billink names no amount for this order; it cannot be accepted.',
  },
  internal: {
    nl: 'Er ging iets mis. Probeer het opnieuw.',
    en: 'Something went wrong. Please try again.',
  },
} as const satisfies Record<string, Record<ProxyLocale, string>>;

export type MessageCode = keyof typeof MESSAGES;

export function isMessageCode(code: string): code is MessageCode {
  return Object.hasOwn(MESSAGES, code);
}

export function message(code: MessageCode, locale: ProxyLocale): string {
  return MESSAGES[code][locale];
}

/** First supported language in Accept-Language (q-values respected); Dutch otherwise. */
export function negotiateLocale(acceptLanguage: string | null | undefined): ProxyLocale {
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)/.exec(p)?.[1]).find(Boolean);
      return { lang: tag.toLowerCase().split('-')[0], q: q === undefined ? 1 : Number(q), index };
    })
    .filter((e) => e.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { lang } of ranked) if (lang === 'nl' || lang === 'en') return lang;
  return 'nl';
}
