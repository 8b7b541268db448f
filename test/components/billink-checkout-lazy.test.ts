// The flow's code (machine, form, views, texts) loads only when the shopper acts: what the page
// fetches before, what the shopper sees and hears while it loads, and a load that fails.
// One page for the whole file: the code loads once per page, so the failing load comes first.
import { expect, fixture, html } from '@open-wc/testing';
import { http, HttpResponse, delay, passthrough } from 'msw';
import { setupWorker } from 'msw/browser';
import '../../src/index.js';
import type { BillinkCheckout } from '../../src/elements.js';
import { customer, textOf, until } from './helpers.js';

const worker = setupWorker();
const RUNTIME = /\/flow-runtime\.(ts|js)$/;
/** Requests for the flow's module, as the page's service worker saw them. */
let runtimeFetches = 0;

let chunk: 'fail' | 'slow' | 'ok' = 'ok';

before(async () => {
  await worker.start({ quiet: true, onUnhandledRequest: 'bypass' });
});
after(() => worker.stop());
beforeEach(() => {
  sessionStorage.clear();
  worker.resetHandlers();
  worker.use(
    http.get(RUNTIME, async () => {
      runtimeFetches++;
      if (chunk === 'fail') return HttpResponse.error();
      if (chunk === 'slow') await delay(400);
      return passthrough();
    }),
    http.post('/billink/availability', () =>
      HttpResponse.json({ available: true, message: 'Beschikbaar.' }),
    ),
    http.post('/billink/check', () =>
      HttpResponse.json({ outcome: 'approved', checkId: 'c1', amountCents: 4995, currency: 'EUR' }),
    ),
    http.post('/billink/orders', () =>
      HttpResponse.json(
        {
          orderId: 'ord_1',
          statusToken: 'tok_1',
          status: 'pending',
          redirectUrl: 'https://billink.test/s1',
          expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
        },
        { status: 201 },
      ),
    ),
  );
});

const shadow = (el: BillinkCheckout) => el.shadowRoot!;
const message = (el: BillinkCheckout) => textOf(shadow(el).querySelector('.message'));
const status = (el: BillinkCheckout) => textOf(shadow(el).querySelector('[role="status"]'));
const payButton = (el: BillinkCheckout) => shadow(el).querySelector<HTMLButtonElement>('button')!;

async function sessionCheckout(orderRef: string) {
  const el = await fixture<BillinkCheckout>(
    html`<billink-checkout
      order-ref=${orderRef}
      locale="nl"
      .customer=${customer}
    ></billink-checkout>`,
  );
  el.navigate = () => {};
  return el;
}

describe('<billink-checkout> loads its flow when the shopper acts', () => {
  it('session mode, untouched: the idle checkout renders without fetching the flow', async () => {
    const el = await sessionCheckout('LAZY-1');
    await new Promise((r) => setTimeout(r, 100));
    expect(textOf(payButton(el))).to.equal('Betalen met Billink');
    expect(runtimeFetches).to.equal(0);
  });

  it('a failed load: a clear error in NL and EN, focus on it, and "try again" loads it', async () => {
    chunk = 'fail';
    const el = await sessionCheckout('LAZY-2');
    payButton(el).focus();
    payButton(el).click();
    await el.updateComplete;
    const failedNl =
      'Betalen met Billink kon niet worden geladen. Controleer je verbinding en probeer het opnieuw.';
    await until(() => message(el) === failedNl);
    expect(el.state).to.equal('idle');
    expect(status(el)).to.equal(failedNl);
    await until(() => shadow(el).activeElement === shadow(el).querySelector('.message'));
    expect(textOf(payButton(el))).to.equal('Probeer opnieuw');
    el.locale = 'en';
    await el.updateComplete;
    expect(message(el)).to.equal(
      'Paying with Billink could not be loaded. Check your connection and try again.',
    );
    expect(textOf(payButton(el))).to.equal('Try again');

    // Try again, slowly: the button keeps focus and says it is busy; the wait is announced.
    chunk = 'slow';
    const retry = payButton(el);
    retry.focus();
    retry.click();
    await until(() => message(el) === 'Loading payment with Billink…');
    expect(status(el)).to.equal('Loading payment with Billink…');
    expect(payButton(el)).to.equal(retry, 'the same button: focus is not lost');
    expect(shadow(el).activeElement).to.equal(retry);
    expect(retry.getAttribute('aria-busy')).to.equal('true');
    expect(retry.getAttribute('aria-disabled')).to.equal('true');
    retry.click(); // a second click while loading starts nothing twice
    await el.updateComplete;
    expect(el.state).to.not.equal('idle');
    await until(() => el.state === 'awaiting-customer');
    expect(runtimeFetches).to.equal(2, 'the failed fetch and the retry');
  });

  it('once loaded, the next checkout starts at once', async () => {
    chunk = 'fail'; // would fail if fetched again
    const el = await sessionCheckout('LAZY-3');
    payButton(el).click();
    expect(el.state).to.equal('checking');
    expect(runtimeFetches).to.equal(2);
  });
});
