// The CDN bundles as a shop uses them: a plain page with one <script> tag, no build step.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/chromium.js';
import { serveStatic, type StaticServer } from '../support/static-server.js';

const IIFE = '/dist/cdn/billink-checkout.iife.js';
const ESM = '/dist/cdn/billink-checkout.es.js';

const page = (script: string, body: string) =>
  `<!doctype html><html><head><meta charset="utf-8"><title>shop</title>${script}</head><body>${body}</body></html>`;
const iifeTag = `<script src="${IIFE}"></script>`;
const esmTag = `<script type="module" src="${ESM}"></script>`;
const checkout = (locale: string) =>
  `<billink-checkout amount="49.95" locale="${locale}"></billink-checkout>`;

const CSP = "default-src 'self'; img-src 'self' https://cdn.billink.nl";

let browser: Browser;
let plain: StaticServer;
let strict: StaticServer;

async function open(
  server: StaticServer,
  path: string,
): Promise<{ page: Page; problems: string[] }> {
  const context = await browser.newContext();
  const p = await context.newPage();
  const problems: string[] = [];
  p.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  p.on('console', (m) => {
    if (
      m.type() === 'error' &&
      !/ERR_NAME_NOT_RESOLVED|ERR_INTERNET_DISCONNECTED|Failed to load resource/.test(m.text())
    )
      problems.push(`console: ${m.text()}`);
  });
  // Record CSP violations from inside the page (added before any page script runs).
  await p.addInitScript(() => {
    const w = window as unknown as { __csp: string[] };
    w.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      w.__csp.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  await p.goto(server.url + path);
  return { page: p, problems };
}

/** Visible texts of the checkout's badge text and amount, read through the shadow roots. */
async function readCheckout(p: Page) {
  await p.waitForFunction(() => {
    const el = document.querySelector('billink-checkout');
    const badge = el?.shadowRoot?.querySelector('billink-badge');
    return badge?.shadowRoot?.querySelector('[part~="text"]')?.textContent;
  });
  // No named helpers inside evaluate(): tsx's keepNames would reference __name in the page.
  const raw = await p.evaluate(() => {
    const el = document.querySelector('billink-checkout')!;
    const badge = el.shadowRoot!.querySelector('billink-badge')!;
    return {
      text: badge.shadowRoot!.querySelector('[part~="text"]')!.textContent,
      amount: el.shadowRoot!.querySelector('.amount-value')?.textContent,
    };
  });
  const norm = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();
  return { text: norm(raw.text), amount: norm(raw.amount) };
}

before(async () => {
  assert.ok(existsSync('.' + IIFE) && existsSync('.' + ESM), 'run npm run build first');
  browser = await launchChromium();
  const pages = {
    '/iife-en.html': page(iifeTag, checkout('en')),
    '/iife-nl.html': page(iifeTag, checkout('nl')),
    '/esm-en.html': page(esmTag, checkout('en')),
    '/esm-nl.html': page(esmTag, checkout('nl')),
    '/twice.html': page(iifeTag + iifeTag + esmTag, checkout('en')),
    '/both.html': page(
      esmTag,
      checkout('en') + '<billink-badge badge="black" locale="nl"></billink-badge>',
    ),
  };
  plain = await serveStatic('.', { pages });
  strict = await serveStatic('.', { pages, headers: { 'content-security-policy': CSP } });
});

after(async () => {
  await browser?.close();
  await plain?.close();
  await strict?.close();
});

describe('CDN bundle in a plain page', () => {
  for (const format of ['iife', 'esm']) {
    it(`${format}: shows "Pay later with Billink" and €49.95 with locale="en"`, async () => {
      const { page: p, problems } = await open(plain, `/${format}-en.html`);
      assert.deepEqual(await readCheckout(p), { text: 'Pay later with Billink', amount: '€49.95' });
      assert.deepEqual(problems, []);
    });
    it(`${format}: shows "Achteraf betalen met Billink" and € 49,95 with locale="nl"`, async () => {
      const { page: p } = await open(plain, `/${format}-nl.html`);
      const seen = await readCheckout(p);
      assert.equal(seen.text, 'Achteraf betalen met Billink');
      assert.equal(seen.amount.replace(/\u00a0/g, ' '), '€ 49,95');
    });
  }

  it('ships the licences of the code it inlines (lit BSD-3-Clause, i18next MIT) next to the bundles', async () => {
    const { readFile } = await import('node:fs/promises');
    const notices = await readFile('dist/cdn/THIRD-PARTY-LICENSES.txt', 'utf8');
    for (const pkg of ['lit', 'lit-html', 'lit-element', '@lit/reactive-element'])
      assert.match(notices, new RegExp(`^${pkg}@\\S+ \\(BSD-3-Clause\\)$`, 'm'));
    assert.match(notices, /^i18next@\S+ \(MIT\)$/m);
    assert.match(notices, /Copyright \(c\) \d{4} Google LLC/);
    assert.match(notices, /Permission is hereby granted, free of charge/);
  });

  it('IIFE exposes the classes on window.BillinkCheckout', async () => {
    const { page: p } = await open(plain, '/iife-en.html');
    const exported = await p.evaluate(() =>
      Object.keys((window as unknown as { BillinkCheckout: object }).BillinkCheckout).sort(),
    );
    assert.ok(
      exported.includes('BillinkCheckout') && exported.includes('BillinkBadge'),
      String(exported),
    );
  });

  it('loading the bundle twice (theme + plugin) does not throw', async () => {
    const { page: p, problems } = await open(plain, '/twice.html');
    assert.equal((await readCheckout(p)).text, 'Pay later with Billink');
    assert.deepEqual(problems, []);
  });

  it('ships the production build of Lit (no dev-mode warning)', async () => {
    const { page: p } = await open(plain, '/esm-en.html');
    const logs: string[] = [];
    p.on('console', (m) => logs.push(m.text()));
    await p.reload();
    await readCheckout(p);
    assert.ok(!logs.some((l) => /dev mode/i.test(l)), logs.join('\n'));
  });
});

describe('CDN bundle under a strict CSP', () => {
  it(`renders both elements with no violation (${CSP})`, async () => {
    const { page: p, problems } = await open(strict, '/both.html');
    assert.equal((await readCheckout(p)).text, 'Pay later with Billink');
    const badgeText = await p.evaluate(
      () =>
        document.querySelector('billink-badge')!.shadowRoot!.querySelector('[part~="text"]')!
          .textContent,
    );
    assert.equal(badgeText?.trim(), 'Achteraf betalen met Billink');
    // Styles must have applied (adopted stylesheets are allowed; inline style attributes would not be).
    const bg = await p.evaluate(
      () =>
        getComputedStyle(
          document.querySelector('billink-badge')!.shadowRoot!.querySelector('[part~="badge"]')!,
        ).backgroundColor,
    );
    assert.equal(bg, 'rgb(22, 18, 13)');
    const violations = await p.evaluate(() => (window as unknown as { __csp: string[] }).__csp);
    assert.deepEqual(violations, []);
    assert.deepEqual(problems, []);
  });

  it('uses no eval and no inline style attributes in the bundle', async () => {
    const { readFile } = await import('node:fs/promises');
    for (const file of [IIFE, ESM]) {
      const code = await readFile('.' + file, 'utf8');
      assert.doesNotMatch(code, /\beval\(|new Function\(/, file);
      assert.doesNotMatch(code, /\sstyle=["$]/, file);
    }
  });
});
