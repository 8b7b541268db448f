import { css } from 'lit';

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
    border: 2px solid transparent;
    border-radius: var(--billink-badge-radius, 0.5em);
    line-height: 1.3;
  }
  /* Orange (Billink's preferred): dark taupe on orange, contrast 8.3:1. */
  .orange {
    background: var(--_primary);
    color: var(--_dark-taupe);
  }
  /* White with orange: the orange is the frame; text stays dark (orange on white is only 2.3:1). */
  .white {
    background: #fff;
    border-color: var(--_primary);
    color: var(--_dark-taupe);
  }
  /* Black with orange: orange text on dark taupe, 8.3:1. */
  .black {
    background: var(--_dark-taupe);
    color: var(--_primary);
  }
  .logo {
    display: block;
    height: var(--billink-badge-logo-height, 1.25em);
    width: auto;
  }
  .wordmark {
    display: block;
    height: var(--billink-badge-logo-height, 1.25em);
    width: auto;
    overflow: visible;
  }
  .wordmark text {
    font: 700 19px/1 var(--_font, sans-serif);
    fill: currentColor;
  }
  .wordmark circle {
    fill: var(--_primary);
  }
  .orange .wordmark circle {
    fill: #fff;
  }
  .text {
    font-weight: 600;
  }
  @media (forced-colors: active) {
    .badge {
      border-color: CanvasText;
    }
    .wordmark circle {
      fill: CanvasText;
    }
  }
`;
