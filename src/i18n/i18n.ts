import { createInstance, type TFunction } from 'i18next';
import { badgeEn, badgeNl } from './locales/badge.js';
import type { Messages } from './locales/nl.js';
import type { Locale } from './resolve-locale.js';

/**
 * The widget's own i18next instance: never the page's global i18next, so a shop that uses i18next
 * itself keeps its language and resources. It starts with the badge's texts only, so the badge
 * entry ships without the checkout's; the checkout adds the rest (`addMessages`) before it renders.
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

/** Adds a full set of texts for each locale (deep merge); idempotent. */
export function addMessages(messages: Record<Locale, Messages>): void {
  for (const [locale, texts] of Object.entries(messages))
    i18n.addResourceBundle(locale, 'translation', texts, true, true);
}

/**
 * A translate function bound to one locale. Elements on one page may speak different languages,
 * so nobody calls `changeLanguage` on the shared instance.
 */
export function translator(locale: Locale): TFunction {
  return i18n.getFixedT(locale);
}
