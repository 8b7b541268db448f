/** The back office's words, Dutch and English; the page's `lang` follows the chosen language. */
export type AdminLang = 'nl' | 'en';

const TEXTS = {
  title: { nl: 'Backoffice', en: 'Back office' },
  description: {
    nl: 'De backoffice van de Billink-demowinkel: bestellingen na het afrekenen, verzenden, terugbetalen en de afstemming.',
    en: "The Billink demo shop's back office: orders after checkout, shipping, refunds and the reconciliation.",
  },
  shop: { nl: 'Naar de winkel', en: 'To the shop' },
  nav: { nl: 'Backoffice-menu', en: 'Back office menu' },
  orders: { nl: 'Bestellingen', en: 'Orders' },
  reconciliation: { nl: 'Afstemming', en: 'Reconciliation' },
  logout: { nl: 'Uitloggen', en: 'Log out' },
  language: { nl: 'Taal', en: 'Language' },
  loginTitle: { nl: 'Inloggen in de backoffice', en: 'Log in to the back office' },
  loginHint: {
    nl: 'Het demowachtwoord staat in de terminal waarin u npm start draaide (of ADMIN_PASSWORD).',
    en: 'The demo password is printed in the terminal where you ran npm start (or ADMIN_PASSWORD).',
  },
  password: { nl: 'Wachtwoord', en: 'Password' },
  login: { nl: 'Inloggen', en: 'Log in' },
  wrongPassword: { nl: 'Dat wachtwoord klopt niet.', en: 'That password is not right.' },
  noOrders: {
    nl: 'Nog geen bestellingen. Reken in de winkel af met Billink; de bestelling verschijnt hier.',
    en: 'No orders yet. Check out with Billink in the shop; the order appears here.',
  },
  ordersTable: { nl: 'Bestellingen in deze demo', en: 'Orders placed in this demo' },
  order: { nl: 'Bestelling', en: 'Order' },
  placed: { nl: 'Geplaatst', en: 'Placed' },
  amount: { nl: 'Bedrag', en: 'Amount' },
  checkout: { nl: 'Afrekenen', en: 'Checkout' },
  shipped: { nl: 'Verzonden', en: 'Shipped' },
  paid: { nl: 'Betaald', en: 'Paid' },
  credited: { nl: 'Gecrediteerd', en: 'Credited' },
  onHold: { nl: 'Gepauzeerd', en: 'On hold' },
  outstanding: { nl: 'Openstaand', en: 'Outstanding' },
  yes: { nl: 'ja', en: 'yes' },
  no: { nl: 'nee', en: 'no' },
  invoice: { nl: 'Factuur', en: 'Invoice' },
  workflow: { nl: 'Workflow', en: 'Workflow' },
  summary: { nl: 'Overzicht', en: 'Summary' },
  history: { nl: 'Geschiedenis', en: 'History' },
  when: { nl: 'Wanneer', en: 'When' },
  what: { nl: 'Wat', en: 'What' },
  by: { nl: 'Door', en: 'By' },
  details: { nl: 'Details', en: 'Details' },
  delivered: { nl: 'Aan de winkel gemeld', en: 'Told the shop' },
  actions: { nl: 'Acties', en: 'Actions' },
  notApproved: {
    nl: 'Billink heeft deze bestelling niet goedgekeurd: er is niets te verzenden of te crediteren.',
    en: 'Billink has not approved this order: there is nothing to ship or credit.',
  },
  ship: { nl: 'Verzenden', en: 'Ship' },
  trackAndTrace: { nl: 'Track-and-tracecode (optioneel)', en: 'Track-and-trace code (optional)' },
  shipButton: { nl: 'Verzonden melden', en: 'Mark as shipped' },
  alreadyShipped: {
    nl: 'Verzonden: Billink heeft de factuur verstuurd.',
    en: 'Shipped: Billink has sent the invoice.',
  },
  refund: { nl: 'Terugbetalen (crediteren)', en: 'Refund (credit)' },
  refundAmount: { nl: 'Bedrag in euro', en: 'Amount in euros' },
  refundReason: { nl: 'Omschrijving', en: 'Description' },
  refundReasonDefault: { nl: 'Retour', en: 'Return' },
  refundButton: { nl: 'Deels terugbetalen', en: 'Refund part' },
  refundAll: { nl: 'Alles terugbetalen', en: 'Refund everything' },
  nothingToCredit: { nl: 'Alles is al gecrediteerd.', en: 'Everything has been credited.' },
  hold: { nl: 'Pauzeren', en: 'Hold' },
  holdDays: { nl: 'Aantal dagen (1–14)', en: 'Number of days (1–14)' },
  holdButton: { nl: 'Incasso pauzeren', en: 'Put collection on hold' },
  resumeButton: { nl: 'Incasso hervatten', en: 'Resume collection' },
  message: { nl: 'Bericht aan Billink', en: 'Message to Billink' },
  messageText: { nl: 'Uw bericht', en: 'Your message' },
  messageButton: { nl: 'Bericht versturen', en: 'Send message' },
  simulator: { nl: 'Simulator: de klant betaalt', en: 'Simulator: the shopper pays' },
  simulatorHint: {
    nl: 'Alleen op de simulator: speel na dat de klant (een deel) aan Billink betaalt.',
    en: 'On the simulator only: play the shopper paying Billink (part of) the invoice.',
  },
  payButton: { nl: 'De klant betaalt', en: 'The shopper pays' },
  nothingOutstanding: { nl: 'Er staat niets meer open.', en: 'Nothing is outstanding.' },
  doneShipped: { nl: 'Verzonden gemeld bij Billink.', en: 'Billink knows it has shipped.' },
  doneCredit: { nl: 'Gecrediteerd', en: 'Credited' },
  doneHold: { nl: 'Incasso gepauzeerd voor', en: 'Collection on hold for' },
  days: { nl: 'dagen', en: 'days' },
  doneResume: { nl: 'Incasso hervat.', en: 'Collection resumed.' },
  doneMessage: { nl: 'Bericht verstuurd naar Billink.', en: 'Message sent to Billink.' },
  donePay: { nl: 'De klant betaalde', en: 'The shopper paid' },
  alreadyDone: {
    nl: 'Dit formulier was al verstuurd; er is niets dubbel gedaan.',
    en: 'This form was sent before; nothing was done twice.',
  },
  badAmount: {
    nl: 'Vul een bedrag in euro in, bijvoorbeeld 12,50.',
    en: 'Enter an amount in euros, for example 12.50.',
  },
  badDays: { nl: 'Vul een aantal dagen van 1 tot en met 14 in.', en: 'Enter 1 to 14 days.' },
  required: { nl: 'Vul dit veld in.', en: 'Fill in this field.' },
  unknownOrder: { nl: 'Deze bestelling bestaat niet.', en: 'This order does not exist.' },
  backToOrders: { nl: 'Terug naar de bestellingen', en: 'Back to the orders' },
  invoicesTitle: { nl: 'Facturen van Billink', en: "Billink's invoices" },
  from: { nl: 'Van', en: 'From' },
  to: { nl: 'Tot en met', en: 'To' },
  show: { nl: 'Tonen', en: 'Show' },
  csv: { nl: 'Download als CSV', en: 'Download as CSV' },
  total: { nl: 'Totaal', en: 'Total' },
  invoiceCount: { nl: 'facturen', en: 'invoices' },
  noInvoices: { nl: 'Geen facturen in deze periode.', en: 'No invoices in this period.' },
  badDate: { nl: 'Vul een datum in als JJJJ-MM-DD.', en: 'Enter a date as YYYY-MM-DD.' },
  badRange: {
    nl: 'De begindatum ligt na de einddatum.',
    en: 'The start date is after the end date.',
  },
  proxyDown: {
    nl: 'De merchant-API antwoordde niet. Probeer het opnieuw.',
    en: 'The merchant API did not answer. Please try again.',
  },
} as const satisfies Record<string, Record<AdminLang, string>>;

export type TextKey = keyof typeof TEXTS;
export const text = (lang: AdminLang, key: TextKey): string => TEXTS[key][lang];

const STATUS: Record<string, Record<AdminLang, string>> = {
  approved: { nl: 'goedgekeurd', en: 'approved' },
  declined: { nl: 'afgewezen', en: 'declined' },
  cancelled: { nl: 'geannuleerd', en: 'cancelled' },
  failed: { nl: 'mislukt', en: 'failed' },
  expired: { nl: 'verlopen', en: 'expired' },
  pending: { nl: 'in behandeling', en: 'pending' },
  shipped: { nl: 'verzonden', en: 'shipped' },
  payment: { nl: 'betaling', en: 'payment' },
  credit: { nl: 'creditering', en: 'credit' },
  paid: { nl: 'volledig betaald', en: 'paid in full' },
  on_hold: { nl: 'gepauzeerd', en: 'on hold' },
  resumed: { nl: 'hervat', en: 'resumed' },
  merchant: { nl: 'winkel', en: 'shop' },
  billink: { nl: 'Billink', en: 'Billink' },
  shopper: { nl: 'klant', en: 'shopper' },
  none: { nl: 'niet nodig', en: 'not needed' },
  delivered: { nl: 'ja', en: 'yes' },
  failedDelivery: { nl: 'opgegeven', en: 'given up' },
};

/** A status, event type, actor or delivery state in words; unknown ones as they are. */
export const label = (lang: AdminLang, key: string): string => STATUS[key]?.[lang] ?? key;

const formats = {
  nl: new Intl.NumberFormat('nl-NL', { style: 'currency', currency: 'EUR' }),
  en: new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'EUR' }),
};
/** Cents as money for people, at the edge only. */
export const money = (lang: AdminLang, cents: number): string => formats[lang].format(cents / 100);

export const dateTime = (lang: AdminLang, iso: string): string =>
  new Intl.DateTimeFormat(lang === 'nl' ? 'nl-NL' : 'en-GB', {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'Europe/Amsterdam',
  }).format(new Date(iso));
