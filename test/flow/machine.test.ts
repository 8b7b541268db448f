import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  initialSnapshot,
  transition,
  type Effect,
  type FlowContext,
  type FlowEvent,
  type FlowSnapshot,
} from '../../src/flow/machine.js';
import type {
  CheckoutCustomer,
  CheckResult,
  FlowState,
  OrderCreated,
} from '../../src/flow/types.js';

const customer: CheckoutCustomer = {
  type: 'p',
  firstName: 'Anna',
  lastName: 'de Vries',
  birthdate: '1990-05-17',
  email: 'anna@example.nl',
  phone: '0612345678',
  billingAddress: {
    street: 'Damrak',
    houseNumber: '1',
    postalCode: '1012 LG',
    city: 'Amsterdam',
    countryCode: 'NL',
  },
};

const { billingAddress: _billing, ...withoutAddresses } = customer;

const session: FlowContext = {
  orderRef: 'WEB-1',
  mode: 'session',
  returnUrl: 'https://shop.test/checkout',
  today: '2026-01-15',
  key: 'key-1',
  customer,
};
/** The session context without the shop's prefill. */
const { customer: _prefill, ...noPrefill } = session;
const direct: FlowContext = { ...noPrefill, mode: 'direct' };

const approved: CheckResult = {
  outcome: 'approved',
  checkId: 'chk-1',
  amountCents: 4995,
  currency: 'EUR',
};
const sessionOrder: OrderCreated = {
  orderId: 'ord-1',
  statusToken: 'tok-1',
  status: 'pending',
  redirectUrl: 'https://billink.test/pay/1',
  expiresAt: '2026-01-15T13:00:00Z',
};
const directOrder: OrderCreated = {
  orderId: 'ord-2',
  statusToken: 'tok-2',
  status: 'pending',
  expiresAt: '2026-01-15T13:00:00Z',
};

/** Runs events from `start`; returns the last step and all effects, with the context per event. */
function run(
  events: FlowEvent[],
  ctx: FlowContext | ((i: number) => FlowContext),
  start = initialSnapshot,
) {
  let state: FlowSnapshot = start;
  let effects: Effect[] = [];
  const all: Effect[] = [];
  events.forEach((e, i) => {
    ({ state, effects } = transition(state, e, typeof ctx === 'function' ? ctx(i) : ctx));
    all.push(...effects);
  });
  return { state, effects, all };
}

const ofType = <T extends Effect['type']>(effects: Effect[], type: T) =>
  effects.filter((e): e is Extract<Effect, { type: T }> => e.type === type);
const changes = (effects: Effect[]) =>
  effects.flatMap((e) =>
    e.type === 'emit' && e.name === 'billink-state-change' ? [e.detail.state] : [],
  );
const types = (effects: Effect[]) => effects.map((e) => (e.type === 'emit' ? e.name : e.type));

const toCheck: FlowEvent[] = [{ type: 'START' }];
const toOrder: FlowEvent[] = [...toCheck, { type: 'CHECK_RESULT', result: approved }];
const toHosted: FlowEvent[] = [...toOrder, { type: 'ORDER_CREATED', order: sessionOrder }];
const toDirectCheck: FlowEvent[] = [{ type: 'START' }, { type: 'SUBMIT', data: customer }];
const toDirectPolling: FlowEvent[] = [
  ...toDirectCheck,
  { type: 'CHECK_RESULT', result: approved },
  { type: 'ORDER_CREATED', order: directOrder },
];

describe('flow machine: session mode, complete prefill', () => {
  it('START runs the credit check with the prefilled customer and billing address', () => {
    const { state, effects } = run(toCheck, session);
    assert.equal(state.state, 'checking');
    assert.deepEqual(effects, [
      {
        type: 'emit',
        name: 'billink-state-change',
        detail: { state: 'checking', previous: 'idle', busy: true },
      },
      {
        type: 'check',
        request: {
          orderRef: 'WEB-1',
          customer: {
            type: 'p',
            firstName: 'Anna',
            lastName: 'de Vries',
            birthdate: '1990-05-17',
            email: 'anna@example.nl',
            phone: '0612345678',
          },
          billingAddress: customer.billingAddress,
        },
      },
    ]);
  });

  it('an approved check passes through eligible and creates the order with the check id', () => {
    const { state, effects } = run(toOrder, session);
    assert.equal(state.state, 'creating-order');
    assert.deepEqual(changes(effects), ['eligible', 'creating-order']);
    assert.deepEqual(ofType(effects, 'createOrder'), [
      {
        type: 'createOrder',
        request: {
          orderRef: 'WEB-1',
          checkId: 'chk-1',
          // The proxy takes the addresses next to the customer.
          customer: withoutAddresses,
          billingAddress: customer.billingAddress,
          mode: 'session',
          returnUrl: 'https://shop.test/checkout',
        },
        idempotencyKey: 'key-1',
      },
    ]);
  });

  it('the created order is persisted, then the hosted page opens by redirect', () => {
    const { state, effects } = run(toHosted, session);
    assert.equal(state.state, 'awaiting-customer');
    assert.deepEqual(types(effects), ['billink-state-change', 'persistPending', 'openHostedPage']);
    assert.deepEqual(ofType(effects, 'persistPending')[0]?.pending, {
      orderRef: 'WEB-1',
      orderId: 'ord-1',
      statusToken: 'tok-1',
      expiresAt: '2026-01-15T13:00:00Z',
      mode: 'session',
      // Kept so "continue at Billink" works after a reload.
      redirectUrl: 'https://billink.test/pay/1',
    });
    assert.deepEqual(ofType(effects, 'openHostedPage'), [
      { type: 'openHostedPage', url: 'https://billink.test/pay/1', open: 'redirect' },
    ]);
  });

  it('popup: opened → polls while the shopper is on the hosted page; closed → polling now', () => {
    const ctx = { ...session, popup: true };
    const hosted = run(toHosted, ctx);
    assert.equal(ofType(hosted.effects, 'openHostedPage')[0]?.open, 'popup');
    const opened = transition(hosted.state, { type: 'HOSTED_PAGE_OPENED' }, ctx);
    assert.equal(opened.state.state, 'awaiting-customer');
    assert.deepEqual(types(opened.effects), ['schedulePoll']);
    assert.equal(ofType(opened.effects, 'schedulePoll')[0]?.delayMs, 1000);
    const closed = transition(opened.state, { type: 'HOSTED_PAGE_CLOSED' }, ctx);
    assert.equal(closed.state.state, 'polling');
    assert.deepEqual(ofType(closed.effects, 'schedulePoll')[0]?.delayMs, 0);
  });

  it('POPUP_BLOCKED falls back to a redirect to the same URL', () => {
    const ctx = { ...session, popup: true };
    const { state, effects } = run([...toHosted, { type: 'POPUP_BLOCKED' }], ctx);
    assert.equal(state.state, 'awaiting-customer');
    assert.deepEqual(effects, [
      { type: 'openHostedPage', url: 'https://billink.test/pay/1', open: 'redirect' },
    ]);
  });

  it('a declined check ends in declined with the reason, no order is created', () => {
    const result: CheckResult = { ...approved, outcome: 'declined', reason: '501' };
    const { state, all } = run([...toCheck, { type: 'CHECK_RESULT', result }], session);
    assert.equal(state.state, 'declined');
    assert.deepEqual(ofType(all, 'createOrder'), []);
    assert.deepEqual(
      all.filter((e) => e.type === 'emit' && e.name === 'billink-declined'),
      [{ type: 'emit', name: 'billink-declined', detail: { reason: '501' } }],
    );
  });
});

describe('flow machine: session mode, incomplete prefill', () => {
  it('START goes straight to creating the order with what the shop knows', () => {
    const partial = { email: 'anna@example.nl', firstName: 'Anna' };
    const ctx = { ...session, customer: partial };
    const { state, effects } = run(toCheck, ctx);
    assert.equal(state.state, 'creating-order');
    assert.deepEqual(ofType(effects, 'check'), []);
    assert.deepEqual(ofType(effects, 'createOrder')[0]?.request, {
      orderRef: 'WEB-1',
      customer: partial,
      mode: 'session',
      returnUrl: 'https://shop.test/checkout',
    });
  });

  it('no prefill at all also goes straight to the order', () => {
    const { state } = run(toCheck, noPrefill);
    assert.equal(state.state, 'creating-order');
  });

  it('a prefilled minor is not check-ready: the hosted page decides', () => {
    const ctx = { ...session, customer: { ...customer, birthdate: '2010-01-01' } };
    assert.equal(run(toCheck, ctx).state.state, 'creating-order');
  });
});

describe('flow machine: direct mode', () => {
  it('START shows the form (collecting)', () => {
    const { state, effects } = run([{ type: 'START' }], direct);
    assert.equal(state.state, 'collecting');
    assert.deepEqual(types(effects), ['billink-state-change']);
  });

  it('an invalid SUBMIT stays in collecting with the issues and focuses the first one', () => {
    const data = {
      ...customer,
      email: 'nope',
      billingAddress: { ...customer.billingAddress!, postalCode: '0123AB' },
    };
    const { state, effects } = run([{ type: 'START' }, { type: 'SUBMIT', data }], direct);
    assert.equal(state.state, 'collecting');
    assert.deepEqual(state.issues, [
      { field: 'email', code: 'email_format' },
      { field: 'billingAddress.postalCode', code: 'postal_code_format' },
    ]);
    assert.deepEqual(effects, [{ type: 'focusFirstError' }]);
  });

  it('a valid SUBMIT checks, then creates a direct order without hosted page and polls', () => {
    const { state, all } = run(toDirectPolling, direct);
    assert.equal(state.state, 'polling');
    assert.deepEqual(changes(all), [
      'collecting',
      'checking',
      'eligible',
      'creating-order',
      'polling',
    ]);
    assert.equal(ofType(all, 'createOrder')[0]?.request.mode, 'direct');
    assert.deepEqual(ofType(all, 'openHostedPage'), []);
    assert.equal(ofType(all, 'persistPending')[0]?.pending.mode, 'direct');
    assert.deepEqual(ofType(all, 'schedulePoll'), [
      { type: 'schedulePoll', delayMs: 1000, order: directOrder },
    ]);
  });

  it('an order that is approved at once skips polling', () => {
    const events: FlowEvent[] = [
      ...toDirectCheck,
      { type: 'CHECK_RESULT', result: approved },
      { type: 'ORDER_CREATED', order: { ...directOrder, status: 'approved' } },
    ];
    const { state, effects } = run(events, direct);
    assert.equal(state.state, 'approved');
    assert.deepEqual(ofType(effects, 'schedulePoll'), []);
    assert.ok(effects.some((e) => e.type === 'emit' && e.name === 'billink-approved'));
  });

  it('a proxy field error during the check goes back to the form at that field', () => {
    const error = {
      code: 'invalid_field',
      field: 'customer.phone',
      message: 'Controleer dit veld.',
      retryable: false,
    };
    const { state, effects } = run([...toDirectCheck, { type: 'REQUEST_FAILED', error }], direct);
    assert.equal(state.state, 'collecting');
    assert.deepEqual(state.issues, [{ field: 'phone', code: 'invalid_field' }]);
    assert.deepEqual(types(effects), ['billink-state-change', 'billink-error', 'focusFirstError']);
  });
});

describe('flow machine: polling and final states', () => {
  const polling = run(toDirectPolling, direct).state;

  it('STATUS pending changes nothing', () => {
    const step = transition(
      polling,
      { type: 'STATUS', orderId: 'ord-2', status: 'pending' },
      direct,
    );
    assert.equal(step.state, polling);
    assert.deepEqual(step.effects, []);
  });

  it('STATUS approved: stops polling, keeps the order marked approved, emits billink-approved', () => {
    const { state, effects } = transition(
      polling,
      { type: 'STATUS', orderId: 'ord-2', status: 'approved' },
      direct,
    );
    assert.equal(state.state, 'approved');
    assert.deepEqual(effects, [
      {
        type: 'emit',
        name: 'billink-state-change',
        detail: { state: 'approved', previous: 'polling', busy: false },
      },
      { type: 'stopPoll' },
      {
        type: 'persistPending',
        pending: {
          orderRef: 'WEB-1',
          orderId: 'ord-2',
          statusToken: polling.order!.statusToken,
          expiresAt: polling.order!.expiresAt,
          mode: 'direct',
          approved: true,
        },
      },
      { type: 'emit', name: 'billink-approved', detail: { orderId: 'ord-2' } },
    ]);
  });

  for (const status of ['cancelled', 'failed', 'expired'] as const) {
    it(`STATUS ${status} ends in ${status}`, () => {
      const { state, effects } = transition(
        polling,
        { type: 'STATUS', orderId: 'ord-2', status },
        direct,
      );
      assert.equal(state.state, status);
      assert.deepEqual(types(effects), ['billink-state-change', 'stopPoll', 'clearPending']);
    });
  }

  it('STATUS declined (on the hosted page) ends in declined', () => {
    const { state, effects } = transition(
      polling,
      { type: 'STATUS', orderId: 'ord-2', status: 'declined' },
      direct,
    );
    assert.equal(state.state, 'declined');
    assert.ok(effects.some((e) => e.type === 'emit' && e.name === 'billink-declined'));
  });

  it('a STATUS for another order is ignored', () => {
    const step = transition(
      polling,
      { type: 'STATUS', orderId: 'other', status: 'approved' },
      direct,
    );
    assert.equal(step.state, polling);
  });

  it('EXPIRED (past expiresAt) ends in expired, also from awaiting-customer', () => {
    assert.equal(transition(polling, { type: 'EXPIRED' }, direct).state.state, 'expired');
    const hosted = run(toHosted, session).state;
    const { state, effects } = transition(hosted, { type: 'EXPIRED' }, session);
    assert.equal(state.state, 'expired');
    assert.ok(effects.some((e) => e.type === 'clearPending'));
  });

  it('EXPIRED means nothing before there is an order', () => {
    const checking = run(toCheck, session).state;
    assert.equal(transition(checking, { type: 'EXPIRED' }, session).state, checking);
  });

  it('approved never regresses: every event is ignored', () => {
    const done = transition(
      polling,
      { type: 'STATUS', orderId: 'ord-2', status: 'approved' },
      direct,
    ).state;
    const events: FlowEvent[] = [
      { type: 'START' },
      { type: 'RESET' },
      { type: 'RETRY' },
      { type: 'EXPIRED' },
      { type: 'AMOUNT_CHANGED' },
      { type: 'STATUS', orderId: 'ord-2', status: 'pending' },
      { type: 'STATUS', orderId: 'ord-2', status: 'cancelled' },
      { type: 'REQUEST_FAILED', error: { code: 'network', retryable: true } },
      {
        type: 'RESUME',
        pending: {
          orderRef: 'WEB-1',
          orderId: 'ord-2',
          statusToken: 't',
          expiresAt: 'x',
          mode: 'direct',
        },
      },
    ];
    for (const e of events) {
      const step = transition(done, e, direct);
      assert.equal(step.state, done, e.type);
      assert.deepEqual(step.effects, [], e.type);
    }
  });

  for (const final of ['cancelled', 'failed', 'expired'] as const) {
    it(`${final} ignores late statuses; only RESET starts over`, () => {
      const done = transition(
        polling,
        { type: 'STATUS', orderId: 'ord-2', status: final },
        direct,
      ).state;
      for (const e of [
        { type: 'STATUS', orderId: 'ord-2', status: 'approved' },
        { type: 'EXPIRED' },
        { type: 'START' },
        { type: 'RETRY' },
      ] as FlowEvent[])
        assert.equal(transition(done, e, direct).state, done);
      assert.equal(transition(done, { type: 'RESET' }, direct).state.state, 'idle');
    });
  }
});

describe('flow machine: errors and RETRY', () => {
  const networkDown = { code: 'network', retryable: true };

  it('a failed check: error remembers the step; RETRY re-runs the same check', () => {
    const failed = run([...toCheck, { type: 'REQUEST_FAILED', error: networkDown }], session);
    assert.equal(failed.state.state, 'error');
    assert.deepEqual(failed.effects, [
      {
        type: 'emit',
        name: 'billink-state-change',
        detail: { state: 'error', previous: 'checking', busy: false },
      },
      {
        type: 'emit',
        name: 'billink-error',
        detail: { code: 'network', retryable: true },
      },
    ]);
    const retried = transition(failed.state, { type: 'RETRY' }, { ...session, key: 'key-9' });
    assert.equal(retried.state.state, 'checking');
    assert.deepEqual(
      ofType(retried.effects, 'check'),
      ofType(run(toCheck, session).effects, 'check'),
    );
  });

  it('a failed order creation: RETRY sends the same request with the same idempotency key', () => {
    // A fresh key per event: only a new attempt may use it.
    const ctx = (i: number) => ({ ...session, key: `key-${i}` });
    const failed = run(
      [...toOrder, { type: 'REQUEST_FAILED', error: { code: 'timeout', retryable: true } }],
      ctx,
    );
    assert.equal(failed.state.state, 'error');
    const first = ofType(failed.all, 'createOrder')[0];
    assert.equal(first?.idempotencyKey, 'key-1');
    const retried = transition(failed.state, { type: 'RETRY' }, ctx(7));
    assert.equal(retried.state.state, 'creating-order');
    assert.deepEqual(ofType(retried.effects, 'createOrder'), [first]);
    // …and succeeding after the retry continues normally.
    const created = transition(
      retried.state,
      { type: 'ORDER_CREATED', order: sessionOrder },
      ctx(8),
    );
    assert.equal(created.state.state, 'awaiting-customer');
  });

  it('a non-retryable status failure while polling: stop polling, keep the pending order; RETRY ignored', () => {
    const error = { code: 'order_not_found', retryable: false, message: 'Niet gevonden.' };
    const { state, effects } = run([...toDirectPolling, { type: 'REQUEST_FAILED', error }], direct);
    assert.equal(state.state, 'error');
    assert.deepEqual(types(effects), ['billink-state-change', 'stopPoll', 'billink-error']);
    assert.equal(transition(state, { type: 'RETRY' }, direct).state, state);
  });

  it('a retryable status failure: RETRY polls again at once', () => {
    const { state } = run(
      [...toDirectPolling, { type: 'REQUEST_FAILED', error: networkDown }],
      direct,
    );
    const retried = transition(state, { type: 'RETRY' }, direct);
    assert.equal(retried.state.state, 'polling');
    assert.deepEqual(ofType(retried.effects, 'schedulePoll'), [
      { type: 'schedulePoll', delayMs: 0, order: directOrder },
    ]);
  });

  it('an error while awaiting the customer retries into polling', () => {
    const { state } = run([...toHosted, { type: 'REQUEST_FAILED', error: networkDown }], session);
    assert.equal(transition(state, { type: 'RETRY' }, session).state.state, 'polling');
  });

  it('EXPIRED in error after an order ends in expired', () => {
    const { state } = run(
      [...toDirectPolling, { type: 'REQUEST_FAILED', error: networkDown }],
      direct,
    );
    assert.equal(transition(state, { type: 'EXPIRED' }, direct).state.state, 'expired');
  });

  it('REQUEST_FAILED where nothing is in flight is ignored', () => {
    for (const events of [[], [{ type: 'START' }]] as FlowEvent[][]) {
      const { state } = run(events, direct);
      assert.equal(
        transition(state, { type: 'REQUEST_FAILED', error: networkDown }, direct).state,
        state,
      );
    }
  });

  it('RETRY outside error is ignored', () => {
    const checking = run(toCheck, session).state;
    assert.equal(transition(checking, { type: 'RETRY' }, session).state, checking);
  });
});

describe('flow machine: double submits and stale events', () => {
  it('a second START while checking does nothing', () => {
    const checking = run(toCheck, session).state;
    const step = transition(checking, { type: 'START' }, session);
    assert.equal(step.state, checking);
    assert.deepEqual(step.effects, []);
  });

  it('a second SUBMIT while checking does nothing', () => {
    const checking = run(toDirectCheck, direct).state;
    assert.deepEqual(transition(checking, { type: 'SUBMIT', data: customer }, direct).effects, []);
  });

  it('results arriving in the wrong state are ignored', () => {
    const idle = initialSnapshot;
    for (const e of [
      { type: 'CHECK_RESULT', result: approved },
      { type: 'ORDER_CREATED', order: sessionOrder },
      { type: 'STATUS', orderId: 'ord-1', status: 'approved' },
      { type: 'HOSTED_PAGE_OPENED' },
      { type: 'POPUP_BLOCKED' },
    ] as FlowEvent[])
      assert.equal(transition(idle, e, session).state, idle, e.type);
  });

  it('RESET is ignored while a request is in flight', () => {
    for (const events of [toCheck, toOrder]) {
      const { state } = run(events, session);
      assert.equal(transition(state, { type: 'RESET' }, session).state, state);
    }
  });
});

describe('flow machine: AMOUNT_CHANGED', () => {
  it('while idle (or collecting) nothing happens', () => {
    assert.deepEqual(transition(initialSnapshot, { type: 'AMOUNT_CHANGED' }, session).effects, []);
    const collecting = run([{ type: 'START' }], direct).state;
    assert.equal(transition(collecting, { type: 'AMOUNT_CHANGED' }, direct).state, collecting);
  });

  it('after a decline: checks again with the same data', () => {
    const result: CheckResult = { ...approved, outcome: 'declined' };
    const declined = run([...toDirectCheck, { type: 'CHECK_RESULT', result }], direct).state;
    const { state, effects } = transition(declined, { type: 'AMOUNT_CHANGED' }, direct);
    assert.equal(state.state, 'checking');
    assert.deepEqual(ofType(effects, 'check'), ofType(run(toDirectCheck, direct).all, 'check'));
  });

  it('after a failed check: checks again', () => {
    const failed = run(
      [...toCheck, { type: 'REQUEST_FAILED', error: { code: 'timeout', retryable: true } }],
      session,
    );
    assert.equal(
      transition(failed.state, { type: 'AMOUNT_CHANGED' }, session).state.state,
      'checking',
    );
  });

  it('once an order exists the proxy owns the amount: ignored', () => {
    for (const events of [toOrder, toHosted]) {
      const { state } = run(events, session);
      assert.equal(transition(state, { type: 'AMOUNT_CHANGED' }, session).state, state);
    }
  });
});

describe('flow machine: RESET and RESUME', () => {
  it('RESET from the hosted page wait stops polling and clears the pending order', () => {
    const { state } = run(toHosted, session);
    const step = transition(state, { type: 'RESET' }, session);
    assert.deepEqual(step.state, { state: 'idle' });
    assert.deepEqual(types(step.effects), ['billink-state-change', 'stopPoll', 'clearPending']);
  });

  for (const [name, events, ctx] of [
    ['collecting', [{ type: 'START' }], direct],
    [
      'declined',
      [...toCheck, { type: 'CHECK_RESULT', result: { ...approved, outcome: 'declined' } }],
      session,
    ],
    [
      'error',
      [...toCheck, { type: 'REQUEST_FAILED', error: { code: 'network', retryable: true } }],
      session,
    ],
  ] as [FlowState, FlowEvent[], FlowContext][]) {
    it(`RESET from ${name} → idle, and START works again with a new key`, () => {
      const { state } = run(events, ctx);
      assert.equal(state.state, name);
      const idle = transition(state, { type: 'RESET' }, ctx);
      assert.deepEqual(idle.state, initialSnapshot);
      assert.deepEqual(ofType(idle.effects, 'clearPending'), []);
      assert.notEqual(transition(idle.state, { type: 'START' }, ctx).state.state, 'idle');
    });
  }

  const pending = {
    orderRef: 'WEB-1',
    orderId: 'ord-1',
    statusToken: 'tok-1',
    expiresAt: '2026-01-15T13:00:00Z',
    mode: 'session' as const,
  };

  it('RESUME a persisted order on load: confirm the status with the proxy right away', () => {
    const { state, effects } = transition(initialSnapshot, { type: 'RESUME', pending }, session);
    assert.equal(state.state, 'polling');
    assert.equal(state.order?.orderId, 'ord-1');
    assert.deepEqual(types(effects), ['billink-state-change', 'schedulePoll']);
    assert.deepEqual(ofType(effects, 'schedulePoll')[0]?.delayMs, 0);
    // The status comes from the proxy, not from the return URL.
    const done = transition(
      state,
      { type: 'STATUS', orderId: 'ord-1', status: 'approved' },
      session,
    );
    assert.equal(done.state.state, 'approved');
  });

  it('RESUME after coming back to a page restored while awaiting the customer', () => {
    const { state } = run(toHosted, session);
    assert.equal(transition(state, { type: 'RESUME', pending }, session).state.state, 'polling');
  });

  it('RESUME for another order ref or in a busy state is ignored', () => {
    const other = { ...pending, orderRef: 'WEB-2' };
    assert.equal(
      transition(initialSnapshot, { type: 'RESUME', pending: other }, session).state,
      initialSnapshot,
    );
    const checking = run(toCheck, session).state;
    assert.equal(transition(checking, { type: 'RESUME', pending }, session).state, checking);
  });
});

describe('flow machine: ORDER_CHANGED', () => {
  it('starts afresh from any state, an approval included, and stops watching the old order', () => {
    const approved = run(
      [...toHosted, { type: 'STATUS', orderId: 'ord-1', status: 'approved' }],
      session,
    ).state;
    assert.equal(approved.state, 'approved');
    assert.equal(
      transition(approved, { type: 'RESET' }, session).state,
      approved,
      'RESET keeps an approval',
    );
    const changed = transition(approved, { type: 'ORDER_CHANGED' }, session);
    assert.deepEqual(changed.state, { state: 'idle' });
    const polling = run(toHosted, session).state;
    assert.deepEqual(types(transition(polling, { type: 'ORDER_CHANGED' }, session).effects), [
      'billink-state-change',
      'stopPoll',
    ]);
  });
});

describe('flow machine: issue 12 (retry with current data, incomplete return)', () => {
  it('RETRY after a failed check with changed form data runs a new check with that data', () => {
    const ctx = { ...direct, key: 'k1' };
    let step = transition(initialSnapshot, { type: 'START' }, ctx);
    step = transition(step.state, { type: 'SUBMIT', data: customer }, ctx);
    step = transition(
      step.state,
      { type: 'REQUEST_FAILED', error: { code: 'network', retryable: true } },
      ctx,
    );
    const changed = {
      ...customer,
      billingAddress: { ...customer.billingAddress!, street: 'Spui' },
    };
    const retried = transition(step.state, { type: 'RETRY', data: changed }, ctx);
    assert.equal(retried.state.state, 'checking');
    const check = retried.effects.find((e) => e.type === 'check');
    assert.equal(check?.type === 'check' && check.request.billingAddress.street, 'Spui');
  });

  it('back without success and Billink still pending: incomplete, and CONTINUE reopens the same page', () => {
    const pendingOrder = {
      orderRef: 'WEB-1',
      orderId: 'ord-9',
      statusToken: 't',
      expiresAt: '2099-01-01T00:00:00Z',
      mode: 'session' as const,
      redirectUrl: 'https://billink.test/pay/9',
    };
    const resumed = transition(
      initialSnapshot,
      { type: 'RESUME', pending: pendingOrder, result: 'cancel' },
      session,
    );
    const open = transition(
      resumed.state,
      { type: 'STATUS', orderId: 'ord-9', status: 'pending' },
      session,
    );
    assert.equal(open.state.state, 'incomplete');
    const again = transition(open.state, { type: 'CONTINUE' }, session);
    assert.equal(again.state.state, 'awaiting-customer');
    assert.deepEqual(
      again.effects.find((e) => e.type === 'openHostedPage'),
      {
        type: 'openHostedPage',
        url: 'https://billink.test/pay/9',
        open: 'redirect',
      },
    );
    const success = transition(
      initialSnapshot,
      { type: 'RESUME', pending: pendingOrder, result: 'success' },
      session,
    );
    const confirming = transition(
      success.state,
      { type: 'STATUS', orderId: 'ord-9', status: 'pending' },
      session,
    );
    assert.equal(confirming.state.state, 'polling');
  });
});
