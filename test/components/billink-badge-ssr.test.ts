// Server-rendered badge (src/ssr.ts): paints before the element is defined, and the element adopts
// it without a flash, a shift or a second text. This file defines <billink-badge> itself, midway, so
// it must not import anything that registers it at load.
import { expect } from '@open-wc/testing';
import { BADGE_CSS, renderBadge, type RenderBadgeOptions } from '../../src/ssr.js';
import { textOf } from './helpers.js';

const LOGO = '/demo/public/favicon.svg';

const part = (root: ParentNode | null | undefined, name: string) =>
  root?.querySelector<HTMLElement | SVGElement>(`[part~="${name}"]`) ?? null;

const box = (el: Element | null) => {
  const r = el!.getBoundingClientRect();
  return { x: r.x, y: r.y, width: r.width, height: r.height };
};

/** What a shopper sees of a badge: boxes and colours of its parts, and its text. */
function look(host: Element) {
  const root = host.shadowRoot;
  const badge = part(root, 'badge');
  const cs = badge ? getComputedStyle(badge) : undefined;
  return {
    host: box(host),
    badge: box(badge),
    logo: box(part(root, 'logo')),
    text: box(part(root, 'text')),
    background: cs?.backgroundColor,
    colour: cs?.color,
    border: cs?.borderTopColor,
    font: cs ? `${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}` : '',
    words: textOf(part(root, 'text')),
  };
}

/** A DOM tree as data: tags, sorted attributes, non-blank text; comments and <style> left out. */
type Tree = string | { tag: string; attrs: string[]; children: Tree[] };
function tree(node: Node): Tree[] {
  const out: Tree[] = [];
  for (const child of node.childNodes) {
    if (child.nodeType === Node.TEXT_NODE) {
      const text = textOf(child);
      if (text) out.push(text);
    } else if (child instanceof Element && child.localName !== 'style') {
      out.push({
        tag: child.localName,
        attrs: [...child.attributes].map((a) => `${a.name}=${a.value}`).sort(),
        children: tree(child),
      });
    }
  }
  return out;
}

/** Rules of a stylesheet as the browser reads them. */
function rules(cssText: string): string[] {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(cssText);
  return [...sheet.cssRules].map((r) => r.cssText);
}

describe('renderBadge(): server-rendered <billink-badge>', () => {
  const cases: RenderBadgeOptions[] = [
    { locale: 'nl', logoSrc: LOGO },
    { locale: 'en', textVariant: 'alternate', badge: 'white', logoSrc: LOGO },
    { locale: 'nl', textVariant: 'short', badge: 'black', logoSrc: 'builtin' },
    { locale: 'en', badge: 'orange', logoSrc: 'builtin' },
  ];
  const stage = document.createElement('div');
  let painted: ReturnType<typeof look>[] = [];
  const shifts: number[] = [];
  const frames: string[][] = [];
  let watching = true;

  before(async () => {
    document.body.append(stage);
    stage.setHTMLUnsafe(cases.map((o) => `<p>${renderBadge(o)}</p>`).join(''));
    // Let the logos load and lay out, as they would have before a deferred script ran.
    await Promise.all(
      [...stage.querySelectorAll('billink-badge')].flatMap((b) =>
        [...b.shadowRoot!.querySelectorAll('img')].map((img) => img.decode().catch(() => {})),
      ),
    );
    // …and be painted: the logo arriving is a shift of its own, before the script.
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) shifts.push((e as unknown as { value: number }).value);
    }).observe({ type: 'layout-shift', buffered: false });
    // What every frame from here on would paint: the text of each badge.
    const frame = () => {
      frames.push(
        [...stage.querySelectorAll('billink-badge')].map(
          (b) =>
            `${b.shadowRoot?.querySelectorAll('[part~="text"]').length ?? 0}:${textOf(part(b.shadowRoot, 'text'))}`,
        ),
      );
      if (watching) requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  });

  after(() => stage.remove());

  it('paints before the element is defined: text visible, styles applied (no JavaScript needed)', () => {
    expect(customElements.get('billink-badge')).to.equal(undefined);
    const badges = [...stage.querySelectorAll('billink-badge')];
    painted = badges.map(look);
    expect(painted.map((b) => b.words)).to.deep.equal([
      'Achteraf betalen met Billink',
      'Pay afterwards with Billink',
      'Achteraf betalen',
      'Pay later with Billink',
    ]);
    expect(painted.map((b) => b.background)).to.deep.equal([
      'rgb(255, 141, 41)',
      'rgb(255, 255, 255)',
      'rgb(22, 18, 13)',
      'rgb(255, 141, 41)',
    ]);
    for (const b of painted) {
      expect(b.text.width).to.be.greaterThan(20);
      expect(b.logo.height).to.be.greaterThan(10);
      // :host { display: inline-block } from the declarative shadow root's own <style>.
      expect(b.host.height).to.be.greaterThan(b.text.height);
    }
    expect(getComputedStyle(badges[2]!).display).to.equal('inline-block');
  });

  it('defining the element adopts the markup: same boxes and colours, the text once, no layout shift', async () => {
    await import('../../src/badge.js');
    const badges = [...stage.querySelectorAll('billink-badge')];
    await Promise.all(
      badges.map((b) => (b as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete),
    );
    // Two frames, so a shift or an empty frame would have been seen.
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    watching = false;
    for (const b of badges) {
      expect(b.shadowRoot!.querySelectorAll('[part~="text"]').length).to.equal(1);
      expect(b.shadowRoot!.querySelector('style')).to.equal(null); // replaced, not appended to
    }
    expect(badges.map(look)).to.deep.equal(painted);
    expect(shifts.filter((v) => v > 0)).to.deep.equal([]);
    // No frame without the text, none with it twice.
    const expected = painted.map((b) => `1:${b.words}`);
    expect(frames.length).to.be.greaterThan(1);
    for (const f of frames) expect(f).to.deep.equal(expected);
  });

  it('gives the same DOM as the client render, for every locale, text, style and logo', async () => {
    if (!customElements.get('billink-badge')) await import('../../src/badge.js');
    const host = document.createElement('div');
    document.body.append(host);
    try {
      for (const locale of ['nl', 'en'])
        for (const textVariant of ['default', 'alternate', 'short'])
          for (const badge of ['orange', 'white', 'black'])
            for (const logoSrc of [undefined, 'builtin', '/logo.svg?a=1&b="2"']) {
              const options: RenderBadgeOptions = { locale, textVariant, badge };
              if (logoSrc) options.logoSrc = logoSrc;
              const label = JSON.stringify(options);
              // Parsed in a document without the registry: the server's markup as such.
              const parsed = Document.parseHTMLUnsafe(renderBadge(options));
              const ssr = parsed.querySelector('billink-badge')!;
              expect(ssr.shadowRoot, label).to.not.equal(null);
              const client = document.createElement('billink-badge');
              for (const a of ssr.attributes) client.setAttribute(a.name, a.value);
              host.replaceChildren(client);
              await (client as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
              expect(tree(ssr.shadowRoot!), label).to.deep.equal(tree(client.shadowRoot!));
            }
    } finally {
      host.remove();
    }
  });

  it("inlines exactly the element's stylesheets", () => {
    const client = document.createElement('billink-badge');
    document.body.append(client);
    try {
      const adopted = client.shadowRoot!.adoptedStyleSheets.flatMap((s) =>
        [...s.cssRules].map((r) => r.cssText),
      );
      expect(rules(BADGE_CSS)).to.deep.equal(adopted);
    } finally {
      client.remove();
    }
  });

  it('escapes what it puts in attributes, folds the locale and refuses free text', () => {
    const html = renderBadge({
      locale: 'en-GB',
      textVariant: 'Buy now <b>',
      badge: '"><script>',
      logoSrc: '/x.svg?"><img src=y onerror=alert(1)>',
      nonce: 'n"1',
    });
    const doc = Document.parseHTMLUnsafe(html);
    const el = doc.querySelector('billink-badge')!;
    expect(el.getAttribute('locale')).to.equal('en');
    expect(el.getAttribute('text-variant')).to.equal('default');
    expect(el.getAttribute('badge')).to.equal('orange');
    expect(el.shadowRoot!.querySelectorAll('img').length).to.equal(1);
    expect(el.shadowRoot!.querySelector('img')!.getAttribute('src')).to.equal(
      '/x.svg?"><img src=y onerror=alert(1)>',
    );
    expect(el.shadowRoot!.querySelector('style')!.getAttribute('nonce')).to.equal('n"1');
    expect(doc.querySelectorAll('script, b').length).to.equal(0);
    expect(textOf(part(el.shadowRoot, 'text'))).to.equal('Pay later with Billink');
  });

  it('badge="auto" is server-rendered orange and keeps the setting for the element', () => {
    const el = Document.parseHTMLUnsafe(renderBadge({ locale: 'nl', badge: 'auto' })).querySelector(
      'billink-badge',
    )!;
    expect(el.getAttribute('badge')).to.equal('auto');
    expect(part(el.shadowRoot, 'badge')!.getAttribute('class')).to.equal('badge orange');
  });
});
