/**
 * Keeps the README's reference tables generated from the code instead of hand-kept:
 * `<!-- generated:NAME -->` … `<!-- /generated:NAME -->` blocks are rewritten from their source.
 * `--check` (run by `npm run lint`) fails when the README is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { format } from 'prettier';
import { endpointsMarkdown } from '../src/server/billink/index.js';

const FILE = 'README.md';

/** The markers table documented in the simulator's markers.ts JSDoc. */
function markersTable(): string {
  return readFileSync('src/server/simulator/markers.ts', 'utf8')
    .split('\n')
    .filter((line) => line.startsWith(' * |'))
    .map((line) => line.slice(3))
    .join('\n');
}

const sources: Record<string, () => string> = {
  endpoints: endpointsMarkdown,
  markers: markersTable,
};

async function render(readme: string): Promise<string> {
  let out = readme;
  for (const [name, source] of Object.entries(sources)) {
    const block = new RegExp(
      `(<!-- generated:${name} -->\\n)[\\s\\S]*?(<!-- /generated:${name} -->)`,
    );
    if (!block.test(out)) throw new Error(`${FILE} has no generated:${name} block`);
    out = out.replace(
      block,
      (_m, open: string, close: string) => `${open}\n${source().trim()}\n\n${close}`,
    );
  }
  return format(out, { parser: 'markdown', filepath: FILE, singleQuote: true, printWidth: 100 });
}

const current = readFileSync(FILE, 'utf8');
const next = await render(current);
if (process.argv.includes('--check')) {
  if (next !== current) {
    console.error(`${FILE}: generated tables are stale; run npm run readme`);
    process.exit(1);
  }
} else if (next !== current) {
  writeFileSync(FILE, next);
  console.log(`updated ${FILE}`);
}
