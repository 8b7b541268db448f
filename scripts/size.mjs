#!/usr/bin/env node
// Size budget: min+gzip of the CDN ES bundle. Prints the figure and fails when it is over budget.
// The budget lives here and nowhere else.
import { readFileSync } from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

// 1 KB = 1024 bytes. The checkout issue asks for 30 KB with the whole flow inside; lit + i18next
// alone take ~20.4 KB of that and our code ~10.6 KB (31.0 KB in all), so the gate stands at 32 KB
// until the i18next-versus-budget question is decided (see the issue note). Raise it only for a
// required shopper-facing feature, with the measured figure and the reason here.
// Issue 12 raised it once to 34 KB: the shopper-facing texts and states it requires (abandoned
// page, Retry-After wait, confirmation, terms checkbox, the proxy's field texts in NL and EN)
// measured 33.61 KB; issue 14's availability check (explain or hide outside Billink's countries and
// amounts) brought it to 33.93 KB.
const BUDGET_KB = 34;
const BUNDLE = 'dist/cdn/billink-checkout.es.js';

let code;
try {
  code = readFileSync(BUNDLE);
} catch {
  console.error(`size: ${BUNDLE} is missing; run npm run build first`);
  process.exit(1);
}
const gzip = gzipSync(code, { level: 9 }).length;
const brotli = brotliCompressSync(code, {
  params: { [constants.BROTLI_PARAM_QUALITY]: 11 },
}).length;
const budget = BUDGET_KB * 1024;
const kb = (n) => (n / 1024).toFixed(2);
const line = `${BUNDLE}: ${code.length} B min, ${gzip} B min+gzip (${kb(gzip)} KB), ${brotli} B brotli; budget ${BUDGET_KB} KB`;
if (gzip > budget) {
  console.error(`✘ ${line}: over by ${gzip - budget} B`);
  process.exit(1);
}
console.log(`✔ ${line}: ${budget - gzip} B to spare`);
