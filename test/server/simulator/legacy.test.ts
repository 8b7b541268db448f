import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ENDPOINTS } from '../../../src/server/billink/endpoints.js';
import { buildEnvelope } from '../../../src/server/simulator/index.js';
import {
  BASE,
  checkFields,
  checkUuid,
  CREDENTIALS,
  newSimulator,
  orderFields,
  rawXmlRequest,
  xmlCall,
  xmlRequest,
} from './helpers.js';

describe('legacy envelope and credentials', () => {
  test('every answer is HTTP 200 text/xml; unknown version → 001', async () => {
    const sim = newSimulator();
    const response = await sim.fetch(
      xmlRequest('legacyCheck', { ...checkFields(), VERSION: 'BILLINK1.0' }),
    );
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/xml/);
    const answer = await xmlCall(
      sim,
      xmlRequest('legacyCheck', { ...checkFields(), VERSION: 'BILLINK1.0' }),
    );
    assert.equal(answer.result, 'ERROR');
    assert.equal(answer.code, '001');
  });

  test('the docs-en spelling "Billink2.0" is accepted', async () => {
    const sim = newSimulator();
    const answer = await xmlCall(
      sim,
      xmlRequest('legacyCheck', { ...checkFields(), VERSION: 'Billink2.0' }),
    );
    assert.equal(answer.code, '500');
  });

  test('unknown username → 101, wrong client id → 102, wrong ACTION → 103', async () => {
    const sim = newSimulator();
    let answer = await xmlCall(
      sim,
      xmlRequest('legacyCheck', { ...checkFields(), CLIENTUSERNAME: 'nobody' }),
    );
    assert.deepEqual([answer.result, answer.code], ['ERROR', '101']);
    answer = await xmlCall(
      sim,
      xmlRequest('legacyCheck', { ...checkFields(), CLIENTID: 'f'.repeat(40) }),
    );
    assert.deepEqual([answer.result, answer.code], ['ERROR', '102']);
    answer = await xmlCall(sim, xmlRequest('legacyCheck', { ...checkFields(), ACTION: 'Order' }));
    assert.deepEqual([answer.result, answer.code], ['ERROR', '103']);
    answer = await xmlCall(
      sim,
      xmlRequest('legacyCheck', { ...checkFields(), ACTION: 'Nonsense' }),
    );
    assert.equal(answer.code, '103');
  });

  test('ACTION is case-insensitive (clients send Check and CHECK)', async () => {
    const sim = newSimulator();
    const answer = await xmlCall(
      sim,
      xmlRequest('legacyCheck', { ...checkFields(), ACTION: 'CHECK' }),
    );
    assert.equal(answer.code, '500');
  });

  test('malformed XML and DOCTYPE → 601', async () => {
    const sim = newSimulator();
    let answer = await xmlCall(sim, rawXmlRequest('legacyCheck', '<API><VERSION>BILLINK2.0</API>'));
    assert.equal(answer.code, '601');
    answer = await xmlCall(
      sim,
      rawXmlRequest(
        'legacyCheck',
        '<!DOCTYPE API [<!ENTITY x "y">]><API><VERSION>&x;</VERSION></API>',
      ),
    );
    assert.equal(answer.code, '601');
    answer = await xmlCall(sim, rawXmlRequest('legacyCheck', ''));
    assert.equal(answer.code, '601');
  });

  test('XML injection in LASTNAME stays text: no second ACTION, check goes through', async () => {
    const sim = newSimulator();
    const evil = '</LASTNAME><ACTION>credit</ACTION>';
    const request = xmlRequest('legacyCheck', checkFields({ LASTNAME: evil }));
    const body = await request.clone().text();
    assert.ok(body.includes('&lt;/LASTNAME&gt;'), 'the builder escapes the value');
    const answer = await xmlCall(sim, request);
    assert.equal(answer.code, '500');
    assert.equal(sim.stats.calls.legacyCheck, 1);
    assert.equal(sim.stats.calls.legacyCredit, 0);
  });

  test('XML injection by naive string building is refused, never obeyed', async () => {
    const sim = newSimulator();
    // What a client concatenating strings would send: the smuggled ACTION makes it malformed.
    const naive =
      `<API><VERSION>BILLINK2.0</VERSION><CLIENTUSERNAME>${CREDENTIALS.CLIENTUSERNAME}</CLIENTUSERNAME>` +
      `<CLIENTID>${CREDENTIALS.CLIENTID}</CLIENTID><ACTION>Check</ACTION>` +
      '<LASTNAME></LASTNAME><ACTION>credit</ACTION></LASTNAME></API>';
    assert.equal((await xmlCall(sim, rawXmlRequest('legacyCheck', naive))).code, '601');
    // Well-formed but with ACTION twice: ambiguous, so it is not an action we know.
    const twice =
      `<API><VERSION>BILLINK2.0</VERSION><CLIENTUSERNAME>${CREDENTIALS.CLIENTUSERNAME}</CLIENTUSERNAME>` +
      `<CLIENTID>${CREDENTIALS.CLIENTID}</CLIENTID><ACTION>Check</ACTION><LASTNAME/><ACTION>credit</ACTION></API>`;
    assert.equal((await xmlCall(sim, rawXmlRequest('legacyCheck', twice))).code, '103');
  });

  test('answers are built, not concatenated: echoed values are escaped', async () => {
    const sim = newSimulator();
    const answer = await xmlCall(
      sim,
      xmlRequest('legacyStatus', { INVOICES: { ITEM: [{ INVOICENUMBER: '<x>&' }] } }),
    );
    assert.ok(answer.raw.includes('&lt;x&gt;&amp;'));
    const msg = answer.api['MSG'] as { INVOICES: { INVOICE: { INVOICENUMBER: string }[] } };
    assert.equal(msg.INVOICES.INVOICE[0]?.INVOICENUMBER, '<x>&');
  });
});

describe('legacy Check validation (§6.2 codes)', () => {
  const cases: [string, Record<string, string>, string][] = [
    ['missing workflow', { WORKFLOWNUMBER: '' }, '104'],
    ['unknown workflow', { WORKFLOWNUMBER: '9' }, '105'],
    ['missing type', { TYPE: '' }, '406'],
    ['wrong type', { TYPE: 'X' }, '407'],
    ['last name missing', { LASTNAME: '' }, '410'],
    ['first name and initials missing', { FIRSTNAME: '', INITIALS: '' }, '412'],
    ['B2B without company', { TYPE: 'B', COMPANYNAME: '', CHAMBEROFCOMMERCE: '12345678' }, '408'],
    [
      'B2B company too short',
      { TYPE: 'B', COMPANYNAME: 'X', CHAMBEROFCOMMERCE: '12345678' },
      '430',
    ],
    ['B2B without KvK', { TYPE: 'B', COMPANYNAME: 'Acme BV', CHAMBEROFCOMMERCE: '' }, '411'],
    ['missing house number', { HOUSENUMBER: '' }, '414'],
    ['wrong house number format', { HOUSENUMBER: '1a' }, '424'],
    ['house extension too long', { HOUSEEXTENSION: 'abcdefghijk' }, '431'],
    ['missing postal code', { POSTALCODE: '' }, '415'],
    ['NL postal code format', { POSTALCODE: '0123 AB' }, '416'],
    ['NL postal code letters', { POSTALCODE: '1234 A1' }, '416'],
    ['missing phone', { PHONENUMBER: '' }, '417'],
    ['phone format', { PHONENUMBER: '06-CALL-ME' }, '402'],
    ['phone too short', { PHONENUMBER: '0612' }, '402'],
    ['missing email', { EMAIL: '' }, '419'],
    ['email format', { EMAIL: 'jan.example.com' }, '420'],
    ['missing birthdate', { BIRTHDATE: '' }, '421'],
    ['birthdate ISO format', { BIRTHDATE: '1990-02-01' }, '418'],
    ['impossible birthdate', { BIRTHDATE: '31-02-1990' }, '418'],
    ['under 18 (one day short)', { BIRTHDATE: '16-06-2007' }, '422'],
    ['missing amount', { ORDERAMOUNT: '' }, '427'],
    ['wrong amount', { ORDERAMOUNT: 'twelve' }, '428'],
    ['zero amount', { ORDERAMOUNT: '0.00' }, '428'],
    ['delivery house number format', { DELIVERYHOUSENUMBER: 'x' }, '425'],
  ];
  for (const [name, overrides, code] of cases) {
    test(`${name} → ${code}`, async () => {
      const sim = newSimulator();
      const answer = await xmlCall(sim, xmlRequest('legacyCheck', checkFields(overrides)));
      assert.equal(answer.result, 'ERROR', answer.raw);
      assert.equal(answer.code, code, answer.raw);
      assert.ok(answer.description.length > 0);
    });
  }

  test('exactly 18 today is allowed; B2B needs no birthdate; postal code without space ok', async () => {
    const sim = newSimulator();
    assert.equal(
      (await xmlCall(sim, xmlRequest('legacyCheck', checkFields({ BIRTHDATE: '15-06-2007' }))))
        .code,
      '500',
    );
    const b2b = checkFields({
      TYPE: 'B',
      BIRTHDATE: '',
      COMPANYNAME: 'Acme BV',
      CHAMBEROFCOMMERCE: '12345678',
    });
    assert.equal((await xmlCall(sim, xmlRequest('legacyCheck', b2b))).code, '500');
    assert.equal(
      (await xmlCall(sim, xmlRequest('legacyCheck', checkFields({ POSTALCODE: '1012lg' })))).code,
      '500',
    );
  });
});

describe('legacy Check → Order', () => {
  test('happy path: 500 + UUID next to MSG, then 200 "Order successfully added" + INVOICE', async () => {
    const sim = newSimulator();
    const check = await xmlCall(sim, xmlRequest('legacyCheck', checkFields()));
    assert.equal(check.result, 'MSG');
    assert.equal(check.code, '500');
    assert.match(String(check.api['UUID']), /^[0-9a-f-]{36}$/);
    assert.equal(
      (check.api['MSG'] as Record<string, unknown>)['UUID'],
      undefined,
      'UUID is not inside MSG',
    );

    const order = await xmlCall(
      sim,
      xmlRequest(
        'legacyOrder',
        orderFields(String(check.api['UUID']), { ORDERNUMBER: 'O2014.05.28.2443' }),
      ),
    );
    assert.equal(order.result, 'MSG', order.raw);
    assert.equal(order.code, '200');
    assert.equal(order.description, 'Order successfully added');
    const msg = order.api['MSG'] as Record<string, string>;
    assert.equal(msg['INVOICE'], '1SIMO2014-05-28-2443');
    assert.equal(sim.stats.calls.legacyCheck, 1);
    assert.equal(sim.stats.calls.legacyOrder, 1);
    assert.equal(sim.getOrder('O2014.05.28.2443')?.amountCents, 12100);
  });

  test('invoicePrefix option', async () => {
    const sim = newSimulator({ invoicePrefix: '1TST' });
    const order = await xmlCall(sim, xmlRequest('legacyOrder', orderFields(await checkUuid(sim))));
    assert.equal((order.api['MSG'] as Record<string, string>)['INVOICE'], '1TSTORD-1001');
  });

  test('UUID is single-use → 446', async () => {
    const sim = newSimulator();
    const uuid = await checkUuid(sim);
    assert.equal((await xmlCall(sim, xmlRequest('legacyOrder', orderFields(uuid)))).code, '200');
    const again = await xmlCall(
      sim,
      xmlRequest('legacyOrder', orderFields(uuid, { ORDERNUMBER: 'ORD-1002' })),
    );
    assert.deepEqual([again.result, again.code], ['ERROR', '446']);
  });

  test('UUID expires after one hour → 445', async () => {
    const sim = newSimulator();
    const uuid = await checkUuid(sim);
    sim.advanceTime(60 * 60 * 1000 - 1);
    const stillValid = await xmlCall(
      sim,
      xmlRequest('legacyOrder', orderFields(uuid, { VALIDATEORDER: 'Y' })),
    );
    assert.equal(stillValid.code, '200');
    sim.advanceTime(1);
    const expired = await xmlCall(sim, xmlRequest('legacyOrder', orderFields(uuid)));
    assert.deepEqual([expired.result, expired.code], ['ERROR', '445']);
  });

  test('order above the checked amount → 444; equal or below is fine', async () => {
    const sim = newSimulator();
    const uuid = await checkUuid(sim, { ORDERAMOUNT: '120.99' });
    const above = await xmlCall(sim, xmlRequest('legacyOrder', orderFields(uuid)));
    assert.deepEqual([above.result, above.code], ['ERROR', '444']);
    const uuid2 = await checkUuid(sim, { ORDERAMOUNT: '500' });
    assert.equal((await xmlCall(sim, xmlRequest('legacyOrder', orderFields(uuid2)))).code, '200');
  });

  test('unknown UUID → 440, missing UUID → 447, UUID of another account → 440', async () => {
    const sim = newSimulator({
      accounts: [
        { username: 'demo-shop', billinkId: CREDENTIALS.CLIENTID },
        { username: 'other-shop', billinkId: 'a'.repeat(40) },
      ],
    });
    assert.equal(
      (await xmlCall(sim, xmlRequest('legacyOrder', orderFields(crypto.randomUUID())))).code,
      '440',
    );
    assert.equal((await xmlCall(sim, xmlRequest('legacyOrder', orderFields('')))).code, '447');
    const foreign = await xmlCall(
      sim,
      xmlRequest('legacyCheck', {
        ...checkFields(),
        CLIENTUSERNAME: 'other-shop',
        CLIENTID: 'a'.repeat(40),
      }),
    );
    const answer = await xmlCall(
      sim,
      xmlRequest('legacyOrder', orderFields(String(foreign.api['UUID']))),
    );
    assert.equal(answer.code, '440');
  });

  test('VALIDATEORDER=Y validates without creating and without consuming the UUID', async () => {
    const sim = newSimulator();
    const uuid = await checkUuid(sim);
    const dry = await xmlCall(
      sim,
      xmlRequest(
        'legacyOrder',
        orderFields(uuid, { VALIDATEORDER: 'Y', ORDERNUMBER: 'validation' }),
      ),
    );
    assert.equal(dry.result, 'MSG');
    assert.equal(dry.code, '200');
    assert.equal((dry.api['MSG'] as Record<string, unknown>)['INVOICE'], undefined);
    assert.equal(sim.getOrder('validation'), undefined);
    const dryInvalid = await xmlCall(
      sim,
      xmlRequest('legacyOrder', orderFields(uuid, { VALIDATEORDER: 'Y', EMAIL: '' })),
    );
    assert.equal(dryInvalid.code, '418');
    const real = await xmlCall(sim, xmlRequest('legacyOrder', orderFields(uuid)));
    assert.equal(real.code, '200');
    assert.equal(real.description, 'Order successfully added');
  });

  test('duplicate order number → 403 (also after sanitising)', async () => {
    const sim = newSimulator();
    await xmlCall(
      sim,
      xmlRequest('legacyOrder', orderFields(await checkUuid(sim), { ORDERNUMBER: 'A.1' })),
    );
    const dup = await xmlCall(
      sim,
      xmlRequest('legacyOrder', orderFields(await checkUuid(sim), { ORDERNUMBER: 'A.1' })),
    );
    assert.deepEqual([dup.result, dup.code], ['ERROR', '403']);
    const clash = await xmlCall(
      sim,
      xmlRequest('legacyOrder', orderFields(await checkUuid(sim), { ORDERNUMBER: 'A-1' })),
    );
    assert.equal(clash.code, '403');
  });

  describe('Order validation (§6.3 codes)', () => {
    const cases: [string, Record<string, unknown>, string][] = [
      ['missing workflow', { WORKFLOWNUMBER: '' }, '401'],
      ['unknown workflow', { WORKFLOWNUMBER: '7' }, '402'],
      ['missing order number', { ORDERNUMBER: '' }, '404'],
      ['order number characters', { ORDERNUMBER: 'ORD 1' }, '434'],
      ['order number too long', { ORDERNUMBER: 'X'.repeat(51) }, '439'],
      ['missing date', { DATE: '' }, '405'],
      ['wrong type', { TYPE: 'Q' }, '407'],
      ['first name missing', { FIRSTNAME: '', INITIALS: '' }, '409'],
      ['B2B company missing', { TYPE: 'B', COMPANYNAME: '', CHAMBEROFCOMMERCE: '12345678' }, '408'],
      ['B2B KvK missing', { TYPE: 'B', COMPANYNAME: 'Acme BV', CHAMBEROFCOMMERCE: '' }, '427'],
      ['B2B KvK length', { TYPE: 'B', COMPANYNAME: 'Acme BV', CHAMBEROFCOMMERCE: '123' }, '429'],
      ['missing street', { STREET: '' }, '413'],
      ['missing city', { CITY: '' }, '416'],
      ['city characters', { CITY: 'Amsterdam 1' }, '419'],
      ['country code', { COUNTRYCODE: 'NLD' }, '420'],
      ['missing birthdate', { BIRTHDATE: '' }, '421'],
      ['under 18', { BIRTHDATE: '01-01-2010' }, '453'],
      ['email format', { EMAIL: 'nope' }, '432'],
      ['missing items', { ORDERITEMS: '' }, '423'],
      [
        'item without price',
        { ORDERITEMS: { ITEM: [{ CODE: 'A', DESCRIPTION: 'A', ORDERQUANTITY: '1', BTW: '21' }] } },
        '435',
      ],
      [
        'wrong BTW',
        {
          ORDERITEMS: {
            ITEM: [
              { CODE: 'A', DESCRIPTION: 'A', ORDERQUANTITY: '1', PRICEINCL: '1', BTW: 'high' },
            ],
          },
        },
        '430',
      ],
    ];
    for (const [name, overrides, code] of cases) {
      test(`${name} → ${code}`, async () => {
        const sim = newSimulator();
        const uuid = await checkUuid(sim);
        const answer = await xmlCall(
          sim,
          xmlRequest('legacyOrder', orderFields(uuid, overrides as never)),
        );
        assert.equal(answer.result, 'ERROR', answer.raw);
        assert.equal(answer.code, code, answer.raw);
      });
    }

    test('one ITEM is still a list; ITEMQUANTITY (Magento) and PRICEEXCL are understood', async () => {
      const sim = newSimulator();
      const uuid = await checkUuid(sim);
      const answer = await xmlCall(
        sim,
        xmlRequest(
          'legacyOrder',
          orderFields(uuid, {
            ORDERITEMS: {
              ITEM: [
                { CODE: 'A', DESCRIPTION: 'A', ITEMQUANTITY: '2', PRICEEXCL: '50.00', BTW: '21' },
              ],
            },
          }),
        ),
      );
      assert.equal(answer.code, '200', answer.raw);
      assert.equal(sim.getOrder('ORD-1001')?.amountCents, 12100);
    });
  });
});

describe('legacy order management', () => {
  async function placeOrder(sim: ReturnType<typeof newSimulator>, number = 'ORD-1001') {
    const answer = await xmlCall(
      sim,
      xmlRequest('legacyOrder', orderFields(await checkUuid(sim), { ORDERNUMBER: number })),
    );
    return (answer.api['MSG'] as Record<string, string>)['INVOICE'] ?? '';
  }
  const statusOf = async (sim: ReturnType<typeof newSimulator>, invoice: string) => {
    const answer = await xmlCall(
      sim,
      xmlRequest('legacyStatus', { INVOICES: { ITEM: [{ INVOICENUMBER: invoice }] } }),
    );
    const msg = answer.api['MSG'] as { INVOICES: { INVOICE: Record<string, string>[] } };
    return msg.INVOICES.INVOICE[0] ?? {};
  };

  test('Status: unknown → -1; new order → 0 "No steps given"; start workflow → step; 705 without invoices', async () => {
    const sim = newSimulator();
    assert.equal((await statusOf(sim, 'NOPE'))['STATUS'], '-1');
    const invoice = await placeOrder(sim);
    let s = await statusOf(sim, invoice);
    assert.deepEqual([s['STATUS'], s['DESCRIPTION']], ['0', 'No steps given']);
    // The merchant's own number finds the same order.
    assert.equal((await statusOf(sim, 'ORD-1001'))['INVOICENUMBER'], 'ORD-1001');

    const start = await xmlCall(
      sim,
      xmlRequest('legacyStartWorkflow', {
        INVOICES: {
          ITEM: [
            { INVOICENUMBER: invoice, WORKFLOWNUMBER: '1' },
            { INVOICENUMBER: 'NOPE', WORKFLOWNUMBER: '1' },
          ],
        },
      }),
    );
    assert.equal(start.code, '500');
    const items = (start.api['MSG'] as { STATUSES: { ITEM: Record<string, string>[] } }).STATUSES
      .ITEM;
    assert.deepEqual(
      items.map((i) => i['CODE']),
      ['500', '704'],
    );
    const again = await xmlCall(
      sim,
      xmlRequest('legacyStartWorkflow', {
        INVOICES: { ITEM: [{ INVOICENUMBER: invoice, WORKFLOWNUMBER: '1' }] },
      }),
    );
    const item = (again.api['MSG'] as { STATUSES: { ITEM: Record<string, string>[] } }).STATUSES
      .ITEM[0];
    assert.equal(item?.['CODE'], '707');
    s = await statusOf(sim, invoice);
    assert.deepEqual([s['STATUS'], s['DESCRIPTION']], ['0', 'Invoice sent']);

    assert.equal((await xmlCall(sim, xmlRequest('legacyStatus', {}))).code, '705');
    assert.equal((await xmlCall(sim, xmlRequest('legacyStartWorkflow', {}))).code, '705');
    const eleven = Array.from({ length: 11 }, (_, i) => ({
      INVOICENUMBER: `X${i}`,
      WORKFLOWNUMBER: '1',
    }));
    assert.equal(
      (await xmlCall(sim, xmlRequest('legacyStartWorkflow', { INVOICES: { ITEM: eleven } }))).code,
      '708',
    );
  });

  test('Credit: 200 "Credit applied: 1.50 EURO.; step restarted.", beyond the amount → 707', async () => {
    const sim = newSimulator();
    const invoice = await placeOrder(sim);
    const credit = (amount: string) =>
      xmlCall(
        sim,
        xmlRequest('legacyCredit', {
          INVOICES: {
            ITEM: [{ INVOICENUMBER: invoice, CREDITAMOUNT: amount, DESCRIPTION: 'refund' }],
          },
        }),
      );
    const first = await credit('1.50');
    assert.equal(first.result, 'MSG');
    const item = (first.api['MSG'] as { STATUSES: { ITEM: Record<string, string>[] } }).STATUSES
      .ITEM[0];
    assert.deepEqual(
      [item?.['CODE'], item?.['MESSAGE']],
      ['200', 'Credit applied: 1.50 EURO.; step restarted.'],
    );
    const tooMuch = await credit('120.00');
    assert.equal(
      (tooMuch.api['MSG'] as { STATUSES: { ITEM: Record<string, string>[] } }).STATUSES.ITEM[0]?.[
        'CODE'
      ],
      '707',
    );
    const rest = await credit('119.50');
    assert.match(
      String(
        (rest.api['MSG'] as { STATUSES: { ITEM: Record<string, string>[] } }).STATUSES.ITEM[0]?.[
          'MESSAGE'
        ],
      ),
      /Order paid/,
    );
    assert.equal((await statusOf(sim, invoice))['STATUS'], '1');
    // ACTION Refund is accepted on the credit path too.
    const refund = await xmlCall(
      sim,
      xmlRequest('legacyCredit', {
        ACTION: 'Refund',
        INVOICES: { ITEM: [{ INVOICENUMBER: invoice, CREDITAMOUNT: '1', DESCRIPTION: 'x' }] },
      }),
    );
    assert.equal(refund.result, 'MSG');
  });

  test('Payment: partial, then paid (STATUS 1), then 707 already paid; 708 long description', async () => {
    const sim = newSimulator();
    const invoice = await placeOrder(sim);
    const pay = async (amount: string, description = 'bank') => {
      const a = await xmlCall(
        sim,
        xmlRequest('legacyPayment', {
          INVOICES: {
            ITEM: [{ INVOICENUMBER: invoice, AMOUNT: amount, DESCRIPTION: description }],
          },
        }),
      );
      return (
        (a.api['MSG'] as { INVOICES: { ITEM: Record<string, string>[] } }).INVOICES.ITEM[0] ?? {}
      );
    };
    // WooCommerce's real example: item 500 "Success", no MSG/CODE.
    assert.deepEqual(await pay('21.00'), {
      INVOICENUMBER: invoice,
      MESSAGE: 'Success',
      CODE: '500',
    });
    assert.equal((await statusOf(sim, invoice))['STATUS'], '0');
    assert.equal((await pay('1', 'x'.repeat(31)))['CODE'], '708');
    assert.equal((await pay('100.00'))['CODE'], '500');
    assert.deepEqual(Object.values(await statusOf(sim, invoice)).slice(1, 3), ['1', 'Paid']);
    assert.equal((await pay('1.00'))['CODE'], '707');
    assert.equal((await xmlCall(sim, xmlRequest('legacyPayment', {}))).code, '420');
  });

  test('On hold / resume share a path and are told apart by ACTION', async () => {
    const sim = newSimulator();
    const invoice = await placeOrder(sim);
    const hold = await xmlCall(
      sim,
      xmlRequest('legacyOnHold', { INVOICENUMBER: invoice, WORKFLOWNUMBER: '1', DAYS: '7' }),
    );
    assert.equal(hold.result, 'MSG', hold.raw);
    assert.equal((await statusOf(sim, invoice))['DESCRIPTION'], 'On hold');
    assert.equal(
      (
        await xmlCall(
          sim,
          xmlRequest('legacyOnHold', { INVOICENUMBER: invoice, WORKFLOWNUMBER: '1', DAYS: '30' }),
        )
      ).code,
      '403',
    );
    assert.equal(
      (await xmlCall(sim, xmlRequest('legacyOnHold', { INVOICENUMBER: '', WORKFLOWNUMBER: '1' })))
        .code,
      '401',
    );
    assert.equal(
      (
        await xmlCall(
          sim,
          xmlRequest('legacyOnHold', { INVOICENUMBER: 'NOPE', WORKFLOWNUMBER: '1' }),
        )
      ).code,
      '402',
    );
    assert.equal(
      (
        await xmlCall(
          sim,
          xmlRequest('legacyResume', { INVOICENUMBER: invoice, WORKFLOWNUMBER: '1' }),
        )
      ).code,
      '104',
    );
    const resumed = await xmlCall(
      sim,
      xmlRequest('legacyResume', { INVOICENUMBER: invoice, WORKFLOWNUMBER: '1', RESUME: 'y' }),
    );
    assert.equal(resumed.result, 'MSG');
    assert.equal((await statusOf(sim, invoice))['DESCRIPTION'], 'No steps given');
    assert.equal(sim.stats.calls.legacyOnHold, 4);
    assert.equal(sim.stats.calls.legacyResume, 2);
    assert.equal(ENDPOINTS.legacyOnHold.path, ENDPOINTS.legacyResume.path);
  });

  test('Message and file', async () => {
    const sim = newSimulator();
    const invoice = await placeOrder(sim);
    const msg = await xmlCall(
      sim,
      xmlRequest('legacyMessage', {
        INVOICENUMBER: invoice,
        WORKFLOWNUMBER: '1',
        MESSAGE: 'Customer called',
      }),
    );
    assert.equal(msg.result, 'MSG');
    assert.deepEqual(sim.getOrder(invoice)?.messages, ['Customer called']);
    assert.equal(
      (await xmlCall(sim, xmlRequest('legacyMessage', { INVOICENUMBER: 'NOPE', MESSAGE: 'x' })))
        .code,
      '402',
    );
    const file = await xmlCall(
      sim,
      xmlRequest('legacyFile', { INVOICENUMBER: invoice, WORKFLOWNUMBER: '1' }),
    );
    // DESCRIPTION names the document: a URL serving a real PDF.
    assert.match(
      file.description,
      /^https:\/\/api-staging\.billink\.nl\/invoice-files\/[0-9a-f]{32}\.pdf$/,
    );
    const pdf = await sim.fetch(new Request(file.description));
    assert.equal(pdf.status, 200);
    assert.equal(pdf.headers.get('content-type'), 'application/pdf');
    const text = Buffer.from(await pdf.arrayBuffer()).toString('latin1');
    assert.match(text, /^%PDF-1\.4\n/);
    assert.match(text, /%%EOF\n$/);
    assert.ok(text.includes(`(Factuur ${invoice})`));
    const unknown = await sim.fetch(
      new Request(
        'https://api-staging.billink.nl/invoice-files/00000000000000000000000000000000.pdf',
      ),
    );
    assert.equal(unknown.status, 404);
  });

  test('unknown path → 404; bounded state evicts the oldest orders', async () => {
    const sim = newSimulator({ maxEntries: 2 });
    const response = await sim.fetch(
      new Request(`${BASE}/v1/client/nothing`, { method: 'POST', body: buildEnvelope({}) }),
    );
    assert.equal(response.status, 404);
    const a = await placeOrder(sim, 'A1');
    await placeOrder(sim, 'A2');
    await placeOrder(sim, 'A3');
    assert.equal(sim.getOrder(a), undefined);
    assert.ok(sim.getOrder('A3'));
  });
});
