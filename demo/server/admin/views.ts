/**
 * The back office's pages as plain HTML (hono/html escapes every value): no script, no inline
 * style, forms that POST and redirect. After each action the page's message or the field to fix
 * has `autofocus`, so keyboard and screen-reader users land on what happened.
 */
import { html } from 'hono/html';
import { centsToDecimal } from '../../../src/shared/money.js';
import type { InvoiceItem, MerchantOrder, OrderSummary } from './merchant.js';
import type { Flash } from './session.js';
import { dateTime, label, money, text, type AdminLang, type TextKey } from './texts.js';

type Html = ReturnType<typeof html>;

export interface View {
  lang: AdminLang;
  /** The current URL (path + query), for the language links. */
  url: URL;
  flash?: Flash | undefined;
  loggedIn: boolean;
}

const t = (v: View, key: TextKey) => text(v.lang, key);

function langLink(v: View, lang: AdminLang, name: string): Html {
  const target = new URL(v.url);
  target.searchParams.set('lang', lang);
  return html`<a
    href="${target.pathname}${target.search}"
    lang="${lang}"
    hreflang="${lang}"
    ${v.lang === lang ? html`aria-current="true"` : ''}
    >${name}</a
  >`;
}

export function page(v: View, title: string, current: 'orders' | 'invoices' | '', body: Html) {
  const nav = (href: string, key: TextKey, name: typeof current) =>
    html`<a href="${href}" ${current === name ? html`aria-current="page"` : ''}>${t(v, key)}</a>`;
  return html`<!doctype html>
    <html lang="${v.lang}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="description" content="${t(v, 'description')}" />
        <title>${title} – ${t(v, 'title')} – Billink demo</title>
        <link rel="icon" href="/favicon.svg" />
        <link rel="stylesheet" href="/admin.css" />
      </head>
      <body>
        <header class="top">
          <a class="brand" href="/admin">Billink demo · ${t(v, 'title')}</a>
          ${
            v.loggedIn
              ? html`<nav aria-label="${t(v, 'nav')}">
                  ${nav('/admin', 'orders', 'orders')}
                  ${nav('/admin/invoices', 'reconciliation', 'invoices')}
                  <a href="/">${t(v, 'shop')}</a>
                </nav>`
              : ''
          }
          <p class="langs">
            <span class="visually-hidden">${t(v, 'language')}:</span>
            ${langLink(v, 'nl', 'Nederlands')} ${langLink(v, 'en', 'English')}
          </p>
          ${
            v.loggedIn
              ? html`<form method="post" action="/admin/logout">
                  <button type="submit">${t(v, 'logout')}</button>
                </form>`
              : ''
          }
        </header>
        <main>${flashMessage(v)} ${body}</main>
      </body>
    </html>`;
}

/** The message after a redirect; focused unless the error names a field (which then is). */
function flashMessage(v: View): Html | '' {
  const f = v.flash;
  if (!f) return '';
  const focusHere = f.kind === 'ok' || !f.field;
  return html`<p
    id="flash"
    class="flash ${f.kind}"
    role="${f.kind === 'ok' ? 'status' : 'alert'}"
    ${focusHere ? html`tabindex="-1" autofocus` : ''}
  >
    ${f.text}
  </p>`;
}

interface FieldOptions {
  type?: 'text' | 'number' | 'password' | 'date';
  value?: string;
  required?: boolean;
  inputmode?: 'decimal' | 'numeric';
  min?: string;
  max?: string;
  multiline?: boolean;
  autocomplete?: string;
  maxlength?: number;
}

/** A labelled input that, when the last error was about it, is invalid, described and focused. */
function field(v: View, id: string, name: string, labelText: string, o: FieldOptions = {}) {
  const invalid = v.flash?.kind === 'error' && v.flash.field === id;
  const value = (v.flash?.kind === 'error' ? v.flash.values?.[id] : undefined) ?? o.value;
  const common = html`id="${id}" name="${name}" ${o.required ? 'required' : ''}
  ${o.maxlength ? html`maxlength="${o.maxlength}"` : ''}
  ${invalid ? html`aria-invalid="true" aria-describedby="flash" autofocus` : ''}`;
  return html`<p class="field">
    <label for="${id}">${labelText}</label>
    ${
      o.multiline
        ? html`<textarea ${common} rows="3">${value ?? ''}</textarea>`
        : html`<input
            ${common}
            type="${o.type ?? 'text'}"
            ${value !== undefined ? html`value="${value}"` : ''}
            ${o.inputmode ? html`inputmode="${o.inputmode}"` : ''}
            ${o.min ? html`min="${o.min}"` : ''}
            ${o.max ? html`max="${o.max}"` : ''}
            autocomplete="${o.autocomplete ?? 'off'}"
          />`
    }
  </p>`;
}

export function loginPage(v: View) {
  return page(
    v,
    t(v, 'login'),
    '',
    html`<section class="panel narrow" aria-labelledby="login-title">
      <h1 id="login-title">${t(v, 'loginTitle')}</h1>
      <p>${t(v, 'loginHint')}</p>
      <form method="post" action="/admin/login">
        ${field(v, 'password', 'password', t(v, 'password'), {
          type: 'password',
          required: true,
          autocomplete: 'current-password',
        })}
        <button type="submit">${t(v, 'login')}</button>
      </form>
    </section>`,
  );
}

const yesNo = (v: View, value: boolean) => t(v, value ? 'yes' : 'no');
const orderHref = (o: { orderRef: string }) => `/admin/orders/${encodeURIComponent(o.orderRef)}`;

export function ordersPage(v: View, orders: readonly OrderSummary[]) {
  const m = (cents: number) => money(v.lang, cents);
  return page(
    v,
    t(v, 'orders'),
    'orders',
    html`<h1>${t(v, 'orders')}</h1>
      ${
        orders.length === 0
          ? html`<p>${t(v, 'noOrders')}</p>`
          : html`<div
              class="table-wrap"
              role="region"
              aria-labelledby="orders-caption"
              tabindex="0"
            >
              <table class="orders">
                <caption id="orders-caption">
                  ${t(v, 'ordersTable')}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">${t(v, 'order')}</th>
                    <th scope="col">${t(v, 'placed')}</th>
                    <th scope="col" class="num">${t(v, 'amount')}</th>
                    <th scope="col">${t(v, 'checkout')}</th>
                    <th scope="col">${t(v, 'shipped')}</th>
                    <th scope="col" class="num">${t(v, 'paid')}</th>
                    <th scope="col" class="num">${t(v, 'credited')}</th>
                    <th scope="col">${t(v, 'onHold')}</th>
                    <th scope="col" class="num">${t(v, 'outstanding')}</th>
                  </tr>
                </thead>
                <tbody>
                  ${orders.map(
                    (o) =>
                      html`<tr data-order-ref="${o.orderRef}">
                        <th scope="row"><a href="${orderHref(o)}">${o.orderNumber}</a></th>
                        <td>${dateTime(v.lang, o.createdAt)}</td>
                        <td class="num">${m(o.amountCents)}</td>
                        <td>${label(v.lang, o.status)}</td>
                        <td>${yesNo(v, o.shipped)}</td>
                        <td class="num">${m(o.paidCents)}</td>
                        <td class="num">${m(o.creditedCents)}</td>
                        <td>${yesNo(v, o.onHold)}</td>
                        <td class="num">${m(o.outstandingCents)}</td>
                      </tr>`,
                  )}
                </tbody>
              </table>
            </div>`
      }`,
  );
}

/** A form with one heading, its fields and a submit button; `key` makes a repeat harmless. */
function actionForm(
  v: View,
  o: MerchantOrder,
  action: string,
  heading: TextKey | undefined,
  fields: Html | '',
  button: string,
  key?: string,
) {
  return html`<form method="post" action="${orderHref(o)}/${action}" class="action">
    ${heading ? html`<h3>${t(v, heading)}</h3>` : ''} ${fields}
    ${key ? html`<input type="hidden" name="key" value="${key}" />` : ''}
    <button type="submit">${button}</button>
  </form>`;
}

export function orderPage(
  v: View,
  o: MerchantOrder,
  options: { simulator: boolean; newKey: () => string },
) {
  const m = (cents: number) => money(v.lang, cents);
  const creditable = o.amountCents - o.creditedCents;
  const approved = o.status === 'approved';
  const lastTrack = o.events.findLast((e) => e.trackAndTrace)?.trackAndTrace;
  const summary = html`<dl class="summary">
    <div>
      <dt>${t(v, 'checkout')}</dt>
      <dd>${label(v.lang, o.status)}</dd>
    </div>
    <div>
      <dt>${t(v, 'amount')}</dt>
      <dd>${m(o.amountCents)}</dd>
    </div>
    <div>
      <dt>${t(v, 'shipped')}</dt>
      <dd>${yesNo(v, o.shipped)}${lastTrack ? html` (${lastTrack})` : ''}</dd>
    </div>
    <div>
      <dt>${t(v, 'paid')}</dt>
      <dd>${m(o.paidCents)}</dd>
    </div>
    <div>
      <dt>${t(v, 'credited')}</dt>
      <dd>${m(o.creditedCents)}</dd>
    </div>
    <div>
      <dt>${t(v, 'onHold')}</dt>
      <dd>${yesNo(v, o.onHold)}</dd>
    </div>
    <div>
      <dt>${t(v, 'outstanding')}</dt>
      <dd>${m(o.outstandingCents)}</dd>
    </div>
    ${
      o.invoiceNumber
        ? html`<div>
            <dt>${t(v, 'invoice')}</dt>
            <dd>${o.invoiceNumber}</dd>
          </div>`
        : ''
    }
    <div>
      <dt>${t(v, 'workflow')}</dt>
      <dd>${o.workflowNumber}</dd>
    </div>
  </dl>`;

  const ship = o.shipped
    ? html`<h3>${t(v, 'ship')}</h3>
        <p>${t(v, 'alreadyShipped')}</p>`
    : actionForm(
        v,
        o,
        'ship',
        'ship',
        field(v, 'ship-track', 'trackAndTrace', t(v, 'trackAndTrace'), { maxlength: 100 }),
        t(v, 'shipButton'),
      );
  const refund =
    creditable <= 0
      ? html`<h3>${t(v, 'refund')}</h3>
          <p>${t(v, 'nothingToCredit')}</p>`
      : html`${actionForm(
          v,
          o,
          'credit',
          'refund',
          html`${field(v, 'credit-amount', 'amount', t(v, 'refundAmount'), {
            required: true,
            inputmode: 'decimal',
          })}
          ${field(v, 'credit-description', 'description', t(v, 'refundReason'), {
            required: true,
            value: t(v, 'refundReasonDefault'),
            maxlength: 254,
          })}`,
          t(v, 'refundButton'),
          options.newKey(),
        )}
        ${actionForm(
          v,
          o,
          'credit',
          undefined,
          html`<input type="hidden" name="amount" value="${centsToDecimal(creditable)}" />
            <input type="hidden" name="description" value="${t(v, 'refundReasonDefault')}" />`,
          `${t(v, 'refundAll')} (${m(creditable)})`,
          options.newKey(),
        )}`;
  const hold = o.onHold
    ? actionForm(v, o, 'resume', 'hold', '', t(v, 'resumeButton'))
    : actionForm(
        v,
        o,
        'hold',
        'hold',
        field(v, 'hold-days', 'days', t(v, 'holdDays'), {
          type: 'number',
          min: '1',
          max: '14',
          required: true,
          value: '7',
          inputmode: 'numeric',
        }),
        t(v, 'holdButton'),
      );
  const message = actionForm(
    v,
    o,
    'message',
    'message',
    field(v, 'message-text', 'message', t(v, 'messageText'), {
      multiline: true,
      required: true,
      maxlength: 1000,
    }),
    t(v, 'messageButton'),
    options.newKey(),
  );
  const pays = !options.simulator
    ? ''
    : o.outstandingCents <= 0
      ? html`<h3>${t(v, 'simulator')}</h3>
          <p>${t(v, 'nothingOutstanding')}</p>`
      : actionForm(
          v,
          o,
          'pay',
          'simulator',
          html`<p class="hint">${t(v, 'simulatorHint')}</p>
            ${field(v, 'pay-amount', 'amount', t(v, 'refundAmount'), {
              required: true,
              inputmode: 'decimal',
              value: centsToDecimal(o.outstandingCents),
            })}`,
          t(v, 'payButton'),
          options.newKey(),
        );

  return page(
    v,
    `${t(v, 'order')} ${o.orderNumber}`,
    'orders',
    html`<p><a href="/admin">${t(v, 'backToOrders')}</a></p>
      <h1>${t(v, 'order')} ${o.orderNumber}</h1>
      <div class="columns">
        <section class="panel" aria-labelledby="summary-title">
          <h2 id="summary-title">${t(v, 'summary')}</h2>
          ${summary}
        </section>
        <section class="panel" aria-labelledby="actions-title">
          <h2 id="actions-title">${t(v, 'actions')}</h2>
          ${
            approved
              ? html`${ship} ${refund} ${hold} ${message} ${pays}`
              : html`<p>${t(v, 'notApproved')}</p>`
          }
        </section>
      </div>
      ${historyTable(v, o)}`,
  );
}

function historyTable(v: View, o: MerchantOrder) {
  const deliveryWord = (state: string) =>
    label(v.lang, state === 'failed' ? 'failedDelivery' : state);
  return html`<section class="panel" aria-labelledby="history-title">
    <h2 id="history-title">${t(v, 'history')}</h2>
    <div class="table-wrap" role="region" aria-labelledby="history-title" tabindex="0">
      <table class="history">
        <thead>
          <tr>
            <th scope="col">${t(v, 'when')}</th>
            <th scope="col">${t(v, 'what')}</th>
            <th scope="col" class="num">${t(v, 'amount')}</th>
            <th scope="col">${t(v, 'by')}</th>
            <th scope="col">${t(v, 'details')}</th>
            <th scope="col">${t(v, 'delivered')}</th>
          </tr>
        </thead>
        <tbody>
          ${[...o.events].reverse().map(
            (e) =>
              html`<tr>
                <td>${dateTime(v.lang, e.at)}</td>
                <th scope="row">${label(v.lang, e.type)}</th>
                <td class="num">
                  ${e.amountCents !== undefined ? money(v.lang, e.amountCents) : ''}
                </td>
                <td>${e.by ? label(v.lang, e.by) : ''}</td>
                <td>
                  ${e.trackAndTrace ?? ''}${e.days !== undefined ? `${e.days} ${t(v, 'days')}` : ''}
                </td>
                <td>${deliveryWord(e.delivery.state)}</td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>
  </section>`;
}

export function invoicesPage(
  v: View,
  range: { from: string; to: string },
  invoices: readonly InvoiceItem[] | undefined,
) {
  const m = (cents: number | undefined) => (cents === undefined ? '' : money(v.lang, cents));
  const sum = (pick: (i: InvoiceItem) => number | undefined) =>
    (invoices ?? []).reduce((total, i) => total + (pick(i) ?? 0), 0);
  const csv = `/admin/invoices.csv?${new URLSearchParams(range).toString()}`;
  return page(
    v,
    t(v, 'reconciliation'),
    'invoices',
    html`<h1>${t(v, 'reconciliation')}</h1>
      <form method="get" action="/admin/invoices" class="range">
        ${field(v, 'from', 'from', t(v, 'from'), { type: 'date', value: range.from, required: true })}
        ${field(v, 'to', 'to', t(v, 'to'), { type: 'date', value: range.to, required: true })}
        <button type="submit">${t(v, 'show')}</button>
      </form>
      ${
        invoices === undefined
          ? ''
          : invoices.length === 0
            ? html`<p>${t(v, 'noInvoices')}</p>`
            : html`<p><a href="${csv}" download>${t(v, 'csv')}</a></p>
                <div
                  class="table-wrap"
                  role="region"
                  aria-labelledby="invoices-caption"
                  tabindex="0"
                >
                  <table class="invoices">
                    <caption id="invoices-caption">
                      ${t(v, 'invoicesTitle')}, ${range.from} – ${range.to} (${invoices.length}
                      ${t(v, 'invoiceCount')})
                    </caption>
                    <thead>
                      <tr>
                        <th scope="col">${t(v, 'invoice')}</th>
                        <th scope="col">${t(v, 'order')}</th>
                        <th scope="col">${t(v, 'placed')}</th>
                        <th scope="col" class="num">${t(v, 'amount')}</th>
                        <th scope="col" class="num">${t(v, 'paid')}</th>
                        <th scope="col" class="num">${t(v, 'credited')}</th>
                        <th scope="col" class="num">${t(v, 'outstanding')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      ${invoices.map(
                        (i) =>
                          html`<tr>
                            <th scope="row">${i.invoiceNumber}</th>
                            <td>${i.orderNumber ?? ''}</td>
                            <td>${i.createdAt ?? ''}</td>
                            <td class="num">${m(i.amountCents)}</td>
                            <td class="num">${m(i.paidCents)}</td>
                            <td class="num">${m(i.creditedCents)}</td>
                            <td class="num">${m(i.outstandingCents)}</td>
                          </tr>`,
                      )}
                    </tbody>
                    <tfoot>
                      <tr>
                        <th scope="row" colspan="3">${t(v, 'total')}</th>
                        <td class="num">${m(sum((i) => i.amountCents))}</td>
                        <td class="num">${m(sum((i) => i.paidCents))}</td>
                        <td class="num">${m(sum((i) => i.creditedCents))}</td>
                        <td class="num">${m(sum((i) => i.outstandingCents))}</td>
                      </tr>
                    </tfoot>
                  </table>
                </div>`
      }`,
  );
}

export function notFoundPage(v: View) {
  return page(
    v,
    t(v, 'unknownOrder'),
    'orders',
    html`<h1>${t(v, 'unknownOrder')}</h1>
      <p><a href="/admin">${t(v, 'backToOrders')}</a></p>`,
  );
}
