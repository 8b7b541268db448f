// The demo's back office (/admin) as a shop owner uses it, in Chromium: the password keeps others
// out, and an order's whole life is played through the page — checkout, ship with a track-and-trace
// code, a partial refund, the shopper paying the rest — until the reconciliation shows it and its
// CSV says the same. Keyboard only for the actions, axe on every view, focus on what happened.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import {
  axeViolations,
  fillDetails,
  hostedChoice,
  HOSTED_PATH,
  launchChromium,
  openShop,
  pay,
  startDemo,
  waitForState,
  type Demo,
} from './support.js';
import {
  cents,
  expectFocus,
  flashText,
  formSnapshot,
  logIn,
  openAdmin,
  parseCsv,
  resend,
  summaryValue,
  tabTo,
  tableRows,
} from './backoffice-support.js';

let browser: Browser;
let demo: Demo;

before(async () => {
  [browser, demo] = await Promise.all([launchChromium(), startDemo()]);
});
after(async () => {
  await browser?.close();
  await demo?.close();
});

async function assertAxeClean(page: Page, view: string): Promise<void> {
  assert.deepEqual(await axeViolations(page), [], `axe on ${view}`);
}

/** Keyboard only: Tab to the field, type, Tab to the form's button, Enter; then the new page. */
async function submitByKeyboard(
  page: Page,
  input: string,
  value: string | undefined,
  button: string,
) {
  await tabTo(page, input);
  if (value !== undefined) {
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type(value);
  }
  await tabTo(page, button);
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
}

/** A shopper buys in the demo shop and Billink (the simulator) approves. */
async function placeApprovedOrder(): Promise<{ orderNumber: string; totalCents: number }> {
  const shopper = await openShop(browser, demo);
  const { page } = shopper;
  const cart = (await page.evaluate(() => fetch('/api/cart').then((r) => r.json()))) as {
    orderNumber: string;
    totalCents: number;
  };
  await fillDetails(page);
  await pay(page);
  await page.waitForURL(HOSTED_PATH);
  await hostedChoice(page, 'approve');
  // The element's own approved state (from the proxy); the shop's thank-you page is not this test's.
  await waitForState(page, 'approved');
  await shopper.done();
  return cart;
}

describe('back office (/admin)', () => {
  it('refuses a wrong password (NL and EN, announced, field focused) and lets the right one in', async () => {
    const admin = await openAdmin(browser, demo);
    const { page } = admin;
    assert.equal(await page.locator('html').getAttribute('lang'), 'nl');
    await assertAxeClean(page, 'login (nl)');

    await logIn(page, 'not-the-password');
    assert.equal(await page.locator('#password').getAttribute('aria-invalid'), 'true');
    assert.equal(
      await page
        .locator('[role=alert]')
        .textContent()
        .then((t) => t?.trim()),
      'Dat wachtwoord klopt niet.',
    );
    await expectFocus(page, 'password');
    await assertAxeClean(page, 'login refused (nl)');
    // Nothing behind it opens without the session.
    await page.goto(demo.url + '/admin/invoices');
    assert.equal(new URL(page.url()).pathname, '/admin');
    assert.equal(await page.locator('#password').count(), 1);

    // The language switch is a link whose own lang is right; the page then is English.
    await page.locator('a[hreflang=en]').click();
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    assert.equal(await page.locator('a[hreflang=en]').getAttribute('lang'), 'en');
    await logIn(page, demo.app.adminPassword.slice(1));
    assert.equal(
      await page
        .locator('[role=alert]')
        .textContent()
        .then((t) => t?.trim()),
      'That password is not right.',
    );

    await logIn(page, demo.app.adminPassword);
    assert.equal(await page.locator('h1').textContent(), 'Orders');
    assert.equal(await page.locator('#password').count(), 0);
    await assertAxeClean(page, 'orders (en)');
    // And out again: the session cookie no longer opens anything.
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.goto(demo.url + '/admin/invoices');
    assert.equal(await page.locator('#password').count(), 1);
    await admin.done();
  });

  it('checkout → ship → partial refund → the shopper pays the rest → reconciliation → CSV matches', async () => {
    const { orderNumber, totalCents } = await placeApprovedOrder();
    assert.ok(totalCents > 1000, `a cart worth refunding part of: ${totalCents}`);

    const admin = await openAdmin(browser, demo);
    const { page } = admin;
    await logIn(page, demo.app.adminPassword);

    // The order appears once the proxy told the shop (its order event), with its checkout status.
    const row = page.locator('table.orders tbody tr', { hasText: orderNumber });
    for (let i = 0; i < 40 && (await row.count()) === 0; i++) {
      await page.waitForTimeout(250);
      await page.reload();
    }
    const cells = (await row.locator('th, td').allTextContents()).map((t) => t.trim());
    // order, placed, amount, checkout, shipped, paid, credited, on hold, outstanding
    assert.equal(cells[0], orderNumber);
    assert.equal(cents(cells[2]!), totalCents);
    assert.equal(cells[3], 'goedgekeurd');
    assert.deepEqual(
      [cells[4], cents(cells[5]!), cents(cells[6]!), cells[7]],
      ['nee', 0, 0, 'nee'],
    );
    assert.equal(cents(cells[8]!), totalCents);
    await assertAxeClean(page, 'orders with one order');

    // Keyboard only from here: Tab to the order's link, Enter.
    await tabTo(page, `table.orders a:text("${orderNumber}")`);
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    assert.equal(await page.locator('h1').textContent(), `Bestelling ${orderNumber}`);
    await assertAxeClean(page, 'order page');

    // Ship with a track-and-trace code.
    await submitByKeyboard(page, '#ship-track', '3SDEMO1234567', 'form[action$="/ship"] button');
    await expectFocus(page, 'flash');
    assert.equal(await flashText(page), 'Verzonden gemeld bij Billink.');
    assert.equal(await summaryValue(page, 'Verzonden'), 'ja (3SDEMO1234567)');
    const history = await tableRows(page, 'table.history');
    assert.ok(
      history.some((r) => r[1] === 'verzonden' && r[3] === 'winkel' && r[4] === '3SDEMO1234567'),
      JSON.stringify(history),
    );
    await assertAxeClean(page, 'order page after shipping');

    // A refund above what can be credited is refused in words, on the amount field.
    await submitByKeyboard(
      page,
      '#credit-amount',
      '9999',
      'form[action$="/credit"]:has(#credit-amount) button',
    );
    await expectFocus(page, 'credit-amount');
    assert.equal(await page.locator('#credit-amount').getAttribute('aria-invalid'), 'true');
    assert.match(
      await flashText(page),
      /^Het creditbedrag is hoger dan wat op deze bestelling nog gecrediteerd kan worden\./,
    );
    assert.equal(await page.locator('#credit-amount').inputValue(), '9999', 'what was typed stays');
    assert.equal(cents(await summaryValue(page, 'Gecrediteerd')), 0);
    await assertAxeClean(page, 'order page with a refused refund');

    // A partial refund of € 5,00.
    const partial = 'form[action$="/credit"]:has(#credit-amount)';
    await tabTo(page, '#credit-amount');
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type('5,00');
    const sent = await formSnapshot(page, partial);
    await tabTo(page, `${partial} button`);
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    await expectFocus(page, 'flash');
    assert.equal(await flashText(page), 'Gecrediteerd: € 5,00.');
    assert.equal(cents(await summaryValue(page, 'Gecrediteerd')), 500);
    assert.equal(cents(await summaryValue(page, 'Openstaand')), totalCents - 500);
    // The very same form sent again (back button, double click) credits nothing more.
    await resend(page, sent);
    assert.equal(
      await flashText(page),
      'Dit formulier was al verstuurd; er is niets dubbel gedaan.',
    );
    assert.equal(cents(await summaryValue(page, 'Gecrediteerd')), 500, 'credited once');
    const credits = (await tableRows(page, 'table.history')).filter((r) => r[1] === 'creditering');
    assert.equal(credits.length, 1, 'one credit event');

    // Hold: Billink's 1–14 days is the field's own range, so the browser stops 20 before sending.
    await tabTo(page, '#hold-days');
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type('20');
    await tabTo(page, 'form[action$="/hold"] button');
    await page.keyboard.press('Enter');
    await expectFocus(page, 'hold-days');
    assert.equal(
      await page
        .locator('#hold-days')
        .evaluate((i) => (i as HTMLInputElement).validity.rangeOverflow),
      true,
    );
    assert.equal(await summaryValue(page, 'Gepauzeerd'), 'nee');
    await submitByKeyboard(page, '#hold-days', '3', 'form[action$="/hold"] button');
    assert.equal(await flashText(page), 'Incasso gepauzeerd voor 3 dagen.');
    assert.equal(await summaryValue(page, 'Gepauzeerd'), 'ja');
    await tabTo(page, 'form[action$="/resume"] button');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    await expectFocus(page, 'flash');
    assert.equal(await summaryValue(page, 'Gepauzeerd'), 'nee');

    // A message to Billink's service desk.
    await submitByKeyboard(
      page,
      '#message-text',
      'Klant belt over de levering.',
      'form[action$="/message"] button',
    );
    assert.equal(await flashText(page), 'Bericht verstuurd naar Billink.');

    // The shopper pays the rest (the simulator's route; the amount is prefilled with what is open).
    const rest = totalCents - 500;
    assert.equal(cents(await page.locator('#pay-amount').inputValue()), rest);
    await submitByKeyboard(page, '#pay-amount', undefined, 'form[action$="/pay"] button');
    await expectFocus(page, 'flash');
    assert.equal(cents(await summaryValue(page, 'Betaald')), rest);
    assert.equal(cents(await summaryValue(page, 'Openstaand')), 0);
    const life = (await tableRows(page, 'table.history')).map((r) => r[1]);
    for (const type of [
      'goedgekeurd',
      'verzonden',
      'creditering',
      'gepauzeerd',
      'hervat',
      'betaling',
      'volledig betaald',
    ])
      assert.ok(life.includes(type), `${type} in the history: ${life.join(', ')}`);
    await assertAxeClean(page, 'order page, paid');

    // The list says the same at a glance.
    await page.goto(demo.url + '/admin');
    const after = (await row.locator('th, td').allTextContents()).map((t) => t.trim());
    assert.deepEqual(
      [after[4], cents(after[5]!), cents(after[6]!), after[7], cents(after[8]!)],
      ['ja', rest, 500, 'nee', 0],
    );

    // Reconciliation: Billink's invoice list for the default range (the last 30 days).
    await page.getByRole('link', { name: 'Afstemming' }).click();
    await assertAxeClean(page, 'reconciliation');
    const rows = await tableRows(page, 'table.invoices');
    const mine = rows.find((r) => r[1] === orderNumber);
    assert.ok(mine, `the order in the reconciliation: ${JSON.stringify(rows)}`);
    // invoice, order, date, amount, paid, credited, outstanding
    assert.deepEqual(mine.slice(3).map(cents), [totalCents, rest, 500, 0]);
    const [totals] = await tableRows(page, 'table.invoices', 'tfoot');
    const sum = (col: number) => rows.reduce((s, r) => s + cents(r[col]!), 0);
    assert.deepEqual(totals!.slice(1).map(cents), [sum(3), sum(4), sum(5), sum(6)]);

    // The CSV download holds the same invoices and figures.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download als CSV' }).click(),
    ]);
    const csv = parseCsv(readFileSync((await download.path())!, 'utf8'));
    const header = csv[0]!;
    const col = (name: string) => header.indexOf(name);
    const body = csv.slice(1);
    assert.equal(body.length, rows.length, 'as many invoices as the table');
    for (const r of rows) {
      const line = body.find((l) => l[col('invoice_number')] === r[0]);
      assert.ok(line, `invoice ${r[0]} in the CSV`);
      assert.equal(line[col('order_number')], r[1]);
      const decimals = ['amount', 'paid', 'credited', 'outstanding'].map((n) =>
        Math.round(Number(line[col(n)]) * 100),
      );
      assert.deepEqual(decimals, r.slice(3).map(cents), `figures of ${r[0]}`);
    }

    // The page never spoke to the merchant API (or any /billink route) itself.
    const own = admin.requests.map((u) => new URL(u)).filter((u) => u.origin === demo.url);
    assert.deepEqual(
      own.filter((u) => u.pathname.startsWith('/billink')).map((u) => u.pathname),
      [],
    );
    await admin.done();
  });

  it('a full refund in English: the whole amount credited, nothing left to credit or collect', async () => {
    const { orderNumber, totalCents } = await placeApprovedOrder();
    const admin = await openAdmin(browser, demo, '/admin?lang=en', 'en-GB');
    const { page } = admin;
    await logIn(page, demo.app.adminPassword);
    const link = page.getByRole('link', { name: orderNumber });
    for (let i = 0; i < 40 && (await link.count()) === 0; i++) {
      await page.waitForTimeout(250);
      await page.reload();
    }
    await link.click();
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    await assertAxeClean(page, 'order page (en)');
    const everything = page.getByRole('button', { name: /^Refund everything/ });
    assert.equal(cents((await everything.textContent()) ?? ''), totalCents);
    await tabTo(page, 'form[action$="/credit"]:not(:has(#credit-amount)) button');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    await expectFocus(page, 'flash');
    assert.equal(cents(await flashText(page)), totalCents);
    assert.equal(cents(await summaryValue(page, 'Credited')), totalCents);
    assert.equal(cents(await summaryValue(page, 'Outstanding')), 0);
    assert.equal(await page.getByText('Everything has been credited.').count(), 1);
    assert.equal(await everything.count(), 0, 'no second full refund offered');
    await assertAxeClean(page, 'order page, fully credited (en)');
    await admin.done();
  });

  it('the reconciliation refuses a start date after the end date, on the field, and stays axe clean', async () => {
    const admin = await openAdmin(browser, demo);
    const { page } = admin;
    await logIn(page, demo.app.adminPassword);
    await page.goto(demo.url + '/admin/invoices?lang=en&from=2026-02-01&to=2026-01-01');
    assert.equal(await page.locator('#from').getAttribute('aria-invalid'), 'true');
    assert.equal(await flashText(page), 'The start date is after the end date.');
    await expectFocus(page, 'from');
    await assertAxeClean(page, 'reconciliation with a refused range');
    await admin.done();
  });
});
