import { expect, fixture, html } from '@open-wc/testing';
import { foldLocale, resolveLocale } from '../../src/i18n/resolve-locale.js';

describe('foldLocale', () => {
  it('folds regional tags to the supported language', () => {
    expect(foldLocale('nl-BE')).to.equal('nl');
    expect(foldLocale('en-GB')).to.equal('en');
    expect(foldLocale('EN_us')).to.equal('en');
    expect(foldLocale('nl')).to.equal('nl');
  });
  it('knows no other language', () => {
    expect(foldLocale('de-DE')).to.equal(undefined);
    expect(foldLocale('')).to.equal(undefined);
    expect(foldLocale(undefined)).to.equal(undefined);
  });
});

describe('resolveLocale', () => {
  let htmlLang: string | null;
  beforeEach(() => {
    htmlLang = document.documentElement.getAttribute('lang');
    document.documentElement.removeAttribute('lang');
  });
  afterEach(() => {
    if (htmlLang === null) document.documentElement.removeAttribute('lang');
    else document.documentElement.setAttribute('lang', htmlLang);
  });

  it("prefers the element's own locale attribute over any lang", async () => {
    document.documentElement.lang = 'nl';
    const el = await fixture(html`<div lang="nl"><span locale="en-GB"></span></div>`);
    expect(resolveLocale(el.firstElementChild!)).to.equal('en');
  });

  it('uses the nearest ancestor lang, then <html lang>', async () => {
    document.documentElement.lang = 'nl-NL';
    const el = await fixture(
      html`<div lang="en">
        <p><span></span></p>
      </div>`,
    );
    expect(resolveLocale(el.querySelector('span')!)).to.equal('en');
    const plain = await fixture(html`<p><span></span></p>`);
    expect(resolveLocale(plain.querySelector('span')!)).to.equal('nl');
  });

  it('crosses shadow roots to find a lang', async () => {
    const host = await fixture(html`<div lang="en-US"></div>`);
    const root = host.attachShadow({ mode: 'open' });
    const inner = document.createElement('span');
    root.append(inner);
    expect(resolveLocale(inner)).to.equal('en');
  });

  it('falls back to Dutch for a language it does not speak', async () => {
    const el = await fixture(html`<div lang="de"><span></span></div>`);
    expect(resolveLocale(el.firstElementChild!)).to.equal('nl');
    const own = await fixture(html`<span locale="fr"></span>`);
    expect(resolveLocale(own)).to.equal('nl');
  });

  it("uses the browser's first supported language when the page says nothing", async () => {
    const el = await fixture(html`<span></span>`);
    const expected = navigator.languages.map(foldLocale).find(Boolean) ?? 'nl';
    expect(resolveLocale(el)).to.equal(expected);
  });
});
