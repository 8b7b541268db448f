/**
 * The Billink payment step of a React 19 checkout, with the plain custom element (no wrapper).
 *
 * React 19 treats `<billink-checkout>` like any custom element:
 * - a prop whose name is a property of the element (`customer`, `orderRef`) is set as a property,
 *   any other (`order-ref`, `proxy-url`) as an attribute. The element must be registered before
 *   React renders it, or `customer` would become the attribute "[object Object]": hence the
 *   `import 'billink-checkout'` at the top.
 * - `on` + the exact event name adds a listener: `onbillink-approved`, not `onBillinkApproved`
 *   (React takes the name verbatim after `on`; a camel-cased prop listens for an event that never
 *   comes).
 * The types for both come from `billink-checkout/jsx`.
 */
import 'billink-checkout';
import type {} from 'billink-checkout/jsx';
import type { BillinkCustomer } from 'billink-checkout/jsx';
import type { BillinkCheckout } from 'billink-checkout/elements';
import { useRef, useState } from 'react';

export interface CheckoutStepProps {
  /** The shop's cart or order reference; the proxy resolves the amount from it. */
  orderRef: string;
  /** Display amount in cents (the proxy charges what the shop's order says). */
  totalCents: number;
  /** What the shopper already typed in earlier steps: no typing twice. */
  customer?: BillinkCustomer;
  locale?: 'nl' | 'en';
  /** Billink approved: the shop confirms the order with this id (and checks it server-side). */
  onPaid(orderId: string): void;
  /** The shopper wants another payment method. */
  onOtherMethod(): void;
}

export function CheckoutStep({
  orderRef,
  totalCents,
  customer,
  locale = 'nl',
  onPaid,
  onOtherMethod,
}: CheckoutStepProps) {
  const checkout = useRef<BillinkCheckout>(null);
  const [problem, setProblem] = useState<string>();

  return (
    <section aria-labelledby="pay-later">
      <h2 id="pay-later">{locale === 'en' ? 'Pay later' : 'Achteraf betalen'}</h2>
      <billink-checkout
        ref={checkout}
        proxy-url="/billink"
        order-ref={orderRef}
        amount={(totalCents / 100).toFixed(2)}
        locale={locale}
        customer={customer}
        onbillink-approved={(event) => onPaid(event.detail.orderId)}
        onbillink-declined={() => setProblem(undefined)}
        onbillink-error={(event) => {
          // The element shows the message itself; a shop may log it or offer help.
          if (!event.detail.retryable) setProblem(event.detail.code);
        }}
        onbillink-choose-other={() => onOtherMethod()}
      />
      {problem ? (
        <p>
          <button type="button" onClick={() => checkout.current?.reset()}>
            {locale === 'en' ? 'Try again' : 'Opnieuw proberen'}
          </button>
        </p>
      ) : null}
      <billink-badge text-variant="short" badge="white" locale={locale} />
    </section>
  );
}
