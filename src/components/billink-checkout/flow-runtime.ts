/**
 * Everything `<billink-checkout>` needs once the shopper starts paying, or comes back from
 * Billink: the flow machine, the poller, the direct form, the views and their texts. The element
 * loads it with a dynamic `import()` (a chunk of its own in the CDN build), so a product or
 * checkout page fetches only the idle checkout until the shopper acts.
 */
import { enFlow } from '../../i18n/locales/en-flow.js';
import { nlFlow } from '../../i18n/locales/nl-flow.js';

export { transition } from '../../flow/machine.js';
export { startPoller } from '../../flow/poller.js';
export { flowMessage, renderForm, renderOutcome } from './flow-views.js';
export type { FlowHandlers, FlowView } from './flow-views.js';

/** The flow's texts, for `addTexts` (no side effects at import: the loader adds them). */
export const texts = { nl: nlFlow, en: enFlow };
