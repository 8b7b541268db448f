/**
 * The `billink` CLI against a real standalone proxy on the simulator: every command, `--json`,
 * exit codes with one-line reasons, the idempotent credit counted at the simulator, the CSV export
 * of several pages, and the progress bar only when a person watches a terminal.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, type CliIo } from '../../../src/server/cli/program.js';
import type { ProxyServer } from '../../../src/server/proxy/standalone/server.js';
import { readConfig } from '../../../src/server/proxy/standalone/config.js';
import { demoOrders, startProxyServer } from '../../../src/server/proxy/standalone/server.js';
import { API_KEY, checkout, until } from '../merchant/helpers.js';

interface Run {
  code: number;
  out: string;
  err: string;
}

function terminal(isTTY: boolean) {
  let text = '';
  return {
    stream: { isTTY, write: (chunk: string) => ((text += chunk), true) },
    text: () => text,
  };
}

async function billink(
  server: ProxyServer | undefined,
  argv: string[],
  options: { env?: Record<string, string>; tty?: boolean } = {},
): Promise<Run> {
  const stdout = terminal(options.tty ?? false);
  const stderr = terminal(options.tty ?? false);
  const io: CliIo = {
    env: {
      MERCHANT_API_KEY: API_KEY,
      ...(server ? { BILLINK_PROXY_URL: server.url } : {}),
      ...options.env,
    },
    stdout: stdout.stream,
    stderr: stderr.stream,
  };
  const code = await runCli(argv, io);
  return { code, out: stdout.text(), err: stderr.text() };
}

const json = <T>(run: Run): T => JSON.parse(run.out) as T;

interface Order {
  orderRef: string;
  status: string;
  amountCents: number;
  paidCents: number;
  creditedCents: number;
  outstandingCents: number;
  shipped: boolean;
  onHold: boolean;
  events: { type: string }[];
}

describe('billink CLI (against the standalone proxy on the simulator)', () => {
  let server: ProxyServer;
  before(async () => {
    // Two invoices a page, so an export really pages.
    server = await startProxyServer(readConfig({ PORT: '0', MERCHANT_API_KEY: API_KEY }), {
      logger: {},
      resolveOrder: demoOrders,
      simulatorOptions: { invoicesPageSize: 2 },
    });
  });
  after(() => server.close());

  it('plays an order’s life: show, ship, credit once per key, pay, hold, resume, message', async () => {
    await checkout(server, 'CLI-1');
    const shown = await billink(server, ['orders', 'show', 'CLI-1']);
    assert.equal(shown.code, 0, shown.err);
    assert.match(shown.out, /^Order CLI-1/);
    assert.match(shown.out, /status\s+approved/);
    assert.match(shown.out, /outstanding\s+€ 29\.95/);

    const shipped = await billink(server, [
      '--json',
      'orders',
      'ship',
      'CLI-1',
      '--track-and-trace',
      '3SABC123',
    ]);
    assert.equal(shipped.code, 0, shipped.err);
    assert.equal(json<Order>(shipped).shipped, true);

    const before = server.simulator!.stats.calls;
    const creditsBefore = (before['credit'] ?? 0) + (before['legacyCredit'] ?? 0);
    const args = ['--json', 'orders', 'credit', 'CLI-1', '--amount', '5,00'];
    const credit = [...args, '--description', 'Mok kapot', '--idempotency-key', 'cli-test-key-1'];
    const first = await billink(server, credit);
    const again = await billink(server, credit);
    assert.equal(first.code, 0, first.err);
    assert.equal(again.code, 0, again.err);
    assert.equal(json<Order>(again).creditedCents, 500);
    const calls = server.simulator!.stats.calls;
    assert.equal(
      (calls['credit'] ?? 0) + (calls['legacyCredit'] ?? 0) - creditsBefore,
      1,
      'the same key credits once at Billink',
    );

    const paid = await billink(server, [
      '--json',
      'orders',
      'pay',
      'CLI-1',
      '--amount',
      '10',
      '--description',
      'Contant in winkel',
    ]);
    assert.equal(paid.code, 0, paid.err);
    assert.equal(json<Order>(paid).paidCents, 1000);
    assert.equal(json<Order>(paid).outstandingCents, 2995 - 500 - 1000);

    const held = await billink(server, ['--json', 'orders', 'hold', 'CLI-1', '--days', '7']);
    assert.equal(held.code, 0, held.err);
    assert.equal(json<Order>(held).onHold, true);
    const resumed = await billink(server, ['--json', 'orders', 'resume', 'CLI-1']);
    assert.equal(resumed.code, 0, resumed.err);
    assert.equal(json<Order>(resumed).onHold, false);

    const message = await billink(server, ['orders', 'message', 'CLI-1', 'Klant', 'belt', 'terug']);
    assert.equal(message.code, 0, message.err);
    const order = server.simulator!.getOrder('CLI-1');
    assert.deepEqual(order?.messages, ['Klant belt terug']);

    const events = json<Order>(await billink(server, ['--json', 'orders', 'show', 'CLI-1'])).events;
    assert.deepEqual(
      events.map((e) => e.type),
      ['approved', 'shipped', 'credit', 'payment', 'on_hold', 'resumed'],
    );
  });

  it('refuses with a non-zero exit and one line saying why', async () => {
    await checkout(server, 'CLI-2');
    const tooMuch = await billink(server, [
      'orders',
      'credit',
      'CLI-2',
      '--amount',
      '1000',
      '--description',
      'te veel',
    ]);
    assert.equal(tooMuch.code, 1);
    assert.equal(tooMuch.err.trim().split('\n').length, 1, tooMuch.err);
    assert.match(tooMuch.err, /^billink: .*(credit|creditable|crediteer)/i);

    const longHold = await billink(server, ['orders', 'hold', 'CLI-2', '--days', '15']);
    assert.equal(longHold.code, 1);
    assert.match(longHold.err, /^billink: .*14/);

    const unknown = await billink(server, ['orders', 'show', 'NOPE-404']);
    assert.equal(unknown.code, 1);
    assert.match(unknown.err, /^billink: /);

    const badAmount = await billink(server, [
      'orders',
      'pay',
      'CLI-2',
      '--amount',
      'tien',
      '--description',
      'x',
    ]);
    assert.equal(badAmount.code, 1);
    assert.equal(
      badAmount.err,
      'billink: --amount must be an amount in euros such as 12.50, got "tien"\n',
    );

    const wrongKey = await billink(server, ['orders', 'show', 'CLI-2'], {
      env: { MERCHANT_API_KEY: 'x'.repeat(40) },
    });
    assert.equal(wrongKey.code, 1);
    assert.equal(
      wrongKey.err,
      'billink: the proxy refused the merchant API key (MERCHANT_API_KEY)\n',
    );

    const noProxy = await billink(undefined, ['orders', 'show', 'CLI-2']);
    assert.equal(noProxy.err, 'billink: no proxy: pass --proxy URL or set BILLINK_PROXY_URL\n');

    const down = await billink(undefined, ['--proxy', 'http://127.0.0.1:9', 'doctor']);
    assert.equal(down.code, 1);
    assert.equal(down.err, 'billink: the proxy at http://127.0.0.1:9 is not reachable\n');

    const usage = await billink(server, ['orders', 'hold', 'CLI-2']);
    assert.equal(usage.code, 2, 'a missing option is a usage error');
    assert.match(usage.err, /--days/);
  });

  it('orders review: sends the resolution, says when nothing awaits review, refuses other words', async () => {
    await checkout(server, 'CLI-R', 'cancel'); // no invoice: the export below counts them
    const none = await billink(server, ['orders', 'review', 'CLI-R', '--resolution', 'credited']);
    assert.equal(none.code, 1);
    assert.equal(none.err.trim().split('\n').length, 1, none.err);
    assert.match(none.err, /^billink: .*(review|controle)/i);
    const wrong = await billink(server, ['orders', 'review', 'CLI-R', '--resolution', 'refunded']);
    assert.equal(wrong.code, 2, 'an unknown resolution is a usage error');
    assert.match(wrong.err, /credited, accepted/);
    const missing = await billink(server, ['orders', 'review', 'CLI-R']);
    assert.equal(missing.code, 2);
    assert.match(missing.err, /--resolution/);
  });

  it('ships many orders in one command and says which ones failed', async () => {
    await checkout(server, 'CLI-3');
    await checkout(server, 'CLI-4', 'cancel');
    const run = await billink(server, ['orders', 'ship', 'CLI-3', 'CLI-4']);
    assert.equal(run.code, 1);
    assert.match(run.out, /^shipped {2}CLI-3$/m);
    assert.match(run.out, /^failed {3}CLI-4 {2}\S+/m);
    assert.equal(run.err, 'billink: 1 of 2 orders were not shipped\n');
  });

  it('exports every page of invoices as CSV (one header row) and JSON; the bar only on a terminal', async () => {
    const from = new Date(server.simulator!.now()).toISOString().slice(0, 10);
    const range = ['--from', '2000-01-01', '--to', from];
    const dir = mkdtempSync(join(tmpdir(), 'billink-cli-'));
    const jsonRun = await billink(server, ['invoices', 'export', ...range, '--format', 'json']);
    assert.equal(jsonRun.code, 0, jsonRun.err);
    const all = JSON.parse(jsonRun.out) as { invoiceNumber: string }[];
    assert.equal(all.length, 3, 'CLI-1, CLI-2, CLI-3 (CLI-4 was cancelled)');
    const firstPage = json<{ totalPages: number; invoices: unknown[] }>(
      await billink(server, ['--json', 'invoices', 'list', ...range]),
    );
    assert.equal(firstPage.totalPages, 2);
    assert.equal(firstPage.invoices.length, 2);
    assert.equal(new Set(all.map((i) => i.invoiceNumber)).size, all.length, 'no page twice');

    const piped = await billink(server, ['invoices', 'export', ...range, '--format', 'csv']);
    const lines = piped.out.trim().split(/\r?\n/);
    assert.equal(lines.filter((l) => l.startsWith('invoice_number,')).length, 1);
    assert.equal(lines.length - 1, all.length);
    assert.equal(piped.err, '', 'no progress bar when the output is piped');

    const file = join(dir, 'invoices.csv');
    const watched = await billink(
      server,
      ['invoices', 'export', ...range, '--format', 'csv', '--out', file],
      { tty: true },
    );
    assert.equal(watched.code, 0, watched.err);
    assert.equal(readFileSync(file, 'utf8'), piped.out);
    assert.match(watched.err, /invoices .* \d+\/\d+ rows/, 'a progress bar on the terminal');
  });

  it('orders list: a table newest first, --status and --unshipped filter, --json pages with a cursor', async () => {
    await checkout(server, 'LIST-A');
    await checkout(server, 'LIST-B', 'decline');
    await checkout(server, 'LIST-C');
    assert.equal((await billink(server, ['orders', 'ship', 'LIST-C'])).code, 0);

    const table = await billink(server, ['orders', 'list', '--limit', '3']);
    assert.equal(table.code, 0, table.err);
    const lines = table.out.trim().split('\n');
    assert.match(lines[0]!, /^ORDER\s+STATUS\s+AMOUNT\s+OUTSTANDING\s+SHIPPED/);
    assert.match(lines[1]!, /^LIST-C\s+approved\s+€ 29\.95\s+€ 29\.95\s+yes/);
    assert.match(lines[2]!, /^LIST-B\s+declined/);
    assert.match(lines[3]!, /^LIST-A\s+approved/);
    assert.match(lines[4]!, /^more: run again with --cursor \S+$/);

    const open = await billink(server, [
      '--json',
      'orders',
      'list',
      '--status',
      'approved',
      '--unshipped',
    ]);
    assert.equal(open.code, 0, open.err);
    const refs = json<{ orders: Order[] }>(open).orders.map((o) => o.orderRef);
    assert.ok(refs.includes('LIST-A'));
    assert.ok(!refs.includes('LIST-B') && !refs.includes('LIST-C'));

    const page1 = json<{ orders: Order[]; nextCursor: string }>(
      await billink(server, ['--json', 'orders', 'list', '--limit', '1']),
    );
    const page2 = json<{ orders: Order[] }>(
      await billink(server, [
        '--json',
        'orders',
        'list',
        '--limit',
        '1',
        '--cursor',
        page1.nextCursor,
      ]),
    );
    assert.deepEqual([page1.orders[0]!.orderRef, page2.orders[0]!.orderRef], ['LIST-C', 'LIST-B']);

    const wrong = await billink(server, ['orders', 'list', '--status', 'paid']);
    assert.equal(wrong.code, 2);
    assert.match(wrong.err, /--status/);
  });

  it('doctor reports settings, Billink, webhooks, the store and the events', async () => {
    const run = await billink(server, ['doctor']);
    assert.match(run.out, /^ok {4}store: read and write work$/m);
    assert.match(run.out, /^ok {4}billink: reachable/m);
    assert.match(run.out, /^ok {4}webhooks: /m);
    assert.equal(run.code, 0, run.err);
    const report = json<{ ok: boolean; checks: { name: string }[] }>(
      await billink(server, ['--json', 'doctor']),
    );
    assert.deepEqual(
      report.checks.map((c) => c.name),
      ['public url', 'store', 'billink', 'webhooks', 'order events'],
    );
  });

  it('webhooks setup registers at the given URL, and doctor then names it', async () => {
    const url = `${server.url}/billink/webhooks`;
    const run = await billink(server, ['--json', 'webhooks', 'setup', '--url', url]);
    assert.equal(run.code, 0, run.err);
    assert.equal(json<{ url: string }>(run).url, url);
    const doctor = await billink(server, ['doctor']);
    assert.match(doctor.out, new RegExp(`webhooks: registered at ${url}`));
    // Deliveries verify with the new secret: a fresh checkout is approved through its webhook.
    await checkout(server, 'CLI-5');
    await until(async () => {
      const shown = await billink(server, ['--json', 'orders', 'show', 'CLI-5']);
      return shown.code === 0 && json<Order>(shown).status === 'approved';
    });
  });
});

describe('billink CLI as a process', () => {
  it('`npm run billink -- --help` lists the commands; a failure exits non-zero with one line', () => {
    const help = spawnSync('npm', ['run', '--silent', 'billink', '--', '--help'], {
      encoding: 'utf8',
    });
    assert.equal(help.status, 0, help.stderr);
    for (const command of ['orders', 'invoices', 'webhooks', 'doctor']) {
      assert.match(help.stdout, new RegExp(`^\\s+${command}\\b`, 'm'));
    }
    const failed = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'src/server/cli/billink.ts', 'orders', 'show', 'X'],
      { encoding: 'utf8', env: { ...process.env, MERCHANT_API_KEY: '', BILLINK_PROXY_URL: '' } },
    );
    assert.equal(failed.status, 1);
    assert.equal(failed.stderr, 'billink: no proxy: pass --proxy URL or set BILLINK_PROXY_URL\n');
  });
});
