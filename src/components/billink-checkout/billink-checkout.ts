import { html, LitElement, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import { defineElement } from '../../define.js';
import { formatMoney } from '../../i18n/format.js';
import { LocaleController } from '../../i18n/locale-controller.js';
import { decimalToCents } from '../../shared/money.js';
import { BillinkBadge, type BadgeStyle, type TextVariant } from '../billink-badge/billink-badge.js';
import { brandTokens } from '../shared/tokens.styles.js';
import { checkoutStyles } from './billink-checkout.styles.js';

const CURRENCY = /^[A-Z]{3}$/;

/**
 * Billink's "pay later" payment method for a shop's checkout: the Billink badge with its mandated
 * text, the order amount, Billink's 18+ notice and terms, and (from the flow issue on) the payment
 * itself. Talks only to the shop's own proxy (`proxy-url`), never to Billink.
 *
 * @tagname billink-checkout
 * @summary Billink checkout: badge, amount and pay-later payment flow.
 *
 * @csspart badge - The Billink badge container (forwarded from `<billink-badge>`).
 * @csspart logo - The Billink logo (forwarded).
 * @csspart text - The mandated text (forwarded). Style it freely, but keep it visible.
 * @csspart amount - The order amount line.
 * @csspart notice - Billink's 18+ notice with the terms link.
 * @csspart status - The live region that announces the payment's progress.
 *
 * @cssprop [--billink-text-color=#16120D] - Text colour outside the badge.
 * @cssprop [--billink-focus-color=#16120D] - Colour of the focus ring.
 */
export class BillinkCheckout extends LitElement {
  static override styles = [brandTokens, checkoutStyles];

  /** Base URL of the shop's Billink proxy; the element calls `{proxy-url}/check`, `/orders`, … */
  @property({ attribute: 'proxy-url' }) proxyUrl = '/billink';

  /** The shop's reference for the order; the proxy resolves the authoritative amount from it. */
  @property({ attribute: 'order-ref' }) orderRef?: string;

  /** Amount shown to the shopper, a decimal in major units (`49.95`). Display only: the proxy decides what is charged. */
  @property() amount?: string;

  /** ISO 4217 currency of `amount`. */
  @property() currency = 'EUR';

  /** Language: `nl` or `en`; regional tags fold. Unset: nearest `lang`, then the browser's languages, then Dutch. */
  @property({ reflect: true }) locale?: string;

  /** Which of Billink's allowed badge texts to show: `default`, `alternate` or `short`. */
  @property({ attribute: 'text-variant' }) textVariant: TextVariant = 'default';

  /** Badge colours: `orange` (default), `white` or `black`. */
  @property() badge: BadgeStyle = 'orange';

  private readonly i18n = new LocaleController(this);

  override connectedCallback(): void {
    // The checkout renders a badge; registering it here (not at import) keeps imports side-effect free.
    defineElement('billink-badge', BillinkBadge);
    super.connectedCallback();
  }

  /** The amount in integer cents, or undefined when `amount` is missing or not a decimal amount. */
  get amountCents(): number | undefined {
    return this.amount == null ? undefined : decimalToCents(this.amount);
  }

  protected override render() {
    const { t, locale } = this.i18n;
    const cents = this.amountCents;
    const currency = CURRENCY.test(this.currency) ? this.currency : 'EUR';
    return html`<div class="checkout">
      <billink-badge
        locale=${locale}
        text-variant=${this.textVariant}
        badge=${this.badge}
        exportparts="badge, logo, text"
      ></billink-badge>
      ${
        cents === undefined
          ? nothing
          : html`<p class="amount" part="amount">
              ${t('checkout.amountLabel')}:
              <span class="amount-value">${formatMoney(cents, currency, locale)}</span>
            </p>`
      }
      <p class="notice" part="notice">
        ${t('checkout.ageNotice')}
        <a href=${t('checkout.termsUrl')} target="_blank" rel="noopener noreferrer"
          >${t('checkout.termsLink')}<span class="visually-hidden">
            ${t('checkout.opensInNewWindow')}</span
          ></a
        >
      </p>
      <div class="status" part="status" role="status" aria-live="polite"></div>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'billink-checkout': BillinkCheckout;
  }
}
