/**
 * Main entry: registers `<billink-checkout>` and `<billink-badge>` on import (idempotent, so a page
 * that loads the widget twice does not throw) and exports everything the side-effect-free entry does.
 */
import { defineBillinkElements } from './elements.js';

export * from './elements.js';

defineBillinkElements();
