// The shops' server-rendered badge (WooCommerce PHP, Shopify Liquid) is generated from renderBadge():
// the files are fresh, and what PHP and Liquid print is byte for byte what renderBadge() returns.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Liquid, Tag, type TagToken, type TopLevelToken } from 'liquidjs';
import { BADGE_STYLES, TEXT_VARIANTS } from '../../src/components/billink-badge/constants.js';
import { renderBadge } from '../../src/ssr.js';
import {
  BADGE_STYLE_HASH,
  LIQUID_FILE,
  liquidSnippet,
  PHP_FILE,
  phpSnippet,
} from '../../scripts/badge-snippets.js';

const hasPhp = spawnSync('php', ['-v']).status === 0;

describe('generated badge snippets', () => {
  it('are fresh (npm run build regenerates them)', () => {
    assert.equal(readFileSync(PHP_FILE, 'utf8'), phpSnippet(), `${PHP_FILE} is stale`);
    assert.equal(readFileSync(LIQUID_FILE, 'utf8'), liquidSnippet(), `${LIQUID_FILE} is stale`);
  });

  it('name the CSP hash of the one inline style', () => {
    assert.match(BADGE_STYLE_HASH, /^'sha256-[A-Za-z0-9+/]{43}='$/);
    assert.ok(readFileSync(PHP_FILE, 'utf8').includes(BADGE_STYLE_HASH));
  });

  it(
    'PHP prints renderBadge() for every locale, text and style, and falls back like the element',
    { skip: !hasPhp && 'php not installed' },
    () => {
      const calls: [string, string, string][] = [];
      for (const locale of ['nl_NL', 'en_GB', 'nl_BE', 'en_US'])
        for (const variant of TEXT_VARIANTS)
          for (const style of BADGE_STYLES) calls.push([locale, variant, style]);
      calls.push(['de_DE', 'Koop nu', 'purple'], ['fr', '', '"><script>']);
      const script =
        `define('ABSPATH', '/'); require '${PHP_FILE}';` +
        `$calls = json_decode(stream_get_contents(STDIN), true); $out = array();` +
        `foreach ($calls as $c) { $out[] = billink_checkout_badge_markup($c[0], $c[1], $c[2]); }` +
        `echo json_encode($out);`;
      const r = spawnSync('php', ['-d', 'display_errors=stderr', '-r', script], {
        input: JSON.stringify(calls),
        encoding: 'utf8',
      });
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stderr, '');
      const printed = JSON.parse(r.stdout) as string[];
      const expected = calls.map(([locale, textVariant, badge]) => {
        const folded = locale.startsWith('en') ? 'en' : 'nl';
        return renderBadge({
          locale: folded,
          textVariant: (TEXT_VARIANTS as readonly string[]).includes(textVariant)
            ? textVariant
            : 'default',
          badge: (BADGE_STYLES as readonly string[]).includes(badge) ? badge : 'orange',
        });
      });
      assert.deepEqual(printed, expected);
      assert.doesNotMatch(printed.join(''), /<script|Koop nu|purple/);
    },
  );

  it('Liquid prints renderBadge() inside the block for every locale, text and style', async () => {
    class SchemaTag extends Tag {
      constructor(token: TagToken, remain: TopLevelToken[], liquid: Liquid) {
        super(token, remain, liquid);
        while (remain.length)
          if ((remain.shift() as { name?: string }).name === 'endschema') return;
      }
      render(): void {}
    }
    const engine = new Liquid({ strictFilters: true });
    engine.registerTag('schema', SchemaTag);
    engine.registerFilter('asset_url', (name: string) => `/assets/${name}`);
    const template = engine.parse(readFileSync(LIQUID_FILE, 'utf8'));
    const scope = (iso: string, settings: Record<string, string>) => ({
      request: { page_type: 'cart', locale: { iso_code: iso } },
      cart: { total_price: 4995, currency: { iso_code: 'EUR' } },
      block: {
        shopify_attributes: '',
        settings: { min_amount: 0, max_amount: 10000, ...settings },
      },
    });
    for (const iso of ['nl', 'en-GB', 'de'])
      for (const text_variant of [...TEXT_VARIANTS, 'free text'])
        for (const badge of [...BADGE_STYLES, 'purple']) {
          const html: string = await engine.render(template, scope(iso, { text_variant, badge }));
          const expected = renderBadge({
            locale: iso.startsWith('en') ? 'en' : 'nl',
            textVariant: (TEXT_VARIANTS as readonly string[]).includes(text_variant)
              ? text_variant
              : 'default',
            badge: (BADGE_STYLES as readonly string[]).includes(badge) ? badge : 'orange',
          });
          const inner = /<div class="billink-badge-block" >([\s\S]*)<\/div>/.exec(html)?.[1];
          assert.equal(inner, expected, `${iso} ${text_variant} ${badge}`);
          assert.match(
            html,
            /<script type="module" src="\/assets\/billink-badge\.es\.js"><\/script>/,
          );
        }
  });
});
