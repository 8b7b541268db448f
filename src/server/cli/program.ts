/**
 * The `billink` CLI for merchants and their support staff: a client of a running proxy's merchant
 * API (never of Billink directly, never a second implementation of it). Built on commander for
 * commands, options and `--help`; cli-progress draws the bar while invoice pages load.
 */
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { SingleBar } from 'cli-progress';
import { decimalToCents } from '../../shared/money.js';
import { CliError, createMerchantApi, type MerchantApi } from './merchant-api.js';
import { formatOrder, formatOrderList, type OrderListView, type OrderView } from './format.js';

/** Where the CLI reads and writes: the process in production, buffers in tests. */
export interface CliIo {
  env: Readonly<Record<string, string | undefined>>;
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown; isTTY?: boolean };
  fetch?: typeof fetch;
}

interface GlobalOptions {
  proxy?: string;
  json?: boolean;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function cents(text: string): number {
  const value = decimalToCents(text);
  if (value === undefined || value <= 0) {
    throw new CliError(`--amount must be an amount in euros such as 12.50, got "${text}"`);
  }
  return value;
}

function date(name: string) {
  return (text: string): string => {
    if (!DATE.test(text) || Number.isNaN(Date.parse(text))) {
      throw new CliError(`${name} must be a date as YYYY-MM-DD, got "${text}"`);
    }
    return text;
  };
}

function positiveInt(name: string) {
  return (text: string): number => {
    if (!/^\d+$/.test(text)) throw new CliError(`${name} must be a whole number, got "${text}"`);
    return Number(text);
  };
}

const ref = (orderRef: string) => `/orders/${encodeURIComponent(orderRef)}`;

export function createProgram(io: CliIo): Command {
  const program = new Command('billink');
  const print = (text: string) => io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);

  program
    .description("Billink orders after the checkout, through your proxy's merchant API")
    .option('--proxy <url>', 'the proxy, e.g. https://shop.example (default: $BILLINK_PROXY_URL)')
    .option('--json', 'print the answers as JSON, for scripts')
    .addHelpText(
      'after',
      '\nThe merchant API key is read from $MERCHANT_API_KEY (never from the command line).',
    )
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    .exitOverride();

  const api = (): MerchantApi => {
    const { proxy } = program.opts<GlobalOptions>();
    const proxyUrl = proxy ?? io.env.BILLINK_PROXY_URL;
    if (!proxyUrl) throw new CliError('no proxy: pass --proxy URL or set BILLINK_PROXY_URL');
    const apiKey = io.env.MERCHANT_API_KEY;
    if (!apiKey) throw new CliError('MERCHANT_API_KEY is not set');
    return createMerchantApi({ proxyUrl, apiKey, ...(io.fetch ? { fetch: io.fetch } : {}) });
  };
  const json = () => Boolean(program.opts<GlobalOptions>().json);
  const show = (order: OrderView) =>
    print(json() ? JSON.stringify(order, null, 2) : formatOrder(order));

  /**
   * Money moves once per key. Without --idempotency-key the CLI makes one and, when the answer is
   * lost on the way, asks again with the same key — so a retry can never book twice.
   */
  async function moneyOperation(
    orderRef: string,
    kind: 'credits' | 'payments',
    body: { amountCents: number; description: string },
    key: string | undefined,
  ): Promise<void> {
    const idempotencyKey = key ?? `cli-${randomUUID()}`;
    const call = () =>
      api().json<OrderView>('POST', `${ref(orderRef)}/${kind}`, {
        body,
        headers: { 'idempotency-key': idempotencyKey },
      });
    let order: OrderView;
    try {
      order = await call().catch((error: unknown) => {
        if (error instanceof CliError && error.code === 'network') return call();
        throw error;
      });
    } catch (error) {
      if (error instanceof CliError && error.code === 'network') {
        throw new CliError(
          `${error.message}; run again with --idempotency-key ${idempotencyKey} so it is booked at most once`,
          error.code,
        );
      }
      throw error;
    }
    show(order);
  }

  const orders = program
    .command('orders')
    .description('orders after checkout: list them, show one, ship, refund, …');

  orders
    .command('list')
    .description('the order book, newest first (one page)')
    .addOption(
      new Option('--status <status>', 'only orders with this status').choices([
        'approved',
        'declined',
        'cancelled',
        'failed',
        'expired',
        'pending',
      ]),
    )
    .option('--unshipped', 'only orders not shipped yet')
    .option('--limit <n>', 'at most this many, 1 to 200', positiveInt('--limit'), 50)
    .option('--cursor <cursor>', 'the next page, as the previous one said')
    .action(
      async (options: { status?: string; unshipped?: boolean; limit: number; cursor?: string }) => {
        const list = await api().json<OrderListView>('GET', '/orders', {
          query: {
            status: options.status,
            shipped: options.unshipped ? 'false' : undefined,
            limit: options.limit,
            cursor: options.cursor,
          },
        });
        print(json() ? JSON.stringify(list, null, 2) : formatOrderList(list));
      },
    );

  orders
    .command('show')
    .description("the order's status, amounts and events")
    .argument('<orderRef>', "the shop's order reference")
    .option('--refresh', "read Billink's order info first")
    .action(async (orderRef: string, options: { refresh?: boolean }) => {
      show(
        await api().json<OrderView>('GET', ref(orderRef), {
          query: { refresh: options.refresh ? 1 : undefined },
        }),
      );
    });

  orders
    .command('ship')
    .description("start Billink's workflow (the invoice goes out); a repeat is harmless")
    .argument('<orderRef...>', 'one or more order references')
    .option('--track-and-trace <code>', 'the parcel code, shown to Billink')
    .action(async (orderRefs: string[], options: { trackAndTrace?: string }) => {
      const tt = options.trackAndTrace ? { trackAndTrace: options.trackAndTrace } : {};
      if (orderRefs.length === 1) {
        show(await api().json<OrderView>('POST', `${ref(orderRefs[0]!)}/ship`, { body: tt }));
        return;
      }
      const result = await api().json<ShipManyResult>('POST', '/orders/ship', {
        body: { orders: orderRefs.map((orderRef) => ({ orderRef, ...tt })) },
      });
      if (json()) print(JSON.stringify(result, null, 2));
      else
        for (const r of result.results) {
          const why = r.error
            ? `  ${r.error.code}${r.error.detail ? `: ${r.error.detail}` : ''}`
            : '';
          print(`${r.shipped ? 'shipped' : 'failed '}  ${r.orderRef}${why}`);
        }
      const failed = result.results.filter((r) => !r.shipped);
      if (failed.length) {
        throw new CliError(`${failed.length} of ${result.results.length} orders were not shipped`);
      }
    });

  for (const [name, kind, what] of [
    ['credit', 'credits', 'credit (refund) an amount on the invoice'],
    ['pay', 'payments', 'register a payment the shopper made to you directly'],
  ] as const) {
    orders
      .command(name)
      .description(what)
      .argument('<orderRef>', "the shop's order reference")
      .requiredOption('--amount <euros>', 'amount in euros, e.g. 12.50')
      .requiredOption('--description <text>', 'what it is for (Billink shows it)')
      .option('--idempotency-key <key>', 'repeat a request safely: the same key books once')
      .action(
        async (
          orderRef: string,
          options: { amount: string; description: string; idempotencyKey?: string },
        ) => {
          await moneyOperation(
            orderRef,
            kind,
            { amountCents: cents(options.amount), description: options.description },
            options.idempotencyKey,
          );
        },
      );
  }

  orders
    .command('hold')
    .description('pause reminders and collection (1 to 14 days)')
    .argument('<orderRef>', "the shop's order reference")
    .requiredOption('--days <n>', 'how many days, 1 to 14', positiveInt('--days'))
    .action(async (orderRef: string, options: { days: number }) => {
      show(
        await api().json<OrderView>('POST', `${ref(orderRef)}/hold`, {
          body: { days: options.days },
        }),
      );
    });

  orders
    .command('resume')
    .description('resume an order on hold')
    .argument('<orderRef>', "the shop's order reference")
    .action(async (orderRef: string) => {
      show(await api().json<OrderView>('POST', `${ref(orderRef)}/resume`, { body: {} }));
    });

  orders
    .command('review')
    .description('close a needs_review: the Billink order was credited in full, or is accepted')
    .argument('<orderRef>', "the shop's order reference")
    .addOption(
      new Option('--resolution <resolution>', 'credited (checked with Billink) or accepted')
        .choices(['credited', 'accepted'])
        .makeOptionMandatory(),
    )
    .action(async (orderRef: string, options: { resolution: 'credited' | 'accepted' }) => {
      show(
        await api().json<OrderView>('POST', `${ref(orderRef)}/review`, {
          body: { resolution: options.resolution },
        }),
      );
    });

  orders
    .command('message')
    .description("a note for Billink's service desk on this order")
    .argument('<orderRef>', "the shop's order reference")
    .argument('<message...>', 'the text')
    .action(async (orderRef: string, words: string[]) => {
      const result = await api().json<Record<string, unknown>>(
        'POST',
        `${ref(orderRef)}/messages`,
        {
          body: { message: words.join(' ') },
        },
      );
      print(json() ? JSON.stringify(result, null, 2) : `message sent to Billink for ${orderRef}`);
    });

  const invoices = program
    .command('invoices')
    .description("Billink's invoices, for reconciliation");
  const range = (command: Command) =>
    command
      .requiredOption('--from <date>', 'first day, YYYY-MM-DD', date('--from'))
      .requiredOption('--to <date>', 'last day, YYYY-MM-DD', date('--to'))
      .addOption(
        new Option('--format <format>', 'output format').choices(['csv', 'json']).default('json'),
      );

  range(invoices.command('list').description('one page of invoices'))
    .option('--page <n>', 'page number', positiveInt('--page'), 1)
    .action(async (options: { from: string; to: string; format: string; page: number }) => {
      const query = { from: options.from, to: options.to, page: options.page };
      if (options.format === 'csv') {
        print(await (await api().raw('/invoices', { query: { ...query, format: 'csv' } })).text());
        return;
      }
      const page = await api().json<InvoicePage>('GET', '/invoices', { query });
      print(json() ? JSON.stringify(page, null, 2) : formatInvoicePage(page));
    });

  range(invoices.command('export').description('every invoice in the range, all pages'))
    .option('--out <file>', 'write to a file instead of standard output')
    .action(async (options: { from: string; to: string; format: string; out?: string }) => {
      await exportInvoices(api(), io, options);
    });

  program
    .command('webhooks')
    .description("Billink's webhooks")
    .command('setup')
    .description(
      "generate Billink's signing secret and point the order and session webhooks at the proxy",
    )
    .option('--url <url>', "the proxy's public webhook URL (default: the proxy's own)")
    .action(async (options: { url?: string }) => {
      const result = await api().json<Record<string, unknown>>('POST', '/webhooks/setup', {
        body: options.url ? { url: options.url } : {},
      });
      print(
        json() ? JSON.stringify(result, null, 2) : `webhooks set up: ${JSON.stringify(result)}`,
      );
    });

  program
    .command('doctor')
    .description('check settings, Billink, webhooks and the store, through the proxy')
    .action(async () => {
      const report = await api().json<DoctorReport>('GET', '/doctor');
      if (json()) print(JSON.stringify(report, null, 2));
      else
        for (const check of report.checks) {
          print(`${check.ok ? 'ok  ' : 'FAIL'}  ${check.name}: ${check.detail}`);
        }
      const failed = report.checks.filter((c) => !c.ok);
      if (failed.length)
        throw new CliError(
          `${failed.length} check(s) failed: ${failed.map((c) => c.name).join(', ')}`,
        );
    });

  return program;
}

interface DoctorReport {
  ok: boolean;
  checks: { name: string; ok: boolean; detail: string }[];
}

interface ShipManyResult {
  results: { orderRef: string; shipped: boolean; error?: { code: string; detail?: string } }[];
}

export interface InvoicePage {
  invoices: Record<string, unknown>[];
  page: number;
  totalPages: number;
  totalInvoices?: number;
}

function formatInvoicePage(page: InvoicePage): string {
  const rows = page.invoices.map((invoice) =>
    Object.values(invoice)
      .map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v)))
      .join('  '),
  );
  return [...rows, `page ${page.page} of ${page.totalPages}`].join('\n');
}

/**
 * All pages of a date range, to a file or standard output. The bar shows only when a person
 * watches a terminal and the data goes to a file; piped or redirected output stays clean.
 */
async function exportInvoices(
  api: MerchantApi,
  io: CliIo,
  options: { from: string; to: string; format: string; out?: string },
): Promise<void> {
  const out = options.out ? createWriteStream(options.out) : undefined;
  const write = (text: string) => (out ? out.write(text) : io.stdout.write(text));
  const watched = Boolean(out && io.stdout.isTTY && io.stderr.isTTY);
  const query = { from: options.from, to: options.to };
  let bar: SingleBar | undefined;
  try {
    const first = await api.json<InvoicePage>('GET', '/invoices', { query: { ...query, page: 1 } });
    if (watched) {
      bar = new SingleBar({
        stream: io.stderr as NodeJS.WritableStream,
        format: `invoices {bar} {value}/{total} ${options.format === 'csv' ? 'rows' : 'pages'}`,
        hideCursor: true,
      });
      bar.start(
        Math.max(1, options.format === 'csv' ? (first.totalInvoices ?? 0) : first.totalPages),
        0,
      );
    }
    if (options.format === 'csv') {
      // The proxy owns the CSV layout (one header row, decimal amounts) and pages through Billink
      // itself; the bar counts the rows as they arrive.
      const response = await api.raw('/invoices', { query: { ...query, format: 'csv' } });
      const decoder = new TextDecoder();
      let rows = -1; // the header row
      const reader = response.body?.getReader();
      for (let part = await reader?.read(); part && !part.done; part = await reader?.read()) {
        const text = decoder.decode(part.value, { stream: true });
        rows += text.split('\n').length - 1;
        write(text);
        bar?.update(Math.max(0, rows));
      }
      write(decoder.decode());
    } else {
      const all = [...first.invoices];
      bar?.update(1);
      for (let page = 2; page <= first.totalPages; page++) {
        const next = await api.json<InvoicePage>('GET', '/invoices', { query: { ...query, page } });
        all.push(...next.invoices);
        bar?.update(page);
      }
      write(JSON.stringify(all, null, 2) + '\n');
    }
  } finally {
    bar?.stop();
    if (out) {
      await new Promise<void>((resolve, reject) =>
        out.end((error?: Error | null) => (error ? reject(error) : resolve())),
      );
    }
  }
}

/** Runs the CLI; resolves to the exit code (0 ok, 1 failed, 2 wrong usage). */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const program = createProgram(io);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version exit 0; usage errors were already printed by commander.
      return error.exitCode === 0 ? 0 : 2;
    }
    if (error instanceof CliError) {
      io.stderr.write(`billink: ${error.message}\n`);
      return 1;
    }
    io.stderr.write(`billink: ${(error as Error).message ?? String(error)}\n`);
    return 1;
  }
}
