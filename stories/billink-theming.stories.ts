import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import type { BillinkCheckout } from '../src/index.js';
import {
  createBillinkStack,
  DEMO_CART_AMOUNT,
  type BillinkStack,
} from './support/billink-stack.js';
import { checkoutIn, clickPay, reaches } from './support/play.js';

interface ThemeArgs {
  locale: 'nl' | 'en';
}

/**
 * A shop theme ("Groen & Zo": deep green, serif headings, pill buttons) styles the checkout with
 * the `--billink-*` custom properties and `::part()`. Billink's mandated text stays visible: the
 * theme restyles it but never hides it (the element warns with `billink-compliance-warning` if a
 * theme does).
 */
const shopTheme = html`<style>
  .groen-en-zo {
    max-width: 34rem;
    padding: 1.5rem;
    border-radius: 1rem;
    background: #f4f1e8;
    font-family: Georgia, 'DejaVu Serif', serif;
    color: #1d3b2a;
    /* The documented custom properties, set once on an ancestor. */
    --billink-text-color: #1d3b2a;
    --billink-focus-color: #2f6b47;
    --billink-button-background: #1d3b2a;
    --billink-button-color: #ffffff;
    --billink-error-color: #9b1c1c;
    --billink-radius: 999px;
    --billink-font-family: Georgia, 'DejaVu Serif', serif;
    --billink-badge-radius: 999px;
    --billink-badge-padding: 0.5em 1em;
  }
  .groen-en-zo h2 {
    margin: 0 0 1rem;
    font-size: 1.25rem;
  }
  /* Parts: restyle, never hide, the mandated text. */
  .groen-en-zo billink-checkout::part(text) {
    font-weight: 700;
    letter-spacing: 0.01em;
  }
  .groen-en-zo billink-checkout::part(amount) {
    font-size: 1.125rem;
  }
  .groen-en-zo billink-checkout::part(notice) {
    color: #4a5d50;
  }
  .groen-en-zo billink-checkout::part(button) {
    padding-inline: 1.5rem;
    text-transform: uppercase;
    letter-spacing: 0.05em;
  }
  .groen-en-zo billink-checkout::part(field) {
    font-family: system-ui, sans-serif;
  }
</style>`;

const meta = {
  title: 'Billink/Theming',
  component: 'billink-checkout',
  args: { locale: 'nl' },
  // `type` too: the manifest's `string | undefined` would make Storybook drop `?args=locale:en`.
  argTypes: { locale: { control: 'inline-radio', options: ['nl', 'en'], type: 'string' } },
  loaders: [async () => ({ stack: await createBillinkStack({ shopper: 'approve' }) })],
  render: (args, { loaded }) => {
    const { proxyUrl, orderRef } = loaded.stack as BillinkStack;
    return html`${shopTheme}
      <section class="groen-en-zo">
        <h2>${args.locale === 'en' ? 'How would you like to pay?' : 'Hoe wil je betalen?'}</h2>
        <billink-checkout
          proxy-url=${proxyUrl}
          order-ref=${orderRef}
          amount=${DEMO_CART_AMOUNT}
          locale=${args.locale}
          mode="direct"
          @billink-compliance-warning=${(e: Event) =>
            console.error('theme hides Billink text', (e.target as BillinkCheckout).localName)}
        ></billink-checkout>
      </section>`;
  },
} satisfies Meta<ThemeArgs>;

export default meta;
type Story = StoryObj<ThemeArgs>;

/** The shop's theme on the first screen. */
export const ShopTheme: Story = {};

/** The same theme on the direct form (fields, buttons, the badge in pill shape). */
export const ShopThemeForm: Story = {
  play: async ({ canvasElement }) => {
    const el = await checkoutIn(canvasElement);
    await clickPay(el);
    await reaches(el, 'collecting');
  },
};
