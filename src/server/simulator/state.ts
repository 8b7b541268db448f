/** In-memory, bounded state of the simulator. Nothing is written to disk. */

/** A Map that forgets its oldest entries beyond `max` (insertion order). */
export class BoundedMap<K, V> extends Map<K, V> {
  constructor(private readonly max: number) {
    super();
  }
  override set(key: K, value: V): this {
    if (!this.has(key)) {
      while (this.size >= this.max) {
        const oldest = this.keys().next();
        if (oldest.done) break;
        this.delete(oldest.value);
      }
    }
    return super.set(key, value);
  }
}

export interface Account {
  readonly username: string;
  /** Where Billink e-mails the merchant. */
  email?: string;
  readonly billinkId: string;
  readonly workflows: ReadonlySet<string>;
  /** Billink starts the workflow by itself this long after the order when nobody ships. */
  readonly workflowStartDelayMs: number;
  webhookSecret?: string;
  /** Signed (v3) webhook targets. */
  orderWebhookV3Url?: string;
  sessionWebhookV3Url?: string;
  /** Unsigned (v1) webhook targets. */
  orderWebhookUrl?: string;
  sessionWebhookUrl?: string;
  customerIds: Map<string, string>;
  /** Webshop settings' whitelist (trust score rule); unset = off. */
  whitelist?: {
    readonly minimumPaidOrders: number;
    readonly periodDays: number;
    readonly totalAmountHigherThanCents: number;
  };
}

export type SessionStatus =
  'session_active' | 'order_created' | 'cancelled' | 'failed' | 'session_expired';

export interface OrderLine {
  readonly code: string;
  readonly name: string;
  readonly description: string;
  readonly quantity: number;
  /** Row total incl. VAT. */
  readonly totalCents: number;
  readonly taxRate: string;
}

export interface SessionCustomer {
  readonly firstName: string;
  readonly lastName: string;
  readonly email: string;
  readonly mobile: string;
  readonly type: 'p' | 'b';
  readonly company: string;
  readonly companyNumber: string;
  birthdate: string;
  /** As the shop sent it (webshop-settings whitelist): 0 or 10. */
  readonly payTrustScore?: number;
}

export interface Session {
  readonly id: string;
  readonly username: string;
  readonly workflowNumber: string;
  readonly returnURL: {
    readonly successURL: string;
    readonly failURL: string;
    readonly cancelURL: string;
    readonly backURL: string;
  };
  readonly logoURL?: string;
  /** `client.options.language`: the hosted page's default language (`?lang=` still wins). */
  readonly language?: 'nl' | 'en';
  readonly customer: SessionCustomer;
  readonly orderNumber: string;
  readonly invoiceNumber: string;
  readonly transactionId: string;
  readonly customerId: string;
  readonly totalCents: number;
  readonly currency: string;
  readonly lines: readonly OrderLine[];
  readonly createdAt: number;
  readonly expiresAt: number;
  /** `decline` marker: the simulated credit check rejects this shopper. */
  readonly declined: boolean;
  status: SessionStatus;
}

export interface Check {
  readonly uuid: string;
  readonly username: string;
  readonly amountCents: number;
  readonly createdAt: number;
  used: boolean;
}

export interface Order {
  readonly orderId: number;
  readonly username: string;
  /** Merchant's own number (`invoice_number_clean`). */
  readonly orderNumber: string;
  /** Billink's public number (`invoice_number`). */
  readonly invoiceNumber: string;
  readonly workflowNumber: string;
  readonly amountCents: number;
  readonly createdAt: number;
  readonly source: 'session' | 'legacy';
  readonly sessionId?: string;
  /** Billink's customer id (per account and e-mail): `customer_fully_paid` looks at all of them. */
  readonly customerId?: string;
  readonly lines: readonly OrderLine[];
  paidCents: number;
  /** Every payment on the simulated clock, oldest first (shopper's and merchant-registered). */
  readonly payments: OrderPayment[];
  creditedCents: number;
  workflowStarted: boolean;
  /** When the workflow started and who started it (`billink`: after the account's delay). */
  workflowStartedAt?: number;
  workflowStartedBy?: 'merchant' | 'billink';
  onHoldUntil?: number;
  readonly messages: string[];
}

export interface OrderPayment {
  readonly at: number;
  readonly amountCents: number;
  /** `shopper`: paid to Billink (`shopperPays`); `merchant`: registered via the Payment call. */
  readonly by: 'shopper' | 'merchant';
  readonly description: string;
}

/** Key of an order inside the orders map (per merchant account). */
export function orderKey(username: string, invoiceNumber: string): string {
  return `${username}\u0000${invoiceNumber.toUpperCase()}`;
}

/** True while a hold lasts (a hold ends by itself after its days). */
export function isOnHold(order: Order, now: number): boolean {
  return order.onHoldUntil !== undefined && order.onHoldUntil > now;
}

export function outstandingCents(order: Order): number {
  return Math.max(0, order.amountCents - order.paidCents - order.creditedCents);
}
