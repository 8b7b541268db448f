/**
 * The server-side Billink client. Every path, XML ACTION and retry flag comes from ENDPOINTS, so the
 * simulator and the client cannot drift apart. Credentials only ever go into request bodies and are
 * redacted from every error that leaves this module.
 */
import {
  BASE_URLS,
  ENDPOINTS,
  LEGACY_VERSION,
  type BillinkEnvironment,
  type EndpointDefinition,
  type EndpointName,
} from './endpoints.js';
import { BillinkError, redactError, redactText } from './errors.js';
import { interpretJson, type JsonObject } from './json-envelope.js';
import { interpretXml, type LegacyAnswer } from './legacy-envelope.js';
import {
  checkFields,
  creditFields,
  orderFields,
  paymentFields,
  startWorkflowFields,
  statusFields,
} from './legacy-fields.js';
import { centsToDecimal } from './money.js';
import {
  createPacer,
  realClock,
  retryAfterMs,
  type PacingClock,
  type PacingOptions,
} from './pacing.js';
import { requireCents } from './order-amounts.js';
import * as read from './responses.js';
import { sessionCreateBody } from './session-fields.js';
import {
  DEFAULT_RETRY,
  postOnce,
  withRetry,
  type FetchLike,
  type HttpAnswer,
  type RetryPolicy,
} from './transport.js';
import { buildApiXml, type XmlElement } from './xml.js';
import type {
  CallOptions,
  CheckInput,
  CheckResult,
  CodeDescription,
  CreateSessionInput,
  CreateSessionResult,
  CreditInput,
  InvoiceFileInput,
  InvoiceFileResult,
  InvoicesInput,
  InvoicesResult,
  ItemsResult,
  LegacyOrderInput,
  LegacyOrderResult,
  MerchantCreateInput,
  MerchantCreateResult,
  MessageInput,
  OnHoldInput,
  OrderInfoInput,
  OrderInfoResult,
  PaymentInput,
  ResumeInput,
  SessionStatusInput,
  SessionStatusResult,
  StartWorkflowInput,
  StatusMessageResult,
  WebhookSecretResult,
  WebshopSettings,
} from './types.js';

/** What the client may log: never bodies, credentials or shopper data. */
export interface BillinkLogEntry {
  operation: EndpointName;
  /** "ok" or the BillinkError code. */
  code: string;
  durationMs: number;
  attempt: number;
  httpStatus?: number | undefined;
  retryInMs?: number;
}

export interface BillinkLogger {
  debug?: (message: string, entry: BillinkLogEntry) => void;
  warn?: (message: string, entry: BillinkLogEntry) => void;
}

export interface BillinkClientConfig {
  /** Billink username (`billinkUsername` / `CLIENTUSERNAME`). */
  username: string;
  /** Billink ID, the API secret (`billinkID` / `CLIENTID`). Never leaves the server. */
  billinkId: string;
  environment: BillinkEnvironment;
  /** Overrides the environment's base URL (e.g. the simulator). May include a path prefix. */
  baseUrl?: string;
  /** Defaults to the global fetch, looked up per call (so test interceptors apply). */
  fetch?: FetchLike;
  /** Per-attempt timeout, default 10 000 ms. */
  timeoutMs?: number;
  /** Default workflow for sessions and legacy check/order, default "1". */
  workflowNumber?: string;
  /** Backoff for idempotent reads and for connections that failed before sending. */
  retry?: Partial<RetryPolicy>;
  /**
   * The client's own request pacing: a token bucket per operation (default 5 calls/s, bursts of
   * 10; the checkout's check, order, session create/status 50/s, bursts of 100; per-operation
   * overrides) and retries of Billink's limit error (111 / HTTP 429) after its Retry-After or
   * `limitWaitMs` (default 2 s, at most `limitRetries` = 2 times, none on the checkout's own
   * calls, never waiting longer than `maxLimitWaitMs` = 30 s). See DEFAULT_PACING. `false` turns
   * pacing off (limit retries too).
   */
  pacing?: Partial<PacingOptions> | false;
  /** Time for pacing (tests use a fake clock). */
  clock?: PacingClock;
  logger?: BillinkLogger;
}

/** Typed access to every documented Billink operation. All methods throw {@link BillinkError}. */
export interface BillinkClient {
  /** v2 hosted checkout: returns the `sessionUrl` to redirect the shopper to. */
  createSession(input: CreateSessionInput, options?: CallOptions): Promise<CreateSessionResult>;
  /** v2 session state; retried on transient failures. */
  sessionStatus(input: SessionStatusInput, options?: CallOptions): Promise<SessionStatusResult>;
  /** v2 whitelist settings (Magento's payTrustScore logic). */
  webshopSettings(options?: CallOptions): Promise<WebshopSettings>;
  /** v2 credit (refund); per-invoice code 200 = applied. */
  credit(input: CreditInput, options?: CallOptions): Promise<ItemsResult>;
  /** v2: generates the one v3 webhook signing secret (returned only here). */
  generateWebhookSecret(options?: CallOptions): Promise<WebhookSecretResult>;
  setOrderWebhookV3(url: string, options?: CallOptions): Promise<StatusMessageResult>;
  setSessionWebhookV3(url: string, options?: CallOptions): Promise<StatusMessageResult>;
  /** Unsigned (non-v3) webhooks; paths inferred. */
  setOrderWebhook(url: string, options?: CallOptions): Promise<StatusMessageResult>;
  disableOrderWebhook(options?: CallOptions): Promise<StatusMessageResult>;
  setSessionWebhook(url: string, options?: CallOptions): Promise<StatusMessageResult>;
  disableSessionWebhook(options?: CallOptions): Promise<StatusMessageResult>;
  /** v2 reconciliation list (path inferred). */
  invoices(input?: InvoicesInput, options?: CallOptions): Promise<InvoicesResult>;
  /** v2 partners-only sub-merchant onboarding (path inferred). */
  createMerchant(input: MerchantCreateInput, options?: CallOptions): Promise<MerchantCreateResult>;

  /** Legacy credit check: 500 accepted (with checkUuid), 501 rejected (a normal outcome). */
  check(input: CheckInput, options?: CallOptions): Promise<CheckResult>;
  /** Legacy order, optionally a `validateOnly` dry run. */
  order(input: LegacyOrderInput, options?: CallOptions): Promise<LegacyOrderResult>;
  /** Payment status and workflow step per invoice (legacy Status). */
  orderInfo(input: OrderInfoInput, options?: CallOptions): Promise<OrderInfoResult>;
  /** Starts collection after delivery; item 500 = started, 707 = already started (both ok). */
  startWorkflow(input: StartWorkflowInput, options?: CallOptions): Promise<ItemsResult>;
  /** Registers payments made outside Billink; item 200 or 500 = ok. */
  registerPayment(input: PaymentInput, options?: CallOptions): Promise<ItemsResult>;
  onHold(input: OnHoldInput, options?: CallOptions): Promise<CodeDescription>;
  resume(input: ResumeInput, options?: CallOptions): Promise<CodeDescription>;
  /** Internal note for Billink customer service. */
  message(input: MessageInput, options?: CallOptions): Promise<CodeDescription>;
  /** Legacy credit; same outcome rules as {@link credit}. */
  legacyCredit(input: CreditInput, options?: CallOptions): Promise<ItemsResult>;
  /** Invoice download: the file name/URL Billink returns. */
  invoiceFile(input: InvoiceFileInput, options?: CallOptions): Promise<InvoiceFileResult>;
}

const DEFAULT_TIMEOUT_MS = 10_000;

/** Billink's "Request limit exceeded" (code 111), or an HTTP 429 from a gateway before it. */
const isLimitError = (error: BillinkError) => error.code === '111' || error.httpStatus === 429;

/** Creates a client. Throws TypeError (without echoing values) on an unusable config. */
export function createBillinkClient(config: BillinkClientConfig): BillinkClient {
  if (!config.username || !config.billinkId)
    throw new TypeError('Billink username and billinkId are required');
  const base = (config.baseUrl ?? BASE_URLS[config.environment]).replace(/\/+$/, '');
  if (!base) throw new TypeError('unknown Billink environment');
  const timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!(timeoutMs > 0)) throw new TypeError('timeoutMs must be positive');
  const retry: RetryPolicy = { ...DEFAULT_RETRY, ...config.retry };
  const clock = config.clock ?? realClock;
  const pacer = config.pacing === false ? undefined : createPacer(config.pacing, clock);
  const workflowNumber = config.workflowNumber ?? '1';
  const secrets = [config.billinkId, config.username];
  const fetchImpl: FetchLike = config.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const logger = config.logger;
  const credentials = { billinkUsername: config.username, billinkID: config.billinkId };

  /**
   * Billink refused the call for its request limit (it did nothing: safe even for a write): wait
   * what it asks (Retry-After) or `limitWaitMs`, and try again, a bounded number of times.
   */
  async function retryLimited<T>(
    run: () => Promise<T>,
    retryAfter: () => number | undefined,
    operation: EndpointName,
    signal: AbortSignal | undefined,
  ): Promise<T> {
    for (let turn = 0; ; turn++) {
      try {
        return await run();
      } catch (error) {
        if (!pacer || !(error instanceof BillinkError) || !isLimitError(error)) throw error;
        const { limitWaitMs, maxLimitWaitMs } = pacer.options;
        const delayMs = retryAfter() ?? limitWaitMs;
        if (turn >= pacer.limitRetries(operation) || delayMs > maxLimitWaitMs || signal?.aborted)
          throw error;
        logger?.warn?.('billink request limit, waiting', {
          operation,
          code: error.code,
          durationMs: 0,
          attempt: turn + 1,
          retryInMs: delayMs,
        });
        await clock.sleep(delayMs, signal);
      }
    }
  }

  /**
   * One operation: build the body (validation errors happen here, before any request), then post
   * with retry. Reads flagged `idempotentRead` retry every retryable failure; writes only when the
   * connection failed before anything was sent.
   */
  async function execute<T>(
    operation: EndpointName,
    options: CallOptions | undefined,
    prepare: () => { body: string; contentType: string; query?: URLSearchParams | undefined },
    interpret: (answer: HttpAnswer) => T,
  ): Promise<T> {
    const endpoint = ENDPOINTS[operation];
    const started = Date.now();
    let attemptNo = 0;
    try {
      const { body, contentType, query } = prepare();
      const qs = query?.toString();
      const url = `${base}${endpoint.path}${qs ? `?${qs}` : ''}`;
      let waitMs: number | undefined;
      const once = () =>
        withRetry(
          retry,
          {
            shouldRetry: (error) =>
              !isLimitError(error) && (endpoint.idempotentRead ? error.retryable : error.notSent),
            onRetry: (error, attempt, delayMs) =>
              logger?.warn?.('billink retry', {
                operation,
                code: error.code,
                durationMs: Date.now() - started,
                attempt,
                httpStatus: error.httpStatus,
                retryInMs: delayMs,
              }),
            signal: options?.signal,
          },
          async (attempt) => {
            attemptNo = attempt;
            await pacer?.acquire(operation, options?.signal);
            const answer = await postOnce({
              operation,
              url,
              headers: { 'Content-Type': contentType, Accept: contentType },
              body,
              timeoutMs,
              signal: options?.signal,
              fetch: fetchImpl,
            });
            waitMs = retryAfterMs(answer.retryAfter ?? null, clock.now());
            return interpret(answer);
          },
        );
      const result = await retryLimited(once, () => waitMs, operation, options?.signal);
      logger?.debug?.('billink call', {
        operation,
        code: 'ok',
        durationMs: Date.now() - started,
        attempt: attemptNo,
      });
      return result;
    } catch (error) {
      const failure =
        error instanceof BillinkError
          ? redactError(error, secrets)
          : new BillinkError({
              code: 'invalid_request',
              description: redactText(
                error instanceof Error ? error.message : 'could not build the request',
                secrets,
              ),
              operation,
              retryable: false,
            });
      logger?.warn?.('billink call failed', {
        operation,
        code: failure.code,
        durationMs: Date.now() - started,
        attempt: attemptNo,
        httpStatus: failure.httpStatus,
      });
      throw failure;
    }
  }

  function json<T>(
    operation: EndpointName,
    options: CallOptions | undefined,
    body: () => object,
    readBody: (body: JsonObject, httpStatus: number) => T,
    query?: URLSearchParams,
  ): Promise<T> {
    return execute(
      operation,
      options,
      () => ({ body: JSON.stringify(body()), contentType: 'application/json', query }),
      (answer) => readBody(interpretJson(operation, answer.status, answer.text), answer.status),
    );
  }

  function xml<T>(
    operation: EndpointName,
    options: CallOptions | undefined,
    fields: () => XmlElement,
    readAnswer: (answer: LegacyAnswer, httpStatus: number) => T,
  ): Promise<T> {
    const endpoint: EndpointDefinition = ENDPOINTS[operation];
    return execute(
      operation,
      options,
      () => ({
        body: buildApiXml({
          VERSION: LEGACY_VERSION,
          CLIENTUSERNAME: config.username,
          CLIENTID: config.billinkId,
          ACTION: endpoint.action,
          ...fields(),
        }),
        contentType: 'text/xml',
      }),
      (answer) => readAnswer(interpretXml(operation, answer.status, answer.text), answer.status),
    );
  }

  const webhookUrl = (operation: EndpointName, url: string, options?: CallOptions) =>
    json(
      operation,
      options,
      () => ({ ...credentials, url }),
      (b, s) => read.readStatusMessage(operation, b, s),
    );
  const credentialsOnly = (operation: EndpointName, options?: CallOptions) =>
    json(
      operation,
      options,
      () => credentials,
      (b, s) => read.readStatusMessage(operation, b, s),
    );

  return {
    createSession: (input, options) =>
      json(
        'sessionCreate',
        options,
        () => sessionCreateBody({ ...credentials, workflowNumber }, input),
        read.readSessionCreate,
      ),

    sessionStatus: (input, options) =>
      json(
        'sessionStatus',
        options,
        () =>
          'sessionId' in input
            ? { ...credentials, sessionID: input.sessionId }
            : { ...credentials, billinkInvoiceNumber: input.billinkInvoiceNumber },
        read.readSessionStatus,
      ),

    webshopSettings: (options) =>
      json('webshopSettings', options, () => credentials, read.readWebshopSettings),

    credit: (input, options) =>
      json(
        'credit',
        options,
        () => ({
          ...credentials,
          invoices: input.invoices.map((inv) => ({
            number: inv.invoiceNumber,
            // Documented as a JSON number (example 1.5); derived from cents so no float arithmetic.
            creditAmount: Number(
              centsToDecimal(requireCents('credit', inv.amountCents, 'amountCents')),
            ),
            description: inv.description,
          })),
          ...(input.returnCostsCents === undefined
            ? {}
            : {
                returnCosts: 1,
                returnCostsAmount: Number(
                  centsToDecimal(
                    requireCents('credit', input.returnCostsCents, 'returnCostsCents'),
                  ),
                ),
              }),
        }),
        (b, s) => ({ items: read.readV2Credit(b, s) }),
      ),

    generateWebhookSecret: (options) =>
      json('webhookV3SecretGenerate', options, () => credentials, read.readWebhookSecret),
    setOrderWebhookV3: (url, options) => webhookUrl('orderWebhookV3Set', url, options),
    setSessionWebhookV3: (url, options) => webhookUrl('sessionWebhookV3Set', url, options),
    setOrderWebhook: (url, options) => webhookUrl('orderWebhookSet', url, options),
    disableOrderWebhook: (options) => credentialsOnly('orderWebhookDisable', options),
    setSessionWebhook: (url, options) => webhookUrl('sessionWebhookSet', url, options),
    disableSessionWebhook: (options) => credentialsOnly('sessionWebhookDisable', options),

    invoices: (input = {}, options) => {
      const query = new URLSearchParams();
      if (input.page !== undefined) query.set('page', String(input.page));
      if (input.dateFrom !== undefined) query.set('date_from', input.dateFrom);
      if (input.dateTo !== undefined) query.set('date_to', input.dateTo);
      return json(
        'invoices',
        options,
        // The Invoices page spells the id `billinkId` (lower-case d).
        () => ({ billinkUsername: config.username, billinkId: config.billinkId }),
        read.readInvoices,
        query,
      );
    },

    createMerchant: (input, options) =>
      json(
        'merchantCreate',
        options,
        () => {
          const { accountHolder, ...rest } = input;
          return { ...credentials, ...rest, tnv: accountHolder };
        },
        read.readMerchantCreate,
      ),

    check: (input, options) =>
      xml('legacyCheck', options, () => checkFields(input, workflowNumber), read.readCheck),

    order: (input, options) =>
      xml('legacyOrder', options, () => orderFields(input, workflowNumber), read.readOrder),

    orderInfo: (input, options) =>
      xml('legacyStatus', options, () => statusFields(input.invoices), read.readOrderInfo),

    startWorkflow: (input, options) =>
      xml(
        'legacyStartWorkflow',
        options,
        () => startWorkflowFields(input),
        (a, s) => ({
          items: read.readLegacyItems('legacyStartWorkflow', a, s),
        }),
      ),

    registerPayment: (input, options) =>
      xml(
        'legacyPayment',
        options,
        () => paymentFields(input),
        (a, s) => ({
          items: read.readLegacyItems('legacyPayment', a, s),
        }),
      ),

    onHold: (input, options) =>
      xml(
        'legacyOnHold',
        options,
        () => ({
          WORKFLOWNUMBER: input.workflowNumber,
          INVOICENUMBER: input.invoiceNumber,
          DAYS: input.days === undefined ? undefined : String(input.days),
        }),
        read.readCodeDescription('legacyOnHold'),
      ),

    resume: (input, options) =>
      xml(
        'legacyResume',
        options,
        () => ({
          WORKFLOWNUMBER: input.workflowNumber,
          INVOICENUMBER: input.invoiceNumber,
          RESUME: 'y',
        }),
        read.readCodeDescription('legacyResume'),
      ),

    message: (input, options) =>
      xml(
        'legacyMessage',
        options,
        () => ({
          WORKFLOWNUMBER: input.workflowNumber,
          INVOICENUMBER: input.invoiceNumber,
          MESSAGE: input.message,
        }),
        read.readCodeDescription('legacyMessage'),
      ),

    legacyCredit: (input, options) =>
      xml(
        'legacyCredit',
        options,
        () => creditFields(input),
        (a, s) => ({
          items: read.readLegacyItems('legacyCredit', a, s),
        }),
      ),

    invoiceFile: (input, options) =>
      xml(
        'legacyFile',
        options,
        () => ({ WORKFLOWNUMBER: input.workflowNumber, INVOICENUMBER: input.invoiceNumber }),
        read.readFile,
      ),
  };
}
