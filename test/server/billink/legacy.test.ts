import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BillinkError } from '../../../src/server/billink/errors.js';
import type { CheckInput, LegacyOrderInput } from '../../../src/server/billink/types.js';
import {
  BILLINK_ID,
  USERNAME,
  billingAddress,
  businessCustomer,
  legacyError,
  legacyMsg,
  lines,
  linesTotalCents,
  privateCustomer,
  rejectionOf,
  sentXml,
  shippingAddress,
  testClient,
  useTestServer,
} from './helpers.js';

const srv = useTestServer();

const header = {
  VERSION: 'BILLINK2.0',
  CLIENTUSERNAME: USERNAME,
  CLIENTID: BILLINK_ID,
};

const checkInput: CheckInput = {
  customer: privateCustomer,
  billingAddress,
  orderAmountCents: linesTotalCents,
  ip: '203.0.113.7',
};

const UUID = '98ec1488-2bd5-4a4a-9a7c-8d43d9a3a001';

describe('check', () => {
  it('sends the XML envelope and returns the UUID that sits next to MSG (code 500)', async () => {
    srv.xml('legacyCheck', legacyMsg('500', 'Advies=1', '', `<UUID>${UUID}</UUID>`));
    const result = await testClient().check(checkInput);
    assert.deepEqual(result, {
      outcome: 'accepted',
      code: '500',
      description: 'Advies=1',
      checkUuid: UUID,
    });

    const req = srv.requests[0];
    assert.equal(req?.url.href, 'https://api-staging.billink.nl/v1/client/check');
    assert.equal(req?.contentType, 'text/xml');
    assert.match(req?.text ?? '', /^<API>/);
    assert.deepEqual(sentXml(req), {
      ...header,
      ACTION: 'Check',
      WORKFLOWNUMBER: '1',
      TYPE: 'P',
      FIRSTNAME: 'Jan',
      LASTNAME: 'de Vries',
      INITIALS: 'J.',
      PHONENUMBER: '0612345678',
      EMAIL: 'jan@example.nl',
      BIRTHDATE: '07-03-1985',
      STREET: 'Keizersgracht',
      HOUSENUMBER: '12',
      HOUSEEXTENSION: 'a',
      POSTALCODE: '1015 CX',
      CITY: 'Amsterdam',
      COUNTRYCODE: 'NL',
      ORDERAMOUNT: '120.95',
      IP: '203.0.113.7',
    });
  });

  it('501 is a normal rejection, not an error', async () => {
    srv.xml('legacyCheck', legacyMsg('501', 'Advies=0'));
    const result = await testClient().check(checkInput);
    assert.deepEqual(result, { outcome: 'rejected', code: '501', description: 'Advies=0' });
  });

  it('a 500 without UUID is malformed_response', async () => {
    srv.xml('legacyCheck', legacyMsg('500', 'Advies=1'));
    const error = await rejectionOf(testClient().check(checkInput));
    assert.ok(error instanceof BillinkError);
    assert.equal(error.code, 'malformed_response');
  });

  it('sends business fields and upper-case B, without birthdate', async () => {
    srv.xml('legacyCheck', legacyMsg('501', 'Advies=0'));
    await testClient().check({
      ...checkInput,
      customer: { ...businessCustomer, birthdate: '1980-01-01' },
      shippingAddress,
      workflowNumber: '3',
    });
    const sent = sentXml(srv.requests[0]);
    assert.equal(sent.TYPE, 'B');
    assert.equal(sent.WORKFLOWNUMBER, '3');
    assert.equal(sent.COMPANYNAME, 'Bakker BV');
    assert.equal(sent.CHAMBEROFCOMMERCE, '12345678');
    assert.equal(sent.VATNUMBER, 'NL123456789B01');
    assert.equal(sent.BIRTHDATE, undefined);
    assert.equal(sent.PHONENUMBER, '+31 20 123 4567');
    assert.equal(sent.DELIVERYSTREET, 'Stationsplein');
    assert.equal(sent.DELIVERYHOUSENUMBER, '1');
    assert.equal(sent.DELIVERYHOUSEEXTENSION, '');
    assert.equal(sent.DELIVERYPOSTALCODE, '3511 ED');
    assert.equal(sent.DELIVERYCITY, 'Utrecht');
    assert.equal(sent.DELIVERYCOUNTRYCODE, 'NL');
  });

  it('hostile text arrives as text: the ACTION cannot be changed through a name', async () => {
    srv.xml('legacyCheck', legacyMsg('501', 'Advies=0'));
    const hostile = '</LASTNAME><ACTION>credit</ACTION>';
    await testClient().check({
      ...checkInput,
      customer: { ...privateCustomer, lastName: hostile, firstName: 'A & B <c>' },
    });
    const raw = srv.requests[0]?.text ?? '';
    assert.equal(raw.match(/<ACTION>/g)?.length, 1, 'exactly one ACTION element');
    const sent = sentXml(srv.requests[0]);
    assert.equal(sent.ACTION, 'Check');
    assert.equal(sent.LASTNAME, hostile);
    assert.equal(sent.FIRSTNAME, 'A & B <c>');
  });

  it('RESULT ERROR with a validation code maps to the domain field (check table)', async () => {
    srv.xml('legacyCheck', legacyError('421', 'Missing birth date'));
    const error = await rejectionOf(testClient().check(checkInput));
    assert.ok(error instanceof BillinkError);
    assert.equal(error.code, '421');
    assert.equal(error.description, 'Missing birth date');
    assert.equal(error.field, 'birthdate');
    assert.equal(error.retryable, false);
    assert.equal(error.httpStatus, 200);
  });

  it('keeps zero-padded codes as text', async () => {
    srv.xml('legacyCheck', legacyError('001', 'Unknown API version'));
    const error = await rejectionOf(testClient().check(checkInput));
    assert.ok(error instanceof BillinkError);
    assert.equal(error.code, '001');
  });

  it('111 request limit is retryable but a check is not retried automatically', async () => {
    srv.xml('legacyCheck', legacyError('111', 'Request limit exceeded'));
    const error = await rejectionOf(testClient().check(checkInput));
    assert.ok(error instanceof BillinkError);
    assert.equal(error.retryable, true);
    assert.equal(srv.requests.length, 1);
  });

  it('an unexpected MSG code is an error carrying that code', async () => {
    srv.xml('legacyCheck', legacyMsg('200', 'Huh'));
    const error = await rejectionOf(testClient().check(checkInput));
    assert.ok(error instanceof BillinkError);
    assert.equal(error.code, '200');
  });

  for (const [name, body, status, code] of [
    ['HTML 200', '<html><body>oops</body></html>', 200, 'malformed_response'],
    ['JSON 200', '{"result":"MSG"}', 200, 'malformed_response'],
    ['broken XML', '<API><RESULT>MSG</API>', 200, 'malformed_response'],
    ['empty body', '', 200, 'malformed_response'],
    ['API without RESULT', '<API><MSG><CODE>500</CODE></MSG></API>', 200, 'malformed_response'],
    ['MSG without CODE', '<API><RESULT>MSG</RESULT><MSG></MSG></API>', 200, 'malformed_response'],
    ['HTTP 500 HTML', '<html>Internal error</html>', 500, 'http_500'],
  ] as const) {
    it(`${name} → ${code}`, async () => {
      srv.text('legacyCheck', body, status);
      const error = await rejectionOf(testClient().check(checkInput));
      assert.ok(error instanceof BillinkError, String(error));
      assert.equal(error.code, code);
      assert.equal(error.httpStatus, status);
    });
  }

  it("HTTP 500 with an XML ERROR keeps Billink's code", async () => {
    srv.xml('legacyCheck', legacyError('603', 'Redirect Billink API error'), 500);
    const error = await rejectionOf(testClient().check(checkInput));
    assert.ok(error instanceof BillinkError);
    assert.equal(error.code, '603');
    assert.equal(error.httpStatus, 500);
    assert.equal(error.retryable, true);
  });
});

const orderInput: LegacyOrderInput = {
  orderNumber: 'O2014.05.28.2443',
  date: '2026-11-22',
  checkUuid: UUID,
  customer: privateCustomer,
  billingAddress,
  lines,
  totalAmountCents: linesTotalCents,
  currency: 'EUR',
  additionalText: 'Thanks!',
};

describe('order', () => {
  it('sends the order with CHECKUUID and ORDERITEMS/ITEM lines, returns MSG/INVOICE', async () => {
    srv.xml(
      'legacyOrder',
      legacyMsg('200', 'Order successfully added', '<INVOICE>1TSTO2014-05-28-2443</INVOICE>'),
    );
    const result = await testClient().order(orderInput);
    assert.deepEqual(result, {
      code: '200',
      description: 'Order successfully added',
      invoiceNumber: '1TSTO2014-05-28-2443',
    });
    const req = srv.requests[0];
    assert.equal(req?.url.pathname, '/v1/client/order');
    assert.equal(req?.contentType, 'text/xml');
    const sent = sentXml(req);
    assert.equal(sent.ACTION, 'Order');
    assert.equal(sent.CLIENTID, BILLINK_ID);
    assert.equal(sent.ORDERNUMBER, 'O2014.05.28.2443');
    assert.equal(sent.DATE, '22-11-2026');
    assert.equal(sent.CHECKUUID, UUID);
    assert.equal(sent.VALIDATEORDER, undefined);
    assert.equal(sent.CURRENCY, 'EUR');
    assert.equal(sent.ADDITIONALTEXT, 'Thanks!');
    assert.equal(sent.BIRTHDATE, '07-03-1985');
    assert.equal(sent.DELIVERYSTREET, undefined, 'no delivery fields without a shipping address');
    assert.deepEqual(sent.ORDERITEMS, {
      ITEM: [
        {
          CODE: 'SKU-1',
          DESCRIPTION: 'Wool scarf',
          ORDERQUANTITY: '2',
          PRICEINCL: '60.50',
          BTW: '21',
        },
        { CODE: '0001', DESCRIPTION: 'Shipping', ORDERQUANTITY: '1', PRICEINCL: '4.95', BTW: '21' },
        {
          CODE: '0002',
          DESCRIPTION: 'Discount',
          ORDERQUANTITY: '1',
          PRICEINCL: '-5.00',
          BTW: '21',
        },
      ],
    });
  });

  it('validateOnly sends VALIDATEORDER=Y and tolerates a missing INVOICE', async () => {
    srv.xml('legacyOrder', legacyMsg('200', 'Order is valid'));
    const result = await testClient().order({ ...orderInput, validateOnly: true });
    assert.equal(result.invoiceNumber, undefined);
    assert.equal(sentXml(srv.requests[0]).VALIDATEORDER, 'Y');
  });

  it('a real order without INVOICE is a created order whose invoice number is not known yet', async () => {
    srv.xml('legacyOrder', legacyMsg('200', 'Order successfully added'));
    const result = await testClient().order(orderInput);
    assert.deepEqual(result, { code: '200', description: 'Order successfully added' });
  });

  it('amount mismatch throws before any request', async () => {
    const error = await rejectionOf(testClient().order({ ...orderInput, totalAmountCents: 100 }));
    assert.ok(error instanceof BillinkError);
    assert.equal(error.code, 'amount_mismatch');
    assert.equal(error.operation, 'legacyOrder');
    assert.equal(srv.requests.length, 0);
  });

  it('order codes use the order table: 420 is the country code here, not email', async () => {
    srv.xml('legacyOrder', legacyError('420', 'Incorrect country code (ISO 3166)'));
    const error = await rejectionOf(testClient().order(orderInput));
    assert.ok(error instanceof BillinkError);
    assert.equal(error.field, 'countryCode');
  });

  it('446 (check UUID already used) points at checkUuid', async () => {
    srv.xml('legacyOrder', legacyError('446', 'Check UUID already used'));
    const error = await rejectionOf(testClient().order(orderInput));
    assert.ok(error instanceof BillinkError);
    assert.equal(error.field, 'checkUuid');
    assert.equal(error.retryable, false);
  });
});

describe('orderInfo (legacy status)', () => {
  it('sends INVOICES/ITEM and reads MSG/INVOICES/INVOICE with string statuses', async () => {
    srv.xml(
      'legacyStatus',
      legacyMsg(
        '200',
        '',
        '<INVOICES>' +
          '<INVOICE><INVOICENUMBER>A-1</INVOICENUMBER><STATUS>1</STATUS><DESCRIPTION>Betaald</DESCRIPTION><PAIDOUT>1</PAIDOUT></INVOICE>' +
          '<INVOICE><INVOICENUMBER>A-2</INVOICENUMBER><STATUS>-1</STATUS><DESCRIPTION>Order not found</DESCRIPTION></INVOICE>' +
          '</INVOICES>',
      ),
    );
    const result = await testClient().orderInfo({
      invoices: [{ invoiceNumber: 'A-1', workflowNumber: '1' }, { invoiceNumber: 'A-2' }],
    });
    assert.deepEqual(result.invoices, [
      {
        invoiceNumber: 'A-1',
        status: 'paid',
        statusCode: '1',
        description: 'Betaald',
        paidOut: true,
      },
      {
        invoiceNumber: 'A-2',
        status: 'not_found',
        statusCode: '-1',
        description: 'Order not found',
      },
    ]);
    const sent = sentXml(srv.requests[0]);
    assert.equal(srv.requests[0]?.url.pathname, '/v1/client/status');
    assert.equal(sent.ACTION, 'Status');
    assert.deepEqual(sent.INVOICES, {
      ITEM: [{ INVOICENUMBER: 'A-1', WORKFLOWNUMBER: '1' }, { INVOICENUMBER: 'A-2' }],
    });
  });

  it('a single INVOICE is still a list; 0 and 2 map to unpaid/open', async () => {
    srv.xml(
      'legacyStatus',
      legacyMsg(
        '200',
        '',
        '<INVOICES><INVOICE><INVOICENUMBER>B</INVOICENUMBER><STATUS>2</STATUS><DESCRIPTION>No steps given</DESCRIPTION></INVOICE></INVOICES>',
      ),
    );
    const result = await testClient().orderInfo({ invoices: [{ invoiceNumber: 'B' }] });
    assert.equal(result.invoices.length, 1);
    assert.equal(result.invoices[0]?.status, 'open');
  });

  it('110 (too many invoices) is an error on the invoices field', async () => {
    srv.xml('legacyStatus', legacyError('110', 'Max 100 invoices per request'));
    const error = await rejectionOf(testClient().orderInfo({ invoices: [{ invoiceNumber: 'B' }] }));
    assert.ok(error instanceof BillinkError);
    assert.equal(error.code, '110');
    assert.equal(error.field, 'invoices');
  });
});

describe('startWorkflow', () => {
  const input = {
    invoices: [
      { invoiceNumber: 'A-1', workflowNumber: '1', trackAndTrace: '3SABCD1234' },
      { invoiceNumber: 'A-2', workflowNumber: '1' },
    ],
  };

  it('sends ACTION "activate order"; items 500 and 707 (already started) are both ok', async () => {
    srv.xml(
      'legacyStartWorkflow',
      legacyMsg(
        '500',
        '',
        '<STATUSES>' +
          '<ITEM><INVOICENUMBER>A-1</INVOICENUMBER><MESSAGE>Workflow started</MESSAGE><CODE>500</CODE></ITEM>' +
          '<ITEM><INVOICENUMBER>A-2</INVOICENUMBER><MESSAGE>Order workflow is already started</MESSAGE><CODE>707</CODE></ITEM>' +
          '</STATUSES>',
      ),
    );
    const result = await testClient().startWorkflow(input);
    assert.deepEqual(
      result.items.map((i) => [i.invoiceNumber, i.code, i.ok]),
      [
        ['A-1', '500', true],
        ['A-2', '707', true],
      ],
    );
    const sent = sentXml(srv.requests[0]);
    assert.equal(srv.requests[0]?.url.pathname, '/v1/client/start-workflow');
    assert.equal(sent.ACTION, 'activate order');
    assert.deepEqual(sent.INVOICES, {
      ITEM: [
        { INVOICENUMBER: 'A-1', WORKFLOWNUMBER: '1', TRACKANDTRACE: '3SABCD1234' },
        { INVOICENUMBER: 'A-2', WORKFLOWNUMBER: '1' },
      ],
    });
  });

  it('an unknown invoice (704) fails with the items attached', async () => {
    srv.xml(
      'legacyStartWorkflow',
      legacyMsg(
        '500',
        '',
        '<STATUSES><ITEM><INVOICENUMBER>A-1</INVOICENUMBER><MESSAGE>Unknown invoice number</MESSAGE><CODE>704</CODE></ITEM></STATUSES>',
      ),
    );
    const error = await rejectionOf(testClient().startWorkflow(input));
    assert.ok(error instanceof BillinkError);
    assert.equal(error.code, '704');
    assert.equal(error.items?.[0]?.ok, false);
    assert.equal(error.field, 'invoices');
  });

  it('a top-level 705 ERROR', async () => {
    srv.xml('legacyStartWorkflow', legacyError('705', 'No invoices provided'));
    const error = await rejectionOf(testClient().startWorkflow({ invoices: [] }));
    assert.ok(error instanceof BillinkError);
    assert.equal(error.code, '705');
  });

  it('MSG without any item is malformed_response', async () => {
    srv.xml('legacyStartWorkflow', legacyMsg('500', ''));
    const error = await rejectionOf(testClient().startWorkflow(input));
    assert.ok(error instanceof BillinkError);
    assert.equal(error.code, 'malformed_response');
  });
});

describe('registerPayment', () => {
  it('sends AMOUNT as two decimals and reads MSG/INVOICES/ITEM', async () => {
    srv.xml(
      'legacyPayment',
      legacyMsg(
        '200',
        '',
        '<INVOICES><ITEM><INVOICENUMBER>A-1</INVOICENUMBER><MESSAGE>Payment added</MESSAGE><CODE>200</CODE></ITEM></INVOICES>',
      ),
    );
    const result = await testClient().registerPayment({
      invoices: [{ invoiceNumber: 'A-1', amountCents: 1000, description: 'Paid in shop' }],
    });
    assert.equal(result.items[0]?.ok, true);
    const sent = sentXml(srv.requests[0]);
    assert.equal(srv.requests[0]?.url.pathname, '/v1/client/payment');
    assert.equal(sent.ACTION, 'Payment');
    assert.deepEqual(sent.INVOICES, {
      ITEM: [{ INVOICENUMBER: 'A-1', AMOUNT: '10.00', DESCRIPTION: 'Paid in shop' }],
    });
  });

  it('item code 500 also counts as success (plugin sources disagree)', async () => {
    srv.xml(
      'legacyPayment',
      legacyMsg(
        '500',
        '',
        '<INVOICES><ITEM><INVOICENUMBER>A-1</INVOICENUMBER><CODE>500</CODE></ITEM></INVOICES>',
      ),
    );
    const result = await testClient().registerPayment({
      invoices: [{ invoiceNumber: 'A-1', amountCents: 1, description: 'x' }],
    });
    assert.equal(result.items[0]?.ok, true);
  });

  it('707 already paid is a failure', async () => {
    srv.xml(
      'legacyPayment',
      legacyMsg(
        '200',
        '',
        '<INVOICES><ITEM><INVOICENUMBER>A-1</INVOICENUMBER><MESSAGE>Order is already paid</MESSAGE><CODE>707</CODE></ITEM></INVOICES>',
      ),
    );
    const error = await rejectionOf(
      testClient().registerPayment({
        invoices: [{ invoiceNumber: 'A-1', amountCents: 1, description: 'x' }],
      }),
    );
    assert.ok(error instanceof BillinkError);
    assert.equal(error.code, '707');
  });
});

describe('legacyCredit', () => {
  it('sends CREDITAMOUNT as text and reads STATUSES/ITEM (200 = applied)', async () => {
    srv.xml(
      'legacyCredit',
      legacyMsg(
        '200',
        '',
        '<STATUSES><ITEM><INVOICENUMBER>A-1</INVOICENUMBER><MESSAGE>Credit applied: 10.00 EURO; Order paid.</MESSAGE><CODE>200</CODE></ITEM></STATUSES>',
      ),
    );
    const result = await testClient().legacyCredit({
      invoices: [
        { invoiceNumber: 'A-1', amountCents: 1000, description: 'Refund', workflowNumber: '1' },
      ],
    });
    assert.equal(result.items[0]?.message, 'Credit applied: 10.00 EURO; Order paid.');
    const sent = sentXml(srv.requests[0]);
    assert.equal(srv.requests[0]?.url.pathname, '/v1/client/credit');
    assert.equal(sent.ACTION, 'Credit');
    assert.deepEqual(sent.INVOICES, {
      ITEM: [
        { INVOICENUMBER: 'A-1', CREDITAMOUNT: '10.00', DESCRIPTION: 'Refund', WORKFLOWNUMBER: '1' },
      ],
    });
  });
});

describe('on hold / resume / message / file', () => {
  it('onHold sends ACTION Onhold with DAYS', async () => {
    srv.xml('legacyOnHold', legacyMsg('200', 'Order is on hold'));
    const result = await testClient().onHold({
      invoiceNumber: 'A-1',
      workflowNumber: '1',
      days: 7,
    });
    assert.deepEqual(result, { code: '200', description: 'Order is on hold' });
    const sent = sentXml(srv.requests[0]);
    assert.equal(srv.requests[0]?.url.pathname, '/v1/client/on-hold');
    assert.deepEqual(sent, {
      ...header,
      ACTION: 'Onhold',
      WORKFLOWNUMBER: '1',
      INVOICENUMBER: 'A-1',
      DAYS: '7',
    });
  });

  it('onHold 403 (period too long) is an error', async () => {
    srv.xml('legacyOnHold', legacyError('403', 'On-hold period too long'));
    const error = await rejectionOf(
      testClient().onHold({ invoiceNumber: 'A-1', workflowNumber: '1', days: 30 }),
    );
    assert.ok(error instanceof BillinkError);
    assert.equal(error.code, '403');
  });

  it('resume posts to the on-hold service with ACTION resume and RESUME=y', async () => {
    srv.xml('legacyResume', legacyMsg('200', 'Order resumed'));
    await testClient().resume({ invoiceNumber: 'A-1', workflowNumber: '1' });
    const sent = sentXml(srv.requests[0]);
    assert.equal(srv.requests[0]?.url.pathname, '/v1/client/on-hold');
    assert.equal(sent.ACTION, 'resume');
    assert.equal(sent.RESUME, 'y');
  });

  it('message sends MESSAGE', async () => {
    srv.xml('legacyMessage', legacyMsg('200', 'Message added'));
    await testClient().message({ invoiceNumber: 'A-1', message: 'Customer called about delivery' });
    const sent = sentXml(srv.requests[0]);
    assert.equal(srv.requests[0]?.url.pathname, '/v1/client/message');
    assert.equal(sent.ACTION, 'message');
    assert.equal(sent.MESSAGE, 'Customer called about delivery');
    assert.equal(sent.WORKFLOWNUMBER, undefined);
  });

  it('message 402 (unknown workflow) points at workflowNumber', async () => {
    srv.xml('legacyMessage', legacyError('402', 'Workflow with number 9 does not exist'));
    const error = await rejectionOf(
      testClient().message({ invoiceNumber: 'A-1', workflowNumber: '9', message: 'x' }),
    );
    assert.ok(error instanceof BillinkError);
    assert.equal(error.field, 'workflowNumber');
  });

  it('invoiceFile returns the file named in MSG/DESCRIPTION', async () => {
    srv.xml('legacyFile', legacyMsg('200', 'https://files.billink.example/1ABA-1.pdf'));
    const result = await testClient().invoiceFile({ invoiceNumber: 'A-1', workflowNumber: '1' });
    assert.equal(result.file, 'https://files.billink.example/1ABA-1.pdf');
    const sent = sentXml(srv.requests[0]);
    assert.equal(srv.requests[0]?.url.pathname, '/v1/client/file');
    assert.equal(sent.ACTION, 'pdf');
  });

  it('invoiceFile without a file name is malformed_response', async () => {
    srv.xml('legacyFile', legacyMsg('200', ''));
    const error = await rejectionOf(
      testClient().invoiceFile({ invoiceNumber: 'A-1', workflowNumber: '1' }),
    );
    assert.ok(error instanceof BillinkError);
    assert.equal(error.code, 'malformed_response');
  });
});
