import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { declineKey, errorKey, fieldCode, fieldKey } from '../../src/flow/messages.js';

describe('flow messages: codes → i18n keys', () => {
  it('client, proxy and Billink error codes', () => {
    assert.equal(errorKey('network'), 'flow.error.network');
    assert.equal(errorKey('timeout'), 'flow.error.timeout');
    // Proxy errors come with the proxy's own localized message; the common ones also have a text
    // of ours (it follows a language switch), the rest the generic fallback.
    for (const code of ['invalid_response', 'proxy_error', 'rate_limited'])
      assert.equal(errorKey(code), 'flow.error.generic');
    assert.equal(errorKey('billink_unavailable'), 'flow.error.unavailable');
    assert.equal(errorKey('order_in_progress'), 'flow.error.busy');
    assert.equal(errorKey('order_amount_changed'), 'flow.error.amountChanged');
    assert.equal(errorKey('billink_rejected'), 'flow.error.rejected');
    assert.equal(errorKey('422'), 'flow.declined.underAge');
    assert.equal(errorKey('something_new'), 'flow.error.generic');
    assert.equal(errorKey(''), 'flow.error.generic');
  });

  it('decline reasons: only decline keys, default for the rest', () => {
    assert.equal(declineKey(), 'flow.declined.default');
    assert.equal(declineKey('501'), 'flow.declined.default');
    assert.equal(declineKey('453'), 'flow.declined.underAge');
    assert.equal(declineKey('429'), 'flow.declined.default');
    assert.equal(declineKey('network'), 'flow.declined.default');
  });

  it('field issues: flow.field.<code>', () => {
    assert.equal(fieldKey('postal_code_format'), 'flow.field.postal_code_format');
  });

  it('a field Billink rejected gets the rule it breaks; other proxy field codes stay', () => {
    const rejected = { code: 'billink_rejected' };
    assert.equal(
      fieldCode({ ...rejected, field: 'billingAddress.postalCode' }),
      'postal_code_format',
    );
    assert.equal(fieldCode({ ...rejected, field: 'customer.birthdate' }), 'birthdate_format');
    assert.equal(fieldCode({ ...rejected, field: 'billingAddress.street' }), 'billink_rejected');
    assert.equal(fieldCode({ ...rejected, field: 'customer.constructor' }), 'billink_rejected');
    assert.equal(fieldCode(rejected), 'billink_rejected');
    assert.equal(fieldCode({ code: 'email_format', field: 'customer.email' }), 'email_format');
  });
});
