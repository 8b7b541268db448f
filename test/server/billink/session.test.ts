import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { HttpResponse } from 'msw';
import { BillinkError } from '../../../src/server/billink/errors.js';
import type { CreateSessionInput } from '../../../src/server/billink/types.js';
import {
  BILLINK_ID,
  USERNAME,
  billingAddress,
  businessCustomer,
  lines,
  linesTotalCents,
  privateCustomer,
  rejectionOf,
  sentJson,
  shippingAddress,
  testClient,
  useTestServer,
} from './helpers.js';

const srv = useTestServer();

const input: CreateSessionInput = {
  orderNumber: 'ORD-1001',
  customer: privateCustomer,
  billingAddress,
  shippingAddress,
  lines,
  totalAmountCents: linesTotalCents,
  returnUrls: { success: 'https://shop.example/ok', fail: 'https://shop.example/fail' },
  logoUrl: 'https://shop.example/logo.png',
};

const success = {
  status: 'success',
  sessionID: 'sess_123',
  sessionURL: 'https://checkout-staging.billink.nl/s/sess_123',
  invoice: '1ABORD-1001',
  expiresAt: '2026-11-22 15:00:00',
  customerID: 'c-9',
  customInvoiceID: '',
};

describe('createSession', () => {
  it('sends the Magento-shaped body with credentials under client and amounts as strings', async () => {
    srv.json('sessionCreate', success);
    const result = await testClient().createSession(input);

    assert.deepEqual(result, {
      status: 'success',
      sessionId: 'sess_123',
      sessionUrl: 'https://checkout-staging.billink.nl/s/sess_123',
      invoice: '1ABORD-1001',
      expiresAt: '2026-11-22 15:00:00',
      customerId: 'c-9',
      customInvoiceId: '',
    });

    const req = srv.requests[0];
    assert.equal(req?.url.href, 'https://api-staging.billink.nl/v2/session/create');
    assert.equal(req?.contentType, 'application/json');
    const body = sentJson(req);
    assert.equal(body.billinkID, undefined, 'credentials are not top-level for session create');
    assert.deepEqual(body.client, {
      billinkUsername: USERNAME,
      billinkID: BILLINK_ID,
      workflowNumber: '1',
      returnURL: {
        successURL: 'https://shop.example/ok',
        failURL: 'https://shop.example/fail',
        backURL: 'https://shop.example/fail',
        cancelURL: 'https://shop.example/fail',
      },
      options: { logoURL: 'https://shop.example/logo.png' },
    });
    assert.deepEqual(body.customer, {
      firstName: 'Jan',
      lastName: 'de Vries',
      email: 'jan@example.nl',
      mobile: '0612345678',
      type: 'p',
      initials: 'J.',
      gender: '',
      birthdate: '07-03-1985',
      company: '',
      companyNumber: '',
    });
    assert.deepEqual(body.billingAddress, {
      street: 'Keizersgracht',
      houseNumber: '12',
      houseExtension: 'a',
      postalCode: '1015 CX',
      city: 'Amsterdam',
      countryCode: 'NL',
    });
    assert.deepEqual(body.shippingAddress, { ...shippingAddress, houseExtension: '' });
    assert.deepEqual(body.transaction, {
      totalAmount: '120.95',
      // 2 × 10.50 + 0.86 − 0.87 (unit tax = price − price / 1.21, rounded per unit)
      totalTaxAmount: '20.99',
      purchaseCountry: 'NL',
      purchaseCurrency: 'EUR',
      orderNumber: 'ORD-1001',
      orderItems: [
        {
          code: 'SKU-1',
          name: 'Wool scarf',
          description: 'Blue',
          totalProductAmount: '121.00',
          productAmount: '60.50',
          productTaxAmount: '10.50',
          taxRate: '21',
          quantity: '2',
        },
        {
          code: '0001',
          name: 'Shipping',
          description: '',
          totalProductAmount: '4.95',
          productAmount: '4.95',
          productTaxAmount: '0.86',
          taxRate: '21',
          quantity: '1',
        },
        {
          code: '0002',
          name: 'Discount',
          description: '',
          totalProductAmount: '-5.00',
          productAmount: '-5.00',
          productTaxAmount: '-0.87',
          taxRate: '21',
          quantity: '1',
        },
      ],
    });
  });

  it('maps a business customer, copies billing to shipping and omits optional client options', async () => {
    srv.json('sessionCreate', success);
    const { shippingAddress: _shipping, logoUrl: _logo, ...withoutOptional } = input;
    await testClient({ workflowNumber: '3' }).createSession({
      ...withoutOptional,
      customer: businessCustomer,
      payTrustScore: 10,
      returnUrls: { success: 's', fail: 'f', back: 'b', cancel: 'c' },
    });
    const body = sentJson(srv.requests[0]);
    const client = body.client as Record<string, unknown>;
    assert.equal(client.workflowNumber, '3');
    assert.equal(client.options, undefined);
    assert.deepEqual(client.returnURL, {
      successURL: 's',
      failURL: 'f',
      backURL: 'b',
      cancelURL: 'c',
    });
    const customer = body.customer as Record<string, unknown>;
    assert.equal(customer.type, 'b');
    assert.equal(customer.company, 'Bakker BV');
    assert.equal(customer.companyNumber, '12345678');
    assert.equal(customer.birthdate, '');
    assert.equal(customer.payTrustScore, 10);
    assert.deepEqual(body.shippingAddress, body.billingAddress);
  });

  it('throws amount_mismatch without calling Billink when the total is not the sum of the lines', async () => {
    const error = await rejectionOf(
      testClient().createSession({ ...input, totalAmountCents: linesTotalCents + 1 }),
    );
    assert.ok(error instanceof BillinkError);
    assert.equal(error.code, 'amount_mismatch');
    assert.equal(error.retryable, false);
    assert.equal(error.field, 'totalAmount');
    assert.equal(error.operation, 'sessionCreate');
    assert.equal(srv.requests.length, 0, 'no request may be made');
  });

  it('rejects a birthdate that is not YYYY-MM-DD before sending', async () => {
    const error = await rejectionOf(
      testClient().createSession({
        ...input,
        customer: { ...privateCustomer, birthdate: '07-03-1985' },
      }),
    );
    assert.ok(error instanceof BillinkError);
    assert.equal(error.code, 'invalid_request');
    assert.equal(error.field, 'birthdate');
    assert.equal(srv.requests.length, 0);
  });

  it('rejects fractional cents and zero quantities before sending', async () => {
    for (const bad of [
      { ...lines[0]!, unitPriceCents: 60.5 },
      { ...lines[0]!, quantity: 0 },
    ]) {
      const error = await rejectionOf(
        testClient().createSession({ ...input, lines: [bad], totalAmountCents: 0 }),
      );
      assert.ok(error instanceof BillinkError);
      assert.equal(error.code, 'invalid_request');
      assert.equal(error.field, 'lines');
    }
    assert.equal(srv.requests.length, 0);
  });

  describe('error families', () => {
    const cases: Array<{
      name: string;
      status: number;
      body: unknown;
      code: string;
      description: string;
      retryable: boolean;
    }> = [
      {
        name: 'HTTP 400 error_backend with http_body object',
        status: 400,
        body: {
          error_backend: {
            http_status_code: 400,
            http_body: { message: 'client.billinkUsername: This value should not be blank' },
            http_body_encoding: 'json',
          },
        },
        code: 'http_400',
        description: 'client.billinkUsername: This value should not be blank',
        retryable: false,
      },
      {
        name: 'HTTP 400 error_backend with http_body as a JSON string',
        status: 400,
        body: {
          error_backend: {
            http_status_code: 400,
            http_body: JSON.stringify({
              message: 'client.workflowNumber: This value should not be blank',
            }),
            http_body_encoding: 'utf-8',
          },
        },
        code: 'http_400',
        description: 'client.workflowNumber: This value should not be blank',
        retryable: false,
      },
      {
        name: 'HTTP 400 error_backend given as a JSON string',
        status: 400,
        body: { error_backend: JSON.stringify({ message: 'customer.email: invalid' }) },
        code: 'http_400',
        description: 'customer.email: invalid',
        retryable: false,
      },
      {
        name: 'HTTP 200 that still carries error_backend',
        status: 200,
        body: { error_backend: { message: 'upstream said no' } },
        code: 'api_error',
        description: 'upstream said no',
        retryable: false,
      },
      {
        name: 'HTTP 403 status/message',
        status: 403,
        body: { status: 'error', message: 'Access denied' },
        code: 'http_403',
        description: 'Access denied',
        retryable: false,
      },
      {
        name: 'HTTP 404 status/message',
        status: 404,
        body: {
          status: 'error',
          message: 'No client found with such billinkID or billinkUsername',
        },
        code: 'http_404',
        description: 'No client found with such billinkID or billinkUsername',
        retryable: false,
      },
      {
        name: 'HTTP 416 shape',
        status: 416,
        body: {
          http_status_code: 416,
          http_body: '{"message":"Range not satisfiable"}',
          http_body_encoding: 'utf-8',
        },
        code: 'http_416',
        description: 'Range not satisfiable',
        retryable: false,
      },
      {
        name: '416 shape with a base64 body',
        status: 416,
        body: {
          http_status_code: 416,
          http_body: btoa('plain upstream text'),
          http_body_encoding: 'base64',
        },
        code: 'http_416',
        description: 'plain upstream text',
        retryable: false,
      },
      {
        name: 'HTTP 200 with status error',
        status: 200,
        body: { status: 'error', message: 'Something went wrong' },
        code: 'api_error',
        description: 'Something went wrong',
        retryable: false,
      },
      {
        name: 'HTTP 500 status/message',
        status: 500,
        body: { status: 'error', message: 'Something went wrong' },
        code: 'http_500',
        description: 'Something went wrong',
        retryable: true,
      },
      {
        name: 'HTTP 200 missing sessionURL',
        status: 200,
        body: { status: 'success', sessionID: 's', invoice: 'i' },
        code: 'malformed_response',
        description: 'answer lacks sessionURL',
        retryable: false,
      },
      {
        name: 'HTTP 200 JSON array',
        status: 200,
        body: [success],
        code: 'malformed_response',
        description: 'answer is not a JSON object',
        retryable: false,
      },
    ];
    for (const c of cases) {
      it(c.name, async () => {
        srv.json('sessionCreate', c.body as never, c.status);
        const error = await rejectionOf(testClient().createSession(input));
        assert.ok(error instanceof BillinkError, String(error));
        assert.equal(error.code, c.code);
        assert.equal(error.description, c.description);
        assert.equal(error.retryable, c.retryable);
        assert.equal(error.httpStatus, c.status);
        assert.equal(error.operation, 'sessionCreate');
        assert.equal(srv.requests.length, 1, 'session create is never retried');
      });
    }

    it('non-JSON 200 body is malformed_response', async () => {
      srv.text('sessionCreate', '<html>maintenance</html>', 200);
      const error = await rejectionOf(testClient().createSession(input));
      assert.ok(error instanceof BillinkError);
      assert.equal(error.code, 'malformed_response');
    });

    it('HTML 502 from a gateway is http_502 and retryable, but a write is not retried', async () => {
      srv.text('sessionCreate', '<html>Bad gateway</html>', 502);
      const error = await rejectionOf(testClient().createSession(input));
      assert.ok(error instanceof BillinkError);
      assert.equal(error.code, 'http_502');
      assert.equal(error.description, 'HTTP 502');
      assert.equal(error.retryable, true);
      assert.equal(srv.requests.length, 1);
    });
  });
});

describe('sessionStatus', () => {
  it('posts credentials top-level with the sessionID', async () => {
    srv.json('sessionStatus', { status: 'order_created' });
    const result = await testClient().sessionStatus({ sessionId: 'sess_123' });
    assert.deepEqual(result, { status: 'order_created' });
    assert.equal(srv.requests[0]?.url.pathname, '/v2/session/status');
    assert.deepEqual(sentJson(srv.requests[0]), {
      billinkUsername: USERNAME,
      billinkID: BILLINK_ID,
      sessionID: 'sess_123',
    });
  });

  it('can look a session up by Billink invoice number (Magento fallback)', async () => {
    srv.json('sessionStatus', { status: 'session_expired' });
    await testClient().sessionStatus({ billinkInvoiceNumber: '1ABORD-1001' });
    assert.deepEqual(sentJson(srv.requests[0]), {
      billinkUsername: USERNAME,
      billinkID: BILLINK_ID,
      billinkInvoiceNumber: '1ABORD-1001',
    });
  });

  for (const status of [
    'session_active',
    'order_created',
    'cancelled',
    'failed',
    'session_expired',
  ]) {
    it(`accepts status ${status}`, async () => {
      srv.json('sessionStatus', { status });
      assert.equal((await testClient().sessionStatus({ sessionId: 's' })).status, status);
    });
  }

  it('an unknown status is malformed_response, not a silent success', async () => {
    srv.json('sessionStatus', { status: 'success' });
    const error = await rejectionOf(testClient().sessionStatus({ sessionId: 's' }));
    assert.ok(error instanceof BillinkError);
    assert.equal(error.code, 'malformed_response');
  });

  it('404 {status,message} is http_404 and not retried', async () => {
    srv.json('sessionStatus', { status: 'error', message: 'Session not found' }, 404);
    const error = await rejectionOf(testClient().sessionStatus({ sessionId: 's' }));
    assert.ok(error instanceof BillinkError);
    assert.equal(error.code, 'http_404');
    assert.equal(error.description, 'Session not found');
    assert.equal(srv.requests.length, 1);
  });

  it('a 503 is retried (idempotent read) and then succeeds', async () => {
    srv.sequence('sessionStatus', [
      () => HttpResponse.json({ status: 'error', message: 'busy' }, { status: 503 }),
      () => HttpResponse.json({ status: 'session_active' }),
    ]);
    const result = await testClient().sessionStatus({ sessionId: 's' });
    assert.equal(result.status, 'session_active');
    assert.equal(srv.requests.length, 2);
  });

  it('gives up after the configured attempts and reports the last failure', async () => {
    srv.json('sessionStatus', { status: 'error', message: 'busy' }, 503);
    const error = await rejectionOf(
      testClient({ retry: { attempts: 2, baseDelayMs: 1 } }).sessionStatus({ sessionId: 's' }),
    );
    assert.ok(error instanceof BillinkError);
    assert.equal(error.code, 'http_503');
    assert.equal(srv.requests.length, 2);
  });
});
