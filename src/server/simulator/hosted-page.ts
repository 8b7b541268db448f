/**
 * The simulated Billink hosted checkout page (what `sessionURL` opens). Server-rendered HTML that
 * works without JavaScript and under `Content-Security-Policy: default-src 'self'`: no inline
 * scripts, no style attributes, CSS from `assets/style.css` (relative, so it also works when the
 * simulator is mounted under a path prefix).
 */
import { html, type Html } from './html.js';
import type { Session, SessionStatus } from './state.js';

export type Lang = 'nl' | 'en';

export const HOSTED_PAGE_CSP =
  "default-src 'self'; img-src 'self' https: http: data:; form-action 'self' https: http:; " +
  "base-uri 'none'; frame-ancestors 'none'";

/** Choices the page's form posts in its `choice` field. */
export const HOSTED_CHOICES = ['approve', 'decline', 'cancel'] as const;
export type HostedChoice = (typeof HOSTED_CHOICES)[number];

const STRINGS = {
  nl: {
    title: 'Billink – achteraf betalen',
    simulator: 'Billink-simulator: er wordt niets echt betaald of gecontroleerd.',
    intro: (shop: string) => `Je betaalt achteraf bij ${shop} met Billink.`,
    order: 'Je bestelling',
    product: 'Product',
    quantity: 'Aantal',
    amount: 'Bedrag',
    total: 'Totaal',
    orderNumber: 'Bestelnummer',
    customer: 'Klant',
    birthdateLegend: 'Aanvullende gegevens',
    birthdate: 'Geboortedatum',
    birthdateHint: 'Formaat dd-mm-jjjj, bijvoorbeeld 31-12-1990. Je moet 18 jaar of ouder zijn.',
    choose: 'Kies hoe je verder wilt',
    approve: 'Goedkeuren en bestelling plaatsen',
    decline: 'Afwijzen',
    cancel: 'Annuleren',
    declinedNotice:
      'Billink kan deze bestelling helaas niet achteraf laten betalen (gesimuleerde kredietcontrole: afgewezen).',
    continueDeclined: 'Terug naar de winkel',
    back: 'Terug naar de winkel',
    expiresAt: 'Deze sessie verloopt om',
    final: {
      order_created: 'Je bestelling is geplaatst.',
      failed: 'De betaling met Billink is afgewezen.',
      cancelled: 'Je hebt de betaling geannuleerd.',
      session_expired: 'Deze sessie is verlopen. Ga terug naar de winkel en probeer het opnieuw.',
      session_active: '',
    } satisfies Record<SessionStatus, string>,
    invoice: 'Factuurnummer',
    notFound: 'Deze betaalsessie bestaat niet (meer).',
    errorBirthdateMissing: 'Vul je geboortedatum in.',
    errorBirthdateFormat: 'Vul je geboortedatum in als dd-mm-jjjj.',
    errorChoice: 'Kies goedkeuren, afwijzen of annuleren.',
    errorTitle: 'Controleer het formulier',
  },
  en: {
    title: 'Billink – pay later',
    simulator: 'Billink simulator: nothing is really paid or checked.',
    intro: (shop: string) => `You pay ${shop} later with Billink.`,
    order: 'Your order',
    product: 'Product',
    quantity: 'Quantity',
    amount: 'Amount',
    total: 'Total',
    orderNumber: 'Order number',
    customer: 'Customer',
    birthdateLegend: 'Additional details',
    birthdate: 'Date of birth',
    birthdateHint: 'Format dd-mm-yyyy, for example 31-12-1990. You must be 18 or older.',
    choose: 'Choose how to continue',
    approve: 'Approve and place order',
    decline: 'Decline',
    cancel: 'Cancel',
    declinedNotice:
      'Billink cannot offer pay-later for this order (simulated credit check: declined).',
    continueDeclined: 'Back to the shop',
    back: 'Back to the shop',
    expiresAt: 'This session expires at',
    final: {
      order_created: 'Your order has been placed.',
      failed: 'Payment with Billink was declined.',
      cancelled: 'You cancelled the payment.',
      session_expired: 'This session has expired. Go back to the shop and try again.',
      session_active: '',
    } satisfies Record<SessionStatus, string>,
    invoice: 'Invoice number',
    notFound: 'This payment session does not exist (any more).',
    errorBirthdateMissing: 'Enter your date of birth.',
    errorBirthdateFormat: 'Enter your date of birth as dd-mm-yyyy.',
    errorChoice: 'Choose approve, decline or cancel.',
    errorTitle: 'Please check the form',
  },
} as const;

export type PageError = 'birthdateMissing' | 'birthdateFormat' | 'choice';

/** `?lang=` wins, then the first of nl/en in Accept-Language; Dutch by default, like Billink. */
/**
 * `?lang=` wins; then the shop's choice at session create (`client.options.language`); then the
 * browser's Accept-Language; Dutch otherwise.
 */
export function pickLang(
  query: string | undefined,
  acceptLanguage: string | undefined,
  sessionLanguage?: Lang,
): Lang {
  if (query === 'en' || query === 'nl') return query;
  if (sessionLanguage) return sessionLanguage;
  for (const part of (acceptLanguage ?? '').split(',')) {
    const tag = part.trim().slice(0, 2).toLowerCase();
    if (tag === 'en' || tag === 'nl') return tag;
  }
  return 'nl';
}

function money(cents: number, currency: string, lang: Lang): string {
  return new Intl.NumberFormat(lang === 'nl' ? 'nl-NL' : 'en-GB', {
    style: 'currency',
    currency,
  }).format(cents / 100);
}

function time(ms: number, lang: Lang): string {
  return new Intl.DateTimeFormat(lang === 'nl' ? 'nl-NL' : 'en-GB', {
    timeZone: 'Europe/Amsterdam',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(ms));
}

/** Whether the page must ask for the birthdate before it can approve. */
export function needsBirthdate(session: Session): boolean {
  return session.customer.type === 'p' && session.customer.birthdate.trim() === '';
}

function layout(lang: Lang, title: string, body: Html): string {
  const t = STRINGS[lang];
  return html`<!doctype html>
    <html lang="${lang}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>${title}</title>
        <link rel="stylesheet" href="assets/style.css" />
      </head>
      <body>
        <main>
          <p class="simulator" role="note">${t.simulator}</p>
          ${body}
        </main>
      </body>
    </html> `.value;
}

export interface PageInput {
  readonly session: Session;
  readonly shopName: string;
  readonly lang: Lang;
  readonly error?: PageError;
  /** Birthdate the shopper typed (re-shown after an error). */
  readonly birthdate?: string;
}

export function renderSessionPage({
  session,
  shopName,
  lang,
  error,
  birthdate,
}: PageInput): string {
  const t = STRINGS[lang];
  const lines = session.lines.map(
    (line) =>
      html`<tr>
        <th scope="row">${line.name || line.description || line.code}</th>
        <td>${line.quantity}</td>
        <td>${money(line.totalCents, session.currency, lang)}</td>
      </tr> `,
  );
  const summary = html`<section aria-labelledby="order-heading">
    <h2 id="order-heading">${t.order}</h2>
    <p>${t.orderNumber}: <strong>${session.orderNumber}</strong></p>
    <table>
      <thead>
        <tr>
          <th scope="col">${t.product}</th>
          <th scope="col">${t.quantity}</th>
          <th scope="col">${t.amount}</th>
        </tr>
      </thead>
      <tbody>
        ${lines}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row" colspan="2">${t.total}</th>
          <td class="total">${money(session.totalCents, session.currency, lang)}</td>
        </tr>
      </tfoot>
    </table>
    <p>
      ${t.customer}: ${session.customer.firstName}
      ${session.customer.lastName}${session.customer.company ? ` (${session.customer.company})` : ''}
    </p>
  </section> `;
  const logo = session.logoURL
    ? html`<img class="logo" src="${session.logoURL}" alt="${shopName}" />`
    : null;

  if (session.status !== 'session_active') {
    return layout(
      lang,
      t.title,
      html`${logo}
        <h1>${t.title}</h1>
        <p class="final final-${session.status}" role="status">${t.final[session.status]}</p>
        ${session.status === 'order_created' ? html`<p>${t.invoice}: <strong>${session.invoiceNumber}</strong></p>` : null}
        ${summary}
        <p><a href="${finalUrl(session)}">${t.back}</a></p> `,
    );
  }

  const errorText =
    error === 'birthdateMissing'
      ? t.errorBirthdateMissing
      : error === 'birthdateFormat'
        ? t.errorBirthdateFormat
        : error === 'choice'
          ? t.errorChoice
          : undefined;
  const birthdateInvalid = error === 'birthdateMissing' || error === 'birthdateFormat';

  const birthdateField =
    needsBirthdate(session) && !session.declined
      ? html`<fieldset>
          <legend>${t.birthdateLegend}</legend>
          <label for="birthdate">${t.birthdate}</label>
          <p id="birthdate-hint" class="hint">${t.birthdateHint}</p>
          ${birthdateInvalid ? html`<p id="birthdate-error" class="error">${errorText}</p>` : null}
          <input
            id="birthdate"
            name="birthdate"
            type="text"
            inputmode="numeric"
            autocomplete="bday"
            required
            pattern="[0-9]{2}-[0-9]{2}-[0-9]{4}"
            placeholder="dd-mm-${lang === 'nl' ? 'jjjj' : 'yyyy'}"
            value="${birthdate ?? ''}"
            aria-describedby="birthdate-hint${birthdateInvalid ? ' birthdate-error' : ''}"
            ${birthdateInvalid ? html` aria-invalid="true"` : null}
          />
        </fieldset> `
      : null;

  const buttons = session.declined
    ? html`<p class="declined" role="status">${t.declinedNotice}</p>
        <div class="actions">
          <button type="submit" name="choice" value="decline" class="primary">
            ${t.continueDeclined}
          </button>
          <button type="submit" name="choice" value="cancel" formnovalidate>${t.cancel}</button>
        </div> `
    : html`<div class="actions">
        <button type="submit" name="choice" value="approve" class="primary">${t.approve}</button>
        <button type="submit" name="choice" value="decline" formnovalidate>${t.decline}</button>
        <button type="submit" name="choice" value="cancel" formnovalidate>${t.cancel}</button>
      </div> `;

  return layout(
    lang,
    errorText ? `${t.errorTitle} – ${t.title}` : t.title,
    html`${logo}
      <h1>${t.title}</h1>
      <p>${t.intro(shopName)}</p>
      ${error && !birthdateInvalid ? html`<p class="error" role="alert">${errorText}</p>` : null}
      ${summary}
      <form method="post">
        <h2>${t.choose}</h2>
        ${birthdateField}${buttons}
      </form>
      <p class="expires">${t.expiresAt} ${time(session.expiresAt, lang)}.</p>
      <p><a href="${session.returnURL.backURL}">${t.back}</a></p> `,
  );
}

export function renderNotFoundPage(lang: Lang): string {
  const t = STRINGS[lang];
  return layout(
    lang,
    t.title,
    html`<h1>${t.title}</h1>
      <p role="status">${t.notFound}</p>`,
  );
}

/** Where a session in a final state sends the shopper. */
export function finalUrl(session: Session): string {
  switch (session.status) {
    case 'order_created':
      return session.returnURL.successURL;
    case 'failed':
      return session.returnURL.failURL;
    case 'cancelled':
      return session.returnURL.cancelURL;
    default:
      return session.returnURL.backURL;
  }
}

export const HOSTED_PAGE_CSS = `:root{color-scheme:light;--ink:#1a1a2e;--accent:#0b5cad;--muted:#545468;--bad:#a4161a}
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:#f4f5f8}
main{max-width:40rem;margin:2rem auto;padding:1.5rem;background:#fff;border-radius:.5rem;box-shadow:0 1px 4px rgba(0,0,0,.12)}
h1{font-size:1.5rem;margin:.5rem 0 1rem}h2{font-size:1.15rem;margin:1.5rem 0 .5rem}
.simulator{margin:0 0 1rem;padding:.5rem .75rem;background:#fff6d6;border:1px solid #d4b000;border-radius:.25rem;font-size:.9rem}
.logo{max-height:3rem;max-width:12rem}
table{width:100%;border-collapse:collapse}th,td{padding:.4rem;text-align:left;border-bottom:1px solid #d8d8e0}
td:last-child,tfoot td{text-align:right;white-space:nowrap}tfoot th,tfoot td{font-weight:700}
fieldset{border:1px solid #c8c8d4;border-radius:.25rem;margin:1rem 0;padding:.75rem}
label{display:block;font-weight:600}
input{font:inherit;padding:.5rem;border:2px solid #6b6b80;border-radius:.25rem;width:100%;max-width:14rem}
input[aria-invalid="true"]{border-color:var(--bad)}
.hint{margin:.25rem 0;color:var(--muted);font-size:.9rem}
.error{color:var(--bad);font-weight:600}
.actions{display:flex;flex-wrap:wrap;gap:.75rem;margin-top:1rem}
button{font:inherit;padding:.65rem 1.1rem;border-radius:.3rem;border:2px solid var(--accent);background:#fff;color:var(--accent);cursor:pointer}
button.primary{background:var(--accent);color:#fff}
a{color:var(--accent)}
:focus-visible{outline:3px solid #ff8c00;outline-offset:2px}
.final{font-size:1.1rem;font-weight:600}.final-failed,.final-session_expired{color:var(--bad)}
.expires{color:var(--muted);font-size:.9rem}
`;
