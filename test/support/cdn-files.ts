import { readdirSync, readFileSync } from 'node:fs';

/**
 * Every JavaScript file of dist/cdn (the entries and the chunks they import), keyed by the URL a
 * static server should serve it at (`${prefix}${name}`): an ES entry only works with its chunks
 * next to it, as a shop deploys the folder.
 */
export function cdnPages(prefix = '/'): Record<string, string> {
  return Object.fromEntries(
    readdirSync('dist/cdn')
      .filter((f) => f.endsWith('.js'))
      .map((f) => [`${prefix}${f}`, readFileSync(`dist/cdn/${f}`, 'utf8')]),
  );
}
