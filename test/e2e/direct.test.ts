// Direct mode: the element's own form (prefilled from the shop's details), Billink's check and the
// order, all without leaving the shop.
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

describe('direct mode', () => {
  it('the form comes prefilled from the shop; a validation error is fixed in place; submit → approved without leaving the shop', async () => {
    const shopper = await openShop(browser, demo);
    const { page, visited } = shopper;
    await demoSettings(page, { mode: 'direct' });
    await fillDetails(page, { postalCode: '12' });
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
    await demoSettings(page, { mode: 'direct' });
    await fillDetails(page, { lastName: 'Decline' });
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
