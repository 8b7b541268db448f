/**
 * `npm run bench [-- --only size,paint,proxy,cost,memory,lighthouse]`: runs the measurements, prints one
 * Markdown table to stdout (progress goes to stderr) and writes it with the date, the machine and
 * the command to bench/results.md. Not part of `npm test`.
 */
import { writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { cpus, loadavg, totalmem, release, platform } from 'node:os';
import { launchChromium } from '../test/support/chromium.js';
import { runCost } from './cost.js';
import { runFirstPaint } from './first-paint.js';
import { runLighthouseBench } from './lighthouse.js';
import { runMemory } from './memory.js';
import { runProxyOverhead } from './proxy-overhead.js';
import { renderReport, renderTable } from './report.js';
import { buildCdnFiles, runSize, type CdnFiles } from './size.js';
import { progress, ROOT, type Row, type Section } from './util.js';

const ALL = ['size', 'paint', 'proxy', 'cost', 'memory', 'lighthouse'] as const;
type Name = (typeof ALL)[number];
const ALIASES: Record<string, Name> = {
  size: 'size',
  paint: 'paint',
  'first-paint': 'paint',
  firstpaint: 'paint',
  proxy: 'proxy',
  'proxy-overhead': 'proxy',
  overhead: 'proxy',
  cost: 'cost',
  memory: 'memory',
  mem: 'memory',
  lighthouse: 'lighthouse',
  lh: 'lighthouse',
};
const AREA: Record<Name, string> = {
  size: 'Size',
  paint: 'First paint',
  proxy: 'Proxy',
  cost: 'Cost',
  memory: 'Memory',
  lighthouse: 'Lighthouse',
};

function parseOnly(argv: string[]): Name[] | undefined {
  const at = argv.findIndex((a) => a === '--only' || a.startsWith('--only='));
  if (at < 0) return undefined;
  const value = argv[at]!.includes('=') ? argv[at]!.split('=')[1]! : (argv[at + 1] ?? '');
  const names = value
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  const unknown = names.filter((n) => !ALIASES[n]);
  if (unknown.length || names.length === 0) {
    console.error(`bench: --only takes a comma-separated list of ${ALL.join(', ')}`);
    process.exit(2);
  }
  const picked = new Set(names.map((n) => ALIASES[n]!));
  return ALL.filter((n) => picked.has(n));
}

async function chromiumVersion(): Promise<string> {
  try {
    const browser = await launchChromium();
    const version = browser.version();
    await browser.close();
    return version;
  } catch (e) {
    return `unavailable (${(e as Error).message.split('\n')[0]})`;
  }
}

function source(): string {
  try {
    const git = (...args: string[]) =>
      execFileSync('git', args, {
        cwd: ROOT,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }).trim();
    const head = git('rev-parse', '--short', 'HEAD');
    const dirty = git('status', '--porcelain', '--untracked-files=no', '--', 'src').length > 0;
    return `commit ${head}${dirty ? ' with uncommitted changes in src/' : ''}`;
  } catch {
    return 'unknown (not a git checkout)';
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const only = parseOnly(args);
  const selected = only ?? [...ALL];
  const t0 = performance.now();
  const loadAtStart = loadavg()[0]!;
  const measured = source();
  const rows: Row[] = [];
  const notes: string[] = [];
  let failed = false;
  let chromium: string | undefined;
  let cdnFiles: CdnFiles | undefined;

  const run = async (name: Name, fn: () => Promise<Section>) => {
    if (!selected.includes(name)) return;
    const t = performance.now();
    try {
      const section = await fn();
      rows.push(...section.rows);
      notes.push(...section.notes);
      progress(`${name}: done in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    } catch (e) {
      failed = true;
      const message = e instanceof Error ? e.message : String(e);
      progress(`${name}: FAILED: ${e instanceof Error ? e.stack : message}`);
      rows.push({
        area: AREA[name],
        metric: 'not measured',
        value: 'ERROR',
        detail: message.split('\n')[0]!.slice(0, 300),
      });
    }
  };

  await run('size', async () => {
    const result = await runSize();
    cdnFiles = result.cdnFiles;
    return result;
  });
  await run('paint', async () => {
    const result = await runFirstPaint(cdnFiles ?? (await buildCdnFiles()).files);
    chromium = result.chromiumVersion;
    return result;
  });
  await run('cost', runCost);
  await run('proxy', runProxyOverhead);
  await run('memory', runMemory);
  await run('lighthouse', runLighthouseBench);

  const cpuList = cpus();
  const report = renderReport({
    date: new Date(),
    machine: {
      cpus: `${cpuList.length} × ${cpuList[0]?.model.trim() ?? 'unknown CPU'}`,
      memory: `${(totalmem() / 1024 ** 3).toFixed(1)} GiB`,
      node: process.version,
      chromium: chromium ?? (await chromiumVersion()),
      os: `${platform()} ${release()}`,
      load: `${loadAtStart.toFixed(2)} / ${loadavg()[0]!.toFixed(2)}`,
    },
    command:
      process.env.npm_lifecycle_event === 'bench'
        ? `npm run bench${args.length ? ` -- ${args.join(' ')}` : ''}`
        : `node --import tsx bench/run.ts${args.length ? ` ${args.join(' ')}` : ''}`,
    source: measured,
    seconds: (performance.now() - t0) / 1000,
    ...(only ? { only } : {}),
    rows,
    notes,
  });
  writeFileSync(`${ROOT}/bench/results.md`, report);
  progress(`wrote bench/results.md (${((performance.now() - t0) / 1000).toFixed(1)} s in all)`);
  process.stdout.write(`${renderTable(rows)}\n`);
  if (failed) process.exitCode = 1;
}

await main();
