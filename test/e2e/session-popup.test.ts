// Session mode with Billink's hosted page in a popup (`open="popup"`): the shop page stays, the
// popup closes itself when Billink sends it back, and the shop confirms with the proxy.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import {
  HOSTED_PATH,
  approvedOrderId,
  checkout,
  demoSettings,
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

describe('session mode, popup', () => {
  it('opens Billink in a popup; Approve there → the popup closes itself → the shop shows approved', async () => {
    const shopper = await openShop(browser, demo);
    const { page, context, visited } = shopper;
    await demoSettings(page, { open: 'popup' });
    await fillDetails(page);
    const opened = context.waitForEvent('page');
    await pay(page);
    const popup = await opened;
    await popup.waitForURL(HOSTED_PATH);

    await waitForState(page, 'awaiting-customer');
    assert.equal(await messageOf(page), 'Rond je betaling af bij Billink.');
    assert.deepEqual(
      (await checkout(page).locator('button').allTextContents()).map((t) => t.trim()),
      ['Open Billink opnieuw', 'Kies een andere betaalmethode'],
    );

    const closed = popup.waitForEvent('close');
    await hostedChoice(popup, 'approve');
    await closed;
    const orderId = await approvedOrderId(page);
    assert.match(orderId, /^ord_/);
    assert.equal(page.url(), demo.url + '/', 'the shop page never left');
    assert.ok(
      visited.some((u) => new URL(u).searchParams.get('billink_result') === 'success'),
      'the popup came back on the return URL',
    );
    await shopper.done();
  });

  it('closing the popup without a choice: the shop asks the proxy at once and keeps polling', async () => {
    const shopper = await openShop(browser, demo);
    const { page, context } = shopper;
    await demoSettings(page, { open: 'popup' });
    await fillDetails(page);
    const opened = context.waitForEvent('page');
    await pay(page);
    const popup = await opened;
    await popup.waitForURL(HOSTED_PATH);
    const polled = page.waitForRequest((r) => /\/billink\/orders\/ord_/.test(r.url()));
    await popup.close();
    await polled;
    await waitForState(page, 'polling');
    assert.equal(await messageOf(page), 'Je betaling wordt bevestigd…');
    await shopper.done();
  });

  it(
    'closing the popup without a choice still lets the shopper open Billink again',
    {
      todo:
        'after HOSTED_PAGE_CLOSED the element shows "Je betaling wordt bevestigd…" with only ' +
        '"Kies een andere betaalmethode" until the session expires (1 h): "Open Billink opnieuw" is gone',
    },
    async () => {
      const shopper = await openShop(browser, demo);
      const { page, context } = shopper;
      await demoSettings(page, { open: 'popup' });
      await fillDetails(page);
      const opened = context.waitForEvent('page');
      await pay(page);
      await (await opened).close();
      await waitForState(page, 'polling');
      assert.equal(await elementButton(page, 'Open Billink opnieuw').count(), 1);
      await shopper.context.close();
    },
  );

  it(
    'the cart changes while Billink\u2019s page is open: the shopper is not approved for the old amount unnoticed',
    {
      todo:
        'AMOUNT_CHANGED is ignored in awaiting-customer/polling: the cart says \u20ac 43,40, the element and ' +
        'Billink\u2019s page \u20ac 30,90, Approve → the shop shows its thank-you for the new cart',
    },
    async () => {
      const shopper = await openShop(browser, demo);
      const { page, context } = shopper;
      await demoSettings(page, { open: 'popup' });
      await fillDetails(page);
      const opened = context.waitForEvent('page');
      await pay(page);
      const popup = await opened;
      await popup.waitForURL(HOSTED_PATH);
      await waitForState(page, 'awaiting-customer');
      const before = await page.locator('#cart-total').textContent();
      await page.locator('button.step[data-delta="1"]').first().click();
      await page.waitForFunction(
        (t) => document.querySelector('#cart-total')?.textContent !== t,
        before,
      );
      const total = (await page.locator('#cart-total').textContent())?.trim();
      // Either the element follows the new total, or it is no longer waiting on the old session.
      await page.waitForFunction(
        (t) => {
          const el = document.querySelector('billink-checkout') as
            (HTMLElement & { state: string }) | null;
          const shown = el?.shadowRoot?.querySelector('.amount-value')?.textContent?.trim();
          return shown === t || (el?.state !== 'awaiting-customer' && el?.state !== 'polling');
        },
        total,
        { timeout: 2_000 },
      );
      await shopper.context.close();
    },
  );

  it('a blocked popup falls back to a redirect, and the payment still completes', async () => {
    const shopper = await openShop(browser, demo, {
      beforeLoad: (context) =>
        context.addInitScript(() => {
          window.open = () => null;
        }),
    });
    const { page } = shopper;
    await demoSettings(page, { open: 'popup' });
    await fillDetails(page);
    await pay(page);
    await page.waitForURL(HOSTED_PATH);
    assert.equal(shopper.context.pages().length, 1, 'no popup');
    await hostedChoice(page, 'approve');
    assert.match(await approvedOrderId(page), /^ord_/);
    await shopper.done();
  });
});
