/**
 * Successful-looking answers → domain results. The envelopes already rejected every error family;
 * what is left here is checking that the fields we rely on are really there (a 200 with a missing
 * `sessionURL` is a malformed answer, not a success) and judging per-invoice item codes.
 */
import { BillinkError } from './errors.js';
import { ITEM_SUCCESS_CODES } from './error-codes.js';
import { decimalToCents } from './money.js';
import { isJsonObject, stringish, type JsonObject } from './json-envelope.js';
import type { LegacyAnswer } from './legacy-envelope.js';
import type { EndpointName } from './endpoints.js';
import { listOf, textOf, type XmlElement } from './xml.js';
import {
  SESSION_STATUSES,
  type CheckResult,
  type CodeDescription,
  type CreateSessionResult,
  type InvoiceFileResult,
  type InvoiceInfo,
  type InvoiceItemResult,
  type InvoicePaymentStatus,
  type InvoicesResult,
  type LegacyOrderResult,
  type MerchantCreateResult,
  type OrderInfoResult,
  type SessionStatus,
  type SessionStatusResult,
  type StatusMessageResult,
  type WebhookSecretResult,
  type WebshopSettings,
} from './types.js';

function malformed(operation: EndpointName, httpStatus: number, what: string): BillinkError {
  return new BillinkError({
    code: 'malformed_response',
    description: `answer lacks ${what}`,
    operation,
    httpStatus,
  });
}

function requireText(
  operation: EndpointName,
  httpStatus: number,
  body: JsonObject,
  key: string,
): string {
  const value = stringish(body[key]);
  if (value === undefined || value === '') throw malformed(operation, httpStatus, key);
  return value;
}

function optionalText(body: JsonObject, key: string): string | undefined {
  return stringish(body[key]);
}

/* ---------------------------------------------------------------- v2 JSON */

export function readSessionCreate(body: JsonObject, httpStatus: number): CreateSessionResult {
  const op = 'sessionCreate';
  // Same required set as Billink's Magento validator.
  return {
    status: requireText(op, httpStatus, body, 'status'),
    sessionId: requireText(op, httpStatus, body, 'sessionID'),
    sessionUrl: requireText(op, httpStatus, body, 'sessionURL'),
    invoice: requireText(op, httpStatus, body, 'invoice'),
    expiresAt: optionalText(body, 'expiresAt'),
    customerId: optionalText(body, 'customerID'),
    customInvoiceId: optionalText(body, 'customInvoiceID'),
  };
}

export function readSessionStatus(body: JsonObject, httpStatus: number): SessionStatusResult {
  const status = stringish(body.status);
  if (!SESSION_STATUSES.includes(status as SessionStatus))
    throw malformed('sessionStatus', httpStatus, 'a known session status');
  return { status: status as SessionStatus };
}

function truthy(value: unknown): boolean {
  if (typeof value === 'string')
    return ['1', 'true', 'yes', 'y', 'on'].includes(value.toLowerCase());
  return value === true || value === 1;
}

function optionalNumber(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

export function readWebshopSettings(body: JsonObject, httpStatus: number): WebshopSettings {
  const amount = stringish(body.total_amount_higher_than);
  return {
    status: requireText('webshopSettings', httpStatus, body, 'status'),
    whitelist: truthy(body.whitelist),
    minimumPaidOrders: optionalNumber(body.minimum_paid_orders),
    periodDays: optionalNumber(body.period),
    totalAmountHigherThanCents: amount === undefined ? undefined : decimalToCents(amount),
  };
}

export function readStatusMessage(
  operation: EndpointName,
  body: JsonObject,
  httpStatus: number,
): StatusMessageResult {
  return {
    status: requireText(operation, httpStatus, body, 'status'),
    message: optionalText(body, 'message') ?? '',
  };
}

export function readWebhookSecret(body: JsonObject, httpStatus: number): WebhookSecretResult {
  return {
    ...readStatusMessage('webhookV3SecretGenerate', body, httpStatus),
    secret: requireText('webhookV3SecretGenerate', httpStatus, body, 'secret'),
  };
}

export function readV2Credit(body: JsonObject, httpStatus: number): InvoiceItemResult[] {
  const statuses = body.statuses;
  if (!Array.isArray(statuses)) throw malformed('credit', httpStatus, 'statuses');
  const items = statuses.filter(isJsonObject).map((s) =>
    judgeItem('credit', {
      invoiceNumber: stringish(s.invoiceNumber) ?? '',
      code: stringish(s.code) ?? '',
      message: stringish(s.message) ?? '',
    }),
  );
  return requireAllOk('credit', httpStatus, items);
}

export function readInvoices(body: JsonObject, httpStatus: number): InvoicesResult {
  const invoices = body.invoices;
  if (!Array.isArray(invoices)) throw malformed('invoices', httpStatus, 'invoices');
  const page = optionalNumber(body.page);
  const totalPages = optionalNumber(body.total_pages);
  if (page === undefined) throw malformed('invoices', httpStatus, 'page');
  if (totalPages === undefined) throw malformed('invoices', httpStatus, 'total_pages');
  return {
    invoices: invoices.filter(isJsonObject),
    masterClient: isJsonObject(body.master_client) ? body.master_client : undefined,
    page,
    totalInvoices: stringish(body.total_invoices) ?? '',
    totalPages,
  };
}

export function readMerchantCreate(body: JsonObject): MerchantCreateResult {
  const { code, description, result: _result, ...fields } = body;
  return { code: stringish(code), description: stringish(description), fields };
}

/* ---------------------------------------------------------------- legacy XML */

/** MSG/CODE for the answers whose code is their result (check, order, on hold, file, …). */
function requireCode(operation: EndpointName, answer: LegacyAnswer, httpStatus: number): string {
  if (!answer.code) throw malformed(operation, httpStatus, 'MSG/CODE');
  return answer.code;
}

export function readCheck(answer: LegacyAnswer, httpStatus: number): CheckResult {
  const { description, api, msg } = answer;
  const code = requireCode('legacyCheck', answer, httpStatus);
  if (code === '501') return { outcome: 'rejected', code, description };
  if (code !== '500') {
    throw new BillinkError({ code, description, operation: 'legacyCheck', httpStatus });
  }
  // The UUID sits next to MSG in recorded traffic; the other spellings are tolerated.
  const checkUuid =
    textOf(api, 'UUID') ||
    textOf(api, 'CHECKUUID') ||
    textOf(msg, 'UUID') ||
    textOf(msg, 'CHECKUUID');
  if (!checkUuid) throw malformed('legacyCheck', httpStatus, 'UUID');
  return { outcome: 'accepted', code, description, checkUuid };
}

/**
 * MSG/CODE 200 is a created order. MSG/INVOICE is optional: WooCommerce's real example has none and
 * six of seven clients never read it, so its absence must not turn a created order into a failure
 * (a retry would then meet "order already exists"); the number comes later (order info, webhook).
 */
export function readOrder(answer: LegacyAnswer, httpStatus: number): LegacyOrderResult {
  const code = requireCode('legacyOrder', answer, httpStatus);
  const invoiceNumber = textOf(answer.msg, 'INVOICE') || undefined;
  return {
    code,
    description: answer.description,
    ...(invoiceNumber === undefined ? {} : { invoiceNumber }),
  };
}

/** Reader for the plain `MSG/CODE` + `MSG/DESCRIPTION` answers (on hold, resume, message). */
export function readCodeDescription(
  operation: EndpointName,
): (answer: LegacyAnswer, httpStatus: number) => CodeDescription {
  return (answer, httpStatus) => ({
    code: requireCode(operation, answer, httpStatus),
    description: answer.description,
  });
}

export function readFile(answer: LegacyAnswer, httpStatus: number): InvoiceFileResult {
  const code = requireCode('legacyFile', answer, httpStatus);
  if (!answer.description) throw malformed('legacyFile', httpStatus, 'MSG/DESCRIPTION');
  return { code, description: answer.description, file: answer.description };
}

const PAYMENT_STATUS: Readonly<Record<string, InvoicePaymentStatus>> = {
  '-1': 'not_found',
  '0': 'unpaid',
  '1': 'paid',
  '2': 'open',
};

export function readOrderInfo(answer: LegacyAnswer, httpStatus: number): OrderInfoResult {
  const invoices = listOf(answer.msg, 'INVOICES', 'INVOICE');
  if (invoices.length === 0) throw malformed('legacyStatus', httpStatus, 'MSG/INVOICES/INVOICE');
  return {
    invoices: invoices.map((inv): InvoiceInfo => {
      const statusCode = textOf(inv, 'STATUS') ?? '';
      const paidOut = textOf(inv, 'PAIDOUT');
      return {
        invoiceNumber: textOf(inv, 'INVOICENUMBER') ?? '',
        status: PAYMENT_STATUS[statusCode] ?? 'unknown',
        statusCode,
        description: textOf(inv, 'DESCRIPTION') ?? '',
        ...(paidOut === undefined ? {} : { paidOut: paidOut === '1' }),
      };
    }),
  };
}

/**
 * STATUSES/ITEM (credit, start workflow) or INVOICES/ITEM (payment), judged per operation. The
 * items are the result; MSG/CODE is ignored (real Credit and Payment answers have none).
 */
export function readLegacyItems(
  operation: EndpointName,
  answer: LegacyAnswer,
  httpStatus: number,
): InvoiceItemResult[] {
  const raw: XmlElement[] = [
    ...listOf(answer.msg, 'STATUSES', 'ITEM'),
    ...listOf(answer.msg, 'INVOICES', 'ITEM'),
  ];
  const items = raw.map((item) =>
    judgeItem(operation, {
      invoiceNumber: textOf(item, 'INVOICENUMBER') ?? '',
      code: textOf(item, 'CODE') ?? '',
      message: textOf(item, 'MESSAGE') ?? textOf(item, 'DESCRIPTION') ?? '',
    }),
  );
  return requireAllOk(operation, httpStatus, items);
}

function judgeItem(
  operation: EndpointName,
  item: Omit<InvoiceItemResult, 'ok'>,
): InvoiceItemResult {
  return { ...item, ok: ITEM_SUCCESS_CODES[operation]?.has(item.code) ?? false };
}

/**
 * One failing invoice fails the call: the error's code is the first failing item code and
 * `items` carries every outcome, so the caller can see which invoices did go through.
 */
function requireAllOk(
  operation: EndpointName,
  httpStatus: number,
  items: InvoiceItemResult[],
): InvoiceItemResult[] {
  if (items.length === 0) throw malformed(operation, httpStatus, 'per-invoice results');
  const failed = items.find((item) => !item.ok);
  if (failed) {
    throw new BillinkError({
      code: failed.code || 'malformed_response',
      description: failed.message || `invoice ${failed.invoiceNumber} failed`,
      operation,
      httpStatus,
      items,
    });
  }
  return items;
}
