/**
 * What `<billink-checkout>` shows once the payment runs: the message for each state, the direct
 * form, the confirmation and the buttons. Pure functions of a {@link FlowView}, one per concern,
 * loaded with the flow after the pay button (the element itself renders only the idle state).
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { TFunction } from 'i18next';
import type { FlowSnapshot } from '../../flow/machine.js';
import { declineKey, errorKey, fieldCode, fieldKey } from '../../flow/messages.js';
import { BUSY, ENDED } from '../../flow/states.js';
import type { CustomerData, FlowError } from '../../flow/types.js';
import { customerForm, readForm } from './customer-form.js';

/** What the shopper can do; the element turns each into a flow event. */
export interface FlowHandlers {
  submit(data: CustomerData): void;
  /** The form changed: keep the draft (`retype` when private/business switched). */
  input(data: CustomerData, retype: boolean): void;
  /** Try again with what the form holds now (if there is one). */
  retry(data: CustomerData | undefined): void;
  payNew(): void;
  resume(): void;
  other(): void;
  reopen(): void;
}

export interface FlowView {
  t: TFunction;
  snapshot: FlowSnapshot;
  /** The proxy's error message is in the language on screen (else our text for its code). */
  sameLocale: boolean;
  /** Until when (epoch ms) the proxy asked to wait (`Retry-After`). */
  waitUntil: number;
  /** The terms checkbox: `false` once the shopper tried to pay without it. */
  accepted: boolean | undefined;
  direct: boolean;
  popup: boolean;
  /** What the form shows: the shopper's draft, the attempt's data or the shop's prefill. */
  formData: CustomerData;
  /** The amount Billink charges, formatted. */
  amountText: string;
  paymentTermDays: number;
  on: FlowHandlers;
}

/** The shop's total changed under the order (its reason, or the proxy's error code). */
function amountChanged({ snapshot: { order, error } }: FlowView): boolean {
  return (
    order?.reason === 'amount_changed' ||
    (!!error && errorKey(error.code) === 'flow.error.amountChanged')
  );
}

function waitMessage({ t, waitUntil }: FlowView): string {
  const left = Math.ceil((waitUntil - Date.now()) / 1000);
  if (left <= 0) return t('flow.error.again');
  return left < 120
    ? t('flow.error.wait', { count: left })
    : t('flow.error.waitMinutes', { count: Math.ceil(left / 60) });
}

function errorMessage(v: FlowView, error: FlowError): string {
  const { t } = v;
  if (error.retryAfter) return waitMessage(v);
  // The proxy's message is in the language it was asked in: after a switch our own text for the
  // code takes over (the code is kept, not the text).
  if (v.sameLocale && error.message) return error.message;
  // A field the shopper cannot see here (session mode): our text for what is wrong with it.
  return error.field
    ? t(fieldKey(fieldCode(error)), { defaultValue: t(errorKey(error.code)) })
    : t(errorKey(error.code));
}

/**
 * The one text for what is happening now: shown in the message and said by the live region, so
 * a screen reader never hears something else than the screen shows.
 */
export function flowMessage(v: FlowView): string {
  const { t, snapshot } = v;
  const { state, order, check, error } = snapshot;
  if (state === 'idle' || state === 'collecting') {
    if (v.accepted === false) return t('checkout.acceptRequired');
    return snapshot.issues?.length ? t('flow.form.invalid') : '';
  }
  if (state === 'declined') return t(declineKey(check?.reason ?? order?.reason));
  // Our own text: it names the remedy the button next to it offers ("pay the new amount").
  if (state !== 'approved' && amountChanged(v)) return t('flow.error.amountChanged');
  if (state === 'error' && error) return errorMessage(v, error);
  return t(`flow.status.${state}`);
}

/** Direct mode's form: while collecting, while its check runs, and after a failed check. */
export function renderForm(v: FlowView): TemplateResult | typeof nothing {
  const { t, snapshot } = v;
  const { state, order, retry, error, issues } = snapshot;
  const busy = BUSY.has(state);
  const shown =
    state === 'collecting' ||
    (busy && !order) ||
    (state === 'error' && retry?.state === 'checking');
  if (!v.direct || !shown) return nothing;
  const form = (event: Event) => (event.target as Element).closest('form')!;
  return customerForm({
    t,
    data: v.formData,
    issues: issues ?? [],
    proxyIssue:
      v.sameLocale && error?.field && error.message
        ? { field: error.field.replace(/^customer\./, ''), message: error.message }
        : undefined,
    busy,
    onSubmit: (event) => {
      event.preventDefault();
      v.on.submit(readForm(event.target as HTMLFormElement));
    },
    onTypeChange: (event) => v.on.input(readForm(form(event)), true),
    onInput: (event) => v.on.input(readForm(form(event)), false),
  });
}

const button = (v: FlowView, key: string, onClick: (event: Event) => void, cls = 'secondary') =>
  html`<button type="button" part="button" class=${cls} @click=${onClick}>${v.t(key)}</button>`;

function renderDone({ t, snapshot: { order }, amountText, paymentTermDays }: FlowView) {
  return html`${order?.orderNumber ? html`<p>${t('flow.done.orderNumber', { number: order.orderNumber })}</p>` : nothing}
    <p>${t('flow.done.payLater', { amount: amountText, days: paymentTermDays })}</p>`;
}

/**
 * May the shopper try again? Not while the proxy asked to wait, not for an approved order (never
 * paid twice) and not after a decline (Billink would decline again).
 */
function retryable(v: FlowView): boolean {
  const { state, error } = v.snapshot;
  return (
    ENDED.has(state) &&
    state !== 'declined' &&
    !amountChanged(v) &&
    error?.code !== 'order_already_approved' &&
    Date.now() >= v.waitUntil
  );
}

/** The retry button's data: what the form on screen holds now, not what it held when it failed. */
function formOf(event: Event): CustomerData | undefined {
  const root = (event.target as Element).getRootNode() as ParentNode;
  const form = root.querySelector('form');
  return form ? readForm(form) : undefined;
}

function renderActions(v: FlowView) {
  const { state, order } = v.snapshot;
  const { on } = v;
  const ended = ENDED.has(state);
  return html`<div class="actions">
    ${state === 'incomplete' && order?.redirectUrl ? button(v, 'ui.resume', on.resume, '') : nothing}
    ${amountChanged(v) ? button(v, 'ui.payNew', on.payNew, '') : nothing}
    ${
      retryable(v)
        ? button(
            v,
            'ui.retry',
            (event) => on.retry(formOf(event)),
            state === 'incomplete' ? 'secondary' : '',
          )
        : nothing
    }
    ${!ended && v.popup && order?.redirectUrl ? button(v, 'ui.reopen', on.reopen) : nothing}
    ${button(v, 'ui.other', on.other)}
  </div>`;
}

/** Below the message: the confirmation once approved, else what the shopper can do next. */
export function renderOutcome(v: FlowView): TemplateResult | typeof nothing {
  const { state } = v.snapshot;
  if (state === 'approved') return renderDone(v);
  if (state === 'idle' || state === 'collecting' || BUSY.has(state)) return nothing;
  return renderActions(v);
}
