// The whole payment flow of <billink-checkout> against a proxy mocked by msw's service worker.
import { expect, fixture, html } from '@open-wc/testing';
import { http, HttpResponse, delay } from 'msw';
import { setupWorker } from 'msw/browser';
import '../../src/index.js';
import type { BillinkCheckout } from '../../src/elements.js';
import { customer, textOf, until } from './helpers.js';

const worker = setupWorker();
const calls: { path: string; body: unknown; headers: Record<string, string> }[] = [];

const future = () => new Date(Date.now() + 3_600_000).toISOString();

/** What the element left in sessionStorage before the shopper went to Billink (or reloaded). */
const pending = (orderRef: string, expiresAt = future()) =>
  sessionStorage.setItem(
    `billink:pending:${orderRef}`,
    JSON.stringify({
      orderRef,
      orderId: 'ord_1',
      statusToken: 'tok_1',
      expiresAt,
      mode: 'session',
    }),
  );

/** A proxy that approves checks, creates orders and answers status from `status`. */
function proxy(
  options: {
    outcome?: 'approved' | 'declined';
    redirectUrl?: string;
    orderStatus?: string;
    status?: () => string;
  } = {},
) {
  const record = async (path: string, request: Request) => {
    const body = request.method === 'GET' ? undefined : await request.clone().json();
    calls.push({ path, body, headers: Object.fromEntries(request.headers) });
  };
  return [
    http.post('/billink/check', async ({ request }) => {
      await record('check', request);
      const outcome = options.outcome ?? 'approved';
      return HttpResponse.json({
        outcome,
        ...(outcome === 'approved' ? { checkId: 'chk_1' } : { reason: '501' }),
        amountCents: 4995,
        currency: 'EUR',
      });
    }),
    http.post('/billink/orders', async ({ request }) => {
      await record('orders', request);
      await delay(30);
      return HttpResponse.json(
        {
          orderId: 'ord_1',
          statusToken: 'tok_1',
          status: options.orderStatus ?? 'pending',
          ...(options.redirectUrl === undefined
            ? { redirectUrl: 'https://billink.test/checkout/s1' }
            : options.redirectUrl
              ? { redirectUrl: options.redirectUrl }
              : {}),
          expiresAt: future(),
          amountCents: 4995,
          currency: 'EUR',
        },
        { status: 201 },
      );
    }),
    http.get('/billink/orders/:id', async ({ request }) => {
      await record('status', request);
      return HttpResponse.json({
        orderId: 'ord_1',
        status: options.status?.() ?? 'approved',
        expiresAt: future(),
      });
    }),
  ];
}

async function checkout(template: ReturnType<typeof html>) {
  const el = await fixture<BillinkCheckout>(template);
  const states: string[] = [];
  const events: { type: string; detail: unknown }[] = [];
  for (const type of [
    'billink-state-change',
    'billink-approved',
    'billink-declined',
    'billink-error',
    'billink-choose-other',
  ]) {
    el.addEventListener(type, (e) => {
      const detail = (e as CustomEvent).detail;
      events.push({ type, detail });
      if (type === 'billink-state-change') states.push((detail as { state: string }).state);
    });
  }
  const navigations: string[] = [];
  el.navigate = (url) => navigations.push(url);
  return { el, states, events, navigations };
}

const shadow = (el: BillinkCheckout) => el.shadowRoot!;
const button = (el: BillinkCheckout, text: RegExp) =>
  [...shadow(el).querySelectorAll('button')].find((b) => text.test(textOf(b)))!;
const message = (el: BillinkCheckout) => textOf(shadow(el).querySelector('.message'));
const live = (el: BillinkCheckout) => textOf(shadow(el).querySelector('[role="status"]'));
const settled = async (el: BillinkCheckout, state: string) => {
  await until(() => el.state === state, 4000);
  await el.updateComplete;
};

function fill(el: BillinkCheckout, values: Record<string, string>) {
  for (const [name, value] of Object.entries(values)) {
    const input = shadow(el).querySelector<HTMLInputElement>(`[name="${name}"]`)!;
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }
}

const validForm = {
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

before(async () => {
  await worker.start({ quiet: true, onUnhandledRequest: 'bypass' });
});
after(() => worker.stop());
beforeEach(() => {
  calls.length = 0;
  sessionStorage.clear();
  worker.resetHandlers();
});

describe('<billink-checkout> session mode', () => {
  it('with a complete prefill: checks, creates the session and redirects to Billink', async () => {
    worker.use(...proxy());
    const { el, states, navigations } = await checkout(
      html`<billink-checkout
        order-ref="WEB-1"
        amount="49.95"
        locale="en"
        .customer=${customer}
      ></billink-checkout>`,
    );
    button(el, /Pay with Billink/).click();
    await until(() => navigations.length === 1);
    expect(navigations[0]).to.equal('https://billink.test/checkout/s1');
    expect(states).to.deep.equal(['checking', 'eligible', 'creating-order', 'awaiting-customer']);
    const [check, orders] = calls;
    expect(check!.path).to.equal('check');
    expect(check!.body).to.deep.include({ orderRef: 'WEB-1' });
    expect(JSON.stringify(check!.body)).not.to.contain('4995', 'no amount from the browser');
    expect(orders!.body).to.deep.include({ orderRef: 'WEB-1', checkId: 'chk_1', mode: 'session' });
    expect((orders!.body as { returnUrl: string }).returnUrl).to.equal(location.href);
    expect(orders!.headers['idempotency-key']).to.match(/^[0-9a-f-]{36}$/);
    expect(orders!.headers['accept-language']).to.equal('en');
    expect(JSON.parse(sessionStorage.getItem('billink:pending:WEB-1')!)).to.include({
      orderId: 'ord_1',
      mode: 'session',
    });
  });

  it('without a complete prefill goes straight to Billink\u2019s page (it collects the rest)', async () => {
    worker.use(...proxy());
    const { el, navigations } = await checkout(
      html`<billink-checkout
        order-ref="WEB-2"
        .customer=${{ email: 'anna@example.nl' }}
      ></billink-checkout>`,
    );
    el.start();
    await until(() => navigations.length === 1);
    expect(calls.map((c) => c.path)).to.deep.equal(['orders']);
  });

  it('shows a decline in the shop, respectfully, with a way on', async () => {
    worker.use(...proxy({ outcome: 'declined' }));
    const { el, events } = await checkout(
      html`<billink-checkout
        order-ref="WEB-3"
        locale="nl"
        .customer=${customer}
      ></billink-checkout>`,
    );
    el.start();
    await settled(el, 'declined');
    expect(message(el)).to.contain('helaas niet mogelijk');
    expect(events.find((e) => e.type === 'billink-declined')?.detail).to.deep.equal({
      reason: '501',
    });
    expect(button(el, /Kies een andere betaalmethode/)).to.exist;
    expect(calls.map((c) => c.path)).to.deep.equal(['check']);
    button(el, /Kies een andere betaalmethode/).click();
    expect(events.at(-1)?.type).to.equal('billink-choose-other');
    expect(el.state).to.equal('idle');
  });

  it('resumes after the round trip to Billink and confirms the status with the proxy', async () => {
    worker.use(...proxy({ status: () => 'approved' }));
    pending('WEB-4');
    const { el, events } = await checkout(
      html`<billink-checkout order-ref="WEB-4" locale="en" name="billink"></billink-checkout>`,
    );
    await settled(el, 'approved');
    expect(calls.map((c) => c.path)).to.deep.equal(['status']);
    expect(calls[0]!.headers.authorization).to.equal('Bearer tok_1');
    expect(events.find((e) => e.type === 'billink-approved')?.detail).to.deep.equal({
      orderId: 'ord_1',
    });
    expect(message(el)).to.equal('Payment approved. Thank you!');
    // Kept, marked approved, so a reload asks the proxy again and shows the approval.
    expect(JSON.parse(sessionStorage.getItem('billink:pending:WEB-4')!).approved).to.equal(true);
  });

  it('keeps polling while Billink says pending and ends on its final word', async () => {
    let status = 'pending';
    worker.use(...proxy({ status: () => status }));
    pending('WEB-5');
    // Back from Billink's page with its "success": the proxy confirms it.
    history.replaceState(null, '', '?billink_order=ord_1&billink_result=success');
    const { el } = await checkout(
      html`<billink-checkout order-ref="WEB-5" locale="en"></billink-checkout>`,
    );
    await settled(el, 'polling');
    await until(() => calls.length >= 2, 4000);
    expect(message(el)).to.equal('Confirming your payment…');
    status = 'cancelled';
    await settled(el, 'cancelled');
    expect(message(el)).to.equal('Payment cancelled.');
    expect(button(el, /Try again/)).to.exist;
  });

  it('ignores a pending order that expired', async () => {
    worker.use(...proxy());
    pending('WEB-6', new Date(Date.now() - 1000).toISOString());
    const { el } = await checkout(html`<billink-checkout order-ref="WEB-6"></billink-checkout>`);
    expect(el.state).to.equal('idle');
    expect(calls).to.deep.equal([]);
  });
});

describe('<billink-checkout> popup', () => {
  let realOpen: typeof window.open;
  beforeEach(() => {
    realOpen = window.open;
  });
  afterEach(() => {
    window.open = realOpen;
  });

  it('opens Billink in a popup and polls meanwhile; closing it asks the proxy at once', async () => {
    const popup = { closed: false, focus() {} };
    const opened: string[] = [];
    window.open = ((url: string) => {
      opened.push(url);
      return popup;
    }) as typeof window.open;
    let status = 'pending';
    worker.use(...proxy({ status: () => status }));
    const { el, navigations } = await checkout(
      html`<billink-checkout
        order-ref="WEB-7"
        open="popup"
        locale="en"
        .customer=${customer}
      ></billink-checkout>`,
    );
    el.start();
    await settled(el, 'awaiting-customer');
    expect(opened).to.deep.equal(['https://billink.test/checkout/s1']);
    expect(navigations).to.deep.equal([]);
    expect(button(el, /Open Billink again/)).to.exist;
    status = 'approved';
    popup.closed = true;
    await settled(el, 'approved');
  });

  it('falls back to a redirect when the popup is blocked', async () => {
    window.open = (() => null) as typeof window.open;
    worker.use(...proxy());
    const { el, navigations } = await checkout(
      html`<billink-checkout
        order-ref="WEB-8"
        open="popup"
        .customer=${customer}
      ></billink-checkout>`,
    );
    el.start();
    await until(() => navigations.length === 1);
    expect(navigations[0]).to.equal('https://billink.test/checkout/s1');
  });
});

describe('<billink-checkout> direct mode', () => {
  it('collects the details, refuses obvious mistakes on their field, then checks and orders', async () => {
    worker.use(...proxy({ redirectUrl: '', status: () => 'approved' }));
    const { el, states } = await checkout(
      html`<billink-checkout order-ref="WEB-9" mode="direct" locale="en"></billink-checkout>`,
    );
    el.start();
    await el.updateComplete;
    expect(shadow(el).querySelector('form')).to.exist;
    fill(el, { ...validForm, 'billingAddress.postalCode': '12AB', email: 'anna@' });
    shadow(el).querySelector('form')!.requestSubmit();
    await el.updateComplete;
    const postal = shadow(el).querySelector<HTMLInputElement>(
      '[name="billingAddress.postalCode"]',
    )!;
    const email = shadow(el).querySelector<HTMLInputElement>('[name="email"]')!;
    expect(email.getAttribute('aria-invalid')).to.equal('true');
    expect(postal.getAttribute('aria-invalid')).to.equal('true');
    expect(textOf(shadow(el).getElementById(postal.getAttribute('aria-describedby')!))).to.equal(
      'Enter a postal code like 1234 AB.',
    );
    await until(() => shadow(el).activeElement === email);
    expect(calls).to.deep.equal([], 'no request for obvious mistakes');
    expect(postal.value).to.equal('12AB', 'what the shopper typed stays');

    fill(el, { 'billingAddress.postalCode': '1012 LG', email: 'anna@example.nl' });
    shadow(el).querySelector('form')!.requestSubmit();
    await settled(el, 'approved');
    expect(states).to.include.members([
      'collecting',
      'checking',
      'eligible',
      'creating-order',
      'polling',
      'approved',
    ]);
    expect(calls[0]!.body).to.deep.equal({
      orderRef: 'WEB-9',
      customer: {
        type: 'p',
        firstName: 'Anna',
        lastName: 'de Vries',
        birthdate: '1990-05-17',
        email: 'anna@example.nl',
        phone: '0612345678',
      },
      billingAddress: {
        street: 'Damrak',
        houseNumber: '1',
        postalCode: '1012 LG',
        city: 'Amsterdam',
        countryCode: 'NL',
      },
    });
    expect(calls[1]!.body).to.deep.include({ mode: 'direct', checkId: 'chk_1' });
  });

  it('asks business customers for company and KvK, and has autofill tokens', async () => {
    const { el } = await checkout(
      html`<billink-checkout order-ref="WEB-10" mode="direct"></billink-checkout>`,
    );
    el.start();
    await el.updateComplete;
    expect(shadow(el).querySelector('[name="company"]')).to.equal(null);
    const business = shadow(el).querySelector<HTMLInputElement>('input[value="b"]')!;
    business.click();
    await el.updateComplete;
    expect(shadow(el).querySelector('[name="company"]')!.getAttribute('autocomplete')).to.equal(
      'organization',
    );
    expect(shadow(el).querySelector('[name="cocNumber"]')).to.exist;
    expect(shadow(el).querySelector('[name="birthdate"]')).to.equal(null);
    expect(shadow(el).querySelector('[name="email"]')!.getAttribute('autocomplete')).to.equal(
      'email',
    );
    expect(
      shadow(el).querySelector('[name="billingAddress.postalCode"]')!.getAttribute('autocomplete'),
    ).to.equal('postal-code');
    for (const input of shadow(el).querySelectorAll('input:not([type=radio]), select')) {
      expect(shadow(el).querySelector(`label[for="${input.id}"]`), input.id).to.exist;
    }
  });

  it('when the proxy is unreachable: a clear message, try again, and nothing typed is lost', async () => {
    let offline = true;
    worker.use(
      http.post('/billink/check', () => (offline ? HttpResponse.error() : undefined)),
      ...proxy({ redirectUrl: '', status: () => 'approved' }),
    );
    const { el, events } = await checkout(
      html`<billink-checkout order-ref="WEB-11" mode="direct" locale="nl"></billink-checkout>`,
    );
    el.start();
    await el.updateComplete;
    fill(el, validForm);
    shadow(el).querySelector('form')!.requestSubmit();
    await settled(el, 'error');
    expect(textOf(shadow(el).querySelector('.message'))).to.equal(
      'Geen verbinding. Probeer het opnieuw.',
    );
    expect(events.find((e) => e.type === 'billink-error')?.detail).to.deep.equal({
      code: 'network',
      retryable: true,
    });
    expect(shadow(el).querySelector<HTMLInputElement>('[name="lastName"]')!.value).to.equal(
      'de Vries',
    );
    expect(button(el, /Kies een andere betaalmethode/)).to.exist;
    offline = false;
    button(el, /Probeer opnieuw/).click();
    await settled(el, 'approved');
  });

  it('puts a field error from the proxy on that field', async () => {
    worker.use(
      http.post('/billink/check', () =>
        HttpResponse.json(
          {
            error: {
              code: 'billink_rejected',
              message: 'Vul een geldige postcode in, bijvoorbeeld 1234 AB.',
              field: 'billingAddress.postalCode',
              retryable: false,
            },
          },
          { status: 422 },
        ),
      ),
    );
    const { el } = await checkout(
      html`<billink-checkout order-ref="WEB-12" mode="direct" locale="nl"></billink-checkout>`,
    );
    el.start();
    await el.updateComplete;
    fill(el, validForm);
    shadow(el).querySelector('form')!.requestSubmit();
    await settled(el, 'collecting');
    const postal = shadow(el).querySelector<HTMLInputElement>(
      '[name="billingAddress.postalCode"]',
    )!;
    await until(() => postal.getAttribute('aria-invalid') === 'true');
    expect(textOf(shadow(el).getElementById(postal.getAttribute('aria-describedby')!))).to.contain(
      'geldige postcode',
    );
  });
  it('a field error from the proxy follows a language switch (issue 20 item 11)', async () => {
    worker.use(
      http.post('/billink/check', ({ request }) => {
        const en = request.headers.get('accept-language') === 'en';
        return HttpResponse.json(
          {
            error: {
              code: 'billink_rejected',
              message: en
                ? 'Enter a valid postal code, for example 1234 AB.'
                : 'Vul een geldige postcode in, bijvoorbeeld 1234 AB.',
              field: 'billingAddress.postalCode',
              retryable: false,
            },
          },
          { status: 422 },
        );
      }),
    );
    const { el } = await checkout(
      html`<billink-checkout order-ref="WEB-12b" mode="direct" locale="nl"></billink-checkout>`,
    );
    el.start();
    await el.updateComplete;
    fill(el, validForm);
    shadow(el).querySelector('form')!.requestSubmit();
    await settled(el, 'collecting');
    const postalError = () => {
      const postal = shadow(el).querySelector('[name="billingAddress.postalCode"]')!;
      return textOf(shadow(el).getElementById(postal.getAttribute('aria-describedby') ?? ''));
    };
    await until(() => postalError() !== '');
    expect(postalError()).to.equal('Vul een geldige postcode in, bijvoorbeeld 1234 AB.');
    el.locale = 'en';
    await el.updateComplete;
    // The element's own text for what Billink rejected, in the new language.
    expect(postalError()).to.equal('Enter a postal code like 1234 AB.');
    expect(textOf(shadow(el).querySelector('.message'))).to.equal(
      'Please correct the highlighted fields.',
    );
    el.locale = 'nl';
    await el.updateComplete;
    expect(postalError()).to.equal('Vul een geldige postcode in, bijvoorbeeld 1234 AB.');
  });
  it('session mode: a prefilled field the proxy rejects is named in the new language too', async () => {
    worker.use(
      http.post('/billink/check', () =>
        HttpResponse.json(
          {
            error: {
              code: 'postal_code_format',
              message: 'Vul een geldige postcode in, bijvoorbeeld 1234 AB.',
              field: 'billingAddress.postalCode',
              retryable: false,
            },
          },
          { status: 422 },
        ),
      ),
    );
    const { el } = await checkout(
      html`<billink-checkout
        order-ref="WEB-12c"
        locale="nl"
        .customer=${customer}
      ></billink-checkout>`,
    );
    el.start();
    await settled(el, 'error');
    const message = () => textOf(shadow(el).querySelector('.message'));
    const status = () => textOf(shadow(el).querySelector('[role="status"]'));
    expect(message()).to.equal('Vul een geldige postcode in, bijvoorbeeld 1234 AB.');
    el.locale = 'en';
    await el.updateComplete;
    // Not "Something went wrong": the field's own text, shown and announced alike.
    expect(message()).to.equal('Enter a postal code like 1234 AB.');
    expect(status()).to.equal(message());
  });
});

describe('<billink-checkout> never twice, never lost', () => {
  it('a double click sends one request; the button is busy meanwhile', async () => {
    worker.use(
      http.post('/billink/orders', async () => {
        calls.push({ path: 'orders', body: null, headers: {} });
        await delay(200);
        return HttpResponse.json(
          { error: { code: 'x', message: 'x', retryable: true } },
          { status: 503 },
        );
      }),
    );
    const { el } = await checkout(html`<billink-checkout order-ref="WEB-13"></billink-checkout>`);
    const pay = shadow(el).querySelector('button')!;
    pay.click();
    pay.click();
    await el.updateComplete;
    // While busy there is no button to press again, only the visible status.
    expect(shadow(el).querySelector('button')).to.equal(null);
    expect(message(el)).to.equal('Preparing your payment…');
    await settled(el, 'error');
    expect(calls.filter((c) => c.path === 'orders')).to.have.length(1);
  });

  it('retries with the same Idempotency-Key', async () => {
    let fail = true;
    const keys: string[] = [];
    worker.use(
      http.post('/billink/orders', ({ request }) => {
        keys.push(request.headers.get('idempotency-key')!);
        if (fail)
          return HttpResponse.json(
            {
              error: {
                code: 'billink_unavailable',
                message: 'Billink is even niet bereikbaar.',
                retryable: true,
              },
            },
            { status: 503 },
          );
        return HttpResponse.json(
          {
            orderId: 'ord_1',
            statusToken: 't',
            status: 'pending',
            redirectUrl: 'https://billink.test/x',
            expiresAt: future(),
          },
          { status: 201 },
        );
      }),
    );
    const { el, navigations } = await checkout(
      html`<billink-checkout order-ref="WEB-14" locale="nl"></billink-checkout>`,
    );
    el.start();
    await settled(el, 'error');
    expect(message(el)).to.equal(
      'Billink is even niet bereikbaar.',
      'the proxy\u2019s own message',
    );
    fail = false;
    button(el, /Probeer opnieuw/).click();
    await until(() => navigations.length === 1);
    expect(keys).to.have.length(2);
    expect(keys[0]).to.equal(keys[1]);
  });

  it('a new amount after a check checks again', async () => {
    worker.use(...proxy({ outcome: 'declined' }));
    const { el } = await checkout(
      html`<billink-checkout
        order-ref="WEB-15"
        amount="49.95"
        .customer=${customer}
      ></billink-checkout>`,
    );
    el.start();
    await settled(el, 'declined');
    el.amount = '39.95';
    await until(() => calls.filter((c) => c.path === 'check').length === 2);
  });
});

describe('<billink-checkout> in a form', () => {
  it('is invalid until Billink approved, then submits the order id under its name', async () => {
    worker.use(...proxy({ status: () => 'approved' }));
    const form = await fixture<HTMLFormElement>(
      html`<form>
        <billink-checkout name="billink_order" order-ref="WEB-16" locale="en"></billink-checkout>
      </form>`,
    );
    const el = form.querySelector('billink-checkout')!;
    await el.updateComplete;
    expect(form.checkValidity()).to.equal(false);
    expect(el.matches(':invalid')).to.equal(true);
    expect(new FormData(form).get('billink_order')).to.equal(null);
    pending('WEB-16b');
    // A shop may submit right in the handler: the element must already be valid then.
    const validInHandler = new Promise<boolean>((resolve) =>
      el.addEventListener('billink-approved', () => resolve(form.checkValidity())),
    );
    el.orderRef = 'WEB-16b';
    expect(await validInHandler).to.equal(true);
    await settled(el, 'approved');
    await el.updateComplete;
    expect(form.checkValidity()).to.equal(true);
    expect(new FormData(form).get('billink_order')).to.equal('ord_1');
  });
});

describe('<billink-checkout> a new order-ref, the logo, form-control methods', () => {
  it('a new order-ref starts a new order, even after an approval', async () => {
    worker.use(...proxy({ status: () => 'approved' }));
    pending('N-1');
    const { el } = await checkout(
      html`<billink-checkout order-ref="N-1" name="b"></billink-checkout>`,
    );
    await settled(el, 'approved');
    expect(el.checkValidity()).to.equal(true);
    el.orderRef = 'N-2';
    await el.updateComplete;
    expect(el.state).to.equal('idle');
    expect(el.checkValidity()).to.equal(false);
    expect(el.validity.customError).to.equal(true);
    expect(el.validationMessage).to.not.equal('');
  });

  it('passes logo-src to its badge (builtin: no logo request at all)', async () => {
    const el = await fixture<BillinkCheckout>(
      html`<billink-checkout logo-src="builtin"></billink-checkout>`,
    );
    const badge = shadow(el).querySelector('billink-badge')!;
    await badge.updateComplete;
    expect(badge.shadowRoot!.querySelector('img')).to.equal(null);
    expect(badge.shadowRoot!.querySelector('svg')).to.exist;
  });
});

describe('<billink-checkout> manual, reset, locale', () => {
  it('manual: no own button, start() runs it', async () => {
    worker.use(...proxy());
    const { el, navigations } = await checkout(
      html`<billink-checkout manual order-ref="WEB-17"></billink-checkout>`,
    );
    expect(shadow(el).querySelector('button')).to.equal(null);
    el.start();
    await until(() => navigations.length === 1);
  });

  it('switches language mid-flow', async () => {
    worker.use(...proxy({ status: () => 'pending' }));
    pending('WEB-18');
    const { el } = await checkout(
      html`<billink-checkout order-ref="WEB-18" locale="nl"></billink-checkout>`,
    );
    await settled(el, 'polling');
    expect(message(el)).to.equal('Je betaling wordt bevestigd…');
    el.locale = 'en';
    await el.updateComplete;
    expect(message(el)).to.equal('Confirming your payment…');
    expect(live(el)).to.equal('Confirming your payment…');
    el.reset();
    await el.updateComplete;
    expect(el.state).to.equal('idle');
    expect(sessionStorage.getItem('billink:pending:WEB-18')).to.equal(null);
  });
});

describe('<billink-checkout> keeps Billink\u2019s text visible', () => {
  it('warns once and tells the shop when a theme hides the mandated text', async () => {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync('.hide-billink billink-checkout::part(text) { display: none; }');
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
    const warnings: unknown[] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args);
    try {
      const wrapper = await fixture(
        html`<div class="hide-billink"><billink-checkout></billink-checkout></div>`,
      );
      const el = wrapper.querySelector('billink-checkout')!;
      const seen: unknown[] = [];
      wrapper.addEventListener('billink-compliance-warning', (e) =>
        seen.push((e as CustomEvent).detail),
      );
      await until(() => seen.length === 1);
      el.amount = '1.00';
      await el.updateComplete;
      await new Promise((r) => requestAnimationFrame(r));
      expect(seen).to.deep.equal([{ reason: 'hidden' }]);
      expect(warnings).to.have.length(1);
    } finally {
      console.warn = warn;
      document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== sheet);
    }
  });

  it('does not warn for a normal theme', async () => {
    const seen: unknown[] = [];
    const el = await fixture<BillinkCheckout>(html`<billink-checkout></billink-checkout>`);
    el.addEventListener('billink-compliance-warning', (e) => seen.push(e));
    el.amount = '2.00';
    await el.updateComplete;
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    expect(seen).to.deep.equal([]);
  });
});

describe('<billink-checkout> is accessible in every state', () => {
  for (const locale of ['nl', 'en']) {
    it(`idle, collecting, invalid form, error (${locale})`, async () => {
      worker.use(http.post('/billink/check', () => HttpResponse.error()));
      const { el } = await checkout(
        html`<billink-checkout
          order-ref="A-${locale}"
          mode="direct"
          amount="12.50"
          locale=${locale}
        ></billink-checkout>`,
      );
      await expect(el).to.be.accessible();
      el.start();
      await el.updateComplete;
      await expect(el).to.be.accessible();
      shadow(el).querySelector('form')!.requestSubmit();
      await el.updateComplete;
      await expect(el).to.be.accessible();
      fill(el, validForm);
      shadow(el).querySelector('form')!.requestSubmit();
      await settled(el, 'error');
      await expect(el).to.be.accessible();
    });

    it(`declined (${locale})`, async () => {
      worker.use(...proxy({ outcome: 'declined' }));
      const { el } = await checkout(
        html`<billink-checkout
          order-ref="B-${locale}"
          locale=${locale}
          .customer=${customer}
        ></billink-checkout>`,
      );
      el.start();
      await settled(el, 'declined');
      await expect(el).to.be.accessible();
    });

    for (const final of ['polling', 'approved', 'cancelled', 'expired', 'failed']) {
      it(`${final} (${locale})`, async () => {
        worker.use(...proxy({ status: () => (final === 'polling' ? 'pending' : final) }));
        pending(`C-${final}-${locale}`);
        const { el } = await checkout(
          html`<billink-checkout
            order-ref="C-${final}-${locale}"
            locale=${locale}
          ></billink-checkout>`,
        );
        await settled(el, final);
        await expect(el).to.be.accessible();
      });
    }

    it(`awaiting the customer in a popup (${locale})`, async () => {
      const realOpen = window.open;
      window.open = (() => ({ closed: false, focus() {} })) as unknown as typeof window.open;
      try {
        worker.use(...proxy({ status: () => 'pending' }));
        const { el } = await checkout(
          html`<billink-checkout
            order-ref="D-${locale}"
            open="popup"
            locale=${locale}
            .customer=${customer}
          ></billink-checkout>`,
        );
        el.start();
        await settled(el, 'awaiting-customer');
        await expect(el).to.be.accessible();
        el.reset();
      } finally {
        window.open = realOpen;
      }
    });
  }
});
