// Helpers for the end-to-end suite: the demo shop served in-process, a fresh browser context per
// test, and small readers for what the shopper sees. No named functions inside page.evaluate():
// tsx's keepNames would reference __name, which does not exist in the page.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { readConfig } from '../../src/server/proxy/standalone/config.js';
import { createDemoApp, type DemoApp } from '../../demo/server/app.js';
import type { Simulator } from '../../src/server/simulator/index.js';

export { launchChromium } from '../support/chromium.js';

/** What the tests read from `<billink-checkout>` (its public properties). */
export interface Checkout extends HTMLElement {
  state: string;
  orderRef?: string;
}

export const BUNDLE = 'dist/cdn/billink-checkout.es.js';
export const SCREENSHOTS = 'test-output/screenshots';

export interface Demo {
  /** `http://localhost:<port>`: the shop's public URL, used for every page. */
  url: string;
  app: DemoApp;
  simulator: Simulator;
  close(): Promise<void>;
}

/** The demo shop on a free port, as `npm start` serves it, with the embedded simulator. */
export async function startDemo(): Promise<Demo> {
  assert.ok(existsSync(BUNDLE), `${BUNDLE} is missing: run npm run build first`);
  const config = readConfig({ PORT: '0' }, { ordersFromHost: true });
  // The app needs the port for its public URL, so it is created once the server listens.
  const ready: { app?: DemoApp } = {};
  const server = serve({
    fetch: (request, env) => ready.app!.app.fetch(request, env),
    port: 0,
    hostname: config.host,
  });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://localhost:${port}`;
  const app = createDemoApp({ ...config, port }, { publicUrl: url, logger: {} });
  ready.app = app;
  await app.stack.connectWebhooks();
  return {
    url,
    app,
    simulator: app.stack.simulator!,
    async close() {
      await app.stack.close();
      (server as Server).closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export interface Shopper {
  context: BrowserContext;
  page: Page;
  /** Every document URL any page of the context loaded, in order. */
  visited: string[];
  /** CSP violations and page errors from every page of the context (popups included). */
  problems: string[];
  /** Closes the context, then asserts that nothing was violated or thrown in it. */
  done(): Promise<void>;
}

/**
 * A fresh context on the shop page, recording CSP violations (`securitypolicyviolation`, in every
 * page and frame, across navigations) and uncaught page errors. `lang` picks the demo's language
 * before the page loads.
 */
export async function openShop(
  browser: Browser,
  demo: Demo,
  options: { lang?: 'nl' | 'en'; beforeLoad?: (context: BrowserContext) => Promise<unknown> } = {},
): Promise<Shopper> {
  // A Dutch (or English) browser: Billink's hosted page follows Accept-Language.
  const context = await browser.newContext({
    viewport: { width: 1000, height: 900 },
    locale: options.lang === 'en' ? 'en-GB' : 'nl-NL',
  });
  context.setDefaultTimeout(8_000);
  const visited: string[] = [];
  const problems: string[] = [];
  await context.exposeBinding('__e2eCsp', (_source, text: string) => problems.push(`csp: ${text}`));
  await context.addInitScript(() => {
    const report = (window as unknown as { __e2eCsp(text: string): void }).__e2eCsp;
    window.addEventListener(
      'securitypolicyviolation',
      (e) => report(`${e.violatedDirective} ${e.blockedURI} at ${location.pathname}`),
      true,
    );
  });
  if (options.lang) {
    const lang = options.lang;
    await context.addInitScript((l) => {
      // Not in a new page's about:blank, whose storage is off limits.
      if (location.protocol === 'http:' && !localStorage.getItem('demo-lang'))
        localStorage.setItem('demo-lang', l);
    }, lang);
  }
  const watch = (page: Page) => {
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) visited.push(frame.url());
    });
  };
  context.on('page', watch);
  await options.beforeLoad?.(context);
  const page = await context.newPage();
  await page.goto(demo.url + '/');
  await waitForState(page, 'idle');
  // The cart (order-ref) arrives from /api/cart after the first render.
  await page.waitForFunction(
    () => !!(document.querySelector('billink-checkout') as Checkout | null)?.orderRef,
  );
  return {
    context,
    page,
    visited,
    problems,
    async done() {
      await context.close();
      assert.deepEqual(problems, [], 'no CSP violation and no page error');
    },
  };
}

export interface Details {
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  birthdate: string;
  street: string;
  houseNumber: string;
  houseExtension: string;
  postalCode: string;
  city: string;
}

export const ANNA: Details = {
  firstName: 'Anna',
  lastName: 'de Vries',
  email: 'anna@example.nl',
  phone: '0612345678',
  birthdate: '1990-05-17',
  street: 'Damrak',
  houseNumber: '1',
  houseExtension: '',
  postalCode: '1012 LG',
  city: 'Amsterdam',
};

/** Types the shop's own "your details" form (which prefills Billink), like a shopper would. */
export async function fillDetails(page: Page, overrides: Partial<Details> = {}): Promise<void> {
  const details = { ...ANNA, ...overrides };
  for (const [name, value] of Object.entries(details)) {
    await page.locator(`#details [name="${name}"]`).fill(value);
  }
}

/** The shop's details form as it is now. */
export function readDetails(page: Page): Promise<Record<string, string>> {
  return page.evaluate(() =>
    Object.fromEntries(
      [...document.querySelectorAll<HTMLInputElement>('#details input')].map((i) => [
        i.name,
        i.value,
      ]),
    ),
  );
}

/** Chooses the demo's mode (`session` | `direct`) and how Billink's page opens (`redirect` | `popup`). */
export async function demoSettings(
  page: Page,
  settings: { mode?: 'session' | 'direct'; open?: 'redirect' | 'popup' },
): Promise<void> {
  await page.locator('details.demo-controls > summary').click();
  if (settings.mode) await page.locator(`input[name=demo-mode][value=${settings.mode}]`).check();
  if (settings.open) await page.locator(`input[name=demo-open][value=${settings.open}]`).check();
  await page.locator('details.demo-controls > summary').click();
}

/** The element's `state` property. */
export function stateOf(page: Page): Promise<string | undefined> {
  return page.evaluate(
    () => (document.querySelector('billink-checkout') as Checkout | null)?.state,
  );
}

/** Waits for the element's `state`; the failure message says where it got stuck. */
export async function waitForState(page: Page, state: string, timeout = 8_000): Promise<void> {
  try {
    await page.waitForFunction(
      (s) => (document.querySelector('billink-checkout') as Checkout | null)?.state === s,
      state,
      { timeout },
    );
  } catch (error) {
    const now = await stateOf(page).catch(() => 'unreadable');
    throw new Error(`waited for state "${state}", still "${now}" at ${page.url()}`, {
      cause: error,
    });
  }
}

/** The element inside the shop (Playwright's CSS locators pierce open shadow roots). */
export const checkout = (page: Page) => page.locator('billink-checkout');

/** A button in the element by its visible name. */
export const elementButton = (page: Page, name: string | RegExp) =>
  checkout(page).getByRole('button', { name });

/** The element's message (status, decline or error), whitespace collapsed. */
export async function messageOf(page: Page): Promise<string> {
  const text = await checkout(page).locator('.message').textContent();
  return (text ?? '').replace(/\s+/g, ' ').trim();
}

/** Clicks the element's "Pay with Billink" in either language. */
export function pay(page: Page): Promise<void> {
  return elementButton(page, /^(Betalen met Billink|Pay with Billink)$/).click();
}

/** On the simulator's hosted page: one of its choice buttons. */
export function hostedChoice(page: Page, choice: 'approve' | 'decline' | 'cancel'): Promise<void> {
  return page.locator(`button[name=choice][value=${choice}]`).click();
}

export const HOSTED_PATH = /\/billink-simulator\/checkout\//;

/** Waits until the shop shows its thank-you panel and returns the order id in it. */
export async function approvedOrderId(page: Page): Promise<string> {
  await page.locator('#done').waitFor({ state: 'visible' });
  return (await page.locator('#done-order').textContent()) ?? '';
}

// ---- accessibility ---------------------------------------------------------------------------

const axeSource = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/** axe-core (WCAG 2 A and AA rules) over the page, open shadow roots included. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated over CDP rather than added as an inline <script>, which the shop's CSP would block.
  const loaded = await page.evaluate(() => 'axe' in window);
  if (!loaded) await page.evaluate(`${axeSource};0`);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: typeof import('axe-core') }).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] },
      resultTypes: ['violations'],
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? null,
      help: v.help,
      nodes: v.nodes.map((n) => `${JSON.stringify(n.target)} ${n.failureSummary ?? ''}`),
    }));
  });
}

// ---- screenshots -----------------------------------------------------------------------------

/** Saves a screenshot of `target` (default: the payment panel) as test-output/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string, target?: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const locator = page.locator(target ?? 'section.panel:has(#billink-panel)');
  await locator.screenshot({ path: `${SCREENSHOTS}/${name}.png`, animations: 'disabled' });
}

/** The element's buttons by visible name, in order. */
export const elementButtons = async (page: Page): Promise<string[]> =>
  (await checkout(page).locator('button').allTextContents()).map((t) => t.trim());
