import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { HttpResponse } from 'msw';
import { BillinkError } from '../../../src/server/billink/errors.js';
import {
  BILLINK_ID,
  USERNAME,
  rejectionOf,
  sentJson,
  testClient,
  useTestServer,
} from './helpers.js';

const srv = useTestServer();
const creds = { billinkUsername: USERNAME, billinkID: BILLINK_ID };

describe('webshopSettings', () => {
  it('posts credentials and reads the whitelist settings', async () => {
    srv.json('webshopSettings', {
      status: 'success',
      minimum_paid_orders: '3',
      period: 90,
      total_amount_higher_than: '250.00',
      whitelist: '1',
    });
    const result = await testClient().webshopSettings();
    assert.deepEqual(result, {
      status: 'success',
      whitelist: true,
      minimumPaidOrders: 3,
      periodDays: 90,
      totalAmountHigherThanCents: 25000,
    });
    assert.equal(srv.requests[0]?.url.pathname, '/v2/client/webshop-settings');
    assert.deepEqual(sentJson(srv.requests[0]), creds);
  });

  it('a falsy whitelist stays false', async () => {
    srv.json('webshopSettings', { status: 'success', whitelist: 0 });
    assert.equal((await testClient().webshopSettings()).whitelist, false);
  });

  it('is retried after a network error (idempotent read)', async () => {
    srv.sequence('webshopSettings', [
      () => HttpResponse.error(),
      () => HttpResponse.json({ status: 'success', whitelist: false }),
    ]);
    await testClient().webshopSettings();
    assert.equal(srv.requests.length, 2);
  });
});

describe('credit (v2)', () => {
  const input = {
    invoices: [{ invoiceNumber: 'KRKND-0001', amountCents: 150, description: 'Returned scarf' }],
  };

  it('sends creditAmount as the documented number and reads per-invoice statuses', async () => {
    srv.json('credit', {
      result: 'MSG',
      statuses: [
        {
          code: 200,
          invoiceNumber: 'KRKND-0001',
          message: 'Credit applied: 1.50 EURO.; step restarted.',
        },
      ],
    });
    const result = await testClient().credit(input);
    assert.deepEqual(result.items, [
      {
        invoiceNumber: 'KRKND-0001',
        code: '200',
        message: 'Credit applied: 1.50 EURO.; step restarted.',
        ok: true,
      },
    ]);
    assert.equal(srv.requests[0]?.url.pathname, '/v2/client/invoice/credit');
    assert.deepEqual(sentJson(srv.requests[0]), {
      ...creds,
      invoices: [{ number: 'KRKND-0001', creditAmount: 1.5, description: 'Returned scarf' }],
    });
  });

  it('adds returnCosts when the Billink fee is refunded', async () => {
    srv.json('credit', {
      result: 'MSG',
      statuses: [{ code: '200', invoiceNumber: 'A', message: '' }],
    });
    await testClient().credit({ ...input, returnCostsCents: 295 });
    const body = sentJson(srv.requests[0]);
    assert.equal(body.returnCosts, 1);
    assert.equal(body.returnCostsAmount, 2.95);
  });

  it('a failing item code fails the call and reports every item', async () => {
    srv.json('credit', {
      result: 'MSG',
      statuses: [
        { code: 200, invoiceNumber: 'A-1', message: 'Credit applied: 1.50 EURO.' },
        { code: 707, invoiceNumber: 'A-2', message: 'Credit cannot be applied at this stage' },
      ],
    });
    const error = await rejectionOf(
      testClient().credit({
        invoices: [
          { invoiceNumber: 'A-1', amountCents: 150, description: 'x' },
          { invoiceNumber: 'A-2', amountCents: 150, description: 'y' },
        ],
      }),
    );
    assert.ok(error instanceof BillinkError);
    assert.equal(error.code, '707');
    assert.equal(error.description, 'Credit cannot be applied at this stage');
    assert.equal(error.retryable, false);
    assert.deepEqual(
      error.items?.map((i) => [i.invoiceNumber, i.ok]),
      [
        ['A-1', true],
        ['A-2', false],
      ],
    );
    assert.equal(srv.requests.length, 1, 'writes are never retried');
  });

  it("the result/error variant (HTTP 200) carries Billink's code", async () => {
    srv.json('credit', {
      result: 'ERROR',
      error: { code: '705', description: 'No invoices provided' },
    });
    const error = await rejectionOf(testClient().credit(input));
    assert.ok(error instanceof BillinkError);
    assert.equal(error.code, '705');
    assert.equal(error.description, 'No invoices provided');
    assert.equal(error.httpStatus, 200);
    assert.equal(error.field, 'invoices');
  });

  it('the flat error answer the docs describe (HTTP 200, code + description) is read too', async () => {
    srv.json('credit', { code: '705', description: 'No invoices provided', result: 'error' });
    const error = await rejectionOf(testClient().credit(input));
    assert.ok(error instanceof BillinkError);
    assert.equal(error.code, '705');
    assert.equal(error.description, 'No invoices provided');
    assert.equal(error.httpStatus, 200);
  });

  it('an error object with a numeric code still gives a text code', async () => {
    srv.json('credit', {
      result: 'MSG',
      error: { code: 603, description: 'Redirect Billink API error' },
    });
    const error = await rejectionOf(testClient().credit(input));
    assert.ok(error instanceof BillinkError);
    assert.equal(error.code, '603');
    assert.equal(error.retryable, true, '603 is a Billink-side problem');
    assert.equal(srv.requests.length, 1, 'but a write is still not retried automatically');
  });

  it('missing statuses is malformed_response', async () => {
    srv.json('credit', { result: 'MSG' });
    const error = await rejectionOf(testClient().credit(input));
    assert.ok(error instanceof BillinkError);
    assert.equal(error.code, 'malformed_response');
  });

  it('an empty statuses array is malformed_response, not success', async () => {
    srv.json('credit', { result: 'MSG', statuses: [] });
    const error = await rejectionOf(testClient().credit(input));
    assert.ok(error instanceof BillinkError);
    assert.equal(error.code, 'malformed_response');
  });
});

describe('webhook configuration', () => {
  it('generates the v3 secret', async () => {
    srv.json('webhookV3SecretGenerate', {
      status: 'success',
      message: 'Webhook V3 secret is generated successfully',
      secret: 'c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlYw==',
    });
    const result = await testClient().generateWebhookSecret();
    assert.equal(result.secret, 'c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlYw==');
    assert.equal(srv.requests[0]?.url.pathname, '/v2/client/webhook-v3/secret/generate');
    assert.deepEqual(sentJson(srv.requests[0]), creds);
  });

  it('a success without secret is malformed_response', async () => {
    srv.json('webhookV3SecretGenerate', { status: 'success', message: 'ok' });
    const error = await rejectionOf(testClient().generateWebhookSecret());
    assert.ok(error instanceof BillinkError);
    assert.equal(error.code, 'malformed_response');
  });

  it('500 on secret generation is http_500', async () => {
    srv.json(
      'webhookV3SecretGenerate',
      { status: 'error', message: 'Could not generate secret' },
      500,
    );
    const error = await rejectionOf(testClient().generateWebhookSecret());
    assert.ok(error instanceof BillinkError);
    assert.equal(error.code, 'http_500');
    assert.equal(error.description, 'Could not generate secret');
  });

  const setters = [
    ['setOrderWebhookV3', 'orderWebhookV3Set', '/v2/client/webhook-v3/set'],
    ['setSessionWebhookV3', 'sessionWebhookV3Set', '/v2/session/webhook-v3/set'],
    ['setOrderWebhook', 'orderWebhookSet', '/v2/client/webhook/set'],
    ['setSessionWebhook', 'sessionWebhookSet', '/v2/session/webhook/set'],
  ] as const;
  for (const [method, operation, path] of setters) {
    it(`${method} posts {credentials, url} to ${path}`, async () => {
      srv.json(operation, { status: 'success', message: 'Webhook has been set' });
      const result = await testClient()[method]('https://shop.example/hooks/billink');
      assert.deepEqual(result, { status: 'success', message: 'Webhook has been set' });
      assert.equal(srv.requests[0]?.url.pathname, path);
      assert.deepEqual(sentJson(srv.requests[0]), {
        ...creds,
        url: 'https://shop.example/hooks/billink',
      });
    });
  }

  it('400 "secret is not set" surfaces Billink\'s message', async () => {
    srv.json(
      'sessionWebhookV3Set',
      {
        status: 'error',
        message: 'Webhook signing secret is not set. Please, generate the secret first',
      },
      400,
    );
    const error = await rejectionOf(testClient().setSessionWebhookV3('https://shop.example/h'));
    assert.ok(error instanceof BillinkError);
    assert.equal(error.code, 'http_400');
    assert.match(error.description, /generate the secret first/);
  });

  for (const [method, operation, path] of [
    ['disableOrderWebhook', 'orderWebhookDisable', '/v2/client/webhook/disable'],
    ['disableSessionWebhook', 'sessionWebhookDisable', '/v2/session/webhook/disable'],
  ] as const) {
    it(`${method} posts credentials to ${path}`, async () => {
      srv.json(operation, { status: 'success', message: 'Webhook has been disabled' });
      await testClient()[method]();
      assert.equal(srv.requests[0]?.url.pathname, path);
      assert.deepEqual(sentJson(srv.requests[0]), creds);
    });
  }
});

describe('invoices (reconciliation)', () => {
  it('spells billinkId and passes page/date filters as query parameters', async () => {
    srv.json('invoices', {
      invoices: [{ invoice_number: '1ABORD-1', amount: '12.00' }],
      master_client: { name: 'Shop' },
      page: 2,
      total_invoices: '41',
      total_pages: 3,
    });
    const result = await testClient().invoices({
      page: 2,
      dateFrom: '2026-01-01',
      dateTo: '2026-01-31',
    });
    assert.deepEqual(result, {
      invoices: [{ invoice_number: '1ABORD-1', amount: '12.00' }],
      masterClient: { name: 'Shop' },
      page: 2,
      totalInvoices: '41',
      totalPages: 3,
    });
    const req = srv.requests[0];
    assert.equal(req?.url.pathname, '/v2/client/invoices');
    assert.equal(req?.url.searchParams.get('page'), '2');
    assert.equal(req?.url.searchParams.get('date_from'), '2026-01-01');
    assert.equal(req?.url.searchParams.get('date_to'), '2026-01-31');
    assert.deepEqual(sentJson(req), { billinkUsername: USERNAME, billinkId: BILLINK_ID });
  });

  it('sends no query string without filters', async () => {
    srv.json('invoices', { invoices: [], page: 1, total_invoices: '0', total_pages: 0 });
    await testClient().invoices();
    assert.equal(srv.requests[0]?.url.search, '');
  });

  it('404 {message,status} is http_404', async () => {
    srv.json('invoices', { status: 'error', message: 'Client not found' }, 404);
    const error = await rejectionOf(testClient().invoices());
    assert.ok(error instanceof BillinkError);
    assert.equal(error.code, 'http_404');
    assert.equal(error.description, 'Client not found');
  });
});

describe('createMerchant (partners)', () => {
  it('sends the partner fields with tnv for the account holder', async () => {
    srv.json('merchantCreate', {
      result: 'MSG',
      code: '200',
      description: 'Client created',
      uid: 'abc',
      username: 'sub-shop',
    });
    const result = await testClient().createMerchant({
      username: 'sub-shop',
      email: 'owner@sub.example',
      firstName: 'Ada',
      lastName: 'Lovelace',
      companyName: 'Sub BV',
      cocNumber: '87654321',
      vatNumber: 'NL000000000B01',
      contactEmail: 'c@sub.example',
      contactPhone: '0201234567',
      phone: '0201234567',
      street: 'Damrak',
      houseNumber: '1',
      postCode: '1012 LG',
      city: 'Amsterdam',
      countryCode: 'NL',
      bankAccountNumber: 'NL91ABNA0417164300',
      bic: 'ABNANL2A',
      accountHolder: 'Sub BV',
    });
    assert.deepEqual(result, {
      code: '200',
      description: 'Client created',
      fields: { uid: 'abc', username: 'sub-shop' },
    });
    const body = sentJson(srv.requests[0]);
    assert.equal(srv.requests[0]?.url.pathname, '/v2/partner/client/create');
    assert.equal(body.tnv, 'Sub BV');
    assert.equal(body.accountHolder, undefined);
    assert.equal(body.billinkID, BILLINK_ID);
    assert.equal(body.billinkUsername, USERNAME);
  });
});
