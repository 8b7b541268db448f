// examples/vue/checkout-step.ts running in Chromium on Vue's runtime-only build (no template
// compiler, as under a strict CSP) with the CDN bundle: props reach the element as properties, and
// its events reach the component's emits. (React's counterpart cannot run here: react-dom is not
// installed; its example is type-checked only.)
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import ts from 'typescript';
import { launchChromium } from '../support/chromium.js';
import { serveStatic, type StaticServer } from '../support/static-server.js';
import { cdnPages } from '../support/cdn-files.js';
import { CSP, openPage, readElements } from './browser.js';

let browser: Browser;
let server: StaticServer;

const importMap = {
  imports: {
    vue: '/vue.js',
    'billink-checkout': '/billink-checkout.es.js',
  },
};

// The app that mounts the example, as a shop's main.ts would.
const main = `
import { createApp, h } from 'vue';
import { CheckoutStep } from '/checkout-step.js';
window.__events = [];
createApp({
  render: () => h(CheckoutStep, {
    orderRef: 'cart-7',
    totalCents: 4995,
    locale: 'en',
    customer: { type: 'p', firstName: 'Anna', lastName: 'de Vries', billingAddress: { city: 'Utrecht' } },
    onPaid: (orderId) => window.__events.push('paid:' + orderId),
    onOther: () => window.__events.push('other'),
  }),
}).mount('#app');
`;

before(async () => {
  const example = ts.transpileModule(readFileSync('examples/vue/checkout-step.ts', 'utf8'), {
    compilerOptions: {
      module: ts.ModuleKind.ESNext,
      target: ts.ScriptTarget.ES2022,
      verbatimModuleSyntax: true,
    },
  }).outputText;
  const pages = {
    // The import map is the only inline script; the CSP below allows exactly it by hash.
    '/index.html': `<!doctype html><html><head><meta charset="utf-8"><title>vue</title>
<script type="importmap">${JSON.stringify(importMap)}</script>
<script type="module" src="/main.js"></script></head><body><div id="app"></div></body></html>`,
    '/main.js': main,
    '/checkout-step.js': example,
    '/vue.js': readFileSync('node_modules/vue/dist/vue.runtime.esm-browser.prod.js', 'utf8'),
    ...cdnPages(), // billink-checkout.es.js and the chunks it imports
  };
  const { createHash } = await import('node:crypto');
  const hash = createHash('sha256').update(JSON.stringify(importMap)).digest('base64');
  server = await serveStatic('/nonexistent', {
    pages,
    headers: {
      'content-security-policy': CSP.replace(
        "default-src 'self';",
        `default-src 'self'; script-src 'self' 'sha256-${hash}';`,
      ),
    },
  });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

describe('Vue example at run time', () => {
  it('renders, passes customer as a property and order-ref to orderRef, under a strict CSP', async () => {
    const opened = await openPage(browser, `${server.url}/index.html`);
    const seen = await readElements(opened.page);
    assert.equal(seen.checkoutText, 'Pay later with Billink');
    assert.equal(seen.badgeText, 'Pay afterwards');
    assert.equal(seen.amount, '€49.95');
    const props = await opened.page.evaluate(() => {
      const el = document.querySelector('billink-checkout') as HTMLElement & {
        orderRef?: string;
        proxyUrl?: string;
        customer?: { billingAddress?: { city?: string } };
      };
      return {
        orderRef: el.orderRef,
        proxyUrl: el.proxyUrl,
        customerCity: el.customer?.billingAddress?.city,
        customerAttribute: el.getAttribute('customer'),
      };
    });
    assert.deepEqual(props, {
      orderRef: 'cart-7',
      proxyUrl: '/billink',
      customerCity: 'Utrecht',
      customerAttribute: null,
    });
    assert.deepEqual(await opened.violations(), []);
    assert.deepEqual(opened.problems, []);
  });

  it('billink-approved and billink-choose-other reach the component as paid and other', async () => {
    const { page, problems } = await openPage(browser, `${server.url}/index.html`);
    await readElements(page);
    const events = await page.evaluate(() => {
      // No named helpers inside evaluate(): tsx's keepNames would reference __name in the page.
      const el = document.querySelector('billink-checkout')!;
      for (const [type, detail] of [
        ['billink-approved', { orderId: 'ord_9' }],
        ['billink-choose-other', {}],
      ] as const)
        el.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
      return (window as unknown as { __events: string[] }).__events;
    });
    assert.deepEqual(events, ['paid:ord_9', 'other']);
    assert.deepEqual(problems, []);
  });
});
