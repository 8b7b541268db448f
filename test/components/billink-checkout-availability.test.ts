// <billink-checkout> asks the proxy whether Billink is offered before anyone clicks, and says so
// calmly (`when-unavailable="explain"`, the default) or hides itself (`hide`).
import { expect, fixture, html } from '@open-wc/testing';
import { http, HttpResponse } from 'msw';
import { setupWorker } from 'msw/browser';
import '../../src/index.js';
import type { BillinkCheckout } from '../../src/elements.js';
import { textOf, until } from './helpers.js';

const worker = setupWorker();
const asked: { body: Record<string, unknown>; language: string | null }[] = [];
let checks = 0;

/** A proxy whose availability depends on the amount (max €100) and the language asked in. */
function proxy() {
  return [
    http.post('/billink/availability', async ({ request }) => {
      const body = (await request.json()) as Record<string, unknown>;
      const language = request.headers.get('accept-language');
      asked.push({ body, language });
      const tooHigh = body.orderRef === 'big';
      return HttpResponse.json({
        available: !tooHigh,
        ...(tooHigh ? { reason: 'amount_above_maximum' } : {}),
        message: tooHigh
          ? language === 'en'
            ? 'This amount is too high to pay later with Billink. Please choose another payment method.'
            : 'Dit bedrag is te hoog om achteraf te betalen met Billink. Kies een andere betaalmethode.'
          : 'ok',
        amountCents: tooHigh ? 15_000 : 4_995,
        currency: 'EUR',
      });
    }),
    http.post('/billink/check', () => {
      checks++;
      return HttpResponse.json({ outcome: 'declined', amountCents: 15_000, currency: 'EUR' });
    }),
  ];
}

const shadow = (el: BillinkCheckout) => el.shadowRoot!;
const payButton = (el: BillinkCheckout) =>
  [...shadow(el).querySelectorAll('button')].find((b) => b.classList.contains('pay'));
const message = (el: BillinkCheckout) => textOf(shadow(el).querySelector('.message'));

before(async () => {
  await worker.start({ quiet: true, onUnhandledRequest: 'bypass' });
});
after(() => worker.stop());
beforeEach(() => {
  asked.length = 0;
  checks = 0;
  worker.use(...proxy());
});
afterEach(() => worker.resetHandlers());

describe('<billink-checkout> availability', () => {
  it('explains calmly, in the shopper’s language, instead of a pay button that would fail', async () => {
    const availability: unknown[] = [];
    const el = await fixture<BillinkCheckout>(
      html`<billink-checkout
        order-ref="big"
        amount="150.00"
        locale="en"
        @billink-availability=${(e: CustomEvent) => availability.push(e.detail)}
      ></billink-checkout>`,
    );
    await until(() => el.hasAttribute('unavailable'));
    await el.updateComplete;
    expect(message(el)).to.equal(
      'This amount is too high to pay later with Billink. Please choose another payment method.',
    );
    // Calm: not styled or announced as an error, and no way to start a payment.
    expect(shadow(el).querySelector('.message')!.classList.contains('error')).to.equal(false);
    expect(textOf(shadow(el).querySelector('[role="status"]'))).to.contain('too high');
    expect(payButton(el)).to.equal(undefined);
    el.start();
    await new Promise((r) => setTimeout(r, 50));
    expect(el.state).to.equal('idle');
    expect(checks).to.equal(0);
    expect(availability).to.deep.equal([{ available: false, reason: 'amount_above_maximum' }]);
    expect(el.checkVisibility()).to.equal(true);
    expect(asked[0]?.language).to.equal('en');
    await expect(el).to.be.accessible();

    el.locale = 'nl';
    await until(() => message(el).startsWith('Dit bedrag is te hoog'));
    expect(asked.at(-1)?.language).to.equal('nl');
  });

  it('hides itself with when-unavailable="hide", and sends what it knows of the shopper', async () => {
    const el = await fixture<BillinkCheckout>(
      html`<billink-checkout order-ref="big" when-unavailable="hide"></billink-checkout>`,
    );
    el.customer = { type: 'b', billingAddress: { countryCode: 'BE' } };
    await until(() => asked.some((a) => a.body.customerType === 'b'));
    await until(() => el.hasAttribute('unavailable'));
    expect(getComputedStyle(el).display).to.equal('none');
    expect(asked.at(-1)?.body).to.deep.equal({
      orderRef: 'big',
      customerType: 'b',
      countryCode: 'BE',
    });
  });

  it('shows the pay button when Billink is offered, and when the proxy cannot say', async () => {
    const offered = await fixture<BillinkCheckout>(
      html`<billink-checkout order-ref="small" amount="49.95"></billink-checkout>`,
    );
    await until(() => asked.length > 0);
    await offered.updateComplete;
    expect(offered.hasAttribute('unavailable')).to.equal(false);
    expect(payButton(offered)).to.not.equal(undefined);

    worker.use(http.post('/billink/availability', () => HttpResponse.error()));
    const unknown = await fixture<BillinkCheckout>(
      html`<billink-checkout order-ref="big" when-unavailable="hide"></billink-checkout>`,
    );
    await new Promise((r) => setTimeout(r, 100));
    expect(unknown.hasAttribute('unavailable')).to.equal(false);
    expect(getComputedStyle(unknown).display).to.equal('block');
    expect(payButton(unknown)).to.not.equal(undefined);
  });
});
