/**
 * The simulator's after-checkout life, driven through the real Billink client: workflow start (by
 * the merchant, or by Billink after the account's delay), payments, credits, hold and resume,
 * messages, the invoice list in pages, the invoice document, and the order webhooks of each step.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BillinkError, createBillinkClient } from '../../../src/server/billink/index.js';
import { DEMO_ACCOUNT, type SimulatorOptions } from '../../../src/server/simulator/index.js';
import { createSession, newSimulator } from './helpers.js';

const DAY = 86_400_000;

function setup(options: SimulatorOptions = {}) {
  const events: string[] = [];
  const sim = newSimulator({
    webhookSecret: 'after-checkout',
    accounts: [{ ...DEMO_ACCOUNT, orderWebhookUrl: 'https://shop.example/hooks/order' }],
    webhookFetch: async (_url, init) => {
      const body = JSON.parse(String(init?.body)) as {
        event: string;
        invoice_number_clean: string;
      };
      events.push(`${body.invoice_number_clean}:${body.event}`);
      return new Response(null, { status: 204 });
    },
    ...options,
  });
  const billink = createBillinkClient({
    username: DEMO_ACCOUNT.username,
    billinkId: DEMO_ACCOUNT.billinkId,
    environment: 'staging',
    fetch: (input, init) => sim.fetch(new Request(input, init)),
  });
  return { sim, billink, events };
}

/** An approved €121.00 order. */
async function approved(sim: ReturnType<typeof newSimulator>, orderNumber: string) {
  const { sessionID } = await createSession(sim, { orderNumber });
  sim.completeSession(sessionID, 'approve', { birthdate: '01-01-1990' });
}

async function rejection(promise: Promise<unknown>): Promise<BillinkError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof BillinkError, String(error));
    return error;
  }
  assert.fail('expected a BillinkError');
}

describe('after the checkout', () => {
  test('nobody ships: Billink starts the workflow after 3 days; then a merchant start is 707 (done)', async () => {
    const { sim, billink, events } = setup();
    await approved(sim, 'A-1');
    sim.advanceTime(3 * DAY - 1);
    assert.equal(sim.getOrder('A-1')?.workflowStarted, false);
    sim.advanceTime(1);
    assert.equal(sim.getOrder('A-1')?.workflowStartedBy, 'billink');
    const { items } = await billink.startWorkflow({
      invoices: [{ invoiceNumber: 'A-1', workflowNumber: '1' }],
    });
    assert.deepEqual(
      items.map((i) => [i.code, i.ok]),
      [['707', true]],
    );
    await sim.webhooksIdle();
    assert.deepEqual(events, ['A-1:order_placed', 'A-1:order_workflow_started']);
  });

  test('the account’s delay is configurable; a hold postpones Billink’s own start', async () => {
    const { sim, billink } = setup({
      accounts: [{ ...DEMO_ACCOUNT, workflowStartDelayDays: 1 }],
    });
    await approved(sim, 'A-1');
    await billink.onHold({ invoiceNumber: 'A-1', workflowNumber: '1', days: 5 });
    sim.advanceTime(2 * DAY);
    assert.equal(sim.getOrder('A-1')?.workflowStarted, false, 'on hold: not started');
    sim.advanceTime(3 * DAY);
    assert.equal(sim.getOrder('A-1')?.workflowStarted, true, 'the hold ended by itself');
  });

  test('shipping starts the workflow (500); more than ten invoices in one call is 708', async () => {
    const { sim, billink, events } = setup();
    await approved(sim, 'A-1');
    const { items } = await billink.startWorkflow({
      invoices: [{ invoiceNumber: 'A-1', workflowNumber: '1', trackAndTrace: '3SABC' }],
    });
    assert.deepEqual(
      items.map((i) => [i.code, i.ok]),
      [['500', true]],
    );
    assert.equal(sim.getOrder('A-1')?.workflowStartedBy, 'merchant');
    const eleven = Array.from({ length: 11 }, () => ({
      invoiceNumber: 'A-1',
      workflowNumber: '1',
    }));
    assert.equal((await rejection(billink.startWorkflow({ invoices: eleven }))).code, '708');
    await sim.webhooksIdle();
    assert.deepEqual(events, ['A-1:order_placed', 'A-1:order_workflow_started']);
  });

  test('order info reports amount, paid, credited, outstanding, workflow step and hold', async () => {
    const { sim, billink } = setup();
    await approved(sim, 'A-1');
    await billink.registerPayment({
      invoices: [{ invoiceNumber: 'A-1', amountCents: 2100, description: 'Paid in shop' }],
    });
    await billink.legacyCredit({
      invoices: [{ invoiceNumber: 'A-1', amountCents: 1000, description: 'Return' }],
    });
    await billink.onHold({ invoiceNumber: 'A-1', workflowNumber: '1', days: 14 });
    const [info] = (await billink.orderInfo({ invoices: [{ invoiceNumber: 'A-1' }] })).invoices;
    assert.deepEqual(info, {
      invoiceNumber: 'A-1',
      status: 'unpaid',
      statusCode: '0',
      description: 'On hold',
      paidOut: false,
      amountCents: 12100,
      paidCents: 2100,
      creditedCents: 1000,
      outstandingCents: 9000,
      workflowStarted: false,
      onHold: true,
    });
    await billink.resume({ invoiceNumber: 'A-1', workflowNumber: '1' });
    const [after] = (await billink.orderInfo({ invoices: [{ invoiceNumber: 'A-1' }] })).invoices;
    assert.equal(after?.onHold, false);
    assert.equal(after?.description, 'No steps given');
  });

  test('hold: 14 days at most (403); a paid order cannot be held (701)', async () => {
    const { sim, billink } = setup();
    await approved(sim, 'A-1');
    const over = await rejection(
      billink.onHold({ invoiceNumber: 'A-1', workflowNumber: '1', days: 15 }),
    );
    assert.equal(over.code, '403');
    assert.match(over.description, /max 14 days/);
    sim.shopperPays({ invoiceNumber: 'A-1', amountCents: 12100 });
    const paid = await rejection(
      billink.onHold({ invoiceNumber: 'A-1', workflowNumber: '1', days: 3 }),
    );
    assert.equal(paid.code, '701');
  });

  test('credits: partial, then the rest (fully accredited), then anything more is 707', async () => {
    const { sim, billink, events } = setup();
    await approved(sim, 'A-1');
    const partial = await billink.credit({
      invoices: [{ invoiceNumber: 'A-1', amountCents: 2100, description: 'Return' }],
    });
    assert.match(partial.items[0]?.message ?? '', /Credit applied: 21\.00 EURO/);
    await billink.legacyCredit({
      invoices: [{ invoiceNumber: 'A-1', amountCents: 10000, description: 'Return' }],
    });
    const more = await rejection(
      billink.credit({ invoices: [{ invoiceNumber: 'A-1', amountCents: 1, description: 'x' }] }),
    );
    assert.equal(more.code, '707');
    assert.equal(sim.getOrder('A-1')?.creditedCents, 12100);
    await sim.webhooksIdle();
    assert.deepEqual(events.slice(1), ['A-1:partial_credit_added', 'A-1:order_fully_accredited']);
  });

  test('payments registered by the merchant: partial, then paid (order_paid + customer_fully_paid)', async () => {
    const { sim, billink, events } = setup();
    await approved(sim, 'A-1');
    await billink.registerPayment({
      invoices: [{ invoiceNumber: 'A-1', amountCents: 100, description: 'Cash' }],
    });
    await billink.registerPayment({
      invoices: [{ invoiceNumber: 'A-1', amountCents: 12000, description: 'Cash' }],
    });
    const again = await rejection(
      billink.registerPayment({
        invoices: [{ invoiceNumber: 'A-1', amountCents: 1, description: 'Cash' }],
      }),
    );
    assert.equal(again.code, '707');
    await sim.webhooksIdle();
    assert.deepEqual(events.slice(1), [
      'A-1:partial_payment_added',
      'A-1:order_paid',
      'A-1:customer_fully_paid',
    ]);
    assert.deepEqual(
      sim.getOrder('A-1')?.payments.map((p) => [p.amountCents, p.by, p.description]),
      [
        [100, 'merchant', 'Cash'],
        [12000, 'merchant', 'Cash'],
      ],
    );
  });

  test('messages reach the order', async () => {
    const { sim, billink } = setup();
    await approved(sim, 'A-1');
    await billink.message({ invoiceNumber: 'A-1', workflowNumber: '1', message: 'Called' });
    assert.deepEqual(sim.getOrder('A-1')?.messages, ['Called']);
  });

  test('the invoice list: date filters and several pages', async () => {
    const { sim, billink } = setup({ invoicesPageSize: 2 });
    for (const n of ['A-1', 'A-2', 'A-3']) await approved(sim, n);
    sim.advanceTime(2 * DAY);
    for (const n of ['B-1', 'B-2']) await approved(sim, n);
    const all = await billink.invoices({});
    assert.equal(all.totalPages, 3);
    assert.equal(all.totalInvoices, '5');
    const pages = [];
    for (let page = 1; page <= all.totalPages; page++)
      pages.push((await billink.invoices({ page })).invoices.map((i) => i['invoice_number_clean']));
    assert.deepEqual(pages, [['A-1', 'A-2'], ['A-3', 'B-1'], ['B-2']]);
    const later = await billink.invoices({ dateFrom: '2025-06-17', dateTo: '2025-06-17' });
    assert.deepEqual(
      later.invoices.map((i) => i['invoice_number_clean']),
      ['B-1', 'B-2'],
    );
    assert.equal(later.totalPages, 1);
  });

  test('the invoice document is a PDF whose xref points at every object', async () => {
    const { sim, billink } = setup();
    await approved(sim, 'A-1');
    const { file } = await billink.invoiceFile({ invoiceNumber: 'A-1', workflowNumber: '1' });
    const response = await sim.fetch(new Request(file));
    assert.equal(response.headers.get('content-type'), 'application/pdf');
    const pdf = Buffer.from(await response.arrayBuffer()).toString('latin1');
    assert.match(pdf, /^%PDF-1\.4\n/);
    assert.match(pdf, /%%EOF\n$/);
    const startxref = Number(/startxref\n(\d+)\n%%EOF/.exec(pdf)?.[1]);
    assert.equal(pdf.slice(startxref, startxref + 4), 'xref');
    const entries = [...pdf.slice(startxref).matchAll(/^(\d{10}) 00000 n $/gm)].map((m) =>
      Number(m[1]),
    );
    assert.equal(entries.length, 5);
    entries.forEach((offset, i) => assert.ok(pdf.startsWith(`${i + 1} 0 obj`, offset)));
    assert.ok(pdf.includes('(Totaal: EUR 121.00) Tj'));
    const length = Number(/\/Length (\d+) >>\nstream\n/.exec(pdf)?.[1]);
    const start = pdf.indexOf('stream\n') + 'stream\n'.length;
    assert.equal(pdf.slice(start + length, start + length + 10), '\nendstream');
  });
});
