// Helpers for the back office's e2e test (/admin): a context that records CSP violations, page
// errors and every request, logging in, keyboard-only moves, focus and table readers. Kept apart
// from support.ts so the areas merge cleanly. No named functions inside page.evaluate().
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Demo } from './support.js';

export interface Admin {
  context: BrowserContext;
  page: Page;
  /** Every request URL any page of the context made. */
  requests: string[];
  /** CSP violations and page errors. */
  problems: string[];
  done(): Promise<void>;
}

/** A fresh browser context on /admin (not logged in), in `lang`'s browser locale. */
export async function openAdmin(
  browser: Browser,
  demo: Demo,
  path = '/admin',
  locale = 'nl-NL',
): Promise<Admin> {
  const context = await browser.newContext({
    viewport: { width: 1100, height: 900 },
    locale,
    acceptDownloads: true,
  });
  context.setDefaultTimeout(8_000);
  const requests: string[] = [];
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
  context.on('request', (r) => requests.push(r.url()));
  context.on('page', (p) => p.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`)));
  const page = await context.newPage();
  await page.goto(demo.url + path);
  return {
    context,
    page,
    requests,
    problems,
    async done() {
      await context.close();
      assert.deepEqual(problems, [], 'no CSP violation and no page error');
    },
  };
}

/** Types the password and submits with Enter, as a keyboard user would. */
export async function logIn(page: Page, password: string): Promise<void> {
  await page.locator('#password').fill(password);
  await page.locator('#password').press('Enter');
  await page.waitForLoadState();
}

/**
 * Presses Tab until `selector` (a Playwright selector) has focus, at most `max` times: reachable
 * by keyboard alone.
 */
export async function tabTo(page: Page, selector: string, max = 60): Promise<void> {
  const target = page.locator(selector).first();
  for (let i = 0; i < max; i++) {
    const there = await target.evaluate((el) => document.activeElement === el);
    if (there) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`${selector} not reached with ${max} Tab presses`);
}

/** Waits until the element with `id` has focus; the failure says what has it instead. */
export async function expectFocus(page: Page, id: string): Promise<void> {
  try {
    await page.waitForFunction((i) => document.activeElement?.id === i, id, { timeout: 4_000 });
  } catch (error) {
    const now = await page.evaluate(
      () => `${document.activeElement?.tagName}#${document.activeElement?.id}`,
    );
    throw new Error(`expected focus on #${id}, it is on ${now}`, { cause: error });
  }
}

/** The page's message after an action (whitespace collapsed). */
export async function flashText(page: Page): Promise<string> {
  return ((await page.locator('#flash').textContent()) ?? '').replace(/\s+/g, ' ').trim();
}

/** The summary's value under a term (e.g. "Betaald"). */
export async function summaryValue(page: Page, term: string): Promise<string> {
  const dd = page.locator('.summary div', { has: page.locator('dt', { hasText: term }) });
  return ((await dd.locator('dd').textContent()) ?? '').replace(/\s+/g, ' ').trim();
}

/** "€ 1.234,56" or "€1,234.56" → 123456 (the pages always show two decimals). */
export const cents = (text: string): number => Number(text.replace(/[^\d-]/g, ''));

/** A table as rows of cell texts (th and td), from `tbody` or `tfoot`. */
export function tableRows(page: Page, table: string, part: 'tbody' | 'tfoot' = 'tbody') {
  return page
    .locator(`${table} ${part} tr`)
    .evaluateAll((rows) =>
      rows.map((r) =>
        [...r.querySelectorAll('th, td')].map((c) =>
          (c.textContent ?? '').replace(/\s+/g, ' ').trim(),
        ),
      ),
    );
}

/** A simple CSV (quoted cells with "" escapes, CRLF) as rows of cells. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') ((cell += '"'), i++);
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') (row.push(cell), (cell = ''));
    else if (ch === '\n') (row.push(cell), rows.push(row), (row = []), (cell = ''));
    else if (ch !== '\r') cell += ch;
  }
  if (cell || row.length) (row.push(cell), rows.push(row));
  return rows;
}

/** The fields a form would send now, to send the very same form again later. */
export function formSnapshot(page: Page, selector: string) {
  return page
    .locator(selector)
    .first()
    .evaluate((f) => ({
      action: (f as HTMLFormElement).action,
      fields: Object.fromEntries(
        [...new FormData(f as HTMLFormElement)].map(([k, v]) => [k, String(v)]),
      ),
    }));
}

/** Posts a snapshot as a real form from the page (a resent form: back button, double click). */
export async function resend(
  page: Page,
  snapshot: { action: string; fields: Record<string, string> },
): Promise<void> {
  await Promise.all([
    page.waitForNavigation(),
    page.evaluate(({ action, fields }) => {
      const form = document.createElement('form');
      form.method = 'post';
      form.action = action;
      for (const [name, value] of Object.entries(fields)) {
        const input = document.createElement('input');
        input.type = 'hidden';
        input.name = name;
        input.value = value;
        form.append(input);
      }
      document.body.append(form);
      form.submit();
    }, snapshot),
  ]);
}
