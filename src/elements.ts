/**
 * Side-effect-free entry: the element classes and their types, nothing registered. Use it to
 * register under your own control (`defineBillinkElements()`) or to extend the classes.
 */
import { BillinkBadge } from './components/billink-badge/billink-badge.js';
import { BillinkCheckout } from './components/billink-checkout/billink-checkout.js';
import { defineElement } from './define.js';

export {
  BillinkBadge,
  BADGE_STYLES,
  BUILTIN_LOGO,
  DEFAULT_LOGO_SRC,
  TEXT_VARIANTS,
  type BadgeStyle,
  type TextVariant,
} from './components/billink-badge/billink-badge.js';
export { BillinkCheckout } from './components/billink-checkout/billink-checkout.js';
export { LOCALES, type Locale } from './i18n/resolve-locale.js';

/** Registers `<billink-checkout>` and `<billink-badge>`; safe to call more than once. */
export function defineBillinkElements(): void {
  defineElement('billink-badge', BillinkBadge);
  defineElement('billink-checkout', BillinkCheckout);
}
