import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readConfig } from '../../../src/server/proxy/standalone/config.js';
import { startProxyServer } from '../../../src/server/proxy/standalone/server.js';
import type { Order } from '../../../src/server/proxy/index.js';
import { address, customer, idem } from '../proxy/harness.js';
import { API_KEY, merchant } from './helpers.js';

/** €50 of goods plus a €2.95 Billink fee (line billink_fee), bought by a Dutch business. */
const feeOrder = (orderNumber: string): Order => ({
  orderNumber,
  currency: 'EUR',
  lines: [
    { code: 'SKU-1', name: 'Mug', quantity: 2, unitPriceCents: 2_500, vatRate: 21 },
    { code: 'billink_fee', name: 'Billink fee', quantity: 1, unitPriceCents: 295, vatRate: 21 },
  ],
  totalCents: 5_295,
});

async function approvedWithFee(orderRef: string) {
  const server = await startProxyServer(
    readConfig({ PORT: '0', MERCHANT_API_KEY: API_KEY, RECONCILE_INTERVAL_SECONDS: '0' }),
    { logger: {}, resolveOrder: async (ref) => feeOrder(ref.toUpperCase()) },
  );
  const created = await fetch(`${server.url}/billink/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': idem() },
    body: JSON.stringify({
      orderRef,
      mode: 'session',
      customer: customer({ type: 'b', company: 'Jansen BV', cocNumber: '12345678' }),
      billingAddress: address(),
      returnUrl: `${server.url}/thanks`,
    }),
  });
  assert.equal(created.status, 201, await created.clone().text());
  const { redirectUrl } = (await created.json()) as { redirectUrl: string };
  server.simulator!.completeSession(new URL(redirectUrl).pathname.split('/').pop()!, 'approve');
  await server.simulator!.webhooksIdle();
  return server;
}

describe('the Billink fee and credits', () => {
  it('a full credit of the goods also refunds the fee (returnCosts), once, at Billink', async () => {
    const server = await approvedWithFee('fee-1');
    try {
      const api = merchant(server.url);
      const before = await api('GET', '/orders/fee-1?refresh=1');
      assert.equal(before.json.status, 'approved');
      assert.equal(before.json.feeCents, 295);

      // A partial credit of goods leaves the fee alone.
      const partial = await api('POST', '/orders/fee-1/credits', {
        body: { amountCents: 1_000, description: 'one mug chipped' },
        headers: { 'idempotency-key': idem() },
      });
      assert.equal(partial.status, 201, partial.text);
      assert.equal(server.simulator!.getOrder('FEE-1')?.creditedCents, 1_000);

      // Asking for more than the goods but less than goods + fee cannot be split: refused.
      const between = await api('POST', '/orders/fee-1/credits', {
        body: { amountCents: 4_100, description: 'odd amount' },
        headers: { 'idempotency-key': idem(), 'accept-language': 'en' },
      });
      assert.equal(between.status, 422);
      assert.equal(between.json.error.code, 'credit_exceeds_remaining');

      // The rest of the goods: the operation adds the fee, so nothing stays invoiced.
      const full = await api('POST', '/orders/fee-1/credits', {
        body: { amountCents: 4_000, description: 'returned' },
        headers: { 'idempotency-key': idem() },
      });
      assert.equal(full.status, 201, full.text);
      const billink = server.simulator!.getOrder('FEE-1');
      assert.equal(billink?.creditedCents, 5_295);
      const after = await api('GET', '/orders/fee-1');
      assert.equal(after.json.creditedCents, 5_295);
      assert.equal(after.json.outstandingCents, 0);

      const more = await api('POST', '/orders/fee-1/credits', {
        body: { amountCents: 1, description: 'again' },
        headers: { 'idempotency-key': idem() },
      });
      assert.equal(more.status, 422);
      assert.equal(server.simulator!.getOrder('FEE-1')?.creditedCents, 5_295);
    } finally {
      await server.close();
    }
  });

  it('a full credit asked as the whole total (goods + fee) refunds the same', async () => {
    const server = await approvedWithFee('fee-2');
    try {
      const api = merchant(server.url);
      await api('GET', '/orders/fee-2?refresh=1');
      const full = await api('POST', '/orders/fee-2/credits', {
        body: { amountCents: 5_295, description: 'cancelled' },
        headers: { 'idempotency-key': idem() },
      });
      assert.equal(full.status, 201, full.text);
      assert.equal(server.simulator!.getOrder('FEE-2')?.creditedCents, 5_295);
    } finally {
      await server.close();
    }
  });
});
