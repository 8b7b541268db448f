/**
 * Product-page entry: registers only `<billink-badge>` (idempotent), without the checkout's code
 * and texts. CDN: `dist/cdn/billink-badge.es.js`; npm: `billink-checkout/badge`.
 */
import { BillinkBadge } from './components/billink-badge/billink-badge.js';
import { defineElement } from './define.js';

export {
  BillinkBadge,
  AUTO_BADGE,
  BADGE_STYLES,
  BUILTIN_LOGO,
  DEFAULT_LOGO_SRC,
  TEXT_VARIANTS,
  type BadgeStyle,
  type TextVariant,
} from './components/billink-badge/billink-badge.js';

defineElement('billink-badge', BillinkBadge);
