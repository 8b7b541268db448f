import { css } from 'lit';

export const checkoutStyles = css`
  :host {
    display: block;
    font-family: var(--_font);
    color: var(--billink-text-color, var(--_dark-taupe));
    max-width: 100%;
  }
  :host([hidden]) {
    display: none;
  }
  .checkout {
    display: grid;
    gap: 0.75rem;
  }
  .amount {
    margin: 0;
    font-size: 1.125em;
  }
  .amount-value {
    font-weight: 700;
    font-variant-numeric: tabular-nums;
  }
  .notice {
    margin: 0;
    font-size: 0.875em;
    line-height: 1.4;
  }
  a {
    color: inherit;
  }
  a:focus-visible {
    outline: 3px solid var(--billink-focus-color, var(--_dark-taupe));
    outline-offset: 2px;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
    border: 0;
  }
`;
