/**
 * Domain-level inputs and outputs of the Billink client. Callers only ever see these shapes; the
 * wire formats (v2 JSON, v1 XML) live in session-fields.ts and legacy-fields.ts.
 *
 * Conventions: money is integer cents, dates are ISO `YYYY-MM-DD`, invoice numbers are strings.
 */

import type { Address, Customer } from '../../shared/customer.js';

export type { Address, Customer };

/**
 * One order line. Prices include VAT. A discount is a line with a negative `unitPriceCents`;
 * shipping and fees are lines of their own.
 */
export interface OrderLine {
  code: string;
  name: string;
  description?: string | undefined;
  /** Positive integer. */
  quantity: number;
  /** Unit price incl. VAT in cents (negative for discounts). */
  unitPriceCents: number;
  /** VAT percentage, e.g. 21, 9 or 0. */
  vatRate: number;
}

/** Per-call options every client operation accepts. */
export interface CallOptions {
  /** Aborts the call; the client's own timeout still applies. */
  signal?: AbortSignal | undefined;
}

/* ---------------------------------------------------------------- v2 hosted session */

export interface ReturnUrls {
  success: string;
  fail: string;
  /** Defaults to `fail`, like Billink's Magento module does. */
  back?: string;
  /** Defaults to `fail`. */
  cancel?: string;
}

export interface CreateSessionInput {
  /** Merchant order / invoice number (alphanumerics, `_`, `-`, at most 50). */
  orderNumber: string;
  customer: Customer;
  billingAddress: Address;
  /** Defaults to the billing address (Billink's Magento module always sends one). */
  shippingAddress?: Address;
  lines: readonly OrderLine[];
  /** Must equal the sum of the lines; checked before anything is sent. */
  totalAmountCents: number;
  returnUrls: ReturnUrls;
  /** Defaults to `'EUR'`. */
  currency?: string;
  /** Defaults to the shipping address country. */
  purchaseCountry?: string;
  logoUrl?: string;
  /** The shopper's language for the hosted page (sent as `client.options.language`, inferred). */
  language?: 'nl' | 'en';
  /** Overrides the client's workflow number for this session. */
  workflowNumber?: string;
  /** From the webshop-settings whitelist logic (Magento sends 0 or 10). */
  payTrustScore?: number;
}

export interface CreateSessionResult {
  status: string;
  sessionId: string;
  /** Redirect the shopper's browser here. */
  sessionUrl: string;
  /** Billink's invoice number for this session. */
  invoice: string;
  expiresAt?: string | undefined;
  customerId?: string | undefined;
  customInvoiceId?: string | undefined;
}

export const SESSION_STATUSES = [
  'session_active',
  'order_created',
  'cancelled',
  'failed',
  'session_expired',
] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];

/** Look a session up by its id, or (orders created before the id was stored) by invoice number. */
export type SessionStatusInput = { sessionId: string } | { billinkInvoiceNumber: string };

export interface SessionStatusResult {
  status: SessionStatus;
}

export interface WebshopSettings {
  status: string;
  whitelist: boolean;
  minimumPaidOrders?: number | undefined;
  periodDays?: number | undefined;
  totalAmountHigherThanCents?: number | undefined;
}

/* ---------------------------------------------------------------- order management */

/** Outcome for one invoice in a multi-invoice call (credit, start workflow, payment). */
export interface InvoiceItemResult {
  invoiceNumber: string;
  /** Billink's item code as text, e.g. "200", "500", "707". */
  code: string;
  message: string;
  /** Whether the code counts as success for this operation (see ITEM_SUCCESS_CODES). */
  ok: boolean;
}

export interface ItemsResult {
  items: InvoiceItemResult[];
}

export interface CreditInput {
  invoices: ReadonlyArray<{
    invoiceNumber: string;
    amountCents: number;
    description: string;
    /** Legacy XML only. */
    workflowNumber?: string;
  }>;
  /** v2 only: also refund the Billink fee of this amount (Magento's `returnCosts`). */
  returnCostsCents?: number;
}

export interface StartWorkflowInput {
  invoices: ReadonlyArray<{
    invoiceNumber: string;
    workflowNumber: string;
    trackAndTrace?: string | undefined;
  }>;
}

export interface PaymentInput {
  invoices: ReadonlyArray<{
    invoiceNumber: string;
    amountCents: number;
    /** At most 30 characters (Billink error 708). */
    description: string;
    workflowNumber?: string;
  }>;
}

export interface InvoiceRef {
  invoiceNumber: string;
  workflowNumber?: string;
}

export interface OrderInfoInput {
  invoices: readonly InvoiceRef[];
}

/** Legacy STATUS: -1 not found, 0 unpaid, 1 paid, 2 open. */
export type InvoicePaymentStatus = 'not_found' | 'unpaid' | 'paid' | 'open' | 'unknown';

export interface InvoiceInfo {
  invoiceNumber: string;
  status: InvoicePaymentStatus;
  /** The raw STATUS text ("-1", "0", "1", "2"). */
  statusCode: string;
  /** Current workflow step ("No steps given" = workflow not started). */
  description: string;
  paidOut?: boolean;
  /**
   * Inferred tags (`AMOUNT`, `PAIDAMOUNT`, `CREDITEDAMOUNT`, `OPENAMOUNT`, `WORKFLOWSTARTED`,
   * `ONHOLD`): no real Status answer shows them; read when present (the simulator sends them).
   */
  amountCents?: number;
  paidCents?: number;
  creditedCents?: number;
  outstandingCents?: number;
  workflowStarted?: boolean;
  onHold?: boolean;
}

export interface OrderInfoResult {
  invoices: InvoiceInfo[];
}

export interface OnHoldInput {
  invoiceNumber: string;
  workflowNumber: string;
  /** At most 14 for guaranteed workflows (error 403). */
  days?: number;
}

export interface ResumeInput {
  invoiceNumber: string;
  workflowNumber: string;
}

export interface MessageInput {
  invoiceNumber: string;
  workflowNumber?: string;
  message: string;
}

export interface InvoiceFileInput {
  invoiceNumber: string;
  workflowNumber: string;
}

/** Plain legacy answer: `MSG/CODE` + `MSG/DESCRIPTION`. */
export interface CodeDescription {
  code: string;
  description: string;
}

export interface InvoiceFileResult extends CodeDescription {
  /** File name / URL Billink returns in MSG/DESCRIPTION. */
  file: string;
}

/* ---------------------------------------------------------------- legacy check / order */

export interface CheckInput {
  customer: Customer;
  billingAddress: Address;
  shippingAddress?: Address;
  orderAmountCents: number;
  workflowNumber?: string;
  /** Shopper IP address. */
  ip?: string;
  /** Staging only: Billink's BACKDOOR field forces the check outcome. */
  backdoor?: string;
}

export type CheckResult =
  | { outcome: 'accepted'; code: '500'; description: string; checkUuid: string }
  | { outcome: 'rejected'; code: '501'; description: string };

export interface LegacyOrderInput {
  orderNumber: string;
  /** `YYYY-MM-DD`; defaults to today in Europe/Amsterdam. */
  date?: string;
  /** From a positive check; required unless the workflow runs without check. */
  checkUuid?: string;
  /** Dry run (`VALIDATEORDER=Y`): Billink validates but creates nothing. */
  validateOnly?: boolean;
  customer: Customer;
  billingAddress: Address;
  /** Sent as DELIVERY* fields only when given. */
  shippingAddress?: Address;
  lines: readonly OrderLine[];
  /** Must equal the sum of the lines; checked before anything is sent. */
  totalAmountCents: number;
  currency?: string;
  workflowNumber?: string;
  ip?: string;
  additionalText?: string;
  trackAndTrace?: string | undefined;
}

export interface LegacyOrderResult extends CodeDescription {
  /**
   * Billink's public invoice number (MSG/INVOICE). Absent on a `validateOnly` dry run, and on a
   * created order when Billink's answer leaves it out (real answers do): then it is unknown yet and
   * comes from order info or the `order_placed` webhook. The order *was* created (code 200).
   */
  invoiceNumber?: string;
}

/* ---------------------------------------------------------------- reconciliation, partners, webhooks */

export interface InvoicesInput {
  page?: number;
  /** Passed through as `date_from`; format undocumented, we send what you give (use YYYY-MM-DD). */
  dateFrom?: string;
  dateTo?: string;
}

export interface InvoicesResult {
  /** Item fields are undocumented, so they are passed through untyped. */
  invoices: ReadonlyArray<Readonly<Record<string, unknown>>>;
  masterClient?: Readonly<Record<string, unknown>> | undefined;
  page: number;
  totalInvoices: string;
  totalPages: number;
}

export interface MerchantCreateInput {
  username: string;
  email: string;
  firstName: string;
  lastName: string;
  companyName: string;
  cocNumber: string;
  vatNumber: string;
  contactEmail: string;
  contactPhone: string;
  phone: string;
  street: string;
  houseNumber: string;
  houseExtension?: string;
  postCode: string;
  city: string;
  countryCode: string;
  bankAccountNumber: string;
  bic: string;
  /** Account holder name ("ten name van"). */
  accountHolder: string;
  changePasswordLink?: boolean;
  clientPlatform?: string;
  logoBase64?: string;
  method?: string;
}

export interface MerchantCreateResult {
  code?: string | undefined;
  description?: string | undefined;
  /** The remaining (undocumented) answer fields. */
  fields: Readonly<Record<string, unknown>>;
}

export interface StatusMessageResult {
  status: string;
  message: string;
}

export interface WebhookSecretResult extends StatusMessageResult {
  /** Shown only once by Billink; store it (one secret for order and session v3 webhooks). */
  secret: string;
}
