// The example plugin in a real shop: WordPress 6.8 + WooCommerce 10 on MariaDB, `php -S`, HPOS on,
// the standalone proxy (`billink-proxy`) on its simulator (test/e2e/woocommerce/shop.ts). A shopper
// in Chromium pays through the Checkout block (what a new WooCommerce shop has) and the classic
// shortcode checkout; the shop owner completes and refunds orders from the admin and the REST API.
// Without the vendored releases (and offline) it skips with one line (scripts/woocommerce-vendor.mjs).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/chromium.js';
import { ADMIN, realShopUnavailable, startRealShop, type RealShop } from './woocommerce/shop.js';

const UNAVAILABLE = await realShopUnavailable();
if (UNAVAILABLE) console.log(`# woocommerce-real: skipped: ${UNAVAILABLE}`);

interface WcOrder {
  id: number;
  status: string;
  order_key: string;
  total: string;
  payment_method: string;
  meta_data: { key: string; value: unknown }[];
}
interface MerchantOrder {
  status: string;
  shipped: boolean;
  creditedCents: number;
  amountCents: number;
}

describe(
  'WooCommerce (real shop): Billink in the Checkout block and the classic checkout',
  { skip: UNAVAILABLE ?? false },
  () => {
    let shop: RealShop;
    let browser: Browser;
    const timings: string[] = [];

    before(async () => {
      [shop, browser] = await Promise.all([startRealShop(), launchChromium()]);
      timings.push(`setup ${shop.setupMs} ms`);
    });
    after(async () => {
      await browser?.close();
      await shop?.close();
      if (timings.length) console.log(`# woocommerce-real: ${timings.join(', ')}`);
    });

    const wcOrder = async (id: number) => (await shop.rest<WcOrder>('GET', `/orders/${id}`)).json;
    const notes = async (id: number) =>
      (await shop.rest<{ note: string }[]>('GET', `/orders/${id}/notes`)).json.map((n) => n.note);
    const meta = (o: WcOrder, key: string) => o.meta_data.find((m) => m.key === key)?.value;
    const atProxy = async (o: WcOrder) =>
      (await shop.merchant<MerchantOrder>('GET', `/orders/${o.order_key}`)).json;
    async function until<T>(
      what: string,
      fn: () => Promise<T | false | undefined>,
      ms = 15_000,
    ): Promise<T> {
      const end = Date.now() + ms;
      for (;;) {
        const v = await fn();
        if (v) return v;
        if (Date.now() > end) throw new Error(`${what}: timed out`);
        await new Promise((r) => setTimeout(r, 150));
      }
    }

    /** A fresh shopper with one mug in the cart. */
    async function shopper() {
      const context = await browser.newContext({
        viewport: { width: 1100, height: 1000 },
        locale: 'nl-NL',
      });
      context.setDefaultTimeout(20_000);
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('pageerror', (e) => problems.push(e.message));
      await page.goto(`${shop.url}/?add-to-cart=${shop.productId}`);
      return { context, page, problems };
    }

    /** WooCommerce's notices and errors on the page, for a failure message. */
    const notices = async (page: Page) => {
      mkdirSync('test-output', { recursive: true });
      await page.screenshot({ path: 'test-output/woocommerce-real-failure.png', fullPage: true });
      return (
        await page
          .locator(
            '.woocommerce-error, .wc-block-components-notice-banner, .woocommerce-NoticeGroup, .wc-block-components-validation-error',
          )
          .allTextContents()
      ).join(' | ');
    };

    /** The order id from the pay page's URL (…/order-pay/{id}/?key=…). */
    const payPageOrder = (page: Page) => Number(/order-pay\/(\d+)/.exec(page.url())?.[1]);

    /** On the pay page: <billink-checkout> → the simulator's hosted page → the shopper's choice. */
    async function payAtBillink(page: Page, choice: 'approve' | 'decline') {
      await page.waitForURL(/\/order-pay\/\d+\//).catch(async (error: Error) => {
        throw new Error(`${error.message}\nat ${page.url()}: ${await notices(page)}`);
      });
      const element = page.locator('billink-checkout');
      await element
        .getByRole('button', { name: /^(Betalen met Billink|Pay with Billink)$/ })
        .click();
      await page.waitForURL(/\/billink-simulator\/checkout\//);
      // Billink asks what the shop did not send (WooCommerce has no date of birth).
      const birth = page.getByLabel(/Date of birth|Geboortedatum/);
      if (await birth.count()) await birth.fill('17-05-1990');
      await page.locator(`button[name=choice][value=${choice}]`).click();
    }

    /** Waits for WooCommerce's thank-you page; on failure says where the shopper is and what shows. */
    async function orderReceived(page: Page) {
      await page.waitForURL(/\/order-received\/\d+\//).catch(async (error: Error) => {
        const element = await page
          .locator('billink-checkout')
          .evaluate(
            (el) =>
              `${(el as HTMLElement & { state?: string }).state}: ${el.shadowRoot?.textContent?.replace(/\s+/g, ' ')}`,
          )
          .catch(() => 'no element');
        throw new Error(`${error.message}\nat ${page.url()}: ${await notices(page)} ${element}`);
      });
    }

    async function blockCheckout(page: Page) {
      await page.goto(`${shop.url}${shop.checkoutPath}`);
      await page.locator('#email').fill('anna@example.nl');
      await page.locator('#billing-first_name').fill('Anna');
      await page.locator('#billing-last_name').fill('de Vries');
      await page.locator('#billing-address_1').fill('Damrak 1');
      await page.locator('#billing-postcode').fill('1012 LG');
      await page.locator('#billing-city').fill('Amsterdam');
      await page.locator('#billing-phone').fill('0612345678');
      const billink = page.locator('label[for="radio-control-wc-payment-method-options-billink"]');
      await billink.click();
      return billink;
    }

    /** The shortcode checkout: WooCommerce's own form, placed; on to the pay page. */
    async function classicCheckout(page: Page) {
      await page.goto(`${shop.url}/classic-checkout/`);
      for (const [field, value] of Object.entries({
        billing_first_name: 'Anna',
        billing_last_name: 'de Vries',
        billing_address_1: 'Damrak 1',
        billing_postcode: '1012 LG',
        billing_city: 'Amsterdam',
        billing_phone: '0612345678',
        billing_email: 'anna@example.nl',
      })) {
        await page.locator(`#${field}`).fill(value);
      }
      const radio = page.locator('#payment_method_billink');
      if (await radio.isVisible()) await radio.check();
      await page.locator('#place_order').click();
      await page.waitForURL(/\/order-pay\/\d+\//).catch(async (error: Error) => {
        throw new Error(`${error.message}: ${await notices(page)}`);
      });
    }

    /**
     * A slow way back from Billink: the shopper's choice reaches Billink, but its redirect back to
     * the pay page reaches the browser only once the signed event made order `id` Processing.
     * Returns where the redirect pointed.
     */
    async function holdTheWayBack(page: Page, id: () => number) {
      const held = { location: '' };
      await page.context().route(/\/billink-simulator\/checkout\//, async (route) => {
        if (route.request().method() !== 'POST') return route.continue();
        const answer = await route.fetch({ maxRedirects: 0 });
        held.location = answer.headers()['location'] ?? '';
        await until('processing first', async () => (await wcOrder(id())).status === 'processing');
        await route.fulfill({ response: answer });
      });
      return held;
    }

    it('Checkout block, approve: Billink is offered with its logo and mandated text; pay page → Billink → order received, Processing by the signed event', async () => {
      const started = Date.now();
      assert.equal(shop.checkoutBlock, true, 'WooCommerce made Checkout a block page');
      const { context, page, problems } = await shopper();
      const label = await blockCheckout(page);
      assert.equal((await label.textContent())?.trim(), 'Pay later with Billink');
      assert.match((await label.locator('img').getAttribute('src')) ?? '', /billink-logo/);
      await page.locator('.wc-block-components-checkout-place-order-button').click();
      await payAtBillink(page, 'approve');
      await orderReceived(page);
      const id = Number(/order-received\/(\d+)/.exec(page.url())![1]);
      const order = await until('processing', async () => {
        const o = await wcOrder(id);
        return o.status === 'processing' && o;
      });
      assert.equal(order.payment_method, 'billink');
      assert.ok(meta(order, '_billink_invoice_number'));
      const proxyOrder = await atProxy(order);
      assert.equal(proxyOrder.status, 'approved');
      assert.equal(proxyOrder.amountCents, 2495);
      const all = await notes(id);
      assert.ok(all.includes('Awaiting the customer at Billink.'), all.join('\n'));
      assert.ok(
        all.some((n) => /^Billink approved €24\.95 \(invoice \S+\)\.$/.test(n)),
        all.join('\n'),
      );
      assert.deepEqual(problems, []);
      await context.close();
      timings.push(`block approve ${Date.now() - started} ms`);
    });

    it('HPOS is on and WooCommerce lists the plugin as compatible with HPOS and the Checkout block', () => {
      assert.equal(shop.hpos, true);
      for (const feature of ['custom_order_tables', 'cart_checkout_blocks'] as const) {
        assert.ok(
          shop.compatible[feature].includes('billink-checkout/billink-checkout.php'),
          feature,
        );
      }
    });

    it('Checkout block, decline: the shopper is back on the pay page with Billink’s answer; the order is Failed, with a note', async () => {
      const started = Date.now();
      const { context, page, problems } = await shopper();
      await blockCheckout(page);
      await page.locator('.wc-block-components-checkout-place-order-button').click();
      await payAtBillink(page, 'decline');
      await page.waitForURL(/\/order-pay\/\d+\/.*billink/).catch(async (error: Error) => {
        throw new Error(`${error.message}\nat ${page.url()}: ${await notices(page)}`);
      });
      const id = payPageOrder(page);
      const message = page.locator('billink-checkout').locator('.message');
      await message.filter({ hasText: /Billink/ }).waitFor();
      const order = await until('failed', async () => {
        const o = await wcOrder(id);
        return o.status === 'failed' && o;
      });
      assert.equal(meta(order, '_billink_invoice_number'), undefined);
      const all = await notes(id);
      // WooCommerce appends its own "Order status changed from Pending payment to Failed."
      assert.ok(
        all.some((n) =>
          n.startsWith(
            'Billink: the customer was declined; the order is not paid. Order status changed from Pending payment to Failed.',
          ),
        ),
        all.join('\n'),
      );
      assert.deepEqual(problems, []);
      await context.close();
      timings.push(`block decline ${Date.now() - started} ms`);
    });

    it('Checkout block, approved after WooCommerce cancelled the order (its hold-stock time ran out): reinstated to Processing with a note, the stock taken again, the shopper on order received', async () => {
      const started = Date.now();
      const stock = async () =>
        (await shop.rest<{ stock_quantity: number }>('GET', `/products/${shop.productId}`)).json
          .stock_quantity;
      const before = await stock();
      const { context, page, problems } = await shopper();
      await blockCheckout(page);
      await page.locator('.wc-block-components-checkout-place-order-button').click();
      await page.waitForURL(/\/order-pay\/\d+\//);
      const id = payPageOrder(page);
      // While the shopper is at Billink, WooCommerce cancels the unpaid order (as its cron does).
      await context.route(/\/billink-simulator\/checkout\//, async (route) => {
        if (route.request().method() === 'POST') {
          const put = await shop.rest('PUT', `/orders/${id}`, { status: 'cancelled' });
          assert.equal(put.status, 200);
        }
        await route.continue();
      });
      await payAtBillink(page, 'approve');
      await orderReceived(page);
      await until('reinstated', async () => (await wcOrder(id)).status === 'processing');
      const all = await notes(id);
      assert.ok(
        all.some((n) =>
          /^Billink approved €24\.95 \(invoice \S+\) after WooCommerce had cancelled the order; the stock is still there, so the order is reinstated\./.test(
            n,
          ),
        ),
        all.join('\n'),
      );
      assert.equal(await stock(), before - 1, 'the reinstated order holds its mug again');
      assert.deepEqual(problems, []);
      await context.close();
      timings.push(`block approve after cancel ${Date.now() - started} ms`);
    });

    let classicId = 0;
    for (const kind of ['Checkout block', 'classic checkout'] as const) {
      it(`${kind}, late return: the approved event arrives before the shopper; the pay page sends them on to order received`, async () => {
        const started = Date.now();
        const { page, problems } = await shopper();
        if (kind === 'classic checkout') await classicCheckout(page);
        else {
          await blockCheckout(page);
          await page.locator('.wc-block-components-checkout-place-order-button').click();
          await page.waitForURL(/\/order-pay\/\d+\//);
        }
        const id = payPageOrder(page);
        const held = await holdTheWayBack(page, () => id);
        await payAtBillink(page, 'approve');
        await orderReceived(page);
        assert.match(
          held.location,
          /\/order-pay\/\d+\//,
          'the shopper came back through the pay page',
        );
        assert.equal(Number(/order-received\/(\d+)/.exec(page.url())![1]), id);
        assert.doesNotMatch((await page.content()).replace(/\s+/g, ' '), /cannot be paid for/);
        await page
          .locator(
            '.woocommerce-order-overview, .woocommerce-thankyou-order-received, .wc-block-order-confirmation-status',
          )
          .first()
          .waitFor();
        assert.deepEqual(problems, []);
        await page.context().close();
        if (kind === 'classic checkout') classicId = id;
        timings.push(`${kind} late return ${Date.now() - started} ms`);
      });
    }

    it('classic checkout, decline: back on the pay page, the order Failed', async () => {
      const { page, problems } = await shopper();
      await classicCheckout(page);
      const id = payPageOrder(page);
      await payAtBillink(page, 'decline');
      await page.waitForURL(/\/order-pay\/\d+\/.*billink/);
      await page
        .locator('billink-checkout')
        .locator('.message')
        .filter({ hasText: /Billink/ })
        .waitFor();
      await until('failed', async () => (await wcOrder(id)).status === 'failed');
      assert.deepEqual(problems, []);
      await page.context().close();
    });

    it('Completed in the admin (REST) starts Billink’s workflow; the shipped event becomes a note', async () => {
      const order = await wcOrder(classicId);
      assert.equal((await atProxy(order)).shipped, false, 'not invoiced before it ships');
      const put = await shop.rest('PUT', `/orders/${classicId}`, { status: 'completed' });
      assert.equal(put.status, 200);
      assert.equal((await atProxy(order)).shipped, true);
      await until('workflow note', async () =>
        (await notes(classicId)).some((n) => /^Billink: workflow started/.test(n)),
      );
    });

    it('refunds from the order screen (admin-ajax, as the "Refund via Billink" button) and from the REST API are credited at Billink once each', async () => {
      const order = await wcOrder(classicId);
      // The admin's session: wp-login.php, then the order screen for its refund nonce.
      const jar: string[] = ['wordpress_test_cookie=WP%20Cookie%20check'];
      const login = await fetch(`${shop.url}/wp-login.php`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar.join('; ') },
        body: new URLSearchParams({
          log: ADMIN.user,
          pwd: ADMIN.password,
          testcookie: '1',
          'wp-submit': 'Log In',
        }),
      });
      assert.equal(login.status, 302);
      jar.push(...login.headers.getSetCookie().map((c) => c.split(';')[0]!));
      const cookie = jar.join('; ');
      const screen = await fetch(
        `${shop.url}/wp-admin/admin.php?page=wc-orders&action=edit&id=${classicId}`,
        { headers: { cookie } },
      );
      const html = await screen.text();
      const nonce = /"order_item_nonce":"(\w+)"/.exec(html)?.[1];
      assert.ok(
        nonce,
        `the order screen (${screen.status} ${screen.url}) has its refund nonce: ${html.slice(0, 300)}`,
      );
      // The Billink box shows the numbers and offers the invoice PDF.
      assert.match(html, /Invoice number<\/dt><dd>[^<–]+<\/dd>/);
      assert.match(
        html,
        /admin-post\.php\?action=billink_invoice(&amp;|&#038;)order_id=\d+(&amp;|&#038;)_wpnonce=\w+/,
      );
      const refund = await fetch(`${shop.url}/wp-admin/admin-ajax.php`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          action: 'woocommerce_refund_line_items',
          order_id: String(classicId),
          refund_amount: '5.00',
          refunded_amount: '0.00',
          refund_reason: 'Kapotte mok',
          line_item_qtys: '{}',
          line_item_totals: '{}',
          line_item_tax_totals: '{}',
          api_refund: 'true',
          restock_refunded_items: 'false',
          security: nonce,
        }),
      });
      const answer = (await refund.json()) as { success: boolean; data?: unknown };
      assert.equal(answer.success, true, JSON.stringify(answer));
      assert.equal((await atProxy(order)).creditedCents, 500);
      const viaRest = await shop.rest('POST', `/orders/${classicId}/refunds`, {
        amount: '4.95',
        reason: 'Te laat',
        api_refund: true,
      });
      assert.equal(viaRest.status, 201, JSON.stringify(viaRest.json));
      assert.equal((await atProxy(order)).creditedCents, 995);
      // More than is left: refused, so WooCommerce keeps no refund and Billink credits nothing.
      const over = await shop.rest<{ code: string; message: string }>(
        'POST',
        `/orders/${classicId}/refunds`,
        { amount: '20.00', api_refund: true },
      );
      assert.ok(over.status >= 400, JSON.stringify(over.json));
      assert.equal(
        (await shop.rest<unknown[]>('GET', `/orders/${classicId}/refunds`)).json.length,
        2,
      );
      assert.equal((await atProxy(order)).creditedCents, 995);
      // The order box's invoice link: the admin downloads the PDF; a stranger gets nothing.
      const link =
        /admin-post\.php\?action=billink_invoice(?:&amp;|&#038;)order_id=(\d+)(?:&amp;|&#038;)_wpnonce=(\w+)/.exec(
          html,
        )!;
      const pdfUrl = `${shop.url}/wp-admin/admin-post.php?action=billink_invoice&order_id=${link[1]}&_wpnonce=${link[2]}`;
      const pdf = await fetch(pdfUrl, { headers: { cookie } });
      assert.equal(pdf.status, 200, await pdf.clone().text());
      assert.equal(pdf.headers.get('content-type'), 'application/pdf');
      assert.match(
        pdf.headers.get('content-disposition') ?? '',
        /^attachment; filename="billink-invoice-[\w-]+\.pdf"$/,
      );
      assert.equal(
        Buffer.from(await pdf.arrayBuffer())
          .subarray(0, 5)
          .toString(),
        '%PDF-',
      );
      const stranger = await fetch(pdfUrl, { redirect: 'manual' });
      assert.notEqual(stranger.status, 200);
      assert.doesNotMatch(await stranger.text(), /%PDF-/);
      await until(
        'credit notes',
        async () =>
          (await notes(classicId)).filter((n) => /^Billink: €\d+\.\d\d credited\.$/.test(n))
            .length === 2,
      );
      assert.deepEqual(shop.errors, []);
    });
  },
);
