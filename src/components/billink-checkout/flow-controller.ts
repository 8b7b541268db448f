import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Effect, FlowContext, FlowEvent, FlowSnapshot } from '../../flow/machine.js';
import { clearPending, loadPending, savePending } from '../../flow/persistence.js';
import { createProxyClient, type Availability } from '../../flow/proxy-client.js';
import type {
  CustomerData,
  FlowError,
  OrderFacts,
  OrderMode,
  OrderStatusResult,
} from '../../flow/types.js';
import { addTexts } from '../../i18n/i18n.js';

/** The flow's code: machine, poller, form and views (see flow-runtime.ts). */
export type FlowRuntime = typeof import('./flow-runtime.js');

// One load per page, shared by every element; a failed load is forgotten so a retry fetches again.
let runtime: FlowRuntime | undefined;
let loading: Promise<FlowRuntime> | undefined;

/** Fetches the flow's code once (a chunk of its own in the CDN build) and adds its texts. */
export function loadFlowRuntime(): Promise<FlowRuntime> {
  loading ??= import('./flow-runtime.js').then(
    (loaded) => {
      addTexts(loaded.texts);
      return (runtime = loaded);
    },
    (error: unknown) => {
      loading = undefined;
      throw error;
    },
  );
  return loading;
}

/** Where the flow's code is: `ready` once loaded (then every event runs at once). */
export type RuntimeState = 'absent' | 'loading' | 'failed' | 'ready';

/** What the controller reads from the element: its configuration at the moment of each event. */
export interface FlowHost extends ReactiveControllerHost, HTMLElement {
  proxyUrl: string;
  orderRef?: string | undefined;
  orderToken?: string | undefined;
  mode: OrderMode;
  open: 'redirect' | 'popup';
  customer?: CustomerData | undefined;
  /** The resolved language, sent to the proxy for its messages. */
  readonly resolvedLocale: string;
  /** Moves focus to the first invalid field after the next render. */
  focusFirstError(): void;
  /** Leaves the page for Billink's hosted page. */
  navigate(url: string): void;
}

/** Query parameters the proxy adds to the return URL; removed from the address bar on return. */
const RETURN_PARAMS = ['billink_order', 'billink_result'];
/** The popup's window name: a shop page loaded inside it closes itself on return. */
export const POPUP_NAME = 'billink-checkout';

/** What the element takes from a status answer: only well-typed facts. */
function facts(r: OrderStatusResult): OrderFacts {
  const { orderNumber, amountCents, currency, reason } = r;
  return {
    ...(typeof orderNumber === 'string' ? { orderNumber } : {}),
    ...(Number.isSafeInteger(amountCents) && typeof currency === 'string'
      ? { amountCents, currency }
      : {}),
    ...(typeof reason === 'string' ? { reason } : {}),
  };
}

function currentPage(): string {
  const url = new URL(location.href);
  for (const p of RETURN_PARAMS) url.searchParams.delete(p);
  return url.href;
}

/**
 * Connects the pure flow machine to the world: it feeds events in, runs the effects that come out
 * (proxy requests, hosted page, polling, sessionStorage, DOM events), and asks the element to
 * render. The element only renders `snapshot` and forwards the shopper's intent to `dispatch`.
 */
export class FlowController implements ReactiveController {
  snapshot: FlowSnapshot = { state: 'idle' };
  #stopPolling: (() => void) | undefined;
  /** The event that waits for the flow's code (START or RESUME), run once it is there. */
  #queued: FlowEvent | undefined;
  #loadState: 'loading' | 'failed' | undefined;
  /** Settles once the load under way has run its event: the element's `updateComplete` waits for it. */
  pending: Promise<void> | undefined;

  readonly #host: FlowHost;

  constructor(host: FlowHost) {
    this.#host = host;
    host.addController(this);
  }

  hostConnected(): void {
    // Back from Billink's page in the popup: the opener polls; this window is done.
    if (
      window.name === POPUP_NAME &&
      window.opener &&
      new URL(location.href).searchParams.has(RETURN_PARAMS[0]!)
    ) {
      window.close();
    }
  }

  hostDisconnected(): void {
    this.#stopPolling?.();
  }

  /**
   * After a reload or the round trip to Billink's page: confirm the pending order with the proxy
   * (never trust the return URL). Called whenever `order-ref` is set, however late a framework sets it.
   */
  resume(): void {
    const { orderRef } = this.#host;
    const url = new URL(location.href);
    // Billink's own word on the way back: only `success` means the shopper finished there.
    const result = url.searchParams.get(RETURN_PARAMS[1]!);
    if (RETURN_PARAMS.some((p) => url.searchParams.has(p))) {
      history.replaceState(history.state, '', currentPage());
    }
    const pending = orderRef ? loadPending(orderRef) : undefined;
    // An approval has no expiry: give the proxy a minute to confirm it again.
    if (pending?.approved) pending.expiresAt = new Date(Date.now() + 60_000).toISOString();
    if (pending) this.dispatch({ type: 'RESUME', pending, result });
  }

  /** The flow's code, once loaded (always, outside `idle`). */
  get runtime(): FlowRuntime | undefined {
    return runtime;
  }

  get runtimeState(): RuntimeState {
    return runtime ? 'ready' : (this.#loadState ?? 'absent');
  }

  /** Fetch the flow's code now, quietly (a hint: the shopper is about to act, or uses direct mode). */
  prefetch(): void {
    loadFlowRuntime().catch(() => {});
  }

  /** After a failed load: fetch again and run the event that waited for it. */
  retryLoad(): void {
    if (this.#queued) this.#load(this.#queued);
  }

  #load(event: FlowEvent): void {
    this.#queued = event;
    this.#loadState = 'loading';
    this.#host.requestUpdate();
    const pending: Promise<void> = loadFlowRuntime().then(
      () => {
        this.#loadState = undefined;
        const queued = this.#queued;
        this.#queued = undefined;
        if (queued) this.dispatch(queued);
        else this.#host.requestUpdate();
      },
      () => {
        this.#loadState = 'failed';
        this.#host.requestUpdate();
        this.#host.focusFirstError();
      },
    );
    const tracked = pending.then(() => {
      if (this.pending === tracked) this.pending = undefined;
    });
    this.pending = tracked;
  }

  dispatch(event: FlowEvent): void {
    if (!runtime) {
      // Idle without the flow's code: only a start or a return from Billink moves; every other
      // event is one that idle ignores, and a new order or a reset drops what waited.
      if (event.type === 'START' || event.type === 'RESUME') this.#load(event);
      else if (event.type === 'ORDER_CHANGED' || event.type === 'RESET') {
        this.#queued = undefined;
        if (this.#loadState === 'failed') this.#loadState = undefined;
        this.#host.requestUpdate();
      }
      return;
    }
    const { state, effects } = runtime.transition(this.snapshot, event, this.#context());
    this.snapshot = state;
    this.#host.requestUpdate();
    for (const effect of effects) this.#run(effect);
  }

  #context(): FlowContext {
    const h = this.#host;
    return {
      orderRef: h.orderRef ?? '',
      ...(h.orderToken ? { orderToken: h.orderToken } : {}),
      locale: h.resolvedLocale === 'en' ? 'en' : 'nl',
      mode: h.mode,
      returnUrl: currentPage(),
      today: new Date(),
      key: crypto.randomUUID(),
      ...(h.customer ? { customer: h.customer } : {}),
      popup: h.open === 'popup',
    };
  }

  /**
   * Whether Billink is offered for this order and what is known of the shopper (POST
   * /availability); undefined when the proxy cannot say (then a click finds out, as before).
   */
  async availability(): Promise<Availability | undefined> {
    const { orderRef, orderToken, customer } = this.#host;
    if (!orderRef) return undefined;
    const country = customer?.billingAddress?.countryCode;
    try {
      return await this.#client().availability({
        orderRef,
        ...(orderToken ? { orderToken } : {}),
        ...(customer?.type ? { customerType: customer.type } : {}),
        ...(country && /^[A-Z]{2}$/.test(country) ? { countryCode: country } : {}),
      });
    } catch {
      return undefined;
    }
  }

  #client() {
    return createProxyClient({ baseUrl: this.#host.proxyUrl, locale: this.#host.resolvedLocale });
  }

  #failed = (error: FlowError) => this.dispatch({ type: 'REQUEST_FAILED', error });

  #run(effect: Effect): void {
    switch (effect.type) {
      case 'check':
        this.#client()
          .check(effect.request)
          .then((result) => this.dispatch({ type: 'CHECK_RESULT', result }), this.#failed);
        break;
      case 'createOrder':
        this.#client()
          .createOrder(effect.request, effect.idempotencyKey)
          .then((order) => this.dispatch({ type: 'ORDER_CREATED', order }), this.#failed);
        break;
      case 'openHostedPage':
        this.#openHostedPage(effect.url, effect.open);
        break;
      case 'schedulePoll': {
        this.#stopPolling?.();
        const { orderId, statusToken, expiresAt } = effect.order;
        const client = this.#client();
        this.#stopPolling = runtime!.startPoller({
          orderId,
          expiresAt,
          delayMs: effect.delayMs,
          fetchStatus: () => client.orderStatus(orderId, statusToken),
          onStatus: (status, result) =>
            this.dispatch({ type: 'STATUS', orderId, status, facts: facts(result) }),
          onError: this.#failed,
          onExpired: () => this.dispatch({ type: 'EXPIRED' }),
        });
        break;
      }
      case 'stopPoll':
        this.#stopPolling?.();
        this.#stopPolling = undefined;
        break;
      case 'persistPending':
        savePending(effect.pending);
        break;
      case 'clearPending':
        clearPending(effect.orderRef);
        break;
      case 'focusFirstError':
        this.#host.focusFirstError();
        break;
      case 'emit':
        // After the render that shows the new state, so a listener sees the element as the shopper
        // does (e.g. already valid in its form when billink-approved arrives).
        void this.#host.updateComplete.then(() =>
          this.#host.dispatchEvent(
            new CustomEvent(effect.name, { detail: effect.detail, bubbles: true, composed: true }),
          ),
        );
    }
  }

  #openHostedPage(url: string, open: 'redirect' | 'popup'): void {
    if (open === 'redirect') {
      this.#host.navigate(url);
      return;
    }
    const popup = window.open(url, POPUP_NAME, 'popup,width=520,height=760');
    if (!popup) {
      this.dispatch({ type: 'POPUP_BLOCKED' });
      return;
    }
    this.dispatch({ type: 'HOSTED_PAGE_OPENED' });
    // When the popup closes (done, or the shopper gave up), ask the proxy at once.
    const watch = setInterval(() => {
      if (!popup.closed) return;
      clearInterval(watch);
      this.dispatch({ type: 'HOSTED_PAGE_CLOSED' });
    }, 500);
  }
}
