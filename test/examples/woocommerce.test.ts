// examples/woocommerce: the sample Order JSON next to the plugin matches the proxy's Order schema
// (always); with PHP present, every PHP file lints, and the plugin's own PHP — run outside
// WordPress by harness.php with stubs — builds that same sample from a WooCommerce order, escapes
// what it renders and guards its REST route with the bearer token.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { orderSchema, type Order } from '../../src/server/proxy/contract/checkout.js';
import { verifyOrderToken } from '../../src/server/proxy/checkout/order-token.js';

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

const BADGE_LOCALES = readFileSync('src/i18n/locales/badge.ts', 'utf8');

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
        placed: { result: string; redirect: string };
        receipt: string;
        emptied: boolean;
        supports: string[];
        workflowStatus: string;
      };
      events: Record<string, [number, Record<string, string>]> & {
        statusBefore: string;
        statusAfter: string;
        awkwardStatus: string;
        notes: string[];
        meta: Record<string, string>;
        box: string;
        actions: Record<string, string>;
        noActions: Record<string, string>;
        declinedStatus: string;
        declinedNotes: string[];
        paidRedirect: Record<'paid' | 'wrongKey' | 'unpaid', string>;
      };
      gateway: {
        title: string;
        icon: string;
        titleOptions: string[];
        workflowOptions: string[];
        cancelUnstocked: string;
      };
      description: string;
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

  it('REST route: the order by key, 404 for unknown, paid or anything but an order key, never cached', () => {
    const { rest } = run();
    assert.equal(rest.order!.status, 200);
    assert.deepEqual(rest.order!.body, sample);
    assert.equal(rest.order!.headers?.['Cache-Control'], 'no-store');
    for (const key of ['paid', 'unknown', 'cart']) assert.equal(rest[key]!.status, 404, key);
  });

  it('renders <billink-checkout> with every value escaped, and the badge with allowed values only', () => {
    const { element, badge } = run();
    assert.doesNotMatch(element, /<script|<img/);
    assert.match(element, /^<billink-checkout proxy-url="\/billink&quot;&gt;&lt;img /);
    assert.match(
      element,
      / amount="49\.95" currency="EUR" locale="nl" data-return-url="\/thanks\?a=1&amp;b=&quot;2" data-other-url=""><\/billink-checkout>$/,
    );
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

  it('process_payment: the order stays pending and the shopper pays it, under its own number, on its pay page', () => {
    const { payment } = run();
    assert.deepEqual(payment.placed, {
      result: 'success',
      redirect: '/checkout/order-pay/1042/?key=wc_order_sample',
    });
    assert.equal(payment.emptied, true);
    assert.match(
      payment.receipt,
      / order-ref="wc_order_sample" order-token="\d+\.[\w-]+" amount="54\.85"/,
    );
    assert.match(payment.receipt, / data-return-url="\/checkout\/order-received\/"/);
    assert.match(payment.receipt, /pay_for_order=true/);
    assert.deepEqual(payment.supports, ['products', 'refunds']);
    assert.equal(
      payment.workflowStatus,
      'wc-completed',
      'an option of the select (else it shows "Never")',
    );
  });

  it('billink-events: a signed approval moves the order to processing once; forged, stale or misaddressed events change nothing', () => {
    const { events } = run();
    assert.equal(events.forged![0], 401);
    assert.equal(events.stale![0], 401);
    assert.equal(events.otherPath![0], 400);
    assert.equal(events.unknown![0], 404, 'not 2xx: the proxy keeps the event');
    assert.equal(events.statusBefore, 'pending');
    assert.deepEqual(events.approved, [200, { status: 'applied' }]);
    assert.deepEqual(events.again, [200, { status: 'duplicate' }]);
    assert.equal(events.statusAfter, 'processing');
    assert.equal(events.meta._billink_invoice_number, 'INV-1042');
    assert.equal(events.meta._billink_order_number, '1042');
    // Approved for another amount than the order's total: on hold, with the figures.
    assert.equal(events.awkwardStatus, 'on-hold');
    // Other events become notes, in the shop owner's words.
    assert.deepEqual(events.shipped, [200, { status: 'applied' }]);
    assert.ok(events.notes.some((n) => /workflow started by Billink itself/.test(n)));
    assert.equal(events.meta._billink_workflow_started, 'yes');
    assert.match(events.box, /<dt>Invoice number<\/dt><dd>INV-1042<\/dd>/);
    assert.deepEqual(Object.keys(events.actions), [
      'billink_start_workflow',
      'billink_dispute',
      'billink_hold',
      'billink_resume',
      'billink_message',
      'billink_payment',
    ]);
    assert.deepEqual(events.noActions, [], 'no action before Billink approved');
  });

  it('placing the order notes "Awaiting the customer at Billink." although the order was pending already', () => {
    const { events } = run();
    assert.equal(events.notes[0], 'Awaiting the customer at Billink.');
  });

  it('a declined checkout sets the order to Failed (as other gateways do), with a note saying so', () => {
    const { events } = run();
    assert.equal(events.declinedStatus, 'failed');
    assert.deepEqual(events.declinedNotes, [
      'Billink: the customer was declined; the order is not paid.',
    ]);
  });

  it('needs_review reads as what to do: check before shipping, the amount, and how to resolve it', () => {
    const note = run().events.notes.find((n) => /INV-9/.test(n));
    assert.equal(
      note,
      "Billink: check before shipping. Billink holds an order INV-9 under this order number for €60.00, which is not this order's total; this order is not paid by it. Credit it or accept it with the proxy (POST /billink/merchant/orders/{ref}/review, or /admin).",
    );
  });

  it('the pay page of an order Billink approved sends its shopper (with the key) to order-received', () => {
    assert.deepEqual(run().events.paidRedirect, {
      paid: '/checkout/order-received/1042/?key=wc_order_sample',
      wrongKey: '',
      unpaid: '',
    });
  });

  it('settings: the title is one of Billink’s mandated texts with its logo; the workflow starts only at statuses of a delivered order', () => {
    const { gateway } = run();
    assert.equal(gateway.title, 'Achteraf betalen met Billink', 'the NL default in an NL shop');
    assert.match(gateway.icon, /^https:\/\/cdn\.billink\.nl\/.*logo.*\.svg$/);
    // The element's badge texts are the same (src/i18n/locales/badge.ts, NL then EN).
    const texts = [...BADGE_LOCALES.matchAll(/text: \{([^}]*)\}/g)].flatMap((block) =>
      [...block[1]!.matchAll(/: '([^']+)'/g)].map((m) => m[1]),
    );
    assert.deepEqual(gateway.titleOptions, ['', ...texts]);
    assert.deepEqual(gateway.workflowOptions, [
      '',
      'wc-processing',
      'wc-on-hold',
      'wc-completed',
      'wc-shipped',
    ]);
    assert.equal(gateway.cancelUnstocked, 'no');
  });

  it('the plugin description survives WordPress stripping tags', () => {
    assert.match(
      run().description,
      /with the billink-checkout web component, in the classic and the block checkout\./,
    );
  });
});

describe('WooCommerce example: assets/billink-wc.js in Chromium', () => {
  it('on billink-approved, goes on to the order-received page', async () => {
    const { launchChromium } = await import('../support/chromium.js');
    const { serveStatic } = await import('../support/static-server.js');
    const { cdnPages, CSP, openPage } = await import('./browser.js');
    // The markup the gateway renders on the order's pay page (without PHP: written out).
    const page = `<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>checkout</title>
<script type="module" src="/billink-checkout.es.js"></script><script src="/billink-wc.js" defer></script></head>
<body><main><billink-checkout proxy-url="/billink" order-ref="wc_order_AAAA" amount="49.95" currency="EUR" locale="nl"
data-return-url="/placed.html?key=wc_order_AAAA" data-other-url="/pay.html"></billink-checkout></main></body></html>`;
    const server = await serveStatic('/nonexistent', {
      headers: { 'content-security-policy': CSP },
      pages: {
        '/checkout.html': page,
        '/placed.html': '<!doctype html><title>placed</title>',
        '/billink-wc.js': readFileSync(`${PLUGIN}/assets/billink-wc.js`, 'utf8'),
        ...cdnPages('/'),
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
      assert.equal(new URL(p.url()).searchParams.get('key'), 'wc_order_AAAA');
      assert.deepEqual(problems, []);
      assert.deepEqual(await violations(), []);
    } finally {
      await browser.close();
      await server.close();
    }
  });
});
