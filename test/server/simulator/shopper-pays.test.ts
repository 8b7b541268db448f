import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { WEBHOOK_V3_HEADERS } from '../../../src/server/billink/endpoints.js';
import { signWebhook } from '../../../src/server/billink/webhook-signature.js';
import {
  DEMO_ACCOUNT,
  SimulatorError,
  type SimulatorOptions,
} from '../../../src/server/simulator/index.js';
import { createSession, newSimulator, T0 } from './helpers.js';

const SECRET = 'shopper-pays-secret';
const ORDER_HOOK = 'https://shop.example/hooks/order';

interface Received {
  readonly headers: Headers;
  readonly body: string;
}

function recorder(statuses: number[] = []) {
  const received: Received[] = [];
  const webhookFetch: typeof fetch = async (_input, init) => {
    received.push({ headers: new Headers(init?.headers), body: String(init?.body) });
    return new Response(null, { status: statuses.shift() ?? 200 });
  };
  return { received, webhookFetch };
}

function simWithHooks(options: SimulatorOptions = {}) {
  return newSimulator({
    webhookSecret: SECRET,
    accounts: [{ ...DEMO_ACCOUNT, orderWebhookUrl: ORDER_HOOK }],
    ...options,
  });
}

/** An approved €121.00 order for `email`, Billink invoice `1SIM<orderNumber>`. */
async function approvedOrder(
  sim: ReturnType<typeof newSimulator>,
  orderNumber: string,
  email = 'jan@example.com',
) {
  const { sessionID } = await createSession(sim, { orderNumber, email });
  sim.completeSession(sessionID, 'approve', { birthdate: '01-01-1990' });
}

function events(received: readonly Received[]): string[] {
  return received.map((r) => (JSON.parse(r.body) as { event: string }).event);
}

describe('simulator.shopperPays', () => {
  test('part, then the rest: partial_payment_added, then order_paid + customer_fully_paid, signed, on the simulated clock', async () => {
    const { received, webhookFetch } = recorder();
    const sim = simWithHooks({ webhookFetch });
    await approvedOrder(sim, 'WEB-1001');

    sim.advanceTime(2 * 86_400_000);
    const first = sim.shopperPays({ invoiceNumber: 'WEB-1001', amountCents: 2100 });
    assert.deepEqual(first, {
      orderNumber: 'WEB-1001',
      invoiceNumber: '1SIMWEB-1001',
      amountCents: 12100,
      paidCents: 2100,
      creditedCents: 0,
      outstandingCents: 10000,
      fullyPaid: false,
      events: ['partial_payment_added'],
    });
    sim.advanceTime(86_400_000);
    // Billink's own invoice number works as well as the shop's order number.
    const rest = sim.shopperPays({ invoiceNumber: '1SIMWEB-1001', amountCents: 10000 });
    assert.equal(rest.outstandingCents, 0);
    assert.equal(rest.fullyPaid, true);
    assert.deepEqual(rest.events, ['order_paid', 'customer_fully_paid']);

    await sim.webhooksIdle();
    // Deliveries run in parallel (as Billink's do: no order is promised), so the last two may
    // arrive either way round; what was sent, and in which order, is `rest.events` above.
    const seen = events(received);
    assert.deepEqual(seen.slice(0, 3), [
      'order_placed',
      'partial_payment_added',
      // Nobody shipped: on day 3 Billink starts the workflow by itself.
      'order_workflow_started',
    ]);
    assert.deepEqual(seen.slice(3).sort(), ['customer_fully_paid', 'order_paid']);
    const partial = JSON.parse(received[1]?.body ?? '{}') as Record<string, unknown>;
    assert.equal(partial['invoice_number'], '1SIMWEB-1001');
    assert.equal(partial['invoice_number_clean'], 'WEB-1001');
    assert.equal(partial['timestamp'], '2025-06-17 12:00:00', 'two simulated days after T0');
    for (const r of received) {
      const timestamp = r.headers.get(WEBHOOK_V3_HEADERS.timestamp) ?? '';
      assert.equal(
        r.headers.get(WEBHOOK_V3_HEADERS.signature),
        await signWebhook(SECRET, timestamp, r.body),
      );
    }
    assert.equal(
      received[3]?.headers.get(WEBHOOK_V3_HEADERS.timestamp),
      String(T0 / 1000 + 3 * 86_400),
    );

    const order = sim.getOrder('WEB-1001');
    assert.deepEqual(
      order?.payments.map((p) => [p.at - T0, p.amountCents, p.by]),
      [
        [2 * 86_400_000, 2100, 'shopper'],
        [3 * 86_400_000, 10000, 'shopper'],
      ],
    );
  });

  test('customer_fully_paid only once none of the same customer’s orders is open', async () => {
    const { received, webhookFetch } = recorder();
    const sim = simWithHooks({ webhookFetch });
    await approvedOrder(sim, 'A-1', 'piet@example.com');
    await approvedOrder(sim, 'A-2', 'piet@example.com');
    await approvedOrder(sim, 'B-1', 'other@example.com');

    assert.deepEqual(sim.shopperPays({ invoiceNumber: 'A-1', amountCents: 12100 }).events, [
      'order_paid',
    ]);
    assert.deepEqual(sim.shopperPays({ invoiceNumber: 'A-2', amountCents: 12100 }).events, [
      'order_paid',
      'customer_fully_paid',
    ]);
    await sim.webhooksIdle();
    const paid = received
      .map((r) => JSON.parse(r.body) as { event: string; invoice_number_clean: string })
      .filter((p) => p.event !== 'order_placed')
      .map((p) => `${p.invoice_number_clean}:${p.event}`);
    assert.deepEqual(paid, ['A-1:order_paid', 'A-2:order_paid', 'A-2:customer_fully_paid']);
  });

  test('refuses unknown invoices, amounts that are not positive whole cents and more than is outstanding — nothing booked, nothing sent', async () => {
    const { received, webhookFetch } = recorder();
    const sim = simWithHooks({ webhookFetch });
    await approvedOrder(sim, 'WEB-1001');
    sim.shopperPays({ invoiceNumber: 'WEB-1001', amountCents: 100 });
    await sim.webhooksIdle();
    const before = received.length;

    const refused = (amountCents: number, invoiceNumber = 'WEB-1001') => {
      try {
        sim.shopperPays({ invoiceNumber, amountCents });
      } catch (err) {
        assert.ok(err instanceof SimulatorError);
        return { code: err.code, message: err.message };
      }
      assert.fail(`shopperPays(${invoiceNumber}, ${amountCents}) was accepted`);
    };
    assert.equal(refused(100, 'NOPE-1').code, 'unknown_invoice');
    assert.match(refused(100, 'NOPE-1').message, /NOPE-1/);
    assert.equal(refused(0).code, 'invalid_amount');
    assert.equal(refused(-500).code, 'invalid_amount');
    assert.equal(refused(12.5).code, 'invalid_amount');
    assert.equal(refused(Number.NaN).code, 'invalid_amount');
    const above = refused(12001);
    assert.equal(above.code, 'amount_above_outstanding');
    assert.match(above.message, /120\.01 is more than the 120\.00 still outstanding/);

    assert.equal(sim.getOrder('WEB-1001')?.paidCents, 100);
    assert.equal(sim.getOrder('WEB-1001')?.payments.length, 1);
    await sim.webhooksIdle();
    assert.equal(received.length, before, 'a refused payment sends no webhook');

    sim.shopperPays({ invoiceNumber: 'WEB-1001', amountCents: 12000 });
    assert.equal(refused(1).code, 'amount_above_outstanding', 'a paid invoice takes nothing more');
  });

  test('payment webhooks are retried under one delivery id until the shop answers 2xx', async () => {
    const { received, webhookFetch } = recorder([200, 503, 500]);
    const sim = simWithHooks({ webhookFetch });
    await approvedOrder(sim, 'WEB-1001');
    await sim.webhooksIdle();
    sim.shopperPays({ invoiceNumber: 'WEB-1001', amountCents: 500 });
    await sim.webhooksIdle();
    const attempts = received.slice(1);
    assert.equal(attempts.length, 3);
    assert.deepEqual(new Set(events(attempts)), new Set(['partial_payment_added']));
    assert.equal(new Set(attempts.map((r) => r.headers.get(WEBHOOK_V3_HEADERS.id))).size, 1);
    assert.equal(sim.webhookDeliveries.at(-1)?.state, 'delivered');
  });
});
