import { createInstance, type TFunction } from 'i18next';
import { badgeEn, badgeNl } from './locales/badge.js';
import type { Locale } from './resolve-locale.js';

/**
 * The widget's own i18next instance: never the page's global i18next, so a shop that uses i18next
 * itself keeps its language and resources. It starts with the badge's texts only, so the badge
 * entry ships without the checkout's; the checkout adds its own before it renders and the flow's
 * arrive with the flow's code, after the pay button (both through {@link addTexts}).
 * Initialised synchronously (`initAsync: false`): no network, no top-level await (the IIFE build
 * cannot have one).
 */
const i18n = createInstance();
void i18n.init({
  resources: { nl: { translation: { badge: badgeNl } }, en: { translation: { badge: badgeEn } } },
  lng: 'nl',
  fallbackLng: 'nl',
  supportedLngs: ['nl', 'en'],
  initAsync: false,
  // Lit escapes interpolated text when it renders; escaping here too would show entities.
  interpolation: { escapeValue: false },
});

/**
 * A translate function bound to one locale. Elements on one page may speak different languages,
 * so nobody calls `changeLanguage` on the shared instance.
 */
export function translator(locale: Locale): TFunction {
  return i18n.getFixedT(locale);
}

/**
 * Adds texts that load later (the payment flow's, with its code), merged into each language.
 * Translate functions made before read them too: they look texts up when called.
 */
export function addTexts(texts: Record<Locale, object>): void {
  for (const [locale, resources] of Object.entries(texts))
    i18n.addResourceBundle(locale, 'translation', resources, true, true);
}
