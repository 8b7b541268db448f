/**
 * `/admin`: the demo's back office. Every read and change goes through the proxy's merchant API
 * (server side, with the key); the browser gets HTML and forms that POST and redirect, guarded by
 * the session cookie and an Origin check. What a form asks Billink to do with money carries a key
 * from the page, so a double click or a resent form does it once.
 */
import { randomUUID } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { csrf } from 'hono/csrf';
import { CliError } from '../../../src/server/cli/merchant-api.js';
import { decimalToCents } from '../../../src/shared/money.js';
import type { MerchantClient, MerchantOrder } from './merchant.js';
import { adminLang, createSessions, type Flash } from './session.js';
import { money, text, type AdminLang, type TextKey } from './texts.js';
import {
  invoicesPage,
  loginPage,
  notFoundPage,
  orderPage,
  ordersPage,
  type View,
} from './views.js';

/** A form value the page must fix before anything is asked of the proxy. */
class FormError extends Error {
  constructor(
    readonly field: string,
    readonly key: TextKey,
  ) {
    super(key);
  }
}

const KEY = /^[A-Za-z0-9_.:-]{8,200}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const amsterdamDay = (ms: number) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(new Date(ms));
const isDate = (s: string) => DATE.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`));

type Form = Record<string, string>;
interface ActionContext {
  ref: string;
  form: Form;
  lang: AdminLang;
}
interface Action {
  /** Form field name → [input id on the page, the merchant API's name for it]. */
  fields: Record<string, [id: string, apiField: string]>;
  /** Changes with no idempotency of their own at the proxy run once per form key. */
  oncePerKey?: boolean;
  run(x: ActionContext): Promise<string>;
}

function amountOf(form: Form, id: string): number {
  const cents = decimalToCents(form['amount'] ?? '');
  if (cents === undefined || cents <= 0) throw new FormError(id, 'badAmount');
  return cents;
}
function required(form: Form, name: string, id: string): string {
  const value = (form[name] ?? '').trim();
  if (!value) throw new FormError(id, 'required');
  return value;
}

export function adminRoutes(options: {
  password: string;
  merchant: MerchantClient;
  /** The merchant API has the simulator's "the shopper pays" route. */
  simulator: boolean;
}): Hono {
  const { merchant } = options;
  const sessions = createSessions(options.password);
  const routes = new Hono();

  const view = (c: Context, flash?: Flash): View => ({
    lang: adminLang(c),
    url: new URL(c.req.url),
    flash,
    loggedIn: !!sessions.current(c),
  });

  const actions: Record<string, Action> = {
    ship: {
      fields: { trackAndTrace: ['ship-track', 'trackAndTrace'] },
      async run({ ref, form, lang }) {
        await merchant.ship(ref, form['trackAndTrace']?.trim() || undefined, lang);
        return text(lang, 'doneShipped');
      },
    },
    credit: {
      fields: {
        amount: ['credit-amount', 'amountCents'],
        description: ['credit-description', 'description'],
      },
      // The proxy's Idempotency-Key makes a repeat credit nothing; this says so to the user.
      oncePerKey: true,
      async run({ ref, form, lang }) {
        const amountCents = amountOf(form, 'credit-amount');
        const description = required(form, 'description', 'credit-description');
        const key = form['key'] ?? '';
        if (!KEY.test(key)) throw new FormError('credit-amount', 'required');
        await merchant.credit(ref, { amountCents, description }, key, lang);
        return `${text(lang, 'doneCredit')}: ${money(lang, amountCents)}.`;
      },
    },
    hold: {
      fields: { days: ['hold-days', 'days'] },
      async run({ ref, form, lang }) {
        const days = form['days']?.trim() ?? '';
        if (!/^\d{1,3}$/.test(days)) throw new FormError('hold-days', 'badDays');
        // 1–14 is Billink's rule: the proxy refuses the rest with its own words.
        await merchant.hold(ref, Number(days), lang);
        return `${text(lang, 'doneHold')} ${days} ${text(lang, 'days')}.`;
      },
    },
    resume: {
      fields: {},
      async run({ ref, lang }) {
        await merchant.resume(ref, lang);
        return text(lang, 'doneResume');
      },
    },
    message: {
      fields: { message: ['message-text', 'message'] },
      oncePerKey: true,
      async run({ ref, form, lang }) {
        await merchant.message(ref, required(form, 'message', 'message-text'), lang);
        return text(lang, 'doneMessage');
      },
    },
    ...(options.simulator
      ? {
          pay: {
            fields: { amount: ['pay-amount', 'amountCents'] },
            oncePerKey: true,
            async run({ ref, form, lang }: ActionContext) {
              const amountCents = amountOf(form, 'pay-amount');
              await merchant.shopperPays(ref, amountCents, lang);
              return `${text(lang, 'donePay')} ${money(lang, amountCents)}.`;
            },
          } satisfies Action,
        }
      : {}),
  };

  /** A refusal in the user's words, pinned to the field it is about. */
  function failure(error: unknown, action: Action, form: Form, lang: AdminLang): Flash {
    const values = Object.fromEntries(
      Object.entries(action.fields).map(([name, [id]]) => [id, form[name] ?? '']),
    );
    if (error instanceof FormError) {
      return { kind: 'error', text: text(lang, error.key), field: error.field, values };
    }
    if (!(error instanceof CliError)) throw error;
    if (error.code === 'network') return { kind: 'error', text: text(lang, 'proxyDown'), values };
    const field = Object.values(action.fields).find(([, api]) => api === error.field)?.[0];
    return {
      kind: 'error',
      text: error.detail ? `${error.message} (${error.detail})` : error.message,
      ...(field ? { field } : {}),
      values,
    };
  }

  routes.use('/admin', csrf());
  routes.use('/admin/*', csrf());
  routes.use('/admin/*', async (c, next) => {
    await next();
    c.header('cache-control', 'no-store');
  });

  routes.post('/admin/login', async (c) => {
    const form = await c.req.parseBody();
    const given = typeof form['password'] === 'string' ? form['password'] : '';
    if (sessions.logIn(c, given)) return c.redirect('/admin', 303);
    const lang = adminLang(c);
    const flash: Flash = { kind: 'error', text: text(lang, 'wrongPassword'), field: 'password' };
    return c.html(loginPage(view(c, flash)), 401);
  });

  // Everything else needs the session; without one, /admin is the login page.
  routes.use('/admin/*', async (c, next) => {
    if (sessions.current(c) || c.req.path === '/admin') return next();
    return c.redirect('/admin', 303);
  });

  routes.post('/admin/logout', (c) => {
    sessions.logOut(c);
    return c.redirect('/admin', 303);
  });

  routes.get('/admin', async (c) => {
    const session = sessions.current(c);
    if (!session) return c.html(loginPage(view(c)));
    const lang = adminLang(c);
    const found = await merchant.orders(lang);
    const flash = session.flash;
    delete session.flash;
    return c.html(ordersPage(view(c, flash), found));
  });

  routes.get('/admin/orders/:ref', async (c) => {
    const session = sessions.current(c)!;
    const lang = adminLang(c);
    let order: MerchantOrder;
    try {
      order = await merchant.order(c.req.param('ref'), lang);
    } catch (error) {
      if (error instanceof CliError && error.status === 404) {
        return c.html(notFoundPage(view(c)), 404);
      }
      throw error;
    }
    const flash = session.flash;
    delete session.flash;
    return c.html(
      orderPage(view(c, flash), order, { simulator: options.simulator, newKey: randomUUID }),
    );
  });

  routes.post('/admin/orders/:ref/:action', async (c) => {
    const session = sessions.current(c)!;
    const ref = c.req.param('ref');
    const action = Object.hasOwn(actions, c.req.param('action'))
      ? actions[c.req.param('action')]
      : undefined;
    if (!action) return c.notFound();
    const lang = adminLang(c);
    const body = await c.req.parseBody();
    const form: Form = Object.fromEntries(
      Object.entries(body).filter((e): e is [string, string] => typeof e[1] === 'string'),
    );
    const key = form['key'] ?? '';
    if (action.oncePerKey && (!KEY.test(key) || session.usedKeys.has(key))) {
      session.flash = { kind: 'ok', text: text(lang, 'alreadyDone') };
    } else {
      if (action.oncePerKey) session.usedKeys.add(key);
      try {
        session.flash = { kind: 'ok', text: await action.run({ ref, form, lang }) };
      } catch (error) {
        // Nothing was done: the same form may be sent again.
        if (action.oncePerKey) session.usedKeys.delete(key);
        session.flash = failure(error, action, form, lang);
      }
    }
    return c.redirect(`/admin/orders/${encodeURIComponent(ref)}`, 303);
  });

  /** The date range asked for, last 30 days by default, or the field to fix. */
  function rangeOf(c: Context): { from: string; to: string; error?: FormError } {
    const today = amsterdamDay(Date.now());
    const from = c.req.query('from') ?? amsterdamDay(Date.now() - 30 * 24 * 60 * 60 * 1000);
    const to = c.req.query('to') ?? today;
    if (!isDate(from)) return { from, to, error: new FormError('from', 'badDate') };
    if (!isDate(to)) return { from, to, error: new FormError('to', 'badDate') };
    if (from > to) return { from, to, error: new FormError('from', 'badRange') };
    return { from, to };
  }

  routes.get('/admin/invoices', async (c) => {
    const lang = adminLang(c);
    const { error, ...range } = rangeOf(c);
    if (error) {
      const flash: Flash = {
        kind: 'error',
        text: text(lang, error.key),
        field: error.field,
        values: range,
      };
      return c.html(invoicesPage(view(c, flash), range, undefined), 400);
    }
    try {
      return c.html(invoicesPage(view(c), range, await merchant.invoices(range, lang)));
    } catch (failed) {
      if (!(failed instanceof CliError)) throw failed;
      const flash: Flash = { kind: 'error', text: failed.message };
      return c.html(invoicesPage(view(c, flash), range, undefined), 502);
    }
  });

  routes.get('/admin/invoices.csv', async (c) => {
    const { error, ...range } = rangeOf(c);
    if (error) return c.text(text(adminLang(c), error.key), 400);
    const csv = await merchant.invoicesCsv(range);
    return new Response(csv.body, {
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="billink-invoices-${range.from}-${range.to}.csv"`,
        'cache-control': 'no-store',
      },
    });
  });

  return routes;
}
