/** Text content of a node with whitespace collapsed and no-break spaces made plain (Intl uses U+00A0). */
export function textOf(node: Node | null | undefined): string {
  return (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** Waits until `check` passes or the time is up (for events the element does not await for us). */
export async function until(check: () => boolean, timeoutMs = 2000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A complete private shopper in the Netherlands (the element's `customer` property). */
export const customer = {
  type: 'p' as const,
  firstName: 'Anna',
  lastName: 'de Vries',
  birthdate: '1990-05-17',
  email: 'anna@example.nl',
  phone: '0612345678',
  billingAddress: {
    street: 'Damrak',
    houseNumber: '1',
    postalCode: '1012 LG',
    city: 'Amsterdam',
    countryCode: 'NL',
  },
};
