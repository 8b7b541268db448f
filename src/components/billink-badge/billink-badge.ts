import { html, LitElement, type PropertyValues } from 'lit';
import { BaseLocaleController } from '../../i18n/base-locale-controller.js';
import type { AutoBadgeController } from './auto-badge.js';
import {
  AUTO_BADGE,
  BADGE_STYLES,
  BUILTIN_LOGO,
  DEFAULT_LOGO_SRC,
  TEXT_VARIANTS,
  type BadgeStyle,
  type TextVariant,
} from './constants.js';
import { brandTokens } from '../shared/tokens.styles.js';
import { badgeStyles } from './billink-badge.styles.js';
import { wordmark } from './wordmark.js';

export {
  AUTO_BADGE,
  BADGE_STYLES,
  BUILTIN_LOGO,
  DEFAULT_LOGO_SRC,
  TEXT_VARIANTS,
  type BadgeStyle,
  type TextVariant,
};

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
 * `badge="auto"` follows Billink's toolkit ("use the one with the highest contrast with the
 * background"): the element walks up its ancestors, crossing shadow hosts, to the first background
 * colour that is not transparent (blending translucent ones on the way; the page canvas when there is
 * none), and shows the orange, white or black badge with the highest WCAG contrast against it. It
 * picks again when the theme may have changed: a `prefers-color-scheme` change, a `class`, `style`,
 * `data-theme` or `data-bs-theme` change on `<html>` or `<body>`, or the end of a CSS transition.
 * Background images are not seen. It stops watching when disconnected.
 *
 * Server-rendered markup (`renderBadge()` from `billink-checkout/ssr`, a declarative shadow root)
 * paints before the script loads; the element then replaces it with its own render in the same
 * task, so nothing flashes or moves.
 *
 * @tagname billink-badge
 * @summary Billink logo and mandated "pay later" text.
 *
 * @csspart badge - The coloured container around logo and text.
 * @csspart logo - The Billink logo image (or the built-in wordmark when the image cannot load).
 * @csspart text - The mandated text. Style it freely, but keep it visible.
 *
 * @cssprop [--billink-color-primary=#FF8D29] - Billink orange: the orange badge's background, the other badges' accent.
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

  /** Badge colours: `orange` (Billink's preferred), `white` (white with orange), `black` (black with orange) or `auto` (the one with the highest contrast against the background behind the badge, picked again when the theme changes). Anything else shows `orange`. */
  badge: BadgeStyle | 'auto' = 'orange';

  /** URL of the Billink logo; defaults to Billink's CDN. `builtin` uses the built-in wordmark without a request. */
  logoSrc: string = DEFAULT_LOGO_SRC;

  private logoFailed = false;

  readonly #i18n = new BaseLocaleController(this);
  // Loaded with the first `auto`: the contrast code stays out of pages that never ask for it.
  // Orange (Billink's preferred, what the server renders for `auto`) until it arrives.
  #auto: AutoBadgeController | undefined;
  #autoRequested = false;

  protected override createRenderRoot(): HTMLElement | DocumentFragment {
    // Server-rendered content (a declarative shadow root) goes; the first render, in this same task,
    // puts the identical DOM back, so no frame shows it missing and the text is there once.
    this.shadowRoot?.replaceChildren();
    return super.createRenderRoot();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // A new logo URL deserves a fresh attempt.
    if (changed.has('logoSrc')) this.logoFailed = false;
    if (this.badge === AUTO_BADGE && !this.#autoRequested) {
      this.#autoRequested = true;
      void import('./auto-badge.js').then(
        (m) => {
          this.#auto = new m.AutoBadgeController(this);
          this.requestUpdate();
        },
        () => {}, // chunk unreachable: the badge stays orange, still Billink's badge
      );
    }
  }

  protected override render() {
    const { t } = this.#i18n;
    const variant = oneOf(TEXT_VARIANTS, this.textVariant, 'default');
    const colours =
      this.badge === AUTO_BADGE
        ? (this.#auto?.picked ?? 'orange')
        : oneOf(BADGE_STYLES, this.badge, 'orange');
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
