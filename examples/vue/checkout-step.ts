/**
 * The Billink payment step of a Vue 3 checkout, with the plain custom element (no wrapper).
 *
 * A render function rather than a template string: it needs no runtime template compiler, which
 * compiles with `new Function` and so fails under a strict CSP (`script-src` without
 * 'unsafe-eval'). In an SFC template the same reads:
 *
 * ```vue
 * <billink-checkout :order-ref="orderRef" :amount="amount" :customer="customer"
 *   @billink-approved="emit('paid', $event.detail.orderId)" @billink-choose-other="emit('other')" />
 * ```
 * (with `compilerOptions.isCustomElement: (tag) => tag.startsWith('billink-')` in the Vue plugin,
 * and `billink-checkout/jsx` for vue-tsc to type-check it).
 *
 * Vue sets a prop as a property when the element has it (`customer`, `order-ref` → `orderRef`),
 * so register the elements before mounting: `import 'billink-checkout'` below. Listeners are
 * `on` + the camel-cased event name (`onBillinkApproved` → `billink-approved`).
 */
import 'billink-checkout';
import type {
  BillinkBadgeVueProps,
  BillinkCheckoutVueProps,
  BillinkCustomer,
} from 'billink-checkout/jsx';
import { defineComponent, h, ref, type PropType } from 'vue';

export const CheckoutStep = defineComponent({
  name: 'CheckoutStep',
  props: {
    /** The shop's cart or order reference; the proxy resolves the amount from it. */
    orderRef: { type: String, required: true },
    /** Display amount in cents (the proxy charges what the shop's order says). */
    totalCents: { type: Number, required: true },
    /** What the shopper already typed in earlier steps. */
    customer: { type: Object as PropType<BillinkCustomer>, default: undefined },
    locale: { type: String as PropType<'nl' | 'en'>, default: 'nl' },
    proxyUrl: { type: String, default: '/billink' },
  },
  emits: {
    /** Billink approved: confirm the order with this id (and check it server-side). */
    paid: (orderId: string) => typeof orderId === 'string',
    /** The shopper wants another payment method. */
    other: () => true,
  },
  setup(props, { emit }) {
    const problem = ref<string>();
    return () => {
      const checkout: BillinkCheckoutVueProps = {
        'proxy-url': props.proxyUrl,
        'order-ref': props.orderRef,
        amount: (props.totalCents / 100).toFixed(2),
        locale: props.locale,
        customer: props.customer,
        onBillinkApproved: (event) => emit('paid', event.detail.orderId),
        onBillinkError: (event) => {
          // The element shows the message itself; a shop may log it or offer help.
          problem.value = event.detail.retryable ? undefined : event.detail.code;
        },
        onBillinkChooseOther: () => emit('other'),
      };
      const badge: BillinkBadgeVueProps = {
        'text-variant': 'short',
        badge: 'white',
        locale: props.locale,
      };
      return h('section', { class: 'checkout-step' }, [
        h('billink-checkout', checkout),
        problem.value ? h('p', { class: 'problem', 'data-code': problem.value }) : null,
        h('billink-badge', badge),
      ]);
    };
  },
});
