import { css } from 'lit';

/**
 * Billink's brand colours as overridable custom properties (defaults from the brand guide), shared
 * by both elements so a theme sets them once on an ancestor. Pastel blue and lilac are Billink's
 * accent colours; the elements do not use them yet, so they are documented, not declared.
 */
export const brandTokens = css`
  :host {
    --_primary: var(--billink-color-primary, #ff8d29);
    --_dark-taupe: var(--billink-color-dark-taupe, #16120d);
    --_font: var(--billink-font-family, inherit);
  }
`;
