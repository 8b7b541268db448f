/**
 * Size: min+gzip and brotli of the CDN ES bundle and of the npm entry without its dependencies,
 * against the floor (lit alone; lit + i18next alone), all built in this run with vite's JS API and
 * the project's vite.config.ts (same minifier, target and output options), in memory: `dist/` is
 * never touched, so people running tests on it at the same time are not disturbed.
 */
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { build, loadConfigFromFile, type InlineConfig, type Plugin } from 'vite';
import { bytes, progress, ROOT, type Section } from './util.js';

export interface Sizes {
  minified: number;
  gzip: number;
  brotli: number;
}

export function measure(code: string): Sizes {
  const buffer = Buffer.from(code);
  return {
    minified: buffer.length,
    gzip: gzipSync(buffer, { level: 9 }).length,
    brotli: brotliCompressSync(buffer, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11 },
    }).length,
  };
}

/** Everything lit, lit-html, lit-element, @lit/* and i18next: "the dependencies". */
const DEPENDENCY = /^(lit|lit-html|lit-element|@lit\/[^/]+|@lit-labs\/[^/]+|i18next)(\/.*)?$/;

const FLOORS = {
  lit: `export * from 'lit';\nexport * from 'lit/decorators.js';\n`,
  'lit + i18next': `export * from 'lit';\nexport * from 'lit/decorators.js';\nexport * from 'i18next';\n`,
} as const;

/** The project's vite config, as `npm run build` uses it. */
async function projectConfig(): Promise<InlineConfig> {
  const loaded = await loadConfigFromFile(
    { command: 'build', mode: 'production' },
    `${ROOT}/vite.config.ts`,
    ROOT,
    'silent',
  );
  if (!loaded) throw new Error('vite.config.ts not found');
  return loaded.config as InlineConfig;
}

/** Builds one ES library in memory and returns the code of its entry chunk. */
async function buildEs(
  config: InlineConfig,
  lib: { entry: string; fileName: string },
  extra: { external?: RegExp; plugins?: Plugin[] } = {},
): Promise<string> {
  const base = config.build ?? {};
  const baseLib = typeof base.lib === 'object' ? base.lib : {};
  const output = await build({
    ...config,
    root: ROOT,
    configFile: false,
    logLevel: 'silent',
    plugins: [...(config.plugins ?? []), ...(extra.plugins ?? [])],
    build: {
      ...base,
      write: false,
      emptyOutDir: false,
      lib: { ...baseLib, entry: lib.entry, formats: ['es'], fileName: () => lib.fileName },
      rolldownOptions: {
        ...base.rolldownOptions,
        ...(extra.external ? { external: extra.external } : {}),
      },
    },
  });
  const outputs = Array.isArray(output) ? output : [output];
  for (const o of outputs) {
    if (!('output' in o)) continue;
    for (const chunk of o.output) {
      if (chunk.type === 'chunk' && chunk.fileName === lib.fileName) return chunk.code;
    }
  }
  throw new Error(`vite produced no ${lib.fileName}`);
}

/** Entries given as source text (no files written), resolved from the project root. */
function virtualEntries(sources: Record<string, string>): Plugin {
  const prefix = '\0bench-floor:';
  return {
    name: 'bench-floor-entries',
    enforce: 'pre',
    resolveId(id) {
      // vite resolves a library entry against the root: /…/bench-floor:lit.
      const at = id.indexOf('bench-floor:');
      return at >= 0 && !id.startsWith(prefix)
        ? prefix + id.slice(at + 'bench-floor:'.length)
        : null;
    },
    load(id) {
      return id.startsWith(prefix) ? sources[id.slice(prefix.length)] : null;
    },
  };
}

/** The CDN ES files as `npm run build` emits them to dist/cdn: file name → code. */
export type CdnFiles = Record<string, string>;

export interface SizeResult extends Section {
  /** The CDN ES entries and their chunks, for the first-paint measurement. */
  cdnFiles: CdnFiles;
}

/**
 * The CDN ES build exactly as `npm run build` emits it to dist/cdn (both entries and their shared
 * and lazy chunks), built in memory, plus what each entry fetches before anything is clicked: the
 * entry and its static imports, transitively (what scripts/size.mjs gates).
 */
export async function buildCdnFiles(
  config?: InlineConfig,
): Promise<{ files: CdnFiles; eager: Record<string, string[]>; lazy: Record<string, string[]> }> {
  progress('size: building the CDN ES entries (vite.config.ts, in memory)');
  const base = config ?? (await projectConfig());
  const output = await build({
    ...base,
    root: ROOT,
    configFile: false,
    logLevel: 'silent',
    build: { ...base.build, write: false, emptyOutDir: false, manifest: false },
  });
  const chunks = new Map<
    string,
    { code: string; imports: string[]; dynamic: string[]; isEntry: boolean }
  >();
  for (const o of Array.isArray(output) ? output : [output]) {
    if (!('output' in o)) continue;
    for (const c of o.output)
      if (c.type === 'chunk')
        chunks.set(c.fileName, {
          code: c.code,
          imports: c.imports,
          dynamic: c.dynamicImports,
          isEntry: c.isEntry,
        });
  }
  const closure = (start: string[], seen = new Set<string>()) => {
    const out: string[] = [];
    const visit = (f: string) => {
      if (seen.has(f) || !chunks.has(f)) return;
      seen.add(f);
      out.push(f);
      chunks.get(f)!.imports.forEach(visit);
    };
    start.forEach(visit);
    return out;
  };
  const eager: Record<string, string[]> = {};
  const lazy: Record<string, string[]> = {};
  for (const [file, c] of chunks) {
    if (!c.isEntry) continue;
    eager[file] = closure([file]);
    lazy[file] = closure(
      eager[file].flatMap((f) => chunks.get(f)!.dynamic),
      new Set(eager[file]),
    );
  }
  const files = Object.fromEntries([...chunks].map(([f, c]) => [f, c.code]));
  return { files, eager, lazy };
}

/** The all-in-one ES bundle of the checkout entry (no chunks), as the IIFE holds it. */
export async function buildCdnBundle(config?: InlineConfig): Promise<string> {
  progress('size: building the all-in-one ES bundle (vite.config.ts, in memory)');
  return buildEs(config ?? (await projectConfig()), {
    entry: 'src/index.ts',
    fileName: 'billink-checkout.es.js',
  });
}

export async function runSize(): Promise<SizeResult> {
  const config = await projectConfig();
  const cdn = await buildCdnFiles(config);
  const cdnCode = await buildCdnBundle(config);
  progress('size: building the npm entry without dependencies');
  const npmCode = await buildEs(
    config,
    { entry: 'src/index.ts', fileName: 'index.js' },
    { external: DEPENDENCY },
  );
  const floors: Record<string, Sizes> = {};
  for (const [name, source] of Object.entries(FLOORS)) {
    progress(`size: building the floor: ${name}`);
    const key = name.replace(/\W+/g, '-');
    const code = await buildEs(
      config,
      { entry: `bench-floor:${key}`, fileName: `${key}.js` },
      { plugins: [virtualEntries({ [key]: source })] },
    );
    floors[name] = measure(code);
  }
  const show = (s: Sizes) => `${bytes(s.gzip)} gzip · ${bytes(s.brotli)} br`;
  const allInOne = measure(cdnCode);
  const npm = measure(npmCode);
  // Each file is compressed on its own, as it is served.
  const fetched = (files: string[]) =>
    files.reduce<Sizes>(
      (sum, f) => {
        const m = measure(cdn.files[f]!);
        return {
          minified: sum.minified + m.minified,
          gzip: sum.gzip + m.gzip,
          brotli: sum.brotli + m.brotli,
        };
      },
      { minified: 0, gzip: 0, brotli: 0 },
    );
  const entryRows = Object.entries(cdn.eager)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([entry, files]) => {
      const lazy = cdn.lazy[entry] ?? [];
      return {
        area: 'Size',
        metric: `CDN entry \`${entry}\`: what a browser fetches before the shopper acts`,
        value: show(fetched(files)),
        detail:
          `${files.map((f) => `\`${f}\``).join(' + ')}; ${bytes(fetched(files).minified)} minified` +
          (lazy.length
            ? `; loaded on demand: ${show(fetched(lazy))} (${lazy.length} chunks)`
            : '; nothing lazy'),
      };
    });
  const lit = floors['lit']!;
  const both = floors['lit + i18next']!;

  const over = (a: Sizes, b: Sizes) =>
    `+${bytes(a.gzip - b.gzip)} gzip · +${bytes(a.brotli - b.brotli)} br`;
  const rows = [
    ...entryRows,
    {
      area: 'Size',
      metric: 'All-in-one bundle (checkout entry without chunks, as the IIFE holds it)',
      value: show(allInOne),
      detail: `${bytes(allInOne.minified)} minified; lit, i18next, both locales and styles inside`,
    },
    {
      area: 'Size',
      metric: 'npm ESM entry without dependencies',
      value: show(npm),
      detail: `${bytes(npm.minified)} minified; \`src/index.ts\` bundled with lit/i18next external`,
    },
    {
      area: 'Size',
      metric: 'Floor: lit alone',
      value: show(lit),
      detail: `${bytes(lit.minified)} minified; \`lit\` + \`lit/decorators.js\`, everything exported`,
    },
    {
      area: 'Size',
      metric: 'Floor: lit + i18next alone',
      value: show(both),
      detail: `${bytes(both.minified)} minified; as above + all of \`i18next\``,
    },
    {
      area: 'Size',
      metric: 'Our bytes over the floor (CDN − lit + i18next)',
      value: over(allInOne, both),
      detail: `CDN − lit alone: ${over(allInOne, lit)}`,
    },
  ];
  return {
    rows,
    notes: [
      'Size: every bundle is built in this run with vite’s JS API from the project’s `vite.config.ts` ' +
        '(rolldown, minify, es2022, template-literal minifier), in memory — `dist/` is not touched. ' +
        'gzip level 9, brotli quality 11. The floors export everything from their packages, so they ' +
        'are an upper bound of what a component could tree-shake them down to; ' +
        '“over the floor” subtracts compressed sizes (compression is not additive, so it is approximate).',
    ],
    cdnFiles: cdn.files,
  };
}
