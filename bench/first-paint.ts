/**
 * First paint: headless Chromium with the CPU throttled ×4, a fresh browser context per load.
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

async function loadOnce(browser: Browser, url: string): Promise<Sample> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_THROTTLE });
    await page.goto(url);
    const sample = (await page.evaluate('window.__bench')) as Sample;
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

export async function runFirstPaint(cdnCode: string): Promise<FirstPaintResult> {
  const server = await serveStatic('/nonexistent', {
    pages: {
      '/start.js': START_JS,
      '/billink-checkout.es.js': cdnCode,
      '/baseline.js': BASELINE_JS,
      '/logo.svg': LOGO_SVG,
      '/element-timing.js': ELEMENT_TIMING_JS,
      '/badge.html': html(
        '<p><billink-badge locale="nl" logo-src="builtin"></billink-badge></p>',
        '/start.js?load=/billink-checkout.es.js',
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
    const rows = [
      {
        area: 'First paint',
        metric: '`<billink-badge>` text painted (CPU ×4), FCP',
        value: summary(badge.fcp),
        detail: `double rAF: ${summary(badge.doubleRaf)}; paint frame done: ${summary(badge.afterPaint)}; text “${badgeText}”`,
      },
      {
        area: 'First paint',
        metric: 'Baseline `<img>` + text painted (CPU ×4), FCP',
        value: summary(base.fcp),
        detail: `double rAF: ${summary(base.doubleRaf)}; paint frame done: ${summary(base.afterPaint)}`,
      },
      {
        area: 'First paint',
        metric: 'Badge − baseline',
        value: diff(badge.fcp, base.fcp),
        detail: `double rAF: ${diff(badge.doubleRaf, base.doubleRaf)}`,
      },
    ];
    return {
      chromiumVersion,
      rows,
      notes: [
        `First paint: ${LOADS} loads per page (after ${WARMUP} dropped warm-up loads), interleaved, each in a ` +
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
