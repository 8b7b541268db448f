/**
 * v2 JSON endpoints. Two answer families (reference §1.2):
 * - status/message (sessions, webhook configuration): real HTTP status codes, `{status, message}`;
 *   Create Session's validation failures are HTTP 400 `{error_backend: {…}}`.
 * - result/code (credit): always HTTP 200, `{result:'MSG', …}` or `{result:'ERROR', error:{code, description}}`.
 */
import { ENDPOINTS, type EndpointName } from '../billink/endpoints.js';
import { centsToDecimal, decimalToCents } from '../billink/money.js';
import { randomBase64, type SimulatorCore } from './core.js';
import { errorDescription, markersOf, planMarkers } from './markers.js';
import { answerMarkers, jsonResponse } from './respond.js';
import {
  anyCents,
  checkBirthdate,
  countryCodeValid,
  emailValid,
  houseExtensionValid,
  houseNumberValid,
  isAbsoluteHttpUrl,
  ORDER_NUMBER_MAX,
  orderNumberCharsValid,
  phoneValid,
  positiveCents,
  postalCodeValid,
  quantityOf,
  webhookUrlAllowed,
} from './rules.js';
import { outstandingCents, type Account, type OrderLine, type Session } from './state.js';
import { amsterdamTimestamp } from './webhooks.js';

export type JsonEndpointName = {
  [K in EndpointName]: (typeof ENDPOINTS)[K]['wire'] extends 'json' ? K : never;
}[EndpointName];

export interface JsonRequest {
  readonly core: SimulatorCore;
  /** Parsed body; `undefined` when the body is not a JSON object. */
  readonly body: Record<string, unknown> | undefined;
  readonly request: Request;
  /** Where the hosted page is reachable (publicUrl or the request's own origin). */
  readonly publicBase: string;
}

type JsonHandler = (req: JsonRequest) => Promise<Response> | Response;

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A string field, trimmed; numbers are accepted as their text (Billink's PHP is lenient). */
function str(o: Obj | undefined, key: string): string {
  const v = o?.[key];
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return '';
}

const statusError = (status: number, message: string): Response =>
  jsonResponse({ status: 'error', message }, status);

const NO_CLIENT = 'No client found with such billinkID or billinkUsername';

// ---- Create Session ---------------------------------------------------------------------------

export interface FieldError {
  readonly property: string;
  readonly message: string;
  /** The matching legacy Check code, where there is one (informational). */
  readonly code?: number;
}

/**
 * HTTP 400 `{error_backend: {http_status_code, http_body, http_body_encoding}}`; `http_body` is a
 * JSON string `{status:'error', message, errors:[{property, message, code?}]}` where `message`
 * is every `property: text` line joined with `\n` (Symfony's style, as in the documented
 * "client.billinkUsername: This value should not be blank").
 */
export function errorBackend(errors: readonly FieldError[]): Response {
  const message = errors.map((e) => `${e.property}: ${e.message}`).join('\n');
  return jsonResponse(
    {
      error_backend: {
        http_status_code: 400,
        http_body: JSON.stringify({ status: 'error', message, errors }),
        http_body_encoding: 'utf-8',
      },
    },
    400,
  );
}

const BLANK = 'This value should not be blank';

function validateAddress(
  address: Obj | undefined,
  prefix: string,
  delivery: boolean,
): FieldError[] {
  const errors: FieldError[] = [];
  const e = (field: string, message: string, code?: number): void => {
    errors.push({ property: `${prefix}.${field}`, message, ...(code ? { code } : {}) });
  };
  if (!address) {
    e('street', BLANK);
    return errors;
  }
  const country = str(address, 'countryCode');
  if (!str(address, 'street')) e('street', BLANK, 413);
  const houseNumber = str(address, 'houseNumber');
  if (!houseNumber) e('houseNumber', BLANK, 414);
  else if (!houseNumberValid(houseNumber))
    e(
      'houseNumber',
      delivery ? 'Wrong delivery house number format' : 'Wrong house number format',
      delivery ? 425 : 424,
    );
  if (!houseExtensionValid(str(address, 'houseExtension')))
    e('houseExtension', 'House number extension must be between 0 and 10 characters', 431);
  const postalCode = str(address, 'postalCode');
  if (!postalCode) e('postalCode', BLANK, 415);
  else if (!postalCodeValid(postalCode, country || 'NL'))
    e('postalCode', 'Wrong postal code format', 416);
  if (!str(address, 'city')) e('city', BLANK, 432);
  if (!countryCodeValid(country)) e('countryCode', 'Incorrect country code (ISO 3166)', 433);
  return errors;
}

interface SessionPlan {
  readonly lines: OrderLine[];
  readonly totalCents: number;
}

function validateSession(
  core: SimulatorCore,
  account: Account,
  body: Obj,
): FieldError[] | SessionPlan {
  const errors: FieldError[] = [];
  const e = (property: string, message: string, code?: number): void => {
    errors.push({ property, message, ...(code ? { code } : {}) });
  };
  const client = isObj(body['client']) ? body['client'] : undefined;
  const workflow = str(client, 'workflowNumber');
  if (!account.workflows.has(workflow))
    e('client.workflowNumber', `Workflow with number ${workflow} does not exist`, 105);
  const returnURL = isObj(client?.['returnURL']) ? client['returnURL'] : undefined;
  for (const key of ['successURL', 'failURL', 'cancelURL'] as const) {
    const value = returnURL?.[key];
    if (!str(returnURL, key)) e(`client.returnURL.${key}`, BLANK);
    else if (!isAbsoluteHttpUrl(value))
      e(`client.returnURL.${key}`, 'This value is not a valid URL');
  }
  if (str(returnURL, 'backURL') && !isAbsoluteHttpUrl(returnURL?.['backURL']))
    e('client.returnURL.backURL', 'This value is not a valid URL');

  const customer = isObj(body['customer']) ? body['customer'] : undefined;
  if (!customer) e('customer', BLANK);
  const type = str(customer, 'type').toLowerCase();
  if (customer) {
    if (!str(customer, 'firstName') && !str(customer, 'initials'))
      e('customer.firstName', 'Missing firstname or initials', 412);
    if (!str(customer, 'lastName')) e('customer.lastName', 'Last name missing', 410);
    const email = str(customer, 'email');
    if (!email) e('customer.email', 'Missing email', 419);
    else if (!emailValid(email)) e('customer.email', 'Wrong email format', 420);
    const mobile = str(customer, 'mobile');
    if (mobile && !phoneValid(mobile))
      e(
        'customer.mobile',
        'Phone number must be between 9 and 18 characters and may only contain digits, spaces, +, (, ) and -',
        402,
      );
    if (!type) e('customer.type', 'Missing type', 406);
    else if (type !== 'p' && type !== 'b') e('customer.type', 'Wrong type', 407);
    if (type === 'b') {
      const company = str(customer, 'company');
      if (!company) e('customer.company', 'Missing company name', 408);
      else if (company.length < 2 || company.length > 50)
        e('customer.company', 'Company name must be between 2 and 50 characters', 430);
      if (!str(customer, 'companyNumber'))
        e('customer.companyNumber', 'Missing Chamber of Commerce number', 411);
    }
    const birthdate = str(customer, 'birthdate');
    if (birthdate) {
      const result = checkBirthdate(birthdate, core.now());
      if (result === 'format')
        e('customer.birthdate', 'Wrong birth date format, expected dd-mm-yyyy', 418);
      else if (result === 'underage')
        e('customer.birthdate', 'Minimum age for ordering through Billink is 18', 422);
    }
  }

  errors.push(
    ...validateAddress(
      isObj(body['billingAddress']) ? body['billingAddress'] : undefined,
      'billingAddress',
      false,
    ),
  );
  if (body['shippingAddress'] !== undefined && body['shippingAddress'] !== null)
    errors.push(
      ...validateAddress(
        isObj(body['shippingAddress']) ? body['shippingAddress'] : undefined,
        'shippingAddress',
        true,
      ),
    );

  const transaction = isObj(body['transaction']) ? body['transaction'] : undefined;
  const lines: OrderLine[] = [];
  let totalCents = 0;
  if (!transaction) e('transaction', BLANK);
  else {
    const orderNumber = str(transaction, 'orderNumber');
    if (!orderNumber) e('transaction.orderNumber', 'Missing order number', 404);
    else if (orderNumber.length > ORDER_NUMBER_MAX)
      e('transaction.orderNumber', 'Invoice number is too long (max 50 characters)', 439);
    else if (!orderNumberCharsValid(orderNumber))
      e('transaction.orderNumber', 'Invoice number may only contain letters, digits, _ and -', 434);
    const totalText = str(transaction, 'totalAmount');
    const total = positiveCents(totalText);
    if (!totalText) e('transaction.totalAmount', 'Missing order amount', 427);
    else if (total === undefined) e('transaction.totalAmount', 'Wrong order amount', 428);
    const tax = str(transaction, 'totalTaxAmount');
    if (tax && anyCents(tax) === undefined)
      e('transaction.totalTaxAmount', 'This value is not a valid amount');
    const currency = str(transaction, 'purchaseCurrency') || 'EUR';
    if (currency.toUpperCase() !== 'EUR')
      e('transaction.purchaseCurrency', `Currency ${currency} is not supported`);
    const country = str(transaction, 'purchaseCountry');
    if (country && !countryCodeValid(country))
      e('transaction.purchaseCountry', 'Incorrect country code (ISO 3166)', 433);
    const items = transaction['orderItems'];
    if (!Array.isArray(items) || items.length === 0)
      e('transaction.orderItems', 'Missing order items', 423);
    else {
      items.forEach((raw, i) => {
        const item = isObj(raw) ? raw : {};
        const at = `transaction.orderItems[${i}]`;
        const rowTotal = anyCents(item['totalProductAmount'] as unknown);
        const quantity = quantityOf(item['quantity']);
        if (rowTotal === undefined)
          e(`${at}.totalProductAmount`, 'Amount missing in order item', 435);
        if (quantity === undefined) e(`${at}.quantity`, 'This value is not a valid quantity');
        if (!str(item, 'name') && !str(item, 'description') && !str(item, 'code'))
          e(`${at}.name`, BLANK);
        if (rowTotal !== undefined && quantity !== undefined) {
          totalCents += rowTotal;
          lines.push({
            code: str(item, 'code'),
            name: str(item, 'name'),
            description: str(item, 'description'),
            quantity,
            totalCents: rowTotal,
            taxRate: str(item, 'taxRate'),
          });
        }
      });
      if (total !== undefined && lines.length === items.length && totalCents !== total)
        e(
          'transaction.totalAmount',
          `The total amount ${centsToDecimal(total)} does not match the sum of the order items ${centsToDecimal(totalCents)}`,
          428,
        );
    }
    if (errors.length === 0 && core.orderExists(account.username, orderNumber))
      e('transaction.orderNumber', `Order with number ${orderNumber} already exists`, 403);
  }
  return errors.length > 0 ? errors : { lines, totalCents };
}

async function sessionCreate(req: JsonRequest): Promise<Response> {
  const { core, body } = req;
  if (!body) return errorBackend([{ property: 'client', message: BLANK }]);
  const client = isObj(body['client']) ? body['client'] : undefined;
  const blank = (['billinkUsername', 'billinkID', 'workflowNumber'] as const)
    .filter((key) => !str(client, key))
    .map((key) => ({ property: `client.${key}`, message: BLANK }));
  if (blank.length > 0) return errorBackend(blank);
  const account = core.authenticate(str(client, 'billinkUsername'), str(client, 'billinkID'));
  if (typeof account === 'string') return statusError(404, NO_CLIENT);

  const customer = isObj(body['customer']) ? body['customer'] : {};
  const plan = planMarkers(
    markersOf({ lastName: str(customer, 'lastName'), email: str(customer, 'email') }),
  );
  const marked = await answerMarkers(core, plan, req.request.signal, {
    http: (status) => statusError(status, 'Something went wrong'),
    error: (code) =>
      jsonResponse({ status: 'error', code: Number(code), message: errorDescription(code) }),
  });
  if (marked) return marked;

  const valid = validateSession(core, account, body);
  if (Array.isArray(valid)) return errorBackend(valid);

  const returnURL = isObj(client?.['returnURL']) ? client['returnURL'] : {};
  const options = isObj(client?.['options']) ? client['options'] : {};
  const transaction = isObj(body['transaction']) ? body['transaction'] : {};
  const orderNumber = str(transaction, 'orderNumber');
  const logoURL = str(options, 'logoURL');
  const language = str(options, 'language').toLowerCase();
  const email = str(customer, 'email');
  const id = crypto.randomUUID();
  const session: Session = {
    id,
    username: account.username,
    workflowNumber: str(client, 'workflowNumber'),
    returnURL: {
      successURL: str(returnURL, 'successURL'),
      failURL: str(returnURL, 'failURL'),
      cancelURL: str(returnURL, 'cancelURL'),
      backURL: str(returnURL, 'backURL') || str(returnURL, 'cancelURL'),
    },
    ...(isAbsoluteHttpUrl(logoURL) ? { logoURL } : {}),
    ...(language === 'nl' || language === 'en' ? { language } : {}),
    customer: {
      firstName: str(customer, 'firstName') || str(customer, 'initials'),
      lastName: str(customer, 'lastName'),
      email,
      mobile: str(customer, 'mobile'),
      type: str(customer, 'type').toLowerCase() === 'b' ? 'b' : 'p',
      company: str(customer, 'company'),
      companyNumber: str(customer, 'companyNumber'),
      birthdate: str(customer, 'birthdate'),
      ...(typeof customer['payTrustScore'] === 'number'
        ? { payTrustScore: customer['payTrustScore'] }
        : {}),
    },
    orderNumber,
    invoiceNumber: core.invoiceNumberFor(orderNumber),
    transactionId: core.newTransactionId(),
    customerId: core.customerId(account, email),
    totalCents: valid.totalCents,
    currency: 'EUR',
    lines: valid.lines,
    ...core.newSessionTimes(),
    declined: plan.decline,
    status: 'session_active',
  };
  core.addSession(session);
  return jsonResponse({
    status: 'success',
    sessionID: session.id,
    sessionURL: `${req.publicBase}/checkout/${encodeURIComponent(session.id)}`,
    invoice: session.invoiceNumber,
    expiresAt: new Date(session.expiresAt).toISOString(),
    customerID: session.customerId,
    customInvoiceID: '',
  });
}

// ---- Session Status ---------------------------------------------------------------------------

function sessionStatus(req: JsonRequest): Response {
  const { core, body } = req;
  if (!body) return statusError(400, 'Invalid JSON body');
  for (const key of ['billinkUsername', 'billinkID'] as const)
    if (!str(body, key)) return statusError(400, `${key}: ${BLANK}`);
  const account = core.authenticate(str(body, 'billinkUsername'), str(body, 'billinkID'));
  if (typeof account === 'string') return statusError(404, NO_CLIENT);
  const sessionID = str(body, 'sessionID');
  const invoiceNumber = str(body, 'billinkInvoiceNumber');
  if (!sessionID && !invoiceNumber) return statusError(400, `sessionID: ${BLANK}`);
  let session = sessionID ? core.getSession(sessionID) : undefined;
  if (!sessionID && invoiceNumber) {
    // Magento's fallback for old orders: look the session up by Billink invoice number.
    for (const candidate of core.sessions.values())
      if (candidate.username === account.username && candidate.invoiceNumber === invoiceNumber)
        session = core.getSession(candidate.id);
  }
  if (!session || session.username !== account.username)
    return statusError(404, 'Session not found');
  return jsonResponse({ status: session.status });
}

// ---- Webshop settings, invoices, merchant create ------------------------------------------------

function webshopSettings(req: JsonRequest): Response {
  const account = authenticateStatus(req, 'billinkID');
  if (account instanceof Response) return account;
  const whitelist = account.whitelist;
  return jsonResponse({
    status: 'success',
    minimum_paid_orders: whitelist?.minimumPaidOrders ?? 0,
    period: whitelist?.periodDays ?? 0,
    total_amount_higher_than: centsToDecimal(whitelist?.totalAmountHigherThanCents ?? 0),
    whitelist: whitelist !== undefined,
  });
}

/** Status-family credentials: 400 "<field> parameter missing", 404 "Client not found". */
function authenticateStatus(
  req: JsonRequest,
  idField: 'billinkID' | 'billinkId',
): Account | Response {
  const { body, core } = req;
  if (!body) return statusError(400, 'Invalid JSON body');
  const username = str(body, 'billinkUsername');
  const id = str(body, idField) || str(body, idField === 'billinkID' ? 'billinkId' : 'billinkID');
  if (!username) return statusError(400, 'billinkUsername parameter missing');
  if (!id) return statusError(400, `${idField} parameter missing`);
  const account = core.authenticate(username, id);
  if (typeof account === 'string') return statusError(404, 'Client not found');
  return account;
}

function invoices(req: JsonRequest): Response {
  const account = authenticateStatus(req, 'billinkId');
  if (account instanceof Response) return account;
  const query = new URL(req.request.url).searchParams;
  const page = Math.max(1, Number.parseInt(query.get('page') ?? '1', 10) || 1);
  const from = query.get('date_from') ?? '';
  const to = query.get('date_to') ?? '';
  const all = [...req.core.orders.values()].filter((o) => {
    if (o.username !== account.username) return false;
    const day = amsterdamTimestamp(o.createdAt).slice(0, 10);
    return (!from || day >= from) && (!to || day <= to);
  });
  const size = req.core.invoicesPageSize;
  const slice = all.slice((page - 1) * size, page * size);
  return jsonResponse({
    invoices: slice.map((o) => ({
      invoice_number: o.invoiceNumber,
      invoice_number_clean: o.orderNumber,
      workflow_id: Number(o.workflowNumber),
      amount: centsToDecimal(o.amountCents),
      paid_amount: centsToDecimal(o.paidCents),
      credited_amount: centsToDecimal(o.creditedCents),
      open_amount: centsToDecimal(outstandingCents(o)),
      created_at: amsterdamTimestamp(o.createdAt),
      reconciliation_id: `SIM-${o.orderId}`,
    })),
    master_client: { username: account.username },
    page,
    total_invoices: String(all.length),
    total_pages: Math.max(1, Math.ceil(all.length / size)),
  });
}

function merchantCreate(): Response {
  return statusError(403, 'Access denied');
}

// ---- Credit (result/code family) --------------------------------------------------------------

/** The docs: "All errors are returned with an HTTP status code 200", with a code and description. */
const resultError = (code: number, description: string): Response =>
  jsonResponse({ code: String(code), description, result: 'error' });

function credit(req: JsonRequest): Response {
  const { body, core } = req;
  if (!body) return resultError(601, 'Request body empty or not valid JSON');
  const account = core.authenticate(str(body, 'billinkUsername'), str(body, 'billinkID'));
  if (account === 'unknown-username')
    return resultError(101, 'Unknown client username or client id');
  if (account === 'wrong-id') return resultError(102, 'Unknown client username or client id');
  const list = body['invoices'];
  if (!Array.isArray(list) || list.length === 0) return resultError(705, 'No invoices provided');
  // Magento's returnCosts: the Billink fee refunded on top of the credited amount.
  const costsRaw = body['returnCosts'] === 1 ? body['returnCostsAmount'] : undefined;
  const costs =
    typeof costsRaw === 'number' || typeof costsRaw === 'string' ? decimalToCents(costsRaw) : 0;
  const statuses = list.map((raw) => {
    const item = isObj(raw) ? raw : {};
    const number = str(item, 'number') || str(item, 'invoiceNumber');
    const amountRaw = item['creditAmount'];
    const amount =
      typeof amountRaw === 'number' || typeof amountRaw === 'string'
        ? decimalToCents(amountRaw)
        : undefined;
    const result = core.applyCredit(
      account,
      number,
      amount === undefined ? undefined : amount + (costs ?? 0),
    );
    return { code: result.code, invoiceNumber: number, message: result.message };
  });
  return jsonResponse({ result: 'MSG', statuses });
}

// ---- Webhook configuration --------------------------------------------------------------------

function generateSecret(req: JsonRequest): Response {
  const account = authenticateStatus(req, 'billinkID');
  if (account instanceof Response) return account;
  account.webhookSecret = randomBase64(32);
  return jsonResponse({
    status: 'success',
    message: 'Webhook V3 secret is generated successfully',
    secret: account.webhookSecret,
  });
}

type UrlField =
  'orderWebhookV3Url' | 'sessionWebhookV3Url' | 'orderWebhookUrl' | 'sessionWebhookUrl';

function setWebhook(field: UrlField, signed: boolean): JsonHandler {
  return (req) => {
    const account = authenticateStatus(req, 'billinkID');
    if (account instanceof Response) return account;
    const url = str(req.body, 'url');
    if (!url) return statusError(400, 'url parameter is empty');
    if (!webhookUrlAllowed(url)) return statusError(400, 'Invalid url parameter');
    if (signed && account.webhookSecret === undefined)
      return statusError(
        400,
        'Webhook signing secret is not set. Please, generate the secret first',
      );
    account[field] = url;
    return jsonResponse({ status: 'success', message: 'Webhook has been set' });
  };
}

function disableWebhook(field: UrlField): JsonHandler {
  return (req) => {
    const account = authenticateStatus(req, 'billinkID');
    if (account instanceof Response) return account;
    delete account[field];
    return jsonResponse({ status: 'success', message: 'Webhook has been disabled' });
  };
}

export const JSON_HANDLERS: Record<JsonEndpointName, JsonHandler> = {
  sessionCreate,
  sessionStatus,
  webshopSettings,
  credit,
  webhookV3SecretGenerate: generateSecret,
  orderWebhookV3Set: setWebhook('orderWebhookV3Url', true),
  sessionWebhookV3Set: setWebhook('sessionWebhookV3Url', true),
  invoices,
  merchantCreate,
  orderWebhookSet: setWebhook('orderWebhookUrl', false),
  orderWebhookDisable: disableWebhook('orderWebhookUrl'),
  sessionWebhookSet: setWebhook('sessionWebhookUrl', false),
  sessionWebhookDisable: disableWebhook('sessionWebhookUrl'),
};

export async function handleJson(
  core: SimulatorCore,
  name: JsonEndpointName,
  request: Request,
  publicBase: string,
): Promise<Response> {
  core.calls[name]++;
  let body: Obj | undefined;
  try {
    const parsed: unknown = JSON.parse(await request.text());
    body = isObj(parsed) ? parsed : undefined;
  } catch {
    body = undefined;
  }
  return JSON_HANDLERS[name]({ core, body, request, publicBase });
}
