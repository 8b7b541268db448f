import { svg } from 'lit';

/**
 * Built-in Billink wordmark, shown when the brand logo cannot load (blocked, offline, strict CSP).
 * Plain SVG elements, no style attributes, so it renders under any CSP; colours come from the badge.
 */
export function wordmark(label: string) {
  return svg`<svg class="logo" part="logo" viewBox="0 0 76 24" role="img" aria-label=${label}>
    <text x="0" y="18">billink</text>
    <circle cx="71" cy="15" r="3.5"></circle>
  </svg>`;
}
