// Accessibility beyond axe: keyboard only, 320 px wide, forced colors, reduced motion.
import { expect, fixture, html } from '@open-wc/testing';
import { emulateMedia, sendKeys, setViewport } from '@web/test-runner-commands';
import { http, HttpResponse } from 'msw';
import { setupWorker } from 'msw/browser';
import '../../src/index.js';
import type { BillinkCheckout } from '../../src/elements.js';
import { until } from './helpers.js';

const worker = setupWorker(
  http.post('/billink/check', () =>
    HttpResponse.json({
      outcome: 'approved',
      checkId: 'chk_1',
      amountCents: 4995,
      currency: 'EUR',
    }),
  ),
  http.post('/billink/orders', () =>
    HttpResponse.json(
      {
        orderId: 'ord_1',
        statusToken: 't',
        status: 'approved',
        expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
      },
      { status: 201 },
    ),
  ),
);

before(() => worker.start({ quiet: true, onUnhandledRequest: 'bypass' }));
after(() => worker.stop());
afterEach(async () => {
  await setViewport({ width: 800, height: 600 });
  await emulateMedia({ forcedColors: 'none', reducedMotion: 'no-preference' });
});

const deepActive = () => {
  let active: Element | null = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
};

async function tabTo(predicate: (el: Element | null) => boolean, limit = 40) {
  for (let i = 0; i < limit && !predicate(deepActive()); i++) await sendKeys({ press: 'Tab' });
  expect(predicate(deepActive()), 'reached by Tab').to.equal(true);
}

describe('<billink-checkout> by keyboard only', () => {
  it('direct mode: start, fill the form, submit and get approved without a mouse', async () => {
    const el = await fixture<BillinkCheckout>(
      html`<billink-checkout order-ref="K-1" mode="direct" locale="en"></billink-checkout>`,
    );
    await tabTo((a) => a?.tagName === 'BUTTON');
    await sendKeys({ press: 'Enter' });
    await until(() => el.state === 'collecting');
    await el.updateComplete;
    const values: [string, string][] = [
      ['firstName', 'Anna'],
      ['lastName', 'de Vries'],
      ['birthdate', '1990-05-17'],
      ['email', 'anna@example.nl'],
      ['phone', '0612345678'],
      ['billingAddress.street', 'Damrak'],
      ['billingAddress.houseNumber', '1'],
      ['billingAddress.postalCode', '1012 LG'],
      ['billingAddress.city', 'Amsterdam'],
    ];
    for (const [name, value] of values) {
      await tabTo((a) => a?.getAttribute('name') === name);
      if (name === 'birthdate') {
        (deepActive() as HTMLInputElement).value = value; // date pickers differ per platform
      } else {
        await sendKeys({ type: value });
      }
    }
    await tabTo((a) => a?.tagName === 'BUTTON' && a.getAttribute('part') === 'button');
    await sendKeys({ press: 'Enter' });
    await until(() => el.state === 'approved', 4000);
  });

  it('shows a visible focus ring', async () => {
    const el = await fixture<BillinkCheckout>(
      html`<billink-checkout order-ref="K-2"></billink-checkout>`,
    );
    await tabTo((a) => a?.tagName === 'BUTTON');
    const button = el.shadowRoot!.querySelector('button')!;
    const style = getComputedStyle(button);
    expect(style.outlineStyle).to.equal('solid');
    expect(parseFloat(style.outlineWidth)).to.be.at.least(2);
  });
});

describe('<billink-checkout> at 320 px, in forced colors, with reduced motion', () => {
  it('fits 320 px without horizontal scrolling, form included', async () => {
    await setViewport({ width: 320, height: 640 });
    const el = await fixture<BillinkCheckout>(
      html`<billink-checkout
        order-ref="W-1"
        mode="direct"
        amount="1234.56"
        locale="nl"
      ></billink-checkout>`,
    );
    el.start();
    await el.updateComplete;
    expect(document.documentElement.scrollWidth).to.be.at.most(320);
    for (const field of el.shadowRoot!.querySelectorAll('input:not([type=radio]), button')) {
      expect(
        field.getBoundingClientRect().right,
        field.getAttribute('name') ?? 'button',
      ).to.be.at.most(320);
    }
  });

  it('keeps controls and the badge outlined in forced colors, and stays accessible', async () => {
    await emulateMedia({ forcedColors: 'active' });
    const el = await fixture<BillinkCheckout>(
      html`<billink-checkout order-ref="F-1" mode="direct" locale="en"></billink-checkout>`,
    );
    el.start();
    await el.updateComplete;
    const button = el.shadowRoot!.querySelector('button[part="button"]')!;
    expect(parseFloat(getComputedStyle(button).borderTopWidth)).to.be.greaterThan(0);
    const badge = el
      .shadowRoot!.querySelector('billink-badge')!
      .shadowRoot!.querySelector('[part~="badge"]')!;
    expect(parseFloat(getComputedStyle(badge).borderTopWidth)).to.be.greaterThan(0);
    await expect(el).to.be.accessible();
  });

  it('has no animation when reduced motion is asked for', async () => {
    await emulateMedia({ reducedMotion: 'reduce' });
    const el = await fixture<BillinkCheckout>(
      html`<billink-checkout order-ref="M-1"></billink-checkout>`,
    );
    for (const node of el.shadowRoot!.querySelectorAll('*')) {
      expect(getComputedStyle(node).animationName).to.equal('none');
    }
  });
});
