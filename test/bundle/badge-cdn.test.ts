// The product-page entry as a shop uses it: dist/cdn/billink-badge.es.js in a plain page, alone or
// upgrading the server-rendered badge, under a strict CSP; and the badge's documented custom
// properties (custom-elements.json, the source of the docs) each change what the shopper sees.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { BADGE_STYLE_HASH } from '../../scripts/badge-snippets.js';
import { renderBadge } from '../../src/ssr.js';
import { cdnPages } from '../support/cdn-files.js';
import { launchChromium } from '../support/chromium.js';
import { serveStatic, type StaticServer } from '../support/static-server.js';

const CSP = `default-src 'self'; img-src 'self' https://cdn.billink.nl; style-src 'self' ${BADGE_STYLE_HASH}`;
const page = (body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>product</title>` +
  `<script type="module" src="/cdn/billink-badge.es.js"></script></head><body>${body}</body></html>`;

let browser: Browser;
let server: StaticServer;

async function open(path: string, javaScript = true) {
  const context = await browser.newContext({ javaScriptEnabled: javaScript });
  const p = await context.newPage();
  const requested: string[] = [];
  const problems: string[] = [];
  p.on('request', (r) => requested.push(new URL(r.url()).pathname));
  p.on('pageerror', (e) => problems.push(e.message));
  p.on('console', (m) => {
    if (m.type() === 'error' && !/Failed to load resource|ERR_/.test(m.text()))
      problems.push(m.text());
  });
  if (javaScript)
    await p.addInitScript(() => {
      const w = window as unknown as { __csp: string[] };
      w.__csp = [];
      document.addEventListener('securitypolicyviolation', (e) =>
        w.__csp.push(`${e.violatedDirective} ${e.blockedURI}`),
      );
    });
  await p.goto(server.url + path);
  return { page: p, requested, problems };
}

const badgeText = (p: Page) =>
  p.evaluate(() =>
    document
      .querySelector('billink-badge')
      ?.shadowRoot?.querySelector('[part~="text"]')
      ?.textContent?.trim(),
  );

before(async () => {
  assert.ok(existsSync('dist/cdn/billink-badge.es.js'), 'run npm run build first');
  assert.ok(existsSync('custom-elements.json'), 'run npm run build first');
  browser = await launchChromium();
  server = await serveStatic('/nonexistent', {
    headers: { 'content-security-policy': CSP },
    pages: {
      ...cdnPages('/cdn/'),
      '/client.html': page('<billink-badge logo-src="builtin"></billink-badge>'),
      '/ssr.html': page(renderBadge({ locale: 'en', badge: 'black', logoSrc: 'builtin' })),
      '/ssr-nl.html': page(renderBadge({ locale: 'nl', textVariant: 'short', logoSrc: 'builtin' })),
    },
  });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

describe('billink-badge.es.js (product-page entry)', () => {
  it('registers only <billink-badge>, fetches no checkout code, no CSP violation', async () => {
    const { page: p, requested, problems } = await open('/client.html');
    await p.waitForFunction(() => customElements.get('billink-badge'));
    assert.equal(await badgeText(p), 'Pay later with Billink');
    assert.equal(await p.evaluate(() => customElements.get('billink-checkout')), undefined);
    const scripts = requested.filter((u) => u.endsWith('.js'));
    assert.ok(scripts.includes('/cdn/billink-badge.es.js'), String(scripts));
    assert.ok(!scripts.some((u) => /billink-checkout/.test(u)), String(scripts));
    // What the size gate counts is what was fetched: the entry and its static chunks, nothing lazy.
    const manifest = JSON.parse(readFileSync('dist/cdn/.vite/manifest.json', 'utf8')) as Record<
      string,
      { file: string; imports?: string[] }
    >;
    const entry = manifest['src/badge.ts']!;
    const expected = [entry.file, ...(entry.imports ?? []).map((k) => manifest[k]!.file)].map(
      (f) => `/cdn/${f}`,
    );
    assert.deepEqual(scripts.sort(), expected.sort());
    assert.deepEqual(await p.evaluate(() => (window as unknown as { __csp: string[] }).__csp), []);
    assert.deepEqual(problems, []);
  });

  it('with JavaScript off, the server-rendered badge still shows its text in its colours', async () => {
    const { page: p } = await open('/ssr.html', false);
    assert.equal(await badgeText(p), 'Pay later with Billink');
    const look = await p.evaluate(() => {
      const badge = document
        .querySelector('billink-badge')!
        .shadowRoot!.querySelector('[part~="badge"]')!;
      return {
        bg: getComputedStyle(badge).backgroundColor,
        width: badge.getBoundingClientRect().width,
      };
    });
    assert.equal(look.bg, 'rgb(22, 18, 13)');
    assert.ok(look.width > 100, String(look.width));
  });

  it('upgrades the server-rendered badge: one text, same box, its inline style allowed by hash', async () => {
    const { page: p, problems } = await open('/ssr-nl.html');
    await p.waitForFunction(() => customElements.get('billink-badge'));
    const seen = await p.evaluate(async () => {
      const el = document.querySelector('billink-badge') as HTMLElement & {
        updateComplete: Promise<unknown>;
      };
      await el.updateComplete;
      return {
        texts: el.shadowRoot!.querySelectorAll('[part~="text"]').length,
        text: el.shadowRoot!.querySelector('[part~="text"]')!.textContent,
        bg: getComputedStyle(el.shadowRoot!.querySelector('[part~="badge"]')!).backgroundColor,
        // Layout shifts are only reported to observers (buffered), not by getEntriesByType.
        shifts: await new Promise<number>((resolve) => {
          new PerformanceObserver((list) => resolve(list.getEntries().length)).observe({
            type: 'layout-shift',
            buffered: true,
          });
          setTimeout(() => resolve(0), 500);
        }),
      };
    });
    assert.deepEqual(seen, {
      texts: 1,
      text: 'Achteraf betalen',
      bg: 'rgb(255, 141, 41)',
      shifts: 0,
    });
    assert.deepEqual(await p.evaluate(() => (window as unknown as { __csp: string[] }).__csp), []);
    assert.deepEqual(problems, []);
  });
});

describe('<billink-badge> custom properties in custom-elements.json', () => {
  const manifest = JSON.parse(readFileSync('custom-elements.json', 'utf8')) as {
    modules: { declarations?: { tagName?: string; cssProperties?: { name: string }[] }[] }[];
  };
  const documented = manifest.modules
    .flatMap((m) => m.declarations ?? [])
    .find((d) => d.tagName === 'billink-badge')!
    .cssProperties!.map((p) => p.name);

  it('documents no colour the badge does not paint with (light orange, pastel blue, lilac left the docs)', () => {
    for (const gone of [
      '--billink-color-primary-light',
      '--billink-color-pastel-blue',
      '--billink-color-lilac',
    ])
      assert.ok(!documented.includes(gone), gone);
    assert.ok(documented.includes('--billink-color-primary'));
  });

  it('every documented property changes what the badge shows', async () => {
    const { page: p } = await open('/client.html');
    await p.waitForFunction(() => customElements.get('billink-badge'));
    // No named functions inside evaluate(): tsx's keepNames would reference __name in the page.
    const snapshot = () =>
      p.evaluate(() =>
        ['badge', 'logo', 'text']
          .map((part) => {
            const el = document.querySelector('billink-badge')!;
            const node = el.shadowRoot!.querySelector(`[part~="${part}"]`)!;
            const cs = getComputedStyle(node);
            const r = node.getBoundingClientRect();
            return [
              cs.backgroundColor,
              cs.color,
              cs.borderTopColor,
              cs.fontFamily,
              cs.borderTopLeftRadius,
              cs.paddingLeft,
              r.width,
              r.height,
            ].join('|');
          })
          .join('\n'),
      );
    const set = (prop: string, value: string | null) =>
      p.evaluate(
        ([prop, value]) => {
          const el = document.querySelector('billink-badge') as HTMLElement;
          if (value === null) el.style.removeProperty(prop!);
          else el.style.setProperty(prop!, value);
        },
        [prop, value] as const,
      );
    for (const name of documented) {
      const before = await snapshot();
      // A value unlike any default: a colour, a font, a length.
      const value = /color/.test(name)
        ? 'rgb(1, 2, 3)'
        : /font/.test(name)
          ? 'monospace'
          : name.endsWith('padding')
            ? '7px 9px'
            : '3px';
      await set(name, value);
      const changed = (await snapshot()) !== before;
      await set(name, null);
      assert.ok(changed, `${name} is documented but changes nothing`);
    }
  });
});
