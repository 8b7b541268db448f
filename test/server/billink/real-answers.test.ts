/**
 * The client against Billink's answers as they really come (reference §11): the 2014 recorded
 * traffic of marceldegraaf/billink (legacy XML, whitespace and single-quoted XML declaration as
 * recorded) and the answer examples in the WooCommerce plugin's response classes.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BillinkError } from '../../../src/server/billink/errors.js';
import type { LegacyOrderInput } from '../../../src/server/billink/types.js';
import {
  billingAddress,
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

/** WooCommerce, app/models/Response/Credit.php: STATUSES items, no MSG/CODE. */
const WOO_CREDIT = `<API><RESULT>MSG</RESULT>
<MSG>
    <STATUSES>
        <ITEM>
            <INVOICENUMBER>00001</INVOICENUMBER>
            <MESSAGE>Credit applied: 10.00 EURO; Order paid.</MESSAGE>
            <CODE>200</CODE>
        </ITEM>
        <ITEM>
            <INVOICENUMBER>00002</INVOICENUMBER>
            <MESSAGE>Credit applied: 10.00 EURO; step restarted.</MESSAGE>
            <CODE>200</CODE>
        </ITEM>
    </STATUSES>
</MSG></API>`;

/** WooCommerce, app/models/Response/Payment.php: INVOICES items 500 and 707, no MSG/CODE. */
const WOO_PAYMENT = `<API><RESULT>MSG</RESULT>
<MSG>
    <INVOICES>
        <ITEM>
            <INVOICENUMBER>00001</INVOICENUMBER>
            <MESSAGE>Success</MESSAGE>
            <CODE>500</CODE>
        </ITEM>
        <ITEM>
            <INVOICENUMBER>00002</INVOICENUMBER>
            <MESSAGE>Order is already paid</MESSAGE>
            <CODE>707</CODE>
        </ITEM>
    </INVOICES>
</MSG></API>`;

/** WooCommerce, app/models/Response/Workflow.php: MSG/CODE 500 and STATUSES items 500 / 707. */
const WOO_WORKFLOW = `<API><RESULT>MSG</RESULT>
<MSG>
    <CODE>500</CODE>
    <STATUSES>
        <ITEM>
            <INVOICENUMBER>00001</INVOICENUMBER>
            <MESSAGE>Success</MESSAGE>
            <CODE>500</CODE>
        </ITEM>
        <ITEM>
            <INVOICENUMBER>00002</INVOICENUMBER>
            <MESSAGE>Order workflow is allready started</MESSAGE>
            <CODE>707</CODE>
        </ITEM>
    </STATUSES>
</MSG></API>`;

/** WooCommerce, app/models/Response/Order.php: CODE 200, no INVOICE. */
const WOO_ORDER = `<API><RESULT>MSG</RESULT>
<MSG>
    <CODE>200</CODE>
    <DESCRIPTION>Order successfully added</DESCRIPTION>
</MSG></API>`;

/** 2014 recording, Billink_Order/successful_request: the Check, then the Order with INVOICE. */
const REC_CHECK = `<?xml version='1.0' encoding='UTF-8' ?><API><RESULT>MSG</RESULT><MSG><CODE>500</CODE><DESCRIPTION>Advies=1</DESCRIPTION></MSG><UUID>4a456cdc-f888-4a7d-b0ad-6e33df8a4447</UUID></API>`;
const REC_ORDER = `<?xml version='1.0' encoding='UTF-8' ?><API><RESULT>MSG</RESULT><MSG><CODE>200</CODE><DESCRIPTION>Order successfully added</DESCRIPTION><INVOICE>1TSTO2014-05-28-2443</INVOICE></MSG></API>`;

/** 2014 recording, Billink_Status/orders_not_found (indentation as recorded). */
const REC_STATUS_NOT_FOUND = `<?xml version='1.0' encoding='UTF-8' ?><API>
  <RESULT>MSG</RESULT>
  <MSG>
    <CODE>200</CODE>
    <INVOICES>
        <INVOICE>
          <INVOICENUMBER></INVOICENUMBER>
          <STATUS>-1</STATUS>
          <DESCRIPTION>Order not found</DESCRIPTION>
        </INVOICE>

    </INVOICES>
  </MSG>
</API>`;

/** 2014 recording, Billink_Workflow/orders_not_found: a top-level ERROR, not an item. */
const REC_WORKFLOW_UNKNOWN = `<?xml version='1.0' encoding='UTF-8' ?><API><RESULT>ERROR</RESULT><ERROR><CODE>704</CODE><DESCRIPTION>Unknown invoice number: I2014.001.234</DESCRIPTION></ERROR></API>`;

const orderInput: LegacyOrderInput = {
  orderNumber: 'O2014.05.28.2443',
  date: '2014-09-13',
  checkUuid: '4a456cdc-f888-4a7d-b0ad-6e33df8a4447',
  customer: privateCustomer,
  billingAddress,
  lines,
  totalAmountCents: linesTotalCents,
};

describe('real legacy answers', () => {
  it('Credit without MSG/CODE: the per-invoice items are the result', async () => {
    srv.xml('legacyCredit', WOO_CREDIT);
    const result = await testClient().legacyCredit({
      invoices: [
        { invoiceNumber: '00001', amountCents: 1000, description: 'Return' },
        { invoiceNumber: '00002', amountCents: 1000, description: 'Return' },
      ],
    });
    assert.deepEqual(result.items, [
      {
        invoiceNumber: '00001',
        code: '200',
        message: 'Credit applied: 10.00 EURO; Order paid.',
        ok: true,
      },
      {
        invoiceNumber: '00002',
        code: '200',
        message: 'Credit applied: 10.00 EURO; step restarted.',
        ok: true,
      },
    ]);
  });

  it('Payment without MSG/CODE: 500 booked, 707 already paid — the failure carries both items', async () => {
    srv.xml('legacyPayment', WOO_PAYMENT);
    const error = await rejectionOf(
      testClient().registerPayment({
        invoices: [
          { invoiceNumber: '00001', amountCents: 500, description: 'Bank' },
          { invoiceNumber: '00002', amountCents: 500, description: 'Bank' },
        ],
      }),
    );
    assert.ok(error instanceof BillinkError, String(error));
    assert.equal(error.code, '707');
    assert.equal(error.description, 'Order is already paid');
    assert.deepEqual(
      error.items?.map((i) => [i.invoiceNumber, i.code, i.ok]),
      [
        ['00001', '500', true],
        ['00002', '707', false],
      ],
    );
  });

  it('Payment without MSG/CODE, every item booked: success', async () => {
    srv.xml(
      'legacyPayment',
      WOO_PAYMENT.replace(/<ITEM>\s*<INVOICENUMBER>00002[\s\S]*?<\/ITEM>/, ''),
    );
    const result = await testClient().registerPayment({
      invoices: [{ invoiceNumber: '00001', amountCents: 500, description: 'Bank' }],
    });
    assert.deepEqual(
      result.items.map((i) => [i.invoiceNumber, i.code, i.message, i.ok]),
      [['00001', '500', 'Success', true]],
    );
  });

  it('Start workflow (MSG/CODE 500): 500 started and 707 already started are both done', async () => {
    srv.xml('legacyStartWorkflow', WOO_WORKFLOW);
    const result = await testClient().startWorkflow({
      invoices: [
        { invoiceNumber: '00001', workflowNumber: '1' },
        { invoiceNumber: '00002', workflowNumber: '1' },
      ],
    });
    assert.deepEqual(
      result.items.map((i) => [i.code, i.ok]),
      [
        ['500', true],
        ['707', true],
      ],
    );
  });

  it('Start workflow for an unknown invoice (2014): the top-level ERROR 704 reaches the caller', async () => {
    srv.xml('legacyStartWorkflow', REC_WORKFLOW_UNKNOWN);
    const error = await rejectionOf(
      testClient().startWorkflow({
        invoices: [{ invoiceNumber: 'I2014.001.234', workflowNumber: '2' }],
      }),
    );
    assert.ok(error instanceof BillinkError);
    assert.equal(error.code, '704');
    assert.equal(error.description, 'Unknown invoice number: I2014.001.234');
  });

  it('Order without MSG/INVOICE (WooCommerce) is a created order, invoice number unknown yet', async () => {
    srv.xml('legacyOrder', WOO_ORDER);
    const result = await testClient().order(orderInput);
    assert.deepEqual(result, { code: '200', description: 'Order successfully added' });
    assert.equal('invoiceNumber' in result, false);
  });

  it('Check and Order as recorded in 2014: UUID next to MSG, then MSG/INVOICE', async () => {
    srv.xml('legacyCheck', REC_CHECK);
    srv.xml('legacyOrder', REC_ORDER);
    const client = testClient();
    const check = await client.check({
      customer: privateCustomer,
      billingAddress,
      orderAmountCents: linesTotalCents,
    });
    assert.equal(check.outcome, 'accepted');
    assert.equal(check.outcome === 'accepted' && check.checkUuid, orderInput.checkUuid);
    const order = await client.order(orderInput);
    assert.equal(order.invoiceNumber, '1TSTO2014-05-28-2443');
  });

  it('Status for unknown orders as recorded in 2014: one not_found item with an empty number', async () => {
    srv.xml('legacyStatus', REC_STATUS_NOT_FOUND);
    const result = await testClient().orderInfo({
      invoices: [
        { invoiceNumber: '20140714-2231', workflowNumber: '2' },
        { invoiceNumber: '20140630-2203', workflowNumber: '2' },
      ],
    });
    assert.deepEqual(result.invoices, [
      { invoiceNumber: '', status: 'not_found', statusCode: '-1', description: 'Order not found' },
    ]);
  });

  it('an Order answer with neither MSG/CODE nor items is still malformed', async () => {
    srv.xml(
      'legacyOrder',
      '<API><RESULT>MSG</RESULT><MSG><DESCRIPTION>?</DESCRIPTION></MSG></API>',
    );
    const error = await rejectionOf(testClient().order(orderInput));
    assert.ok(error instanceof BillinkError);
    assert.equal(error.code, 'malformed_response');
  });

  it('a Credit answer with no items and no code is still malformed', async () => {
    srv.xml('legacyCredit', '<API><RESULT>MSG</RESULT><MSG><STATUSES></STATUSES></MSG></API>');
    const error = await rejectionOf(
      testClient().legacyCredit({
        invoices: [{ invoiceNumber: 'A-1', amountCents: 100, description: 'x' }],
      }),
    );
    assert.ok(error instanceof BillinkError);
    assert.equal(error.code, 'malformed_response');
  });
});

describe('delivery recipient', () => {
  it('sends DELIVERYADDRESSFIRSTNAME / LASTNAME / COMPANYNAME when the shipping address names one', async () => {
    srv.xml('legacyOrder', REC_ORDER);
    await testClient().order({
      ...orderInput,
      shippingAddress: {
        ...shippingAddress,
        firstName: 'Piet',
        lastName: 'Jansen',
        company: 'Jansen BV',
      },
    });
    const sent = sentXml(srv.requests[0]);
    assert.equal(sent.DELIVERYSTREET, 'Stationsplein');
    assert.equal(sent.DELIVERYADDRESSFIRSTNAME, 'Piet');
    assert.equal(sent.DELIVERYADDRESSLASTNAME, 'Jansen');
    assert.equal(sent.DELIVERYADDRESSCOMPANYNAME, 'Jansen BV');
  });

  it('leaves them out when absent', async () => {
    srv.xml('legacyCheck', REC_CHECK);
    await testClient().check({
      customer: privateCustomer,
      billingAddress,
      shippingAddress,
      orderAmountCents: linesTotalCents,
    });
    const sent = sentXml(srv.requests[0]);
    assert.equal(sent.DELIVERYSTREET, 'Stationsplein');
    for (const tag of [
      'DELIVERYADDRESSFIRSTNAME',
      'DELIVERYADDRESSLASTNAME',
      'DELIVERYADDRESSCOMPANYNAME',
    ])
      assert.equal(tag in sent, false, `${tag} not sent`);
  });
});
