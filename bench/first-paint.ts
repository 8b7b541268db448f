/**
 * First paint: headless Chromium with the CPU throttled ×4, a fresh browser context per load.
 *
 * Server-rendered (the product-page case, gated by issue 19: ≤ 16 ms over the baseline): the page's
 * HTML holds `renderBadge()`'s markup and a `<script type="module">` for `billink-badge.es.js`
 * (served with its chunk); the baseline page holds a plain `<img>` + the same text in its HTML and
 * no script. Time zero is navigation start (`performance.timeOrigin`), the figure is Chromium's
 * first-contentful-paint entry (the badge text is the only contentful thing), read by a small
 * probe module; the probe also records when the element has upgraded, the layout shifts (CLS) and
 * how many badge texts the page shows.
 *
 * Client-rendered (no server markup), kept for comparison:
 * Each page loads one small module, `/start.js`, which marks its own start (`performance.now()`),
 * then imports the code under test: the CDN ES bundle for `<billink-badge locale="nl"
 * logo-src="builtin">`, or for the baseline a 3-line module that inserts a plain `<img>` + text.
 * The page then waits for the text to be in the (shadow) DOM, checked on every animation frame,
 * and takes the paint time three ways: the next frame (double rAF), the end of the painting
 * frame's main-thread work (rAF → MessageChannel) and Chromium's first-contentful-paint entry
 * (nothing else on the page is contentful, so FCP is the text's presentation time).
 */
import type { Browser } from 'playwright-core';
import { launchChromium } from '../test/support/chromium.js';
import { serveStatic } from '../test/support/static-server.js';
import { renderBadge } from '../src/ssr.js';
import type { CdnFiles } from './size.js';
import { fixed, median, percentile, progress, type Section } from './util.js';

const LOADS = 30;
const WARMUP = 2;
const CPU_THROTTLE = 4;

const html = (body: string, script: string) =>
  `<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>bench</title>` +
  `<script type="module" src="${script}"></script></head><body>${body}</body></html>`;

// Page-side code is plain JavaScript served as files: no inline script, nothing from tsx.
const START_JS = `
performance.mark('bench:start');
const start = performance.now();
const load = new URL(import.meta.url).searchParams.get('load');
const entries = [];
for (const type of ['paint', 'largest-contentful-paint', 'element']) {
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries())
        entries.push({ type: e.entryType, name: e.name, at: e.renderTime || e.startTime,
          id: e.identifier || '' });
    }).observe({ type, buffered: true });
  } catch {}
}
const findText = () => {
  const badge = document.querySelector('billink-badge');
  const el = badge
    ? badge.shadowRoot && badge.shadowRoot.querySelector('[part~="text"]')
    : document.querySelector('.text');
  return el && el.textContent.trim() ? el.textContent.trim() : '';
};
window.__bench = new Promise((resolve, reject) => {
  const deadline = start + 30000;
  const frame = () => {
    const text = findText();
    if (!text) {
      if (performance.now() > deadline) return reject(new Error('text never appeared'));
      return requestAnimationFrame(frame);
    }
    const seen = performance.now();
    let afterPaint = 0;
    const channel = new MessageChannel();
    channel.port1.onmessage = () => { afterPaint = performance.now(); };
    channel.port2.postMessage(0);
    requestAnimationFrame(() => {
      const doubleRaf = performance.now();
      const wait = () =>
        entries.some((e) => e.name === 'first-contentful-paint') || performance.now() > doubleRaf + 1000
          ? resolve({ start, seen, afterPaint, doubleRaf, entries, text })
          : setTimeout(wait, 20);
      wait();
    });
  };
  requestAnimationFrame(frame);
});
import(load).catch((e) => { window.__benchError = String(e); });
`;

const BASELINE_JS = `
document.getElementById('slot').innerHTML =
  '<img src="/logo.svg" alt="Billink" width="64" height="20"> <span class="text">Achteraf betalen met Billink</span>';
`;

const LOGO_SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="64" height="20"><rect width="64" height="20" rx="4" fill="#FF8D29"/></svg>`;

/** Does Element Timing see an element inside a shadow root? (Checked in this run.) */
const ELEMENT_TIMING_JS = `
const seen = [];
new PerformanceObserver((l) => { for (const e of l.getEntries()) seen.push(e.identifier); })
  .observe({ type: 'element', buffered: true });
const host = document.getElementById('host');
host.attachShadow({ mode: 'open' }).innerHTML = '<p elementtiming="in-shadow">Shadow text</p>';
document.getElementById('light').innerHTML = '<p elementtiming="in-light">Light text</p>';
window.__bench = new Promise((resolve) => setTimeout(() => resolve(seen), 1500));
`;

// Probe for the server-rendered pages: FCP from navigation start, upgrade time, CLS, text count.
const PROBE_JS = `
const entries = (type) => new Promise((resolve) => {
  const seen = [];
  try {
    new PerformanceObserver((l) => seen.push(...l.getEntries())).observe({ type, buffered: true });
  } catch {}
  setTimeout(() => resolve(seen), 300);
});
const fcpEntry = () => new Promise((resolve) => {
  new PerformanceObserver((l) => {
    const e = l.getEntries().find((x) => x.name === 'first-contentful-paint');
    if (e) resolve(e.startTime);
  }).observe({ type: 'paint', buffered: true });
});
window.__bench = (async () => {
  const fcp = await fcpEntry();
  let upgraded = 0;
  const badge = document.querySelector('billink-badge');
  if (badge) {
    await customElements.whenDefined('billink-badge');
    await badge.updateComplete;
    upgraded = performance.now();
  }
  const shifts = (await entries('layout-shift')).reduce((n, e) => n + e.value, 0);
  const texts = badge ? badge.shadowRoot.querySelectorAll('[part~="text"]').length : 1;
  return { fcp, upgraded, shifts, texts };
})();
`;

interface SsrSample {
  fcp: number;
  upgraded: number;
  shifts: number;
  texts: number;
}

const ssrPage = (body: string, scripts: string[]) =>
  `<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>bench</title>` +
  scripts.map((s) => `<script type="module" src="${s}"></script>`).join('') +
  `</head><body>${body}</body></html>`;

interface Sample {
  start: number;
  seen: number;
  afterPaint: number;
  doubleRaf: number;
  entries: { type: string; name: string; at: number; id: string }[];
  text: string;
}

interface Timings {
  doubleRaf: number[];
  afterPaint: number[];
  fcp: number[];
}

async function loadOnce<T = Sample>(browser: Browser, url: string): Promise<T> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_THROTTLE });
    await page.goto(url);
    const sample = (await page.evaluate('window.__bench')) as T;
    const error = await page.evaluate('window.__benchError');
    if (error) throw new Error(String(error));
    return sample;
  } finally {
    await context.close();
  }
}

function record(t: Timings, s: Sample): void {
  t.doubleRaf.push(s.doubleRaf - s.start);
  t.afterPaint.push(s.afterPaint - s.start);
  const fcp = s.entries.find((e) => e.name === 'first-contentful-paint');
  if (fcp && fcp.at >= s.start) t.fcp.push(fcp.at - s.start);
}

const summary = (xs: number[]) =>
  xs.length ? `median ${fixed(median(xs))} ms · p95 ${fixed(percentile(xs, 95))} ms` : 'n/a';

export interface FirstPaintResult extends Section {
  chromiumVersion: string;
}

export async function runFirstPaint(cdnFiles: CdnFiles): Promise<FirstPaintResult> {
  const cdn = Object.fromEntries(Object.entries(cdnFiles).map(([f, code]) => [`/${f}`, code]));
  const server = await serveStatic('/nonexistent', {
    pages: {
      ...cdn,
      '/start.js': START_JS,
      '/probe.js': PROBE_JS,
      '/ssr.html': ssrPage(`<p>${renderBadge({ locale: 'nl', logoSrc: 'builtin' })}</p>`, [
        '/billink-badge.es.js',
        '/probe.js',
      ]),
      '/baseline-html.html': ssrPage(
        '<p><img src="/logo.svg" alt="Billink" width="64" height="20"> <span class="text">Achteraf betalen met Billink</span></p>',
        ['/probe.js'],
      ),
      '/baseline.js': BASELINE_JS,
      '/logo.svg': LOGO_SVG,
      '/element-timing.js': ELEMENT_TIMING_JS,
      '/badge.html': html(
        '<p><billink-badge locale="nl" logo-src="builtin"></billink-badge></p>',
        '/start.js?load=/billink-badge.es.js',
      ),
      '/baseline.html': html('<p id="slot"></p>', '/start.js?load=/baseline.js'),
      '/element-timing.html': html(
        '<div id="host"></div><div id="light"></div>',
        '/element-timing.js',
      ),
    },
  });
  let browser: Browser | undefined;
  try {
    browser = await launchChromium();
    const chromiumVersion = browser.version();
    progress(`first paint: Chromium ${chromiumVersion}, CPU ×${CPU_THROTTLE}, ${LOADS} loads each`);

    const etContext = await browser.newContext();
    const etPage = await etContext.newPage();
    await etPage.goto(`${server.url}/element-timing.html`);
    const elementTiming = (await etPage.evaluate('window.__bench')) as string[];
    await etContext.close();

    const ssr = {
      fcp: [] as number[],
      upgraded: [] as number[],
      shifts: [] as number[],
      texts: [] as number[],
    };
    const htmlBase: number[] = [];
    for (let i = 0; i < WARMUP + LOADS; i++) {
      const s = await loadOnce<SsrSample>(browser, `${server.url}/ssr.html`);
      const b = await loadOnce<SsrSample>(browser, `${server.url}/baseline-html.html`);
      if (i < WARMUP) continue;
      ssr.fcp.push(s.fcp);
      ssr.upgraded.push(s.upgraded);
      ssr.shifts.push(s.shifts);
      ssr.texts.push(s.texts);
      htmlBase.push(b.fcp);
      if ((i - WARMUP + 1) % 10 === 0)
        progress(`first paint (server-rendered): ${i - WARMUP + 1}/${LOADS} loads`);
    }

    const badge: Timings = { doubleRaf: [], afterPaint: [], fcp: [] };
    const base: Timings = { doubleRaf: [], afterPaint: [], fcp: [] };
    let badgeText = '';
    // Interleaved, so drift in the machine's load hits both pages alike; the first loads warm up
    // the browser process and are dropped.
    for (let i = 0; i < WARMUP + LOADS; i++) {
      const b = await loadOnce(browser, `${server.url}/badge.html`);
      const p = await loadOnce(browser, `${server.url}/baseline.html`);
      if (i < WARMUP) continue;
      badgeText = b.text;
      record(badge, b);
      record(base, p);
      if ((i - WARMUP + 1) % 10 === 0) progress(`first paint: ${i - WARMUP + 1}/${LOADS} loads`);
    }

    const diff = (a: number[], b: number[]) =>
      a.length && b.length
        ? `+${fixed(median(a) - median(b))} ms median · +${fixed(percentile(a, 95) - percentile(b, 95))} ms p95`
        : 'n/a';
    const inShadow = elementTiming.includes('in-shadow');
    const inLight = elementTiming.includes('in-light');
    const ssrDiff = median(ssr.fcp) - median(htmlBase);
    const rows = [
      {
        area: 'First paint',
        metric:
          'Server-rendered badge (`renderBadge()` + `billink-badge.es.js`) painted (CPU ×4), FCP from navigation',
        value: summary(ssr.fcp),
        detail:
          `upgraded by the script at ${summary(ssr.upgraded)}; CLS max ${fixed(Math.max(...ssr.shifts), 4)}; ` +
          `badge texts shown: ${[...new Set(ssr.texts)].join('/')}`,
      },
      {
        area: 'First paint',
        metric: 'Baseline: plain `<img>` + text in the HTML (CPU ×4), FCP from navigation',
        value: summary(htmlBase),
        detail: 'no script',
      },
      {
        area: 'First paint',
        metric: 'Server-rendered badge − baseline (issue 19: ≤ 16 ms median)',
        value: `${ssrDiff >= 0 ? '+' : ''}${fixed(ssrDiff)} ms median · ${fixed(percentile(ssr.fcp, 95) - percentile(htmlBase, 95))} ms p95`,
        detail: ssrDiff <= 16 ? 'within 16 ms' : 'OVER 16 ms',
      },
      {
        area: 'First paint',
        metric:
          'Client-rendered `<billink-badge>` (badge entry, no server markup) painted (CPU ×4), FCP',
        value: summary(badge.fcp),
        detail: `double rAF: ${summary(badge.doubleRaf)}; paint frame done: ${summary(badge.afterPaint)}; text “${badgeText}”`,
      },
      {
        area: 'First paint',
        metric: 'Script baseline: a module inserts `<img>` + text (CPU ×4), FCP',
        value: summary(base.fcp),
        detail: `double rAF: ${summary(base.doubleRaf)}; paint frame done: ${summary(base.afterPaint)}`,
      },
      {
        area: 'First paint',
        metric: 'Client-rendered badge − script baseline',
        value: diff(badge.fcp, base.fcp),
        detail: `double rAF: ${diff(badge.doubleRaf, base.doubleRaf)}`,
      },
    ];
    return {
      chromiumVersion,
      rows,
      notes: [
        `First paint, server-rendered: ${LOADS} loads per page (after ${WARMUP} warm-up loads), interleaved, ` +
          'fresh context each, CPU ×4. The page HTML holds `renderBadge()` markup (a declarative shadow root ' +
          'with the styles and text) and a module script for `billink-badge.es.js` and its chunk; the baseline ' +
          'page holds a plain `<img>` + the same text and no script. Figure: Chromium’s first-contentful-paint ' +
          'entry from navigation start. “Upgraded” is when the element has replaced the markup with its own ' +
          'render; CLS sums layout-shift entries over the load.',
        `First paint, client-rendered: ${LOADS} loads per page (after ${WARMUP} dropped warm-up loads), interleaved, each in a ` +
          `fresh browser context (no cache), CPU throttled ×${CPU_THROTTLE} with CDP ` +
          '`Emulation.setCPUThrottlingRate`. Time zero is the first statement of a small external module ' +
          '(`performance.now()`) that then `import()`s the bundle (served from memory over loopback, so ' +
          'fetch, parse, compile, define, render and paint are all inside) or, for the baseline, a ' +
          'module inserting a plain `<img>` + text. “FCP” is Chromium’s first-contentful-paint entry ' +
          '(the only contentful thing on the page is the text under test); “double rAF” is the next ' +
          'animation frame after the frame in which the text was first present (includes up to one ' +
          'frame of quantisation); “paint frame done” is a MessageChannel task queued from that frame.',
        `Element Timing in shadow DOM, checked in this run: light-DOM element ${inLight ? 'reported' : 'not reported'}, ` +
          `element in a shadow root ${inShadow ? 'reported' : 'not reported'}` +
          (inShadow ? '.' : ' — so it cannot time the badge text; FCP and rAF are used instead.'),
      ],
    };
  } finally {
    await browser?.close();
    await server.close();
  }
}
