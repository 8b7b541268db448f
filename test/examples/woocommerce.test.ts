// examples/woocommerce: the sample Order JSON next to the plugin matches the proxy's Order schema
// (always); with PHP present, every PHP file lints, and the plugin's own PHP — run outside
// WordPress by harness.php with stubs — builds that same sample from a WooCommerce order, escapes
// what it renders and guards its REST route with the bearer token.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { orderSchema, type Order } from '../../src/server/proxy/schemas.js';
import { verifyOrderToken } from '../../src/server/proxy/order-token.js';

const PLUGIN = 'examples/woocommerce/billink-checkout';
const sample = JSON.parse(readFileSync(join(PLUGIN, 'order.sample.json'), 'utf8')) as Order;

const php = spawnSync('php', ['-v'], { encoding: 'utf8' });
const NO_PHP =
  php.status === 0
    ? false
    : 'php is not installed (scripts/system-deps.sh installs php-cli; apt-get install php-cli)';

function phpFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? phpFiles(p) : name.endsWith('.php') ? [p] : [];
  });
}

/** The proxy checks this too: lines (quantity × unit price) add up to the total. */
function linesTotal(order: Order): number {
  return order.lines.reduce((sum, l) => sum + l.quantity * l.unitPriceCents, 0);
}

describe('WooCommerce example: the Order JSON', () => {
  it('order.sample.json is a valid Order for the proxy, and its lines add up', () => {
    const parsed = orderSchema.safeParse(sample);
    assert.ok(parsed.success, JSON.stringify(parsed.error?.issues));
    assert.equal(linesTotal(sample), sample.totalCents);
  });
});

describe('WooCommerce example: PHP', { skip: NO_PHP }, () => {
  it('php -l: every PHP file of the plugin (and the test harness) parses', () => {
    const files = [...phpFiles(PLUGIN), 'test/examples/woocommerce/harness.php'];
    assert.ok(files.length >= 3, String(files));
    for (const file of files) {
      const r = spawnSync('php', ['-l', file], { encoding: 'utf8' });
      assert.equal(r.status, 0, `${file}: ${r.stdout}${r.stderr}`);
    }
  });

  // One run of the harness for the tests below.
  let ran: Record<string, unknown> | undefined;
  const run = () => {
    if (!ran) {
      const r = spawnSync(
        'php',
        [
          '-d',
          'display_errors=stderr',
          'test/examples/woocommerce/harness.php',
          `${PLUGIN}/billink-checkout.php`,
        ],
        { encoding: 'utf8' },
      );
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stderr, '', 'no PHP warnings or notices');
      ran = JSON.parse(r.stdout) as Record<string, unknown>;
    }
    return ran as {
      sample: unknown;
      awkward: Order;
      route: string[];
      auth: Record<string, boolean>;
      rest: Record<string, { status: number; body?: unknown; headers?: Record<string, string> }>;
      element: string;
      orderToken: string;
      badge: string;
      decimals: string[];
      enqueued: string[];
      payment: {
        without: { result: string };
        with: { result: string };
        calls: [string, string[]][];
        emptied: boolean;
      };
    };
  };

  it('the plugin builds exactly order.sample.json from the matching WooCommerce order', () => {
    assert.deepEqual(run().sample, sample);
  });

  it('an awkward order (3 for €10, discount, hostile name, business, 1 cent rounding) is still valid and adds up', () => {
    const { awkward } = run();
    const parsed = orderSchema.safeParse(awkward);
    assert.ok(parsed.success, JSON.stringify(parsed.error?.issues));
    assert.equal(linesTotal(awkward), awkward.totalCents);
    assert.equal(awkward.totalCents, 1501);
    assert.doesNotMatch(JSON.stringify(awkward), /<script/);
    assert.equal(awkward.customer?.type, 'b');
    assert.deepEqual(
      [awkward.billingAddress?.houseNumber, awkward.billingAddress?.houseExtension],
      ['3', 'bis'],
    );
  });

  it('REST route: GET billink/v1/orders/{ref}, refs the proxy accepts', () => {
    const { route } = run();
    assert.deepEqual(route.slice(0, 1).concat(route.slice(2)), ['billink/v1', 'GET']);
    // The same reference rule as the proxy's orderRef schema.
    assert.match(route[1]!, /\[A-Za-z0-9\]\[A-Za-z0-9_\.:-\]\{0,99\}/);
  });

  it('REST route: only the exact bearer token gets in (hash_equals)', () => {
    assert.deepEqual(run().auth, {
      right: true,
      lowercase: true,
      wrong: false,
      prefix: false,
      missing: false,
      basic: false,
    });
    const source = readFileSync(`${PLUGIN}/billink-checkout.php`, 'utf8');
    assert.match(source, /hash_equals\(\s*\$expected,/);
  });

  it('REST route: the order by key, a cart snapshot, 404 for unknown or paid, never cached', () => {
    const { rest } = run();
    assert.equal(rest.order!.status, 200);
    assert.deepEqual(rest.order!.body, sample);
    assert.equal(rest.order!.headers?.['Cache-Control'], 'no-store');
    assert.equal(rest.cart!.status, 200);
    for (const key of ['paid', 'unknown', 'other']) assert.equal(rest[key]!.status, 404, key);
  });

  it('renders <billink-checkout> with every value escaped, and the badge with allowed values only', () => {
    const { element, badge } = run();
    assert.doesNotMatch(element, /<script|<img/);
    assert.match(element, /^<billink-checkout proxy-url="\/billink&quot;&gt;&lt;img /);
    assert.match(element, / amount="49\.95" currency="EUR" locale="nl">/);
    assert.match(element, /<input type="hidden" name="billink_order_id" value="" \/>$/);
    assert.equal(
      badge,
      '<billink-badge locale="nl" text-variant="default" badge="white"></billink-badge>',
    );
  });

  it('signs the order ref exactly as the proxy verifies it (order-token)', async () => {
    const secret = 'a-shop-secret-of-at-least-32-characters!';
    const { orderToken, element } = run();
    const now = 1893456000 * 1000;
    assert.equal(await verifyOrderToken('wc_order_sample', orderToken, { secret, now }), undefined);
    assert.equal(await verifyOrderToken('wc_order_other', orderToken, { secret, now }), 'invalid');
    assert.equal(
      await verifyOrderToken('wc_order_sample', orderToken, { secret, now: now + 601_000 }),
      'expired',
    );
    // The rendered element carries a token for its own (escaped) ref.
    const token = / order-token="([^"]+)"/.exec(element)?.[1];
    assert.ok(token, element);
    assert.equal(
      await verifyOrderToken('cart-1"><script>x</script>', token, { secret }),
      undefined,
    );
  });

  it('cents → display amount is exact', () => {
    assert.deepEqual(run().decimals, [
      '0.00',
      '0.05',
      '1.00',
      '49.90',
      '49.95',
      '1234.56',
      '-2.50',
    ]);
  });

  it('enqueues the ES module bundle and the form helper', () => {
    assert.deepEqual(
      run().enqueued.map((u) => u.split('/').pop()),
      ['billink-checkout.es.js', 'billink-wc.js'],
    );
  });

  it('process_payment: refuses without a Billink order id; with one, puts the order on hold', () => {
    const { payment } = run();
    assert.equal(payment.without.result, 'failure');
    assert.equal(payment.with.result, 'success');
    assert.deepEqual(payment.calls[0], ['update_meta_data', ['_billink_order_id', 'ord_123']]);
    assert.equal(payment.calls[2]![0], 'update_status');
    assert.equal(payment.calls[2]![1][0], 'on-hold');
    assert.equal(payment.emptied, true);
  });
});

describe('WooCommerce example: assets/billink-wc.js in Chromium', () => {
  it('on billink-approved, fills the hidden input and submits the checkout form', async () => {
    const { launchChromium } = await import('../support/chromium.js');
    const { serveStatic } = await import('../support/static-server.js');
    const { CSP, openPage } = await import('./browser.js');
    // The markup the gateway renders (without PHP: written out), inside WooCommerce's form, which
    // WooCommerce's checkout.js marks novalidate (the element here is never really approved, so
    // it stays an invalid form control).
    const page = `<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>checkout</title>
<script type="module" src="/billink-checkout.es.js"></script><script src="/billink-wc.js" defer></script></head>
<body><form class="checkout" action="/placed.html" method="get" novalidate>
<billink-checkout proxy-url="/billink" order-ref="cart-AAAA" amount="49.95" currency="EUR" locale="nl"></billink-checkout>
<input type="hidden" name="billink_order_id" value="" /></form></body></html>`;
    const server = await serveStatic('/nonexistent', {
      headers: { 'content-security-policy': CSP },
      pages: {
        '/checkout.html': page,
        '/placed.html': '<!doctype html><title>placed</title>',
        '/billink-wc.js': readFileSync(`${PLUGIN}/assets/billink-wc.js`, 'utf8'),
        '/billink-checkout.es.js': readFileSync('dist/cdn/billink-checkout.es.js', 'utf8'),
      },
    });
    const browser = await launchChromium();
    try {
      const {
        page: p,
        problems,
        violations,
      } = await openPage(browser, `${server.url}/checkout.html`);
      await p.waitForFunction(() => customElements.get('billink-checkout'));
      await Promise.all([
        p.waitForURL(/placed\.html/),
        p.evaluate(() =>
          document.querySelector('billink-checkout')!.dispatchEvent(
            new CustomEvent('billink-approved', {
              detail: { orderId: 'ord_42' },
              bubbles: true,
              composed: true,
            }),
          ),
        ),
      ]);
      assert.equal(new URL(p.url()).searchParams.get('billink_order_id'), 'ord_42');
      assert.deepEqual(problems, []);
      assert.deepEqual(await violations(), []);
    } finally {
      await browser.close();
      await server.close();
    }
  });
});
