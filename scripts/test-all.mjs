#!/usr/bin/env node
// `npm test`: runs every check and test runner in turn (a failing step does not hide the later
// ones), then prints one plain `N passed, N failed` line over all of them. Check steps (lint,
// type-check, build, size budget) count as one test each; runners add their own test counts.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

const steps = [
  { name: 'lint', cmd: 'npm run --silent lint' },
  { name: 'typecheck', cmd: 'npm run --silent typecheck' },
  { name: 'build', cmd: 'npm run --silent build' },
  { name: 'size budget', cmd: 'npm run --silent size' },
  { name: 'node tests', cmd: 'npm run --silent test:node', counts: '.test-results/node.json' },
  {
    name: 'server tests on Node 26 LTS',
    cmd: 'NODE_BIN="$(bash scripts/node-lts.sh)" TEST_RESULT_NAME=node-lts node scripts/test-node.mjs test/server',
    counts: '.test-results/node-lts.json',
  },
  { name: 'browser tests', cmd: 'npm run --silent test:browser', counts: '.test-results/wtr.json' },
  {
    name: 'e2e tests',
    cmd: 'TEST_RESULT_NAME=e2e node scripts/test-node.mjs test/e2e',
    counts: '.test-results/e2e.json',
  },
  { name: 'storybook build', cmd: 'npm run --silent build-storybook' },
  {
    name: 'storybook tests',
    cmd: 'TEST_RESULT_NAME=storybook node scripts/test-node.mjs test/storybook',
    counts: '.test-results/storybook.json',
  },
];

const only = process.argv.slice(2);
rmSync('.test-results', { recursive: true, force: true });
mkdirSync('.test-results', { recursive: true });

let passed = 0;
let failed = 0;
let skipped = 0;
const report = [];
for (const step of steps) {
  if (only.length && !only.includes(step.name)) continue;
  const started = Date.now();
  console.log(`\n▶ ${step.name}: ${step.cmd}`);
  const r = spawnSync(step.cmd, { shell: true, stdio: 'inherit' });
  const ok = r.status === 0;
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  if (step.counts) {
    const c = existsSync(step.counts) ? JSON.parse(readFileSync(step.counts, 'utf8')) : null;
    if (c) {
      passed += c.passed;
      failed += c.failed;
      skipped += c.skipped;
    }
    // A runner that crashed or failed without reporting a failing test still fails the run.
    if (!ok && (!c || c.failed === 0)) failed++;
    report.push(
      `${ok ? '✔' : '✘'} ${step.name} (${secs}s)${c ? `: ${c.passed} passed, ${c.failed} failed` : ''}`,
    );
  } else {
    if (ok) passed++;
    else failed++;
    report.push(`${ok ? '✔' : '✘'} ${step.name} (${secs}s)`);
  }
}

const summary = `${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`;
console.log(`\n${report.join('\n')}\n`);
writeFileSync('.test-results/summary.txt', summary + '\n');
console.log(summary);
process.exit(failed === 0 ? 0 : 1);
