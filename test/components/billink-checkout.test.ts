import { expect, fixture, html } from '@open-wc/testing';
import '../../src/index.js';
import { BillinkBadge, BillinkCheckout, defineBillinkElements } from '../../src/elements.js';
import { defineElement } from '../../src/define.js';
import { textOf } from './helpers.js';

const amountText = (el: BillinkCheckout) =>
  textOf(el.shadowRoot!.querySelector('[part="amount"] .amount-value')).replace(/\u00a0/g, ' ');

const innerBadge = (el: BillinkCheckout) => el.shadowRoot!.querySelector('billink-badge')!;

describe('<billink-checkout> (skeleton)', () => {
  it('shows the English mandated text and €49.95', async () => {
    const el = await fixture<BillinkCheckout>(
      html`<billink-checkout amount="49.95" locale="en"></billink-checkout>`,
    );
    await innerBadge(el).updateComplete;
    expect(textOf(innerBadge(el).shadowRoot!.querySelector('[part="text"]'))).to.equal(
      'Pay later with Billink',
    );
    expect(amountText(el)).to.equal('€49.95');
  });

  it('shows the Dutch mandated text and € 49,95', async () => {
    const el = await fixture<BillinkCheckout>(
      html`<billink-checkout amount="49.95" locale="nl"></billink-checkout>`,
    );
    await innerBadge(el).updateComplete;
    expect(textOf(innerBadge(el).shadowRoot!.querySelector('[part="text"]'))).to.equal(
      'Achteraf betalen met Billink',
    );
    expect(amountText(el)).to.equal('€ 49,95');
  });

  it('formats other currencies and re-renders when the amount changes', async () => {
    const el = await fixture<BillinkCheckout>(
      html`<billink-checkout amount="1234.5" currency="USD" locale="en"></billink-checkout>`,
    );
    expect(amountText(el)).to.equal('US$1,234.50');
    el.amount = '10';
    await el.updateComplete;
    expect(amountText(el)).to.equal('US$10.00');
  });

  it('shows no amount when none or an invalid one is given', async () => {
    const none = await fixture<BillinkCheckout>(html`<billink-checkout></billink-checkout>`);
    expect(none.shadowRoot!.querySelector('[part="amount"]')).to.equal(null);
    const bad = await fixture<BillinkCheckout>(
      html`<billink-checkout amount="free"></billink-checkout>`,
    );
    expect(bad.shadowRoot!.querySelector('[part="amount"]')).to.equal(null);
    expect(bad.amountCents).to.equal(undefined);
  });

  it('keeps amounts in integer cents', async () => {
    const el = await fixture<BillinkCheckout>(
      html`<billink-checkout amount="0.29"></billink-checkout>`,
    );
    expect(el.amountCents).to.equal(29);
  });

  it('declares the attributes later steps use, with defaults', async () => {
    const el = await fixture<BillinkCheckout>(
      html`<billink-checkout
        order-ref="cart-42"
        text-variant="short"
        badge="black"
      ></billink-checkout>`,
    );
    expect(el.proxyUrl).to.equal('/billink');
    expect(el.orderRef).to.equal('cart-42');
    expect(el.currency).to.equal('EUR');
    const badge = innerBadge(el);
    expect(badge.textVariant).to.equal('short');
    expect(badge.badge).to.equal('black');
  });

  it("shows Billink's 18+ notice and terms link in the shopper's language", async () => {
    const en = await fixture<BillinkCheckout>(
      html`<billink-checkout locale="en"></billink-checkout>`,
    );
    expect(textOf(en.shadowRoot!.querySelector('[part="notice"]'))).to.contain(
      'You must be at least 18+ to use this service.',
    );
    const link = en.shadowRoot!.querySelector<HTMLAnchorElement>('[part="notice"] a')!;
    expect(link.href).to.contain('billink.nl');
    expect(link.rel).to.contain('noopener');
    expect(textOf(link)).to.contain("Billink's terms of use");
    const nl = await fixture<BillinkCheckout>(
      html`<billink-checkout locale="nl"></billink-checkout>`,
    );
    expect(textOf(nl.shadowRoot!.querySelector('[part="notice"]'))).to.contain(
      'Je moet minimaal 18+ zijn',
    );
  });

  it('switches language at runtime, badge included', async () => {
    const el = await fixture<BillinkCheckout>(
      html`<billink-checkout amount="49.95" locale="nl"></billink-checkout>`,
    );
    el.locale = 'en';
    await el.updateComplete;
    await innerBadge(el).updateComplete;
    expect(amountText(el)).to.equal('€49.95');
    expect(textOf(innerBadge(el).shadowRoot!.querySelector('[part="text"]'))).to.equal(
      'Pay later with Billink',
    );
  });

  it('has a polite live region from the first render', async () => {
    const el = await fixture<BillinkCheckout>(html`<billink-checkout></billink-checkout>`);
    const region = el.shadowRoot!.querySelector('[role="status"]');
    expect(region).to.exist;
    expect(region!.getAttribute('aria-live')).to.equal('polite');
  });

  it('registers idempotently', () => {
    expect(() => defineBillinkElements()).not.to.throw();
    // Another copy of the classes (a second bundle on the page) must not throw either.
    class Copy extends BillinkBadge {}
    expect(() => defineElement('billink-badge', Copy)).not.to.throw();
    expect(customElements.get('billink-badge')).to.equal(BillinkBadge);
    expect(customElements.get('billink-checkout')).to.equal(BillinkCheckout);
  });

  for (const locale of ['nl', 'en']) {
    it(`is accessible in ${locale}`, async () => {
      const el = await fixture<BillinkCheckout>(
        html`<billink-checkout amount="49.95" locale=${locale}></billink-checkout>`,
      );
      await expect(el).to.be.accessible();
    });
  }
});
