import { esbuildPlugin } from '@web/dev-server-esbuild';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { defaultReporter } from '@web/test-runner';
import { countReporter } from './scripts/wtr-count-reporter.mjs';

// Debian's chromium (never a downloaded browser); CHROME_PATH overrides.
const executablePath = process.env.CHROME_PATH || '/usr/bin/chromium';
const args = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export default {
  files: ['test/components/**/*.test.ts', 'test/i18n/**/*.test.ts', 'test/browser/**/*.test.ts'],
  nodeResolve: { exportConditions: ['production'] },
  concurrency: 2,
  testFramework: { config: { timeout: 5000 } },
  reporters: [defaultReporter(), countReporter()],
  plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: './tsconfig.json' })],
  middleware: [
    // msw's worker must be served from / to control the whole origin (scope "/").
    function mswWorker(ctx, next) {
      if (ctx.url === '/mockServiceWorker.js') ctx.url = '/public/mockServiceWorker.js';
      return next();
    },
  ],
  browsers: [
    playwrightLauncher({
      product: 'chromium',
      launchOptions: { executablePath, headless: true, args },
    }),
  ],
};
