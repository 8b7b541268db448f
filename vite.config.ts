import { defineConfig } from 'vite';
import { minifyTemplateLiterals } from 'rollup-plugin-minify-template-literals';

/**
 * The self-contained CDN files for a plain <script> tag: lit, i18next, the texts and the styles
 * inside, minified. The npm entry points are emitted by tsc (see tsconfig.build.json) with lit and
 * i18next left as imports.
 *
 * `vite build` (the default mode) writes the ES modules: two entries, `billink-checkout.es.js`
 * (both elements) and `billink-badge.es.js` (only `<billink-badge>`, for product pages), which
 * share chunks (`billink-<name>-<hash>.js`, same folder, so CSP `'self'` covers them) and may load
 * more chunks lazily. `vite build --mode iife` writes the all-in-one `billink-checkout.iife.js`
 * (global `BillinkCheckout`): an IIFE cannot import chunks, so everything is inside.
 */
export default defineConfig(({ mode }) => {
  const iife = mode === 'iife';
  return {
    publicDir: false,
    // Lit's css`` and html`` literals keep their source whitespace and comments otherwise.
    plugins: [minifyTemplateLiterals({ include: ['src/**/*.ts'], failOnError: true })],
    build: {
      outDir: 'dist/cdn',
      // The IIFE build runs second and must keep the ES files.
      emptyOutDir: !iife,
      target: 'es2022',
      minify: true,
      sourcemap: true,
      // .vite/manifest.json: what each entry imports, statically and lazily (scripts/size.mjs reads it).
      manifest: !iife,
      reportCompressedSize: false,
      lib: iife
        ? {
            entry: 'src/index.ts',
            name: 'BillinkCheckout',
            formats: ['iife'],
            fileName: () => 'billink-checkout.iife.js',
          }
        : {
            entry: { 'billink-checkout': 'src/index.ts', 'billink-badge': 'src/badge.ts' },
            formats: ['es'],
            fileName: (format, entry) => `${entry}.${format}.js`,
          },
      rolldownOptions: {
        // Vite leaves library ES output unminified by default; these files ship straight to
        // browsers. `comments: false` also drops the /* @__PURE__ */ annotations, which only serve
        // bundlers and cost ~150 B gzip in a file no bundler reads again.
        output: {
          minify: true,
          comments: false,
          chunkFileNames: 'billink-[name]-[hash].js',
        },
      },
    },
  };
});
