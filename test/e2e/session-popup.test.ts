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

  it('closing the popup without a choice still lets the shopper open Billink again', async () => {
    const shopper = await openShop(browser, demo);
    const { page, context } = shopper;
    await demoSettings(page, { open: 'popup' });
    await fillDetails(page);
    const opened = context.waitForEvent('page');
    await pay(page);
    await (await opened).close();
    await waitForState(page, 'polling');
    // The state changes before the render that shows it: wait for the button, then use it.
    const reopen = elementButton(page, 'Open Billink opnieuw');
    await reopen.waitFor();
    const again = context.waitForEvent('page');
    await reopen.click();
    await (await again).waitForURL(HOSTED_PATH);
    await shopper.context.close();
  });

  it('the cart is locked while Billink\u2019s page is open, so the amount paid is the amount shown', async () => {
    const shopper = await openShop(browser, demo);
    const { page, context } = shopper;
    await demoSettings(page, { open: 'popup' });
    await fillDetails(page);
    const opened = context.waitForEvent('page');
    await pay(page);
    const popup = await opened;
    await popup.waitForURL(HOSTED_PATH);
    await waitForState(page, 'awaiting-customer');
    const steps = page.locator('button.step');
    for (const step of await steps.all()) assert.equal(await step.isDisabled(), true);
    // And the server refuses a change sent anyway once the cart is paid for.
    await hostedChoice(popup, 'approve');
    const orderId = await approvedOrderId(page);
    const after = await page.evaluate(async () => {
      const r = await fetch('/api/cart/items', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ sku: 'BOOK-03', quantity: 3 }),
      });
      return (await r.json()) as {
        billink: { orderId: string; amountCents: number };
        totalCents: number;
      };
    });
    assert.equal(after.billink.orderId, orderId);
    assert.equal(after.billink.amountCents, after.totalCents);
    await shopper.done();
  });

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
