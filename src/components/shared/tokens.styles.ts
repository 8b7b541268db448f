import { css } from 'lit';

/**
 * Billink's brand colours as overridable custom properties (defaults from the brand guide), shared
 * by both elements so a theme sets them once on an ancestor. Only the colours the elements paint
 * with are here: Billink's accents (light orange, pastel blue, lilac) colour none of the three badge
 * looks the toolkit allows, so no property for them is documented.
 */
export const brandTokens = css`
  :host {
    --_primary: var(--billink-color-primary, #ff8d29);
    --_dark-taupe: var(--billink-color-dark-taupe, #16120d);
    --_font: var(--billink-font-family, inherit);
  }
`;
