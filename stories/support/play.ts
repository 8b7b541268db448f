/** Small helpers for the checkout stories' `play` functions: the element's parts live in its shadow root. */
import { expect, userEvent, waitFor } from 'storybook/test';
import type { BillinkCheckout } from '../../src/index.js';

export async function checkoutIn(canvas: HTMLElement): Promise<BillinkCheckout> {
  const el = canvas.querySelector('billink-checkout');
  if (!el) throw new Error('no <billink-checkout> in the story');
  await el.updateComplete;
  return el;
}

function part<T extends Element>(el: BillinkCheckout, selector: string): T {
  const found = el.shadowRoot?.querySelector<T>(selector);
  if (!found) throw new Error(`no ${selector} in <billink-checkout>`);
  return found;
}

/** Clicks the element's own pay button, as the shopper would. */
export async function clickPay(el: BillinkCheckout): Promise<void> {
  await userEvent.click(part(el, 'button.pay'));
  await el.updateComplete;
}

/**
 * Sets the direct form's fields (by field name, e.g. `billingAddress.postalCode`) the way typing
 * ends up: the value, then `input` and `change`. (user-event cannot focus inputs in a shadow root.)
 */
export function fill(el: BillinkCheckout, values: Record<string, string>): void {
  for (const [name, value] of Object.entries(values)) {
    const input = part<HTMLInputElement>(el, `form [name="${name}"]`);
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    input.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
  }
}

/** Submits the direct form with its Continue button. */
export async function submitForm(el: BillinkCheckout): Promise<void> {
  await userEvent.click(part(el, 'form button'));
  await el.updateComplete;
}

/** Waits until the element reaches `state` (the real flow, so give it the time Billink takes). */
export async function reaches(el: BillinkCheckout, state: string, timeout = 10_000): Promise<void> {
  await waitFor(() => expect(el.state).toBe(state), { timeout });
  await el.updateComplete;
}
