#!/usr/bin/env node
// Runs node:test over every *.test.ts under the given folders (Node 20 has no --test globs, and
// `node --test dir/` silently finds no .ts file). Counts go to .test-results/node.json.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const roots = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const passthrough = process.argv.slice(2).filter((a) => a.startsWith('--'));
const dirs = roots.length ? roots : ['test/server', 'test/flow'];

function collect(dir) {
  if (dir.endsWith('.test.ts')) return [dir];
  let out = [];
  let entries;
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of entries) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out = out.concat(collect(p));
    else if (name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

const files = dirs.flatMap(collect).sort();
if (files.length === 0) {
  console.error(`test-node: no *.test.ts under ${dirs.join(', ')}`);
  process.exit(1);
}
mkdirSync('.test-results', { recursive: true });
const resultName = process.env.TEST_RESULT_NAME ?? 'node';
// NODE_BIN runs the same tests on another Node (the LTS line merchants deploy on).
const node = process.env.NODE_BIN || process.execPath;
if (process.env.NODE_BIN) {
  const version = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim();
  console.log(`test-node: running on Node ${version} (${node})`);
}
const r = spawnSync(
  node,
  [
    '--import',
    'tsx',
    '--test',
    '--test-concurrency=2',
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    '--test-reporter=./scripts/node-count-reporter.mjs',
    `--test-reporter-destination=.test-results/${resultName}.json`,
    ...passthrough,
    ...files,
  ],
  { stdio: 'inherit' },
);
process.exit(r.status ?? 1);
