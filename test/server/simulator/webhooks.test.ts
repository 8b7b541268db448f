import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SESSION_TTL_MS, WEBHOOK_V3_HEADERS } from '../../../src/server/billink/endpoints.js';
import { signWebhook } from '../../../src/server/billink/webhook-signature.js';
import { DEMO_ACCOUNT, type SimulatorOptions } from '../../../src/server/simulator/index.js';
import {
  createSession,
  jsonCall,
  jsonRequest,
  newSimulator,
  submitHostedPage,
  T0,
  xmlCall,
  xmlRequest,
} from './helpers.js';

const CREDS = { billinkUsername: DEMO_ACCOUNT.username, billinkID: DEMO_ACCOUNT.billinkId };

interface Received {
  readonly url: string;
  readonly headers: Headers;
  readonly body: string;
}

/** A webhookFetch that records every delivery and answers with `statuses` in turn (then 200). */
function recorder(statuses: (number | 'network')[] = []) {
  const received: Received[] = [];
  const webhookFetch: typeof fetch = async (input, init) => {
    received.push({
      url: String(input),
      headers: new Headers(init?.headers),
      body: String(init?.body),
    });
    const next = statuses.shift() ?? 200;
    if (next === 'network') throw new TypeError('fetch failed');
    return new Response(null, { status: next });
  };
  return { received, webhookFetch };
}

async function configured(options: SimulatorOptions = {}) {
  const sim = newSimulator(options);
  const { body } = await jsonCall(sim, jsonRequest('webhookV3SecretGenerate', CREDS));
  const secret = String(body['secret']);
  for (const [endpoint, url] of [
    ['sessionWebhookV3Set', 'https://shop.example/hooks/session'],
    ['orderWebhookV3Set', 'https://shop.example/hooks/order'],
  ] as const) {
    const r = await jsonCall(sim, jsonRequest(endpoint, { ...CREDS, url }));
    assert.deepEqual(r, {
      status: 200,
      body: { status: 'success', message: 'Webhook has been set' },
    });
  }
  return { sim, secret };
}

async function assertSigned(secret: string, delivery: Received): Promise<void> {
  const timestamp = delivery.headers.get(WEBHOOK_V3_HEADERS.timestamp) ?? '';
  assert.match(timestamp, /^\d{10}$/);
  assert.equal(
    delivery.headers.get(WEBHOOK_V3_HEADERS.signature),
    await signWebhook(secret, timestamp, delivery.body),
  );
  assert.equal(delivery.headers.get('content-type'), 'application/json');
}

describe('webhook v3 configuration', () => {
  test('generate: base64 of 32 random bytes, new on every call', async () => {
    const sim = newSimulator();
    const a = await jsonCall(sim, jsonRequest('webhookV3SecretGenerate', CREDS));
    assert.equal(a.status, 200);
    assert.equal(a.body['status'], 'success');
    assert.equal(a.body['message'], 'Webhook V3 secret is generated successfully');
    const secret = String(a.body['secret']);
    assert.equal(Buffer.from(secret, 'base64').length, 32);
    assert.equal(Buffer.from(secret, 'base64').toString('base64'), secret);
    const b = await jsonCall(sim, jsonRequest('webhookV3SecretGenerate', CREDS));
    assert.notEqual(b.body['secret'], secret);
  });

  test('errors: parameter missing 400, client not found 404', async () => {
    const sim = newSimulator();
    const call = (body: object) => jsonCall(sim, jsonRequest('webhookV3SecretGenerate', body));
    assert.deepEqual(await call({ billinkID: CREDS.billinkID }), {
      status: 400,
      body: { status: 'error', message: 'billinkUsername parameter missing' },
    });
    assert.deepEqual(await call({ billinkUsername: CREDS.billinkUsername }), {
      status: 400,
      body: { status: 'error', message: 'billinkID parameter missing' },
    });
    assert.deepEqual(await call({ ...CREDS, billinkID: 'x' }), {
      status: 404,
      body: { status: 'error', message: 'Client not found' },
    });
  });

  test('set: secret first, url required, https (or loopback http) only', async () => {
    const sim = newSimulator();
    const set = (url: unknown) =>
      jsonCall(sim, jsonRequest('sessionWebhookV3Set', { ...CREDS, url }));
    assert.deepEqual(await set('https://shop.example/hook'), {
      status: 400,
      body: {
        status: 'error',
        message: 'Webhook signing secret is not set. Please, generate the secret first',
      },
    });
    await jsonCall(sim, jsonRequest('webhookV3SecretGenerate', CREDS));
    assert.equal((await set('')).body['message'], 'url parameter is empty');
    assert.equal((await set('http://shop.example/hook')).body['message'], 'Invalid url parameter');
    assert.equal((await set('ftp://shop.example/hook')).status, 400);
    assert.equal((await set('http://127.0.0.1:9999/hook')).status, 200);
    assert.equal((await set('http://localhost:9999/hook')).status, 200);
    assert.equal((await set('https://shop.example/hook')).status, 200);
  });
});

describe('webhook deliveries', () => {
  test('session webhooks: session_active on create, order_created on approve; signed; camelCase', async () => {
    const { received, webhookFetch } = recorder();
    const { sim, secret } = await configured({ webhookFetch });
    const { sessionID, sessionURL } = await createSession(sim);
    await submitHostedPage(sim, sessionURL, { choice: 'approve', birthdate: '01-01-1990' });
    await sim.webhooksIdle();

    const session = received.filter((r) => r.url.endsWith('/session'));
    assert.deepEqual(
      session.map((r) => JSON.parse(r.body) as Record<string, unknown>),
      ['session_active', 'order_created'].map((status) => ({
        status,
        invoiceNumber: 'WEB-1001',
        transactionId: sim.getSession(sessionID)?.transactionId,
        billinkInvoiceNumber: '1SIMWEB-1001',
      })),
    );
    for (const d of received) await assertSigned(secret, d);
    assert.equal(session[0]?.headers.get(WEBHOOK_V3_HEADERS.timestamp), String(T0 / 1000));
    const ids = received.map((r) => r.headers.get(WEBHOOK_V3_HEADERS.id));
    assert.equal(new Set(ids).size, ids.length, 'one id per delivery');
  });

  test('order webhooks: placed, workflow started, partial credit, paid, on hold — snake_case, Amsterdam time', async () => {
    const { received, webhookFetch } = recorder();
    const { sim, secret } = await configured({ webhookFetch });
    const { sessionID, invoice } = await createSession(sim);
    sim.completeSession(sessionID, 'approve', { birthdate: '01-01-1990' });
    await xmlCall(
      sim,
      xmlRequest('legacyStartWorkflow', {
        INVOICES: { ITEM: [{ INVOICENUMBER: invoice, WORKFLOWNUMBER: '1' }] },
      }),
    );
    await jsonCall(
      sim,
      jsonRequest('credit', {
        ...CREDS,
        invoices: [{ number: 'WEB-1001', creditAmount: 1.5, description: 'x' }],
      }),
    );
    await xmlCall(
      sim,
      xmlRequest('legacyOnHold', { INVOICENUMBER: invoice, WORKFLOWNUMBER: '1', DAYS: '3' }),
    );
    await xmlCall(
      sim,
      xmlRequest('legacyPayment', {
        INVOICES: { ITEM: [{ INVOICENUMBER: invoice, AMOUNT: '119.50', DESCRIPTION: 'bank' }] },
      }),
    );
    await sim.webhooksIdle();

    const order = received
      .filter((r) => r.url.endsWith('/order'))
      .map((r) => JSON.parse(r.body) as Record<string, unknown>);
    assert.deepEqual(
      order.map((o) => o['event']),
      [
        'order_placed',
        'order_workflow_started',
        'partial_credit_added',
        'order_on_hold',
        'order_paid',
        'customer_fully_paid',
      ],
    );
    const first = order[0] ?? {};
    assert.deepEqual(Object.keys(first).sort(), [
      'event',
      'invoice_number',
      'invoice_number_clean',
      'order_id',
      'timestamp',
      'workflow_id',
    ]);
    assert.equal(first['invoice_number'], '1SIMWEB-1001');
    assert.equal(first['invoice_number_clean'], 'WEB-1001');
    assert.equal(first['workflow_id'], 1);
    assert.equal(typeof first['order_id'], 'number');
    assert.equal(first['timestamp'], '2025-06-15 12:00:00', 'T0 is 10:00 UTC = 12:00 CEST');
    for (const d of received) await assertSigned(secret, d);
  });

  test('full credit → order_fully_accredited; legacy Order → order_placed', async () => {
    const { received, webhookFetch } = recorder();
    const { sim } = await configured({ webhookFetch });
    const { sessionID } = await createSession(sim);
    sim.completeSession(sessionID, 'approve', { birthdate: '01-01-1990' });
    await jsonCall(
      sim,
      jsonRequest('credit', {
        ...CREDS,
        invoices: [{ number: 'WEB-1001', creditAmount: '121.00', description: 'x' }],
      }),
    );
    await sim.webhooksIdle();
    const events = received
      .filter((r) => r.url.endsWith('/order'))
      .map((r) => (JSON.parse(r.body) as { event: string }).event);
    assert.deepEqual(events, ['order_placed', 'order_fully_accredited']);
  });

  test('expiry sends session_expired; decline and cancel send failed / cancelled', async () => {
    const { received, webhookFetch } = recorder();
    const { sim } = await configured({ webhookFetch });
    const a = await createSession(sim, { orderNumber: 'A' });
    const b = await createSession(sim, { orderNumber: 'B' });
    const c = await createSession(sim, { orderNumber: 'C' });
    sim.completeSession(a.sessionID, 'decline');
    sim.completeSession(b.sessionID, 'cancel');
    sim.advanceTime(SESSION_TTL_MS);
    await sim.webhooksIdle();
    const statuses = received
      .filter((r) => r.url.endsWith('/session'))
      .map((r) => JSON.parse(r.body) as { status: string; invoiceNumber: string })
      .filter((p) => p.status !== 'session_active')
      .map((p) => `${p.invoiceNumber}:${p.status}`);
    assert.deepEqual(statuses, ['A:failed', 'B:cancelled', 'C:session_expired']);
    assert.equal(sim.getSession(c.sessionID)?.status, 'session_expired');
  });

  test('retries on non-2xx and network errors with the same id, then delivered', async () => {
    const { received, webhookFetch } = recorder([500, 'network', 204]);
    const sim = newSimulator({
      webhookFetch,
      webhookSecret: 'preconfigured-secret',
      accounts: [{ ...DEMO_ACCOUNT, sessionWebhookUrl: 'https://shop.example/hooks/session' }],
    });
    await createSession(sim);
    await sim.webhooksIdle();
    assert.equal(received.length, 3);
    assert.equal(new Set(received.map((r) => r.headers.get(WEBHOOK_V3_HEADERS.id))).size, 1);
    for (const d of received) await assertSigned('preconfigured-secret', d);
    const [delivery] = sim.webhookDeliveries;
    assert.equal(delivery?.state, 'delivered');
    assert.deepEqual(
      delivery?.attempts.map((a) => a.status ?? a.error),
      [500, 'fetch failed', 204],
    );
    assert.deepEqual({ ...sim.stats.webhooks }, { delivered: 1, failed: 0, attempts: 3 });
  });

  test('gives up after 3 retries (4 attempts), all with the same id', async () => {
    const { received, webhookFetch } = recorder([500, 500, 500, 500, 500, 500]);
    const heard: string[] = [];
    const sim = newSimulator({
      webhookFetch,
      webhookSecret: 's',
      accounts: [
        {
          ...DEMO_ACCOUNT,
          email: 'owner@shop.example',
          sessionWebhookUrl: 'https://shop.example/hooks/session',
        },
      ],
      onMerchantEmail: (mail) => heard.push(mail.to),
    });
    await createSession(sim);
    await sim.webhooksIdle();
    assert.equal(received.length, 4);
    assert.equal(new Set(received.map((r) => r.headers.get(WEBHOOK_V3_HEADERS.id))).size, 1);
    assert.equal(sim.webhookDeliveries[0]?.state, 'failed');
    assert.equal(sim.stats.webhooks.failed, 1);
    // After the third failed retry Billink e-mails the merchant, once per delivery.
    assert.equal(sim.merchantEmails.length, 1);
    const mail = sim.merchantEmails[0]!;
    assert.equal(mail.to, 'owner@shop.example');
    assert.match(mail.subject, /https:\/\/shop\.example\/hooks\/session/);
    assert.match(mail.text, /4 attempts failed, the last with HTTP 500/);
    assert.equal(mail.deliveryId, sim.webhookDeliveries[0]?.id);
    assert.deepEqual(heard, ['owner@shop.example']);
  });

  test('a delivery that succeeds on a retry sends no e-mail', async () => {
    const { webhookFetch } = recorder([500, 200]);
    const sim = newSimulator({
      webhookFetch,
      webhookSecret: 's',
      accounts: [{ ...DEMO_ACCOUNT, sessionWebhookUrl: 'https://shop.example/hooks/session' }],
    });
    await createSession(sim);
    await sim.webhooksIdle();
    assert.equal(sim.webhookDeliveries[0]?.state, 'delivered');
    assert.equal(sim.merchantEmails.length, 0);
  });

  test('deliveries never block the API answer', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const sim = newSimulator({
      webhookSecret: 's',
      accounts: [{ ...DEMO_ACCOUNT, sessionWebhookUrl: 'https://shop.example/hooks/session' }],
      webhookFetch: async () => {
        await gate;
        return new Response(null, { status: 200 });
      },
    });
    await createSession(sim);
    assert.equal(sim.webhookDeliveries[0]?.state, 'pending');
    release();
    await sim.webhooksIdle();
    assert.equal(sim.webhookDeliveries[0]?.state, 'delivered');
  });

  test('unsigned (non-v3) webhooks carry only the id header', async () => {
    const { received, webhookFetch } = recorder();
    const sim = newSimulator({ webhookFetch });
    const r = await jsonCall(
      sim,
      jsonRequest('sessionWebhookSet', { ...CREDS, url: 'https://shop.example/plain' }),
    );
    assert.equal(r.status, 200);
    await createSession(sim);
    await sim.webhooksIdle();
    assert.equal(received.length, 1);
    assert.equal(received[0]?.headers.get(WEBHOOK_V3_HEADERS.signature), null);
    assert.ok(received[0]?.headers.get(WEBHOOK_V3_HEADERS.id));
    await jsonCall(sim, jsonRequest('sessionWebhookDisable', CREDS));
    await createSession(sim, { orderNumber: 'X' });
    await sim.webhooksIdle();
    assert.equal(received.length, 1);
  });
});
