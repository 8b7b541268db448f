// A real shop for test/e2e/woocommerce-real.test.ts: WordPress + WooCommerce (the vendored
// releases, scripts/woocommerce-vendor.mjs) on MariaDB with its own datadir, served by `php -S`
// with four workers (the proxy calls the shop back while a shop request waits on the proxy), the
// example plugin as a shop owner installs it, and the standalone proxy (`billink-proxy`, the built
// CLI) on its simulator. Everything on free loopback ports in a temporary directory; close() stops
// every process and removes the directory.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
// @ts-expect-error -- a plain ESM script without types
import { findVendor } from '../../../scripts/woocommerce-vendor.mjs';

const ROOT = resolve(import.meta.dirname, '../../..');
const HERE = import.meta.dirname;
const BUNDLE = join(ROOT, 'dist/cdn/billink-checkout.es.js');
const PROXY_CLI = join(ROOT, 'dist/server/proxy/cli.js');
const MARIADBD = ['/usr/sbin/mariadbd', 'mariadbd'].find((p) =>
  p.startsWith('/') ? existsSync(p) : true,
)!;

export const ADMIN = { user: 'admin', password: 'e2e-admin-password-1' };

/** Why this machine cannot run a real shop, or null when it can. */
export async function realShopUnavailable(): Promise<string | null> {
  for (const [bin, what] of [
    ['php', 'php-cli'],
    ['mariadb-install-db', 'mariadb-server'],
  ] as const) {
    if (spawnSync('sh', ['-c', `command -v ${bin}`]).status !== 0)
      return `${bin} is not installed (scripts/system-deps.sh installs ${what})`;
  }
  const modules = spawnSync('php', ['-m'], { encoding: 'utf8' }).stdout.toLowerCase();
  for (const m of ['mysqli', 'curl', 'dom', 'mbstring', 'intl', 'gd', 'zip', 'bcmath']) {
    if (!modules.split('\n').includes(m))
      return `PHP lacks ${m} (scripts/system-deps.sh installs it)`;
  }
  if (!existsSync(BUNDLE) || !existsSync(PROXY_CLI))
    return 'dist/ is missing: run npm run build first';
  const vendor = (await findVendor()) as string | { wordpress: string; woocommerce: string };
  return typeof vendor === 'string' ? vendor : null;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

async function until<T>(
  what: string,
  fn: () => Promise<T | false | undefined>,
  ms = 30_000,
): Promise<T> {
  const end = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (error) {
      last = error;
    }
    if (Date.now() > end) throw new Error(`${what}: timed out`, { cause: last });
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Unpacks a .tar.gz (tar) or .zip (PHP's ZipArchive, php-zip) into dir. */
function unpack(archive: string, dir: string): void {
  const r = archive.endsWith('.zip')
    ? spawnSync('php', [
        '-r',
        '$z = new ZipArchive(); $z->open($argv[1]) === true && $z->extractTo($argv[2]) or exit(1);',
        archive,
        dir,
      ])
    : spawnSync('tar', ['xzf', archive, '-C', dir]);
  if (r.status !== 0) throw new Error(`unpacking ${archive} failed: ${r.stderr}`);
}

export interface RealShop {
  url: string;
  proxyUrl: string;
  productId: number;
  checkoutPath: string;
  checkoutBlock: boolean;
  hpos: boolean;
  /** Per feature, the plugins WooCommerce lists as compatible. */
  compatible: Record<'custom_order_tables' | 'cart_checkout_blocks', string[]>;
  /** The WooCommerce REST API (wc/v3) as the admin, by application password. */
  rest<T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; json: T }>;
  /** The proxy's merchant API, as the shop's server calls it. */
  merchant<T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; json: T }>;
  /** Lines PHP and the proxy wrote on stderr that are errors. */
  errors: string[];
  setupMs: number;
  close(): Promise<void>;
}

const secret = () => randomBytes(24).toString('hex');

export async function startRealShop(): Promise<RealShop> {
  const started = Date.now();
  const vendor = (await findVendor()) as { wordpress: string; woocommerce: string };
  const dir = mkdtempSync(join(tmpdir(), 'billink-wp-'));
  const children: ChildProcess[] = [];
  const groups = new Set<ChildProcess>();
  const errors: string[] = [];
  const stop = async () => {
    for (const child of children.reverse()) {
      if (child.exitCode !== null || child.signalCode) continue;
      const exited = new Promise((r) => child.once('exit', r));
      const signal = (s: NodeJS.Signals) => {
        try {
          if (groups.has(child)) process.kill(-child.pid!, s);
          else child.kill(s);
        } catch {
          // already gone
        }
      };
      signal('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
      if (child.exitCode === null && !child.signalCode) signal('SIGKILL');
      // The workers of a group may outlive its leader by a moment.
      if (groups.has(child)) signal('SIGKILL');
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const [dbPort, shopPort, proxyPort] = [await freePort(), await freePort(), await freePort()];
    const url = `http://127.0.0.1:${shopPort}`;
    const proxyUrl = `http://127.0.0.1:${proxyPort}`;
    const keys = { source: secret(), event: secret(), ref: secret(), merchant: secret() };

    // Files: WordPress, WooCommerce, the plugin with its bundle, the must-use helper.
    unpack(vendor.wordpress, dir);
    const wp = join(dir, 'wordpress');
    unpack(vendor.woocommerce, join(wp, 'wp-content/plugins'));
    const plugin = join(wp, 'wp-content/plugins/billink-checkout');
    cpSync(join(ROOT, 'examples/woocommerce/billink-checkout'), plugin, { recursive: true });
    cpSync(BUNDLE, join(plugin, 'assets/billink-checkout.es.js'));
    mkdirSync(join(wp, 'wp-content/mu-plugins'));
    cpSync(join(HERE, 'e2e-mu.php'), join(wp, 'wp-content/mu-plugins/e2e-mu.php'));

    // MariaDB on its own datadir; no grant tables (a throwaway server on loopback).
    const data = join(dir, 'db');
    const init = spawnSync(
      'mariadb-install-db',
      [
        '--no-defaults',
        `--datadir=${data}`,
        '--user=root',
        '--skip-test-db',
        '--auth-root-authentication-method=normal',
      ],
      { encoding: 'utf8' },
    );
    if (init.status !== 0) throw new Error(`mariadb-install-db: ${init.stderr}`);
    const db = spawn(
      MARIADBD,
      [
        '--no-defaults',
        `--datadir=${data}`,
        `--port=${dbPort}`,
        '--bind-address=127.0.0.1',
        `--socket=${join(dir, 'db.sock')}`,
        `--pid-file=${join(dir, 'db.pid')}`,
        '--user=root',
        '--skip-grant-tables',
        '--skip-log-bin',
        '--skip-name-resolve',
        '--innodb-buffer-pool-size=64M',
        '--innodb-flush-log-at-trx-commit=0',
        '--innodb-doublewrite=0',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    children.push(db);
    let dbLog = '';
    db.stderr!.on('data', (d: Buffer) => (dbLog += d.toString()));
    await until(
      'MariaDB',
      async () =>
        /ready for connections/.test(dbLog) ||
        (db.exitCode !== null && Promise.reject(new Error(dbLog))),
    );
    const create = spawnSync(
      'mariadb',
      [
        '--no-defaults',
        '-h127.0.0.1',
        `-P${dbPort}`,
        '-uroot',
        '-e',
        'CREATE DATABASE wp CHARACTER SET utf8mb4',
      ],
      { encoding: 'utf8' },
    );
    if (create.status !== 0) throw new Error(`CREATE DATABASE: ${create.stderr}`);

    const define = (name: string, value: string | boolean) =>
      `define( ${JSON.stringify(name)}, ${typeof value === 'boolean' ? String(value) : `'${value.replace(/[\\']/g, '\\$&')}'`} );`;
    writeFileSync(
      join(wp, 'wp-config.php'),
      [
        '<?php',
        define('DB_NAME', 'wp'),
        define('DB_USER', 'root'),
        define('DB_PASSWORD', ''),
        define('DB_HOST', `127.0.0.1:${dbPort}`),
        define('DB_CHARSET', 'utf8mb4'),
        ...[
          'AUTH_KEY',
          'SECURE_AUTH_KEY',
          'LOGGED_IN_KEY',
          'NONCE_KEY',
          'AUTH_SALT',
          'SECURE_AUTH_SALT',
          'LOGGED_IN_SALT',
          'NONCE_SALT',
        ].map((k) => define(k, secret())),
        define('WP_HOME', url),
        define('WP_SITEURL', url),
        define('WP_ENVIRONMENT_TYPE', 'local'), // application passwords over http
        define('DISABLE_WP_CRON', true),
        define('AUTOMATIC_UPDATER_DISABLED', true),
        define('WP_DEBUG', true),
        define('WP_DEBUG_DISPLAY', false),
        define('WP_DEBUG_LOG', join(dir, 'debug.log')),
        // The Billink plugin, configured as its readme says.
        define('BILLINK_PROXY_URL', `${proxyUrl}/billink`),
        define('BILLINK_ORDER_SOURCE_TOKEN', keys.source),
        define('BILLINK_ORDER_EVENT_SECRET', keys.event),
        define('BILLINK_ORDER_REF_SECRET', keys.ref),
        define('BILLINK_MERCHANT_API_URL', `${proxyUrl}/billink/merchant`),
        define('BILLINK_MERCHANT_API_KEY', keys.merchant),
        "$table_prefix = 'wp_';",
        "if ( ! defined( 'ABSPATH' ) ) { define( 'ABSPATH', __DIR__ . '/' ); }",
        "require_once ABSPATH . 'wp-settings.php';",
        '',
      ].join('\n'),
    );

    const php = spawn(
      'php',
      [
        '-d',
        'memory_limit=512M',
        '-S',
        `127.0.0.1:${shopPort}`,
        '-t',
        wp,
        join(HERE, 'router.php'),
      ],
      {
        env: { ...process.env, PHP_CLI_SERVER_WORKERS: '4' },
        stdio: ['ignore', 'ignore', 'pipe'],
        detached: true, // its own process group: php -S forks the workers, which stop with the group
      },
    );
    children.push(php);
    groups.add(php);
    php.stderr!.on('data', (d: Buffer) => {
      for (const line of d.toString().split('\n'))
        if (/PHP (Warning|Fatal|Parse)|Uncaught/.test(line)) errors.push(line);
    });
    const proxy = spawn(process.execPath, [PROXY_CLI], {
      env: {
        ...process.env,
        PORT: String(proxyPort),
        HOST: '127.0.0.1',
        PUBLIC_URL: proxyUrl,
        BILLINK_ENV: 'simulator',
        ORDER_SOURCE_URL: `${url}/wp-json/billink/v1/orders`,
        ORDER_SOURCE_TOKEN: keys.source,
        ORDER_EVENT_SECRET: keys.event,
        ORDER_REF_SECRET: keys.ref,
        MERCHANT_API_KEY: keys.merchant,
        ALLOWED_ORIGINS: url,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(proxy);
    let proxyLog = '';
    proxy.stdout!.on('data', (d: Buffer) => (proxyLog += d.toString()));
    proxy.stderr!.on('data', (d: Buffer) => (proxyLog += d.toString()));

    await until('php -S', () => fetch(`${url}/wp-includes/version.php`).then((r) => r.status > 0));
    // The web installer, as a shop owner runs it.
    const install = await fetch(`${url}/wp-admin/install.php?step=2`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        weblog_title: 'Billink e2e',
        user_name: ADMIN.user,
        admin_password: ADMIN.password,
        admin_password2: ADMIN.password,
        pw_weak: '1',
        admin_email: 'admin@example.nl',
        blog_public: '0',
        language: '',
      }),
    });
    const installed = await install.text();
    if (!/Success!|wp-login\.php/.test(installed))
      throw new Error(`install.php: ${install.status} ${installed.slice(0, 500)}`);

    const setup = (step: string) => {
      const r = spawnSync('php', ['-d', 'memory_limit=512M', join(HERE, 'setup.php'), wp, step], {
        env: { ...process.env, SHOP_URL: url },
        encoding: 'utf8',
      });
      if (r.status !== 0) throw new Error(`setup.php ${step}: ${r.stdout}${r.stderr}`);
      return JSON.parse(r.stdout.slice(r.stdout.indexOf('{'))) as Record<string, unknown>;
    };
    setup('activate');
    const shop = setup('shop') as Pick<
      RealShop,
      'productId' | 'checkoutPath' | 'checkoutBlock' | 'hpos' | 'compatible'
    > & { appPassword: string };
    await until(
      'billink-proxy',
      async () =>
        /listening on/.test(proxyLog) ||
        (proxy.exitCode !== null && Promise.reject(new Error(proxyLog))),
    );

    const auth = `Basic ${Buffer.from(`${ADMIN.user}:${shop.appPassword}`).toString('base64')}`;
    const call = async <T>(
      base: string,
      authorization: string,
      method: string,
      path: string,
      body?: unknown,
    ) => {
      const res = await fetch(base + path, {
        method,
        headers: {
          authorization,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await res.text();
      let json: T;
      try {
        json = JSON.parse(text) as T;
      } catch {
        throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 300)}`);
      }
      return { status: res.status, json };
    };
    return {
      url,
      proxyUrl,
      productId: shop.productId,
      checkoutPath: shop.checkoutPath,
      checkoutBlock: shop.checkoutBlock,
      hpos: shop.hpos,
      compatible: shop.compatible,
      rest: (method, path, body) => call(`${url}/wp-json/wc/v3`, auth, method, path, body),
      merchant: (method, path, body) =>
        call(`${proxyUrl}/billink/merchant`, `Bearer ${keys.merchant}`, method, path, body),
      errors,
      setupMs: Date.now() - started,
      close: stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
