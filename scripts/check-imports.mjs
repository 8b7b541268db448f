#!/usr/bin/env node
// Lint step: the one direction of imports in src/. Fails on any import cycle (type-only imports
// count: a cycle of types is still two modules that cannot be understood apart) and on an import
// that goes against the layers below. Relative specifiers only: packages are outside the graph.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const ROOT = resolve('src');

/**
 * A module under the first prefix may not import a module under any of the listed prefixes.
 * Paths are relative to src/, folders end in '/'.
 */
const FORBIDDEN = [
  [
    'shared/',
    ['components/', 'flow/', 'i18n/', 'server/', 'index', 'elements', 'define', 'badge', 'ssr'],
  ],
  ['i18n/', ['components/', 'flow/', 'server/']],
  ['flow/', ['components/', 'server/']],
  ['components/', ['server/']],
  ['server/billink/', ['server/proxy/', 'server/simulator/', 'server/cli/', 'server/merchant/']],
  ['server/simulator/', ['server/proxy/', 'server/cli/', 'server/merchant/']],
  ['server/proxy/', ['server/cli/', 'components/', 'flow/']],
  ['server/merchant/', ['server/cli/', 'server/simulator/']],
];

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return walk(path);
    return /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

const SPEC = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)['"](\.{1,2}\/[^'"]+)['"]/g;

function resolveSpec(from, spec) {
  const abs = resolve(dirname(from), spec);
  const base = abs.replace(/\.js$/, '');
  for (const candidate of [base + '.ts', base + '.tsx', join(base, 'index.ts')]) {
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not this one
    }
  }
  return undefined; // a JSON file or an asset: not part of the module graph
}

const files = walk(ROOT);
const graph = new Map();
for (const file of files) {
  const text = readFileSync(file, 'utf8');
  const deps = new Set();
  for (const m of text.matchAll(SPEC)) {
    const target = resolveSpec(file, m[1]);
    if (target?.startsWith(ROOT)) deps.add(target);
  }
  graph.set(file, deps);
}

const rel = (f) => relative(ROOT, f);
const problems = [];

for (const [file, deps] of graph) {
  for (const dep of deps) {
    const from = rel(file);
    const to = rel(dep);
    for (const [layer, banned] of FORBIDDEN) {
      if (from.startsWith(layer) && banned.some((b) => to.startsWith(b))) {
        problems.push(`upward import: ${from} → ${to}`);
      }
    }
  }
}

// Cycles: depth-first search with colours; report each back edge's cycle once.
const colour = new Map();
const stack = [];
const seen = new Set();
function visit(file) {
  colour.set(file, 'grey');
  stack.push(file);
  for (const dep of graph.get(file) ?? []) {
    if (colour.get(dep) === 'grey') {
      const cycle = stack.slice(stack.indexOf(dep)).map(rel);
      const key = [...cycle].sort().join('|');
      if (!seen.has(key)) {
        seen.add(key);
        problems.push(`import cycle: ${[...cycle, rel(dep)].join(' → ')}`);
      }
    } else if (!colour.has(dep)) visit(dep);
  }
  stack.pop();
  colour.set(file, 'black');
}
for (const file of graph.keys()) if (!colour.has(file)) visit(file);

if (problems.length) {
  console.error(problems.join('\n'));
  console.error(`check-imports: ${problems.length} problem(s) in src/`);
  process.exit(1);
}
console.log(`check-imports: ${graph.size} modules, no cycle, no upward import`);
