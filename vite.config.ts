import { defineConfig } from 'vite';
import { minifyTemplateLiterals } from 'rollup-plugin-minify-template-literals';

/**
 * The self-contained CDN bundle for a plain <script> tag: lit, i18next, both locales and the styles
 * inside, minified, as an ES module and as an IIFE (global `BillinkCheckout`). The npm entry points
 * are emitted by tsc (see tsconfig.build.json) with lit and i18next left as imports.
 */
export default defineConfig({
  publicDir: false,
  // Lit's css`` and html`` literals keep their source whitespace and comments otherwise.
  plugins: [minifyTemplateLiterals({ include: ['src/**/*.ts'], failOnError: true })],
  build: {
    outDir: 'dist/cdn',
    emptyOutDir: true,
    target: 'es2022',
    minify: true,
    sourcemap: true,
    reportCompressedSize: false,
    lib: {
      entry: 'src/index.ts',
      name: 'BillinkCheckout',
      formats: ['es', 'iife'],
      fileName: (format) => `billink-checkout.${format}.js`,
    },
    rolldownOptions: {
      // Vite leaves library ES output unminified by default; this file ships straight to browsers.
      // `comments: false` also drops the /* @__PURE__ */ annotations, which only serve bundlers and
      // cost ~150 B gzip in a file no bundler reads again.
      output: {
        minify: true,
        comments: false,
      },
    },
  },
});
