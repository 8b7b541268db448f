import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { BADGE_STYLES, TEXT_VARIANTS, type BadgeStyle, type TextVariant } from '../src/index.js';

interface BadgeArgs {
  badge: BadgeStyle;
  'text-variant': TextVariant;
  locale: 'nl' | 'en';
  'logo-src': string;
}

const LOCALES = ['nl', 'en'] as const;

/**
 * Billink's logo with the text Billink mandates next to it. The stories use the built-in wordmark
 * (`logo-src="builtin"`): Billink's CDN logo would be a request to a third party.
 */
const meta = {
  title: 'Billink/Badge',
  component: 'billink-badge',
  args: { badge: 'orange', 'text-variant': 'default', locale: 'nl', 'logo-src': 'builtin' },
  // `type` too: with the manifest's union types Storybook would drop these args from the URL.
  argTypes: {
    badge: { control: 'inline-radio', options: [...BADGE_STYLES], type: 'string' },
    'text-variant': { control: 'inline-radio', options: [...TEXT_VARIANTS], type: 'string' },
    locale: { control: 'inline-radio', options: [...LOCALES], type: 'string' },
    'logo-src': { control: 'text', type: 'string' },
  },
  render: (args) =>
    html`<billink-badge
      badge=${args.badge}
      text-variant=${args['text-variant']}
      locale=${args.locale}
      logo-src=${args['logo-src']}
    ></billink-badge>`,
} satisfies Meta<BadgeArgs>;

export default meta;
type Story = StoryObj<BadgeArgs>;

/** One badge; every option is a control. */
export const Playground: Story = {};

/** A light grey backdrop, so the white badge's edge shows. */
const grid = (badges: readonly BadgeStyle[], locales: readonly string[]) =>
  html`<table style="border-collapse: separate; border-spacing: 1rem 0.75rem; font: 14px system-ui">
    <thead>
      <tr>
        <th></th>
        ${TEXT_VARIANTS.map((v) => html`<th style="text-align: start">${v}</th>`)}
      </tr>
    </thead>
    <tbody>
      ${badges.flatMap((badge) =>
        locales.map(
          (locale) =>
            html`<tr>
              <th style="text-align: start">${badge} · ${locale}</th>
              ${TEXT_VARIANTS.map(
                (variant) =>
                  html`<td style="background: #f3f1ee; padding: 0.75rem">
                    <billink-badge
                      badge=${badge}
                      text-variant=${variant}
                      locale=${locale}
                      logo-src="builtin"
                    ></billink-badge>
                  </td>`,
              )}
            </tr>`,
        ),
      )}
    </tbody>
  </table>`;

/** Every variant: badge `orange | white | black` × text `default | alternate | short` × `nl | en`. */
export const AllVariants: Story = {
  parameters: { controls: { disable: true } },
  render: () => grid(BADGE_STYLES, LOCALES),
};

/** Billink's preferred badge, in each allowed text; switch the language with the `locale` control. */
export const Orange: Story = {
  parameters: { controls: { include: ['locale'] } },
  render: (args) => grid(['orange'], [args.locale]),
};

/** White with Billink orange, for dark or busy backgrounds. */
export const White: Story = {
  parameters: { controls: { include: ['locale'] } },
  render: (args) => grid(['white'], [args.locale]),
};

/** Black (dark taupe) with Billink orange. */
export const Black: Story = {
  parameters: { controls: { include: ['locale'] } },
  render: (args) => grid(['black'], [args.locale]),
};

/**
 * A logo that cannot load (here a same-origin URL that does not exist) falls back to the built-in
 * wordmark; the mandated text stays.
 */
export const LogoFallback: Story = {
  args: { 'logo-src': '/no-such-billink-logo.svg' },
};
