import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  errorMarker,
  httpMarker,
  MARKER_DECLINE,
  MARKER_TIMEOUT,
  markersOf,
  parseMarker,
  slowMarker,
} from '../../../src/server/simulator/index.js';
import {
  checkFields,
  checkUuid,
  createSession,
  jsonCall,
  jsonRequest,
  newSimulator,
  orderFields,
  sessionBody,
  sessionStatus,
  submitHostedPage,
  xmlCall,
  xmlRequest,
} from './helpers.js';

describe('marker parsing', () => {
  test('last name, e-mail local part and +tag; case-insensitive; whole word only', () => {
    assert.deepEqual(markersOf({ lastName: 'DECLINE' }), [{ kind: 'decline' }]);
    assert.deepEqual(markersOf({ email: 'Slow-3@example.com' }), [{ kind: 'slow', ms: 3000 }]);
    assert.deepEqual(markersOf({ email: 'jan+error-603@example.com' }), [
      { kind: 'error', code: '603' },
    ]);
    assert.deepEqual(markersOf({ lastName: 'Declined', email: 'jan@decline.nl' }), []);
    assert.deepEqual(parseMarker(slowMarker(0.25)), { kind: 'slow', ms: 250 });
    assert.deepEqual(parseMarker(httpMarker(503)), { kind: 'http', status: 503 });
    assert.deepEqual(parseMarker(MARKER_TIMEOUT), { kind: 'timeout' });
    assert.equal(parseMarker('http-200'), undefined, 'only 4xx/5xx');
  });
});

describe('markers on legacy Check / Order', () => {
  test('decline → Check 501 without UUID; Order 701', async () => {
    const sim = newSimulator();
    const check = await xmlCall(
      sim,
      xmlRequest('legacyCheck', checkFields({ LASTNAME: MARKER_DECLINE })),
    );
    assert.deepEqual([check.result, check.code], ['MSG', '501']);
    assert.equal(check.api['UUID'], undefined);
    const uuid = await checkUuid(sim);
    const order = await xmlCall(
      sim,
      xmlRequest('legacyOrder', orderFields(uuid, { EMAIL: 'decline@example.com' })),
    );
    assert.deepEqual([order.result, order.code], ['ERROR', '701']);
  });

  test('error-603 → HTTP 200 RESULT ERROR code 603 (before field validation)', async () => {
    const sim = newSimulator();
    const answer = await xmlCall(
      sim,
      xmlRequest('legacyCheck', checkFields({ LASTNAME: errorMarker(603), BIRTHDATE: '' })),
    );
    assert.equal(answer.status, 200);
    assert.deepEqual(
      [answer.result, answer.code, answer.description],
      ['ERROR', '603', 'Redirect Billink API error'],
    );
  });

  test('http-500 → HTTP 500 (not an XML answer)', async () => {
    const sim = newSimulator();
    const response = await sim.fetch(
      xmlRequest('legacyOrder', orderFields('x', { LASTNAME: httpMarker(500) })),
    );
    assert.equal(response.status, 500);
    assert.match(response.headers.get('content-type') ?? '', /text\/html/);
  });

  test('slow-Nms answers normally after the delay', async () => {
    const sim = newSimulator();
    const started = performance.now();
    const answer = await xmlCall(
      sim,
      xmlRequest('legacyCheck', checkFields({ EMAIL: 'slow-150ms@example.com' })),
    );
    assert.ok(performance.now() - started >= 140);
    assert.equal(answer.code, '500');
  });

  test('timeout never answers until the request is aborted; fetch rejects like fetch', async () => {
    const sim = newSimulator();
    const controller = new AbortController();
    const request = new Request(xmlRequest('legacyCheck', checkFields({ LASTNAME: 'timeout' })), {
      signal: controller.signal,
    });
    let settled = false;
    const pending = sim.fetch(request).finally(() => (settled = true));
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(settled, false);
    controller.abort();
    await assert.rejects(
      pending,
      (err: unknown) => err instanceof Error && err.name === 'AbortError',
    );
    // AbortSignal.timeout works as a client timeout too.
    await assert.rejects(
      sim.fetch(
        new Request(xmlRequest('legacyCheck', checkFields({ LASTNAME: 'timeout' })), {
          signal: AbortSignal.timeout(30),
        }),
      ),
      (err: unknown) => err instanceof Error && err.name === 'TimeoutError',
    );
  });

  test('close() releases hanging requests', async () => {
    const sim = newSimulator();
    const pending = sim.fetch(xmlRequest('legacyCheck', checkFields({ LASTNAME: 'timeout' })));
    await new Promise((r) => setTimeout(r, 10));
    await sim.close();
    await assert.rejects(pending);
  });
});

describe('markers on v2 Create Session', () => {
  test('decline → session created, page hides Approve, any choice → failed → failURL', async () => {
    const sim = newSimulator();
    const { sessionID, sessionURL } = await createSession(sim, { lastName: 'Decline' });
    const page = await (await sim.fetch(new Request(`${sessionURL}?lang=en`))).text();
    assert.doesNotMatch(page, /value="approve"/);
    assert.match(page, /declined/);
    const r = await submitHostedPage(sim, sessionURL, { choice: 'approve' });
    assert.equal(r.headers.get('location'), 'https://shop.example/billink/fail');
    assert.equal(await sessionStatus(sim, sessionID), 'failed');
  });

  test('error-603 → HTTP 200 {status:error, code:603, message}', async () => {
    const sim = newSimulator();
    const r = await jsonCall(
      sim,
      jsonRequest('sessionCreate', sessionBody({ email: 'error-603@example.com' })),
    );
    assert.deepEqual(r, {
      status: 200,
      body: { status: 'error', code: 603, message: 'Redirect Billink API error' },
    });
    assert.equal(sim.getOrder('WEB-1001'), undefined);
  });

  test('http-503 → HTTP 503 {status:error}', async () => {
    const sim = newSimulator();
    const r = await jsonCall(
      sim,
      jsonRequest('sessionCreate', sessionBody({ lastName: 'HTTP-503' })),
    );
    assert.equal(r.status, 503);
    assert.equal(r.body['status'], 'error');
  });

  test('slow + timeout', async () => {
    const sim = newSimulator();
    const started = performance.now();
    const r = await jsonCall(
      sim,
      jsonRequest('sessionCreate', sessionBody({ lastName: 'slow-100ms' })),
    );
    assert.equal(r.status, 200);
    assert.ok(performance.now() - started >= 90);
    const request = new Request(
      jsonRequest('sessionCreate', sessionBody({ email: 'x+timeout@example.com' })),
      {
        signal: AbortSignal.timeout(30),
      },
    );
    await assert.rejects(sim.fetch(request));
    assert.equal(sim.stats.calls.sessionCreate, 2);
  });
});
