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

export interface SizeResult extends Section {
  /** The CDN ES bundle's code, for the first-paint measurement. */
  cdnCode: string;
}

/** The CDN ES bundle exactly as `npm run build` emits it to dist/cdn, built in memory. */
export async function buildCdnBundle(config?: InlineConfig): Promise<string> {
  progress('size: building the CDN ES bundle (vite.config.ts, in memory)');
  return buildEs(config ?? (await projectConfig()), {
    entry: 'src/index.ts',
    fileName: 'billink-checkout.es.js',
  });
}

export async function runSize(): Promise<SizeResult> {
  const config = await projectConfig();
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
  const cdn = measure(cdnCode);
  const npm = measure(npmCode);
  const lit = floors['lit']!;
  const both = floors['lit + i18next']!;

  const show = (s: Sizes) => `${bytes(s.gzip)} gzip · ${bytes(s.brotli)} br`;
  const over = (a: Sizes, b: Sizes) =>
    `+${bytes(a.gzip - b.gzip)} gzip · +${bytes(a.brotli - b.brotli)} br`;
  const rows = [
    {
      area: 'Size',
      metric: 'CDN ES bundle (`billink-checkout.es.js`)',
      value: show(cdn),
      detail: `${bytes(cdn.minified)} minified; lit, i18next, both locales and styles inside`,
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
      value: over(cdn, both),
      detail: `CDN − lit alone: ${over(cdn, lit)}`,
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
    cdnCode,
  };
}
