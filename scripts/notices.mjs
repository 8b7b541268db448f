#!/usr/bin/env node
// The CDN bundles inline lit and i18next with their licence comments minified away; both licences
// (BSD-3-Clause, MIT) ask that their notice travels with the code, so it goes next to the bundles.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const BUNDLED = ['lit', 'lit-html', 'lit-element', '@lit/reactive-element', 'i18next'];

const sections = BUNDLED.map((name) => {
  const dir = join('node_modules', name); // Some of them do not export their package.json.
  const { version, license } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const text = readFileSync(join(dir, 'LICENSE'), 'utf8').trim();
  return `${name}@${version} (${license})\n\n${text}`;
});
const out = 'dist/cdn/THIRD-PARTY-LICENSES.txt';
writeFileSync(
  out,
  `Third-party code inside billink-checkout.es.js and billink-checkout.iife.js\n\n${sections.join('\n\n' + '-'.repeat(72) + '\n\n')}\n`,
);
console.log(`notices: ${out} (${BUNDLED.join(', ')})`);
