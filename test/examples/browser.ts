// Shared by the example tests: open a page in Debian's Chromium and collect everything that would
// tell a shop something is wrong (page errors, console errors, CSP violations).
import type { Browser, Page } from 'playwright-core';

/**
 * Every script of the CDN build (the ES entry, its chunks, the IIFE) served under `prefix`, as a
 * shop copies the whole dist/cdn folder: the ES entry imports its chunks from next to itself.
 */
export { cdnPages } from '../support/cdn-files.js';

export const CSP = "default-src 'self'; img-src 'self' https://cdn.billink.nl";

export interface OpenedPage {
  page: Page;
  /** Page errors and console errors (offline logo requests excepted). */
  problems: string[];
  /** CSP violations seen by the page so far. */
  violations(): Promise<string[]>;
}

export async function openPage(browser: Browser, url: string): Promise<OpenedPage> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    // The machine is offline: Billink's CDN logo cannot load (the badge falls back to its
    // wordmark). A CSP violation is reported separately, by the listener below.
    if (
      m.type() === 'error' &&
      !/ERR_NAME_NOT_RESOLVED|ERR_INTERNET_DISCONNECTED|ERR_CONNECTION|Failed to load resource/.test(
        m.text(),
      )
    )
      problems.push(`console: ${m.text()}`);
  });
  await page.addInitScript(() => {
    const w = window as unknown as { __csp: string[] };
    w.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      w.__csp.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  await page.goto(url);
  return {
    page,
    problems,
    violations: () => page.evaluate(() => (window as unknown as { __csp: string[] }).__csp),
  };
}

/** Texts rendered by the elements, read through their shadow roots (whitespace folded). */
export async function readElements(page: Page) {
  await page.waitForFunction(() => {
    const el = document.querySelector('billink-checkout');
    const badge = el?.shadowRoot?.querySelector('billink-badge');
    return badge?.shadowRoot?.querySelector('[part~="text"]')?.textContent;
  });
  // No named helpers inside evaluate(): tsx's keepNames would reference __name in the page.
  const raw = await page.evaluate(() => {
    const el = document.querySelector('billink-checkout')!;
    const inner = el.shadowRoot!.querySelector('billink-badge')!;
    const standalone = document.querySelector('billink-badge');
    return {
      checkoutText: inner.shadowRoot!.querySelector('[part~="text"]')!.textContent,
      amount: el.shadowRoot!.querySelector('.amount-value')?.textContent,
      button: el.shadowRoot!.querySelector('button')?.textContent,
      badgeText: standalone?.shadowRoot?.querySelector('[part~="text"]')?.textContent,
    };
  });
  const norm = (s: string | null | undefined) =>
    (s ?? '')
      .replace(/\s+/g, ' ')
      .replace(/\u00a0/g, ' ')
      .trim();
  return {
    checkoutText: norm(raw.checkoutText),
    amount: norm(raw.amount),
    button: norm(raw.button),
    badgeText: norm(raw.badgeText),
  };
}
