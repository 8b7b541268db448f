import { BaseLocaleController, type Host } from './base-locale-controller.js';
import { addTexts } from './i18n.js';
import { en } from './locales/en.js';
import { nl } from './locales/nl.js';

let loaded = false;

/**
 * `BaseLocaleController` with every text of the widget loaded (checkout, flow, form). The badge
 * uses the base class, so its entry does not carry these texts. Loading happens in the constructor,
 * not as an import side effect, so no bundler can tree-shake it away.
 */
export class LocaleController extends BaseLocaleController {
  constructor(host: Host) {
    if (!loaded) {
      addTexts({ nl, en });
      loaded = true;
    }
    super(host);
  }
}
