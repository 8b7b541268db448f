/**
 * Writes the reference under docs/reference/ from the code, so it cannot drift from it: element
 * attributes, events and parts (custom-elements.json), settings (the standalone and plugin settings
 * lists), the HTTP API (the OpenAPI document), the simulator's markers, Billink's endpoints and the
 * `billink` CLI (its commander help). `--check` (run by `npm run lint`) fails when a generated file
 * is stale, when docs/reference/ holds a file nobody generates, or when a relative link in the
 * hand-written docs points to a file or heading that does not exist.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import type { Command } from 'commander';
import { format } from 'prettier';

// Everything the reference is generated from. Sources in src/ are imported here and only here, so a
// module that moves is a one-place edit.
import { endpointsMarkdown } from '../src/server/billink/index.js';
import { createProgram } from '../src/server/cli/program.js';
import { PLUGIN_SETTINGS } from '../src/server/proxy/standalone/plugin-settings-env.js';
import { STANDALONE_SETTINGS } from '../src/server/proxy/standalone/settings.js';
const SOURCES = {
  manifest: 'custom-elements.json',
  openapi: 'openapi/billink-proxy.json',
  markers: 'src/server/simulator/markers.ts',
  endpoints: 'src/server/billink/endpoints.ts',
  cli: 'src/server/cli/program.ts',
  standaloneSettings: 'src/server/proxy/standalone/settings.ts',
  pluginSettings: 'src/server/proxy/standalone/plugin-settings-env.ts',
} as const;

const REFERENCE_DIR = 'docs/reference';
/** Hand-written documents whose relative links are checked. */
const HAND_WRITTEN = () => [
  'README.md',
  'CONTRIBUTING.md',
  'CHANGELOG.md',
  ...markdownUnder('docs').filter((f) => !f.startsWith(`${REFERENCE_DIR}/`)),
];

// ---------------------------------------------------------------------------------------------
// Markdown helpers

/** A tag such as `<billink-checkout>` outside backticks would render as HTML: quote it. */
const quoteTags = (text: string) =>
  text
    .split(/(`[^`]*`)/)
    .map((part, i) => (i % 2 ? part : part.replace(/<[a-z][\w-]*>/g, (tag) => `\`${tag}\``)))
    .join('');
/** Text safe inside a table cell. */
const flat = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const cell = (text: string | undefined) => flat(quoteTags(text ?? ''));
const code = (text: string | undefined) => (text ? `\`${flat(text)}\`` : '');
const table = (head: string[], rows: string[][]) =>
  rows.length
    ? [
        `| ${head.join(' | ')} |`,
        `| ${head.map(() => '---').join(' | ')} |`,
        ...rows.map((r) => `| ${r.join(' | ')} |`),
      ].join('\n')
    : '';
/** GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens. */
const slug = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/<[^>]*>/g, '')
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');

function markdownUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return markdownUnder(path);
    return name.endsWith('.md') ? [path] : [];
  });
}

// ---------------------------------------------------------------------------------------------
// Elements: custom-elements.json

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
  description?: string;
  attributes?: CemItem[];
  members?: CemItem[];
  events?: CemItem[];
  cssParts?: CemItem[];
  cssProperties?: CemItem[];
}

let manifestCache: CemDeclaration[] | undefined;
/** custom-elements.json, analyzed afresh from the JSDoc (the same run as `npm run build`). */
function manifest(): CemDeclaration[] {
  if (manifestCache) return manifestCache;
  const r = spawnSync('npm', ['run', '--silent', 'analyze'], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error('npm run analyze failed');
  const cem = JSON.parse(readFileSync(SOURCES.manifest, 'utf8')) as {
    modules: { declarations?: CemDeclaration[] }[];
  };
  manifestCache = cem.modules.flatMap((m) => m.declarations ?? []).filter((d) => d.tagName);
  return manifestCache;
}

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
  const section = (title: string, body: string) => (body ? `### ${title}\n\n${body}` : '');
  return [
    `## \`<${tag}>\``,
    d.description ?? '',
    section(
      `Attributes of \`<${tag}>\``,
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
    ),
    section(
      `Properties of \`<${tag}>\``,
      table(
        ['property', 'type', 'description'],
        properties.map((p) => [code(p.name), code(p.type?.text), cell(p.description)]),
      ),
    ),
    section(
      `Methods of \`<${tag}>\``,
      table(
        ['method', 'description'],
        methods.map((m) => [code(`${m.name}()`), cell(m.description)]),
      ),
    ),
    section(
      `Events of \`<${tag}>\` (bubbling, composed)`,
      table(
        ['event', 'detail', 'description'],
        (d.events ?? []).map((e) => [code(e.name), code(e.type?.text), cell(e.description)]),
      ),
    ),
    section(
      `CSS parts of \`<${tag}>\``,
      table(
        ['part', 'description'],
        (d.cssParts ?? []).map((p) => [code(p.name), cell(p.description)]),
      ),
    ),
    section(
      `CSS custom properties of \`<${tag}>\``,
      table(
        ['property', 'default', 'description'],
        (d.cssProperties ?? []).map((p) => [code(p.name), code(p.default), cell(p.description)]),
      ),
    ),
  ]
    .filter(Boolean)
    .join('\n\n');
}

// ---------------------------------------------------------------------------------------------
// Settings

const settingsTable = (
  settings: readonly { env: string; option?: string; meaning: string; default: string }[],
) =>
  table(
    ['variable', 'mounted option', 'meaning', 'default'],
    settings.map((s) => [
      code(s.env),
      s.option ? code(s.option) : '—',
      cell(s.meaning),
      cell(s.default),
    ]),
  );

function settings(): string {
  return [
    '## Standalone settings',
    'Environment variables of `billink-proxy` (`npm run proxy`), with the `createBillinkProxy` option of the same effect where there is one. Missing or contradictory settings stop the process with a message naming the variable.',
    settingsTable(STANDALONE_SETTINGS),
    '## Plugin settings',
    "Billink's plugin settings: environment variables of the standalone proxy and options of `createBillinkProxy` (amounts in euros in the environment, in cents in options). An order outside them is refused before any Billink call.",
    settingsTable(PLUGIN_SETTINGS),
  ].join('\n\n');
}

// ---------------------------------------------------------------------------------------------
// HTTP API: the OpenAPI document

type Schema = {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  description?: string;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  format?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  additionalProperties?: boolean | Schema;
};
interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  description?: string;
  schema?: Schema;
  $ref?: string;
}
interface Operation {
  operationId?: string;
  summary?: string;
  description?: string;
  tags?: string[];
  security?: Record<string, unknown>[];
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
  responses?: Record<
    string,
    { $ref?: string; description?: string; content?: Record<string, { schema?: Schema }> }
  >;
}
interface OpenApi {
  info: { description?: string };
  servers?: { url: string }[];
  tags?: { name: string; description?: string }[];
  paths: Record<string, Record<string, Operation>>;
  webhooks?: Record<string, Record<string, Operation>>;
  components: {
    schemas: Record<string, Schema>;
    responses?: Record<string, { description?: string }>;
    securitySchemes?: Record<string, { description?: string }>;
  };
}

const openapi = (): OpenApi => JSON.parse(readFileSync(SOURCES.openapi, 'utf8')) as OpenApi;
const refName = (ref: string) => ref.split('/').pop() ?? ref;
const METHODS = ['get', 'put', 'post', 'patch', 'delete'];

/** A schema's type in one short line: `string`, `integer`, `"a" \| "b"`, `Address`, `Item[]`. */
function typeOf(s: Schema | undefined): string {
  if (!s) return '';
  if (s.$ref) return `[${refName(s.$ref)}](#${slug(refName(s.$ref))})`;
  if (s.enum) return s.enum.map((v) => `\`${JSON.stringify(v)}\``).join(' \\| ');
  if (s.const !== undefined) return `\`${JSON.stringify(s.const)}\``;
  const union = s.anyOf ?? s.oneOf;
  if (union) return union.map(typeOf).join(' \\| ');
  if (s.allOf) return s.allOf.map(typeOf).join(' & ');
  const type = Array.isArray(s.type) ? s.type.join(' \\| ') : (s.type ?? 'any');
  if (type === 'array') return `${typeOf(s.items)}[]`;
  if (type === 'object' && s.properties) return 'object';
  return s.format && s.format !== 'date-time'
    ? `${type} (${s.format})`
    : s.format
      ? `${type} (date-time)`
      : type;
}

/** Schema names referenced anywhere below a value. */
function refsIn(value: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const v of value) refsIn(v, found);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string' && v.includes('/schemas/')) found.add(refName(v));
      else refsIn(v, found);
    }
  }
  return found;
}

function fieldsTable(s: Schema): string {
  const props = Object.entries(s.properties ?? {});
  const required = new Set(s.required ?? []);
  return table(
    ['field', 'type', 'required', 'description'],
    props.map(([name, p]) => [
      code(name),
      typeOf(p),
      required.has(name) ? 'yes' : '',
      cell(p.description),
    ]),
  );
}

function operationSection(
  api: OpenApi,
  method: string,
  path: string,
  op: Operation,
  base: string,
): string {
  const params = (op.parameters ?? []).filter((p) => p.name !== 'Accept-Language');
  const security = (op.security ?? []).flatMap((s) => Object.keys(s));
  const body = op.requestBody?.content?.['application/json']?.schema;
  const responses = Object.entries(op.responses ?? {});
  // Shared error responses are one line; the others a row each.
  const errors = responses.filter(([, r]) => r.$ref).map(([status]) => code(status));
  const answers = responses
    .filter(([, r]) => !r.$ref)
    .map(([status, r]) => {
      const content = Object.entries(r.content ?? {});
      const body = content
        .map(([type, c]) => (type === 'application/json' ? typeOf(c.schema) : code(type)))
        .join(', ');
      return [code(status), cell(r.description), body];
    });
  return [
    `### \`${method.toUpperCase()} ${base}${path}\``,
    [op.summary, op.description].filter(Boolean).join('. '),
    security.length
      ? `Authorization: ${security
          .map(
            (name) => `\`${name}\` (${cell(api.components.securitySchemes?.[name]?.description)})`,
          )
          .join(' or ')}`
      : '',
    params.length
      ? table(
          ['parameter', 'in', 'type', 'required', 'description'],
          params.map((p) => [
            code(p.name),
            p.in,
            typeOf(p.schema),
            p.required ? 'yes' : '',
            cell(p.description),
          ]),
        )
      : '',
    body ? `Body: ${typeOf(body)}` : '',
    table(['status', 'answer', 'body'], answers),
    errors.length ? `Errors: ${errors.join(', ')}, each an [Error](#error).` : '',
  ]
    .filter(Boolean)
    .join('\n\n');
}

/** The operations of some tags, then every schema they reference (transitively). */
function httpApi(tags: readonly string[], intro: string, withWebhooks: boolean): string {
  const api = openapi();
  const base = api.servers?.[0]?.url ?? '';
  const out: string[] = [intro];
  const used = new Set<string>();
  for (const tag of tags) {
    const ops = Object.entries(api.paths).flatMap(([path, item]) =>
      METHODS.filter((m) => item[m]?.tags?.includes(tag)).map((m) => ({
        path,
        method: m,
        op: item[m]!,
      })),
    );
    const description = api.tags?.find((t) => t.name === tag)?.description ?? '';
    out.push(`## The \`${tag}\` routes`, cell(description));
    out.push(
      table(
        ['route', 'does'],
        ops.map(({ path, method, op }) => {
          const title = `${method.toUpperCase()} ${base}${path}`;
          return [`[\`${title}\`](#${slug(title)})`, cell(op.summary)];
        }),
      ),
    );
    for (const { path, method, op } of ops) {
      out.push(operationSection(api, method, path, op, base));
      refsIn(op, used);
    }
  }
  if (withWebhooks) {
    out.push('## Calls to the shop', "What the standalone proxy calls on the shop's server.");
    for (const [name, item] of Object.entries(api.webhooks ?? {})) {
      for (const m of METHODS.filter((x) => item[x])) {
        const op = item[m]!;
        out.push(`### \`${name}\``, cell(op.summary));
        const body = op.requestBody?.content?.['application/json']?.schema;
        if (body) out.push(`Body: ${typeOf(body)}`);
        out.push(
          table(
            ['status', 'answer', 'body'],
            Object.entries(op.responses ?? {}).map(([status, r]) => [
              code(status),
              cell(r.description),
              typeOf(r.content?.['application/json']?.schema),
            ]),
          ),
        );
        refsIn(op, used);
      }
    }
  }
  // Close over nested references, then list the schemas in the document's order.
  let size = -1;
  while (used.size !== size) {
    size = used.size;
    for (const name of [...used]) refsIn(api.components.schemas[name], used);
  }
  used.add('Error');
  out.push('## Schemas');
  for (const [name, schema] of Object.entries(api.components.schemas)) {
    if (!used.has(name)) continue;
    out.push(
      `### ${name}`,
      cell(schema.description),
      schema.properties ? fieldsTable(schema) : `\`${typeOf(schema)}\``,
    );
  }
  return out.filter(Boolean).join('\n\n');
}

// ---------------------------------------------------------------------------------------------
// Simulator markers, Billink endpoints, CLI

/** The markers table documented in the simulator's markers.ts JSDoc, with the text around it. */
function markers(): string {
  const doc = readFileSync(SOURCES.markers, 'utf8').split('\n');
  const jsdoc = doc
    .slice(
      0,
      doc.findIndex((l) => l.startsWith(' */')),
    )
    .filter((l) => l.startsWith(' *'));
  return jsdoc.map((l) => l.replace(/^ \* ?/, '')).join('\n');
}

/** `--help` of the `billink` CLI and every command under it, at a fixed width. */
function cli(): string {
  const silent = { write: () => true };
  const program = createProgram({ env: {}, stdout: silent, stderr: silent });
  const out: string[] = [
    "The `billink` CLI (the package's bin; in this repository `npm run billink --`) is a client of a running proxy's merchant API. The merchant API key is read from `$MERCHANT_API_KEY`, never from the command line.",
  ];
  const walk = (command: Command, path: string[]) => {
    const name = [...path, command.name()].join(' ');
    command.configureHelp({ helpWidth: 100 });
    out.push(`## \`${name}\``, '```text\n' + command.helpInformation().trimEnd() + '\n```');
    for (const sub of command.commands) walk(sub, [...path, command.name()]);
  };
  walk(program, []);
  return out.join('\n\n');
}

// ---------------------------------------------------------------------------------------------
// The generated documents

interface Generated {
  file: string;
  title: string;
  /** What it is generated from, for its header line. */
  from: string;
  /** One line for the index. */
  summary: string;
  body: () => string;
}

const GENERATED: Generated[] = [
  {
    file: 'elements.md',
    title: 'Elements: attributes, properties, events, parts',
    from: `the elements' JSDoc via ${SOURCES.manifest}`,
    summary:
      '`<billink-checkout>` and `<billink-badge>`: attributes, properties, methods, events, CSS parts and custom properties',
    body: () => [elementApi('billink-checkout'), elementApi('billink-badge')].join('\n\n'),
  },
  {
    file: 'settings.md',
    title: 'Settings',
    from: `${SOURCES.standaloneSettings} and ${SOURCES.pluginSettings}`,
    summary:
      'every environment variable of the standalone proxy, with its mounted option and default',
    body: settings,
  },
  {
    file: 'checkout-api.md',
    title: 'Checkout API',
    from: SOURCES.openapi,
    summary:
      'the routes the browser and Billink call, and what the standalone proxy calls on the shop',
    body: () =>
      httpApi(
        ['checkout', 'billink'],
        `What \`<billink-checkout>\` and Billink call on the proxy. Errors are \`{ "error": { "code", "message", "field"?, "retryable" } }\`, the message in Dutch or English by \`Accept-Language\`. The full contract: [\`${SOURCES.openapi}\`](../../${SOURCES.openapi}).`,
        true,
      ),
  },
  {
    file: 'merchant-api.md',
    title: 'Merchant API',
    from: SOURCES.openapi,
    summary:
      "the routes under `/billink/merchant` for the shop's servers, the CLI and the back office",
    body: () =>
      httpApi(
        ['merchant'],
        `Server to server, with \`Authorization: Bearer $MERCHANT_API_KEY\` (mounted option \`merchantApiKey\`; without a key the whole prefix answers 404). Refusals carry a stable \`code\`, a Dutch or English \`message\` and a \`detail\`. The full contract: [\`${SOURCES.openapi}\`](../../${SOURCES.openapi}).`,
        false,
      ),
  },
  {
    file: 'simulator-markers.md',
    title: 'Simulator markers',
    from: SOURCES.markers,
    summary: 'the test e-mail addresses that choose how the simulator answers',
    body: markers,
  },
  {
    file: 'billink-endpoints.md',
    title: "Billink's endpoints: verified and inferred",
    from: SOURCES.endpoints,
    summary:
      "every Billink call the client makes, its path and whether the path is documented, seen in Billink's code or inferred",
    body: () =>
      [
        "`documented` = on a Billink docs page, `code` = seen in Billink's own Magento module, `inferred` = our guess, to confirm on staging. Where the v2 path is unknown, the client uses the legacy v1 call.",
        endpointsMarkdown(),
      ].join('\n\n'),
  },
  {
    file: 'cli.md',
    title: 'The billink CLI',
    from: `the commander program in ${SOURCES.cli}`,
    summary: 'every command of `billink` with its options (its `--help`)',
    body: cli,
  },
];

const header = (from: string) =>
  `<!-- Generated by scripts/readme.ts from ${from}. Do not edit: run npm run readme. -->`;

function index(): string {
  return [
    'The reference, generated from the code (the hand-written guides are [the README](../../README.md), [the proxy](../proxy.md) and [after the checkout](../after-checkout.md)).',
    table(
      ['page', 'what', 'generated from'],
      GENERATED.map((g) => [`[${g.title}](${g.file})`, cell(g.summary), cell(g.from)]),
    ),
  ].join('\n\n');
}

const documents: Generated[] = [
  ...GENERATED,
  {
    file: 'README.md',
    title: 'Reference',
    from: 'the list of generated pages',
    summary: '',
    body: index,
  },
];

async function render(g: Generated): Promise<string> {
  const text = `${header(g.from)}\n\n# ${g.title}\n\n${g.body().trim()}\n`;
  return format(text, {
    parser: 'markdown',
    filepath: join(REFERENCE_DIR, g.file),
    singleQuote: true,
    printWidth: 100,
  });
}

// ---------------------------------------------------------------------------------------------
// Links: every relative link resolves to a file, and an anchor to a heading in it

function headingsOf(file: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const line of stripCode(readFileSync(file, 'utf8')).split('\n')) {
    const m = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!m) continue;
    const base = slug(m[1]!.replace(/`/g, ''));
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n ? `${base}-${n}` : base);
  }
  return out;
}

const stripCode = (text: string) =>
  text.replace(/^```[\s\S]*?^```/gm, '').replace(/^~~~[\s\S]*?^~~~/gm, '');

function brokenLinks(files: readonly string[]): string[] {
  const problems: string[] = [];
  for (const file of files) {
    const text = stripCode(readFileSync(file, 'utf8')).replace(/`[^`\n]*`/g, '');
    for (const m of text.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
      const target = m[1]!;
      if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//')) continue;
      const [pathPart, anchor] = target.split('#') as [string, string | undefined];
      const path = pathPart ? normalize(join(dirname(file), decodeURI(pathPart))) : file;
      if (!existsSync(path)) {
        problems.push(`${file}: link to ${target}: ${path} does not exist`);
        continue;
      }
      if (anchor && path.endsWith('.md') && !headingsOf(path).has(anchor)) {
        problems.push(`${file}: link to ${target}: no heading #${anchor} in ${path}`);
      }
    }
  }
  return problems;
}

/** A hand-written table of settings (first cell `UPPER_CASE` names) names only real settings. */
function unknownSettings(files: readonly string[]): string[] {
  const known = new Set([...STANDALONE_SETTINGS, ...PLUGIN_SETTINGS].map((x) => x.env));
  const problems: string[] = [];
  for (const file of files) {
    for (const row of stripCode(readFileSync(file, 'utf8')).split('\n')) {
      const first = /^\|([^|]*)\|/.exec(row)?.[1] ?? '';
      for (const m of first.matchAll(/`([A-Z][A-Z0-9_]{2,})`/g)) {
        if (!known.has(m[1]!)) problems.push(`${file}: ${m[1]} is not a setting of the proxy`);
      }
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------

const check = process.argv.includes('--check');
const problems: string[] = [];
mkdirSync(REFERENCE_DIR, { recursive: true });
for (const g of documents) {
  const path = join(REFERENCE_DIR, g.file);
  const next = await render(g);
  const current = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
  if (next === current) continue;
  if (check) problems.push(`${path} is stale; run npm run readme`);
  else {
    writeFileSync(path, next);
    console.log(`updated ${path}`);
  }
}
const known = new Set(documents.map((g) => g.file));
for (const file of markdownUnder(REFERENCE_DIR)) {
  if (!known.has(relative(REFERENCE_DIR, file))) {
    problems.push(
      `${file} is not generated by scripts/readme.ts: remove it or add it to GENERATED`,
    );
  }
}
const handWritten = HAND_WRITTEN().filter(existsSync);
problems.push(...brokenLinks([...handWritten, ...markdownUnder(REFERENCE_DIR)]));
problems.push(...unknownSettings(handWritten));
for (const p of problems) console.error(p);
if (problems.length) process.exit(1);
