import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SESSION_TTL_MS } from '../../../src/server/billink/endpoints.js';
import { DEMO_ACCOUNT } from '../../../src/server/simulator/index.js';
import {
  createSession,
  jsonCall,
  jsonRequest,
  newSimulator,
  sessionBody,
  sessionStatus,
  submitHostedPage,
  T0,
  xmlCall,
  xmlRequest,
} from './helpers.js';

type Body = Record<string, unknown>;

function parseErrorBackend(body: Body): {
  message: string;
  errors: { property: string; code?: number }[];
} {
  const eb = body['error_backend'] as { http_status_code: number; http_body: string };
  assert.equal(eb.http_status_code, 400);
  return JSON.parse(eb.http_body) as {
    message: string;
    errors: { property: string; code?: number }[];
  };
}

function mutate(fn: (b: Record<string, Record<string, unknown>>) => void): Body {
  const body = sessionBody() as Record<string, Record<string, unknown>>;
  fn(body);
  return body;
}

describe('v2 Create Session', () => {
  test('success shape: status, sessionID, sessionURL, invoice, expiresAt (ISO), customerID, customInvoiceID', async () => {
    const sim = newSimulator();
    const { status, body } = await jsonCall(sim, jsonRequest('sessionCreate', sessionBody()));
    assert.equal(status, 200);
    assert.equal(body['status'], 'success');
    assert.equal(typeof body['sessionID'], 'string');
    assert.equal(
      body['sessionURL'],
      `https://api-staging.billink.nl/checkout/${String(body['sessionID'])}`,
    );
    assert.equal(body['invoice'], '1SIMWEB-1001');
    assert.equal(body['expiresAt'], new Date(T0 + SESSION_TTL_MS).toISOString());
    assert.equal(typeof body['customerID'], 'string');
    assert.equal(typeof body['customInvoiceID'], 'string');
    assert.equal(sim.stats.calls.sessionCreate, 1);
  });

  test('publicUrl decides sessionURL, and requests under its path prefix are served', async () => {
    const sim = newSimulator({ publicUrl: 'http://localhost:3000/billink-sim/' });
    const { sessionURL } = await createSession(sim);
    assert.match(sessionURL, /^http:\/\/localhost:3000\/billink-sim\/checkout\/[0-9a-f-]{36}$/);
    const page = await sim.fetch(new Request(sessionURL));
    assert.equal(page.status, 200);
  });

  test('unknown credentials → 404 {status:error, message}', async () => {
    const sim = newSimulator();
    const body = mutate((b) => {
      (b['client'] as Body)['billinkID'] = 'f'.repeat(40);
    });
    const { status, body: answer } = await jsonCall(sim, jsonRequest('sessionCreate', body));
    assert.equal(status, 404);
    assert.deepEqual(answer, {
      status: 'error',
      message: 'No client found with such billinkID or billinkUsername',
    });
  });

  test('blank credentials → 400 error_backend "client.billinkUsername: This value should not be blank"', async () => {
    const sim = newSimulator();
    const body = mutate((b) => {
      (b['client'] as Body)['billinkUsername'] = '';
      (b['client'] as Body)['workflowNumber'] = '';
    });
    const { status, body: answer } = await jsonCall(sim, jsonRequest('sessionCreate', body));
    assert.equal(status, 400);
    const parsed = parseErrorBackend(answer);
    assert.ok(parsed.message.includes('client.billinkUsername: This value should not be blank'));
    assert.ok(parsed.message.includes('client.workflowNumber: This value should not be blank'));
  });

  const invalid: [
    string,
    (b: Record<string, Record<string, unknown>>) => void,
    string,
    number | undefined,
  ][] = [
    [
      'birthdate format',
      (b) => void (b['customer']!['birthdate'] = '1990-01-01'),
      'customer.birthdate',
      418,
    ],
    [
      'under 18',
      (b) => void (b['customer']!['birthdate'] = '16-06-2007'),
      'customer.birthdate',
      422,
    ],
    [
      'B2B without company',
      (b) => Object.assign(b['customer']!, { type: 'b', company: '', companyNumber: '12345678' }),
      'customer.company',
      408,
    ],
    [
      'B2B without KvK',
      (b) => Object.assign(b['customer']!, { type: 'b', company: 'Acme BV', companyNumber: '' }),
      'customer.companyNumber',
      411,
    ],
    [
      'postal code',
      (b) => void (b['billingAddress']!['postalCode'] = '123 AB'),
      'billingAddress.postalCode',
      416,
    ],
    ['email', (b) => void (b['customer']!['email'] = 'jan@'), 'customer.email', 420],
    ['phone', (b) => void (b['customer']!['mobile'] = 'call me'), 'customer.mobile', 402],
    [
      'amount missing',
      (b) => void (b['transaction']!['totalAmount'] = ''),
      'transaction.totalAmount',
      427,
    ],
    [
      'amount wrong',
      (b) => void (b['transaction']!['totalAmount'] = 'abc'),
      'transaction.totalAmount',
      428,
    ],
    [
      'total ≠ Σ lines',
      (b) => void (b['transaction']!['totalAmount'] = '120.00'),
      'transaction.totalAmount',
      428,
    ],
    ['type', (b) => void (b['customer']!['type'] = 'x'), 'customer.type', 407],
    ['workflow', (b) => void (b['client']!['workflowNumber'] = '2'), 'client.workflowNumber', 105],
    [
      'successURL',
      (b) => void ((b['client']!['returnURL'] as Body)['successURL'] = 'not a url'),
      'client.returnURL.successURL',
      undefined,
    ],
    [
      'delivery house number',
      (b) => void (b['shippingAddress']!['houseNumber'] = '12b'),
      'shippingAddress.houseNumber',
      425,
    ],
    ['no items', (b) => void (b['transaction']!['orderItems'] = []), 'transaction.orderItems', 423],
  ];
  for (const [name, change, property, code] of invalid) {
    test(`validation: ${name} → 400 error_backend (${property})`, async () => {
      const sim = newSimulator();
      const { status, body } = await jsonCall(sim, jsonRequest('sessionCreate', mutate(change)));
      assert.equal(status, 400);
      const parsed = parseErrorBackend(body);
      const error = parsed.errors.find((e) => e.property === property);
      assert.ok(error, `${property} in ${parsed.message}`);
      assert.equal(error.code, code);
      assert.ok(parsed.message.includes(`${property}: `));
    });
  }

  test('duplicate order number (an order exists) → 400; a second open session is fine', async () => {
    const sim = newSimulator();
    const first = await createSession(sim);
    await createSession(sim); // same number, not yet an order
    sim.completeSession(first.sessionID, 'approve', { birthdate: '01-01-1990' });
    const { status, body } = await jsonCall(sim, jsonRequest('sessionCreate', sessionBody()));
    assert.equal(status, 400);
    assert.equal(parseErrorBackend(body).errors[0]?.code, 403);
  });
});

describe('hosted checkout page', () => {
  test('GET shows lang, the order lines, the total and three buttons; CSP-safe markup', async () => {
    const sim = newSimulator();
    const { sessionURL } = await createSession(sim);
    const response = await sim.fetch(new Request(`${sessionURL}?lang=en`));
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-security-policy') ?? '', /default-src 'self'/);
    const page = await response.text();
    assert.match(page, /<html lang="en">/);
    assert.ok(page.includes('€121.00'), 'total');
    assert.ok(page.includes('Teapot'));
    assert.ok(page.includes('€100.00'));
    for (const choice of ['approve', 'decline', 'cancel'])
      assert.match(page, new RegExp(`<button type="submit" name="choice" value="${choice}"`));
    assert.match(page, /<form method="post">/);
    assert.match(page, /<label for="birthdate">/, 'asks for the missing birthdate');
    assert.doesNotMatch(page, /<script|style=|\son[a-z]+=/i);
    assert.match(page, /<link rel="stylesheet" href="assets\/style\.css" ?\/?>/);
    const css = await sim.fetch(new Request(new URL('assets/style.css', sessionURL)));
    assert.equal(css.status, 200);
    assert.match(await css.text(), /:focus-visible/);
  });

  test('Dutch by default and via Accept-Language', async () => {
    const sim = newSimulator();
    const { sessionURL } = await createSession(sim);
    const nl = await (await sim.fetch(new Request(sessionURL))).text();
    assert.match(nl, /<html lang="nl">/);
    assert.ok(nl.includes('121,00'));
    const en = await (
      await sim.fetch(new Request(sessionURL, { headers: { 'accept-language': 'en-GB,en;q=0.8' } }))
    ).text();
    assert.match(en, /<html lang="en">/);
  });

  test('approve → 303 successURL → order_created → legacy Status shows the invoice', async () => {
    const sim = newSimulator();
    const { sessionID, sessionURL, invoice } = await createSession(sim);
    assert.equal(await sessionStatus(sim, sessionID), 'session_active');

    const missing = await submitHostedPage(sim, sessionURL, { choice: 'approve' });
    assert.equal(missing.status, 400, 'birthdate is required before approving');
    assert.match(await missing.text(), /aria-invalid="true"/);

    const response = await submitHostedPage(sim, sessionURL, {
      choice: 'approve',
      birthdate: '01-02-1990',
    });
    assert.equal(response.status, 303);
    assert.equal(response.headers.get('location'), 'https://shop.example/billink/success');
    assert.equal(await sessionStatus(sim, sessionID), 'order_created');

    const status = await xmlCall(
      sim,
      xmlRequest('legacyStatus', { INVOICES: { ITEM: [{ INVOICENUMBER: invoice }] } }),
    );
    const inv = (status.api['MSG'] as { INVOICES: { INVOICE: Record<string, string>[] } }).INVOICES
      .INVOICE[0];
    assert.deepEqual([inv?.['STATUS'], inv?.['DESCRIPTION']], ['0', 'No steps given']);

    const final = await (await sim.fetch(new Request(`${sessionURL}?lang=en`))).text();
    assert.ok(final.includes('Your order has been placed.'));
    assert.ok(final.includes(invoice));
    assert.doesNotMatch(final, /<button/);
    const again = await submitHostedPage(sim, sessionURL, { choice: 'cancel' });
    assert.equal(again.status, 409);
    assert.equal(await sessionStatus(sim, sessionID), 'order_created');
  });

  test('ISO birthdate from a date input is accepted; a private customer with a birthdate is not asked', async () => {
    const sim = newSimulator();
    const a = await createSession(sim, { orderNumber: 'A' });
    const r = await submitHostedPage(sim, a.sessionURL, {
      choice: 'approve',
      birthdate: '1990-02-01',
    });
    assert.equal(r.status, 303);
    const b = await createSession(sim, { orderNumber: 'B', birthdate: '01-02-1990' });
    const page = await (await sim.fetch(new Request(b.sessionURL))).text();
    assert.doesNotMatch(page, /name="birthdate"/);
    assert.equal((await submitHostedPage(sim, b.sessionURL, { choice: 'approve' })).status, 303);
  });

  test('under-18 birthdate on the page → failed → failURL', async () => {
    const sim = newSimulator();
    const { sessionID, sessionURL } = await createSession(sim);
    const r = await submitHostedPage(sim, sessionURL, {
      choice: 'approve',
      birthdate: '01-01-2010',
    });
    assert.equal(r.headers.get('location'), 'https://shop.example/billink/fail');
    assert.equal(await sessionStatus(sim, sessionID), 'failed');
  });

  test('decline → 303 failURL → failed; cancel → 303 cancelURL → cancelled', async () => {
    const sim = newSimulator();
    const a = await createSession(sim);
    const declined = await submitHostedPage(sim, a.sessionURL, { choice: 'decline' });
    assert.equal(declined.status, 303);
    assert.equal(declined.headers.get('location'), 'https://shop.example/billink/fail');
    assert.equal(await sessionStatus(sim, a.sessionID), 'failed');

    const b = await createSession(sim);
    const cancelled = await submitHostedPage(sim, b.sessionURL, { choice: 'cancel' });
    assert.equal(cancelled.headers.get('location'), 'https://shop.example/billink/cancel');
    assert.equal(await sessionStatus(sim, b.sessionID), 'cancelled');
    assert.equal(sim.getOrder('WEB-1001'), undefined, 'no order was created');
  });

  test('expiry after one hour: status session_expired, page says expired, approve impossible', async () => {
    const sim = newSimulator();
    const { sessionID, sessionURL } = await createSession(sim);
    sim.advanceTime(SESSION_TTL_MS - 1);
    assert.equal(await sessionStatus(sim, sessionID), 'session_active');
    sim.advanceTime(1);
    assert.equal(await sessionStatus(sim, sessionID), 'session_expired');
    const page = await (await sim.fetch(new Request(`${sessionURL}?lang=en`))).text();
    assert.match(page, /expired/);
    assert.doesNotMatch(page, /<button/);
    const r = await submitHostedPage(sim, sessionURL, {
      choice: 'approve',
      birthdate: '01-01-1990',
    });
    assert.equal(r.status, 409);
    assert.equal(sim.getOrder('WEB-1001'), undefined);
  });

  test('unknown session: page 404, status 404 {status:error}', async () => {
    const sim = newSimulator();
    const page = await sim.fetch(new Request('https://api-staging.billink.nl/checkout/nope'));
    assert.equal(page.status, 404);
    const { status, body } = await jsonCall(
      sim,
      jsonRequest('sessionStatus', {
        billinkUsername: DEMO_ACCOUNT.username,
        billinkID: DEMO_ACCOUNT.billinkId,
        sessionID: 'nope',
      }),
    );
    assert.equal(status, 404);
    assert.equal(body['status'], 'error');
    assert.equal(typeof body['message'], 'string');
  });

  test('session status: unknown credentials 404, blank fields 400, lookup by billinkInvoiceNumber', async () => {
    const sim = newSimulator();
    const { invoice } = await createSession(sim);
    let r = await jsonCall(
      sim,
      jsonRequest('sessionStatus', { billinkUsername: 'x', billinkID: 'y', sessionID: 'z' }),
    );
    assert.deepEqual(
      [r.status, r.body['message']],
      [404, 'No client found with such billinkID or billinkUsername'],
    );
    r = await jsonCall(
      sim,
      jsonRequest('sessionStatus', {
        billinkUsername: DEMO_ACCOUNT.username,
        billinkID: DEMO_ACCOUNT.billinkId,
      }),
    );
    assert.equal(r.status, 400);
    r = await jsonCall(
      sim,
      jsonRequest('sessionStatus', {
        billinkUsername: DEMO_ACCOUNT.username,
        billinkID: DEMO_ACCOUNT.billinkId,
        billinkInvoiceNumber: invoice,
      }),
    );
    assert.deepEqual(r, { status: 200, body: { status: 'session_active' } });
  });
});

describe('v2 credit (result/code family)', () => {
  test('Credit applied: 1.50 EURO.; step restarted. — and 707 beyond the amount; errors are HTTP 200', async () => {
    const sim = newSimulator();
    const { sessionID } = await createSession(sim);
    sim.completeSession(sessionID, 'approve', { birthdate: '01-01-1990' });
    const credit = (creditAmount: number | string, number = 'WEB-1001') =>
      jsonCall(
        sim,
        jsonRequest('credit', {
          billinkID: DEMO_ACCOUNT.billinkId,
          billinkUsername: DEMO_ACCOUNT.username,
          invoices: [{ number, creditAmount, description: 'Return' }],
        }),
      );
    assert.deepEqual(await credit(1.5), {
      status: 200,
      body: {
        result: 'MSG',
        statuses: [
          {
            code: 200,
            invoiceNumber: 'WEB-1001',
            message: 'Credit applied: 1.50 EURO.; step restarted.',
          },
        ],
      },
    });
    const over = await credit('200.00');
    assert.equal((over.body['statuses'] as { code: number }[])[0]?.code, 707);
    const bad = await jsonCall(
      sim,
      jsonRequest('credit', {
        billinkID: 'nope',
        billinkUsername: DEMO_ACCOUNT.username,
        invoices: [],
      }),
    );
    assert.deepEqual(bad, {
      status: 200,
      body: { code: '102', description: 'Unknown client username or client id', result: 'error' },
    });
    const empty = await jsonCall(
      sim,
      jsonRequest('credit', {
        billinkID: DEMO_ACCOUNT.billinkId,
        billinkUsername: DEMO_ACCOUNT.username,
        invoices: [],
      }),
    );
    assert.deepEqual(empty.body, {
      code: '705',
      description: 'No invoices provided',
      result: 'error',
    });
  });

  test('webshop settings, invoices (billinkId spelling), merchant create', async () => {
    const sim = newSimulator();
    const { sessionID } = await createSession(sim);
    sim.completeSession(sessionID, 'approve', { birthdate: '01-01-1990' });
    const creds = { billinkUsername: DEMO_ACCOUNT.username, billinkID: DEMO_ACCOUNT.billinkId };
    const settings = await jsonCall(sim, jsonRequest('webshopSettings', creds));
    assert.equal(settings.body['status'], 'success');
    assert.equal(settings.body['whitelist'], false);
    const list = await jsonCall(
      sim,
      jsonRequest('invoices', {
        billinkUsername: DEMO_ACCOUNT.username,
        billinkId: DEMO_ACCOUNT.billinkId,
      }),
    );
    assert.equal(list.status, 200);
    assert.equal(list.body['total_invoices'], '1');
    assert.equal((list.body['invoices'] as Body[])[0]?.['invoice_number'], '1SIMWEB-1001');
    assert.equal((await jsonCall(sim, jsonRequest('merchantCreate', creds))).status, 403);
  });
});
