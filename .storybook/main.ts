import type { StorybookConfig } from '@storybook/web-components-vite';

/**
 * Storybook for `<billink-checkout>` and `<billink-badge>`. The checkout stories run the real
 * merchant proxy on the Billink simulator inside msw's service worker (stories/support/), so
 * `public/` is served for `mockServiceWorker.js`. Nothing here talks to a third party: telemetry
 * and the "what's new" feed are off, and the badge stories use the built-in logo.
 */
const config: StorybookConfig = {
  stories: ['../stories/**/*.stories.ts'],
  addons: ['@storybook/addon-docs'],
  framework: {
    name: '@storybook/web-components-vite',
    // The root vite.config.ts is the CDN library build (lib mode, no public dir): not for Storybook.
    options: { builder: { viteConfigPath: '.storybook/vite.config.ts' } },
  },
  staticDirs: ['../public'],
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  // The preview holds Storybook's docs renderer, lit, i18next, and (for the checkout) hono, zod and
  // the simulator: large chunks are expected and only ever served locally.
  viteFinal: (vite) => ({ ...vite, build: { ...vite.build, chunkSizeWarningLimit: 1500 } }),
};

export default config;
