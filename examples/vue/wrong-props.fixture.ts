/**
 * Must NOT type-check: each line below is a mistake the Vue types catch (render-function props
 * and the `GlobalComponents` entry vue-tsc uses for templates). See react/wrong-props.fixture.tsx.
 */
import type { BillinkBadgeVueProps, BillinkCheckoutVueProps } from 'billink-checkout/jsx';
import type { GlobalComponents } from 'vue';

type TemplateProps = InstanceType<GlobalComponents['billink-checkout']>['$props'];

// @ts-expect-error amount is a decimal string ("49.95"), not a number
export const a: BillinkCheckoutVueProps = { amount: 49.95 };
// @ts-expect-error not one of the badge styles
export const b: BillinkBadgeVueProps = { badge: 'pink' };
// @ts-expect-error billink-approved carries { orderId }, not { id }
export const c: BillinkCheckoutVueProps = { onBillinkApproved: (event) => event.detail.id };
// @ts-expect-error React's naming is not Vue's: Vue listens with onBillinkApproved
export const d: BillinkCheckoutVueProps = { 'onbillink-approved': () => undefined };
// @ts-expect-error templates are checked too: mode is session or direct
export const e: TemplateProps = { mode: 'iframe' };
