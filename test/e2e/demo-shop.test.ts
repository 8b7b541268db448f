// The demo shop as people judge it: a layout that holds from 320 px to desktop and at 200 % zoom,
// a keyboard-reachable events log, button outlines in forced colours, one form and one last step,
// and a badge page whose checkout examples work and whose English is marked as English.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import {
  axeViolations,
  demoSettings,
  fillDetails,
  launchChromium,
  openShop,
  pay,
  startDemo,
  waitForState,
  type Checkout,
  type Demo,
} from './support.js';
import {
  buttonsWithoutBorder,
  layoutProblems,
  visibleButtons,
  visibleInputsFor,
} from './demo-support.js';

let browser: Browser;
let demo: Demo;

before(async () => {
  [browser, demo] = await Promise.all([launchChromium(), startDemo()]);
});
after(async () => {
  await browser?.close();
  await demo?.close();
});

const WIDTHS = [414, 480, 540, 600, 640, 690];

/** Resizes and lets the layout settle, then reads what is broken at that width. */
async function problemsAt(page: Page, width: number): Promise<string[]> {
  await page.setViewportSize({ width, height: 900 });
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(null))));
  return layoutProblems(page);
}

describe('demo shop layout', () => {
  it('nothing overflows its panel or overlaps, 414–690 px, in session and direct mode', async () => {
    const shopper = await openShop(browser, demo);
    const { page } = shopper;
    await fillDetails(page);
    for (const width of WIDTHS)
      assert.deepEqual(await problemsAt(page, width), [], `session mode at ${width} px`);
    await demoSettings(page, { mode: 'direct' });
    await pay(page);
    await waitForState(page, 'collecting');
    for (const width of [320, ...WIDTHS])
      assert.deepEqual(await problemsAt(page, width), [], `direct form at ${width} px`);
    await shopper.done();
  });

  it('at 200 % zoom (a 1280 px window) no input overlaps another', async () => {
    const context = await browser.newContext({
      viewport: { width: 640, height: 400 },
      deviceScaleFactor: 2,
    });
    const page = await context.newPage();
    await page.goto(demo.url + '/');
    await page.locator('#cart-lines tr').first().waitFor();
    assert.deepEqual(await layoutProblems(page), []);
    await context.close();
  });

  it('the events log is reachable by keyboard at 320 px, as a named region', async () => {
    const shopper = await openShop(browser, demo, { lang: 'en' });
    const { page } = shopper;
    await page.setViewportSize({ width: 320, height: 640 });
    // Enough events to scroll: the log is a scrollable region.
    for (let i = 0; i < 3; i++) {
      await page.locator('.lang[data-lang=nl]').click();
      await page.locator('.lang[data-lang=en]').click();
    }
    await page.evaluate(() => {
      const log = document.querySelector('#log')!;
      for (let i = 0; i < 30; i++)
        log.prepend(Object.assign(document.createElement('li'), { textContent: `event ${i}` }));
    });
    const reached = await tabUntil(page, () => document.activeElement?.id === 'log-region');
    assert.ok(reached, 'Tab reaches the events log');
    const log = page.locator('#log-region');
    assert.equal(await log.getAttribute('role'), 'region');
    assert.equal(
      await page.evaluate(() => {
        const id = document.querySelector('#log-region')!.getAttribute('aria-labelledby');
        return id ? document.getElementById(id)?.textContent : null;
      }),
      'Events (for developers)',
    );
    const before = await log.evaluate((el) => el.scrollTop);
    await page.keyboard.press('PageDown');
    // Keyboard scrolling is animated: wait for it to move (or fail after 2 s).
    const scrolled = await page
      .waitForFunction((top) => document.querySelector('#log-region')!.scrollTop > top, before, {
        timeout: 2_000,
      })
      .then(() => true)
      .catch(() => false);
    assert.ok(scrolled, 'the keyboard scrolls it');
    await shopper.done();
  });

  it('forced colours: the shop\u2019s own buttons keep their outlines', async () => {
    const shopper = await openShop(browser, demo);
    const { page } = shopper;
    await page.emulateMedia({ forcedColors: 'active' });
    // The other payment method shows the shop's own "place order" button.
    await page.locator('input[name=method][value=ideal]').check();
    await page.locator('#place').waitFor();
    assert.deepEqual(await buttonsWithoutBorder(page), []);
    await shopper.done();
  });
});

for (const lang of ['nl', 'en'] as const) {
  const T = {
    nl: { pay: /^(Betalen met Billink|Bestelling plaatsen)$/, place: 'Bestelling plaatsen' },
    en: { pay: /^(Pay with Billink|Place order)$/, place: 'Place order' },
  }[lang];

  describe(`one form, one last step (${lang})`, () => {
    it('with Billink chosen there is one pay button; another method gets the shop\u2019s own', async () => {
      const shopper = await openShop(browser, demo, { lang });
      const { page } = shopper;
      assert.equal((await visibleButtons(page, T.pay)).length, 1, 'one last step');
      await page.locator('input[name=method][value=ideal]').check();
      assert.deepEqual(await visibleButtons(page, T.pay), [T.place]);
      await shopper.done();
    });

    it('direct mode asks for the shopper\u2019s details once', async () => {
      const shopper = await openShop(browser, demo, { lang });
      const { page } = shopper;
      await fillDetails(page);
      await demoSettings(page, { mode: 'direct' });
      await pay(page);
      await waitForState(page, 'collecting');
      for (const field of ['given-name', 'family-name', 'email'])
        assert.equal(await visibleInputsFor(page, field), 1, `one ${field} field`);
      // What the shopper typed before switching still fills the one form.
      assert.equal(
        await page.locator('billink-checkout').locator('#f-firstName').inputValue(),
        'Anna',
      );
      assert.deepEqual(await axeViolations(page), []);
      await shopper.done();
    });
  });
}

describe('the badge page', () => {
  it('its English is marked lang="en", and axe is clean with the page in NL and EN', async () => {
    const context = await browser.newContext();
    context.setDefaultTimeout(8000);
    const page = await context.newPage();
    await page.goto(demo.url + '/badges.html');
    await page.locator('billink-checkout').first().waitFor();
    const langs = await page.evaluate(() =>
      [
        'The Billink badge and checkout element',
        'Page language',
        'Follows the page language above',
      ].map((text) => {
        const el = [...document.querySelectorAll('p, label, h1, h2')].find((e) =>
          e.textContent?.includes(text),
        );
        return el?.closest('[lang]')?.getAttribute('lang');
      }),
    );
    assert.deepEqual(langs, ['en', 'en', 'en']);
    for (const pageLang of ['nl', 'en']) {
      await page.locator('#page-lang').selectOption(pageLang);
      assert.deepEqual(await axeViolations(page), [], `page language ${pageLang}`);
    }
    await context.close();
  });

  for (const [index, name, continueName] of [
    [0, 'Betalen met Billink', 'Doorgaan'],
    [1, 'Pay with Billink', 'Continue'],
  ] as const) {
    it(`its checkout example "${name}" pays for a known order, not a dead end`, async () => {
      const context = await browser.newContext();
      context.setDefaultTimeout(8000);
      const page = await context.newPage();
      await page.goto(demo.url + '/badges.html');
      const el = page.locator('billink-checkout').nth(index);
      await page.waitForFunction(
        (i) => !!(document.querySelectorAll('billink-checkout')[i] as Checkout).orderRef,
        index,
        { timeout: 5000 },
      );
      await el.getByRole('button', { name }).click();
      const field = (id: string) => el.locator(`#f-${id}`);
      await field('firstName').waitFor();
      for (const [id, value] of Object.entries({
        firstName: 'Anna',
        lastName: 'de Vries',
        birthdate: '1990-05-17',
        email: 'anna@example.nl',
        phone: '0612345678',
        street: 'Damrak',
        houseNumber: '1',
        postalCode: '1012 LG',
        city: 'Amsterdam',
      }))
        await field(id).fill(value);
      await el.getByRole('button', { name: continueName }).click();
      await page.waitForFunction(
        (i) => (document.querySelectorAll('billink-checkout')[i] as Checkout).state === 'approved',
        index,
        { timeout: 8000 },
      );
      await context.close();
    });
  }
});

/** Presses Tab (at most 60 times) until `done` holds in the page. */
async function tabUntil(page: Page, done: () => boolean): Promise<boolean> {
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(done)) return true;
  }
  return false;
}
