import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { defineElement } from '../../define.js';
import { loadDraft, saveDraft } from '../../flow/persistence.js';
import { BUSY, ENDED, isBusy } from '../../flow/states.js';
import type { CustomerData, FlowError, FlowEventDetails, FlowState } from '../../flow/types.js';
import { formatMoney } from '../../i18n/format.js';
import { LocaleController } from '../../i18n/locale-controller.js';
import { decimalToCents } from '../../shared/money.js';
import { BillinkBadge, type BadgeStyle, type TextVariant } from '../billink-badge/billink-badge.js';
import { brandTokens } from '../shared/tokens.styles.js';
import { checkoutStyles } from './billink-checkout.styles.js';
import type { Availability } from '../../flow/proxy-client.js';
import { FlowController, POPUP_NAME } from './flow-controller.js';
import type { FlowHandlers, FlowView } from './flow-views.js';

const CURRENCY = /^[A-Z]{3}$/;
export interface ComplianceWarningDetail {
  /** What hides the mandated text. */
  reason: 'hidden';
}

/**
 * Billink's "pay later" payment method for a shop's checkout: the Billink badge with its mandated
 * text, the order amount, Billink's 18+ notice and terms, and the payment itself — credit check,
 * Billink's hosted page or the direct form, and the status until final. Talks only to the shop's
 * proxy (`proxy-url`), never to Billink. Inside a `<form>` it is a form control: invalid until
 * Billink approved, then its value (under `name`) is the order id.
 *
 * @tagname billink-checkout
 * @summary Billink checkout: badge, amount and pay-later payment flow.
 *
 * @attr {string} state - Read-only, set by the element: the payment's state (`idle`, `checking`, …, `approved`).
 * @attr {boolean} busy - Read-only, set by the element while Billink works on the payment (checking, creating the order, Billink's page open, confirming): lock the cart then, so the amount Billink charges stays the amount shown.
 *
 * @fires {CustomEvent<{ state: string; previous: string; busy: boolean }>} billink-state-change - On every state change; `busy` as the `busy` attribute.
 * @fires {CustomEvent<{ orderId: string }>} billink-approved - Billink accepted the order (the shopper pays Billink later).
 * @fires {CustomEvent<{ reason?: string }>} billink-declined - Billink declined pay-later for this order.
 * @fires {CustomEvent<{ code: string; message?: string; field?: string; retryable: boolean }>} billink-error - A request failed; `field` names the proxy's field (`billingAddress.houseNumber`) so a shop can mark its own input.
 * @fires {CustomEvent<{}>} billink-choose-other - The shopper asked for another payment method.
 * @fires {CustomEvent<{ available: boolean; reason?: string }>} billink-availability - The proxy said whether Billink is offered for this order (amount, country, customer type), so a shop can hide its own label for it too.
 * @fires {CustomEvent<{ reason: string }>} billink-compliance-warning - A theme hides Billink's mandated text.
 *
 * @csspart badge - The Billink badge container (forwarded from `<billink-badge>`).
 * @csspart logo - The Billink logo (forwarded).
 * @csspart text - The mandated text (forwarded). Style it freely, but keep it visible.
 * @csspart amount - The order amount line.
 * @csspart notice - Billink's 18+ notice with the terms link.
 * @csspart button - The buttons (pay, continue, retry, other method).
 * @csspart form - The direct-mode form.
 * @csspart field - One form field (label, input, error).
 * @csspart error - An error message.
 * @csspart status - The live region that announces the payment's progress (the visible message's text).
 * @csspart message - The visible status, confirmation or error message.
 * @csspart terms - The terms checkbox (`require-terms`).
 *
 * @cssprop [--billink-text-color=#16120D] - Text colour outside the badge.
 * @cssprop [--billink-focus-color=#16120D] - Colour of the focus ring.
 * @cssprop [--billink-button-background=#FF8D29] - Background of the main button.
 * @cssprop [--billink-button-color=#16120D] - Text colour of the main button.
 * @cssprop [--billink-error-color=#B3261E] - Colour of error messages and invalid fields.
 * @cssprop [--billink-radius=0.5rem] - Corner radius of buttons and fields.
 */
export class BillinkCheckout extends LitElement {
  static override styles = [brandTokens, checkoutStyles];
  /** @internal */
  static formAssociated = true;
  // Plain `static properties` rather than decorators: the same reactive properties, fewer bytes.
  static override properties = {
    proxyUrl: { attribute: 'proxy-url' },
    orderRef: { attribute: 'order-ref' },
    orderToken: { attribute: 'order-token' },
    paymentTermDays: { attribute: 'payment-term-days', type: Number },
    requireTerms: { attribute: 'require-terms', type: Boolean },
    amount: {},
    currency: {},
    locale: { reflect: true },
    mode: {},
    open: {},
    textVariant: { attribute: 'text-variant' },
    badge: {},
    logoSrc: { attribute: 'logo-src' },
    name: { reflect: true },
    manual: { type: Boolean, reflect: true },
    whenUnavailable: { attribute: 'when-unavailable', reflect: true },
    offer: { state: true, attribute: false },
    customer: { attribute: false },
    draft: { state: true, attribute: false },
    accepted: { state: true, attribute: false },
  };

  /** Base URL of the shop's Billink proxy; the element calls `{proxy-url}/check`, `/orders`, … */
  proxyUrl = '/billink';

  /** The shop's reference for the order; the proxy resolves the authoritative amount from it. */
  orderRef?: string;

  /** The shop's signed order token, sent with the check and the order when the proxy requires one (`ORDER_REF_SECRET`). */
  orderToken?: string;

  /** Days the shopper has to pay Billink's invoice, as the shop's Billink contract says; shown on the confirmation. */
  paymentTermDays = 14;

  /** Ask the shopper to accept Billink's terms with a checkbox before paying (off by default). */
  requireTerms = false;

  /** Amount shown to the shopper, a decimal in major units (`49.95`). Display only: the proxy decides what is charged. Changing it after a check checks again. */
  amount?: string;

  /** ISO 4217 currency of `amount`. */
  currency = 'EUR';

  /** Language: `nl` or `en`; regional tags fold. Unset: nearest `lang`, then the browser's languages, then Dutch. */
  locale?: string;

  /** `session`: Billink's hosted page collects what is missing. `direct`: the element's own form and Billink's check. */
  mode: 'session' | 'direct' = 'session';

  /** How Billink's hosted page opens: `redirect` (default) or `popup` (falls back to redirect when blocked). */
  open: 'redirect' | 'popup' = 'redirect';

  /** Which of Billink's allowed badge texts to show: `default`, `alternate` or `short`. */
  textVariant: TextVariant = 'default';

  /** Badge colours: `orange` (default), `white` or `black`. */
  badge: BadgeStyle = 'orange';

  /** URL of the Billink logo for the badge (default: Billink's CDN); `builtin` uses the built-in wordmark without any request. */
  logoSrc?: string;

  /** Form field name: inside a `<form>`, the approved order id is submitted under it. */
  name?: string;

  /** No own pay button: the shop starts the payment with `start()`. */
  manual = false;

  /**
   * When the proxy says Billink is not offered for this order (outside the shop's amounts or
   * countries, or a fee Billink forbids): `explain` (default) says so calmly instead of a pay
   * button; `hide` hides the element (the `unavailable` attribute is set either way).
   */
  whenUnavailable: 'hide' | 'explain' = 'explain';

  /** @internal The proxy's last availability answer for the current order and shopper. */
  private offer?: Availability | undefined;

  /** Prefill from the shop's checkout form (so nobody types twice): the proxy contract's Customer plus optional `billingAddress` and `shippingAddress`. */
  customer?: CustomerData;

  /** @internal The shopper's direct-form input while they switch private/business. */
  private draft?: CustomerData | undefined;

  /** @internal The terms checkbox: `undefined` until the shopper tried to pay without it. */
  private accepted?: boolean;

  readonly #i18n = new LocaleController(this);
  readonly #flow = new FlowController(this);
  readonly #internals = this.attachInternals();
  #warnedCompliance = false;

  constructor() {
    super();
    // The shopper heads for the pay button: fetch the flow's code now, so the click finds it.
    const prefetch = () => this.#flow.prefetch();
    this.addEventListener('pointerover', prefetch, { once: true });
    this.addEventListener('focusin', prefetch, { once: true });
  }

  override connectedCallback(): void {
    // The checkout renders a badge; registering it here (not at import) keeps imports side-effect free.
    defineElement('billink-badge', BillinkBadge);
    super.connectedCallback();
  }

  /** Also waits for the flow's code when it is loading, and for the render that follows it. */
  protected override async getUpdateComplete(): Promise<boolean> {
    let done = await super.getUpdateComplete();
    while (this.#flow.pending) {
      await this.#flow.pending;
      done = await super.getUpdateComplete();
    }
    return done;
  }

  /** The payment's current state (`idle`, `checking`, …, `approved`). */
  get state(): FlowState {
    return this.#flow.snapshot.state;
  }

  /** The amount in integer cents, or undefined when `amount` is missing or not a decimal amount. */
  get amountCents(): number | undefined {
    return this.amount == null ? undefined : decimalToCents(this.amount);
  }

  /** The language in use (`nl` or `en`). */
  get resolvedLocale(): string {
    return this.#i18n.locale;
  }

  /** The form it belongs to (form-associated). */
  get form(): HTMLFormElement | null {
    return this.#internals.form;
  }

  /** Invalid (`customError`) until Billink approved. */
  get validity(): ValidityState {
    return this.#internals.validity;
  }

  get validationMessage(): string {
    return this.#internals.validationMessage;
  }

  get willValidate(): boolean {
    return this.#internals.willValidate;
  }

  /** True once Billink approved; like an input's `checkValidity()`. */
  checkValidity(): boolean {
    return this.#internals.checkValidity();
  }

  /** Like an input's `reportValidity()`: shows the localized message when not approved yet. */
  reportValidity(): boolean {
    return this.#internals.reportValidity();
  }

  /** Starts the payment (what the pay button does; for `manual`). With `require-terms`, only once the terms are accepted. */
  start(): void {
    if (this.#unavailable || this.#termsMissing()) return;
    this.#flow.dispatch({ type: 'START' });
  }

  /** With `require-terms` and the box unticked: mark it, focus it, and say so. */
  #termsMissing(): boolean {
    if (!this.requireTerms || this.accepted) return false;
    this.accepted = false;
    void this.updateComplete.then(() =>
      this.renderRoot.querySelector<HTMLElement>('#terms')?.focus(),
    );
    return true;
  }

  /** Back to the start, e.g. when the shopper picks Billink again; keeps an approved payment. */
  reset(): void {
    this.draft = undefined;
    this.#flow.dispatch({ type: 'RESET' });
  }

  /**
   * How the element leaves the page for Billink's hosted page (redirect mode). Override it to go
   * through a framework's router, or in tests.
   */
  navigate(url: string): void {
    location.assign(url);
  }

  /** @internal Moves focus to the first invalid field or the error message. */
  focusFirstError(): void {
    void this.updateComplete.then(() =>
      this.renderRoot
        .querySelector<HTMLElement>('[aria-invalid="true"], .message[tabindex]')
        ?.focus(),
    );
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // Whether focus is inside before this render may remove or disable what holds it.
    this.#hadFocus = !!this.shadowRoot?.activeElement;
    const { error } = this.#flow.snapshot;
    if (error !== this.#error) {
      this.#error = error;
      const wait = (error?.retryAfter ?? 0) * 1000;
      this.#waitUntil = Date.now() + wait;
      // Offer "try again" again once the wait is over.
      if (wait) setTimeout(() => this.requestUpdate(), wait);
    }
    // Direct mode shows the form at once on START: its code comes now (it is not budgeted as idle).
    if (changed.has('mode') && this.mode === 'direct') this.#flow.prefetch();
    if (changed.has('orderRef')) {
      if (this.orderRef && this.mode === 'direct')
        this.draft = loadDraft(this.orderRef) ?? this.draft;
      // Another order: whatever happened to the previous one (even an approval) is not this one's.
      if (changed.get('orderRef') !== undefined) this.#flow.dispatch({ type: 'ORDER_CHANGED' });
      this.#flow.resume();
    }
    if (changed.has('amount') && changed.get('amount') !== undefined) {
      this.#flow.dispatch({ type: 'AMOUNT_CHANGED' });
    }
  }

  #offerKey = '';
  /** Asks the proxy once per order, amount, shopper type, country and language (after a render). */
  #askAvailability(): void {
    const { type, billingAddress } = this.customer ?? {};
    const key = [this.orderRef, this.orderToken, this.amount, type, billingAddress?.countryCode]
      .concat(this.#i18n.locale)
      .join('|');
    if (!this.orderRef || key === this.#offerKey) return;
    this.#offerKey = key;
    void this.#flow.availability().then((offer) => {
      if (key !== this.#offerKey) return; // a newer question is on its way
      this.offer = offer;
      this.toggleAttribute('unavailable', offer?.available === false);
      if (offer)
        this.dispatchEvent(
          new CustomEvent('billink-availability', {
            detail: {
              available: offer.available,
              ...(offer.reason ? { reason: offer.reason } : {}),
            },
            bubbles: true,
            composed: true,
          }),
        );
    });
  }

  /** Not offered (and nothing under way): no pay button, the proxy's calm explanation instead. */
  get #unavailable(): boolean {
    return this.offer?.available === false && this.#flow.snapshot.state === 'idle';
  }

  #shownState: FlowState = 'idle';
  /** The language the current error message was requested in. */
  #errorLocale = '';
  #hadFocus = false;
  #error?: FlowError | undefined;
  /** Until when (epoch ms) the proxy asked us to wait (`Retry-After`). */
  #waitUntil = 0;

  protected override updated(): void {
    this.#askAvailability(); // here, not in willUpdate: the locale is resolved by now
    const { snapshot } = this.#flow;
    const { state, order } = snapshot;
    this.setAttribute('state', state);
    this.toggleAttribute('busy', isBusy(state));
    if (state !== this.#shownState) {
      this.#shownState = state;
      this.#errorLocale = this.#i18n.locale;
      // Once Billink has the data, the typed draft is no longer needed.
      if (order && this.orderRef) saveDraft(this.orderRef, undefined);
      // A failure or decline takes focus, so keyboard and screen-reader users land on what to do
      // next; otherwise focus that was inside stays inside (never dropped to <body>).
      if (ENDED.has(state)) this.focusFirstError();
      else if (this.#hadFocus && state !== 'collecting' && state !== 'idle')
        this.renderRoot.querySelector<HTMLElement>('.message')?.focus();
    }
    const approved = snapshot.state === 'approved' ? snapshot.order?.orderId : undefined;
    this.#internals.setFormValue(approved ?? null);
    if (approved) this.#internals.setValidity({});
    else
      this.#internals.setValidity(
        { customError: true },
        this.#i18n.t('ui.required'),
        this.renderRoot.querySelector<HTMLElement>('button') ?? undefined,
      );
    requestAnimationFrame(() => this.#checkCompliance());
  }

  /**
   * Billink's text must stay visible: if a theme hides it while the checkout shows, warn once in
   * the console and tell the shop with an event.
   */
  #checkCompliance(): void {
    const badge = this.renderRoot.querySelector('billink-badge');
    const text = badge?.shadowRoot?.querySelector<HTMLElement>('[part~="text"]');
    if (!text || this.#warnedCompliance || !this.checkVisibility()) return;
    const box = text.getBoundingClientRect();
    const visible =
      box.width > 0 &&
      box.height > 0 &&
      text.checkVisibility({ opacityProperty: true, visibilityProperty: true });
    if (visible) return;
    this.#warnedCompliance = true;
    console.warn('billink-checkout: Billink requires its text to stay visible');
    this.dispatchEvent(
      new CustomEvent<ComplianceWarningDetail>('billink-compliance-warning', {
        detail: { reason: 'hidden' },
        bubbles: true,
        composed: true,
      }),
    );
  }

  /** What the shopper does in the flow's views, as flow events. */
  readonly #handlers: FlowHandlers = {
    submit: (data) => {
      this.draft = data;
      if (!this.#termsMissing()) this.#flow.dispatch({ type: 'SUBMIT', data });
    },
    input: (data, retype) => {
      if (retype) this.draft = data;
      else if (this.orderRef) saveDraft(this.orderRef, data);
    },
    retry: (data) => {
      const { snapshot } = this.#flow;
      if (snapshot.state === 'error' && snapshot.error?.retryable)
        this.#flow.dispatch({ type: 'RETRY', ...(data ? { data } : {}) });
      else this.#handlers.payNew();
    },
    /** A new attempt (the proxy replaces an abandoned session). */
    payNew: () => {
      this.#flow.dispatch({ type: 'RESET' });
      this.start();
    },
    resume: () => this.#flow.dispatch({ type: 'CONTINUE' }),
    other: () => {
      this.#flow.dispatch({ type: 'RESET' });
      this.dispatchEvent(
        new CustomEvent('billink-choose-other', { detail: {}, bubbles: true, composed: true }),
      );
    },
    reopen: () => {
      const url = this.#flow.snapshot.order?.redirectUrl;
      if (url) window.open(url, POPUP_NAME)?.focus();
    },
  };

  /** What the flow's views render from (they load with the flow, see flow-views.ts). */
  #view(): FlowView {
    const { t, locale } = this.#i18n;
    const { snapshot } = this.#flow;
    return {
      t,
      snapshot,
      sameLocale: this.#errorLocale === locale,
      waitUntil: this.#waitUntil,
      accepted: this.accepted,
      direct: this.mode === 'direct',
      popup: this.open === 'popup',
      formData: this.draft ?? snapshot.data ?? this.customer ?? {},
      amountText: this.#amountText() ?? '',
      paymentTermDays: this.paymentTermDays,
      on: this.#handlers,
    };
  }

  /**
   * The one text for what is happening now: shown in the message and said by the live region, so
   * a screen reader never hears something else than the screen shows.
   */
  #message(view: FlowView | undefined): string {
    const { t } = this.#i18n;
    if (this.#unavailable) return this.offer!.message;
    if (this.accepted === false && this.state === 'idle') return t('checkout.acceptRequired');
    if (view) return this.#flow.runtime!.flowMessage(view);
    const load = this.#flow.runtimeState;
    return load === 'loading'
      ? t('checkout.loading')
      : load === 'failed'
        ? t('checkout.loadFailed')
        : '';
  }

  /** Idle: the terms box and the pay button (busy while the flow's code loads, never removed). */
  #renderStart() {
    const { t } = this.#i18n;
    const { state } = this.#flow.snapshot;
    const load = this.#flow.runtimeState;
    const terms =
      this.requireTerms && !this.#unavailable && (state === 'idle' || state === 'collecting')
        ? html`<label class="terms" part="terms"
            ><input
              id="terms"
              type="checkbox"
              .checked=${!!this.accepted}
              aria-invalid=${this.accepted === false}
              aria-describedby=${this.accepted === false ? 'msg' : nothing}
              @change=${(e: Event) => (this.accepted = (e.target as HTMLInputElement).checked)}
            />${t('checkout.accept')}</label
          >`
        : nothing;
    if (state !== 'idle' || this.manual || this.#unavailable) return terms;
    // One button throughout, so focus stays on it: busy (aria-disabled, not disabled) while the
    // flow's code loads, "try again" when that failed.
    const failed = load === 'failed';
    const loadingNow = load === 'loading';
    return html`${terms}<button
        type="button"
        part="button"
        class="pay"
        aria-disabled=${loadingNow ? 'true' : nothing}
        aria-busy=${loadingNow ? 'true' : nothing}
        @click=${() => (failed ? this.#flow.retryLoad() : loadingNow ? undefined : this.start())}
      >
        ${t(failed ? 'ui.retry' : 'ui.pay')}
      </button>`;
  }

  #renderMessage(text: string) {
    if (!text) return nothing;
    const { state } = this.#flow.snapshot;
    const ended = ENDED.has(state);
    const failed = this.#flow.runtimeState === 'failed' && state === 'idle';
    const error =
      (ended && state !== 'declined' && state !== 'incomplete') ||
      this.accepted === false ||
      failed;
    const spin = BUSY.has(state) || this.#flow.runtimeState === 'loading';
    return html`<p
      id="msg"
      class="message ${error ? 'error' : ''}"
      part="message ${ended || failed ? 'error' : ''}"
      tabindex="-1"
    >
      ${spin ? html`<span class="spin" aria-hidden="true"></span>` : nothing}${text}
    </p>`;
  }

  /** The amount Billink charges once the proxy said it (order, then check), else the shop's. */
  #amountText(): string | undefined {
    const { order, check } = this.#flow.snapshot;
    const known = order?.amountCents !== undefined ? order : check;
    const cents = known?.amountCents ?? this.amountCents;
    const currency = known?.currency ?? (CURRENCY.test(this.currency) ? this.currency : 'EUR');
    return cents === undefined ? undefined : formatMoney(cents, currency, this.#i18n.locale);
  }

  protected override render() {
    const { t, locale } = this.#i18n;
    const { order, check } = this.#flow.snapshot;
    const amount = this.#amountText();
    // The proxy's amount differs from the one the shop showed: say so, next to the amount.
    const proxyCents = order?.amountCents ?? check?.amountCents;
    const changed =
      proxyCents !== undefined && this.amountCents !== undefined && proxyCents !== this.amountCents
        ? t('checkout.amountChanged', { amount })
        : '';
    const view = this.#flow.runtime && this.state !== 'idle' ? this.#view() : undefined;
    const text = this.#message(view);
    return html`<div class="checkout">
      <billink-badge
        locale=${locale}
        text-variant=${this.textVariant}
        badge=${this.badge}
        logo-src=${this.logoSrc ?? nothing}
        exportparts="badge, logo, text"
      ></billink-badge>
      ${
        amount === undefined
          ? nothing
          : html`<p class="amount" part="amount">
              ${t('checkout.amountLabel')}:
              <span class="amount-value">${amount}</span>
              ${changed ? html`<span class="changed">${changed}</span>` : nothing}
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
      ${this.#renderStart()}${view ? this.#flow.runtime!.renderForm(view) : nothing}
      ${this.#renderMessage(text)}${view ? this.#flow.runtime!.renderOutcome(view) : nothing}
      <div class="visually-hidden" part="status" role="status" aria-live="polite">
        ${[changed, text].filter(Boolean).join(' ')}
      </div>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'billink-checkout': BillinkCheckout;
  }
  interface HTMLElementEventMap {
    'billink-state-change': CustomEvent<FlowEventDetails['billink-state-change']>;
    'billink-approved': CustomEvent<FlowEventDetails['billink-approved']>;
    'billink-declined': CustomEvent<FlowEventDetails['billink-declined']>;
    'billink-error': CustomEvent<FlowEventDetails['billink-error']>;
    'billink-choose-other': CustomEvent<Record<string, never>>;
    'billink-compliance-warning': CustomEvent<ComplianceWarningDetail>;
    'billink-availability': CustomEvent<{ available: boolean; reason?: string }>;
  }
}
