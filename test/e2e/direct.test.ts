// Direct mode: the element's own form (prefilled from the shop's details), Billink's check and the
// order, all without leaving the shop. Then the shop around the element: its language switch,
// its own "place order" button and "new order".
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import {
  HOSTED_PATH,
  approvedOrderId,
  hostedChoice,
  checkout,
  demoSettings,
  elementButton,
  fillDetails,
  launchChromium,
  messageOf,
  openShop,
  pay,
  startDemo,
  stateOf,
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

describe('direct mode', () => {
  it('the form comes prefilled from the shop; a validation error is fixed in place; submit → approved without leaving the shop', async () => {
    const shopper = await openShop(browser, demo);
    const { page, visited } = shopper;
    await fillDetails(page, { postalCode: '12' });
    await demoSettings(page, { mode: 'direct' }); // the shop's form steps aside: one form
    await pay(page);
    await waitForState(page, 'collecting');

    const field = (name: string) => checkout(page).locator(`#f-${name}`);
    assert.equal(await field('firstName').inputValue(), 'Anna');
    assert.equal(await field('lastName').inputValue(), 'de Vries');
    assert.equal(await field('birthdate').inputValue(), '1990-05-17');
    assert.equal(await field('postalCode').inputValue(), '12');

    await elementButton(page, 'Doorgaan').click();
    const postal = field('postalCode');
    await page.waitForFunction(
      () =>
        document
          .querySelector('billink-checkout')
          ?.shadowRoot?.querySelector('#f-postalCode')
          ?.getAttribute('aria-invalid') === 'true',
    );
    assert.equal(
      (await checkout(page).locator('#f-postalCode-e').textContent())?.trim(),
      'Vul een postcode in zoals 1234 AB.',
    );
    assert.equal(await postal.getAttribute('aria-describedby'), 'f-postalCode-e');
    assert.equal(
      await postal.evaluate(
        (input) =>
          input.getRootNode() instanceof ShadowRoot &&
          input === (input.getRootNode() as ShadowRoot).activeElement,
      ),
      true,
      'focus on the field to fix',
    );
    // Only that field is marked.
    assert.equal(await checkout(page).locator('[aria-invalid="true"]').count(), 1);

    await postal.fill('1012 LG');
    await elementButton(page, 'Doorgaan').click();
    const orderId = await approvedOrderId(page);
    assert.match(orderId, /^ord_/);
    assert.ok(!visited.some((u) => HOSTED_PATH.test(u)), 'never left the shop');
    await shopper.done();
  });

  it('decline (last name "Decline"): the decline shows in the element, with "choose another payment method"', async () => {
    const shopper = await openShop(browser, demo);
    const { page } = shopper;
    await fillDetails(page, { lastName: 'Decline' });
    await demoSettings(page, { mode: 'direct' }); // the shop's form steps aside: one form
    await pay(page);
    await waitForState(page, 'collecting');
    await elementButton(page, 'Doorgaan').click();
    await waitForState(page, 'declined');
    assert.equal(
      await messageOf(page),
      'Achteraf betalen met Billink is voor deze bestelling helaas niet mogelijk.',
    );
    assert.deepEqual(
      (await checkout(page).locator('button').allTextContents()).map((t) => t.trim()),
      ['Kies een andere betaalmethode'],
    );
    await shopper.done();
  });
});

describe('the shop around the element', () => {
  it('NL/EN switch: the element follows <html lang> at once', async () => {
    const shopper = await openShop(browser, demo);
    const { page } = shopper;
    await elementButton(page, 'Betalen met Billink').waitFor();
    await page.locator('.lang[data-lang=en]').click();
    await elementButton(page, 'Pay with Billink').waitFor();
    assert.equal(
      (await checkout(page).locator('.amount').textContent())?.replace(/\s+/g, ' ').trim(),
      'Amount due: \u20ac30.90',
    );
    await page.locator('.lang[data-lang=nl]').click();
    await elementButton(page, 'Betalen met Billink').waitFor();
    await shopper.done();
  });

  it('NL/EN switch after a proxy error: the message follows the language too', async () => {
    const shopper = await openShop(browser, demo);
    const { page } = shopper;
    await fillDetails(page, { email: 'error-603@example.com' });
    await pay(page);
    await waitForState(page, 'error');
    assert.equal(
      await messageOf(page),
      'Billink is even niet bereikbaar. Probeer het opnieuw of kies een andere betaalmethode.',
    );
    await page.locator('.lang[data-lang=en]').click();
    await elementButton(page, 'Try again').waitFor();
    assert.equal(
      await messageOf(page),
      // The proxy's Dutch message gives way to the element's own English text for its code
      // (billink_unavailable), not to a generic "Something went wrong".
      'Billink or the shop cannot be reached right now. Please try again shortly.',
    );
    await shopper.context.close();
  });

  it('submitting the form (Enter) before paying: the element reports itself invalid, nothing thrown', async () => {
    const shopper = await openShop(browser, demo);
    const { page } = shopper;
    await fillDetails(page);
    // With Billink chosen its pay button is the last step; Enter in a field still submits the form.
    await page.locator('#details [name=city]').press('Enter');
    assert.equal(await page.locator('#done').isVisible(), false);
    assert.equal(await stateOf(page), 'idle');
    await shopper.done(); // fails on the page error
  });

  it('"Nieuwe bestelling" after an approval: the new cart is not paid by the old Billink order', async () => {
    const shopper = await openShop(browser, demo);
    const { page } = shopper;
    await fillDetails(page);
    await pay(page);
    await page.waitForURL(HOSTED_PATH);
    await hostedChoice(page, 'approve');
    const first = await approvedOrderId(page);
    await page.locator('#new-order').click();
    await page.locator('#checkout').waitFor({ state: 'visible' });
    const value = await page.evaluate(() =>
      new FormData(document.querySelector<HTMLFormElement>('#checkout')!).get('billink_order'),
    );
    assert.notEqual(value, first, 'the old order id is not submitted with the new cart');
    assert.equal(await stateOf(page), 'idle');
    await shopper.context.close();
  });
});
