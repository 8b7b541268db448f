// The codes and statuses written once in src/shared are the ones the proxy answers with.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PROXY_ERROR_CODES, FIELD_REJECTION_CODES } from '../../../src/shared/error-codes.js';
import { ORDER_REASONS, ORDER_STATUSES } from '../../../src/shared/statuses.js';
import { isMessageCode, message } from '../../../src/server/proxy/checkout/messages.js';
import { orderStatusSchema } from '../../../src/server/proxy/contract/checkout.js';
import { readFileSync } from 'node:fs';

describe('codes shared by the element and the proxy', () => {
  it('every error code the element has a text for is one the proxy answers, in NL and EN', () => {
    const reasons: readonly string[] = ORDER_REASONS;
    for (const code of Object.values(PROXY_ERROR_CODES).flat()) {
      if (reasons.includes(code)) continue; // an order's `reason`, not an error
      assert.ok(isMessageCode(code), `${code} has proxy texts`);
      assert.notEqual(message(code, 'nl'), message(code, 'en'), `${code}: NL differs from EN`);
    }
  });

  it('a field Billink rejects is answered with the same text the element shows for it', () => {
    for (const code of Object.values(FIELD_REJECTION_CODES)) assert.ok(isMessageCode(code), code);
  });

  it('the order statuses of the contract and of the OpenAPI document are the shared list', () => {
    assert.deepEqual(orderStatusSchema.options, [...ORDER_STATUSES]);
    const doc = JSON.parse(readFileSync('openapi/billink-proxy.json', 'utf8')) as {
      components: { schemas: Record<string, { properties?: Record<string, { enum?: string[] }> }> };
    };
    const enums = Object.values(doc.components.schemas)
      .map((s) => s.properties?.status?.enum)
      .filter((e): e is string[] => Array.isArray(e) && e.includes('pending'));
    assert.ok(enums.length > 0, 'the document has order statuses');
    for (const e of enums) assert.deepEqual(e, [...ORDER_STATUSES]);
  });
});
