import { css } from 'lit';

/**
 * Billink's brand colours as overridable custom properties (defaults from the brand guide), shared
 * by every element so a theme sets them once on an ancestor.
 */
export const brandTokens = css`
  :host {
    --_primary: var(--billink-color-primary, #ff8d29);
    --_primary-light: var(--billink-color-primary-light, #ffeede);
    --_pastel-blue: var(--billink-color-pastel-blue, #9abae8);
    --_lilac: var(--billink-color-lilac, #9577ad);
    --_dark-taupe: var(--billink-color-dark-taupe, #16120d);
    --_font: var(--billink-font-family, inherit);
  }
`;
