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
  async function placeAndApprove(id: number) {
    await shop('/__test/seed', { id, key: `wc_order_live${id}` });
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
      const target = new URL(req.url!, proxy.url);
      const upstream = request(
        target,
        { method: req.method, headers: { ...req.headers, host: target.host } },
        (answer) => {
          const chunks: Buffer[] = [];
          answer.on('data', (c: Buffer) => chunks.push(c));
          answer.on('end', () => {
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
});
