#!/usr/bin/env node
/**
 * Finds the WordPress and WooCommerce the real-shop e2e (test/e2e/woocommerce-real.test.ts)
 * installs: the vendored tarballs in `<project>/../shared/vendor` (CI has that copy beside the
 * clone), else a copy this script downloaded earlier into `.cache/woocommerce-vendor/`, else it
 * downloads the official releases from wordpress.org when the machine is online.
 *
 * `node scripts/woocommerce-vendor.mjs` prints a JSON { wordpress, woocommerce } of archive paths,
 * or exits 1 with one line saying why there are none. Imported, findVendor() does the same.
 */
import { createWriteStream, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';

export const WORDPRESS_VERSION = '6.8.8';
export const WOOCOMMERCE_VERSION = '10.0.2';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SHARED = resolve(ROOT, '..', 'shared', 'vendor');
const CACHE = join(ROOT, '.cache', 'woocommerce-vendor');
const OFFICIAL = {
  wordpress: [
    `https://wordpress.org/wordpress-${WORDPRESS_VERSION}.tar.gz`,
    `wordpress-${WORDPRESS_VERSION}.tar.gz`,
  ],
  woocommerce: [
    `https://downloads.wordpress.org/plugin/woocommerce.${WOOCOMMERCE_VERSION}.zip`,
    `woocommerce.${WOOCOMMERCE_VERSION}.zip`,
  ],
};

/** Archive paths (tar.gz or zip), downloading when needed; a string says why there are none. */
export async function findVendor() {
  const shared = {
    wordpress: join(SHARED, `wordpress-${WORDPRESS_VERSION}.tar.gz`),
    woocommerce: join(SHARED, `woocommerce-${WOOCOMMERCE_VERSION}.tar.gz`),
  };
  if (existsSync(shared.wordpress) && existsSync(shared.woocommerce)) return shared;
  const cached = {
    wordpress: join(CACHE, OFFICIAL.wordpress[1]),
    woocommerce: join(CACHE, OFFICIAL.woocommerce[1]),
  };
  if (existsSync(cached.wordpress) && existsSync(cached.woocommerce)) return cached;
  mkdirSync(CACHE, { recursive: true });
  for (const [name, [url, file]] of Object.entries(OFFICIAL)) {
    const target = join(CACHE, file);
    if (existsSync(target)) continue;
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(60_000) });
      if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
      await pipeline(Readable.fromWeb(res.body), createWriteStream(`${target}.part`));
      renameSync(`${target}.part`, target);
    } catch (error) {
      rmSync(`${target}.part`, { force: true });
      return `no ${SHARED} and ${name} could not be downloaded from ${url} (${error.cause?.code ?? error.message})`;
    }
  }
  return cached;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const found = await findVendor();
  if (typeof found === 'string') {
    console.error(`woocommerce-vendor: ${found}`);
    process.exit(1);
  }
  console.log(JSON.stringify(found));
}
