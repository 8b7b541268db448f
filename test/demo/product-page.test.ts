// The demo's product page prints the server-rendered badge (renderBadge, as the WooCommerce and
// Shopify examples do) in NL and EN, allows its inline style by hash under the demo's strict CSP,
// and in Chromium paints it with the HTML, then upgrades it with the badge entry alone.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import type { Browser } from 'playwright-core';
import { readConfig } from '../../src/server/proxy/standalone/config.js';
import { renderBadge } from '../../src/ssr.js';
import { createDemoApp } from '../../demo/server/app.js';
import { launchChromium } from '../support/chromium.js';

const demo = createDemoApp(readConfig({ PORT: '0' }, { ordersFromHost: true }), {
  publicUrl: 'http://localhost:3000',
  logger: {},
});
const server = createServer(getRequestListener(demo.app.fetch));
let url = '';
let browser: Browser;

before(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await new Promise((r) => server.close(r));
  await demo.stack.close();
});

describe('demo product page', () => {
  for (const [query, locale, text] of [
    ['', 'nl', 'Achteraf betalen met Billink'],
    ['?lang=en', 'en', 'Pay later with Billink'],
  ] as const) {
    it(`/product${query}: prints renderBadge() in ${locale}, loads only the badge entry`, async () => {
      const response = await fetch(`${url}/product${query}`);
      assert.equal(response.status, 200);
      const html = await response.text();
      assert.ok(html.includes(renderBadge({ locale, logoSrc: 'builtin' })));
      assert.match(html, /src="\/dist\/cdn\/billink-badge\.es\.js"/);
      assert.doesNotMatch(html, /billink-checkout\.es\.js/);
      assert.match(
        response.headers.get('content-security-policy') ?? '',
        /style-src 'self' 'sha256-/,
      );

      const context = await browser.newContext();
      const page = await context.newPage();
      const violations: string[] = [];
      page.on('console', (m) => {
        if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
      });
      // JavaScript blocked: what paints with the HTML alone.
      await page.route('**/*.js', (r) => r.abort());
      await page.goto(`${url}/product${query}`);
      const painted = await page.evaluate(() => {
        const badge = document.querySelector('billink-badge')!;
        const part = badge.shadowRoot!.querySelector('[part~="badge"]')!;
        return {
          text: badge.shadowRoot!.querySelector('[part~="text"]')!.textContent,
          bg: getComputedStyle(part).backgroundColor,
          defined: !!customElements.get('billink-badge'),
        };
      });
      assert.deepEqual(painted, { text, bg: 'rgb(255, 141, 41)', defined: false });
      // With the script: upgraded, the text once, nothing moved.
      await page.unroute('**/*.js');
      await page.reload();
      await page.waitForFunction(() => customElements.get('billink-badge'));
      const upgraded = await page.evaluate(async () => {
        const badge = document.querySelector('billink-badge')!;
        return {
          texts: badge.shadowRoot!.querySelectorAll('[part~="text"]').length,
          // Layout shifts are only reported to observers (buffered), not by getEntriesByType.
          shifts: await new Promise<number>((resolve) => {
            new PerformanceObserver((list) => resolve(list.getEntries().length)).observe({
              type: 'layout-shift',
              buffered: true,
            });
            setTimeout(() => resolve(0), 500);
          }),
          checkout: !!customElements.get('billink-checkout'),
        };
      });
      assert.deepEqual(upgraded, { texts: 1, shifts: 0, checkout: false });
      assert.deepEqual(violations, []);
      await context.close();
    });
  }
});
