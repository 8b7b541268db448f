/**
 * Must NOT type-check: each line below is a mistake the JSX types catch. `tsc -p
 * examples/tsconfig.json` passes only while every `@ts-expect-error` finds its error, and
 * test/examples/types.test.ts also compiles this file without them and expects each to fail.
 * (Unknown attribute names with a dash, e.g. `order-reference`, are allowed by TypeScript for
 * every JSX element, like `data-*`: a typo there is not caught.)
 */
import type {} from 'billink-checkout/jsx';

export const wrong = [
  // @ts-expect-error amount is a decimal string ("49.95"), not a number
  <billink-checkout amount={49.95} />,
  // @ts-expect-error not one of the badge styles
  <billink-badge badge="pink" />,
  // @ts-expect-error not one of Billink's allowed texts
  <billink-checkout text-variant="free" />,
  // @ts-expect-error billink-approved carries { orderId }, not { id }
  <billink-checkout onbillink-approved={(event) => event.detail.id} />,
  // @ts-expect-error mode is session or direct
  <billink-checkout mode="iframe" />,
  // @ts-expect-error unknown property (no dash, so it is checked)
  <billink-checkout orderReference="cart-1" />,
  // @ts-expect-error customer type is p or b
  <billink-checkout customer={{ type: 'x' }} />,
];
