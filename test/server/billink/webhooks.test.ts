import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { WEBHOOK_V3_HEADERS } from '../../../src/server/billink/endpoints.js';
import { signWebhook } from '../../../src/server/billink/webhook-signature.js';
import {
  WebhookVerificationError,
  createMemoryReplayStore,
  createWebhookVerifier,
  type ReplayStore,
  type WebhookVerifierOptions,
} from '../../../src/server/billink/webhooks.js';
import {
  ORDER_WEBHOOK_EVENTS,
  amsterdamToDate,
  parseOrderWebhook,
  parseSessionWebhook,
} from '../../../src/server/billink/webhook-payloads.js';
import { rejectionOf } from './helpers.js';

const SECRET = 'c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlYw==';
const NOW_S = 1_795_000_000;
const now = (): number => NOW_S * 1000;

const orderBody = JSON.stringify({
  order_id: 4711,
  invoice_number_clean: 'invoice-1234',
  invoice_number: '1ABinvoice-1234',
  workflow_id: '1',
  event: 'order_paid',
  timestamp: '2026-07-01 14:30:00',
  custom_invoice_id: 'CUST-9',
});

const sessionBody = JSON.stringify({
  status: 'order_created',
  invoiceNumber: 'invoice-1234',
  transactionId: 'tx_001a45',
  billinkInvoiceNumber: '1ABinvoice-1234',
});

async function signedHeaders(
  rawBody: string,
  { id = 'wh_1', ts = NOW_S, secret = SECRET } = {},
): Promise<Record<string, string>> {
  return {
    [WEBHOOK_V3_HEADERS.signature]: await signWebhook(secret, String(ts), rawBody),
    [WEBHOOK_V3_HEADERS.timestamp]: String(ts),
    [WEBHOOK_V3_HEADERS.id]: id,
  };
}

function verifier(options: Partial<WebhookVerifierOptions> = {}) {
  return createWebhookVerifier({ secret: SECRET, now, ...options });
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const error = await rejectionOf(promise);
  assert.ok(error instanceof WebhookVerificationError, String(error));
  return error.code;
}

describe('createWebhookVerifier', () => {
  it('accepts a valid signed order webhook and parses it', async () => {
    const result = await verifier().verify({
      headers: await signedHeaders(orderBody),
      rawBody: orderBody,
    });
    assert.equal(result.id, 'wh_1');
    assert.equal(result.timestamp, NOW_S);
    assert.deepEqual(result.payload, {
      kind: 'order',
      orderId: '4711',
      merchantInvoiceNumber: 'invoice-1234',
      billinkInvoiceNumber: '1ABinvoice-1234',
      workflowId: '1',
      event: 'order_paid',
      knownEvent: true,
      timestamp: '2026-07-01 14:30:00',
      occurredAt: new Date('2026-07-01T12:30:00Z'),
      customInvoiceId: 'CUST-9',
    });
  });

  it('accepts a session webhook given as Fetch Headers with any casing', async () => {
    const raw = await signedHeaders(sessionBody);
    const headers = new Headers();
    for (const [k, v] of Object.entries(raw)) headers.set(k.toUpperCase(), v);
    const result = await verifier().verify({ headers, rawBody: sessionBody });
    assert.deepEqual(result.payload, {
      kind: 'session',
      status: 'order_created',
      merchantInvoiceNumber: 'invoice-1234',
      transactionId: 'tx_001a45',
      billinkInvoiceNumber: '1ABinvoice-1234',
    });
  });

  it('accepts Node-style header records with mixed-case names and array values', async () => {
    const raw = await signedHeaders(sessionBody);
    const headers = {
      'X-Billink-Signature': [raw[WEBHOOK_V3_HEADERS.signature]!],
      'X-Billink-Timestamp': raw[WEBHOOK_V3_HEADERS.timestamp],
      'X-Billink-Webhook-Id': raw[WEBHOOK_V3_HEADERS.id],
    };
    const result = await verifier().verify({ headers, rawBody: sessionBody });
    assert.equal(result.payload.kind, 'session');
  });

  it('rejects a tampered body', async () => {
    const headers = await signedHeaders(orderBody);
    const tampered = orderBody.replace('order_paid', 'order_on_hold');
    assert.equal(await codeOf(verifier().verify({ headers, rawBody: tampered })), 'bad_signature');
  });

  it('rejects a re-serialised body (the raw bytes are what is signed)', async () => {
    const headers = await signedHeaders(orderBody);
    const reserialised = JSON.stringify(JSON.parse(orderBody), null, 2);
    assert.equal(
      await codeOf(verifier().verify({ headers, rawBody: reserialised })),
      'bad_signature',
    );
  });

  it('rejects a signature made with another secret', async () => {
    const headers = await signedHeaders(orderBody, { secret: 'another-secret' });
    assert.equal(await codeOf(verifier().verify({ headers, rawBody: orderBody })), 'bad_signature');
  });

  it('rejects a stale timestamp (older than 5 minutes)', async () => {
    const headers = await signedHeaders(orderBody, { ts: NOW_S - 301 });
    assert.equal(
      await codeOf(verifier().verify({ headers, rawBody: orderBody })),
      'stale_timestamp',
    );
  });

  it('accepts a timestamp just inside the window', async () => {
    const headers = await signedHeaders(orderBody, { ts: NOW_S - 299 });
    await verifier().verify({ headers, rawBody: orderBody });
  });

  it('rejects a timestamp far in the future', async () => {
    const headers = await signedHeaders(orderBody, { ts: NOW_S + 3600 });
    assert.equal(
      await codeOf(verifier().verify({ headers, rawBody: orderBody })),
      'stale_timestamp',
    );
  });

  it('rejects a timestamp that is not Unix seconds', async () => {
    const headers = {
      ...(await signedHeaders(orderBody)),
      [WEBHOOK_V3_HEADERS.timestamp]: '2026-07-01T12:00:00Z',
    };
    assert.equal(
      await codeOf(verifier().verify({ headers, rawBody: orderBody })),
      'stale_timestamp',
    );
  });

  it('rejects a replayed delivery id', async () => {
    const v = verifier();
    const headers = await signedHeaders(orderBody);
    await v.verify({ headers, rawBody: orderBody });
    assert.equal(await codeOf(v.verify({ headers, rawBody: orderBody })), 'replayed');
  });

  it('a forged request does not burn a real delivery id', async () => {
    const v = verifier();
    const forged = { ...(await signedHeaders(orderBody, { secret: 'forger' })) };
    assert.equal(await codeOf(v.verify({ headers: forged, rawBody: orderBody })), 'bad_signature');
    await v.verify({ headers: await signedHeaders(orderBody), rawBody: orderBody });
  });

  for (const name of ['signature', 'timestamp', 'id'] as const) {
    it(`rejects a missing ${name} header`, async () => {
      const headers = await signedHeaders(orderBody);
      delete headers[WEBHOOK_V3_HEADERS[name]];
      assert.equal(
        await codeOf(verifier().verify({ headers, rawBody: orderBody })),
        'missing_header',
      );
    });
  }

  it('honours header-name overrides', async () => {
    const raw = await signedHeaders(orderBody);
    const headers = {
      'x-sig': raw[WEBHOOK_V3_HEADERS.signature]!,
      'x-ts': raw[WEBHOOK_V3_HEADERS.timestamp]!,
      [WEBHOOK_V3_HEADERS.id]: raw[WEBHOOK_V3_HEADERS.id]!,
    };
    const v = verifier({ headers: { signature: 'x-sig', timestamp: 'x-ts' } });
    await v.verify({ headers, rawBody: orderBody });
  });

  it('rejects a correctly signed body that is not JSON or not a Billink webhook', async () => {
    for (const body of ['not json', '{"hello":"world"}', '{"event":"order_paid"}']) {
      const headers = await signedHeaders(body, { id: body });
      assert.equal(await codeOf(verifier().verify({ headers, rawBody: body })), 'malformed_body');
    }
  });

  it('uses an injected replay store, consulted only after the signature checks out', async () => {
    const seen: string[] = [];
    const store: ReplayStore = {
      async firstSeen(id, ttlMs) {
        seen.push(`${id}:${ttlMs}`);
        return true;
      },
    };
    const v = verifier({ replayStore: store, replayTtlMs: 1000 });
    await codeOf(
      v.verify({ headers: await signedHeaders(orderBody, { secret: 'x' }), rawBody: orderBody }),
    );
    await v.verify({ headers: await signedHeaders(orderBody), rawBody: orderBody });
    assert.deepEqual(seen, ['wh_1:1000']);
  });

  it('errors serialise with their stable code', async () => {
    const error = await rejectionOf(verifier().verify({ headers: {}, rawBody: '' }));
    assert.deepEqual(JSON.parse(JSON.stringify(error)), {
      name: 'WebhookVerificationError',
      code: 'missing_header',
      message: `missing ${Object.values(WEBHOOK_V3_HEADERS).join(', ')}`,
    });
  });

  it('requires a secret', () => {
    assert.throws(() => createWebhookVerifier({ secret: '' }), TypeError);
  });
});

describe('createMemoryReplayStore', () => {
  it('forgets ids after their TTL', async () => {
    let t = 0;
    const store = createMemoryReplayStore({ now: () => t });
    assert.equal(await store.firstSeen('a', 100), true);
    assert.equal(await store.firstSeen('a', 100), false);
    t = 101;
    assert.equal(await store.firstSeen('a', 100), true);
  });

  it('stays bounded, dropping the oldest ids', async () => {
    const store = createMemoryReplayStore({ maxEntries: 2, now: () => 0 });
    await store.firstSeen('a', 1000);
    await store.firstSeen('b', 1000);
    await store.firstSeen('c', 1000);
    assert.equal(await store.firstSeen('a', 1000), true, 'a was evicted');
    assert.equal(await store.firstSeen('c', 1000), false);
  });
});

describe('webhook payload parsers', () => {
  it('parses every documented order event as known', () => {
    for (const event of ORDER_WEBHOOK_EVENTS) {
      const parsed = parseOrderWebhook({ ...JSON.parse(orderBody), event });
      assert.equal(parsed?.event, event);
      assert.equal(parsed?.knownEvent, true);
    }
  });

  it('keeps an undocumented (v3) event, flagged unknown', () => {
    const parsed = parseOrderWebhook({ ...JSON.parse(orderBody), event: 'order_reminder_sent' });
    assert.equal(parsed?.event, 'order_reminder_sent');
    assert.equal(parsed?.knownEvent, false);
  });

  it('custom_invoice_id is optional', () => {
    const { custom_invoice_id: _omit, ...rest } = JSON.parse(orderBody) as Record<string, unknown>;
    assert.equal(parseOrderWebhook(rest)?.customInvoiceId, undefined);
    assert.equal(
      parseOrderWebhook({ ...rest, custom_invoice_id: null })?.customInvoiceId,
      undefined,
    );
  });

  it('keeps a delivery whose timestamp is not in the documented format, without occurredAt', () => {
    const parsed = parseOrderWebhook({ ...JSON.parse(orderBody), timestamp: '01-07-2026 14:30' });
    assert.equal(parsed?.timestamp, '01-07-2026 14:30');
    assert.equal(parsed?.occurredAt, undefined);
    assert.equal(parseOrderWebhook({ ...JSON.parse(orderBody), timestamp: 1 }), undefined);
  });

  it('accepts numeric ids and invoice numbers as text', () => {
    const parsed = parseOrderWebhook({
      ...JSON.parse(orderBody),
      invoice_number_clean: 1234,
      invoice_number: 991234,
    });
    assert.equal(parsed?.merchantInvoiceNumber, '1234');
    assert.equal(parsed?.billinkInvoiceNumber, '991234');
    const session = parseSessionWebhook({ ...JSON.parse(sessionBody), invoiceNumber: 77 });
    assert.equal(session?.merchantInvoiceNumber, '77');
  });

  it('rejects order payloads missing required fields', () => {
    const { order_id: _o, ...rest } = JSON.parse(orderBody) as Record<string, unknown>;
    assert.equal(parseOrderWebhook(rest), undefined);
    assert.equal(parseOrderWebhook({ ...rest, order_id: '' }), undefined);
  });

  it('session webhooks accept the five statuses only', () => {
    const base = JSON.parse(sessionBody) as Record<string, unknown>;
    for (const status of [
      'session_active',
      'cancelled',
      'failed',
      'session_expired',
      'order_created',
    ]) {
      assert.equal(parseSessionWebhook({ ...base, status })?.status, status);
    }
    assert.equal(parseSessionWebhook({ ...base, status: 'paid' }), undefined);
  });

  it('converts Amsterdam wall-clock time with DST', () => {
    assert.equal(amsterdamToDate('2026-01-15 12:00:00')?.toISOString(), '2026-01-15T11:00:00.000Z');
    assert.equal(amsterdamToDate('2026-07-15 12:00:00')?.toISOString(), '2026-07-15T10:00:00.000Z');
    // Around the spring-forward switch (2026-03-29 02:00 → 03:00 local).
    assert.equal(amsterdamToDate('2026-03-29 01:30:00')?.toISOString(), '2026-03-29T00:30:00.000Z');
    assert.equal(amsterdamToDate('2026-03-29 03:30:00')?.toISOString(), '2026-03-29T01:30:00.000Z');
    assert.equal(amsterdamToDate('2026-13-01 00:00:00'), undefined);
  });
});
