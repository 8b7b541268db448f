import { css } from 'lit';

// Kept terse on purpose: every byte here ships in the CDN bundle.
export const checkoutStyles = css`
  :host {
    display: block;
    font-family: var(--_font);
    color: var(--billink-text-color, var(--_dark-taupe));
    --_r: var(--billink-radius, 0.5rem);
    --_err: var(--billink-error-color, #b3261e);
  }
  :host([hidden]),
  :host([unavailable][when-unavailable='hide']) {
    display: none;
  }
  .checkout,
  form,
  fieldset,
  .field {
    display: grid;
    gap: 0.75rem;
  }
  .grid {
    display: grid;
    gap: 0.75rem;
    align-items: start;
    grid-template-columns: repeat(auto-fit, minmax(min(100%, 11rem), 1fr));
  }
  .wide {
    grid-column: 1/-1;
  }
  p {
    margin: 0;
    line-height: 1.4;
  }
  .amount-value {
    font-weight: 700;
  }
  .notice {
    font-size: 0.875em;
  }
  a {
    color: inherit;
  }
  fieldset {
    border: 0;
    margin: 0;
    padding: 0;
    min-width: 0;
  }
  legend {
    font-weight: 600;
    padding: 0;
  }
  .field {
    gap: 0.25rem;
  }
  input:not([type='radio']),
  select {
    font: inherit;
    min-height: 2.75rem;
    box-sizing: border-box;
    width: 100%;
    padding: 0 0.75rem;
    border: 1px solid #6b645c;
    border-radius: var(--_r);
  }
  [aria-invalid='true'] {
    border: 2px solid var(--_err);
  }
  .error {
    color: var(--_err);
  }
  .terms {
    display: flex;
    gap: 0.5rem;
    align-items: start;
  }
  .terms input {
    width: 1.25rem;
    height: 1.25rem;
    margin: 0;
  }
  .changed {
    display: block;
    font-weight: 600;
  }
  /* A calm ring while waiting; with reduced motion it stands still. */
  .spin {
    display: inline-block;
    width: 0.9em;
    height: 0.9em;
    margin-inline-end: 0.5em;
    vertical-align: -0.1em;
    border: 2px solid currentColor;
    border-right-color: transparent;
    border-radius: 50%;
    animation: spin 1.2s linear infinite;
  }
  @keyframes spin {
    to {
      transform: rotate(1turn);
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .spin {
      animation: none;
    }
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.75rem;
  }
  button {
    font: inherit;
    font-weight: 600;
    min-height: 2.75rem;
    padding: 0 1.25rem;
    border-radius: var(--_r);
    border: 2px solid var(--billink-button-background, var(--_primary));
    background: var(--billink-button-background, var(--_primary));
    color: var(--billink-button-color, var(--_dark-taupe));
    cursor: pointer;
  }
  .secondary {
    background: none;
    color: inherit;
  }
  [aria-busy='true'] {
    cursor: progress;
    opacity: 0.75;
  }
  :focus-visible {
    outline: 3px solid var(--billink-focus-color, var(--_dark-taupe));
    outline-offset: 2px;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
`;
