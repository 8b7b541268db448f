// Issue 12: the moments real shoppers hit (retry, abandoned page, rate limit, progress, amounts,
// decline, one text, field errors, reload, focus, confirmation, terms), against an msw proxy.
import { expect, fixture, html } from '@open-wc/testing';
import { http, HttpResponse, delay } from 'msw';
import { setupWorker } from 'msw/browser';
import '../../src/index.js';
import type { BillinkCheckout } from '../../src/elements.js';
import { customer, textOf, until } from './helpers.js';

const worker = setupWorker();
const bodies: { path: string; body: Record<string, unknown>; key?: string | null }[] = [];
const future = () => new Date(Date.now() + 3_600_000).toISOString();

const form = {
  firstName: 'Anna',
  lastName: 'de Vries',
  birthdate: '1990-05-17',
  email: 'anna@example.nl',
  phone: '0612345678',
  'billingAddress.street': 'Damrak',
  'billingAddress.houseNumber': '1',
  'billingAddress.postalCode': '1012 LG',
  'billingAddress.city': 'Amsterdam',
};

const record = async (path: string, request: Request) =>
  bodies.push({
    path,
    body:
      request.method === 'GET' ? {} : ((await request.clone().json()) as Record<string, unknown>),
    key: request.headers.get('idempotency-key'),
  });

const order = (extra: Record<string, unknown> = {}) => ({
  orderId: 'ord_1',
  statusToken: 'tok_1',
  status: 'pending',
  redirectUrl: 'https://billink.test/checkout/s1',
  expiresAt: future(),
  ...extra,
});

const shadow = (el: BillinkCheckout) => el.shadowRoot!;
const buttons = (el: BillinkCheckout) => [...shadow(el).querySelectorAll('button')].map(textOf);
const button = (el: BillinkCheckout, text: RegExp) =>
  [...shadow(el).querySelectorAll('button')].find((b) => text.test(textOf(b)))!;
const message = (el: BillinkCheckout) => textOf(shadow(el).querySelector('.message'));
const live = (el: BillinkCheckout) => textOf(shadow(el).querySelector('[role="status"]'));
const settled = async (el: BillinkCheckout, state: string, ms = 4000) => {
  await until(() => el.state === state, ms);
  await el.updateComplete;
};
function fill(el: BillinkCheckout, values: Record<string, string>) {
  for (const [name, value] of Object.entries(values)) {
    const input = shadow(el).querySelector<HTMLInputElement>(`[name="${name}"]`)!;
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  }
}
async function mount(template: ReturnType<typeof html>) {
  const el = await fixture<BillinkCheckout>(template);
  const events: { type: string; detail: Record<string, unknown> }[] = [];
  for (const type of ['billink-state-change', 'billink-declined', 'billink-error'])
    el.addEventListener(type, (e) =>
      events.push({ type, detail: (e as CustomEvent).detail as Record<string, unknown> }),
    );
  const navigations: string[] = [];
  el.navigate = (url) => navigations.push(url);
  return { el, events, navigations };
}
const pending = (orderRef: string, extra: Record<string, unknown> = {}) =>
  sessionStorage.setItem(
    `billink:pending:${orderRef}`,
    JSON.stringify({
      orderRef,
      orderId: 'ord_1',
      statusToken: 'tok_1',
      expiresAt: future(),
      mode: 'session',
      redirectUrl: 'https://billink.test/checkout/s1',
      ...extra,
    }),
  );
const statusIs = (answer: () => Record<string, unknown>) =>
  http.get('/billink/orders/:id', async ({ request }) => {
    await record('status', request);
    return HttpResponse.json({ orderId: 'ord_1', expiresAt: future(), ...answer() });
  });

before(() => worker.start({ quiet: true, onUnhandledRequest: 'bypass' }));
after(() => worker.stop());
beforeEach(() => {
  bodies.length = 0;
  sessionStorage.clear();
  worker.resetHandlers();
});

describe('issue 12, item 1: a retry uses what is on screen now', () => {
  it('direct mode: "Doorgaan" in the error state sends the corrected address', async () => {
    let fail = true;
    worker.use(
      http.post('/billink/check', async ({ request }) => {
        await record('check', request);
        if (fail) return HttpResponse.error();
        return HttpResponse.json({ outcome: 'declined', amountCents: 100, currency: 'EUR' });
      }),
    );
    const { el } = await mount(
      html`<billink-checkout order-ref="R1-1" mode="direct" locale="nl"></billink-checkout>`,
    );
    el.start();
    await el.updateComplete;
    fill(el, form);
    shadow(el).querySelector('form')!.requestSubmit();
    await settled(el, 'error');
    fail = false;
    fill(el, { 'billingAddress.street': 'Kalverstraat', 'billingAddress.houseNumber': '2' });
    shadow(el).querySelector('form')!.requestSubmit();
    await settled(el, 'declined');
    const last = bodies.at(-1)!.body as { billingAddress: { street: string; houseNumber: string } };
    expect(last.billingAddress).to.include({ street: 'Kalverstraat', houseNumber: '2' });
  });

  it('session mode: "Probeer opnieuw" uses the changed customer and a fresh idempotency key', async () => {
    let fail = true;
    worker.use(
      http.post('/billink/check', async ({ request }) => {
        await record('check', request);
        return HttpResponse.json({
          outcome: 'approved',
          checkId: 'c',
          amountCents: 100,
          currency: 'EUR',
        });
      }),
      http.post('/billink/orders', async ({ request }) => {
        await record('orders', request);
        if (fail) return HttpResponse.error();
        return HttpResponse.json(order(), { status: 201 });
      }),
    );
    const { el, navigations } = await mount(
      html`<billink-checkout
        order-ref="R1-2"
        locale="nl"
        .customer=${customer}
      ></billink-checkout>`,
    );
    el.start();
    await settled(el, 'error');
    fail = false;
    el.customer = { ...customer, billingAddress: { ...customer.billingAddress, street: 'Spui' } };
    await el.updateComplete;
    button(el, /Probeer opnieuw/).click();
    await until(() => navigations.length === 1);
    const orders = bodies.filter((b) => b.path === 'orders');
    expect((orders[1]!.body.billingAddress as { street: string }).street).to.equal('Spui');
    expect(orders[1]!.key).not.to.equal(orders[0]!.key);
  });
});

describe('issue 12, item 2: leaving Billink\u2019s page without choosing', () => {
  for (const [locale, text, resume] of [
    [
      'nl',
      'Je betaling is niet afgerond. Ga verder bij Billink of probeer het opnieuw.',
      /Verder bij Billink/,
    ],
    [
      'en',
      'Your payment was not completed. Continue at Billink or try again.',
      /Continue at Billink/,
    ],
  ] as const) {
    it(`back via Billink's back link (${locale}): not completed, continue the same session`, async () => {
      worker.use(statusIs(() => ({ status: 'pending' })));
      pending(`R2-${locale}`);
      history.replaceState(null, '', '?billink_order=ord_1&billink_result=cancel');
      const { el, navigations } = await mount(
        html`<billink-checkout order-ref="R2-${locale}" locale=${locale}></billink-checkout>`,
      );
      await settled(el, 'incomplete');
      expect(message(el)).to.equal(text);
      expect(live(el)).to.equal(text);
      await expect(el).to.be.accessible();
      button(el, resume).click();
      expect(navigations).to.deep.equal(['https://billink.test/checkout/s1']);
      expect(el.state).to.equal('awaiting-customer');
    });
  }

  it('popup closed without choosing: incomplete, and a new attempt can start', async () => {
    worker.use(
      http.post('/billink/orders', async ({ request }) => {
        await record('orders', request);
        return HttpResponse.json(order(), { status: 201 });
      }),
      statusIs(() => ({ status: 'pending' })),
    );
    const popup = { closed: false, focus() {} };
    const open = window.open;
    window.open = () => popup as unknown as Window;
    try {
      const { el } = await mount(
        html`<billink-checkout order-ref="R2-p" open="popup" locale="en"></billink-checkout>`,
      );
      el.start();
      await settled(el, 'awaiting-customer');
      popup.closed = true;
      await settled(el, 'incomplete');
      expect(button(el, /Continue at Billink/)).to.exist;
      button(el, /Try again/).click();
      await until(() => bodies.filter((b) => b.path === 'orders').length === 2);
    } finally {
      window.open = open;
    }
  });
});

describe('issue 12, item 3: rate limits', () => {
  it('says how long to wait and offers "try again" only when the wait is over', async () => {
    worker.use(
      http.post('/billink/orders', () =>
        HttpResponse.json(
          { error: { code: 'rate_limited', message: 'Te veel pogingen.', retryable: true } },
          { status: 429, headers: { 'Retry-After': '1' } },
        ),
      ),
    );
    const { el } = await mount(
      html`<billink-checkout order-ref="R3" locale="nl"></billink-checkout>`,
    );
    el.start();
    await settled(el, 'error');
    expect(message(el)).to.equal('Te veel pogingen. Probeer het over 1 seconde opnieuw.');
    expect(buttons(el)).not.to.include('Probeer opnieuw');
    await until(() => buttons(el).includes('Probeer opnieuw'), 3000);
    expect(message(el)).to.equal('Je kunt het nu opnieuw proberen.');
  });

  it('in English, minutes for a long wait', async () => {
    worker.use(
      http.post('/billink/orders', () =>
        HttpResponse.json(
          { error: { code: 'rate_limited', retryable: false } },
          { status: 429, headers: { 'Retry-After': '600' } },
        ),
      ),
    );
    const { el } = await mount(
      html`<billink-checkout order-ref="R3e" locale="en"></billink-checkout>`,
    );
    el.start();
    await settled(el, 'error');
    expect(message(el)).to.equal('Too many attempts. Please try again in 10 minutes.');
    expect(buttons(el)).not.to.include('Try again');
  });
});

describe('issue 12, items 4, 5, 14: progress, amount, busy state, focus', () => {
  it('shows the status with an indicator while checking, keeps focus, and says busy', async () => {
    worker.use(
      http.post('/billink/check', async () => {
        await delay(400);
        return HttpResponse.json({ outcome: 'declined', amountCents: 4340, currency: 'EUR' });
      }),
    );
    const { el, events } = await mount(
      html`<billink-checkout
        order-ref="R4"
        amount="30.90"
        locale="en"
        .customer=${customer}
      ></billink-checkout>`,
    );
    button(el, /Pay with Billink/).focus();
    button(el, /Pay with Billink/).click();
    await el.updateComplete;
    await el.updateComplete;
    expect(message(el)).to.equal('Checking your details…');
    expect(shadow(el).querySelector('.message .spin')).to.exist;
    expect(el.hasAttribute('busy')).to.equal(true);
    expect(el.getAttribute('state')).to.equal('checking');
    expect(events[0]!.detail).to.include({ state: 'checking', busy: true });
    expect(document.activeElement).to.equal(el);
    expect(shadow(el).activeElement).to.equal(shadow(el).querySelector('.message'));
    await expect(el).to.be.accessible();
    await settled(el, 'declined');
    // The proxy's amount, and the change said on screen and to screen readers.
    expect(textOf(shadow(el).querySelector('.amount-value'))).to.equal('€43.40');
    expect(textOf(shadow(el).querySelector('.changed'))).to.equal(
      'The amount has changed to €43.40.',
    );
    expect(live(el)).to.contain('The amount has changed to €43.40.');
    expect(el.hasAttribute('busy')).to.equal(false);
  });
});

describe('issue 12, items 6 and 9: Billink\u2019s word after the hosted page', () => {
  for (const [locale, text] of [
    ['nl', 'Achteraf betalen met Billink is voor deze bestelling helaas niet mogelijk.'],
    ['en', 'Sorry, Billink cannot offer pay later for this order.'],
  ] as const) {
    it(`a decline on Billink's page (${locale}): decline text, billink-declined, no retry`, async () => {
      worker.use(statusIs(() => ({ status: 'declined' })));
      pending(`R6-${locale}`);
      history.replaceState(null, '', '?billink_order=ord_1&billink_result=fail');
      const { el, events } = await mount(
        html`<billink-checkout order-ref="R6-${locale}" locale=${locale}></billink-checkout>`,
      );
      await settled(el, 'declined');
      expect(message(el)).to.equal(text);
      expect(events.some((e) => e.type === 'billink-declined')).to.equal(true);
      expect(buttons(el).some((b) => /Probeer opnieuw|Try again/.test(b))).to.equal(false);
      await expect(el).to.be.accessible();
    });
  }

  it('the cart changed while Billink\u2019s page was open: told, and pays the new amount', async () => {
    worker.use(
      statusIs(() => ({ status: 'failed', reason: 'amount_changed' })),
      http.post('/billink/orders', async ({ request }) => {
        await record('orders', request);
        return HttpResponse.json(order({ orderId: 'ord_2', amountCents: 4340, currency: 'EUR' }), {
          status: 201,
        });
      }),
    );
    pending('R9');
    history.replaceState(null, '', '?billink_order=ord_1&billink_result=success');
    const { el, navigations } = await mount(
      html`<billink-checkout order-ref="R9" locale="nl"></billink-checkout>`,
    );
    await settled(el, 'failed');
    const text = 'Het bedrag van je bestelling is veranderd. Betaal het nieuwe bedrag met Billink.';
    expect(message(el)).to.equal(text);
    expect(live(el)).to.equal(text);
    button(el, /Betaal het nieuwe bedrag/).click();
    await until(() => navigations.length === 1);
    expect(textOf(shadow(el).querySelector('.amount-value'))).to.equal('€ 43,40');
  });
});

describe('issue 12, item 9, on the proxy\u2019s wire', () => {
  it('a poll refused with order_amount_changed stops polling and offers the new amount (NL, EN)', async () => {
    for (const [locale, text, action] of [
      [
        'nl',
        'Het bedrag van je bestelling is veranderd. Betaal het nieuwe bedrag met Billink.',
        /Betaal het nieuwe bedrag/,
      ],
      [
        'en',
        'Your order total has changed. Please pay the new amount with Billink.',
        /Pay the new amount/,
      ],
    ] as const) {
      bodies.length = 0;
      sessionStorage.clear();
      worker.use(
        http.get('/billink/orders/:id', async ({ request }) => {
          await record('status', request);
          return HttpResponse.json(
            {
              error: {
                code: 'order_amount_changed',
                message: 'The amount changed.',
                retryable: false,
              },
            },
            { status: 409 },
          );
        }),
      );
      pending('R9W');
      history.replaceState(null, '', '?billink_order=ord_1&billink_result=success');
      const { el } = await mount(
        html`<billink-checkout order-ref="R9W" locale=${locale}></billink-checkout>`,
      );
      await until(() => message(el) === text).catch(() => {
        throw new Error(`shown: ${message(el)} / ${el.getAttribute('state')}`);
      });
      expect(live(el)).to.equal(text);
      const polls = bodies.filter((b) => b.path === 'status').length;
      await new Promise((r) => setTimeout(r, 1500));
      expect(
        bodies.filter((b) => b.path === 'status').length,
        'no polling after the refusal',
      ).to.equal(polls);
      expect(button(el, action)).to.exist;
      el.remove();
    }
  });
});

describe('issue 12, items 7 and 8: one text; the code, the field, the language', () => {
  it('live region and message say the proxy\u2019s text; billink-error carries the field', async () => {
    worker.use(
      http.post('/billink/orders', () =>
        HttpResponse.json(
          {
            error: {
              code: 'order_in_progress',
              message: 'Er loopt al een betaling met Billink voor deze bestelling.',
              field: 'orderRef',
              retryable: true,
            },
          },
          { status: 409 },
        ),
      ),
    );
    const { el, events } = await mount(
      html`<billink-checkout order-ref="R7" locale="nl"></billink-checkout>`,
    );
    el.start();
    await settled(el, 'error');
    expect(message(el)).to.equal('Er loopt al een betaling met Billink voor deze bestelling.');
    expect(live(el)).to.equal(message(el));
    expect(events.find((e) => e.type === 'billink-error')!.detail).to.include({
      code: 'order_in_progress',
      field: 'orderRef',
    });
    el.locale = 'en';
    await el.updateComplete;
    expect(message(el)).to.equal('A Billink payment for this order is already in progress.');
    expect(live(el)).to.equal(message(el));
  });
});

describe('issue 12, item 10: after approval a reload shows the approval', () => {
  it('asks the proxy again and shows the approval, not a pay button', async () => {
    worker.use(statusIs(() => ({ status: 'approved', orderNumber: 'WEB-1001' })));
    pending('R10', { approved: true, expiresAt: new Date(Date.now() - 60_000).toISOString() });
    const { el } = await mount(
      html`<billink-checkout order-ref="R10" locale="en"></billink-checkout>`,
    );
    await settled(el, 'approved');
    expect(message(el)).to.equal('Payment approved. Thank you!');
    expect(buttons(el)).to.deep.equal([]);
  });
});

describe('issue 12, item 13: direct mode says what is wrong and keeps the input', () => {
  for (const [locale, text] of [
    ['nl', 'Vul alleen het huisnummer in; een toevoeging heeft een eigen veld.'],
    ['en', 'Enter the house number only; an addition has its own field.'],
  ] as const) {
    it(`house number 10a (${locale}): the specific text`, async () => {
      const { el } = await mount(
        html`<billink-checkout
          order-ref="R13-${locale}"
          mode="direct"
          locale=${locale}
        ></billink-checkout>`,
      );
      el.start();
      await el.updateComplete;
      fill(el, { ...form, 'billingAddress.houseNumber': '10a' });
      shadow(el).querySelector('form')!.requestSubmit();
      await el.updateComplete;
      expect(textOf(shadow(el).querySelector('#f-houseNumber-e'))).to.equal(text);
    });
  }

  it('a long addition is refused with a message, not cut; typed input survives a reload', async () => {
    const { el } = await mount(
      html`<billink-checkout order-ref="R13" mode="direct" locale="en"></billink-checkout>`,
    );
    el.start();
    await el.updateComplete;
    const ext = shadow(el).querySelector<HTMLInputElement>(
      '[name="billingAddress.houseExtension"]',
    )!;
    expect(ext.hasAttribute('maxlength')).to.equal(false);
    fill(el, { ...form, 'billingAddress.houseExtension': 'achterhuis-boven' });
    shadow(el).querySelector('form')!.requestSubmit();
    await el.updateComplete;
    expect(textOf(shadow(el).querySelector('#f-houseExtension-e'))).to.equal(
      'The addition may be at most 10 characters long.',
    );
    el.remove();
    const again = await fixture<BillinkCheckout>(
      html`<billink-checkout order-ref="R13" mode="direct" locale="en"></billink-checkout>`,
    );
    again.start();
    await again.updateComplete;
    expect(
      shadow(again).querySelector<HTMLInputElement>('[name="billingAddress.street"]')!.value,
    ).to.equal('Damrak');
  });
});

describe('issue 12, item 15: the confirmation', () => {
  for (const [locale, number, pay] of [
    [
      'nl',
      'Bestelnummer: WEB-1001',
      'Je ontvangt de factuur van € 43,40 per e-mail van Billink en betaalt binnen 30 dagen.',
    ],
    [
      'en',
      'Order number: WEB-1001',
      'Billink will e-mail you the invoice for €43.40; you pay within 30 days.',
    ],
  ] as const) {
    it(`order number, amount and how paying later works (${locale})`, async () => {
      worker.use(
        statusIs(() => ({
          status: 'approved',
          orderNumber: 'WEB-1001',
          amountCents: 4340,
          currency: 'EUR',
        })),
      );
      pending(`R15-${locale}`);
      history.replaceState(null, '', '?billink_order=ord_1&billink_result=success');
      const { el } = await mount(
        html`<billink-checkout
          order-ref="R15-${locale}"
          locale=${locale}
          payment-term-days="30"
        ></billink-checkout>`,
      );
      await settled(el, 'approved');
      const all = textOf(shadow(el).querySelector('.checkout'));
      expect(all).to.contain(number);
      expect(all.replace(/\u00a0/g, ' ')).to.contain(pay);
      await expect(el).to.be.accessible();
    });
  }
});

describe('issue 12, item 16: Billink\u2019s terms checkbox', () => {
  it('off by default; with require-terms paying waits for the tick (nl and en)', async () => {
    worker.use(
      http.post('/billink/orders', async ({ request }) => {
        await record('orders', request);
        return HttpResponse.json(order(), { status: 201 });
      }),
    );
    const plain = await fixture<BillinkCheckout>(
      html`<billink-checkout order-ref="R16a"></billink-checkout>`,
    );
    expect(shadow(plain).querySelector('#terms')).to.equal(null);
    const { el, navigations } = await mount(
      html`<billink-checkout order-ref="R16" require-terms locale="nl"></billink-checkout>`,
    );
    expect(textOf(shadow(el).querySelector('a'))).to.contain('(pdf)');
    button(el, /Betalen met Billink/).click();
    await el.updateComplete;
    expect(bodies).to.deep.equal([]);
    expect(message(el)).to.equal(
      'Ga akkoord met de gebruikersvoorwaarden van Billink om verder te gaan.',
    );
    const box = shadow(el).querySelector<HTMLInputElement>('#terms')!;
    await until(() => shadow(el).activeElement === box);
    expect(box.getAttribute('aria-invalid')).to.equal('true');
    await expect(el).to.be.accessible();
    el.locale = 'en';
    await el.updateComplete;
    expect(textOf(box.closest('label'))).to.equal("I accept Billink's terms of use");
    box.click();
    await el.updateComplete;
    button(el, /Pay with Billink/).click();
    await until(() => navigations.length === 1);
  });
});

describe('order-token and locale on the wire', () => {
  it('sends orderToken with /check and /orders, and locale with /orders', async () => {
    worker.use(
      http.post('/billink/check', async ({ request }) => {
        await record('check', request);
        return HttpResponse.json({
          outcome: 'approved',
          checkId: 'c',
          amountCents: 100,
          currency: 'EUR',
        });
      }),
      http.post('/billink/orders', async ({ request }) => {
        await record('orders', request);
        return HttpResponse.json(order(), { status: 201 });
      }),
    );
    const { el, navigations } = await mount(
      html`<billink-checkout
        order-ref="RT"
        order-token="tok.sig"
        locale="en"
        .customer=${customer}
      ></billink-checkout>`,
    );
    el.start();
    await until(() => navigations.length === 1);
    expect(bodies[0]!.body).to.include({ orderToken: 'tok.sig' });
    expect(bodies[1]!.body).to.include({ orderToken: 'tok.sig', locale: 'en' });
  });
});
