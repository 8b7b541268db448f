// Lighthouse on the demo shop, mobile, in Debian's Chromium: accessibility 100 and a cumulative
// layout shift under 0.1. And the cause of the shift the issue saw, pinned down without Lighthouse:
// a late cart or a late bundle (the cart's badge) must not push the details panel down.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { runLighthouse } from '../../bench/lighthouse.js';
import { launchChromium, startDemo, type Demo } from './support.js';

let browser: Browser;
let demo: Demo;

before(async () => {
  [browser, demo] = await Promise.all([launchChromium(), startDemo()]);
});
after(async () => {
  await browser?.close();
  await demo?.close();
});

describe('demo shop page quality', () => {
  it('Lighthouse (mobile): accessibility 100, CLS under 0.1', async () => {
    const result = await runLighthouse(demo.url + '/');
    assert.deepEqual(result.accessibilityFailures, [], 'failing accessibility audits');
    assert.equal(result.scores.accessibility, 1);
    assert.ok(result.cls < 0.1, `CLS ${result.cls}`);
  });

  it('a cart and bundle that arrive late (800 ms) shift nothing below them on a phone', async () => {
    const context = await browser.newContext({
      viewport: { width: 412, height: 823 },
      deviceScaleFactor: 1.75,
      isMobile: true,
      hasTouch: true,
    });
    context.setDefaultTimeout(8000);
    await context.addInitScript(() => {
      const w = window as unknown as { __cls: number };
      w.__cls = 0;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries() as unknown as {
          value: number;
          hadRecentInput: boolean;
        }[])
          if (!e.hadRecentInput) w.__cls += e.value;
      }).observe({ type: 'layout-shift', buffered: true });
    });
    const page = await context.newPage();
    // A slow phone network: the cart and the elements' bundle both arrive after the first paint.
    for (const late of ['**/api/cart', '**/billink-checkout.es.js'])
      await page.route(late, async (route) => {
        await new Promise((r) => setTimeout(r, 800));
        await route.continue();
      });
    await page.goto(demo.url + '/');
    await page.locator('#cart-lines .step').first().waitFor();
    // Layout shifts are reported after the frame that made them.
    await page.evaluate(() => new Promise((r) => setTimeout(r, 300)));
    const cls = await page.evaluate(() => (window as unknown as { __cls: number }).__cls);
    assert.ok(cls < 0.02, `layout shift ${cls}`);
    await context.close();
  });
});
