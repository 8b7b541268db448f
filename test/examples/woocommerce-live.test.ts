// examples/woocommerce against the standalone proxy on the simulator: the plugin's PHP runs as a
// shop (`php -S` with test/examples/woocommerce/router.php and the WordPress stubs), serving the
// proxy's order source and receiving its signed events, and calling its merchant API.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, request, type Server } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readConfig } from '../../src/server/proxy/standalone/config.js';
import { startProxyServer, type ProxyServer } from '../../src/server/proxy/standalone/server.js';
import { address, customer } from '../server/proxy/harness.js';
import { until } from '../server/merchant/helpers.js';

const NO_PHP =
  spawnSync('php', ['-v']).status === 0
    ? false
    : 'php is not installed (scripts/system-deps.sh installs php-cli)';

const SOURCE_TOKEN = 's'.repeat(40);
const EVENT_SECRET = 'an-event-secret-shared-with-the-shop';
const REF_SECRET = 'r'.repeat(40);
const MERCHANT_KEY = 'm'.repeat(40);

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

interface ShopOrder {
  status: string;
  meta: Record<string, string>;
  notes: string[];
  box: string;
}

describe('WooCommerce example on the standalone proxy (simulator)', { skip: NO_PHP }, () => {
  let proxy: ProxyServer;
  let relay: Server;
  /** Where the relay cuts the next credit request: before the proxy gets it, or after it answered. */
  let cutNextCredit: 'before' | 'after' | null = null;
  /** Every merchant API request the shop made, with the proxy's answer status. */
  const seen: { method: string; path: string; key?: string; body: string; status?: number }[] = [];
  let php: ChildProcess;
  let shopUrl: string;
  let dir: string;
  const phpErrors: string[] = [];

  const shop = async <T = Record<string, unknown>>(
    path: string,
    query: Record<string, string | number>,
  ): Promise<T> => {
    const qs = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]));
    const res = await fetch(`${shopUrl}${path}?${qs}`, { method: 'POST' });
    assert.equal(res.status < 300, true, `${path}: ${res.status} ${await res.clone().text()}`);
    return (await res.json()) as T;
  };
  const order = (id: number) => shop<ShopOrder>('/__test/order', { id });

  /** The shopper places order `id` and approves it on Billink's (simulated) page. */
  async function placeAndApprove(
    id: number,
    opts: { seed?: Record<string, string | number>; beforeApproval?: () => Promise<void> } = {},
  ) {
    await shop('/__test/seed', { id, key: `wc_order_live${id}`, ...opts.seed });
    const { receipt } = await shop<{ receipt: string }>('/__test/place', { id });
    const orderRef = / order-ref="([^"]+)"/.exec(receipt)?.[1];
    const orderToken = / order-token="([^"]+)"/.exec(receipt)?.[1];
    assert.equal(orderRef, `wc_order_live${id}`);
    const created = await fetch(`${proxy.url}/billink/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
      body: JSON.stringify({
        orderRef,
        orderToken,
        mode: 'session',
        customer: customer(),
        billingAddress: address(),
      }),
    });
    assert.equal(created.status, 201, await created.clone().text());
    const { redirectUrl } = (await created.json()) as { redirectUrl: string };
    await opts.beforeApproval?.();
    proxy.simulator!.completeSession(new URL(redirectUrl).pathname.split('/').pop()!, 'approve');
    await proxy.simulator!.webhooksIdle();
  }

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'billink-wc-'));
    const port = await freePort();
    shopUrl = `http://127.0.0.1:${port}`;
    proxy = await startProxyServer(
      readConfig({
        PORT: '0',
        ORDER_SOURCE_URL: `${shopUrl}/wp-json/billink/v1/orders`,
        ORDER_SOURCE_TOKEN: SOURCE_TOKEN,
        ORDER_EVENT_SECRET: EVENT_SECRET,
        ORDER_REF_SECRET: REF_SECRET,
        MERCHANT_API_KEY: MERCHANT_KEY,
      }),
      { logger: {}, orderEventRetry: { baseDelayMs: 50, maxDelayMs: 200 } },
    );
    // The shop reaches the merchant API through this relay: it forwards every request, but for a
    // credit when cutNextCredit is set it cuts the connection: before forwarding (no credit), or
    // after the proxy's answer without passing it on (the credit happened, the shop never hears).
    relay = createHttpServer((req, res) => {
      const cut = req.method === 'POST' && /\/credits$/.test(req.url!) ? cutNextCredit : null;
      if (cut) cutNextCredit = null;
      if (cut === 'before') return void req.socket.destroy();
      const record: (typeof seen)[number] = { method: req.method!, path: req.url!, body: '' };
      const key = req.headers['idempotency-key'];
      if (typeof key === 'string') record.key = key;
      seen.push(record);
      req.on('data', (c: Buffer) => (record.body += c.toString()));
      const target = new URL(req.url!, proxy.url);
      const upstream = request(
        target,
        { method: req.method, headers: { ...req.headers, host: target.host } },
        (answer) => {
          const chunks: Buffer[] = [];
          answer.on('data', (c: Buffer) => chunks.push(c));
          answer.on('end', () => {
            record.status = answer.statusCode!;
            if (cut === 'after') return void req.socket.destroy();
            const body = Buffer.concat(chunks);
            const { 'transfer-encoding': _t, connection: _c, ...headers } = answer.headers;
            res.writeHead(answer.statusCode!, { ...headers, 'content-length': body.length });
            res.end(body);
          });
        },
      );
      req.pipe(upstream);
    });
    await new Promise<void>((r) => relay.listen(0, '127.0.0.1', r));
    const relayUrl = `http://127.0.0.1:${(relay.address() as { port: number }).port}`;
    php = spawn(
      'php',
      [
        ...['-d', 'display_errors=0', '-d', 'log_errors=1'],
        ...['-S', `127.0.0.1:${port}`, 'test/examples/woocommerce/router.php'],
      ],
      {
        env: {
          ...process.env,
          BILLINK_PLUGIN: 'examples/woocommerce/billink-checkout/billink-checkout.php',
          BILLINK_TEST_STATE: join(dir, 'state'),
          BILLINK_ORDER_SOURCE_TOKEN: SOURCE_TOKEN,
          BILLINK_ORDER_EVENT_SECRET: EVENT_SECRET,
          BILLINK_ORDER_REF_SECRET: REF_SECRET,
          BILLINK_MERCHANT_API_URL: `${relayUrl}/billink/merchant`,
          BILLINK_MERCHANT_API_KEY: MERCHANT_KEY,
        },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    // php -S logs each request on stderr; anything else there is a PHP warning or error.
    php.stderr!.on('data', (d: Buffer) => {
      for (const line of d.toString().split('\n')) {
        if (/PHP (Warning|Notice|Fatal|Deprecated)|Uncaught/.test(line)) phpErrors.push(line);
      }
    });
    await until(() =>
      fetch(`${shopUrl}/__test/nothing`).then(
        () => true,
        () => false,
      ),
    );
  });

  after(async () => {
    php?.kill();
    relay?.closeAllConnections();
    await new Promise((r) => (relay ? relay.close(r) : r(undefined)));
    await proxy?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('approval: the signed event moves the order from pending to processing, with Billink’s numbers on it', async () => {
    await placeAndApprove(1042);
    const approved = await until(async () => {
      const o = await order(1042);
      return o.status === 'processing' && o;
    });
    // Billink's order number is WooCommerce's order number.
    const atBillink = proxy.simulator!.getOrder('1042');
    assert.ok(atBillink, 'the simulator has an order 1042');
    assert.equal(atBillink.amountCents, 5485);
    assert.equal(approved.meta._billink_order_number, '1042');
    assert.equal(approved.meta._billink_invoice_number, atBillink.invoiceNumber);
    assert.equal(approved.meta._billink_workflow_number, atBillink.workflowNumber);
    assert.match(approved.box, new RegExp(`<dd>${atBillink.invoiceNumber}</dd>`));
    assert.match(approved.box, /<dt>Workflow number<\/dt><dd>1<\/dd>/);
    assert.equal(atBillink.workflowStarted, false, 'not invoiced before it ships');
    assert.deepEqual(phpErrors, []);
  });

  it('start-workflow: completing the order starts Billink’s workflow; the shipped event becomes a note', async () => {
    await shop('/__test/status', { id: 1042, to: 'completed' });
    assert.equal(proxy.simulator!.getOrder('1042')!.workflowStarted, true);
    const noted = await until(async () => {
      const o = await order(1042);
      return o.notes.some((n) => /workflow started/.test(n)) && o;
    });
    assert.equal(noted.meta._billink_workflow_started, 'yes');
    assert.match(noted.box, /<dt>Workflow started<\/dt><dd>yes<\/dd>/);
  });

  it('the "Start Billink workflow" order action starts it when the status setting would not', async () => {
    await placeAndApprove(1043);
    await until(async () => (await order(1043)).status === 'processing');
    assert.equal(proxy.simulator!.getOrder('1043')!.workflowStarted, false);
    await shop('/__test/status', { id: 1043, to: 'on-hold' }); // not the configured status
    assert.equal(proxy.simulator!.getOrder('1043')!.workflowStarted, false);
    const { offered } = await shop<{ offered: boolean }>('/__test/action', {
      id: 1043,
      action: 'billink_start_workflow',
    });
    assert.equal(offered, true);
    assert.equal(proxy.simulator!.getOrder('1043')!.workflowStarted, true);
  });

  it('partial refund: credited once at Billink although process_refund runs twice for the refund', async () => {
    const refund = { id: 1042, refund_id: 501, amount: '10.00', reason: 'Kapotte mok' };
    assert.deepEqual(await shop('/__test/refund', refund), { refunded: true });
    assert.deepEqual(await shop('/__test/refund', refund), { refunded: true });
    assert.equal(proxy.simulator!.getOrder('1042')!.creditedCents, 1000);
    // Another refund is another credit.
    await shop('/__test/refund', { id: 1042, refund_id: 502, amount: '4.85' });
    assert.equal(proxy.simulator!.getOrder('1042')!.creditedCents, 1485);
    // More than is left: WooCommerce shows the proxy's (Dutch, the shop's locale) message.
    const over = await shop<{ error: { code: string; message: string } }>('/__test/refund', {
      id: 1042,
      refund_id: 503,
      amount: '50.00',
    });
    assert.equal(over.error.code, 'billink_credit_exceeds_remaining');
    assert.match(over.error.message, /€40\.00/);
    assert.equal(proxy.simulator!.getOrder('1042')!.creditedCents, 1485);
    const noted = await until(async () => {
      const o = await order(1042);
      return o.notes.filter((n) => /credited/.test(n)).length === 2 && o;
    });
    assert.ok(noted.notes.some((n) => n === 'Billink: €10.00 credited.'));
    assert.deepEqual(phpErrors, []);
  });

  it('a refund whose answer got lost after Billink credited it is a success, noted, and credited once', async () => {
    await placeAndApprove(1044);
    await until(async () => (await order(1044)).status === 'processing');
    const creditsBefore = proxy.simulator!.stats.calls.credit;
    cutNextCredit = 'after';
    // Failing here would make WooCommerce delete the refund; the merchant's retry (a new refund
    // id, so a new Idempotency-Key) would credit a second time.
    const result = await shop('/__test/refund', { id: 1044, refund_id: 601, amount: '12.50' });
    assert.equal(cutNextCredit, null, 'the relay dropped the credit’s answer');
    assert.deepEqual(result, { refunded: true });
    assert.equal(proxy.simulator!.stats.calls.credit - creditsBefore, 1);
    assert.equal(proxy.simulator!.getOrder('1044')!.creditedCents, 1250);
    const { notes } = await order(1044);
    assert.ok(
      notes.includes(
        'Billink: the answer to the refund of €12.50 got lost, but Billink credited it (€12.50 credited in all).',
      ),
      notes.join('\n'),
    );
    assert.deepEqual(phpErrors, []);
  });

  it('a refund whose request never reached the proxy stays an error and credits nothing', async () => {
    const creditsBefore = proxy.simulator!.stats.calls.credit;
    cutNextCredit = 'before';
    const result = await shop<{ error?: { code: string } }>('/__test/refund', {
      id: 1044,
      refund_id: 602,
      amount: '5.00',
    });
    assert.equal(cutNextCredit, null, 'the relay cut the credit request');
    assert.equal(result.error?.code, 'http_request_failed');
    assert.equal(proxy.simulator!.stats.calls.credit, creditsBefore);
    assert.equal(proxy.simulator!.getOrder('1044')!.creditedCents, 1250);
    assert.ok(!(await order(1044)).notes.some((n) => /€5\.00/.test(n)));
  });

  it('the pay page of an approved order sends the shopper (with the order key) on to order-received', async () => {
    const { redirect } = await shop<{ redirect: string }>('/__test/pay-page', {
      id: 1042,
      key: 'wc_order_live1042',
    });
    assert.equal(redirect, '/checkout/order-received/1042/?key=wc_order_live1042');
    const stranger = await shop<{ redirect: string }>('/__test/pay-page', { id: 1042, key: 'x' });
    assert.equal(stranger.redirect, '');
  });

  it('an approval for an order WooCommerce had cancelled, stock still there: reinstated to processing, with a note', async () => {
    await placeAndApprove(1045, {
      seed: { stock: 5 },
      // WooCommerce's hold-stock cron cancels the unpaid order while the shopper is at Billink.
      beforeApproval: () => shop('/__test/status', { id: 1045, to: 'cancelled' }).then(() => {}),
    });
    const o = await until(async () => {
      const got = await order(1045);
      return got.status === 'processing' && got;
    });
    assert.ok(
      o.notes.some((n) =>
        /^Billink approved €54\.85 \(invoice \S+\) after WooCommerce had cancelled the order; the stock is still there, so the order is reinstated\.$/.test(
          n,
        ),
      ),
      o.notes.join('\n'),
    );
    assert.ok(
      !seen.some((r) => r.path.startsWith('/billink/merchant/orders/wc_order_live1045/cancel')),
    );
  });

  it('an approval for a cancelled order whose stock is gone: on hold with a note naming what is short; not cancelled at Billink without the setting', async () => {
    await placeAndApprove(1046, {
      seed: { stock: 1 },
      beforeApproval: () => shop('/__test/status', { id: 1046, to: 'cancelled' }).then(() => {}),
    });
    const o = await until(async () => {
      const got = await order(1046);
      return got.status === 'on-hold' && got;
    });
    assert.ok(
      o.notes.some((n) =>
        /stock is gone \(T-shirt, maat M \(1 short\)\)\. Billink will invoice the customer/.test(n),
      ),
      o.notes.join('\n'),
    );
    assert.ok(!seen.some((r) => r.path.includes('wc_order_live1046/cancel')));
  });

  it('with "Late approvals without stock" on, such an approval is cancelled at Billink (POST …/cancel, Idempotency-Key), never silently', async () => {
    await placeAndApprove(1047, {
      seed: { stock: 0, cancel_unstocked: 'yes' },
      beforeApproval: () => shop('/__test/status', { id: 1047, to: 'cancelled' }).then(() => {}),
    });
    const call = await until(async () =>
      seen.find((r) => r.path === '/billink/merchant/orders/wc_order_live1047/cancel' && r.status),
    );
    assert.equal(call.method, 'POST');
    assert.equal(call.key, 'woocommerce-cancel-1047');
    const o = await until(async () => {
      const got = await order(1047);
      return (
        got.notes.some((n) => /^Billink: the invoice (is cancelled|was NOT cancelled)/.test(n)) &&
        got
      );
    });
    if (call.status! < 300) {
      // The proxy cancelled: the order is cancelled again, and says why.
      assert.equal(o.status, 'cancelled');
      assert.ok(o.notes.some((n) => /cancelled at Billink because the stock is gone/.test(n)));
    } else {
      // The proxy refused (or has no cancel route): on hold, and the note says Billink still invoices.
      assert.equal(o.status, 'on-hold');
      assert.ok(
        o.notes.some((n) =>
          /^Billink: the invoice was NOT cancelled, so Billink still invoices the customer: /.test(
            n,
          ),
        ),
      );
    }
  });

  it('WooCommerce status Cancelled on an approved order calls the proxy’s cancel once, and notes the outcome', async () => {
    await placeAndApprove(1048);
    await until(async () => (await order(1048)).status === 'processing');
    await shop('/__test/status', { id: 1048, to: 'cancelled' });
    const calls = seen.filter(
      (r) => r.path === '/billink/merchant/orders/wc_order_live1048/cancel',
    );
    assert.equal(calls.length, 1);
    assert.equal(calls[0]!.key, 'woocommerce-cancel-1048');
    assert.equal(calls[0]!.body, '{}');
    const { notes } = await order(1048);
    assert.ok(
      notes.some((n) =>
        calls[0]!.status! < 300
          ? n === 'Billink: the invoice is cancelled; the customer owes nothing.'
          : /^Billink: the invoice was NOT cancelled/.test(n),
      ),
      notes.join('\n'),
    );
  });

  it('order actions: hold, resume, message and payment reach the proxy’s routes; bad input is refused with a note, nothing sent', async () => {
    await placeAndApprove(1049);
    await until(async () => (await order(1049)).status === 'processing');
    const act = (action: string, fields: Record<string, string> = {}) =>
      shop<{ offered: boolean }>('/__test/action', { id: 1049, action, ...fields });
    const path = '/billink/merchant/orders/wc_order_live1049';
    const before = seen.length;

    assert.equal((await act('billink_hold', { billink_days: '15' })).offered, true);
    assert.equal(seen.length, before, 'a 15-day hold is not sent');
    await act('billink_hold', { billink_days: '7' });
    assert.deepEqual(
      seen.slice(before).map((r) => [r.method, r.path, r.body, r.status]),
      [['POST', `${path}/hold`, '{"days":7}', 200]],
    );
    assert.equal(proxy.simulator!.getOrder('1049')!.onHoldUntil! > Date.now(), true);
    await act('billink_resume');
    assert.equal(proxy.simulator!.getOrder('1049')!.onHoldUntil, undefined);
    await act('billink_message', { billink_text: 'De klant belt morgen.' });
    await act('billink_payment', {
      billink_amount: '12,50',
      billink_description: 'Contant in de winkel',
      billink_form_key: 'form-key-0001',
    });
    await act('billink_payment', {
      billink_amount: '12,50',
      billink_description: 'Contant in de winkel',
      billink_form_key: 'form-key-0001',
    });
    await act('billink_payment', { billink_amount: 'twaalf' });
    const payments = seen.filter((r) => r.path === `${path}/payments`);
    assert.equal(payments.length, 2, 'twice the same form; the bad amount is not sent');
    assert.deepEqual(JSON.parse(payments[0]!.body), {
      amountCents: 1250,
      description: 'Contant in de winkel',
    });
    assert.equal(payments[0]!.key, 'woocommerce-payment-1049-form-key-0001');
    assert.equal(payments[1]!.key, payments[0]!.key);
    const atBillink = await fetch(
      `${proxy.url}/billink/merchant/orders/wc_order_live1049?refresh=1`,
      {
        headers: { authorization: `Bearer ${MERCHANT_KEY}` },
      },
    ).then((r) => r.json() as Promise<{ paidCents: number }>);
    assert.equal(atBillink.paidCents, 1250, 'registered once');
    const { notes } = await order(1049);
    for (const note of [
      'Billink: the hold was not sent: Billink holds an invoice for 1 to 14 days.',
      'Billink: the invoice is on hold for 7 days (requested from the shop).',
      'Billink: the invoice is resumed (requested from the shop).',
      'Billink: message sent: De klant belt morgen.',
      'Billink: payment of €12.50 registered (Contant in de winkel).',
      'Billink: the payment was not sent: enter the amount in euros, e.g. 12.50.',
    ]) {
      assert.ok(notes.includes(note), `${note}\n---\n${notes.join('\n')}`);
    }
    assert.deepEqual(phpErrors, []);
  });

  it('order action dispute: POST …/dispute {reason}, then resolve offered; a dispute without a reason is not sent', async () => {
    const act = (action: string, fields: Record<string, string> = {}) =>
      shop<{ offered: boolean }>('/__test/action', { id: 1049, action, ...fields });
    const path = '/billink/merchant/orders/wc_order_live1049/dispute';
    await act('billink_dispute');
    assert.ok(!seen.some((r) => r.path === path));
    await act('billink_dispute', { billink_text: 'Pakket nooit ontvangen' });
    const call = seen.find((r) => r.path === path)!;
    assert.deepEqual(
      [call.method, JSON.parse(call.body)],
      ['POST', { reason: 'Pakket nooit ontvangen' }],
    );
    const { notes } = await order(1049);
    if (call.status! < 300) {
      assert.ok(
        notes.some((n) =>
          /^Billink: dispute opened, the invoice is on hold.*Reason: Pakket nooit ontvangen$/.test(
            n,
          ),
        ),
      );
      assert.equal((await act('billink_dispute_resolve')).offered, true);
      assert.ok(seen.some((r) => r.path === `${path}/resolve` && r.method === 'POST'));
    } else {
      assert.ok(
        notes.some((n) => /^Billink: opening the dispute failed: /.test(n)),
        notes.join('\n'),
      );
      assert.equal((await act('billink_dispute_resolve')).offered, false, 'nothing to resolve');
    }
  });

  it('invoice PDF: only for a user who may edit orders, with the order’s nonce; the proxy’s PDF or a clear error', async () => {
    const denied = await shop<{ status: number }>('/__test/invoice', { id: 1042 });
    assert.equal(denied.status, 403);
    const badNonce = await shop<{ status: number }>('/__test/invoice', {
      id: 1042,
      can: 1,
      nonce: 'x',
    });
    assert.equal(badNonce.status, 403);
    const got = await shop<{ status: number; headers: Record<string, string>; start: string }>(
      '/__test/invoice',
      { id: 1042, can: 1 },
    );
    const call = seen.findLast(
      (r) => r.path === '/billink/merchant/orders/wc_order_live1042/invoice',
    )!;
    assert.equal(call.method, 'GET');
    assert.equal(call.status, 200, 'the simulator serves the invoice PDF');
    assert.equal(got.status, 200);
    assert.equal(got.headers['Content-Type'], 'application/pdf');
    assert.match(
      got.headers['Content-Disposition']!,
      /^attachment; filename="billink-invoice-[\w-]+\.pdf"$/,
    );
    assert.ok(got.start.startsWith('%PDF-'));
  });
});
