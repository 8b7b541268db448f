/**
 * Keeps the reference tables of the README and docs/ generated from the code instead of hand-kept:
 * `<!-- generated:NAME -->` … `<!-- /generated:NAME -->` blocks are rewritten from their source.
 * `--check` (run by `npm run lint`) fails when a document is stale.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { format } from 'prettier';
import { endpointsMarkdown } from '../src/server/billink/index.js';
import { PLUGIN_SETTINGS } from '../src/server/proxy/standalone/plugin-settings-env.js';
import { STANDALONE_SETTINGS } from '../src/server/proxy/standalone/settings.js';

/** The documents with generated tables: the README and its linked references. */
const FILES = ['README.md', 'docs/proxy.md', 'docs/after-checkout.md'];

/** The markers table documented in the simulator's markers.ts JSDoc. */
function markersTable(): string {
  return readFileSync('src/server/simulator/markers.ts', 'utf8')
    .split('\n')
    .filter((line) => line.startsWith(' * |'))
    .map((line) => line.slice(3))
    .join('\n');
}

interface CemItem {
  name: string;
  description?: string;
  type?: { text?: string };
  default?: string;
  fieldName?: string;
  kind?: string;
  privacy?: string;
  static?: boolean;
  attribute?: string;
  readonly?: boolean;
}
interface CemDeclaration {
  tagName?: string;
  attributes?: CemItem[];
  members?: CemItem[];
  events?: CemItem[];
  cssParts?: CemItem[];
  cssProperties?: CemItem[];
}

/** custom-elements.json, generated from the JSDoc (the same analyzer run as `npm run build`). */
function manifest(): CemDeclaration[] {
  const r = spawnSync('npm', ['run', '--silent', 'analyze'], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error('npm run analyze failed');
  const cem = JSON.parse(readFileSync('custom-elements.json', 'utf8')) as {
    modules: { declarations?: CemDeclaration[] }[];
  };
  return cem.modules.flatMap((m) => m.declarations ?? []).filter((d) => d.tagName);
}

const cell = (text: string | undefined) => (text ?? '').replace(/\|/g, '\\|').replace(/\n/g, ' ');
const code = (text: string | undefined) => (text ? `\`${cell(text)}\`` : '');
const table = (head: string[], rows: string[][]) =>
  rows.length
    ? [
        `| ${head.join(' | ')} |`,
        `| ${head.map(() => '---').join(' | ')} |`,
        ...rows.map((r) => `| ${r.join(' | ')} |`),
      ].join('\n')
    : '';

/** Attribute, property, method, event, part and CSS property tables of one element. */
function elementApi(tag: string): string {
  const d = manifest().find((x) => x.tagName === tag);
  if (!d) throw new Error(`${tag} is not in custom-elements.json`);
  const attributes = d.attributes ?? [];
  const withAttribute = new Set(attributes.map((a) => a.fieldName));
  const members = (d.members ?? []).filter(
    (m) => m.privacy !== 'private' && m.privacy !== 'protected' && !m.static,
  );
  // Reactive state entries from static properties carry no description: internal, not API.
  const properties = members.filter(
    (m) => m.kind === 'field' && !withAttribute.has(m.name) && m.description,
  );
  const methods = members.filter((m) => m.kind === 'method');
  return [
    '**Attributes**',
    table(
      ['attribute', 'property', 'type', 'default', 'description'],
      attributes.map((a) => [
        code(a.name),
        code(a.fieldName),
        code(a.type?.text),
        code(a.default),
        cell(a.description),
      ]),
    ),
    properties.length ? '**Properties**' : '',
    table(
      ['property', 'type', 'description'],
      properties.map((p) => [code(p.name), code(p.type?.text), cell(p.description)]),
    ),
    methods.length ? '**Methods**' : '',
    table(
      ['method', 'description'],
      methods.map((m) => [code(`${m.name}()`), cell(m.description)]),
    ),
    d.events?.length ? '**Events** (bubbling, composed)' : '',
    table(
      ['event', 'detail', 'description'],
      (d.events ?? []).map((e) => [code(e.name), code(e.type?.text), cell(e.description)]),
    ),
    '**CSS parts**',
    table(
      ['part', 'description'],
      (d.cssParts ?? []).map((p) => [code(p.name), cell(p.description)]),
    ),
    '**CSS custom properties**',
    table(
      ['property', 'default', 'description'],
      (d.cssProperties ?? []).map((p) => [code(p.name), code(p.default), cell(p.description)]),
    ),
  ]
    .filter(Boolean)
    .join('\n\n');
}

/** Billink's plugin settings: environment variable, mounted option, meaning, default. */
const pluginSettingsTable = () =>
  table(
    ['variable', 'mounted option', 'meaning', 'default'],
    PLUGIN_SETTINGS.map((s) => [code(s.env), code(s.option), cell(s.meaning), cell(s.default)]),
  );

/** The standalone's other settings: the same columns, the option where there is one. */
const standaloneSettingsTable = () =>
  table(
    ['variable', 'mounted option', 'meaning', 'default'],
    STANDALONE_SETTINGS.map((s) => [
      code(s.env),
      s.option ? code(s.option) : '—',
      cell(s.meaning),
      cell(s.default),
    ]),
  );

const sources: Record<string, () => string> = {
  'standalone-settings': standaloneSettingsTable,
  'plugin-settings': pluginSettingsTable,
  endpoints: endpointsMarkdown,
  markers: markersTable,
  'badge-api': () => elementApi('billink-badge'),
  'checkout-api': () => elementApi('billink-checkout'),
};

const blockOf = (name: string) =>
  new RegExp(`(<!-- generated:${name} -->\\n)[\\s\\S]*?(<!-- /generated:${name} -->)`);

async function render(file: string, text: string): Promise<string> {
  let out = text;
  for (const [name, source] of Object.entries(sources)) {
    out = out.replace(
      blockOf(name),
      (_m, open: string, close: string) => `${open}\n${source().trim()}\n\n${close}`,
    );
  }
  return format(out, { parser: 'markdown', filepath: file, singleQuote: true, printWidth: 100 });
}

const texts = new Map(FILES.map((file) => [file, readFileSync(file, 'utf8')]));
// Every table is generated into exactly one document.
for (const name of Object.keys(sources)) {
  const homes = FILES.filter((file) => blockOf(name).test(texts.get(file)!));
  if (homes.length !== 1) {
    throw new Error(
      `generated:${name} must be in exactly one of ${FILES.join(', ')}, found ${homes.length}`,
    );
  }
}
let stale = false;
for (const [file, current] of texts) {
  const next = await render(file, current);
  if (next === current) continue;
  if (process.argv.includes('--check')) {
    console.error(`${file}: generated tables are stale; run npm run readme`);
    stale = true;
  } else {
    writeFileSync(file, next);
    console.log(`updated ${file}`);
  }
}
if (stale) process.exit(1);
