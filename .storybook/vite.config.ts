import { defineConfig } from 'vite';

/**
 * Storybook's own (empty) Vite config: the root vite.config.ts builds the CDN library (lib mode,
 * no public dir, template minifier) and must not apply to Storybook. `build` options set here are
 * ignored by Storybook's builder; see `viteFinal` in main.ts.
 */
export default defineConfig({});
