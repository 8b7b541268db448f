import { chromium, type Browser } from 'playwright-core';

/** Debian's chromium (never a downloaded browser); CHROME_PATH overrides. */
export const CHROMIUM_PATH = process.env.CHROME_PATH || '/usr/bin/chromium';

// Root in CI needs --no-sandbox; the background-networking flags keep Chromium from dialling out
// (this machine has no network, and a blocked call is noise in every test).
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ARGS });
}
