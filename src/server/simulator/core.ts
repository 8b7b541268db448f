/**
 * Domain state and operations shared by the XML handlers, the JSON handlers and the hosted page:
 * accounts, checks, sessions, orders, the clock, webhooks and the shared answer to markers.
 * Web-standard APIs only.
 */
import { ENDPOINTS, SESSION_TTL_MS, type EndpointName } from '../billink/endpoints.js';
import { centsToDecimal } from '../billink/money.js';
import { billinkInvoiceNumber } from './rules.js';
import {
  BoundedMap,
  isOnHold,
  orderKey,
  outstandingCents,
  type Account,
  type Check,
  type Order,
  type OrderLine,
  type Session,
  type SessionStatus,
} from './state.js';
import { amsterdamTimestamp, WebhookDispatcher, type WebhookDelivery } from './webhooks.js';

export interface SimulatorAccount {
  readonly username: string;
  /** The secret merchant id (Billink documents it as a SHA-1 hash: 40 hex characters). */
  readonly billinkId: string;
  /** Workflow numbers the account may use. Default `['1', '3']`. */
  readonly workflows?: readonly string[];
  /** Preconfigured v3 signing secret (otherwise generate it via the API). */
  readonly webhookSecret?: string;
  /** Preconfigured v3 (signed) order webhook URL. */
  readonly orderWebhookUrl?: string;
  /** Preconfigured v3 (signed) session webhook URL. */
  readonly sessionWebhookUrl?: string;
  /** Where Billink e-mails the merchant. Default `{username}@merchant.invalid`. */
  readonly email?: string;
  /** Days after which Billink starts the workflow when nobody ships. Default 3 (Billink's default). */
  readonly workflowStartDelayDays?: number;
  /** Webshop settings' whitelist (Billink's trust score rule). Default: off. */
  readonly whitelist?: {
    readonly minimumPaidOrders: number;
    readonly periodDays: number;
    readonly totalAmountHigherThanCents: number;
  };
}

/** The built-in merchant; `billinkId` is SHA-1("demo-shop"), public and useless outside the simulator. */
export const DEMO_ACCOUNT = {
  username: 'demo-shop',
  billinkId: '815837e9327be35f5e2fab5594a4da8bfecd0e07',
  workflows: ['1', '3'],
} as const satisfies SimulatorAccount;

export interface SimulatorOptions {
  /** Merchant accounts. Default: `[DEMO_ACCOUNT]`. */
  readonly accounts?: readonly SimulatorAccount[];
  /**
   * Origin (optionally with a path prefix) where a browser reaches the simulator's hosted page:
   * `sessionURL = ${publicUrl}/checkout/{sessionID}`. Default: the API request's own origin.
   * A path prefix is also stripped from incoming requests, so the simulator can be mounted there.
   */
  readonly publicUrl?: string;
  /** Injectable clock (ms since epoch). Default `Date.now`. `advanceTime` adds on top of it. */
  readonly now?: () => number;
  /** Used to deliver webhooks. Default: the global `fetch` at delivery time. */
  readonly webhookFetch?: typeof fetch;
  /** Delays before retry 1, 2, 3 (Billink retries up to 3 times). Default `[1000, 4000, 16000]`. */
  readonly webhookRetryDelaysMs?: readonly number[];
  /** Per-attempt timeout of a webhook delivery. Default 10 000 ms. */
  readonly webhookTimeoutMs?: number;
  /** Bound for every in-memory collection (oldest entries are evicted). Default 10 000. */
  readonly maxEntries?: number;
  /** Prefix of Billink public invoice numbers. Default `'1SIM'`. */
  readonly invoicePrefix?: string;
  /** v3 signing secret preconfigured for every account that has none of its own. */
  readonly webhookSecret?: string;
  /** Lifetime of a Check UUID (undocumented by Billink). Default 1 hour. */
  readonly checkTtlMs?: number;
  /** Invoices per page of the Invoices (reconciliation) list. Default 50. */
  readonly invoicesPageSize?: number;
  /** Hears the e-mail Billink would send the merchant (the standalone servers log it). */
  readonly onMerchantEmail?: (mail: MerchantEmail) => void;
}

/** What Billink e-mails a merchant, e.g. after a webhook failed every retry. */
export interface MerchantEmail {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly at: number;
  readonly deliveryId: string;
}

export type CallName = EndpointName | 'hostedPage' | 'hostedPageSubmit';

export interface SimulatorStats {
  /** Requests per endpoint (every request that reached it, successful or not). */
  readonly calls: Record<CallName, number>;
  /** Webhook deliveries: `delivered`/`failed` count deliveries, `attempts` counts HTTP requests. */
  readonly webhooks: {
    readonly delivered: number;
    readonly failed: number;
    readonly attempts: number;
  };
}

export type OrderEvent =
  | 'order_placed'
  | 'order_workflow_started'
  | 'partial_payment_added'
  | 'order_paid'
  | 'partial_credit_added'
  | 'order_fully_accredited'
  | 'customer_fully_paid'
  | 'order_on_hold';

export type ItemResult = { readonly code: number; readonly message: string };

/** What `shopperPays` refuses, with a stable code for tests and tools. */
export type SimulatorErrorCode = 'unknown_invoice' | 'invalid_amount' | 'amount_above_outstanding';

/** A simulator control call (not a Billink API answer) was used wrongly. */
export class SimulatorError extends Error {
  constructor(
    readonly code: SimulatorErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'SimulatorError';
  }
}

/** The state of an order after a payment, and the order webhooks it sent (in order). */
export interface PaymentOutcome {
  readonly orderNumber: string;
  readonly invoiceNumber: string;
  readonly amountCents: number;
  readonly paidCents: number;
  readonly creditedCents: number;
  readonly outstandingCents: number;
  readonly fullyPaid: boolean;
  readonly events: readonly OrderEvent[];
}

const DAY_MS = 86_400_000;

function emptyCalls(): Record<CallName, number> {
  const calls = { hostedPage: 0, hostedPageSubmit: 0 } as Record<CallName, number>;
  for (const name of Object.keys(ENDPOINTS) as EndpointName[]) calls[name] = 0;
  return calls;
}

function randomHex(bytes: number): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (b) =>
    b.toString(16).padStart(2, '0'),
  ).join('');
}

/** Base64 of `bytes` random bytes (`btoa` exists in browsers and Node ≥ 16). */
export function randomBase64(bytes: number): string {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(bytes))));
}

export class SimulatorCore {
  readonly accounts = new Map<string, Account>();
  readonly sessions: BoundedMap<string, Session>;
  readonly checks: BoundedMap<string, Check>;
  readonly orders: BoundedMap<string, Order>;
  readonly webhooks: WebhookDispatcher;
  readonly invoicePrefix: string;
  readonly checkTtlMs: number;
  readonly invoicesPageSize: number;
  /** Download tokens of invoice documents (legacy File answers) → order key. */
  readonly invoiceFiles: BoundedMap<string, { key: string; expiresAt: number }>;
  readonly publicUrl: string | undefined;
  /** Path prefix of `publicUrl` (`''` for none), stripped from incoming requests. */
  readonly mountPath: string;
  readonly calls = emptyCalls();

  private offsetMs = 0;
  private nextOrderId = 100_001;
  private nextCustomerId = 500_001;
  private readonly baseNow: () => number;
  private readonly activeSessions = new Set<string>();
  /** Orders whose workflow has not started yet (Billink starts it after the account's delay). */
  private readonly unstarted = new Set<string>();
  private readonly waiters = new Set<() => void>();
  private closed = false;

  private readonly maxEntries: number;
  private readonly onMerchantEmail: ((mail: MerchantEmail) => void) | undefined;

  constructor(options: SimulatorOptions = {}) {
    const max = Math.max(1, options.maxEntries ?? 10_000);
    this.maxEntries = max;
    this.onMerchantEmail = options.onMerchantEmail;
    this.sessions = new BoundedMap(max);
    this.checks = new BoundedMap(max);
    this.orders = new BoundedMap(max);
    this.baseNow = options.now ?? Date.now;
    this.invoicePrefix = options.invoicePrefix ?? '1SIM';
    this.checkTtlMs = options.checkTtlMs ?? 60 * 60 * 1000;
    this.invoicesPageSize = Math.max(1, Math.floor(options.invoicesPageSize ?? 50));
    this.invoiceFiles = new BoundedMap(max);
    if (options.publicUrl !== undefined) {
      const url = new URL(options.publicUrl);
      this.mountPath = url.pathname.replace(/\/+$/, '');
      this.publicUrl = url.origin + this.mountPath;
    } else {
      this.mountPath = '';
      this.publicUrl = undefined;
    }
    for (const a of (options.accounts ?? [DEMO_ACCOUNT]) as readonly SimulatorAccount[]) {
      const secret = a.webhookSecret ?? options.webhookSecret;
      const account: Account = {
        username: a.username,
        billinkId: a.billinkId,
        workflows: new Set(a.workflows ?? ['1', '3']),
        workflowStartDelayMs: (a.workflowStartDelayDays ?? 3) * DAY_MS,
        customerIds: new BoundedMap(max),
      };
      if (a.email !== undefined) account.email = a.email;
      if (secret !== undefined) account.webhookSecret = secret;
      if (a.orderWebhookUrl !== undefined) account.orderWebhookV3Url = a.orderWebhookUrl;
      if (a.sessionWebhookUrl !== undefined) account.sessionWebhookV3Url = a.sessionWebhookUrl;
      if (a.whitelist !== undefined) account.whitelist = a.whitelist;
      this.accounts.set(a.username, account);
    }
    const webhookFetch = options.webhookFetch ?? ((input, init) => globalThis.fetch(input, init));
    this.webhooks = new WebhookDispatcher({
      fetch: webhookFetch,
      retryDelaysMs: options.webhookRetryDelaysMs ?? [1000, 4000, 16000],
      timeoutMs: options.webhookTimeoutMs ?? 10_000,
      now: () => this.now(),
      maxLog: max,
      onGaveUp: (delivery) => this.mailMerchant(delivery),
    });
  }

  now(): number {
    return this.baseNow() + this.offsetMs;
  }

  advanceTime(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0)
      throw new RangeError('advanceTime needs a non-negative number');
    this.offsetMs += ms;
    this.sweep();
  }

  // ---- accounts -------------------------------------------------------------------------------

  /** `unknown-username` (101) or `wrong-id` (102) or the account. */
  authenticate(username: unknown, billinkId: unknown): Account | 'unknown-username' | 'wrong-id' {
    const account = typeof username === 'string' ? this.accounts.get(username.trim()) : undefined;
    if (!account) return 'unknown-username';
    if (typeof billinkId !== 'string' || billinkId.trim() !== account.billinkId) return 'wrong-id';
    return account;
  }

  customerId(account: Account, email: string): string {
    const key = email.trim().toLowerCase();
    let id = account.customerIds.get(key);
    if (!id) {
      id = String(this.nextCustomerId++);
      account.customerIds.set(key, id);
    }
    return id;
  }

  // ---- checks ---------------------------------------------------------------------------------

  createCheck(account: Account, amountCents: number): Check {
    const check: Check = {
      uuid: crypto.randomUUID(),
      username: account.username,
      amountCents,
      createdAt: this.now(),
      used: false,
    };
    this.checks.set(check.uuid, check);
    return check;
  }

  // ---- orders ---------------------------------------------------------------------------------

  invoiceNumberFor(orderNumber: string): string {
    return billinkInvoiceNumber(this.invoicePrefix, orderNumber);
  }

  /** By Billink invoice number or by the merchant's own number. */
  findOrder(username: string, number: string): Order | undefined {
    const n = number.trim();
    if (!n) return undefined;
    return (
      this.orders.get(orderKey(username, n)) ??
      this.orders.get(orderKey(username, this.invoiceNumberFor(n)))
    );
  }

  orderExists(username: string, orderNumber: string): boolean {
    return this.orders.has(orderKey(username, this.invoiceNumberFor(orderNumber)));
  }

  createOrder(input: {
    account: Account;
    orderNumber: string;
    workflowNumber: string;
    amountCents: number;
    lines: readonly OrderLine[];
    source: Order['source'];
    sessionId?: string;
    customerId?: string;
  }): Order {
    const order: Order = {
      orderId: this.nextOrderId++,
      username: input.account.username,
      orderNumber: input.orderNumber.trim(),
      invoiceNumber: this.invoiceNumberFor(input.orderNumber),
      workflowNumber: input.workflowNumber,
      amountCents: input.amountCents,
      createdAt: this.now(),
      source: input.source,
      ...(input.sessionId !== undefined ? { sessionId: input.sessionId } : {}),
      ...(input.customerId !== undefined ? { customerId: input.customerId } : {}),
      lines: input.lines,
      paidCents: 0,
      payments: [],
      creditedCents: 0,
      workflowStarted: false,
      messages: [],
    };
    const key = orderKey(order.username, order.invoiceNumber);
    this.orders.set(key, order);
    this.unstarted.add(key);
    this.orderEvent(input.account, order, 'order_placed');
    return order;
  }

  /** Legacy Status: `STATUS` (-1 unknown, 0 unpaid, 1 paid) and the workflow step. */
  orderStatus(order: Order | undefined): { status: string; description: string } {
    if (!order) return { status: '-1', description: 'Order not found' };
    if (order.creditedCents >= order.amountCents)
      return { status: '1', description: 'Fully credited' };
    if (outstandingCents(order) === 0) return { status: '1', description: 'Paid' };
    const status = '0';
    if (isOnHold(order, this.now())) return { status, description: 'On hold' };
    if (order.workflowStarted) return { status, description: 'Invoice sent' };
    return { status, description: 'No steps given' };
  }

  startWorkflow(account: Account, number: string): ItemResult {
    const order = this.findOrder(account.username, number);
    if (!order) return { code: 704, message: 'Unknown invoice number' };
    if (order.workflowStarted) return { code: 707, message: 'Order workflow is already started' };
    this.beginWorkflow(account, order, 'merchant');
    return { code: 500, message: 'Success' };
  }

  private beginWorkflow(account: Account, order: Order, by: 'merchant' | 'billink'): void {
    order.workflowStarted = true;
    order.workflowStartedAt = this.now();
    order.workflowStartedBy = by;
    this.unstarted.delete(orderKey(order.username, order.invoiceNumber));
    this.orderEvent(account, order, 'order_workflow_started');
  }

  /**
   * Billink's own start: an order nobody shipped gets its workflow (the invoice goes to the
   * shopper) once the account's delay has passed — later if it is on hold then; never once
   * nothing is outstanding.
   */
  private autoStartWorkflows(): void {
    const now = this.now();
    for (const key of [...this.unstarted]) {
      const order = this.orders.get(key);
      const account = order ? this.accounts.get(order.username) : undefined;
      if (!order || !account || order.workflowStarted || outstandingCents(order) === 0) {
        this.unstarted.delete(key);
        continue;
      }
      const due = Math.max(order.createdAt + account.workflowStartDelayMs, order.onHoldUntil ?? 0);
      if (now >= due) this.beginWorkflow(account, order, 'billink');
    }
  }

  /** A download token for the order's invoice document (the legacy File answer names its URL). */
  invoiceFileToken(order: Order): string {
    const token = randomHex(16);
    this.invoiceFiles.set(token, {
      key: orderKey(order.username, order.invoiceNumber),
      expiresAt: this.now() + 60 * 60 * 1000,
    });
    return token;
  }

  /** The order behind a live download token. */
  invoiceFileOrder(token: string): Order | undefined {
    const file = this.invoiceFiles.get(token);
    if (!file || file.expiresAt <= this.now()) return undefined;
    return this.orders.get(file.key);
  }

  applyCredit(account: Account, number: string, amount: number | undefined): ItemResult {
    const order = this.findOrder(account.username, number);
    if (!order) return { code: 706, message: 'You are not allowed to manage this order' };
    if (amount === undefined || amount <= 0)
      return { code: 708, message: 'Credit cannot be applied at this stage(0)' };
    if (amount > order.amountCents - order.creditedCents)
      return { code: 707, message: 'Credit cannot be applied at this stage' };
    order.creditedCents += amount;
    const full = order.creditedCents >= order.amountCents;
    this.orderEvent(account, order, full ? 'order_fully_accredited' : 'partial_credit_added');
    const tail = outstandingCents(order) === 0 ? 'Order paid.' : 'step restarted.';
    return { code: 200, message: `Credit applied: ${centsToDecimal(amount)} EURO.; ${tail}` };
  }

  applyPayment(
    account: Account,
    number: string,
    amount: number | undefined,
    description: string,
  ): ItemResult {
    const order = this.findOrder(account.username, number);
    if (!order) return { code: 704, message: 'Unknown invoice number' };
    if (description.length > 30)
      return { code: 708, message: 'Description too long (max 30 characters)' };
    if (amount === undefined || amount <= 0) return { code: 428, message: 'Wrong amount' };
    const outstanding = outstandingCents(order);
    if (outstanding === 0) return { code: 707, message: 'Order is already paid' };
    const applied = Math.min(amount, outstanding);
    this.recordPayment(account, order, applied, 'merchant', description);
    // WooCommerce's real example: item code 500, message "Success".
    return { code: 500, message: 'Success' };
  }

  /**
   * The shopper pays (part of) an invoice to Billink. Refuses what Billink's bank would never
   * book against the invoice: an unknown invoice, a non-positive or fractional amount, more than
   * is outstanding.
   */
  shopperPays(input: {
    invoiceNumber: string;
    amountCents: number;
    username?: string;
  }): PaymentOutcome {
    const { invoiceNumber, amountCents } = input;
    const found = this.findOrderAnywhere(invoiceNumber, input.username);
    if (!found)
      throw new SimulatorError(
        'unknown_invoice',
        `shopperPays: no order with invoice or order number "${invoiceNumber}"`,
      );
    const { account, order } = found;
    if (!Number.isSafeInteger(amountCents) || amountCents <= 0)
      throw new SimulatorError(
        'invalid_amount',
        `shopperPays: amountCents must be a positive whole number of cents, got ${String(amountCents)}`,
      );
    const outstanding = outstandingCents(order);
    if (amountCents > outstanding)
      throw new SimulatorError(
        'amount_above_outstanding',
        `shopperPays: ${centsToDecimal(amountCents)} is more than the ${centsToDecimal(outstanding)} still outstanding on ${order.invoiceNumber}`,
      );
    return this.recordPayment(account, order, amountCents, 'shopper', '');
  }

  /** By Billink or merchant number, in `username`'s account or else in any account. */
  findOrderAnywhere(
    number: string,
    username?: string,
  ): { account: Account; order: Order } | undefined {
    const names = username !== undefined ? [username] : [...this.accounts.keys()];
    for (const name of names) {
      const account = this.accounts.get(name);
      const order = account ? this.findOrder(name, number) : undefined;
      if (account && order) return { account, order };
    }
    return undefined;
  }

  /**
   * Books a payment and sends what Billink sends: `partial_payment_added` while something stays
   * open; `order_paid` when nothing does, then `customer_fully_paid` when none of the customer's
   * other orders is open either.
   */
  private recordPayment(
    account: Account,
    order: Order,
    amountCents: number,
    by: 'shopper' | 'merchant',
    description: string,
  ): PaymentOutcome {
    order.paidCents += amountCents;
    order.payments.push({ at: this.now(), amountCents, by, description });
    const events: OrderEvent[] = [];
    const fullyPaid = outstandingCents(order) === 0;
    if (!fullyPaid) events.push('partial_payment_added');
    else {
      events.push('order_paid');
      if (this.customerClear(order)) events.push('customer_fully_paid');
    }
    for (const event of events) this.orderEvent(account, order, event);
    return {
      orderNumber: order.orderNumber,
      invoiceNumber: order.invoiceNumber,
      amountCents: order.amountCents,
      paidCents: order.paidCents,
      creditedCents: order.creditedCents,
      outstandingCents: outstandingCents(order),
      fullyPaid,
      events,
    };
  }

  /** True when no order of `order`'s customer (same account) has anything outstanding. */
  private customerClear(order: Order): boolean {
    if (order.customerId === undefined) return outstandingCents(order) === 0;
    for (const other of this.orders.values())
      if (
        other.username === order.username &&
        other.customerId === order.customerId &&
        outstandingCents(other) > 0
      )
        return false;
    return true;
  }

  // ---- sessions -------------------------------------------------------------------------------

  addSession(session: Session): void {
    this.sessions.set(session.id, session);
    this.activeSessions.add(session.id);
    this.sessionWebhook(session);
  }

  /** The session with its status brought up to date (expiry). */
  getSession(id: string): Session | undefined {
    const session = this.sessions.get(id);
    if (session) this.expireIfDue(session);
    return session;
  }

  setSessionStatus(session: Session, status: SessionStatus): void {
    if (session.status === status) return;
    session.status = status;
    if (status !== 'session_active') this.activeSessions.delete(session.id);
    this.sessionWebhook(session);
  }

  /** Expires overdue sessions and starts due workflows (each fires its webhooks). */
  sweep(): void {
    this.autoStartWorkflows();
    for (const id of [...this.activeSessions]) {
      const session = this.sessions.get(id);
      if (!session) this.activeSessions.delete(id);
      else this.expireIfDue(session);
    }
  }

  private expireIfDue(session: Session): void {
    if (session.status === 'session_active' && this.now() >= session.expiresAt)
      this.setSessionStatus(session, 'session_expired');
  }

  newSessionTimes(): { createdAt: number; expiresAt: number } {
    const createdAt = this.now();
    return { createdAt, expiresAt: createdAt + SESSION_TTL_MS };
  }

  newTransactionId(): string {
    return `tx_${randomHex(8)}`;
  }

  // ---- webhooks -------------------------------------------------------------------------------

  private sessionWebhook(session: Session): void {
    const account = this.accounts.get(session.username);
    if (!account) return;
    const payload = {
      status: session.status,
      invoiceNumber: session.orderNumber,
      transactionId: session.transactionId,
      billinkInvoiceNumber: session.invoiceNumber,
    };
    if (account.sessionWebhookV3Url && account.webhookSecret !== undefined)
      this.webhooks.send(
        'session',
        account.sessionWebhookV3Url,
        payload,
        account.webhookSecret,
        account.username,
      );
    if (account.sessionWebhookUrl)
      this.webhooks.send(
        'session',
        account.sessionWebhookUrl,
        payload,
        undefined,
        account.username,
      );
  }

  orderEvent(account: Account, order: Order, event: OrderEvent): void {
    const payload = {
      order_id: order.orderId,
      invoice_number_clean: order.orderNumber,
      invoice_number: order.invoiceNumber,
      workflow_id: Number(order.workflowNumber),
      event,
      timestamp: amsterdamTimestamp(this.now()),
    };
    if (account.orderWebhookV3Url && account.webhookSecret !== undefined)
      this.webhooks.send(
        'order',
        account.orderWebhookV3Url,
        payload,
        account.webhookSecret,
        account.username,
      );
    if (account.orderWebhookUrl)
      this.webhooks.send('order', account.orderWebhookUrl, payload, undefined, account.username);
  }

  get webhookLog(): readonly WebhookDelivery[] {
    return this.webhooks.log;
  }

  /** The e-mails Billink would have sent merchants (bounded like every log). */
  readonly merchantEmails: MerchantEmail[] = [];

  /** After the third failed retry Billink e-mails the merchant (docs: webhooks, retries). */
  private mailMerchant(delivery: WebhookDelivery): void {
    const account = this.accounts.get(delivery.account);
    const last = delivery.attempts.at(-1);
    const mail: MerchantEmail = {
      to: account?.email ?? `${delivery.account}@merchant.invalid`,
      subject: `Billink: webhook delivery to ${delivery.url} failed`,
      text:
        `We could not deliver a ${delivery.kind} webhook (id ${delivery.id}) to ${delivery.url}: ` +
        `${delivery.attempts.length} attempts failed, the last with ` +
        `${last?.status !== undefined ? `HTTP ${last.status}` : (last?.error ?? 'no answer')}. ` +
        'Check the URL and your server, or set the webhook again in your Billink account.',
      at: this.now(),
      deliveryId: delivery.id,
    };
    this.merchantEmails.push(mail);
    if (this.merchantEmails.length > this.maxEntries) this.merchantEmails.shift();
    this.onMerchantEmail?.(mail);
  }

  // ---- waiting (slow / timeout markers) -------------------------------------------------------

  /** Waits `ms` unless `signal` aborts or the simulator closes first (then resolves `false`). */
  wait(ms: number, signal: AbortSignal): Promise<boolean> {
    return new Promise((resolve) => {
      if (this.closed || signal.aborted) return resolve(false);
      const done = (ok: boolean): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        this.waiters.delete(onAbort);
        resolve(ok);
      };
      const onAbort = (): void => done(false);
      const timer = setTimeout(() => done(true), ms);
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiters.add(onAbort);
    });
  }

  /** Never resolves until `signal` aborts or the simulator closes (the `timeout` marker). */
  hang(signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (this.closed || signal.aborted) return resolve();
      // Like an open socket, a hanging request keeps the process alive until it is aborted.
      const keepAlive = setInterval(() => undefined, 60_000);
      const done = (): void => {
        clearInterval(keepAlive);
        signal.removeEventListener('abort', done);
        this.waiters.delete(done);
        resolve();
      };
      signal.addEventListener('abort', done, { once: true });
      this.waiters.add(done);
    });
  }

  close(): void {
    this.closed = true;
    for (const w of [...this.waiters]) w();
    this.webhooks.close();
  }

  get isClosed(): boolean {
    return this.closed;
  }
}
