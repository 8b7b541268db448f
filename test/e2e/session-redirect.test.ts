// Session mode with Billink's hosted page opened by redirect: the shopper leaves the shop for the
// simulator's page and comes back to the shop's returnUrl, where the element resumes from
// sessionStorage and asks the proxy for the outcome (it never trusts the return URL).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import {
  ANNA,
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
  readDetails,
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

const pending = (page: Page) =>
  page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith('billink:pending:')));

describe('session mode, redirect', () => {
  it('approve: hosted page → Approve → back on the returnUrl → resumed, confirmed → order id shown; return params cleaned; a reload shows the confirmation, not a pay button', async () => {
    const shopper = await openShop(browser, demo);
    const { page, visited } = shopper;
    await fillDetails(page);
    await pay(page);
    await page.waitForURL(HOSTED_PATH);
    assert.equal((await pending(page)).length, 1, 'the pending order waits in sessionStorage');
    await hostedChoice(page, 'approve');

    const orderId = await approvedOrderId(page);
    assert.match(orderId, /^ord_[\w-]+$/);
    // The shopper came back on the shop's own page with the proxy's order id and the result…
    const returned = visited
      .map((u) => new URL(u))
      .find((u) => u.searchParams.has('billink_order'));
    assert.ok(returned, `a return URL with billink_order among ${visited.join(', ')}`);
    assert.equal(returned.origin + returned.pathname, demo.url + '/');
    assert.equal(returned.searchParams.get('billink_order'), orderId);
    assert.equal(returned.searchParams.get('billink_result'), 'success');
    // …which the element removed from the address bar. The pending entry stays, marked approved,
    // so that a reload shows the approval rather than a pay button for a paid cart.
    assert.equal(page.url(), demo.url + '/');
    const kept = await page.evaluate(() =>
      Object.entries(sessionStorage)
        .filter(([k]) => k.startsWith('billink:pending:'))
        .map(([, v]) => JSON.parse(v) as { orderId?: string; approved?: boolean }),
    );
    assert.equal(kept.length, 1);
    assert.equal(kept[0]!.orderId, orderId);
    assert.equal(kept[0]!.approved, true);
    assert.equal(
      await checkout(page).evaluate((el) => (el as { state?: string }).state),
      'approved',
    );
    // The shop's form now carries the order id under the element's name.
    const submitted = await page.evaluate(() =>
      new FormData(document.querySelector<HTMLFormElement>('#checkout')!).get('billink_order'),
    );
    assert.equal(submitted, orderId);
    assert.match((await page.locator('#log').textContent()) ?? '', /billink-approved/);

    await page.reload();
    await waitForState(page, 'approved');
    assert.deepEqual(await buttons(page), [], 'no pay button for the paid cart');
    assert.equal(await messageOf(page), 'Betaling goedgekeurd. Bedankt!');
    // The confirmation: the shop's order number, the amount and how paying later works.
    const cart = await page.evaluate(async () => {
      const r = await fetch('/api/cart');
      return (await r.json()) as { orderNumber: string; totalCents: number };
    });
    const collapse = (t: string) => t.replace(/\s+/g, ' ').trim();
    const amount = collapse(
      new Intl.NumberFormat('nl-NL', { style: 'currency', currency: 'EUR' }).format(
        cart.totalCents / 100,
      ),
    );
    const text = (await checkout(page).locator('p').allTextContents()).map(collapse);
    assert.ok(text.includes(`Bestelnummer: ${cart.orderNumber}`), text.join(' | '));
    assert.ok(
      text.includes(
        `Je ontvangt de factuur van ${amount} per e-mail van Billink en betaalt binnen 14 dagen.`,
      ),
      text.join(' | '),
    );
    await shopper.done();
  });

  it('decline (last name "Decline"): the check declines in the shop, respectfully, with "choose another payment method"', async () => {
    const shopper = await openShop(browser, demo);
    const { page, visited } = shopper;
    await fillDetails(page, { lastName: 'Decline' });
    await pay(page);
    await waitForState(page, 'declined');
    assert.equal(
      await messageOf(page),
      'Achteraf betalen met Billink is voor deze bestelling helaas niet mogelijk.',
    );
    assert.deepEqual(await buttons(page), ['Kies een andere betaalmethode']);
    assert.ok(!visited.some((u) => HOSTED_PATH.test(u)), 'never left the shop');
    // Keyboard and screen-reader users land on the message.
    await page.waitForFunction(
      () =>
        document
          .querySelector('billink-checkout')
          ?.shadowRoot?.activeElement?.classList.contains('message') === true,
    );

    await elementButton(page, 'Kies een andere betaalmethode').click();
    assert.equal(await page.locator('input[name=method][value=ideal]').isChecked(), true);
    await page.locator('#billink-panel').waitFor({ state: 'hidden' });
    await shopper.done();
  });

  it('decline on the hosted page (incomplete prefill: Billink asks the birthdate) → back → "declined", respectfully, without a retry', async () => {
    const shopper = await openShop(browser, demo);
    const { page } = shopper;
    await fillDetails(page, { birthdate: '' });
    await pay(page);
    await page.waitForURL(HOSTED_PATH);
    await page.locator('#birthdate').waitFor(); // the hosted page collects what the shop lacked
    await hostedChoice(page, 'decline');
    // Billink's session ends "failed" on a decline: the proxy says declined, and so does the shop.
    await waitForState(page, 'declined');
    assert.equal(
      await messageOf(page),
      'Achteraf betalen met Billink is voor deze bestelling helaas niet mogelijk.',
    );
    // No "try again": Billink would decline again.
    assert.deepEqual(await buttons(page), ['Kies een andere betaalmethode']);
    assert.equal(page.url(), demo.url + '/');
    const log = (await page.locator('#log').textContent()) ?? '';
    assert.match(log, /billink-declined/);
    assert.doesNotMatch(log, /billink-error/);
    await shopper.done();
  });

  it('cancel on the hosted page → back → "cancelled"; try again opens a new Billink session', async () => {
    const shopper = await openShop(browser, demo);
    const { page } = shopper;
    await fillDetails(page);
    await pay(page);
    await page.waitForURL(HOSTED_PATH);
    const first = page.url();
    await hostedChoice(page, 'cancel');
    await waitForState(page, 'cancelled');
    assert.equal(await messageOf(page), 'Betaling geannuleerd.');
    assert.deepEqual(await buttons(page), ['Probeer opnieuw', 'Kies een andere betaalmethode']);

    await elementButton(page, 'Probeer opnieuw').click();
    await page.waitForURL(HOSTED_PATH);
    assert.notEqual(page.url(), first, 'a fresh session');
    await shopper.done();
  });

  it('Billink error (e-mail error-603@…): the proxy\u2019s retryable message, with try again', async () => {
    const shopper = await openShop(browser, demo);
    const { page } = shopper;
    await fillDetails(page, { email: 'error-603@example.com' });
    await pay(page);
    await waitForState(page, 'error');
    assert.equal(
      await messageOf(page),
      'Billink is even niet bereikbaar. Probeer het opnieuw of kies een andere betaalmethode.',
    );
    assert.deepEqual(await buttons(page), ['Probeer opnieuw', 'Kies een andere betaalmethode']);
    // Try again repeats the request (Billink still fails for this address).
    const again = page.waitForResponse((r) => r.url().endsWith('/billink/check'));
    await elementButton(page, 'Probeer opnieuw').click();
    assert.equal((await again).status(), 503);
    await waitForState(page, 'error');
    await shopper.done();
  });

  it('proxy down: "Geen verbinding…", the typed details stay; try again works once it is back', async () => {
    const shopper = await openShop(browser, demo);
    const { page } = shopper;
    await fillDetails(page);
    await page.route('**/billink/**', (route) => route.abort('connectionrefused'));
    await pay(page);
    await waitForState(page, 'error');
    assert.equal(await messageOf(page), 'Geen verbinding. Probeer het opnieuw.');
    assert.deepEqual(await readDetails(page), ANNA);

    await page.unroute('**/billink/**');
    await elementButton(page, 'Probeer opnieuw').click();
    await page.waitForURL(HOSTED_PATH);
    await shopper.done();
  });

  it('reload mid-flow: back from Billink without choosing → "not completed"; reload → the same; approved in another tab → finishes', async () => {
    const shopper = await openShop(browser, demo);
    const { page, context } = shopper;
    await fillDetails(page);
    await pay(page);
    await page.waitForURL(HOSTED_PATH);
    const hosted = page.url();
    await page.locator('a[href*="billink_result"]').click(); // "Terug naar de winkel"
    const incomplete =
      'Je betaling is niet afgerond. Ga verder bij Billink of probeer het opnieuw.';
    await waitForState(page, 'incomplete');
    assert.equal(await messageOf(page), incomplete);

    await page.reload();
    await waitForState(page, 'incomplete');
    assert.equal(await messageOf(page), incomplete);
    assert.equal(
      (await checkout(page).locator('[role=status]').textContent())?.trim(),
      incomplete,
      'announced in the live region',
    );
    assert.deepEqual(await buttons(page), [
      'Verder bij Billink',
      'Probeer opnieuw',
      'Kies een andere betaalmethode',
    ]);
    // The shopper finishes on Billink's page in another tab; this tab's poll picks it up.
    const other = await context.newPage();
    await other.goto(hosted);
    await hostedChoice(other, 'approve');
    await other.waitForURL((u) => u.searchParams.get('billink_result') === 'success');
    await other.close();
    const orderId = await approvedOrderId(page);
    assert.match(orderId, /^ord_/);
    await shopper.done();
  });

  // Last: it moves the simulator's clock an hour on.
  it('expire: the session expires on Billink\u2019s side → the hosted page says so → back → "expired"', async () => {
    const shopper = await openShop(browser, demo);
    const { page } = shopper;
    await fillDetails(page);
    await pay(page);
    await page.waitForURL(HOSTED_PATH);
    demo.simulator.advanceTime(61 * 60_000);
    demo.simulator.sweep();
    await page.reload();
    await page.locator('.final-session_expired').waitFor();
    await page.locator('a[href*="billink_result"]').click();
    await waitForState(page, 'expired');
    assert.equal(await messageOf(page), 'Betaalsessie verlopen.');
    assert.deepEqual(await buttons(page), ['Probeer opnieuw', 'Kies een andere betaalmethode']);
    await shopper.done();
  });
});
