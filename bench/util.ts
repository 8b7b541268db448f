/** Helpers shared by the bench modules: paths, progress, statistics, child processes. */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

/** The repository root (bench/ is one level down). */
export const ROOT = fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, '');

/** One row of the results table. */
export interface Row {
  /** Section, e.g. "Size". */
  area: string;
  metric: string;
  value: string;
  /** How it was measured / what it is compared with. */
  detail?: string;
}

/** What a measurement returns: rows for the table and notes printed under it. */
export interface Section {
  rows: Row[];
  notes: string[];
}

const started = Date.now();

/** A progress line on stderr (stdout is reserved for the final table). */
export function progress(message: string): void {
  const s = ((Date.now() - started) / 1000).toFixed(1).padStart(6);
  process.stderr.write(`[bench ${s}s] ${message}\n`);
}

/** Nearest-rank percentile of unsorted numbers (p in 0..100). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export const median = (values: readonly number[]) => percentile(values, 50);

/** Bytes as "12 345 B (12.06 KiB)", or "85.36 MiB" from 1 MiB on. */
export function bytes(n: number): string {
  if (Math.abs(n) >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(2)} MiB`;
  return `${n.toLocaleString('en-US').replace(/,/g, '\u202f')} B (${(n / 1024).toFixed(2)} KiB)`;
}

export const fixed = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A deterministic PRNG (mulberry32), so virtual-time simulations are reproducible. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Child {
  process: ChildProcess;
  /** The first line the child printed starting with `READY `, without the prefix. */
  ready: string;
  /** Lines the child printed after READY (e.g. a JSON result). */
  lines: string[];
  stop(): Promise<void>;
}

/**
 * Runs `node [nodeArgs] --import tsx bench/<script> [args]` and waits for its `READY …` line on
 * stdout. `stop()` sends SIGTERM and waits for the exit (SIGKILL after 5 s).
 */
export async function startChild(
  script: string,
  args: string[] = [],
  nodeArgs: string[] = [],
  timeoutMs = 30_000,
): Promise<Child> {
  const child = spawn(
    process.execPath,
    [...nodeArgs, '--import', 'tsx', `${ROOT}/bench/${script}`, ...args],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const lines: string[] = [];
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    stderr += d;
    if (stderr.length > 20_000) stderr = stderr.slice(-10_000);
  });
  let buffer = '';
  const ready = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${script} did not start:\n${stderr}`)),
      timeoutMs,
    );
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited (${code}) before READY:\n${stderr}`));
    });
    child.stdout!.on('data', (d: Buffer) => {
      buffer += d;
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        if (line.startsWith('READY ')) {
          clearTimeout(timer);
          resolve(line.slice(6));
        } else lines.push(line);
      }
    });
  });
  child.removeAllListeners('exit');
  return {
    process: child,
    ready,
    lines,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Waits for the next stdout line of a child that matches `test`. */
export async function nextLine(
  child: Child,
  test: (line: string) => boolean,
  timeoutMs = 120_000,
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const index = child.lines.findIndex(test);
    if (index >= 0) return child.lines.splice(index, 1)[0]!;
    if (child.process.exitCode !== null) throw new Error('child exited');
    if (Date.now() > deadline) throw new Error('child did not answer in time');
    await sleep(20);
  }
}
