// Smoke test of the built Storybook (run `npm run build && npm run build-storybook` first): a few
// stories load in headless Chromium from storybook-static/, reach their state through the real
// proxy + simulator in msw's service worker, throw nothing, and make no request off the machine.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../support/chromium.js';
import { serveStatic, type StaticServer } from '../support/static-server.js';

const STATIC = 'storybook-static';
const SHOTS = 'test-output/storybook';

let server: StaticServer;
let browser: Browser;
/** One context for all stories: Chromium then caches Storybook's 1 MB preview bundle once. */
let context: BrowserContext;
const thirdParty: string[] = [];

/** Noise a story may log: the bare iframe's favicon, and the checkout's badge asking Billink's CDN
 * for its logo (msw fails that request on purpose, so the badge shows its built-in wordmark). */
const EXPECTED_CONSOLE = [
  /favicon\.ico/,
  /cdn\.billink\.nl/,
  // The error stories: the element's own failed requests to the proxy.
  /\/billink\/s\d+\/(check|availability)/,
  // Badge/LogoFallback (also on the badge docs page): the logo URL that does not exist.
  /no-such-billink-logo\.svg/,
];

interface Opened {
  page: Page;
  problems: string[];
}

async function open(id: string, args = ''): Promise<Opened> {
  const problems: string[] = [];
  const page = await context.newPage();
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const where = `${m.text()} @ ${m.location().url}`;
    if (!EXPECTED_CONSOLE.some((re) => re.test(where))) problems.push(`console error: ${where}`);
  });
  const query = `id=${id}&viewMode=${id.endsWith('--docs') ? 'docs' : 'story'}`;
  await page.goto(`${server.url}/iframe.html?${query}${args ? `&args=${args}` : ''}`);
  return { page, problems };
}

/** Waits for text anywhere in the story, shadow roots included. */
async function shows(page: Page, text: string | RegExp, timeout = 8000): Promise<void> {
  await page.getByText(text).first().waitFor({ state: 'visible', timeout });
}

async function done({ page, problems }: Opened): Promise<void> {
  await page.close();
  assert.deepEqual(problems, []);
}

before(async () => {
  assert.ok(
    existsSync(`${STATIC}/iframe.html`),
    `${STATIC}/ is missing: run \`npm run build && npm run build-storybook\` first`,
  );
  server = await serveStatic(STATIC);
  browser = await launchChromium();
  context = await browser.newContext();
  // Anything leaving the machine is a failure (a request the service worker answers never gets here).
  await context.route(
    (url) => !url.href.startsWith(server.url),
    (route) => {
      thirdParty.push(route.request().url());
      return route.abort();
    },
  );
  // Load the preview once, so the parallel tests below start from a warm cache.
  const warm = await context.newPage();
  await warm.goto(`${server.url}/iframe.html?id=billink-badge--playground&viewMode=story`);
  await warm.locator('billink-badge').waitFor();
  await warm.close();
});

after(async () => {
  await browser?.close();
  assert.deepEqual(thirdParty, [], 'requests to third parties');
  await server?.close();
});

describe('Storybook (built)', { concurrency: 4 }, () => {
  for (const [locale, approved, declined] of [
    ['nl', 'Betaling goedgekeurd. Bedankt!', /helaas niet mogelijk/],
    ['en', 'Payment approved. Thank you!', /cannot offer pay later/],
  ] as const) {
    it(`Checkout/Approved (${locale}): the shopper approves on Billink’s page`, async () => {
      const story = await open('billink-checkout--approved', `locale:${locale}`);
      await shows(story.page, approved);
      await mkdir(SHOTS, { recursive: true });
      await story.page.screenshot({ path: `${SHOTS}/checkout-approved-${locale}.png` });
      await done(story);
    });

    it(`Checkout/Declined (${locale}): last name "Decline" is declined in the shop`, async () => {
      const story = await open('billink-checkout--declined', `locale:${locale}`);
      await shows(story.page, declined);
      await done(story);
    });
  }

  it('Checkout/Incomplete: Billink’s page closed without a choice is "not completed", with "Verder bij Billink"', async () => {
    const story = await open('billink-checkout--incomplete');
    await shows(
      story.page,
      'Je betaling is niet afgerond. Ga verder bij Billink of probeer het opnieuw.',
    );
    await story.page.getByRole('button', { name: 'Verder bij Billink' }).waitFor();
    await done(story);
  });

  it('Checkout/DeclinedOnBillink: a decline on Billink’s page is a decline, not a failure', async () => {
    const story = await open('billink-checkout--declined-on-billink');
    await shows(story.page, /helaas niet mogelijk/);
    assert.equal(await story.page.getByRole('button', { name: 'Probeer opnieuw' }).count(), 0);
    await done(story);
  });

  it('Checkout/Checking: shows the state it is named after, and keeps showing it', async () => {
    const story = await open('billink-checkout--checking');
    const state = () =>
      story.page.evaluate(
        () => (document.querySelector('billink-checkout') as { state?: string } | null)?.state,
      );
    await story.page.waitForFunction(
      () =>
        (document.querySelector('billink-checkout') as { state?: string } | null)?.state ===
        'checking',
      undefined,
      { timeout: 10_000 },
    );
    // Past the 8 s after which the story used to move on to "approved", and past the element's
    // 15 s request timeout, after which it used to end in "no connection".
    await story.page.waitForTimeout(16_000);
    assert.equal(await state(), 'checking');
    await done(story);
  });

  it('Checkout/ErrorProxyUnreachable: no connection, try again', async () => {
    const story = await open('billink-checkout--error-proxy-unreachable');
    await shows(story.page, 'Geen verbinding. Probeer het opnieuw.');
    await shows(story.page, 'Probeer opnieuw');
    await done(story);
  });

  it('Checkout/FormWithErrors: mistakes on their fields', async () => {
    const story = await open('billink-checkout--form-with-errors', 'locale:en');
    await shows(story.page, 'Enter a postal code like 1234 AB.');
    await done(story);
  });

  it('Badge/AllVariants: 18 badges, each with its mandated text, no logo request', async () => {
    const story = await open('billink-badge--all-variants');
    await shows(story.page, 'Achteraf betalen met Billink');
    const texts = await story.page.locator('billink-badge [part~="text"]').allInnerTexts();
    assert.equal(texts.length, 18);
    assert.ok(texts.includes('Pay later with Billink'));
    assert.ok(texts.every((t) => t.trim().length > 0));
    await done(story);
  });

  it('Badge/LogoFallback: a logo that cannot load gives the built-in wordmark', async () => {
    const story = await open('billink-badge--logo-fallback');
    await shows(story.page, 'Achteraf betalen met Billink');
    await story.page.locator('billink-badge img').waitFor({ state: 'detached', timeout: 5000 });
    await done(story);
  });

  it('Theming/ShopTheme: the theme applies and the mandated text stays visible', async () => {
    const story = await open('billink-theming--shop-theme');
    await shows(story.page, 'Achteraf betalen met Billink');
    const pay = story.page.locator('billink-checkout button.pay');
    assert.equal(await pay.evaluate((b) => getComputedStyle(b).backgroundColor), 'rgb(29, 59, 42)');
    await done(story);
  });

  it('Badge docs page: the attribute table comes from custom-elements.json', async () => {
    const docs = await open('billink-badge--docs');
    await docs.page.locator('table:not([aria-hidden=true])').first().waitFor({ timeout: 8000 });
    await shows(docs.page, /Language of the text/);
    await done(docs);
  });
});
