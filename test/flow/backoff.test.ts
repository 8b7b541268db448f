import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pollDelay } from '../../src/flow/backoff.js';

const HOUR = 3_600_000;

describe('pollDelay', () => {
  it('doubles from about 1 s with equal jitter: half fixed, half random', () => {
    assert.deepEqual(
      [0, 1, 2, 3].map((n) => pollDelay(n, HOUR, () => 0)),
      [500, 1000, 2000, 4000],
    );
    assert.deepEqual(
      [0, 1, 2, 3].map((n) => pollDelay(n, HOUR, () => 1)),
      [1000, 2000, 4000, 8000],
    );
    assert.equal(
      pollDelay(0, HOUR, () => 0.5),
      750,
    );
  });

  it('is capped at 10 s', () => {
    for (const n of [4, 5, 10, 100]) {
      assert.equal(
        pollDelay(n, HOUR, () => 1),
        10_000,
      );
      assert.equal(
        pollDelay(n, HOUR, () => 0),
        5000,
      );
    }
  });

  it('stays within bounds with the real random source', () => {
    for (let n = 0; n < 50; n++) {
      const d = pollDelay(n % 8, HOUR)!;
      const ceiling = Math.min(10_000, 1000 * 2 ** (n % 8));
      assert.ok(d >= ceiling / 2 && d <= ceiling, `${d}`);
    }
  });

  it('never waits past the expiry, and stops once it has passed', () => {
    assert.equal(
      pollDelay(5, 1234, () => 1),
      1234,
    );
    assert.equal(
      pollDelay(0, 1, () => 1),
      1,
    );
    assert.equal(pollDelay(0, 0), undefined);
    assert.equal(pollDelay(3, -5), undefined);
  });
});
