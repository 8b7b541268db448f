/**
 * The checkout flow as a pure state machine: `transition(snapshot, event, ctx)` returns the next
 * snapshot and the effects to run, in order. No I/O, no timers, no clock, no randomness: the
 * idempotency key, today's date and the amount on screen come in through `ctx`, results and time
 * through events. An event a state does not expect is ignored (same snapshot, no effects), which
 * makes a double click or a late response harmless; `approved` ignores everything.
 *
 * Session mode: START → `checking` when the shop's prefill is complete (a decline shows in the shop),
 * else straight to `creating-order` (Billink's hosted page asks for the rest) → `awaiting-customer`
 * (hosted page open) → `polling` → final. Direct mode: START → `collecting` → SUBMIT → `checking` →
 * `eligible` → `creating-order` → `polling` → final. `eligible` is passed through.
 */
import { isCheckReady, validateCheckout } from '../shared/validation.js';
import { fieldCode } from './messages.js';
import { isBusy, isWatching as watching } from './states.js';
import type {
  CheckRequest,
  CheckResult,
  CreateOrderRequest,
  CustomerData,
  FlowError,
  FlowEventDetails,
  FlowState,
  FormIssue,
  OrderCreated,
  OrderFacts,
  OrderMode,
  OrderStatus,
  PendingOrder,
} from './types.js';

export interface FlowContext {
  orderRef: string;
  mode: OrderMode;
  /** Where the hosted page sends the shopper back; the current page. */
  returnUrl: string;
  /** For the 18+ rule. */
  today: Date | string;
  /** A fresh `crypto.randomUUID()`; used only when this event starts a new order attempt. */
  key: string;
  /** The shop's prefill (session mode). */
  customer?: CustomerData;
  /** Open the hosted page in a popup instead of redirecting. */
  popup?: boolean;
  /** The shop's signed order token (`order-token`), sent with the check and the order. */
  orderToken?: string;
  /** The shopper's language, for Billink's hosted page. */
  locale?: 'nl' | 'en';
}

/** The order being watched: from ORDER_CREATED or RESUME (extra fields ride along). */
export interface OrderHandle extends OrderFacts {
  orderId: string;
  statusToken: string;
  expiresAt: string;
  redirectUrl?: string;
}

export type FlowEvent =
  | { type: 'START' }
  | { type: 'SUBMIT'; data: CustomerData }
  | { type: 'CHECK_RESULT'; result: CheckResult }
  | { type: 'ORDER_CREATED'; order: OrderCreated }
  | { type: 'HOSTED_PAGE_OPENED' }
  | { type: 'HOSTED_PAGE_CLOSED' }
  | { type: 'POPUP_BLOCKED' }
  | { type: 'STATUS'; orderId: string; status: OrderStatus; facts?: OrderFacts }
  | { type: 'REQUEST_FAILED'; error: FlowError }
  /** Try again; `data` is what the shopper's form holds now (direct mode). */
  | { type: 'RETRY'; data?: CustomerData }
  /** Back to Billink's hosted page of the same session ("Verder bij Billink"). */
  | { type: 'CONTINUE' }
  | { type: 'RESET' }
  | { type: 'AMOUNT_CHANGED' }
  /** A reload or the return from Billink's page; `result` is the return URL's `billink_result`. */
  | { type: 'RESUME'; pending: PendingOrder; result?: string | null }
  | { type: 'EXPIRED' }
  /** The element now stands for another order (`order-ref` changed): start afresh, approval included. */
  | { type: 'ORDER_CHANGED' };

export type EmitEffect = {
  [N in keyof FlowEventDetails]: { type: 'emit'; name: N; detail: FlowEventDetails[N] };
}[keyof FlowEventDetails];

export type Effect =
  | { type: 'check'; request: CheckRequest }
  | { type: 'createOrder'; request: CreateOrderRequest; idempotencyKey: string }
  | { type: 'openHostedPage'; url: string; open: 'redirect' | 'popup' }
  /** Start (or restart) polling this order after `delayMs`; the poller runs until told to stop. */
  | { type: 'schedulePoll'; delayMs: number; order: OrderHandle }
  | { type: 'stopPoll' }
  | { type: 'persistPending'; pending: PendingOrder }
  | { type: 'clearPending'; orderRef: string }
  | { type: 'focusFirstError' }
  | EmitEffect;

export interface FlowSnapshot {
  state: FlowState;
  /** The customer data of the current attempt (form or prefill). */
  data?: CustomerData;
  check?: CheckResult;
  order?: OrderHandle;
  /** Field problems to show in the direct-mode form. */
  issues?: FormIssue[];
  error?: FlowError;
  /** The last request effect, re-run as is by RETRY (same data, same idempotency key). */
  last?: Effect;
  /** In `error`: the state and effect RETRY goes back to. */
  retry?: { state: FlowState; effect: Effect };
  /** The shopper is back from Billink's page without finishing there: an open order is `incomplete`. */
  returned?: boolean;
}

export interface Step {
  state: FlowSnapshot;
  effects: Effect[];
}

export const initialSnapshot: FlowSnapshot = { state: 'idle' };

const emit = <N extends keyof FlowEventDetails>(name: N, detail: FlowEventDetails[N]) =>
  ({ type: 'emit', name, detail }) as Effect;

const poll = (order: OrderHandle, delayMs: number): Effect => ({
  type: 'schedulePoll',
  delayMs,
  order,
});

export { isBusy } from './states.js';

/** The same customer data (a retry with changed data is a new attempt). */
const same = (a?: CustomerData, b?: CustomerData) => JSON.stringify(a) === JSON.stringify(b);

export function transition(s: FlowSnapshot, e: FlowEvent, ctx: FlowContext): Step {
  const from = s.state;
  const stop: Effect[] = s.order
    ? [{ type: 'stopPoll' }, { type: 'clearPending', orderRef: ctx.orderRef }]
    : [];

  /**
   * Moves to `next`; a new state is emitted. What the shopper hears is the element's business: its
   * live region says the text it shows, which only it knows (countdowns, the proxy's message).
   */
  const go = (next: FlowSnapshot, effects: Effect[] = []): Step => {
    const moved = next.state !== from;
    return {
      state: next,
      effects: [
        ...(moved
          ? [
              emit('billink-state-change', {
                state: next.state,
                previous: from,
                busy: isBusy(next.state),
              }),
            ]
          : []),
        ...effects,
      ],
    };
  };

  /** The order reference with the customer; the proxy takes the addresses next to it, not inside. */
  const body = (data?: CustomerData) => {
    const { billingAddress, shippingAddress, ...customer } = data ?? {};
    const { orderRef, orderToken } = ctx;
    return {
      orderRef,
      ...(orderToken ? { orderToken } : {}),
      ...(data ? { customer } : {}),
      ...(billingAddress ? { billingAddress } : {}),
      ...(shippingAddress ? { shippingAddress } : {}),
    };
  };

  const runCheck = (data: CustomerData): Step => {
    const last = { type: 'check', request: body(data) as CheckRequest } as const;
    return go({ state: 'checking', data, last }, [last]);
  };

  const createOrder = (next: FlowSnapshot): Step => {
    const last = {
      type: 'createOrder',
      request: {
        ...body(next.data),
        ...(next.check?.checkId ? { checkId: next.check.checkId } : {}),
        mode: ctx.mode,
        returnUrl: ctx.returnUrl,
        ...(ctx.locale ? { locale: ctx.locale } : {}),
      },
      idempotencyKey: ctx.key,
    } as const;
    return go({ ...next, state: 'creating-order', last }, [last]);
  };

  /** Session mode: a complete prefill is checked first; otherwise Billink's page asks the rest. */
  const start = (data = ctx.customer): Step =>
    isCheckReady(data, ctx)
      ? runCheck(data ?? {})
      : createOrder({ state: from, ...(data ? { data } : {}) });

  /**
   * A status from the proxy: `pending` changes nothing (unless the shopper came back from Billink's
   * page without finishing: `incomplete`), anything else ends this order.
   */
  const settle = (next: FlowSnapshot, status: OrderStatus): Step => {
    if (status === 'pending')
      return from === 'polling' && s.returned
        ? go({ ...next, state: 'incomplete' })
        : { state: s, effects: [] };
    const order = next.order;
    const orderId = order?.orderId ?? '';
    if (status === 'approved')
      return go({ ...next, state: status }, [
        { type: 'stopPoll' },
        // Kept, marked approved: a reload asks the proxy again and shows the approval.
        ...(order
          ? [
              {
                type: 'persistPending',
                pending: {
                  orderRef: ctx.orderRef,
                  orderId,
                  statusToken: order.statusToken,
                  expiresAt: order.expiresAt,
                  mode: ctx.mode,
                  approved: true,
                },
              } as const,
            ]
          : []),
        emit('billink-approved', { orderId }),
      ]);
    if (status === 'declined')
      return go({ ...next, state: status }, [...stop, emit('billink-declined', {})]);
    return go({ ...next, state: status }, stop);
  };

  switch (e.type) {
    case 'START':
      if (from !== 'idle') break;
      if (ctx.mode === 'direct') return go({ state: 'collecting' });
      return start();

    case 'SUBMIT': {
      // Also from a failed check: the form shows there, and its button must never be inert.
      if (from !== 'collecting' && !(from === 'error' && s.retry?.state === 'checking')) break;
      const issues = validateCheckout(e.data, ctx);
      if (!issues.length) return runCheck(e.data);
      return go({ ...s, state: 'collecting', data: e.data, issues }, [{ type: 'focusFirstError' }]);
    }

    case 'CHECK_RESULT': {
      if (from !== 'checking') break;
      const check = e.result;
      const { reason } = check;
      if (check.outcome !== 'approved')
        return go({ ...s, state: 'declined', check }, [
          emit('billink-declined', reason ? { reason } : {}),
        ]);
      // `eligible` is passed through: the proxy's amount is the authoritative one (the element shows
      // it), and the proxy checks again itself if the shop's total changes before the order.
      const eligible = go({ ...s, state: 'eligible', check });
      const next = createOrder(eligible.state);
      return { state: next.state, effects: [...eligible.effects, ...next.effects] };
    }

    case 'ORDER_CREATED': {
      if (from !== 'creating-order') break;
      const order = e.order;
      const next = { ...s, order };
      if (order.status !== 'pending') return settle(next, order.status);
      const { orderId, statusToken, expiresAt, redirectUrl } = order;
      const persist: Effect = {
        type: 'persistPending',
        pending: {
          orderRef: ctx.orderRef,
          orderId,
          statusToken,
          expiresAt,
          mode: ctx.mode,
          ...(redirectUrl ? { redirectUrl } : {}),
        },
      };
      if (ctx.mode === 'session' && redirectUrl)
        return go({ ...next, state: 'awaiting-customer' }, [
          persist,
          { type: 'openHostedPage', url: redirectUrl, open: ctx.popup ? 'popup' : 'redirect' },
        ]);
      return go({ ...next, state: 'polling' }, [persist, poll(order, 1000)]);
    }

    case 'POPUP_BLOCKED':
      if (from === 'awaiting-customer' && s.order?.redirectUrl)
        return go(s, [{ type: 'openHostedPage', url: s.order.redirectUrl, open: 'redirect' }]);
      break;

    case 'HOSTED_PAGE_OPENED':
      if (from === 'awaiting-customer' && s.order) return go(s, [poll(s.order, 1000)]);
      break;

    case 'HOSTED_PAGE_CLOSED':
      if (from === 'awaiting-customer' && s.order)
        return go({ ...s, state: 'polling', returned: true }, [poll(s.order, 0)]);
      break;

    case 'CONTINUE':
      if (from === 'incomplete' && s.order?.redirectUrl)
        return go({ ...s, state: 'awaiting-customer', returned: false }, [
          { type: 'stopPoll' },
          {
            type: 'openHostedPage',
            url: s.order.redirectUrl,
            open: ctx.popup ? 'popup' : 'redirect',
          },
        ]);
      break;

    case 'STATUS':
      if (watching(from) && e.orderId === s.order?.orderId)
        return settle({ ...s, order: { ...s.order, ...e.facts } }, e.status);
      break;

    case 'EXPIRED':
      if (watching(from) || (from === 'error' && s.order)) return settle(s, 'expired');
      break;

    case 'RESUME': {
      const order = e.pending;
      if ((from !== 'idle' && from !== 'awaiting-customer') || order.orderRef !== ctx.orderRef)
        break;
      // Back without Billink's "success" (its back link, the browser's Back, a reload): an order
      // still open then was not completed. A direct order is final at once, never "incomplete".
      const returned = order.mode === 'session' && !order.approved && e.result !== 'success';
      return go({ ...s, state: 'polling', order, returned }, [poll(order, 0)]);
    }

    case 'REQUEST_FAILED': {
      const { error } = e;
      const { code, message, field, retryable } = error;
      const failed = emit('billink-error', {
        code,
        ...(message ? { message } : {}),
        ...(field ? { field } : {}),
        retryable,
      });
      if (from === 'checking' && ctx.mode === 'direct' && error.field) {
        const issues = [{ field: error.field.replace(/^customer\./, ''), code: fieldCode(error) }];
        return go({ ...s, state: 'collecting', issues, error }, [
          failed,
          { type: 'focusFirstError' },
        ]);
      }
      let retry;
      if (from === 'checking' || from === 'creating-order')
        retry = { state: from, effect: s.last as Effect };
      else if (watching(from) && s.order)
        retry = { state: 'polling' as const, effect: poll(s.order, 0) };
      else break;
      return go({ ...s, state: 'error', error, retry }, [
        ...(s.order ? [{ type: 'stopPoll' } as const] : []),
        failed,
      ]);
    }

    case 'RETRY': {
      if (from !== 'error' || !s.retry || !s.error?.retryable) break;
      const { error: _error, retry, ...cleared } = s;
      // A retry uses what is on screen now: changed data is a new attempt (new check, new key).
      const data = e.data ?? (ctx.mode === 'session' ? ctx.customer : s.data);
      if (retry.state !== 'polling' && !same(data, s.data)) {
        if (ctx.mode === 'session') return start(data);
        const issues = validateCheckout(data ?? {}, ctx);
        if (!issues.length) return runCheck(data ?? {});
        return go({ ...cleared, state: 'collecting', ...(data ? { data } : {}), issues }, [
          { type: 'focusFirstError' },
        ]);
      }
      return go({ ...cleared, state: retry.state }, [retry.effect]);
    }

    case 'AMOUNT_CHANGED':
      // After a check, its amount is stale: check again with the same data.
      if (
        s.data &&
        ((from === 'declined' && !s.order) || (from === 'error' && s.retry?.state === 'checking'))
      )
        return runCheck(s.data);
      break;

    case 'ORDER_CHANGED':
      // Not `stop`: the previous order's pending entry stays, for when its order-ref comes back.
      return go({ state: 'idle' }, s.order ? [{ type: 'stopPoll' }] : []);

    case 'RESET':
      if (
        from !== 'idle' &&
        from !== 'approved' &&
        from !== 'checking' &&
        from !== 'creating-order'
      )
        return go({ state: 'idle' }, stop);
      break;
  }
  return { state: s, effects: [] };
}
