/**
 * Contract: the Billink client (src/server/billink) against the simulator. Both are built from the
 * same reference; if one drifts from the other on a wire detail, this test says so.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  BillinkError,
  createBillinkClient,
  createWebhookVerifier,
} from '../../../src/server/billink/index.js';
import { DEMO_ACCOUNT } from '../../../src/server/simulator/index.js';
import { newSimulator, T0 } from './helpers.js';

const customer = {
  type: 'p' as const,
  firstName: 'Jan',
  lastName: 'Jansen',
  email: 'jan@example.com',
  phone: '0612345678',
  birthdate: '1990-02-01',
};
const address = {
  street: 'Damrak',
  houseNumber: '1',
  houseExtension: 'A',
  postalCode: '1012 LG',
  city: 'Amsterdam',
  countryCode: 'NL',
};
const lines = [
  { code: 'SKU', name: 'Teapot', quantity: 2, unitPriceCents: 5000, vatRate: 21 },
  { code: '0001', name: 'Shipping', quantity: 1, unitPriceCents: 2100, vatRate: 21 },
  { code: '0002', name: 'Discount', quantity: 1, unitPriceCents: -1000, vatRate: 21 },
];
const returnUrls = { success: 'https://shop.example/ok', fail: 'https://shop.example/fail' };

function setup() {
  const deliveries: { headers: Headers; body: string }[] = [];
  const sim = newSimulator({
    webhookFetch: async (_url, init) => {
      deliveries.push({ headers: new Headers(init?.headers), body: String(init?.body) });
      return new Response(null, { status: 204 });
    },
  });
  const billink = createBillinkClient({
    username: DEMO_ACCOUNT.username,
    billinkId: DEMO_ACCOUNT.billinkId,
    environment: 'staging',
    fetch: (input, init) => sim.fetch(new Request(input, init)),
  });
  return { sim, billink, deliveries };
}

test('client ↔ simulator: session, hosted approve, status, order info, credit, signed webhooks', async () => {
  const { sim, billink, deliveries } = setup();
  const { secret } = await billink.generateWebhookSecret();
  await billink.setSessionWebhookV3('https://shop.example/hooks/session');
  await billink.setOrderWebhookV3('https://shop.example/hooks/order');

  const session = await billink.createSession({
    orderNumber: 'WEB-1',
    customer: { ...customer, birthdate: undefined },
    billingAddress: address,
    lines,
    totalAmountCents: 11100,
    returnUrls,
  });
  assert.equal(session.invoice, '1SIMWEB-1');
  assert.equal(
    sim.completeSession(session.sessionId, 'approve', { birthdate: '01-02-1990' }).status,
    'order_created',
  );
  assert.deepEqual(await billink.sessionStatus({ sessionId: session.sessionId }), {
    status: 'order_created',
  });

  const info = await billink.orderInfo({ invoices: [{ invoiceNumber: session.invoice }] });
  assert.equal(info.invoices[0]?.status, 'unpaid');
  assert.equal(info.invoices[0]?.description, 'No steps given');
  const started = await billink.startWorkflow({
    invoices: [{ invoiceNumber: session.invoice, workflowNumber: '1' }],
  });
  assert.equal(started.items[0]?.code, '500');
  const credit = await billink.credit({
    invoices: [{ invoiceNumber: 'WEB-1', amountCents: 150, description: 'Return' }],
  });
  assert.equal(credit.items[0]?.message, 'Credit applied: 1.50 EURO.; step restarted.');

  await sim.webhooksIdle();
  const verifier = createWebhookVerifier({ secret, now: () => T0 });
  const verified = await Promise.all(
    deliveries.map((d) => verifier.verify({ headers: d.headers, rawBody: d.body })),
  );
  assert.equal(verified.length, 5, 'session_active, order_placed, order_created, workflow, credit');
});

test('client ↔ simulator: legacy check → dry run → order, and the error families', async () => {
  const { billink } = setup();
  const check = await billink.check({ customer, billingAddress: address, orderAmountCents: 11100 });
  assert.equal(check.outcome, 'accepted');
  if (check.outcome !== 'accepted') return;
  const order = {
    orderNumber: 'ORD-1',
    checkUuid: check.checkUuid,
    customer,
    billingAddress: address,
    lines,
    totalAmountCents: 11100,
  };
  assert.equal((await billink.order({ ...order, validateOnly: true })).invoiceNumber, undefined);
  assert.equal((await billink.order(order)).invoiceNumber, '1SIMORD-1');
  await assert.rejects(
    billink.order({ ...order, orderNumber: 'ORD-2' }),
    (e: unknown) => e instanceof BillinkError && e.code === '446',
  );

  const rejected = await billink.check({
    customer: { ...customer, lastName: 'decline' },
    billingAddress: address,
    orderAmountCents: 100,
  });
  assert.equal(rejected.outcome, 'rejected');
  await assert.rejects(
    billink.check({
      customer: { ...customer, email: 'error-603@example.com' },
      billingAddress: address,
      orderAmountCents: 100,
    }),
    (e: unknown) => e instanceof BillinkError && e.code === '603' && e.retryable,
  );
  await assert.rejects(
    billink.createSession({
      orderNumber: 'W',
      customer: { ...customer, email: 'bad' },
      billingAddress: address,
      lines,
      totalAmountCents: 11100,
      returnUrls,
    }),
    (e: unknown) => e instanceof BillinkError && e.code === 'http_400',
  );
  await assert.rejects(
    billink.createSession({
      orderNumber: 'W',
      customer: { ...customer, lastName: 'http-503' },
      billingAddress: address,
      lines,
      totalAmountCents: 11100,
      returnUrls,
    }),
    (e: unknown) => e instanceof BillinkError && e.code === 'http_503',
  );
});
