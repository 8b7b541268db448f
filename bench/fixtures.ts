/** Shop data the bench feeds the proxy: one plain Dutch shopper and a two-line order. */
import type { Address, Customer, Order, RateLimits } from '../src/server/proxy/index.js';
import { DEMO_ACCOUNT } from '../src/server/simulator/index.js';

export const customer = (): Customer => ({
  type: 'p',
  firstName: 'Jan',
  lastName: 'Jansen',
  birthdate: '1980-05-17',
  email: 'jan@example.com',
  phone: '0612345678',
});

export const address = (): Address => ({
  street: 'Kerkstraat',
  houseNumber: '12',
  postalCode: '1234 AB',
  city: 'Amsterdam',
  countryCode: 'NL',
});

/** The shop's authoritative order for a reference (with the shopper, as a shop with a login has it). */
export const order = (ref: string): Order => ({
  orderNumber: `WEB-${ref}`.slice(0, 40),
  currency: 'EUR',
  lines: [
    { code: 'SKU-1', name: 'Mug', quantity: 2, unitPriceCents: 1000, vatRate: 21 },
    { code: 'SHIP', name: 'Shipping', quantity: 1, unitPriceCents: 500, vatRate: 21 },
  ],
  totalCents: 2500,
  customer: customer(),
  billingAddress: address(),
});

const HUGE = { limit: 1_000_000_000, windowMs: 60_000 };

/** The proxy's rate limits out of the way: the bench measures throughput, not the limiter. */
export const NO_RATE_LIMITS: RateLimits = {
  requestsPerIp: HUGE,
  checksPerIp: HUGE,
  checksPerOrderRef: HUGE,
};

/**
 * A Billink client configuration pointing at the simulator over real HTTP. Its request pacing is
 * off: the bench measures the proxy (thousands of calls per second to a local simulator), not the
 * client's deliberate 50 calls/s per checkout operation toward Billink.
 */
export const billinkConfig = (simUrl: string) => ({
  username: DEMO_ACCOUNT.username,
  billinkId: DEMO_ACCOUNT.billinkId,
  environment: 'staging' as const,
  baseUrl: simUrl,
  pacing: false as const,
});
