import { css } from 'lit';

// Contrast: dark taupe on orange and orange on dark taupe are 8.3:1; on the white badge the
// orange is only the frame (orange text on white would be 2.3:1).
export const badgeStyles = css`
  :host {
    display: inline-block;
    vertical-align: middle;
    font-family: var(--_font);
  }
  :host([hidden]) {
    display: none;
  }
  .badge {
    display: inline-flex;
    align-items: center;
    flex-wrap: wrap;
    gap: 0.5em;
    padding: var(--billink-badge-padding, 0.375em 0.75em);
    border: 2px solid var(--_primary);
    border-radius: var(--billink-badge-radius, 0.5em);
    background: var(--_primary);
    color: var(--_dark-taupe);
    font-weight: 600;
    line-height: 1.3;
  }
  .white {
    background: #fff;
  }
  .black {
    background: var(--_dark-taupe);
    border-color: var(--_dark-taupe);
    color: var(--_primary);
  }
  .logo {
    display: block;
    height: var(--billink-badge-logo-height, 1.25em);
  }
  text {
    font: 700 19px sans-serif;
    fill: currentColor;
  }
  circle {
    fill: var(--_primary);
  }
  .orange circle {
    fill: #fff;
  }
`;
