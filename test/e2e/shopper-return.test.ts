// Issue 12 item 2 in redirect mode: a shopper who leaves Billink's hosted page with the browser's
// Back button (no choice made, nothing paid) is told plainly that the payment was not completed,
// can continue on the same Billink session, or start a new attempt that replaces the abandoned one.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import {
  HOSTED_PATH,
  approvedOrderId,
  checkout,
  elementButton,
  fillDetails,
  hostedChoice,
  launchChromium,
  messageOf,
  openShop,
  pay,
  startDemo,
  waitForState,
  type Demo,
  elementButtons as buttons,
} from './support.js';

let browser: Browser;
let demo: Demo;

before(async () => {
  [browser, demo] = await Promise.all([launchChromium(), startDemo()]);
});
after(async () => {
  await browser?.close();
  await demo?.close();
});

const TEXT = {
  nl: {
    incomplete: 'Je betaling is niet afgerond. Ga verder bij Billink of probeer het opnieuw.',
    resume: 'Verder bij Billink',
    retry: 'Probeer opnieuw',
    other: 'Kies een andere betaalmethode',
  },
  en: {
    incomplete: 'Your payment was not completed. Continue at Billink or try again.',
    resume: 'Continue at Billink',
    retry: 'Try again',
    other: 'Choose another payment method',
  },
} as const;

/** Pays, lands on Billink's hosted page, and goes Back to the shop; returns the session's URL. */
async function payThenBack(page: Page): Promise<string> {
  await fillDetails(page);
  await pay(page);
  await page.waitForURL(HOSTED_PATH);
  const session = page.url();
  await page.goBack();
  await page.waitForURL(demo.url + '/');
  await waitForState(page, 'incomplete');
  return session;
}

describe('back from Billink’s page without choosing (redirect mode)', () => {
  for (const lang of ['nl', 'en'] as const) {
    const T = TEXT[lang];

    it(`Back → "not completed" with "${T.resume}", which reopens the same session (${lang})`, async () => {
      const shopper = await openShop(browser, demo, { lang });
      const { page } = shopper;
      const session = await payThenBack(page);
      assert.equal(await messageOf(page), T.incomplete);
      assert.deepEqual(await buttons(page), [T.resume, T.retry, T.other]);
      // Said to screen readers as it is shown, and not as an error.
      assert.equal(
        (await checkout(page).locator('[role=status]').textContent())?.trim(),
        T.incomplete,
      );
      assert.equal(
        await checkout(page)
          .locator('.message')
          .evaluate((m) => m.classList.contains('error')),
        false,
      );

      const orders: string[] = [];
      page.on('request', (r) => {
        if (r.method() === 'POST' && r.url().endsWith('/billink/orders')) orders.push(r.url());
      });
      await elementButton(page, T.resume).click();
      await page.waitForURL(HOSTED_PATH);
      assert.equal(page.url(), session, 'the same Billink session');
      assert.deepEqual(orders, [], 'no new order was created');

      // Finishing there now completes this very payment.
      await hostedChoice(page, 'approve');
      assert.match(await approvedOrderId(page), /^ord_/);
      await shopper.done();
    });
  }

  it('a new attempt replaces the abandoned session: a fresh session, no 409 "already in progress"', async () => {
    const shopper = await openShop(browser, demo);
    const { page } = shopper;
    const abandoned = await payThenBack(page);

    const answers: string[] = [];
    page.on('response', (r) => {
      const path = new URL(r.url()).pathname;
      if (r.request().method() === 'POST' && /\/billink\/(check|orders)$/.test(path))
        answers.push(`${path.replace(/^.*\/billink/, '')} ${r.status()}`);
    });
    await elementButton(page, TEXT.nl.retry).click();
    await page.waitForURL(HOSTED_PATH);
    assert.notEqual(page.url(), abandoned, 'a new Billink session');
    // The new order was created, not refused with 409 order_in_progress.
    assert.ok(answers.includes('/orders 201'), answers.join(', '));
    assert.ok(!answers.some((a) => / (4|5)\d\d$/.test(a)), answers.join(', '));

    // The new session completes the order; the shop shows the thank-you.
    await hostedChoice(page, 'approve');
    const orderId = await approvedOrderId(page);
    assert.match(orderId, /^ord_/);

    const cart = await page.evaluate(async () => {
      const r = await fetch('/api/cart');
      return (await r.json()) as { billink: { status: string } | null };
    });
    assert.equal(cart.billink?.status, 'approved', 'the shop’s server heard it from the proxy');
    await shopper.done();
  });
});
