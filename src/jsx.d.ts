/**
 * JSX and template types for `<billink-checkout>` and `<billink-badge>` in React 19 and Vue 3.
 * Type-only: nothing here exists at run time (register the elements with `import 'billink-checkout'`
 * before the first render, so frameworks see the elements' properties).
 *
 * ```ts
 * import type {} from 'billink-checkout/jsx';
 * ```
 *
 * Props and event payloads come from the element classes and the `HTMLElementEventMap` entries
 * that `<billink-checkout>` declares, so they cannot drift from the elements.
 *
 * The `declare module 'react'` / `declare module 'vue'` blocks are harmless in an app that has
 * only one of the two: an augmentation of a module that is not installed is just an unused ambient
 * declaration.
 */
import type { BillinkBadge } from './components/billink-badge/billink-badge.js';
import type { BillinkCheckout } from './components/billink-checkout/billink-checkout.js';

/** Every event `<billink-checkout>` fires (`billink-approved`, `billink-error`, …). */
export type BillinkEventName = Extract<keyof HTMLElementEventMap, `billink-${string}`>;

/** The prefill object for `<billink-checkout>`'s `customer` property. */
export type BillinkCustomer = NonNullable<BillinkCheckout['customer']>;

/** `billink-approved` → `billinkApproved` */
type Camel<S extends string> = S extends `${infer Head}-${infer Tail}`
  ? `${Head}${Capitalize<Camel<Tail>>}`
  : S;

/**
 * `<billink-badge>`: attributes (as in HTML) and the same values as properties. Both work in
 * React 19 and Vue 3: an attribute name is set with `setAttribute`, a property name as property.
 */
export interface BillinkBadgeProps {
  locale?: BillinkBadge['locale'];
  'text-variant'?: BillinkBadge['textVariant'];
  textVariant?: BillinkBadge['textVariant'];
  badge?: BillinkBadge['badge'];
  'logo-src'?: BillinkBadge['logoSrc'];
  logoSrc?: BillinkBadge['logoSrc'];
}

/** `<billink-checkout>`: attributes and properties; `customer` is a property only (an object). */
export interface BillinkCheckoutProps {
  'proxy-url'?: BillinkCheckout['proxyUrl'];
  proxyUrl?: BillinkCheckout['proxyUrl'];
  'order-ref'?: BillinkCheckout['orderRef'];
  orderRef?: BillinkCheckout['orderRef'];
  /** Display only, a decimal string in major units (`"49.95"`): the proxy decides the charge. */
  amount?: BillinkCheckout['amount'];
  currency?: BillinkCheckout['currency'];
  locale?: BillinkCheckout['locale'];
  mode?: BillinkCheckout['mode'];
  open?: BillinkCheckout['open'];
  'text-variant'?: BillinkCheckout['textVariant'];
  textVariant?: BillinkCheckout['textVariant'];
  badge?: BillinkCheckout['badge'];
  name?: BillinkCheckout['name'];
  manual?: BillinkCheckout['manual'];
  customer?: BillinkCheckout['customer'];
}

/**
 * React 19 listeners: `on` + the exact event name, e.g. `onbillink-approved`. React 19 adds a
 * listener for any `on…` prop of a custom element that is not one of its own synthetic events,
 * with the event name taken verbatim after `on` (so `onBillinkApproved` would listen for
 * "BillinkApproved" and never fire).
 */
export type BillinkReactEventProps = {
  [K in BillinkEventName as `on${K}`]?: (event: HTMLElementEventMap[K]) => void;
};

/**
 * Vue 3 listeners in render functions: `onBillinkApproved` (Vue hyphenates the name after `on`,
 * so this listens for `billink-approved`). In templates write `@billink-approved`.
 */
export type BillinkVueEventProps = {
  [K in BillinkEventName as `on${Capitalize<Camel<K>>}`]?: (event: HTMLElementEventMap[K]) => void;
};

/** Props for `h('billink-checkout', props)` in a Vue render function. */
export type BillinkCheckoutVueProps = BillinkCheckoutProps &
  BillinkVueEventProps & { class?: unknown; style?: unknown; id?: string; key?: PropertyKey };
/** Props for `h('billink-badge', props)` in a Vue render function. */
export type BillinkBadgeVueProps = BillinkBadgeProps & {
  class?: unknown;
  style?: unknown;
  id?: string;
  key?: PropertyKey;
};

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'billink-checkout': DetailedHTMLProps<HTMLAttributes<BillinkCheckout>, BillinkCheckout> &
        BillinkCheckoutProps &
        BillinkReactEventProps;
      'billink-badge': DetailedHTMLProps<HTMLAttributes<BillinkBadge>, BillinkBadge> &
        BillinkBadgeProps;
    }
  }
}

/**
 * Vue's recommended typing for custom elements that are not Vue components: a constructor whose
 * instance has `$props`, so Volar (vue-tsc) checks `<billink-checkout …>` in SFC templates.
 */
type VueCustomElement<El extends HTMLElement, Props> = new () => El & {
  /** @deprecated For template type-checking only; do not read it from an element ref. */
  $props: import('vue').HTMLAttributes & Props;
};

declare module 'vue' {
  interface GlobalComponents {
    'billink-checkout': VueCustomElement<
      BillinkCheckout,
      BillinkCheckoutProps & BillinkVueEventProps
    >;
    'billink-badge': VueCustomElement<BillinkBadge, BillinkBadgeProps>;
  }
}
