// The one approval decision: which of an order's attempts means the shopper has paid.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  paidFor,
  refuseIfPaid,
  staleApproval,
  type OrderRecord,
} from '../../../src/server/proxy/attempts/order-records.js';
import { ProxyError } from '../../../src/server/proxy/errors.js';

const attempt = (over: Partial<OrderRecord>): OrderRecord => ({
  orderId: 'ord_aaaaaaaaaaaa',
  tokenHash: 'h',
  orderRef: 'r1',
  orderNumber: 'WEB-r1',
  mode: 'session',
  status: 'approved',
  amountCents: 4995,
  currency: 'EUR',
  expiresAt: 0,
  createdAt: 0,
  updatedAt: 0,
  workflowNumber: '1',
  ...over,
});
const cart = { amountCents: 4995, currency: 'EUR' };

describe('approval decision', () => {
  it('paid only when Billink approved exactly this amount in this currency', () => {
    assert.equal(paidFor(attempt({}), cart), true);
    assert.equal(paidFor(attempt({ amountCents: 4994 }), cart), false);
    assert.equal(paidFor(attempt({ currency: 'USD' }), cart), false);
    assert.equal(paidFor(attempt({ status: 'pending' }), cart), false);
  });

  it('an approval for another amount is stale; other statuses are neither', () => {
    assert.equal(staleApproval(attempt({ amountCents: 3000 }), cart), true);
    assert.equal(staleApproval(attempt({}), cart), false);
    assert.equal(staleApproval(attempt({ status: 'declined', amountCents: 3000 }), cart), false);
  });

  it('refuses a second order with 409 order_already_approved, and only then', () => {
    assert.doesNotThrow(() => refuseIfPaid([attempt({ amountCents: 3000 })], cart));
    assert.doesNotThrow(() => refuseIfPaid([], cart));
    assert.throws(
      () => refuseIfPaid([attempt({ status: 'expired' }), attempt({})], cart),
      (e: unknown) =>
        e instanceof ProxyError && e.code === 'order_already_approved' && e.status === 409,
    );
  });
});
