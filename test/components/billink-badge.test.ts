import { expect, fixture, html } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import { contrast, pickBadge } from '../../src/components/billink-badge/auto-badge.js';
import '../../src/index.js';
import { BADGE_STYLES, BillinkBadge, DEFAULT_LOGO_SRC, TEXT_VARIANTS } from '../../src/elements.js';
import { textOf, until } from './helpers.js';

const MANDATED = {
  nl: {
    default: 'Achteraf betalen met Billink',
    alternate: 'Betaal achteraf met Billink',
    short: 'Achteraf betalen',
  },
  en: {
    default: 'Pay later with Billink',
    alternate: 'Pay afterwards with Billink',
    short: 'Pay afterwards',
  },
} as const;

const part = (el: BillinkBadge, name: string) =>
  el.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`);

describe('<billink-badge>', () => {
  it('is registered and shows the Dutch mandated text by default', async () => {
    const el = await fixture<BillinkBadge>(html`<billink-badge locale="nl"></billink-badge>`);
    expect(el).to.be.instanceOf(BillinkBadge);
    expect(textOf(part(el, 'text'))).to.equal('Achteraf betalen met Billink');
  });

  for (const locale of ['nl', 'en'] as const) {
    for (const variant of TEXT_VARIANTS) {
      it(`shows Billink's ${locale} text for text-variant="${variant}"`, async () => {
        const el = await fixture<BillinkBadge>(
          html`<billink-badge locale=${locale} text-variant=${variant}></billink-badge>`,
        );
        expect(textOf(part(el, 'text'))).to.equal(MANDATED[locale][variant]);
      });
    }
  }

  it('cannot be given free text: unknown variants fall back and content is not shown', async () => {
    const el = await fixture<BillinkBadge>(
      html`<billink-badge locale="en" text-variant="Buy now, regret later"
        >Free text</billink-badge
      >`,
    );
    expect(textOf(part(el, 'text'))).to.equal('Pay later with Billink');
    expect(el.shadowRoot!.querySelector('slot')).to.equal(null);
    expect(textOf(el.shadowRoot)).not.to.contain('Free text');
  });

  it('folds regional locales', async () => {
    const el = await fixture<BillinkBadge>(html`<billink-badge locale="en-GB"></billink-badge>`);
    expect(textOf(part(el, 'text'))).to.equal('Pay later with Billink');
  });

  it('re-renders when the locale attribute or <html lang> changes at runtime', async () => {
    const before = document.documentElement.getAttribute('lang');
    try {
      document.documentElement.lang = 'nl';
      const el = await fixture<BillinkBadge>(html`<billink-badge></billink-badge>`);
      expect(textOf(part(el, 'text'))).to.equal('Achteraf betalen met Billink');
      document.documentElement.lang = 'en-GB';
      await until(() => textOf(part(el, 'text')) === 'Pay later with Billink');
      el.locale = 'nl';
      await el.updateComplete;
      expect(textOf(part(el, 'text'))).to.equal('Achteraf betalen met Billink');
    } finally {
      if (before === null) document.documentElement.removeAttribute('lang');
      else document.documentElement.lang = before;
    }
  });

  it('follows a lang on an ancestor element', async () => {
    const wrapper = await fixture(html`<div lang="en"><billink-badge></billink-badge></div>`);
    const el = wrapper.querySelector('billink-badge')!;
    await el.updateComplete;
    expect(textOf(part(el, 'text'))).to.equal('Pay later with Billink');
    wrapper.setAttribute('lang', 'nl-BE');
    await until(() => textOf(part(el, 'text')) === 'Achteraf betalen met Billink');
  });

  it("uses Billink's CDN logo by default", async () => {
    const el = await fixture<BillinkBadge>(html`<billink-badge></billink-badge>`);
    expect(el.logoSrc).to.equal(
      'https://cdn.billink.nl/assets/lockup/svg/billink-logo-default.svg',
    );
    expect(DEFAULT_LOGO_SRC).to.equal(el.logoSrc);
  });

  it('shows a logo that loads as an image with alt text and no referrer', async () => {
    const el = await fixture<BillinkBadge>(
      html`<billink-badge logo-src="/demo/public/favicon.svg"></billink-badge>`,
    );
    const img = el.shadowRoot!.querySelector('img')!;
    await until(() => img.complete);
    expect(img.naturalWidth).to.be.greaterThan(0);
    expect(el.shadowRoot!.querySelector('img')).to.equal(img);
    expect(img.getAttribute('part')).to.equal('logo');
    expect(img.alt).to.equal('Billink');
    expect(img.referrerPolicy).to.equal('no-referrer');
  });

  it('shows the built-in wordmark when the logo cannot load, and keeps the text', async () => {
    const el = await fixture<BillinkBadge>(
      html`<billink-badge locale="en" logo-src="/does-not-exist.svg"></billink-badge>`,
    );
    await until(() => el.shadowRoot!.querySelector('svg.logo') !== null);
    const mark = el.shadowRoot!.querySelector('svg.logo')!;
    expect(mark.getAttribute('role')).to.equal('img');
    expect(mark.getAttribute('aria-label')).to.equal('Billink');
    expect(el.shadowRoot!.querySelector('img')).to.equal(null);
    expect(textOf(part(el, 'text'))).to.equal('Pay later with Billink');
    expect(part(el, 'text')!.getBoundingClientRect().width).to.be.greaterThan(0);
  });

  it('tries again when logo-src changes after a failure', async () => {
    const el = await fixture<BillinkBadge>(
      html`<billink-badge logo-src="/does-not-exist.svg"></billink-badge>`,
    );
    await until(() => el.shadowRoot!.querySelector('svg.logo') !== null);
    el.logoSrc = '/another.svg';
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('img')?.getAttribute('src')).to.equal('/another.svg');
  });

  it('makes no logo request with logo-src="builtin"', async () => {
    const el = await fixture<BillinkBadge>(
      html`<billink-badge logo-src="builtin"></billink-badge>`,
    );
    expect(el.shadowRoot!.querySelector('img')).to.equal(null);
    expect(el.shadowRoot!.querySelector('svg.logo')).not.to.equal(null);
  });

  it('paints each badge style in brand colours', async () => {
    const expected = {
      orange: { bg: 'rgb(255, 141, 41)', fg: 'rgb(22, 18, 13)' },
      white: { bg: 'rgb(255, 255, 255)', fg: 'rgb(22, 18, 13)' },
      black: { bg: 'rgb(22, 18, 13)', fg: 'rgb(255, 141, 41)' },
    };
    for (const style of BADGE_STYLES) {
      const el = await fixture<BillinkBadge>(
        html`<billink-badge badge=${style} logo-src="builtin"></billink-badge>`,
      );
      const cs = getComputedStyle(part(el, 'badge')!);
      expect(cs.backgroundColor, style).to.equal(expected[style].bg);
      expect(cs.color, style).to.equal(expected[style].fg);
    }
    const white = await fixture<BillinkBadge>(html`<billink-badge badge="white"></billink-badge>`);
    expect(getComputedStyle(part(white, 'badge')!).borderTopColor).to.equal('rgb(255, 141, 41)');
  });

  it('treats an unknown badge value as orange', async () => {
    const el = await fixture<BillinkBadge>(html`<billink-badge badge="purple"></billink-badge>`);
    expect(getComputedStyle(part(el, 'badge')!).backgroundColor).to.equal('rgb(255, 141, 41)');
  });

  it('takes brand colours from --billink-* custom properties', async () => {
    const wrapper = await fixture(
      html`<div class="themed"><billink-badge logo-src="builtin"></billink-badge></div>`,
    );
    const sheet = new CSSStyleSheet();
    sheet.replaceSync('.themed { --billink-color-primary: rgb(1, 2, 3); }');
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
    try {
      const el = wrapper.querySelector('billink-badge')!;
      expect(getComputedStyle(part(el, 'badge')!).backgroundColor).to.equal('rgb(1, 2, 3)');
    } finally {
      document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== sheet);
    }
  });

  it('exposes stable parts for badge, logo and text', async () => {
    const el = await fixture<BillinkBadge>(
      html`<billink-badge logo-src="builtin"></billink-badge>`,
    );
    for (const name of ['badge', 'logo', 'text']) expect(part(el, name), name).to.exist;
  });

  for (const locale of ['nl', 'en'] as const) {
    for (const style of BADGE_STYLES) {
      it(`is accessible: ${style} badge in ${locale}`, async () => {
        const el = await fixture<BillinkBadge>(
          html`<billink-badge locale=${locale} badge=${style} logo-src="builtin"></billink-badge>`,
        );
        await expect(el).to.be.accessible();
      });
    }
  }

  describe('badge="auto"', () => {
    const colourOf = (el: BillinkBadge) => getComputedStyle(part(el, 'badge')!).backgroundColor;
    const ORANGE = 'rgb(255, 141, 41)';
    const WHITE = 'rgb(255, 255, 255)';
    const BLACK = 'rgb(22, 18, 13)';
    let sheet: CSSStyleSheet;

    beforeEach(() => {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(`
        body.theme-dark { background: #101010; }
        .follows-scheme { background: #fff; }
        @media (prefers-color-scheme: dark) { .follows-scheme { background: #000; } }
      `);
      document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
    });
    afterEach(async () => {
      document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== sheet);
      document.body.classList.remove('theme-dark');
      await emulateMedia({ colorScheme: 'light' });
    });

    it('picks the badge with the highest WCAG contrast (orange only when it is best)', () => {
      expect(contrast([255, 255, 255], [0, 0, 0])).to.be.closeTo(21, 0.01);
      expect(pickBadge([255, 255, 255])).to.equal('black');
      expect(pickBadge([0, 0, 0])).to.equal('white');
      expect(pickBadge([255, 141, 41])).to.equal('black');
      expect(pickBadge([22, 18, 13])).to.equal('white');
      // Orange's luminance lies between white's and black's, so one of them always beats it.
      for (let l = 0; l <= 255; l += 5) expect(pickBadge([l, l, l])).not.to.equal('orange');
    });

    it('shows black on a white page and white on a dark section, skipping transparent ancestors', async () => {
      const light = await fixture<BillinkBadge>(html`<billink-badge badge="auto"></billink-badge>`);
      await until(() => colourOf(light) === BLACK);
      const wrapper = await fixture(html`
        <section style="background: rgb(20, 30, 60)">
          <div style="background: transparent">
            <p><billink-badge badge="auto"></billink-badge></p>
          </div>
        </section>
      `);
      const dark = wrapper.querySelector('billink-badge')!;
      await dark.updateComplete;
      await until(() => colourOf(dark) === WHITE);
      expect(dark.getAttribute('badge')).to.equal('auto');
    });

    it('blends translucent backgrounds and looks through shadow hosts', async () => {
      const veil = await fixture(html`
        <div style="background: rgba(0, 0, 0, 0.9)">
          <billink-badge badge="auto"></billink-badge>
        </div>
      `);
      const veiled = veil.querySelector('billink-badge')!;
      await veiled.updateComplete;
      await until(() => colourOf(veiled) === WHITE);

      const host = await fixture(html`<div style="background: #000"></div>`);
      const root = host.attachShadow({ mode: 'open' });
      root.innerHTML = '<span><billink-badge badge="auto"></billink-badge></span>';
      const inside = root.querySelector('billink-badge')!;
      await inside.updateComplete;
      await until(() => colourOf(inside) === WHITE);
    });

    it('picks again when <body> switches theme by class, and when the colour scheme changes', async () => {
      const el = await fixture<BillinkBadge>(html`<billink-badge badge="auto"></billink-badge>`);
      await until(() => colourOf(el) === BLACK);
      document.body.classList.add('theme-dark');
      await until(() => colourOf(el) === WHITE);
      document.body.classList.remove('theme-dark');
      await until(() => colourOf(el) === BLACK);

      const wrapper = await fixture(
        html`<div class="follows-scheme"><billink-badge badge="auto"></billink-badge></div>`,
      );
      const scheme = wrapper.querySelector('billink-badge')!;
      await scheme.updateComplete;
      await until(() => colourOf(scheme) === BLACK);
      await emulateMedia({ colorScheme: 'dark' });
      await until(() => colourOf(scheme) === WHITE);
      await emulateMedia({ colorScheme: 'light' });
      await until(() => colourOf(scheme) === BLACK);
    });

    it('stops watching when disconnected or set to a fixed style, and picks afresh when back', async () => {
      const wrapper = await fixture(html`<div><billink-badge badge="auto"></billink-badge></div>`);
      const el = wrapper.querySelector('billink-badge')!;
      await until(() => colourOf(el) === BLACK); // the contrast code has arrived and picked
      // Let the updates of its arrival settle before counting.
      await el.updateComplete;
      await new Promise((r) => setTimeout(r, 50));
      let updates = 0;
      const request = el.requestUpdate.bind(el);
      el.requestUpdate = (...args: Parameters<typeof request>) => {
        updates++;
        request(...args);
      };
      el.remove();
      document.body.classList.add('theme-dark');
      await new Promise((r) => setTimeout(r, 50));
      expect(updates, 'no update while disconnected').to.equal(0);
      wrapper.append(el);
      await until(() => colourOf(el) === WHITE);

      el.badge = 'orange';
      await el.updateComplete;
      await until(() => colourOf(el) === ORANGE);
      updates = 0;
      document.body.classList.remove('theme-dark');
      await new Promise((r) => setTimeout(r, 50));
      expect(updates, 'a fixed style does not follow the theme').to.equal(0);
      await until(() => colourOf(el) === ORANGE);
    });
  });
});
