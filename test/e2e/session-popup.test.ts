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
  stateOf,
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

  it('closing the popup without a choice: the shop asks the proxy at once, says the payment was not completed and keeps polling', async () => {
    const shopper = await openShop(browser, demo);
    const { page, context } = shopper;
    await demoSettings(page, { open: 'popup' });
    await fillDetails(page);
    const opened = context.waitForEvent('page');
    await pay(page);
    const popup = await opened;
    await popup.waitForURL(HOSTED_PATH);
    const status = (r: { url(): string }) => /\/billink\/orders\/ord_/.test(r.url());
    const polled = page.waitForRequest(status);
    await popup.close();
    await polled;
    // Nothing was paid: not "being confirmed", but plainly not completed, with the ways on.
    await waitForState(page, 'incomplete');
    assert.equal(
      await messageOf(page),
      'Je betaling is niet afgerond. Ga verder bij Billink of probeer het opnieuw.',
    );
    assert.deepEqual(await buttons(page), [
      'Verder bij Billink',
      'Probeer opnieuw',
      'Kies een andere betaalmethode',
    ]);
    // Billink's session still lives: the shop keeps asking, in case the shopper finishes it anyway.
    await page.waitForRequest(status);
    assert.equal(await stateOf(page), 'incomplete');
    await shopper.done();
  });

  it('closing the popup without a choice: "Verder bij Billink" reopens the same Billink session', async () => {
    const shopper = await openShop(browser, demo);
    const { page, context } = shopper;
    await demoSettings(page, { open: 'popup' });
    await fillDetails(page);
    const opened = context.waitForEvent('page');
    await pay(page);
    const first = await opened;
    await first.waitForURL(HOSTED_PATH);
    const session = first.url();
    await first.close();
    await waitForState(page, 'incomplete');
    const again = context.waitForEvent('page');
    await elementButton(page, 'Verder bij Billink').click();
    const popup = await again;
    await popup.waitForURL(HOSTED_PATH);
    assert.equal(popup.url(), session, 'the same session, not a new one');
    await waitForState(page, 'awaiting-customer');
    // …and finishing there still completes the payment.
    await hostedChoice(popup, 'approve');
    assert.match(await approvedOrderId(page), /^ord_/);
    await shopper.done();
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
    const before = await page.evaluate(async () => {
      const r = await fetch('/api/cart');
      return ((await r.json()) as { totalCents: number }).totalCents;
    });
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
        orderNumber: string;
        billink: { status: string; orderNumber: string; amountCents: number };
        totalCents: number;
      };
    });
    assert.match(orderId, /^ord_/);
    // The shop's server heard the approval of this cart's order (by its order number) from the
    // proxy, and the total it was approved for did not change.
    assert.equal(after.billink.status, 'approved');
    assert.equal(after.billink.orderNumber, after.orderNumber);
    assert.equal(after.billink.amountCents, after.totalCents);
    assert.equal(after.totalCents, before);
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
