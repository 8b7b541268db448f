// examples/script-tag: the pages a shop copies, loaded as they are (only the bundle's location is
// mapped: /assets/… is where the page expects it, dist/cdn/… is where the build puts it), under a
// strict CSP.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/chromium.js';
import { serveStatic, type StaticServer } from '../support/static-server.js';
import { cdnPages } from '../support/cdn-files.js';
import { CSP, openPage, readElements } from './browser.js';

const BUNDLES = ['billink-checkout.es.js', 'billink-checkout.iife.js'];

let browser: Browser;
let server: StaticServer;

before(async () => {
  for (const b of BUNDLES) assert.ok(existsSync(`dist/cdn/${b}`), 'run npm run build first');
  const pages = cdnPages('/assets/'); // the entries and the chunks they import
  // A page that breaks the CSP on purpose: proves the violation check sees violations.
  pages['/inline.html'] = '<!doctype html><title>x</title><script>document.title="y"</script>';
  server = await serveStatic('examples/script-tag', {
    pages,
    headers: { 'content-security-policy': CSP },
  });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

describe('script-tag examples under a strict CSP', () => {
  it('the CSP check catches a violation (an inline script)', async () => {
    const opened = await openPage(browser, `${server.url}/inline.html`);
    await opened.page.waitForFunction(
      () => (window as unknown as { __csp: string[] }).__csp.length > 0,
    );
    assert.match((await opened.violations()).join(), /script-src/);
  });

  for (const file of ['es.html', 'iife.html']) {
    it(`${file}: renders the badge and the checkout, no error, no CSP violation`, async () => {
      const source = readFileSync(`examples/script-tag/${file}`, 'utf8');
      assert.doesNotMatch(source, /<script>|<style|style=/, 'no inline script or style');
      const opened = await openPage(browser, `${server.url}/${file}`);
      const seen = await readElements(opened.page);
      assert.equal(seen.badgeText, 'Achteraf betalen');
      assert.equal(seen.checkoutText, 'Achteraf betalen met Billink');
      assert.equal(seen.amount, '€ 49,95');
      assert.ok(seen.button.length > 0, 'pay button');
      assert.deepEqual(await opened.violations(), []);
      assert.deepEqual(opened.problems, []);
    });

    it(`${file}: the page's script reacts to billink-approved`, async () => {
      const { page, problems } = await openPage(browser, `${server.url}/${file}`);
      await readElements(page);
      assert.equal(await page.locator('#place-order').isDisabled(), true);
      await page.evaluate(() =>
        document.querySelector('billink-checkout')!.dispatchEvent(
          new CustomEvent('billink-approved', {
            detail: { orderId: 'ord_123' },
            bubbles: true,
            composed: true,
          }),
        ),
      );
      assert.equal(await page.locator('#place-order').isDisabled(), false);
      assert.match(await page.locator('#billink-result').innerText(), /ord_123/);
      assert.deepEqual(problems, []);
    });
  }
});
