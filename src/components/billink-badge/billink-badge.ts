import { html, LitElement, type PropertyValues } from 'lit';
import { BaseLocaleController } from '../../i18n/base-locale-controller.js';
import { brandTokens } from '../shared/tokens.styles.js';
import { badgeStyles } from './billink-badge.styles.js';
import { wordmark } from './wordmark.js';

/** The texts Billink allows next to its logo; the words come from the locale, never from the page. */
export const TEXT_VARIANTS = ['default', 'alternate', 'short'] as const;
export type TextVariant = (typeof TEXT_VARIANTS)[number];

export const BADGE_STYLES = ['orange', 'white', 'black'] as const;
export type BadgeStyle = (typeof BADGE_STYLES)[number];

/** Billink's brand guide asks for the logo from its CDN. */
export const DEFAULT_LOGO_SRC = 'https://cdn.billink.nl/assets/lockup/svg/billink-logo-default.svg';
/** `logo-src="builtin"` shows the built-in wordmark and makes no request at all. */
export const BUILTIN_LOGO = 'builtin';

function oneOf<T extends string>(
  allowed: readonly T[],
  value: string | null | undefined,
  fallback: T,
): T {
  return allowed.find((a) => a === value) ?? fallback;
}

/**
 * The Billink logo with the text Billink mandates next to it ("Achteraf betalen met Billink" /
 * "Pay later with Billink"), for product pages, cart and footer. The text can be one of Billink's
 * allowed variants but can never be replaced or removed.
 *
 * @tagname billink-badge
 * @summary Billink logo and mandated "pay later" text.
 *
 * @csspart badge - The coloured container around logo and text.
 * @csspart logo - The Billink logo image (or the built-in wordmark when the image cannot load).
 * @csspart text - The mandated text. Style it freely, but keep it visible.
 *
 * @cssprop [--billink-color-primary=#FF8D29] - Billink orange: the orange badge's background, the other badges' accent.
 * @cssprop [--billink-color-primary-light=#FFEEDE] - Light orange, for soft backgrounds.
 * @cssprop [--billink-color-pastel-blue=#9ABAE8] - Brand pastel blue.
 * @cssprop [--billink-color-lilac=#9577AD] - Brand lilac.
 * @cssprop [--billink-color-dark-taupe=#16120D] - Brand dark taupe: text on light badges, background of the black badge.
 * @cssprop [--billink-font-family=inherit] - Font of the badge text.
 * @cssprop [--billink-badge-radius=0.5em] - Corner radius of the badge.
 * @cssprop [--billink-badge-padding=0.375em 0.75em] - Padding inside the badge.
 * @cssprop [--billink-badge-logo-height=1.25em] - Height of the logo.
 */
export class BillinkBadge extends LitElement {
  static override styles = [brandTokens, badgeStyles];
  // Plain `static properties` rather than decorators: the same reactive properties, fewer bytes.
  static override properties = {
    locale: { reflect: true },
    textVariant: { attribute: 'text-variant' },
    badge: { reflect: true },
    logoSrc: { attribute: 'logo-src' },
    logoFailed: { state: true, attribute: false },
  };

  /** Language of the text: `nl` or `en`; regional tags fold (`nl-BE` → nl). Unset: nearest `lang`, then the browser's languages, then Dutch. */
  locale?: string;

  /** Which of Billink's allowed texts to show: `default` ("Achteraf betalen met Billink"), `alternate` ("Betaal achteraf met Billink") or `short` ("Achteraf betalen"). Anything else shows `default`. */
  textVariant: TextVariant = 'default';

  /** Badge colours: `orange` (Billink's preferred), `white` (white with orange) or `black` (black with orange). */
  badge: BadgeStyle = 'orange';

  /** URL of the Billink logo; defaults to Billink's CDN. `builtin` uses the built-in wordmark without a request. */
  logoSrc: string = DEFAULT_LOGO_SRC;

  private logoFailed = false;

  readonly #i18n = new BaseLocaleController(this);

  protected override willUpdate(changed: PropertyValues<this>): void {
    // A new logo URL deserves a fresh attempt.
    if (changed.has('logoSrc')) this.logoFailed = false;
  }

  protected override render() {
    const { t } = this.#i18n;
    const variant = oneOf(TEXT_VARIANTS, this.textVariant, 'default');
    const colours = oneOf(BADGE_STYLES, this.badge, 'orange');
    const useWordmark = this.logoFailed || !this.logoSrc || this.logoSrc === BUILTIN_LOGO;
    return html`<span class="badge ${colours}" part="badge">
      ${
        useWordmark
          ? wordmark(t('badge.logoAlt'))
          : html`<img
              class="logo"
              part="logo"
              src=${this.logoSrc}
              alt=${t('badge.logoAlt')}
              referrerpolicy="no-referrer"
              decoding="async"
              @error=${this.#onLogoError}
            />`
      }
      <span class="text" part="text">${t(`badge.text.${variant}`)}</span>
    </span>`;
  }

  #onLogoError = (): void => {
    this.logoFailed = true;
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'billink-badge': BillinkBadge;
  }
}
