// Helpers for the demo shop's own e2e tests (layout, keyboard, forced colours, Lighthouse). Kept
// apart from support.ts so the areas merge cleanly.
import type { Page } from 'playwright-core';

/** tsx's keepNames wraps named arrow functions in `__name(…)`; give the page a no-op one. */
async function allowNamedFunctions(page: Page): Promise<void> {
  await page.evaluate('globalThis.__name ??= (f) => f; 0');
}

/**
 * What a shopper would see as broken layout: the page scrolls sideways, an element sticks out of
 * its panel (shadow roots included), or two controls (inputs, buttons, selects) overlap.
 */
export async function layoutProblems(page: Page): Promise<string[]> {
  await allowNamedFunctions(page);
  return page.evaluate(() => {
    const problems: string[] = [];
    const root = document.scrollingElement!;
    if (root.scrollWidth > root.clientWidth + 1)
      problems.push(`page scrolls sideways: ${root.scrollWidth} > ${root.clientWidth}`);
    const all: Element[] = [];
    const walk = (node: Element | ShadowRoot) => {
      for (const el of node.querySelectorAll('*')) {
        all.push(el);
        if (el.shadowRoot) walk(el.shadowRoot);
      }
    };
    walk(document.documentElement);
    const visible = (el: Element) => {
      const r = el.getBoundingClientRect();
      // Also false inside a closed <details> (its content is content-visibility: hidden).
      return r.width > 0 && r.height > 0 && el.checkVisibility({ visibilityProperty: true });
    };
    const label = (el: Element) =>
      `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${
        el.getAttribute('name') ? `[name=${el.getAttribute('name')}]` : ''
      }${el.className && typeof el.className === 'string' ? `.${el.className.split(' ')[0]}` : ''}`;
    // The panel an element belongs to, crossing shadow boundaries.
    const panelOf = (el: Element): Element | null => {
      let node: Node | null = el.parentNode;
      while (node) {
        if (node instanceof Element && node.classList.contains('panel')) return node;
        node = node instanceof ShadowRoot ? node.host : node.parentNode;
      }
      return null;
    };
    for (const el of all) {
      if (!visible(el) || el.closest('.visually-hidden')) continue;
      const panel = panelOf(el);
      if (!panel) continue;
      const r = el.getBoundingClientRect();
      const p = panel.getBoundingClientRect();
      if (r.left < p.left - 1 || r.right > p.right + 1)
        problems.push(
          `${label(el)} sticks out of its panel ${label(panel)}: ${Math.round(r.left)}–${Math.round(r.right)} vs ${Math.round(p.left)}–${Math.round(p.right)}`,
        );
    }
    const controls = all.filter(
      (el) => /^(INPUT|BUTTON|SELECT|TEXTAREA)$/.test(el.tagName) && visible(el),
    );
    for (let i = 0; i < controls.length; i++) {
      for (let j = i + 1; j < controls.length; j++) {
        const a = controls[i]!.getBoundingClientRect();
        const b = controls[j]!.getBoundingClientRect();
        const x = Math.min(a.right, b.right) - Math.max(a.left, b.left);
        const y = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
        if (x > 1 && y > 1) problems.push(`${label(controls[i]!)} overlaps ${label(controls[j]!)}`);
      }
    }
    return problems;
  });
}

/** The shop's own visible buttons (not the element's) whose border is missing. */
export async function buttonsWithoutBorder(page: Page): Promise<string[]> {
  await allowNamedFunctions(page);
  return page.evaluate(() =>
    [...document.querySelectorAll('button')]
      .filter((b) => b.checkVisibility({ visibilityProperty: true }))
      .filter((b) => {
        const s = getComputedStyle(b);
        const width = parseFloat(s.borderTopWidth) + parseFloat(s.borderBottomWidth);
        return s.borderTopStyle === 'none' || width === 0;
      })
      .map((b) => `${b.id ? `#${b.id}` : b.className}: ${b.textContent?.trim()}`),
  );
}

/** Visible buttons in the page and in open shadow roots whose text matches `name`. */
export async function visibleButtons(page: Page, name: RegExp): Promise<string[]> {
  await allowNamedFunctions(page);
  const texts = await page.evaluate(() => {
    const found: string[] = [];
    const walk = (root: Document | ShadowRoot) => {
      for (const el of root.querySelectorAll('*')) {
        if (el.tagName === 'BUTTON' && el.checkVisibility({ visibilityProperty: true }))
          found.push((el.textContent ?? '').replace(/\s+/g, ' ').trim());
        if (el.shadowRoot) walk(el.shadowRoot);
      }
    };
    walk(document);
    return found;
  });
  return texts.filter((t) => name.test(t));
}

/** Visible inputs (page and open shadow roots) that ask for the shopper's `autocomplete` field. */
export async function visibleInputsFor(page: Page, autocomplete: string): Promise<number> {
  await allowNamedFunctions(page);
  return page.evaluate((token) => {
    let count = 0;
    const walk = (root: Document | ShadowRoot) => {
      for (const el of root.querySelectorAll('*')) {
        if (
          el.tagName === 'INPUT' &&
          el.getAttribute('autocomplete') === token &&
          el.checkVisibility({ visibilityProperty: true })
        )
          count++;
        if (el.shadowRoot) walk(el.shadowRoot);
      }
    };
    walk(document);
    return count;
  }, autocomplete);
}
