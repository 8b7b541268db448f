import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { BillinkError, isRetryableCode, redactText } from '../../../src/server/billink/errors.js';
import { ERROR_CODE_FIELDS, fieldForCode } from '../../../src/server/billink/error-codes.js';
import { computeOrderAmounts, unitTaxCents } from '../../../src/server/billink/order-amounts.js';
import { buildApiXml, parseApiXml, listOf, textOf } from '../../../src/server/billink/xml.js';
import { todayIso, toBillinkDate } from '../../../src/server/billink/formats.js';
import {
  CLIENT_OPERATIONS,
  describeEndpoints,
  endpointsMarkdown,
} from '../../../src/server/billink/endpoint-docs.js';
import { ENDPOINTS } from '../../../src/server/billink/endpoints.js';
import { rejectionOf } from './helpers.js';

describe('unitTaxCents', () => {
  it('derives VAT from an inclusive price', () => {
    assert.equal(unitTaxCents(12100, 21), 2100);
    assert.equal(unitTaxCents(10900, 9), 900);
    assert.equal(unitTaxCents(495, 21), 86);
    assert.equal(unitTaxCents(1000, 0), 0);
  });

  it('is symmetric for discounts', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.constantFrom(0, 9, 21, 5.5),
        (p, r) => {
          assert.equal(unitTaxCents(-p, r) + unitTaxCents(p, r), 0);
        },
      ),
    );
  });

  it('never exceeds the price and matches the float formula within half a cent', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.constantFrom(0, 9, 21), (p, r) => {
        const tax = unitTaxCents(p, r);
        assert.ok(tax <= p && tax >= 0);
        assert.ok(Math.abs(tax - (p - p / (1 + r / 100))) <= 0.5 + 1e-9);
      }),
    );
  });
});

describe('computeOrderAmounts', () => {
  const line = fc.record({
    code: fc.string({ minLength: 1, maxLength: 5 }),
    name: fc.string({ maxLength: 5 }),
    quantity: fc.integer({ min: 1, max: 50 }),
    unitPriceCents: fc.integer({ min: -50_000, max: 500_000 }),
    vatRate: fc.constantFrom(0, 9, 21),
  });

  it('totals are exactly the sum of the lines (any cart)', () => {
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 20 }), (lines) => {
        const total = lines.reduce((s, l) => s + l.unitPriceCents * l.quantity, 0);
        const amounts = computeOrderAmounts('sessionCreate', lines, total);
        assert.equal(amounts.totalCents, total);
        assert.equal(
          amounts.totalTaxCents,
          amounts.lines.reduce((s, l) => s + l.unitTaxCents * l.line.quantity, 0),
        );
      }),
    );
  });

  it('any other total is amount_mismatch', () => {
    fc.assert(
      fc.property(
        fc.array(line, { minLength: 1, maxLength: 5 }),
        fc.integer({ min: 1, max: 1000 }),
        (lines, off) => {
          const total = lines.reduce((s, l) => s + l.unitPriceCents * l.quantity, 0);
          assert.throws(
            () => computeOrderAmounts('legacyOrder', lines, total + off),
            (e: unknown) =>
              e instanceof BillinkError && e.code === 'amount_mismatch' && !e.retryable,
          );
        },
      ),
    );
  });

  it('an empty cart is invalid_request', () => {
    assert.throws(
      () => computeOrderAmounts('sessionCreate', [], 0),
      (e: unknown) => e instanceof BillinkError && e.code === 'invalid_request',
    );
  });
});

describe('todayIso', () => {
  it('uses the Amsterdam calendar day', () => {
    assert.equal(todayIso(new Date('2026-07-01T22:30:00Z')), '2026-07-02');
    assert.equal(todayIso(new Date('2026-01-01T22:30:00Z')), '2026-01-01');
  });
});

describe('toBillinkDate', () => {
  it('converts YYYY-MM-DD to dd-mm-yyyy', () => {
    assert.equal(toBillinkDate('legacyCheck', '2000-02-29', 'birthdate'), '29-02-2000');
  });
  for (const bad of ['2001-02-29', '1985-3-7', '07-03-1985', '', '1985-03-07T00:00:00Z']) {
    it(`rejects ${JSON.stringify(bad)}`, () => {
      assert.throws(() => toBillinkDate('legacyCheck', bad, 'birthdate'), BillinkError);
    });
  }
});

describe('xml', () => {
  it('round-trips any text without changing the structure', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        const xml = buildApiXml({
          ACTION: 'Check',
          LASTNAME: a,
          ORDERITEMS: { ITEM: [{ CODE: b }] },
        });
        const api = parseApiXml(xml);
        assert.equal(textOf(api, 'ACTION'), 'Check');
        // The parser trims, so compare trimmed text; what matters is that markup never escapes.
        assert.equal(textOf(api, 'LASTNAME') ?? '', a.trim());
        assert.equal(listOf(api, 'ORDERITEMS', 'ITEM').length, 1);
      }),
      { numRuns: 200 },
    );
  });

  it('leaves out undefined fields and keeps empty strings', () => {
    assert.equal(buildApiXml({ A: 'x', B: undefined, C: '' }), '<API><A>x</A><C></C></API>');
  });

  it('keeps zero-padded and signed values as text', () => {
    const api = parseApiXml(
      '<API><RESULT>MSG</RESULT><MSG><CODE>001</CODE><STATUS>-1</STATUS><AMOUNT>10.50</AMOUNT></MSG></API>',
    );
    const msg = api?.MSG as Record<string, unknown>;
    assert.deepEqual(msg, { CODE: '001', STATUS: '-1', AMOUNT: '10.50' });
  });

  it('MSG/INVOICE stays a single value while INVOICES/INVOICE is a list', () => {
    const api = parseApiXml(
      '<API><MSG><INVOICE>1AB-1</INVOICE><INVOICES><INVOICE><STATUS>1</STATUS></INVOICE></INVOICES></MSG></API>',
    );
    const msg = api?.MSG as Parameters<typeof textOf>[0];
    assert.equal(textOf(msg, 'INVOICE'), '1AB-1');
    assert.equal(listOf(msg, 'INVOICES', 'INVOICE').length, 1);
  });

  it('returns undefined for non-XML, wrong roots and broken XML', () => {
    for (const t of ['', '   ', '{"a":1}', '<html><body/></html>', '<API><A></API>', 'plain']) {
      assert.equal(parseApiXml(t), undefined, t);
    }
  });
});

describe('BillinkError', () => {
  it('derives retryable from the code', () => {
    for (const code of ['timeout', 'network', 'http_500', 'http_503', '111', '603'])
      assert.ok(isRetryableCode(code), code);
    for (const code of [
      'http_400',
      'http_404',
      '421',
      '001',
      'malformed_response',
      'amount_mismatch',
    ])
      assert.ok(!isRetryableCode(code), code);
  });

  it('derives field from the operation-specific table', () => {
    const check = new BillinkError({ code: '420', description: 'x', operation: 'legacyCheck' });
    const order = new BillinkError({ code: '420', description: 'x', operation: 'legacyOrder' });
    assert.equal(check.field, 'email');
    assert.equal(order.field, 'countryCode');
    assert.equal(fieldForCode('legacyCheck', '416'), 'postalCode');
    assert.equal(fieldForCode('legacyOrder', '416'), 'city');
    assert.equal(fieldForCode('legacyCheck', '408'), 'company');
    assert.equal(fieldForCode('legacyCheck', '430'), 'company');
    assert.equal(fieldForCode('legacyCheck', '411'), 'cocNumber');
    assert.equal(fieldForCode('legacyCheck', '402'), 'phone');
    for (const c of ['418', '421', '422'])
      assert.equal(fieldForCode('legacyCheck', c), 'birthdate');
    assert.equal(fieldForCode('sessionCreate', '421'), undefined);
  });

  it('every field-map key is an operation of the endpoint table', () => {
    for (const op of Object.keys(ERROR_CODE_FIELDS)) assert.ok(op in ENDPOINTS, op);
  });

  it('toJSON has the documented shape', () => {
    const e = new BillinkError({
      code: '421',
      description: 'Missing birth date',
      operation: 'legacyCheck',
      httpStatus: 200,
    });
    assert.deepEqual(JSON.parse(JSON.stringify(e)), {
      name: 'BillinkError',
      code: '421',
      description: 'Missing birth date',
      operation: 'legacyCheck',
      httpStatus: 200,
      retryable: false,
      field: 'birthdate',
    });
    assert.ok(e instanceof Error);
    assert.equal(e.message, 'Billink legacyCheck failed: 421 Missing birth date');
  });

  it('redactText is case-insensitive and leaves very short values alone', () => {
    assert.equal(
      redactText('id=ABCDEF01 and abcdef01', ['abcdef01']),
      'id=[redacted] and [redacted]',
    );
    assert.equal(redactText('a.b', ['a.', 'x']), 'a.b');
    assert.equal(redactText('we (meta) [x]', ['(meta)']), 'we [redacted] [x]');
  });

  it('rejectionOf helper fails on resolution', async () => {
    await assert.rejects(rejectionOf(Promise.resolve(1)));
  });
});

describe('describeEndpoints', () => {
  it('has one row per client method, taken from the endpoint table', () => {
    const rows = describeEndpoints();
    assert.equal(rows.length, Object.keys(CLIENT_OPERATIONS).length);
    for (const row of rows) {
      const def = ENDPOINTS[row.endpoint];
      assert.equal(row.path, def.path);
      assert.equal(row.verified, def.certainty !== 'inferred');
      assert.equal(row.retriedAutomatically, def.idempotentRead);
    }
    const status = rows.find((r) => r.method === 'orderInfo');
    assert.equal(status?.action, 'Status');
    assert.equal(rows.find((r) => r.method === 'invoices')?.verified, false);
    assert.equal(rows.find((r) => r.method === 'credit')?.verified, true);
  });

  it('renders a Markdown table', () => {
    const md = endpointsMarkdown();
    assert.match(md, /^\| Method \| Path/);
    assert.match(
      md,
      /\| `startWorkflow` \| `POST \/v1\/client\/start-workflow` \| xml \(`activate order`\) \| code \| no \|/,
    );
  });
});
