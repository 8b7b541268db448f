/**
 * Legacy v1 XML endpoints. Every answer is HTTP 200 with `<RESULT>MSG</RESULT>` or
 * `<RESULT>ERROR</RESULT>` (except the `http-NNN` marker, which simulates an outage).
 * Error codes follow the reference: Check §6.2, Order §6.3, Start Workflow §6.4, Payment §6.5,
 * Credit §6.6, On Hold §6.7, Status §6.8 — the tables number differently, each is followed.
 */
import { ENDPOINTS, LEGACY_VERSION, type EndpointName } from '../billink/endpoints.js';
import { decimalToCents } from '../billink/money.js';
import type { SimulatorCore } from './core.js';
import { errorDescription, markersOf, planMarkers } from './markers.js';
import { answerMarkers, xmlResponse } from './respond.js';
import {
  checkBirthdate,
  cityValid,
  countryCodeValid,
  emailValid,
  houseExtensionValid,
  houseNumberValid,
  ORDER_NUMBER_MAX,
  orderNumberCharsValid,
  phoneValid,
  positiveCents,
  postalCodeValid,
  quantityOf,
  vatRateValid,
} from './rules.js';
import type { Account, Order, OrderLine } from './state.js';
import { items, parseEnvelope, text, textOr, xmlError, xmlMsg, type XmlElement } from './xml.js';

export type XmlEndpointName = {
  [K in EndpointName]: (typeof ENDPOINTS)[K]['wire'] extends 'xml' ? K : never;
}[EndpointName];

export interface LegacyRequest {
  readonly core: SimulatorCore;
  readonly account: Account;
  readonly api: XmlElement;
  readonly signal: AbortSignal;
}

type LegacyHandler = (req: LegacyRequest) => Promise<Response | string> | Response | string;

/** Extra ACTION values accepted besides the table's (WooCommerce sends `Refund` to credit). */
export const LEGACY_ACTION_ALIASES: Partial<Record<XmlEndpointName, readonly string[]>> = {
  legacyCredit: ['Refund'],
};

const err = (code: string, description: string): string => xmlError(code, description);

function outage(status: number): Response {
  return new Response(
    `<!doctype html><html><head><title>${status}</title></head><body><h1>${status}</h1></body></html>`,
    { status, headers: { 'content-type': 'text/html; charset=utf-8' } },
  );
}

async function markerAnswer(
  req: LegacyRequest,
): Promise<{ response?: Response; decline: boolean }> {
  const plan = planMarkers(
    markersOf({ lastName: textOr(req.api, 'LASTNAME'), email: textOr(req.api, 'EMAIL') }),
  );
  const response = await answerMarkers(req.core, plan, req.signal, {
    http: outage,
    error: (code) => xmlResponse(err(code, errorDescription(code))),
  });
  return response ? { response, decline: plan.decline } : { decline: plan.decline };
}

// ---- Check ------------------------------------------------------------------------------------

function validateCheck(req: LegacyRequest): string | undefined {
  const { api, account, core } = req;
  const f = (tag: string): string => textOr(api, tag).trim();
  const workflow = f('WORKFLOWNUMBER');
  if (!workflow) return err('104', 'Missing workflow number');
  if (!account.workflows.has(workflow)) return err('105', 'Wrong workflow number');
  const type = f('TYPE').toUpperCase();
  if (!type) return err('406', 'Missing type');
  if (type !== 'P' && type !== 'B') return err('407', 'Wrong type');
  if (!f('LASTNAME')) return err('410', 'Last name missing');
  if (!f('FIRSTNAME') && !f('INITIALS')) return err('412', 'Missing firstname or initials');
  if (type === 'B') {
    const company = f('COMPANYNAME');
    if (!company) return err('408', 'Missing company name');
    if (company.length < 2 || company.length > 50)
      return err('430', 'Company name must be between 2 and 50 characters');
    if (!f('CHAMBEROFCOMMERCE')) return err('411', 'Missing Chamber of Commerce number');
  }
  if (!f('HOUSENUMBER')) return err('414', 'Missing house number');
  if (!houseNumberValid(f('HOUSENUMBER'))) return err('424', 'Wrong house number format');
  if (!houseExtensionValid(f('HOUSEEXTENSION')))
    return err('431', 'House number extension must be between 0 and 10 characters');
  if (!f('POSTALCODE')) return err('415', 'Missing postal code');
  if (!postalCodeValid(f('POSTALCODE'), f('COUNTRYCODE') || 'NL'))
    return err('416', 'Wrong postal code format');
  if (!f('PHONENUMBER')) return err('417', 'Missing phone number');
  if (!phoneValid(f('PHONENUMBER')))
    return err(
      '402',
      'Phone number must be between 9 and 18 characters and may only contain digits, spaces, +, (, ) and -',
    );
  if (!f('EMAIL')) return err('419', 'Missing email');
  if (!emailValid(f('EMAIL'))) return err('420', 'Wrong email format');
  if (type === 'P') {
    const birthdate = checkBirthdate(f('BIRTHDATE'), core.now());
    if (birthdate === 'missing') return err('421', 'Missing birth date');
    if (birthdate === 'format') return err('418', 'Wrong birth date format, expected dd-mm-yyyy');
    if (birthdate === 'underage')
      return err('422', 'Minimum age for ordering through Billink is 18');
  }
  if (!f('ORDERAMOUNT')) return err('427', 'Missing order amount');
  if (positiveCents(f('ORDERAMOUNT')) === undefined) return err('428', 'Wrong order amount');
  if (f('DELIVERYHOUSENUMBER') && !houseNumberValid(f('DELIVERYHOUSENUMBER')))
    return err('425', 'Wrong delivery house number format');
  return undefined;
}

async function check(req: LegacyRequest): Promise<Response | string> {
  const marker = await markerAnswer(req);
  if (marker.response) return marker.response;
  const invalid = validateCheck(req);
  if (invalid) return invalid;
  if (marker.decline) return xmlMsg('501', 'Advies=0');
  const amount = positiveCents(textOr(req.api, 'ORDERAMOUNT')) ?? 0;
  const created = req.core.createCheck(req.account, amount);
  return xmlMsg('500', 'Advies=1', {}, { UUID: created.uuid });
}

// ---- Order ------------------------------------------------------------------------------------

type OrderPlan = { error: string } | { lines: OrderLine[]; amountCents: number };

function validateOrder(req: LegacyRequest): OrderPlan {
  const { api, account, core } = req;
  const f = (tag: string): string => textOr(api, tag).trim();
  const fail = (code: string, description: string): OrderPlan => ({
    error: err(code, description),
  });
  const workflow = f('WORKFLOWNUMBER');
  if (!workflow) return fail('401', 'Missing workflow number');
  if (!account.workflows.has(workflow))
    return fail('402', `Workflow with number ${workflow} does not exist`);
  const orderNumber = f('ORDERNUMBER');
  if (!orderNumber) return fail('404', 'Missing order number');
  if (orderNumber.length > ORDER_NUMBER_MAX)
    return fail('439', 'Invoice number is too long (max 50 characters)');
  if (!orderNumberCharsValid(orderNumber))
    return fail('434', 'Invoice number may only contain letters, digits, _ and -');
  if (!f('DATE')) return fail('405', 'Missing date');
  const type = f('TYPE').toUpperCase();
  if (!type) return fail('406', 'Missing type');
  if (type !== 'P' && type !== 'B') return fail('407', 'Wrong type');
  if (!f('FIRSTNAME') && !f('INITIALS')) return fail('409', 'Firstname or initials missing');
  if (!f('LASTNAME')) return fail('410', 'Last name missing');
  if (type === 'B') {
    const company = f('COMPANYNAME');
    if (!company) return fail('408', 'Missing company name');
    if (company.length < 2 || company.length > 50)
      return fail('448', 'Company name must be between 2 and 50 characters');
    const coc = f('CHAMBEROFCOMMERCE');
    if (!coc) return fail('427', 'Missing chamber of commerce number');
    if (coc.length < 5 || coc.length > 25)
      return fail('429', 'Chamber of Commerce number must be between 5 and 25 characters');
  }
  if (!f('STREET')) return fail('413', 'Missing street');
  if (!f('HOUSENUMBER')) return fail('414', 'Missing house number');
  if (!houseExtensionValid(f('HOUSEEXTENSION')))
    return fail('450', 'House number extension must be between 0 and 10 characters');
  if (!f('POSTALCODE')) return fail('415', 'Missing postal code');
  if (!f('CITY')) return fail('416', 'Missing city');
  if (!cityValid(f('CITY')))
    return fail('419', "City name may only contain letters, spaces, - and '");
  if (!countryCodeValid(f('COUNTRYCODE'))) return fail('420', 'Incorrect country code (ISO 3166)');
  if (!f('PHONENUMBER')) return fail('417', 'Missing phone number');
  if (!phoneValid(f('PHONENUMBER'))) return fail('449', 'Phone number may only contain digits');
  if (!f('EMAIL')) return fail('418', 'Missing email');
  if (!emailValid(f('EMAIL'))) return fail('432', 'Wrong email format');
  if (type === 'P') {
    const birthdate = checkBirthdate(f('BIRTHDATE'), core.now());
    if (birthdate === 'missing' || birthdate === 'format')
      return fail('421', 'Missing birth date (expected dd-mm-yyyy)');
    if (birthdate === 'underage')
      return fail('453', 'Minimum age for ordering through Billink is 18');
  }
  const list = items(api, 'ORDERITEMS');
  if (list.length === 0) return fail('423', 'Missing order items');
  const lines: OrderLine[] = [];
  let amountCents = 0;
  for (const item of list) {
    const g = (tag: string): string => textOr(item, tag).trim();
    const quantity = quantityOf(g('ORDERQUANTITY') || g('ITEMQUANTITY'));
    const btw = g('BTW');
    if (!vatRateValid(btw)) return fail('430', `Wrong BTW value ${btw}`);
    const incl = g('PRICEINCL') ? decimalToCents(g('PRICEINCL')) : undefined;
    const excl = g('PRICEEXCL') ? decimalToCents(g('PRICEEXCL')) : undefined;
    if (quantity === undefined || (incl === undefined && excl === undefined))
      return fail('435', 'Amount missing in order item');
    const unit = incl ?? Math.round((excl ?? 0) * (1 + Number(btw.replace(',', '.')) / 100));
    const total = unit * quantity;
    amountCents += total;
    lines.push({
      code: g('CODE'),
      name: g('DESCRIPTION'),
      description: g('DESCRIPTION'),
      quantity,
      totalCents: total,
      taxRate: btw,
    });
  }
  if (core.orderExists(account.username, orderNumber))
    return fail('403', `Order with number ${orderNumber} already exists`);
  return { lines, amountCents };
}

async function order(req: LegacyRequest): Promise<Response | string> {
  const marker = await markerAnswer(req);
  if (marker.response) return marker.response;
  const plan = validateOrder(req);
  if ('error' in plan) return plan.error;
  if (marker.decline) return err('701', 'Customer rejected by credit check');

  const { core, account, api } = req;
  const uuid = textOr(api, 'CHECKUUID').trim();
  if (!uuid) return err('447', 'Missing check UUID');
  const checked = core.checks.get(uuid);
  if (!checked || checked.username !== account.username) return err('440', 'CHECK UUID unknown');
  if (checked.used) return err('446', 'Check UUID already used');
  if (core.now() - checked.createdAt >= core.checkTtlMs) return err('445', 'Check UUID expired');
  if (plan.amountCents > checked.amountCents)
    return err('444', 'Order amount is greater than the amount checked');

  if (textOr(api, 'VALIDATEORDER').trim().toUpperCase() === 'Y')
    return xmlMsg('200', 'Order successfully validated');

  checked.used = true;
  const created = core.createOrder({
    account,
    orderNumber: textOr(api, 'ORDERNUMBER'),
    workflowNumber: textOr(api, 'WORKFLOWNUMBER').trim(),
    amountCents: plan.amountCents,
    lines: plan.lines,
    source: 'legacy',
    customerId: core.customerId(account, textOr(api, 'EMAIL')),
  });
  return xmlMsg('200', 'Order successfully added', { INVOICE: created.invoiceNumber });
}

// ---- Order management -------------------------------------------------------------------------

function status(req: LegacyRequest): string {
  const list = items(req.api, 'INVOICES');
  if (list.length === 0) return err('705', 'No invoices provided');
  if (list.length > 100) return err('110', 'Max 100 invoices per request');
  const invoices = list.map((item) => {
    const number = textOr(item, 'INVOICENUMBER').trim();
    const found = req.core.findOrder(req.account.username, number);
    const { status: code, description } = req.core.orderStatus(found);
    return {
      INVOICENUMBER: number,
      STATUS: code,
      DESCRIPTION: description,
      ...(found ? { PAIDOUT: '0' } : {}),
    };
  });
  return xmlMsg('200', undefined, { INVOICES: { INVOICE: invoices } });
}

function startWorkflow(req: LegacyRequest): string {
  const list = items(req.api, 'INVOICES');
  if (list.length === 0) return err('705', 'No invoices provided');
  if (list.length > 10) return err('708', 'Maximum 10 invoices per request');
  const statuses = list.map((item) => {
    const number = textOr(item, 'INVOICENUMBER').trim();
    const result = req.core.startWorkflow(req.account, number);
    return { INVOICENUMBER: number, MESSAGE: result.message, CODE: String(result.code) };
  });
  return xmlMsg('500', undefined, { STATUSES: { ITEM: statuses } });
}

function payment(req: LegacyRequest): string {
  const list = items(req.api, 'INVOICES');
  if (list.length === 0) return err('420', 'Missing invoice numbers');
  const results = list.map((item) => {
    const number = textOr(item, 'INVOICENUMBER').trim();
    const amount = decimalToCents(textOr(item, 'AMOUNT'));
    const result = req.core.applyPayment(
      req.account,
      number,
      amount,
      textOr(item, 'DESCRIPTION').trim(),
    );
    return { INVOICENUMBER: number, MESSAGE: result.message, CODE: String(result.code) };
  });
  return xmlMsg('200', undefined, { INVOICES: { ITEM: results } });
}

function credit(req: LegacyRequest): string {
  const list = items(req.api, 'INVOICES');
  if (list.length === 0) return err('705', 'No invoices provided');
  const statuses = list.map((item) => {
    const number = textOr(item, 'INVOICENUMBER').trim();
    const result = req.core.applyCredit(
      req.account,
      number,
      decimalToCents(textOr(item, 'CREDITAMOUNT')),
    );
    return { INVOICENUMBER: number, MESSAGE: result.message, CODE: String(result.code) };
  });
  return xmlMsg('200', undefined, { STATUSES: { ITEM: statuses } });
}

/** INVOICENUMBER + WORKFLOWNUMBER → the order, or the On Hold table's 401/402 error. */
function orderFor(
  req: LegacyRequest,
  requireWorkflow: boolean,
): { error: string } | { order: Order } {
  const number = textOr(req.api, 'INVOICENUMBER').trim();
  const workflow = textOr(req.api, 'WORKFLOWNUMBER').trim();
  if (!number || (requireWorkflow && !workflow))
    return { error: err('401', 'Missing invoice number or workflow number') };
  const found = req.core.findOrder(req.account.username, number);
  if (!found || (workflow && workflow !== found.workflowNumber))
    return { error: err('402', 'Unknown invoice number or workflow number') };
  return { order: found };
}

const MAX_HOLD_DAYS = 14;

function onHold(req: LegacyRequest): string {
  const r = orderFor(req, true);
  if ('error' in r) return r.error;
  const daysText = textOr(req.api, 'DAYS').trim();
  const days = daysText ? Number(daysText) : MAX_HOLD_DAYS;
  if (!Number.isInteger(days) || days < 1 || days > MAX_HOLD_DAYS)
    return err('403', 'On-hold period too long because of guaranteed payment (max 14 days)');
  if (r.order.creditedCents >= r.order.amountCents || r.order.paidCents >= r.order.amountCents)
    return err('701', 'Order cannot be set on hold');
  r.order.onHoldUntil = req.core.now() + days * 86_400_000;
  req.core.orderEvent(req.account, r.order, 'order_on_hold');
  return xmlMsg('200', `Order is set on hold for ${days} days`);
}

function resume(req: LegacyRequest): string {
  const flag = textOr(req.api, 'RESUME').trim().toLowerCase();
  if (flag !== 'y' && flag !== '1') return err('104', 'Unsupported param for resume');
  const r = orderFor(req, true);
  if ('error' in r) return r.error;
  delete r.order.onHoldUntil;
  return xmlMsg('200', 'Order is resumed');
}

function message(req: LegacyRequest): string {
  const r = orderFor(req, false);
  if ('error' in r) return r.error;
  const text = textOr(req.api, 'MESSAGE').trim();
  if (!text) return err('401', 'Missing message');
  r.order.messages.push(text);
  return xmlMsg('200', 'Message added');
}

function file(req: LegacyRequest): string {
  const r = orderFor(req, false);
  if ('error' in r) return r.error;
  return xmlMsg('200', `${r.order.invoiceNumber}.pdf`);
}

export const LEGACY_HANDLERS: Record<XmlEndpointName, LegacyHandler> = {
  legacyCheck: check,
  legacyOrder: order,
  legacyStatus: status,
  legacyStartWorkflow: startWorkflow,
  legacyPayment: payment,
  legacyCredit: credit,
  legacyOnHold: onHold,
  legacyResume: resume,
  legacyMessage: message,
  legacyFile: file,
};

function actionsOf(name: XmlEndpointName): string[] {
  return [ENDPOINTS[name].action, ...(LEGACY_ACTION_ALIASES[name] ?? [])].map((a) =>
    a.toLowerCase(),
  );
}

/**
 * Serves one legacy path. `group` lists the endpoints sharing that path (on-hold and resume);
 * ACTION picks among them. Order of checks as Billink documents: 601 → 001 → 101/102 → 103.
 */
export async function handleLegacy(
  core: SimulatorCore,
  group: readonly XmlEndpointName[],
  request: Request,
): Promise<Response> {
  const parsed = parseEnvelope(await request.text());
  const action = parsed.ok ? text(parsed.api, 'ACTION') : undefined;
  const endpoint =
    typeof action === 'string'
      ? group.find((name) => actionsOf(name).includes(action.trim().toLowerCase()))
      : undefined;
  core.calls[endpoint ?? group[0] ?? 'legacyCheck']++;

  if (!parsed.ok) return xmlResponse(err('601', 'XML parse error'));
  const api = parsed.api;
  const version = text(api, 'VERSION');
  if (typeof version !== 'string' || version.trim().toUpperCase() !== LEGACY_VERSION)
    return xmlResponse(err('001', 'Unknown API version'));
  const account = core.authenticate(text(api, 'CLIENTUSERNAME'), text(api, 'CLIENTID'));
  if (account === 'unknown-username')
    return xmlResponse(err('101', 'Unknown client username or client id'));
  if (account === 'wrong-id')
    return xmlResponse(err('102', 'Unknown client username or client id'));
  if (!endpoint) return xmlResponse(err('103', 'Unknown action'));

  const answer = await LEGACY_HANDLERS[endpoint]({ core, account, api, signal: request.signal });
  return typeof answer === 'string' ? xmlResponse(answer) : answer;
}
