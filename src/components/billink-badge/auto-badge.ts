import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { AUTO_BADGE, BADGE_STYLES, type BadgeStyle } from './constants.js';

type Rgb = [number, number, number];

/** The badges' own backgrounds (brand guide): orange, white, dark taupe. */
const BADGE_BACKGROUNDS: Record<BadgeStyle, Rgb> = {
  orange: [255, 141, 41],
  white: [255, 255, 255],
  black: [22, 18, 13],
};

/** `rgb(…)`/`rgba(…)` as computed styles give them (comma or space syntax); other spaces: unknown. */
function parseColour(value: string): [...Rgb, number] | undefined {
  const m = /^rgba?\(([^)]*)\)$/.exec(value.trim());
  const n = m?.[1]!
    .split(/[\s,/]+/)
    .filter(Boolean)
    .map(parseFloat);
  return n && n.length >= 3 ? [n[0]!, n[1]!, n[2]!, n[3] ?? 1] : undefined;
}

/** WCAG 2 relative luminance of an sRGB colour. */
function luminance(rgb: Rgb): number {
  const [r, g, b] = rgb.map((c) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as Rgb;
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG 2 contrast ratio, 1 to 21. */
export function contrast(a: Rgb, b: Rgb): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** The badge with the highest contrast against `background` (ties: orange, then white). */
export function pickBadge(background: Rgb): BadgeStyle {
  let best: BadgeStyle = 'orange';
  for (const style of BADGE_STYLES)
    if (
      contrast(BADGE_BACKGROUNDS[style], background) > contrast(BADGE_BACKGROUNDS[best], background)
    )
      best = style;
  return best;
}

/** Next element up the rendered tree: the slot it is assigned to, its parent, or its shadow host. */
function above(el: Element): Element | null {
  const parent = el.assignedSlot ?? el.parentElement;
  if (parent) return parent;
  const root = el.parentNode;
  return root instanceof ShadowRoot ? root.host : null;
}

/**
 * The colour behind `el`: the background colours of its ancestors (crossing shadow hosts), from the
 * nearest up to the first opaque one, blended; over the page canvas (white, or Chromium's dark canvas
 * when the page opts into a dark `color-scheme` and the shopper prefers dark) when none is opaque.
 * Background images and gradients are not seen.
 */
export function backgroundBehind(el: Element): Rgb {
  const layers: [...Rgb, number][] = [];
  for (let node = above(el); node; node = above(node)) {
    const colour = parseColour(getComputedStyle(node).backgroundColor);
    if (!colour || colour[3] === 0) continue;
    layers.push(colour);
    if (colour[3] >= 1) break;
  }
  const dark =
    layers.at(-1)?.[3] !== 1 &&
    /dark/.test(getComputedStyle(document.documentElement).colorScheme) &&
    matchMedia('(prefers-color-scheme: dark)').matches;
  let rgb: Rgb = dark ? [18, 18, 18] : [255, 255, 255];
  for (const [r, g, b, a] of layers.reverse())
    rgb = [r * a + rgb[0] * (1 - a), g * a + rgb[1] * (1 - a), b * a + rgb[2] * (1 - a)];
  return rgb;
}

/** A host whose `badge` may be `auto`. */
type Host = ReactiveControllerHost & HTMLElement & { badge: string };

// Theme switches usually flip a class, a style or a data attribute on <html> or <body>.
const THEME_ATTRIBUTES = ['class', 'style', 'data-theme', 'data-bs-theme'];

/**
 * For `badge="auto"`: picks the badge with the highest contrast against the background behind the
 * host, before each render and again when the theme may have changed (the colour-scheme preference,
 * a theme attribute on `<html>`/`<body>`, the end of a background transition). Watches only while
 * the host is connected and set to `auto`.
 */
export class AutoBadgeController implements ReactiveController {
  /** The pick for the last render. */
  picked: BadgeStyle = 'orange';
  #observer: MutationObserver | undefined;
  #media: MediaQueryList | undefined;

  constructor(private readonly host: Host) {
    host.addController(this);
  }

  hostConnected(): void {
    this.#follow();
    this.#repick();
  }

  hostDisconnected(): void {
    this.#stop();
  }

  hostUpdate(): void {
    this.#follow();
    if (this.#observer) this.picked = pickBadge(backgroundBehind(this.host));
  }

  #follow(): void {
    if (this.host.badge !== AUTO_BADGE || !this.host.isConnected) return this.#stop();
    if (this.#observer) return;
    this.#observer = new MutationObserver(this.#repick);
    for (const el of [document.documentElement, document.body])
      if (el) this.#observer.observe(el, { attributes: true, attributeFilter: THEME_ATTRIBUTES });
    this.#media = matchMedia('(prefers-color-scheme: dark)');
    this.#media.addEventListener('change', this.#repick);
    document.addEventListener('transitionend', this.#repick);
  }

  #stop(): void {
    this.#observer?.disconnect();
    this.#observer = undefined;
    this.#media?.removeEventListener('change', this.#repick);
    this.#media = undefined;
    document.removeEventListener('transitionend', this.#repick);
  }

  #repick = (): void => {
    if (!this.#observer) return;
    const next = pickBadge(backgroundBehind(this.host));
    if (next !== this.picked) {
      this.picked = next;
      this.host.requestUpdate();
    }
  };
}
