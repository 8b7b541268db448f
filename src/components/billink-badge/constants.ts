/** The badge's settings, shared by the element and the server renderer (src/ssr.ts). */

/** The texts Billink allows next to its logo; the words come from the locale, never from the page. */
export const TEXT_VARIANTS = ['default', 'alternate', 'short'] as const;
export type TextVariant = (typeof TEXT_VARIANTS)[number];

/** The badge looks, in Billink's order of preference (`auto` breaks a tie with the first). */
export const BADGE_STYLES = ['orange', 'white', 'black'] as const;
export type BadgeStyle = (typeof BADGE_STYLES)[number];

/** `badge="auto"`: the element picks the style by contrast with what is behind it. */
export const AUTO_BADGE = 'auto';

/** Billink's brand guide asks for the logo from its CDN. */
export const DEFAULT_LOGO_SRC = 'https://cdn.billink.nl/assets/lockup/svg/billink-logo-default.svg';
/** `logo-src="builtin"` shows the built-in wordmark and makes no request at all. */
export const BUILTIN_LOGO = 'builtin';
