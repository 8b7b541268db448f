/**
 * One rule for test outcomes: every example the docs give (the markers table in markers.ts, which
 * docs/reference/simulator-markers.md repeats) must pass the checkout's shopper rules — the
 * element's and the proxy's — and select its marker at the simulator. The old table's last-name examples (`slow-3`, `http-503`)
 * were refused by the name rules.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { customerSchema } from '../../../src/server/proxy/contract/checkout.js';
import { markersOf, parseMarker } from '../../../src/server/simulator/index.js';
import { validateCustomer } from '../../../src/shared/validation.js';
import { createSession, jsonCall, jsonRequest, newSimulator, sessionBody } from './helpers.js';

interface Row {
  readonly marker: string;
  readonly examples: string[];
}

function documentedRows(): Row[] {
  return readFileSync('src/server/simulator/markers.ts', 'utf8')
    .split('\n')
    .filter((line) => line.startsWith(' * | `'))
    .map((line) => {
      const cells = line.split('|').map((c) => c.trim());
      const code = (cell: string | undefined) =>
        [...(cell ?? '').matchAll(/`([^`]+)`/g)].map((m) => m[1] ?? '');
      return { marker: code(cells[1])[0] ?? '', examples: code(cells[2]) };
    });
}

const shopper = {
  type: 'p' as const,
  firstName: 'Jan',
  lastName: 'Jansen',
  birthdate: '1990-01-01',
  phone: '0612345678',
};

describe('documented test outcomes', () => {
  const rows = documentedRows();

  test('the table documents all five markers, each with e-mail examples only', () => {
    assert.deepEqual(
      rows.map((r) => r.marker),
      ['decline', 'slow-N', 'http-NNN', 'timeout', 'error-NNN'],
    );
    for (const row of rows) {
      assert.ok(row.examples.length > 0, `${row.marker} has an example`);
      for (const example of row.examples) assert.match(example, /@/, `${example} is an e-mail`);
    }
  });

  test('every example passes the element’s and the proxy’s shopper rules and selects its marker', () => {
    for (const row of rows) {
      for (const email of row.examples) {
        const customer = { ...shopper, email };
        assert.deepEqual(validateCustomer(customer, { today: '2025-06-15' }), [], email);
        assert.equal(customerSchema.safeParse(customer).success, true, email);
        const kinds = markersOf({ lastName: customer.lastName, email }).map((m) => m.kind);
        const expected = parseMarker(row.marker.replace('-NNN', '-503').replace('-N', '-3'));
        assert.deepEqual(kinds, [expected?.kind], email);
      }
    }
  });

  test('an e-mail marker decides the outcome of a v2 session (error-603 as documented)', async () => {
    const sim = newSimulator();
    const { body } = await jsonCall(
      sim,
      jsonRequest('sessionCreate', sessionBody({ email: 'jan+error-603@example.com' })),
    );
    assert.equal(body['code'], 603);
    const declined = await createSession(sim, {
      email: 'decline@example.com',
      orderNumber: 'D-1',
    });
    assert.equal(sim.getSession(declined.sessionID)?.declined, true);
  });
});
