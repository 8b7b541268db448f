/**
 * Server rendering for `<billink-badge>` (npm: `billink-checkout/ssr`): the badge as HTML with a
 * declarative shadow root holding its styles and Billink's mandated text, so it shows before (and
 * without) JavaScript. When the badge script loads, the element replaces this content with its own
 * render of the same DOM in the same task: no flash, no layout shift, the text once.
 *
 * Hand-written rather than Lit's SSR: Lit's client hydrate support alone would add ~2.1 KB gzip to the
 * badge entry, more than its budget leaves. test/components/billink-badge-ssr.test.ts checks that
 * this markup and the client render give the same DOM, boxes and colours.
 *
 * Runs anywhere (Node, edge, browser): no DOM, no Node APIs.
 */
import { badgeStyles } from './components/billink-badge/billink-badge.styles.js';
import {
  AUTO_BADGE,
  BADGE_STYLES,
  BUILTIN_LOGO,
  DEFAULT_LOGO_SRC,
  TEXT_VARIANTS,
  type BadgeStyle,
  type TextVariant,
} from './components/billink-badge/constants.js';
import { brandTokens } from './components/shared/tokens.styles.js';
import { translator } from './i18n/i18n.js';
import { DEFAULT_LOCALE, foldLocale, type Locale } from './i18n/resolve-locale.js';

export interface RenderBadgeOptions {
  /** `nl` or `en`; regional tags fold (`nl-BE` → nl), anything else is Dutch. */
  locale: string;
  /** One of Billink's allowed texts (`default`, `alternate`, `short`); anything else is `default`. */
  textVariant?: string;
  /** `orange`, `white`, `black` or `auto` (server-rendered orange until the script picks). */
  badge?: string;
  /** Logo URL; defaults to Billink's CDN. `builtin`: the built-in wordmark, no request. */
  logoSrc?: string;
  /** CSP nonce for the inline `<style>` (a page without `'unsafe-inline'` needs it, or the style's hash). */
  nonce?: string;
}

const ATTRIBUTE_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => ATTRIBUTE_ESCAPES[c]!);

const oneOf = <T extends string>(allowed: readonly T[], value: string | undefined, fallback: T) =>
  allowed.find((a) => a === value) ?? fallback;

/**
 * The badge's stylesheet as one line: the same rules the element adopts (brand tokens, then the
 * badge's own), whitespace squeezed. Constant, so a strict CSP can allow it by hash.
 */
export const BADGE_CSS = [brandTokens, badgeStyles]
  .map((s) => s.cssText)
  .join('')
  .replace(/\/\*[\s\S]*?\*\//g, '')
  .replace(/\s+/g, ' ')
  .replace(/\s*([{};>])\s*/g, '$1')
  .replace(/([\w-]):\s+/g, '$1:')
  .trim();

/** The built-in wordmark, as wordmark.ts renders it. */
const wordmark = (label: string) =>
  `<svg class="logo" part="logo" viewBox="0 0 76 24" role="img" aria-label="${escapeHtml(label)}">` +
  '<text x="0" y="18">billink</text><circle cx="71" cy="15" r="3.5"></circle></svg>';

/** `<billink-badge …>` with a declarative shadow root: see the module comment. */
export function renderBadge(options: RenderBadgeOptions): string {
  const locale: Locale = foldLocale(options.locale) ?? DEFAULT_LOCALE;
  const t = translator(locale);
  const variant: TextVariant = oneOf(TEXT_VARIANTS, options.textVariant, 'default');
  const badge =
    options.badge === AUTO_BADGE ? AUTO_BADGE : oneOf(BADGE_STYLES, options.badge, 'orange');
  // `auto` needs the page's colours, known only in the browser: orange (Billink's preferred) until then.
  const colours: BadgeStyle = badge === AUTO_BADGE ? 'orange' : badge;
  const logoSrc = options.logoSrc ?? DEFAULT_LOGO_SRC;
  const alt = t('badge.logoAlt');

  // The host carries the same settings, so the element renders what was rendered here.
  let host = `<billink-badge locale="${locale}"`;
  if (options.textVariant !== undefined) host += ` text-variant="${variant}"`;
  if (options.badge !== undefined) host += ` badge="${badge}"`;
  if (logoSrc !== DEFAULT_LOGO_SRC) host += ` logo-src="${escapeHtml(logoSrc)}"`;
  const nonce = options.nonce ? ` nonce="${escapeHtml(options.nonce)}"` : '';
  const logo =
    !logoSrc || logoSrc === BUILTIN_LOGO
      ? wordmark(alt)
      : `<img class="logo" part="logo" src="${escapeHtml(logoSrc)}" alt="${escapeHtml(alt)}" ` +
        'referrerpolicy="no-referrer" decoding="async">';
  return (
    `${host}><template shadowrootmode="open"><style${nonce}>${BADGE_CSS}</style>` +
    `<span class="badge ${colours}" part="badge">${logo}` +
    `<span class="text" part="text">${escapeHtml(t(`badge.text.${variant}`))}</span>` +
    '</span></template></billink-badge>'
  );
}
