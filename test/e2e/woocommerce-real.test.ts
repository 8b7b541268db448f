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

describe('WooCommerce (real shop): Billink in the Checkout block and the classic checkout', { skip: UNAVAILABLE ?? false }, () => {
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
  async function until<T>(what: string, fn: () => Promise<T | false | undefined>, ms = 15_000): Promise<T> {
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
    const context = await browser.newContext({ viewport: { width: 1100, height: 1000 }, locale: 'nl-NL' });
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
    return (await page.locator('.woocommerce-error, .wc-block-components-notice-banner, .woocommerce-NoticeGroup, .wc-block-components-validation-error').allTextContents()).join(' | ');
  };

  /** The order id from the pay page's URL (…/order-pay/{id}/?key=…). */
  const payPageOrder = (page: Page) => Number(/order-pay\/(\d+)/.exec(page.url())?.[1]);

  /** On the pay page: <billink-checkout> → the simulator's hosted page → the shopper's choice. */
  async function payAtBillink(page: Page, choice: 'approve' | 'decline') {
    await page.waitForURL(/\/order-pay\/\d+\//).catch(async (error: Error) => {
      throw new Error(`${error.message}\nat ${page.url()}: ${await notices(page)}`);
    });
    const element = page.locator('billink-checkout');
    await element.getByRole('button', { name: /^(Betalen met Billink|Pay with Billink)$/ }).click();
    await page.waitForURL(/\/billink-simulator\/checkout\//);
    // Billink asks what the shop did not send (WooCommerce has no date of birth).
    const birth = page.getByLabel(/Date of birth|Geboortedatum/);
    if (choice === 'approve' && (await birth.count())) await birth.fill('17-05-1990');
    await page.locator(`button[name=choice][value=${choice}]`).click();
  }

  /** Waits for WooCommerce's thank-you page; on failure says where the shopper is and what shows. */
  async function orderReceived(page: Page) {
    await page.waitForURL(/\/order-received\/\d+\//).catch(async (error: Error) => {
      const element = await page
        .locator('billink-checkout')
        .evaluate((el) => `${(el as HTMLElement & { state?: string }).state}: ${el.shadowRoot?.textContent?.replace(/\s+/g, ' ')}`)
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
    assert.ok(all.some((n) => /^Billink approved €24\.95 \(invoice \S+\)\.$/.test(n)), all.join('\n'));
    assert.deepEqual(problems, []);
    await context.close();
    timings.push(`block approve ${Date.now() - started} ms`);
  });
});
