// examples/shopify: the theme app extension's blocks rendered with liquidjs (Shopify's Liquid, with
// the two Shopify-only pieces the blocks use stubbed: the {% schema %} tag and the asset_url
// filter), then the rendered HTML with the real bundle in Chromium under a strict CSP.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Liquid, Tag, TypeGuards, type TagToken, type TopLevelToken } from 'liquidjs';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/chromium.js';
import { serveStatic, type StaticServer } from '../support/static-server.js';
import { BADGE_STYLE_HASH } from '../../scripts/badge-snippets.js';
import { cdnPages, CSP, openPage, readElements } from './browser.js';

const EXTENSION = 'examples/shopify/extensions/billink';
const BLOCKS = join(EXTENSION, 'blocks');

/** Shopify's {% schema %}: JSON for the theme editor, renders nothing. */
class SchemaTag extends Tag {
  constructor(token: TagToken, remain: TopLevelToken[], liquid: Liquid) {
    super(token, remain, liquid);
    while (remain.length) {
      const t = remain.shift()!;
      if (TypeGuards.isTagToken(t) && t.name === 'endschema') return;
    }
    throw new Error('{% schema %} without {% endschema %}');
  }
  render(): void {}
}

const engine = new Liquid({ root: BLOCKS, extname: '.liquid', strictFilters: true });
engine.registerTag('schema', SchemaTag);
// On Shopify: the extension's asset on Shopify's CDN. Here: where the test serves the bundle.
engine.registerFilter('asset_url', (name: string) => `/assets/${name}`);

interface Setting {
  id: string;
  type: string;
  default?: unknown;
  options?: { value: string }[];
}

function schemaOf(block: string): { name: string; settings: Setting[] } {
  const source = readFileSync(join(BLOCKS, `${block}.liquid`), 'utf8');
  const json = /{%\s*schema\s*%}([\s\S]*?){%\s*endschema\s*%}/.exec(source)?.[1];
  assert.ok(json, `${block}: no schema`);
  return JSON.parse(json);
}

/** The block's settings as the theme editor starts them: the schema's defaults. */
function defaults(block: string): Record<string, unknown> {
  return Object.fromEntries(schemaOf(block).settings.map((s) => [s.id, s.default]));
}

interface Scope {
  pageType?: string;
  isoCode?: string;
  priceCents?: number;
  totalCents?: number;
  currency?: string;
  token?: string;
  settings?: Record<string, unknown>;
  title?: string;
}

function render(block: string, scope: Scope = {}): Promise<string> {
  const product = {
    title: scope.title ?? 'Wollen sjaal',
    price: scope.priceCents ?? 4995,
    selected_or_first_available_variant: { price: scope.priceCents ?? 4995 },
  };
  return engine.renderFile(block, {
    request: { page_type: scope.pageType ?? 'cart', locale: { iso_code: scope.isoCode ?? 'nl' } },
    product: scope.pageType === 'product' ? product : undefined,
    cart: {
      total_price: scope.totalCents ?? 4995,
      item_count: 2,
      currency: { iso_code: scope.currency ?? 'EUR' },
      token: scope.token ?? 'c1-7a4b2e9f0d?key=5f1e0c',
      items: [{ title: product.title }],
    },
    block: {
      id: 'b1',
      shopify_attributes: 'data-shopify-editor-block="{&quot;id&quot;:&quot;b1&quot;}"',
      settings: { ...defaults(block), ...scope.settings },
    },
  });
}

/** The attributes of the first `<tag …>` in html (rendered output is simple, no nesting issues). */
function attributes(html: string, tag: string): Record<string, string> {
  const open = new RegExp(`<${tag}\\b([^>]*)>`).exec(html);
  assert.ok(open, `no <${tag}> in:\n${html}`);
  return Object.fromEntries([...open[1]!.matchAll(/([\w-]+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
}

describe('Shopify blocks: schema', () => {
  for (const block of ['billink-badge', 'billink-checkout']) {
    it(`${block}: valid schema JSON, every setting the template reads is declared`, () => {
      const schema = schemaOf(block);
      const declared = new Set(schema.settings.map((s) => s.id));
      const source = readFileSync(join(BLOCKS, `${block}.liquid`), 'utf8');
      const used = [...source.matchAll(/block\.settings\.(\w+)/g)].map((m) => m[1]!);
      assert.ok(used.length > 0);
      for (const id of used) assert.ok(declared.has(id), `${block}: setting ${id} not in schema`);
      for (const s of schema.settings.filter((x) => x.options)) {
        assert.ok(
          s.options!.some((o) => o.value === s.default),
          `${block}: ${s.id} default is not an option`,
        );
      }
    });
  }

  it('the badge and checkout offer exactly the elements’ badge styles and texts', () => {
    for (const block of ['billink-badge', 'billink-checkout']) {
      const byId = new Map(schemaOf(block).settings.map((s) => [s.id, s]));
      assert.deepEqual(
        byId.get('badge')!.options!.map((o) => o.value),
        ['orange', 'white', 'black'],
      );
      assert.deepEqual(
        byId.get('text_variant')!.options!.map((o) => o.value),
        ['default', 'alternate', 'short'],
      );
    }
  });

  it('shopify.extension.toml declares a theme extension', () => {
    const toml = readFileSync(join(EXTENSION, 'shopify.extension.toml'), 'utf8');
    assert.match(toml, /^type = "theme"$/m);
    assert.match(toml, /^name = ".+"$/m);
  });
});

describe('Shopify blocks: rendered HTML', () => {
  it('checkout: cart total 4995 cents → amount "49.95", cart token without its key, locale folded', async () => {
    const html = await render('billink-checkout', { isoCode: 'nl-BE' });
    assert.match(html, /<script type="module" src="\/assets\/billink-checkout\.es\.js"><\/script>/);
    assert.deepEqual(attributes(html, 'billink-checkout'), {
      'proxy-url': '/apps/billink',
      'order-ref': 'c1-7a4b2e9f0d',
      amount: '49.95',
      currency: 'EUR',
      locale: 'nl',
      mode: 'session',
      badge: 'orange',
      'text-variant': 'default',
    });
  });

  for (const [cents, amount] of [
    [5, '0.05'],
    [100, '1.00'],
    [4990, '49.90'],
    [123456, '1234.56'],
  ] as const) {
    it(`checkout: ${cents} cents → amount "${amount}" (integer maths, no float rounding)`, async () => {
      const html = await render('billink-checkout', { totalCents: cents });
      assert.equal(attributes(html, 'billink-checkout').amount, amount);
    });
  }

  it('checkout: nothing for a non-EUR cart (Billink takes euros)', async () => {
    assert.equal((await render('billink-checkout', { currency: 'USD' })).trim(), '');
  });

  it('badge: product page uses the variant price, cart page the cart total, within the limits', async () => {
    const settings = { min_amount: 10, max_amount: 100 };
    const on = (pageType: string, cents: number) =>
      render('billink-badge', {
        pageType,
        settings,
        priceCents: cents,
        totalCents: pageType === 'cart' ? cents : 999_999,
      });
    assert.match(await on('product', 4995), /<billink-badge/);
    assert.doesNotMatch(await on('product', 999), /<billink-badge/, 'below the minimum');
    assert.doesNotMatch(await on('product', 10_001), /<billink-badge/, 'above the maximum');
    assert.match(await on('cart', 4995), /<billink-badge/);
    assert.doesNotMatch(await on('cart', 20_000), /<billink-badge/);
  });

  it('badge: settings and the folded locale become attributes', async () => {
    const html = await render('billink-badge', {
      pageType: 'product',
      isoCode: 'en-GB',
      settings: { badge: 'black', text_variant: 'short' },
    });
    assert.deepEqual(attributes(html, 'billink-badge'), {
      locale: 'en',
      badge: 'black',
      'text-variant': 'short',
    });
  });

  it('escapes hostile values in every attribute; a hostile product title never reaches the HTML', async () => {
    const hostile = '"><img src=x onerror=alert(1)>';
    const html =
      (await render('billink-checkout', {
        token: hostile,
        isoCode: `en${hostile}`,
        settings: { proxy_url: `/apps/billink${hostile}`, badge: hostile },
      })) +
      (await render('billink-badge', { pageType: 'product', title: `<script>alert(1)</script>` }));
    // (The badge's own logo is an <img class="logo" …>.)
    assert.doesNotMatch(html, /<img src=x|<script>alert|onerror="/);
    // The whole value stayed inside its quotes, and decodes back to what was given.
    const attrs = attributes(html, 'billink-checkout');
    const decode = (v = '') =>
      v.replace(/&(#34|quot|#39|lt|gt|amp);/g, (_, e: string) =>
        e === 'lt' ? '<' : e === 'gt' ? '>' : e === 'amp' ? '&' : e === '#39' ? "'" : '"',
      );
    assert.equal(decode(attrs['proxy-url']), `/apps/billink${hostile}`);
    assert.equal(decode(attrs.badge), hostile);
    assert.equal(decode(attrs.locale), `en${hostile}`);
  });
});

describe('Shopify blocks in Chromium', () => {
  let browser: Browser;
  let server: StaticServer;
  const hostile = '"><img src=x onerror=alert(1)>';

  const page = (lang: string, body: string) =>
    `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>cart</title></head><body>${body}</body></html>`;

  before(async () => {
    assert.ok(existsSync('dist/cdn/billink-checkout.es.js'), 'run npm run build first');
    const cart =
      (await render('billink-badge', { isoCode: 'en-US' })) +
      (await render('billink-checkout', { isoCode: 'en-US' }));
    const evil = await render('billink-checkout', {
      token: `c1-1${hostile}`,
      settings: { proxy_url: `/apps/billink${hostile}` },
    });
    server = await serveStatic('/nonexistent', {
      // The server-rendered badge's inline style is allowed by its hash, as a strict shop would.
      headers: { 'content-security-policy': `${CSP}; style-src 'self' ${BADGE_STYLE_HASH}` },
      pages: {
        ...cdnPages('/assets/'),
        '/cart.html': page('en', cart),
        '/evil.html': page('nl', evil),
      },
    });
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('the cart page (badge + checkout blocks) renders, English, €49.95, no CSP violation', async () => {
    const opened = await openPage(browser, `${server.url}/cart.html`);
    const seen = await readElements(opened.page);
    assert.equal(seen.badgeText, 'Pay later with Billink');
    assert.equal(seen.checkoutText, 'Pay later with Billink');
    assert.equal(seen.amount, '€49.95');
    // The bundle tag appears once per block; the module loads and registers once.
    assert.equal(await opened.page.locator('script[type=module]').count(), 2);
    assert.deepEqual(await opened.violations(), []);
    assert.deepEqual(opened.problems, []);
  });

  it('hostile values arrive as plain attribute text, with no extra element', async () => {
    const opened = await openPage(browser, `${server.url}/evil.html`);
    await readElements(opened.page);
    const seen = await opened.page.evaluate(() => {
      const el = document.querySelector('billink-checkout')!;
      return {
        proxyUrl: el.getAttribute('proxy-url'),
        orderRef: el.getAttribute('order-ref'),
        images: document.querySelectorAll('img').length,
        // What the template wrote: `state`, `busy`, `unavailable` and the reflected default of
        // `when-unavailable` are the element's own (for the shop's CSS).
        attributes: el
          .getAttributeNames()
          .filter((name) => !['state', 'busy', 'unavailable', 'when-unavailable'].includes(name))
          .length,
      };
    });
    assert.deepEqual(seen, {
      proxyUrl: `/apps/billink${hostile}`,
      orderRef: `c1-1${hostile}`,
      images: 0,
      attributes: 8,
    });
    assert.deepEqual(opened.problems, []);
  });
});
