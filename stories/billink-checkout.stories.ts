import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { expect } from 'storybook/test';
import type { CustomerData } from '../src/flow/index.js';
import {
  createBillinkStack,
  DEMO_CART_AMOUNT,
  type BillinkStack,
  type StackOptions,
} from './support/billink-stack.js';
import { checkoutIn, clickPay, fill, reaches, submitForm } from './support/play.js';

interface CheckoutArgs {
  locale: 'nl' | 'en';
}

/** What the shop already knows from its own checkout form (session mode sends it as a prefill). */
const anna: CustomerData = {
  type: 'p',
  firstName: 'Anna',
  lastName: 'de Vries',
  birthdate: '1990-05-17',
  email: 'anna@example.nl',
  phone: '0612345678',
  billingAddress: {
    street: 'Damrak',
    houseNumber: '1',
    postalCode: '1012 LG',
    city: 'Amsterdam',
    countryCode: 'NL',
  },
};

/** Anna with one of the simulator's declarable outcomes as her e-mail's `+tag`. */
const annaWith = (marker: string): CustomerData => ({
  ...anna,
  email: `anna+${marker}@example.nl`,
});

interface FlowOptions {
  /** The Billink side: what the shopper does on Billink's page, proxy reachability, timeouts. */
  stack?: StackOptions;
  mode?: 'session' | 'direct';
  customer?: CustomerData;
  play?: Story['play'];
}

/**
 * A story on its own proxy + simulator (created in a loader, before the element renders). Session
 * mode opens Billink's page as a popup: a redirect would take the Storybook frame away.
 */
function flow({ stack, mode = 'session', customer = anna, play }: FlowOptions): Story {
  return {
    loaders: [async () => ({ stack: await createBillinkStack(stack) })],
    render: (args, { loaded }) => {
      const { proxyUrl, orderRef } = loaded.stack as BillinkStack;
      return html`<billink-checkout
        proxy-url=${proxyUrl}
        order-ref=${orderRef}
        amount=${DEMO_CART_AMOUNT}
        locale=${args.locale}
        mode=${mode}
        open="popup"
        .customer=${customer}
      ></billink-checkout>`;
    },
    ...(play ? { play } : {}),
  };
}

/**
 * The whole payment against the real merchant proxy and the Billink simulator, in the browser
 * (msw's service worker). Each state comes from what Billink answers, chosen with the simulator's
 * declarable outcomes in the customer's data; see `stories/support/billink-stack.ts`.
 *
 * On this docs page every story starts at its first screen: press its pay button to play it. (Its
 * `play` does that on the story's own page; here it would not, because a decline or an error moves
 * focus to the message, and a page of them would jump around.)
 */
const meta = {
  title: 'Billink/Checkout',
  component: 'billink-checkout',
  args: { locale: 'nl' },
  // `type` too: the manifest's `string | undefined` would make Storybook drop `?args=locale:en`.
  argTypes: { locale: { control: 'inline-radio', options: ['nl', 'en'], type: 'string' } },
} satisfies Meta<CheckoutArgs>;

export default meta;
type Story = StoryObj<CheckoutArgs>;

/** Before the shopper chose Billink's pay button. Click it: the full journey ends approved. */
export const Idle: Story = flow({});

/** Direct mode: the element's own form, prefilled with what the shop knows. */
export const Collecting: Story = flow({
  mode: 'direct',
  customer: { firstName: 'Anna', lastName: 'de Vries', email: 'anna@example.nl' },
  play: async ({ canvasElement }) => {
    const el = await checkoutIn(canvasElement);
    await clickPay(el);
    await reaches(el, 'collecting');
  },
});

/** Obvious mistakes are shown on their field before anything is sent. */
export const FormWithErrors: Story = flow({
  mode: 'direct',
  play: async ({ canvasElement }) => {
    const el = await checkoutIn(canvasElement);
    await clickPay(el);
    fill(el, { email: 'anna@', 'billingAddress.postalCode': '12AB', phone: '' });
    await submitForm(el);
    await expect(el.shadowRoot?.querySelectorAll('[aria-invalid="true"]').length).toBe(3);
  },
});

/**
 * Billink's credit check is under way, and stays so: Billink does not answer here, so the story
 * keeps showing `checking` (a `slow-N` marker would move on to `approved` after N seconds).
 */
export const Checking: Story = {
  ...flow({
    mode: 'direct',
    stack: { holdCheck: true },
    play: async ({ canvasElement }) => {
      const el = await checkoutIn(canvasElement);
      await clickPay(el);
      await submitForm(el);
      await reaches(el, 'checking');
    },
  }),
  // The element gives up on a request after 15 s (then "no connection"); this story is about the
  // wait itself, so its requests never time out. Restored when the story is left.
  beforeEach: () => {
    const timeout = AbortSignal.timeout;
    AbortSignal.timeout = () => new AbortController().signal;
    return () => {
      AbortSignal.timeout = timeout;
    };
  },
};

/** Billink declines pay-later: last name `Decline`. The shop offers another payment method. */
export const Declined: Story = flow({
  customer: { ...anna, lastName: 'Decline' },
  play: async ({ canvasElement }) => {
    const el = await checkoutIn(canvasElement);
    await clickPay(el);
    await reaches(el, 'declined');
  },
});

/** The shop's proxy cannot be reached (the network fails): try again, or pay another way. */
export const ErrorProxyUnreachable: Story = flow({
  stack: { proxyReachable: false },
  play: async ({ canvasElement }) => {
    const el = await checkoutIn(canvasElement);
    await clickPay(el);
    await reaches(el, 'error');
  },
});

/** Billink is down: `http-503` in the e-mail; the proxy answers in the shopper's language. */
export const ErrorBillinkDown: Story = flow({
  customer: annaWith('http-503'),
  play: async ({ canvasElement }) => {
    const el = await checkoutIn(canvasElement);
    await clickPay(el);
    await reaches(el, 'error');
  },
});

/** Billink does not answer: `timeout` in the e-mail, with the proxy's Billink timeout at 1.5 s. */
export const ErrorBillinkTimeout: Story = flow({
  stack: { billinkTimeoutMs: 1500 },
  customer: annaWith('timeout'),
  play: async ({ canvasElement }) => {
    const el = await checkoutIn(canvasElement);
    await clickPay(el);
    await reaches(el, 'error', 15_000);
  },
});

/** Billink's page is open in a popup and the shopper has not finished there yet. */
export const AwaitingCustomer: Story = flow({
  stack: { shopper: 'stay' },
  play: async ({ canvasElement }) => {
    const el = await checkoutIn(canvasElement);
    await clickPay(el);
    await reaches(el, 'awaiting-customer');
  },
});

/**
 * The shopper closed Billink's page without choosing: the payment is not completed ("Verder bij
 * Billink" reopens the same session), and the element keeps asking the proxy meanwhile.
 */
export const Incomplete: Story = flow({
  stack: { shopper: 'close' },
  play: async ({ canvasElement }) => {
    const el = await checkoutIn(canvasElement);
    await clickPay(el);
    await reaches(el, 'incomplete');
  },
});

/** The shopper approves on Billink's page; the element confirms it with the proxy. */
export const Approved: Story = flow({
  stack: { shopper: 'approve' },
  play: async ({ canvasElement }) => {
    const el = await checkoutIn(canvasElement);
    await clickPay(el);
    await reaches(el, 'approved');
  },
});

/** Direct mode end to end: the form, Billink's check and the order, without leaving the shop. */
export const ApprovedDirect: Story = flow({
  mode: 'direct',
  play: async ({ canvasElement }) => {
    const el = await checkoutIn(canvasElement);
    await clickPay(el);
    await submitForm(el);
    await reaches(el, 'approved');
  },
});

/** The shopper cancels on Billink's page. */
export const Cancelled: Story = flow({
  stack: { shopper: 'cancel' },
  play: async ({ canvasElement }) => {
    const el = await checkoutIn(canvasElement);
    await clickPay(el);
    await reaches(el, 'cancelled');
  },
});

/** Billink's session runs out while its page is open (the simulator's clock jumps past an hour). */
export const Expired: Story = flow({
  stack: { shopper: 'expire' },
  play: async ({ canvasElement }) => {
    const el = await checkoutIn(canvasElement);
    await clickPay(el);
    await reaches(el, 'expired');
  },
});

/**
 * Billink rejects the shopper on its own page: the shop sent no birthdate (so no check in the shop),
 * last name `Decline`; the shopper approves, Billink's check fails the session — a decline.
 */
const { birthdate: _birthdate, ...annaWithoutBirthdate } = anna;
export const DeclinedOnBillink: Story = flow({
  stack: { shopper: 'approve' },
  customer: { ...annaWithoutBirthdate, lastName: 'Decline' },
  play: async ({ canvasElement }) => {
    const el = await checkoutIn(canvasElement);
    await clickPay(el);
    await reaches(el, 'declined');
  },
});
