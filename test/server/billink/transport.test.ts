/**
 * Timeouts, network failures, retries, credential hygiene and logging. Timeout and connection
 * failures use an injected fetch so they are deterministic and fast.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { HttpResponse } from 'msw';
import { BillinkError } from '../../../src/server/billink/errors.js';
import type { BillinkLogEntry } from '../../../src/server/billink/client.js';
import type { FetchLike } from '../../../src/server/billink/transport.js';
import { withRetry } from '../../../src/server/billink/transport.js';
import {
  BILLINK_ID,
  USERNAME,
  billingAddress,
  legacyMsg,
  privateCustomer,
  rejectionOf,
  testClient,
  useTestServer,
} from './helpers.js';

const srv = useTestServer();

const checkInput = { customer: privateCustomer, billingAddress, orderAmountCents: 1000 };

/** A fetch that never answers until its signal aborts (a hung Billink). */
function hangingFetch(calls: { count: number }): FetchLike {
  return (_url, init) => {
    calls.count++;
    return new Promise((_resolve, reject) => {
      init.signal?.addEventListener('abort', () => reject(init.signal?.reason), { once: true });
    });
  };
}

function refusingFetch(calls: { count: number }, code = 'ECONNREFUSED'): FetchLike {
  return async () => {
    calls.count++;
    throw new TypeError('fetch failed', {
      cause: Object.assign(new Error(`connect ${code}`), { code }),
    });
  };
}

describe('timeouts', () => {
  it('a timed-out check is reported as timeout and NOT retried', async () => {
    const calls = { count: 0 };
    const error = await rejectionOf(
      testClient({ fetch: hangingFetch(calls), timeoutMs: 20 }).check(checkInput),
    );
    assert.ok(error instanceof BillinkError);
    assert.equal(error.code, 'timeout');
    assert.equal(error.retryable, true, 'the caller may decide to retry');
    assert.equal(error.notSent, false);
    assert.equal(calls.count, 1, 'a write is never retried blindly');
  });

  it('a timed-out session status is retried up to the attempt limit', async () => {
    const calls = { count: 0 };
    const error = await rejectionOf(
      testClient({ fetch: hangingFetch(calls), timeoutMs: 15 }).sessionStatus({ sessionId: 's' }),
    );
    assert.ok(error instanceof BillinkError);
    assert.equal(error.code, 'timeout');
    assert.equal(calls.count, 3);
  });

  it('times out a slow msw answer too (real fetch path)', async () => {
    srv.use('legacyCheck', async () => {
      await new Promise((r) => setTimeout(r, 200));
      return new HttpResponse(legacyMsg('501', 'late'));
    });
    const error = await rejectionOf(testClient({ timeoutMs: 20 }).check(checkInput));
    assert.ok(error instanceof BillinkError);
    assert.equal(error.code, 'timeout');
    assert.equal(srv.requests.length, 1);
  });

  it('a caller abort is "aborted", not retryable and not retried', async () => {
    const calls = { count: 0 };
    const controller = new AbortController();
    const pending = testClient({ fetch: hangingFetch(calls) }).sessionStatus(
      { sessionId: 's' },
      { signal: controller.signal },
    );
    setTimeout(() => controller.abort(), 5);
    const error = await rejectionOf(pending);
    assert.ok(error instanceof BillinkError);
    assert.equal(error.code, 'aborted');
    assert.equal(error.retryable, false);
    assert.equal(calls.count, 1);
  });
});

describe('network failures', () => {
  it('ECONNREFUSED happened before sending, so even a check is retried', async () => {
    const calls = { count: 0 };
    const error = await rejectionOf(testClient({ fetch: refusingFetch(calls) }).check(checkInput));
    assert.ok(error instanceof BillinkError);
    assert.equal(error.code, 'network');
    assert.equal(error.notSent, true);
    assert.equal(error.retryable, true);
    assert.equal(calls.count, 3);
  });

  it('a refused connection followed by success returns the answer', async () => {
    let calls = 0;
    const fetch: FetchLike = async (url, init) => {
      calls++;
      if (calls === 1) return refusingFetch({ count: 0 })(url, init);
      return new Response(legacyMsg('501', 'Advies=0'), { status: 200 });
    };
    const result = await testClient({ fetch }).check(checkInput);
    assert.equal(result.outcome, 'rejected');
    assert.equal(calls, 2);
  });

  it('a connection reset (may have been sent) is not retried for a write', async () => {
    const calls = { count: 0 };
    const error = await rejectionOf(
      testClient({ fetch: refusingFetch(calls, 'ECONNRESET') }).order({
        orderNumber: 'X',
        customer: privateCustomer,
        billingAddress,
        lines: [{ code: 'a', name: 'a', quantity: 1, unitPriceCents: 100, vatRate: 21 }],
        totalAmountCents: 100,
      }),
    );
    assert.ok(error instanceof BillinkError);
    assert.equal(error.code, 'network');
    assert.equal(error.notSent, false);
    assert.equal(calls.count, 1);
  });

  it('an msw network error on a create session is not retried', async () => {
    srv.use('sessionCreate', () => HttpResponse.error());
    const error = await rejectionOf(
      testClient().createSession({
        orderNumber: 'X',
        customer: privateCustomer,
        billingAddress,
        lines: [{ code: 'a', name: 'a', quantity: 1, unitPriceCents: 100, vatRate: 21 }],
        totalAmountCents: 100,
        returnUrls: { success: 's', fail: 'f' },
      }),
    );
    assert.ok(error instanceof BillinkError);
    assert.equal(error.code, 'network');
    assert.equal(srv.requests.length, 1);
  });

  it('a code-111 XML answer on orderInfo (idempotent read) is retried', async () => {
    srv.sequence('legacyStatus', [
      () =>
        new HttpResponse(
          '<API><RESULT>ERROR</RESULT><ERROR><CODE>111</CODE><DESCRIPTION>Request limit exceeded</DESCRIPTION></ERROR></API>',
        ),
      () =>
        new HttpResponse(
          legacyMsg(
            '200',
            '',
            '<INVOICES><INVOICE><INVOICENUMBER>A</INVOICENUMBER><STATUS>0</STATUS></INVOICE></INVOICES>',
          ),
        ),
    ]);
    const result = await testClient().orderInfo({ invoices: [{ invoiceNumber: 'A' }] });
    assert.equal(result.invoices[0]?.status, 'unpaid');
    assert.equal(srv.requests.length, 2);
  });

  it('a validation error on a read is not retried', async () => {
    srv.xml(
      'legacyStatus',
      '<API><RESULT>ERROR</RESULT><ERROR><CODE>705</CODE><DESCRIPTION>No invoices provided</DESCRIPTION></ERROR></API>',
    );
    await rejectionOf(testClient().orderInfo({ invoices: [] }));
    assert.equal(srv.requests.length, 1);
  });
});

describe('withRetry backoff', () => {
  it('doubles the delay with jitter between 50 % and 150 %', async () => {
    const delays: number[] = [];
    const failure = new BillinkError({
      code: 'http_503',
      description: 'x',
      operation: 'sessionStatus',
    });
    await rejectionOf(
      withRetry(
        { attempts: 4, baseDelayMs: 2 },
        { shouldRetry: () => true, onRetry: (_e, _a, d) => delays.push(d), random: () => 1 },
        async () => {
          throw failure;
        },
      ),
    );
    assert.deepEqual(delays, [3, 6, 12]);
  });

  it('attempts: 1 disables retries', async () => {
    let runs = 0;
    await rejectionOf(
      withRetry({ attempts: 1, baseDelayMs: 1 }, { shouldRetry: () => true }, async () => {
        runs++;
        throw new BillinkError({ code: 'timeout', description: 'x', operation: 'sessionStatus' });
      }),
    );
    assert.equal(runs, 1);
  });
});

describe('credentials never leak', () => {
  function everyTextOf(error: unknown): string {
    assert.ok(error instanceof BillinkError);
    return [
      error.message,
      error.description,
      error.code,
      String(error),
      error.stack ?? '',
      JSON.stringify(error),
      inspect(error, { depth: 10 }),
    ].join('\n');
  }

  it('a JSON error echoing the request body is redacted everywhere', async () => {
    srv.use('sessionStatus', async (request) =>
      HttpResponse.json(
        { status: 'error', message: `Bad request: ${await request.text()}` },
        { status: 400 },
      ),
    );
    const error = await rejectionOf(testClient().sessionStatus({ sessionId: 's' }));
    const text = everyTextOf(error);
    assert.ok(!text.includes(BILLINK_ID), text);
    assert.ok(!text.includes(USERNAME), text);
    assert.match(text, /\[redacted\]/);
  });

  it('an XML error echoing the request body (upper-cased) is redacted', async () => {
    srv.use('legacyCheck', async (request) => {
      const echoed = (await request.text()).toUpperCase().replace(/[<>&]/g, ' ');
      return new HttpResponse(
        `<API><RESULT>ERROR</RESULT><ERROR><CODE>101</CODE><DESCRIPTION>${echoed}</DESCRIPTION></ERROR></API>`,
      );
    });
    const error = await rejectionOf(testClient().check(checkInput));
    const text = everyTextOf(error);
    assert.ok(!text.toLowerCase().includes(BILLINK_ID), text);
    assert.ok(!text.toLowerCase().includes(USERNAME), text);
  });

  it('per-item messages echoing credentials are redacted too', async () => {
    srv.json('credit', {
      result: 'MSG',
      statuses: [{ code: 706, invoiceNumber: 'A', message: `not allowed for ${BILLINK_ID}` }],
    });
    const error = await rejectionOf(
      testClient().credit({ invoices: [{ invoiceNumber: 'A', amountCents: 1, description: 'x' }] }),
    );
    const text = everyTextOf(error);
    assert.ok(!text.includes(BILLINK_ID), text);
  });

  it('config errors do not echo values', () => {
    assert.throws(
      () => testClient({ username: '' }),
      (e: unknown) => e instanceof TypeError && !e.message.includes(BILLINK_ID),
    );
  });
});

describe('logging', () => {
  it('logs operation, code and duration only — never bodies, credentials or PII', async () => {
    const entries: Array<[string, BillinkLogEntry]> = [];
    const logger = {
      debug: (m: string, e: BillinkLogEntry) => entries.push([m, e]),
      warn: (m: string, e: BillinkLogEntry) => entries.push([m, e]),
    };
    srv.sequence('sessionStatus', [
      () => HttpResponse.json({ status: 'error', message: `echo ${BILLINK_ID}` }, { status: 503 }),
      () => HttpResponse.json({ status: 'order_created' }),
    ]);
    await testClient({ logger }).sessionStatus({ sessionId: 's' });
    srv.xml('legacyCheck', legacyMsg('501', 'Advies=0'));
    await testClient({ logger }).check(checkInput);

    assert.deepEqual(
      entries.map(([m, e]) => [m, e.operation, e.code, e.attempt]),
      [
        ['billink retry', 'sessionStatus', 'http_503', 1],
        ['billink call', 'sessionStatus', 'ok', 2],
        ['billink call', 'legacyCheck', 'ok', 1],
      ],
    );
    const logged = JSON.stringify(entries);
    for (const secret of [
      BILLINK_ID,
      USERNAME,
      privateCustomer.email,
      privateCustomer.lastName,
      'echo',
    ]) {
      assert.ok(!logged.includes(secret), `${secret} leaked into logs`);
    }
    for (const [, e] of entries) assert.equal(typeof e.durationMs, 'number');
  });

  it('failures are logged at warn with the error code', async () => {
    const warned: BillinkLogEntry[] = [];
    srv.xml(
      'legacyCheck',
      '<API><RESULT>ERROR</RESULT><ERROR><CODE>421</CODE><DESCRIPTION>Missing birth date</DESCRIPTION></ERROR></API>',
    );
    await rejectionOf(
      testClient({ logger: { warn: (_m, e) => warned.push(e) } }).check(checkInput),
    );
    assert.equal(warned[0]?.code, '421');
    assert.equal(warned[0]?.operation, 'legacyCheck');
  });
});

describe('configuration', () => {
  it('uses the production base URL for environment production', async () => {
    const seen: string[] = [];
    const fetch: FetchLike = async (url) => {
      seen.push(url);
      return Response.json({ status: 'session_active' });
    };
    await testClient({ environment: 'production', fetch }).sessionStatus({ sessionId: 's' });
    assert.deepEqual(seen, ['https://api.billink.nl/v2/session/status']);
  });

  it('baseUrl overrides the environment and keeps a path prefix', async () => {
    const seen: string[] = [];
    const fetch: FetchLike = async (url, init) => {
      seen.push(`${url} ${String((init.headers as Record<string, string>)['Content-Type'])}`);
      return new Response(legacyMsg('501', 'x'));
    };
    await testClient({ baseUrl: 'http://localhost:4010/billink/', fetch }).check(checkInput);
    assert.deepEqual(seen, ['http://localhost:4010/billink/v1/client/check text/xml']);
  });
});

describe('abort during backoff', () => {
  it('an abort while waiting to retry ends the call as aborted', async () => {
    const controller = new AbortController();
    srv.json('sessionStatus', { status: 'error', message: 'busy' }, 503);
    // The retry log line is written just before the backoff pause: abort right there.
    const logger = { warn: (message: string) => message === 'billink retry' && controller.abort() };
    const error = await rejectionOf(
      testClient({ logger, retry: { attempts: 3, baseDelayMs: 1000 } }).sessionStatus(
        { sessionId: 's' },
        { signal: controller.signal },
      ),
    );
    assert.ok(error instanceof BillinkError);
    assert.equal(error.code, 'aborted');
    assert.equal(srv.requests.length, 1);
  });
});
