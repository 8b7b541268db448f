/**
 * Webhook deliveries, as Billink sends them: asynchronous (never blocking the API answer), v3 ones
 * signed with HMAC-SHA256 over `timestamp + rawBody`, retried up to 3 times with backoff under the
 * same delivery id. Web-standard APIs only (fetch, setTimeout, AbortController, crypto).
 */
import { WEBHOOK_V3_HEADERS } from '../billink/endpoints.js';
import { signWebhook } from '../billink/webhook-signature.js';

export type WebhookKind = 'session' | 'order';

export interface WebhookAttempt {
  readonly at: number;
  /** HTTP status of the merchant's answer; absent when the request itself failed. */
  readonly status?: number;
  readonly error?: string;
}

export interface WebhookDelivery {
  /** Unique per delivery, identical across its retries (`x-billink-webhook-id`). */
  readonly id: string;
  readonly kind: WebhookKind;
  readonly url: string;
  readonly signed: boolean;
  /** Exactly the bytes sent (and signed). */
  readonly body: string;
  readonly attempts: WebhookAttempt[];
  /** The merchant account (username) it was sent for. */
  readonly account: string;
  state: 'pending' | 'delivered' | 'failed' | 'cancelled';
}

export interface WebhookDispatcherOptions {
  readonly fetch: typeof fetch;
  readonly retryDelaysMs: readonly number[];
  readonly timeoutMs: number;
  readonly now: () => number;
  readonly maxLog: number;
  /** A delivery failed its first try and every retry (Billink then e-mails the merchant). */
  readonly onGaveUp?: (delivery: WebhookDelivery) => void;
}

export class WebhookDispatcher {
  readonly log: WebhookDelivery[] = [];
  readonly counts = { delivered: 0, failed: 0, attempts: 0 };
  private readonly pending = new Set<Promise<void>>();
  private readonly cancels = new Set<() => void>();
  private closed = false;
  /** Resolves when the previously queued delivery's first request has gone out. */
  private lastDispatch: Promise<void> = Promise.resolve();

  constructor(private readonly options: WebhookDispatcherOptions) {}

  /** Queues a delivery and returns at once. `secret` present ⇒ v3 (signed) headers. */
  send(
    kind: WebhookKind,
    url: string,
    payload: object,
    secret: string | undefined,
    account: string,
  ): void {
    if (this.closed) return;
    const delivery: WebhookDelivery = {
      id: crypto.randomUUID(),
      kind,
      url,
      account,
      signed: secret !== undefined,
      body: JSON.stringify(payload),
      attempts: [],
      state: 'pending',
    };
    this.log.push(delivery);
    if (this.log.length > this.options.maxLog)
      this.log.splice(0, this.log.length - this.options.maxLog);
    // First requests leave in the order the events happened (signing is async and could reorder
    // them); responses and retries stay independent, so a slow receiver blocks nothing.
    const previous = this.lastDispatch;
    let dispatched!: () => void;
    this.lastDispatch = new Promise<void>((resolve) => (dispatched = resolve));
    const run = this.deliver(delivery, secret, previous, dispatched).finally(() => {
      dispatched();
      this.pending.delete(run);
    });
    this.pending.add(run);
  }

  /** Resolves once every queued delivery (including retries) has finished. */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  /** Stops retry timers and aborts requests in flight; pending deliveries end as `cancelled`. */
  close(): void {
    this.closed = true;
    for (const cancel of [...this.cancels]) cancel();
  }

  private async deliver(
    delivery: WebhookDelivery,
    secret: string | undefined,
    previous: Promise<void>,
    dispatched: () => void,
  ): Promise<void> {
    await previous;
    const delays = this.options.retryDelaysMs;
    for (let attempt = 0; attempt <= delays.length; attempt++) {
      if (attempt > 0 && !(await this.sleep(delays[attempt - 1] ?? 0))) break;
      if (this.closed) break;
      this.counts.attempts++;
      const result = await this.attempt(delivery, secret, dispatched);
      delivery.attempts.push(result);
      if (result.status !== undefined && result.status >= 200 && result.status < 300) {
        delivery.state = 'delivered';
        this.counts.delivered++;
        return;
      }
    }
    if (this.closed) {
      delivery.state = 'cancelled';
      return;
    }
    delivery.state = 'failed';
    this.counts.failed++;
    this.options.onGaveUp?.(delivery);
  }

  private async attempt(
    delivery: WebhookDelivery,
    secret: string | undefined,
    onDispatch: () => void,
  ): Promise<WebhookAttempt> {
    const at = this.options.now();
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'user-agent': 'Billink-Simulator',
    };
    if (secret !== undefined) {
      const timestamp = String(Math.floor(at / 1000));
      headers[WEBHOOK_V3_HEADERS.timestamp] = timestamp;
      headers[WEBHOOK_V3_HEADERS.signature] = await signWebhook(secret, timestamp, delivery.body);
    }
    headers[WEBHOOK_V3_HEADERS.id] = delivery.id;

    const controller = new AbortController();
    const abort = (): void => controller.abort(new Error('simulator closed'));
    this.cancels.add(abort);
    const timer = setTimeout(
      () => controller.abort(new Error(`timed out after ${this.options.timeoutMs} ms`)),
      this.options.timeoutMs,
    );
    try {
      const sending = this.options.fetch(delivery.url, {
        method: 'POST',
        headers,
        body: delivery.body,
        signal: controller.signal,
        redirect: 'manual',
      });
      onDispatch();
      const response = await sending;
      // Drain so the connection can be reused; the content does not matter.
      await response.arrayBuffer().catch(() => undefined);
      return { at, status: response.status };
    } catch (err) {
      const reason = controller.signal.aborted ? controller.signal.reason : err;
      return { at, error: reason instanceof Error ? reason.message : String(reason) };
    } finally {
      clearTimeout(timer);
      this.cancels.delete(abort);
    }
  }

  /** Waits `ms`; resolves `false` if the dispatcher was closed meanwhile. */
  private sleep(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const cancel = (): void => {
        clearTimeout(timer);
        this.cancels.delete(cancel);
        resolve(false);
      };
      const timer = setTimeout(() => {
        this.cancels.delete(cancel);
        resolve(true);
      }, ms);
      this.cancels.add(cancel);
    });
  }
}

const AMSTERDAM = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Amsterdam',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** `Y-m-d H:i:s` in Europe/Amsterdam (the order webhook's documented timestamp format). */
export function amsterdamTimestamp(ms: number): string {
  const parts: Record<string, string> = {};
  for (const p of AMSTERDAM.formatToParts(new Date(ms))) parts[p.type] = p.value;
  return `${parts['year']}-${parts['month']}-${parts['day']} ${parts['hour']}:${parts['minute']}:${parts['second']}`;
}
