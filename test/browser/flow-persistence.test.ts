import { expect } from '@open-wc/testing';
import { clearPending, loadPending, savePending } from '../../src/flow/persistence.js';
import type { PendingOrder } from '../../src/flow/types.js';

const NOW = Date.parse('2026-01-15T12:00:00Z');
const pending: PendingOrder = {
  orderRef: 'WEB-1',
  orderId: 'ord-1',
  statusToken: 'tok-1',
  expiresAt: '2026-01-15T13:00:00Z',
  mode: 'session',
};
const KEY = 'billink:pending:WEB-1';

/** A storage that refuses everything, like a locked-down browser. */
const refusing = {
  getItem() {
    throw new DOMException('denied', 'SecurityError');
  },
  setItem() {
    throw new DOMException('full', 'QuotaExceededError');
  },
  removeItem() {
    throw new DOMException('denied', 'SecurityError');
  },
} as unknown as Storage;

describe('flow persistence (sessionStorage)', () => {
  afterEach(() => sessionStorage.clear());

  it('saves under billink:pending:<orderRef> and loads it back', () => {
    savePending(pending);
    expect(JSON.parse(sessionStorage.getItem(KEY)!)).to.deep.equal(pending);
    expect(loadPending('WEB-1', NOW)).to.deep.equal(pending);
  });

  it('keeps orders apart by order ref', () => {
    savePending(pending);
    savePending({ ...pending, orderRef: 'WEB-2', orderId: 'ord-2' });
    expect(loadPending('WEB-1', NOW)?.orderId).to.equal('ord-1');
    expect(loadPending('WEB-2', NOW)?.orderId).to.equal('ord-2');
    expect(loadPending('WEB-3', NOW)).to.equal(undefined);
  });

  it('clearPending removes it', () => {
    savePending(pending);
    clearPending('WEB-1');
    expect(sessionStorage.getItem(KEY)).to.equal(null);
    expect(loadPending('WEB-1', NOW)).to.equal(undefined);
  });

  it('an expired entry reads as nothing and is removed', () => {
    savePending(pending);
    expect(loadPending('WEB-1', Date.parse(pending.expiresAt))).to.equal(undefined);
    expect(sessionStorage.getItem(KEY)).to.equal(null);
  });

  it('corrupt JSON or a wrong shape reads as nothing and is removed', () => {
    for (const raw of [
      '{not json',
      'null',
      '"text"',
      JSON.stringify({ ...pending, statusToken: 5 }),
      JSON.stringify({ ...pending, mode: 'other' }),
      JSON.stringify({ ...pending, expiresAt: 'soon' }),
      JSON.stringify({ ...pending, orderRef: 'WEB-2' }),
    ]) {
      sessionStorage.setItem(KEY, raw);
      expect(loadPending('WEB-1', NOW), raw).to.equal(undefined);
      expect(sessionStorage.getItem(KEY), raw).to.equal(null);
    }
  });

  it('storage that throws (private mode, sandbox, quota) is tolerated', () => {
    expect(() => savePending(pending, refusing)).not.to.throw();
    expect(() => clearPending('WEB-1', refusing)).not.to.throw();
    expect(loadPending('WEB-1', NOW, refusing)).to.equal(undefined);
  });

  it('no storage at all (null) reads as nothing', () => {
    const none = null as unknown as Storage;
    expect(() => savePending(pending, none)).not.to.throw();
    expect(() => clearPending('WEB-1', none)).not.to.throw();
    expect(loadPending('WEB-1', NOW, none)).to.equal(undefined);
  });
});
