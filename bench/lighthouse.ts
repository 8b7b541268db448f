/**
 * Lighthouse (the npm package, v12) on a page, in Debian's Chromium: `CHROME_PATH` or
 * /usr/bin/chromium, started here with `--headless=new --no-sandbox` and a remote-debugging port
 * that Lighthouse drives. Mobile (Lighthouse's default form factor and throttling). Used by the
 * e2e suite (test/e2e/demo-lighthouse.test.ts) and by `npm run bench -- --only lighthouse`.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import lighthouse from 'lighthouse';
import { CHROMIUM_PATH } from '../test/support/chromium.js';
import { startDemo } from '../test/e2e/support.js';
import { fixed, type Section } from './util.js';

export const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;
export type Category = (typeof CATEGORIES)[number];

export interface LighthouseResult {
  /** Category scores, 0–1. */
  scores: Record<Category, number>;
  /** Cumulative layout shift on the mobile load. */
  cls: number;
  /** Failing audits of the accessibility category, by id (empty at a score of 1). */
  accessibilityFailures: string[];
  lighthouseVersion: string;
  userAgent: string;
}

/** Starts Chromium with a debugging port and resolves with that port once it listens. */
async function startChromium(profile: string) {
  const child = spawn(
    CHROMIUM_PATH,
    [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--remote-debugging-port=0',
      `--user-data-dir=${profile}`,
      'about:blank',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const port = await new Promise<number>((resolve, reject) => {
    let stderr = '';
    const timer = setTimeout(() => reject(new Error(`Chromium did not start:\n${stderr}`)), 20_000);
    child.once('error', reject);
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const match = /DevTools listening on ws:\/\/[^:]+:(\d+)\//.exec(stderr);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
  });
  return { port, stop: () => child.kill() };
}

/** Runs Lighthouse's four categories on `url` (mobile) in a fresh Chromium profile. */
export async function runLighthouse(url: string): Promise<LighthouseResult> {
  const profile = await mkdtemp(join(tmpdir(), 'billink-lighthouse-'));
  const chromium = await startChromium(profile);
  try {
    const result = await lighthouse(url, {
      port: chromium.port,
      logLevel: 'error',
      output: 'json',
      onlyCategories: [...CATEGORIES],
    });
    if (!result) throw new Error('Lighthouse returned no result');
    const { lhr } = result;
    if (lhr.runtimeError) throw new Error(`Lighthouse: ${lhr.runtimeError.message}`);
    const scores = Object.fromEntries(
      CATEGORIES.map((c) => [c, lhr.categories[c]?.score ?? NaN]),
    ) as Record<Category, number>;
    const accessibilityFailures = (lhr.categories.accessibility?.auditRefs ?? [])
      .filter((ref) => ref.weight > 0 && lhr.audits[ref.id]?.score === 0)
      .map((ref) => ref.id);
    return {
      scores,
      cls: lhr.audits['cumulative-layout-shift']?.numericValue ?? NaN,
      accessibilityFailures,
      lighthouseVersion: lhr.lighthouseVersion,
      userAgent: lhr.environment.hostUserAgent,
    };
  } finally {
    chromium.stop();
    await rm(profile, { recursive: true, force: true }).catch(() => {});
  }
}

/** The bench step: Lighthouse on the demo shop's checkout page, its four scores and CLS. */
export async function runLighthouseBench(): Promise<Section> {
  const demo = await startDemo();
  try {
    const r = await runLighthouse(`${demo.url}/`);
    const detail = `demo shop checkout page (\`/\`), mobile, Lighthouse ${r.lighthouseVersion}`;
    return {
      rows: [
        ...CATEGORIES.map((c) => ({
          area: 'Lighthouse',
          metric: `${c} score`,
          value: String(Math.round(r.scores[c] * 100)),
          detail,
        })),
        {
          area: 'Lighthouse',
          metric: 'Cumulative layout shift (mobile)',
          value: fixed(r.cls, 3),
          detail: 'limit 0.1',
        },
      ],
      notes: [
        'Lighthouse: one run of the `lighthouse` npm package on the demo shop served in-process ' +
          "(embedded simulator, gzip on), in Debian's Chromium (`CHROME_PATH`) with " +
          '`--headless=new --no-sandbox`; mobile form factor with simulated throttling. The ' +
          'performance score moves with the load on the machine; accessibility, best practices ' +
          'and SEO do not.',
      ],
    };
  } finally {
    await demo.close();
  }
}
