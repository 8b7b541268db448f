// Issue 20 item 6: approved orders stay in sync when a webhook is lost. The reconciler reads one
// page of Billink's invoice list per run (a cursor in the store), and what Billink knows (paid,
// credited, workflow started) reaches the order book and the shop's events; the doctor reads the
// last run through lastInvoiceSync.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  lastInvoiceSync,
  createMemoryStore,
  type OrderEvent,
} from '../../../src/server/proxy/index.js';
import { address, customer, harness, idem, order } from './harness.js';

const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

async function setup(options: { invoicesPageSize?: number; down?: (r: Request) => boolean } = {}) {
  const events: OrderEvent[] = [];
  const store = createMemoryStore();
  const h = harness({
    store,
    onOrderEvent: (e) => void events.push(e),
    ...(options.invoicesPageSize ? { invoicesPageSize: options.invoicesPageSize } : {}),
    ...(options.down ? { failBillink: options.down } : {}),
  });
  const approve = async (ref: string) => {
    h.orders.set(ref, order(`WEB-${ref}`));
    const check = await h.call('POST', '/billink/check', {
      body: { orderRef: ref, customer: customer(), billingAddress: address() },
    });
    const created = await h.call('POST', '/billink/orders', {
      body: { orderRef: ref, mode: 'direct', checkId: check.json.checkId },
      headers: { 'idempotency-key': idem() },
    });
    assert.equal(created.json.status, 'approved', JSON.stringify(created.json));
    return `WEB-${ref}`;
  };
  return { h, store, events, approve };
}

describe('invoice sync (issue 20 item 6)', () => {
  it('a payment, a credit and a started workflow without any webhook reach the book and the shop', async () => {
    const { h, store, events, approve } = await setup();
    const paid = await approve('s1');
    const credited = await approve('s2');
    const shipped = await approve('s3');
    // Billink learns all three; no webhook URL is set, so the proxy hears none of it.
    h.simulator.shopperPays({ invoiceNumber: paid, amountCents: 2500 });
    await h.billink.credit({
      invoices: [{ invoiceNumber: credited, amountCents: 500, description: 'Returned mug' }],
    });
    await h.billink.startWorkflow({ invoices: [{ invoiceNumber: shipped, workflowNumber: '1' }] });
    assert.equal(await lastInvoiceSync(store), undefined);

    const run = await h.proxy.reconcile();
    await settle();
    assert.equal(run.invoices?.outcome, 'ok');
    const byOrder = (n: string) =>
      events.filter((e) => e.orderNumber === n && e.type !== 'approved').map((e) => e.type);
    assert.deepEqual(byOrder(paid).sort(), ['paid', 'payment']);
    assert.deepEqual(byOrder(credited), ['credit']);
    assert.ok(byOrder(shipped).includes('shipped'), JSON.stringify(byOrder(shipped)));

    const last = await lastInvoiceSync(store);
    assert.equal(last?.outcome, 'ok');
    assert.equal(last?.page, 1);
    assert.equal(last?.changed, 3);
    assert.ok(last?.lastOkAt);

    // A second run finds nothing new: no events twice, no re-reads of unchanged orders.
    const orderInfoBefore = h.simulator.stats.calls.legacyStatus;
    await h.proxy.reconcile();
    await settle();
    assert.equal(events.filter((e) => e.type === 'paid').length, 1);
    assert.equal(h.simulator.stats.calls.legacyStatus, orderInfoBefore);
  });

  it('reads one page per run and walks the pages with a cursor kept in the store', async () => {
    const { h, store, approve } = await setup({ invoicesPageSize: 2 });
    for (const ref of ['p1', 'p2', 'p3']) await approve(ref);
    const pages: number[] = [];
    for (let i = 0; i < 3; i++) {
      const before = h.simulator.stats.calls.invoices;
      await h.proxy.reconcile();
      assert.equal(h.simulator.stats.calls.invoices - before, 1, 'one list page per run');
      pages.push((await lastInvoiceSync(store))!.page);
    }
    assert.deepEqual(pages, [1, 2, 1]);
  });

  it('Billink down: the outcome says so, the cursor stays, the last good sync is kept', async () => {
    let down = false;
    const { h, store, approve } = await setup({
      invoicesPageSize: 1,
      down: (r) => down && new URL(r.url).pathname.endsWith('/invoices'),
    });
    await approve('d1');
    await approve('d2');
    await h.proxy.reconcile();
    const ok = await lastInvoiceSync(store);
    down = true;
    await h.proxy.reconcile();
    const failed = await lastInvoiceSync(store);
    assert.equal(failed?.outcome, 'billink_unavailable');
    assert.equal(failed?.page, 2);
    assert.equal(failed?.lastOkAt, ok?.at);
    down = false;
    await h.proxy.reconcile();
    assert.equal((await lastInvoiceSync(store))?.page, 2, 'the page that failed is read again');
  });
});
