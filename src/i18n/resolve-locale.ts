/** The languages the widget speaks. Dutch is the default: Billink is a Dutch service. */
export const LOCALES = ['nl', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'nl';

/** Folds a BCP 47 tag to a supported locale: `nl-BE` → nl, `en-GB` → en; anything else → undefined. */
export function foldLocale(tag: string | null | undefined): Locale | undefined {
  const primary = tag?.trim().toLowerCase().split(/[-_]/)[0];
  return LOCALES.find((l) => l === primary);
}

/** The nearest `lang` attribute above `el`, crossing shadow roots (a `lang` on a host counts). */
function inheritedLang(el: Element): string | undefined {
  let node: Node | null = el.parentNode;
  while (node) {
    if (node instanceof Element && node.hasAttribute('lang'))
      return node.getAttribute('lang') ?? '';
    node = node instanceof ShadowRoot ? node.host : node.parentNode;
  }
  return undefined;
}

/**
 * Locale for an element: its own `locale` (attribute, or the property passed as `own`) → nearest ancestor `lang` (which ends at
 * `<html lang>`) → `navigator.languages` → Dutch. The first of the element's and the page's
 * settings that is present decides, and an unsupported one means Dutch (a shop that says `de`
 * gets Billink's default language, not the shopper's browser language); from the browser's list
 * the first supported language wins.
 */
export function resolveLocale(el: Element, own = el.getAttribute('locale')): Locale {
  if (own) return foldLocale(own) ?? DEFAULT_LOCALE;
  const inherited = inheritedLang(el);
  if (inherited) return foldLocale(inherited) ?? DEFAULT_LOCALE;
  for (const tag of globalThis.navigator?.languages ?? []) {
    const folded = foldLocale(tag);
    if (folded) return folded;
  }
  return DEFAULT_LOCALE;
}
