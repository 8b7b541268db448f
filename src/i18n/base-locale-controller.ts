import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { TFunction } from 'i18next';
import { translator } from './i18n.js';
import { resolveLocale, type Locale } from './resolve-locale.js';

/** An element with a reactive `locale` property (read directly: its reflected attribute lags one update). */
export type Host = ReactiveControllerHost & HTMLElement & { locale?: string | undefined };

// One observer for the whole page, however many widgets it holds: any `lang` change (on <html> or
// an ancestor) asks every connected host to re-resolve its locale.
const hosts = new Set<Host>();
let observer: MutationObserver | undefined;

function watch(host: Host): void {
  hosts.add(host);
  if (!observer) {
    observer = new MutationObserver(() => hosts.forEach((h) => h.requestUpdate()));
    observer.observe(document.documentElement, {
      attributes: true,
      attributeFilter: ['lang'],
      subtree: true,
    });
  }
}

function unwatch(host: Host): void {
  hosts.delete(host);
  if (hosts.size === 0) {
    observer?.disconnect();
    observer = undefined;
  }
}

/**
 * Gives an element its locale and a translate function, re-rendering it when `<html lang>` or an
 * ancestor's `lang` changes at runtime. The element's own `locale` property must be reactive.
 * Only the badge's texts are sure to be loaded: elements that need more use `LocaleController`.
 */
export class BaseLocaleController implements ReactiveController {
  /** Resolved before every render. */
  locale: Locale = 'nl';
  t: TFunction = translator('nl');

  constructor(protected readonly host: Host) {
    host.addController(this);
  }

  hostConnected(): void {
    watch(this.host);
  }

  hostDisconnected(): void {
    unwatch(this.host);
  }

  hostUpdate(): void {
    const locale = resolveLocale(this.host, this.host.locale ?? null);
    if (locale !== this.locale) {
      this.locale = locale;
      this.t = translator(locale);
    }
  }
}
