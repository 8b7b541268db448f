// Issue 19 item 4: compact records (short field set, no duplicated strings) that read back the
// same, and records written in the earlier full shape stay readable.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { OrderRecord } from '../../../src/server/proxy/attempts/order-records.js';
import { readOrderRecord, encodeRecord } from '../../../src/server/proxy/attempts/record-codec.js';
import { harness, idem } from './harness.js';
import { createMemoryStore } from '../../../src/server/proxy/index.js';

const full: OrderRecord = {
  orderId: 'ord_fYpQ5_6v-Xwl-DhnJ7AYQA',
  tokenHash: 'wPeO4ibVugfBalrHRlJzVamKyaCCxIKswM20b4u5UOM',
  orderRef: 'mem-2',
  orderNumber: 'WEB-mem-2',
  mode: 'session',
  status: 'pending',
  amountCents: 2500,
  currency: 'EUR',
  expiresAt: 1796654278326,
  createdAt: 1796650678322,
  updatedAt: 1796650678322,
  sessionId: 'f45c93da-77cf-4f44-b2ec-b97221e3bd01',
  invoiceNumber: '1SIMWEB-mem-2',
  workflowNumber: '1',
};

describe('compact order records', () => {
  it('round-trips every field, defaults and non-defaults alike', () => {
    assert.deepEqual(readOrderRecord(full.orderId, encodeRecord(full)), full);
    const unusual: OrderRecord = {
      ...full,
      orderNumber: full.orderRef,
      mode: 'direct',
      status: 'approved',
      currency: 'USD',
      updatedAt: full.createdAt + 5,
      workflowNumber: '7',
      feeCents: 295,
      supersededBy: 'ord_next',
    };
    delete (unusual as { sessionId?: string }).sessionId;
    assert.deepEqual(readOrderRecord(unusual.orderId, encodeRecord(unusual)), unusual);
  });

  it('is at most 55 % of the full shape, and keeps the order id only in the key', () => {
    const text = encodeRecord(full);
    assert.ok(text.length < 0.55 * JSON.stringify(full).length, `${text.length} B`);
    assert.ok(!text.includes(full.orderId));
  });

  it('reads a record stored in the full shape before the upgrade', () => {
    assert.deepEqual(readOrderRecord(full.orderId, JSON.stringify(full)), full);
    assert.equal(readOrderRecord(full.orderId, null), undefined);
  });

  it('an idempotency entry refers to the order instead of copying the answer; a replay is the same answer', async () => {
    const store = createMemoryStore();
    const h = harness({ store });
    h.orders.set('c1', {
      orderNumber: 'WEB-c1',
      currency: 'EUR',
      lines: [{ code: 'A', name: 'Mug', quantity: 1, unitPriceCents: 2500, vatRate: 21 }],
      totalCents: 2500,
      customer: {
        type: 'p',
        firstName: 'Jan',
        lastName: 'Jansen',
        birthdate: '1980-05-17',
        email: 'jan@example.com',
        phone: '0612345678',
      },
      billingAddress: {
        street: 'Kerkstraat',
        houseNumber: '12',
        postalCode: '1234 AB',
        city: 'Amsterdam',
        countryCode: 'NL',
      },
    });
    const key = idem();
    const body = { orderRef: 'c1', mode: 'session' };
    const first = await h.call('POST', '/billink/orders', {
      body,
      headers: { 'idempotency-key': key },
    });
    const again = await h.call('POST', '/billink/orders', {
      body,
      headers: { 'idempotency-key': key },
    });
    assert.equal(first.status, 201);
    assert.deepEqual(again.json, first.json);
    assert.equal(h.simulator.stats.calls.sessionCreate, 1);
    const hash = Buffer.from(
      await crypto.subtle.digest('SHA-256', new TextEncoder().encode(key)),
    ).toString('base64url');
    const stored = (await store.get(`idem:${hash}`))!;
    assert.ok(stored.includes(String(first.json.orderId)));
    assert.ok(!stored.includes('WEB-c1') && !stored.includes('expiresAt'), stored);
  });
});
