/**
 * Registers a custom element once. A page may load the widget twice (a theme and a plugin, or the
 * CDN bundle and the npm build): the second registration is skipped instead of throwing.
 */
export function defineElement(tag: string, ctor: CustomElementConstructor): void {
  if (!customElements.get(tag)) customElements.define(tag, ctor);
}
