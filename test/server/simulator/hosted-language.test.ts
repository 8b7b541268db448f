/** The hosted page speaks the shop's language (`client.options.language`); `?lang=` still wins. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { jsonCall, jsonRequest, newSimulator, sessionBody, submitHostedPage } from './helpers.js';

async function sessionIn(sim: ReturnType<typeof newSimulator>, language: unknown) {
  const body = sessionBody();
  const client = body['client'] as { options: Record<string, unknown> };
  client.options = { ...client.options, language };
  const { status, body: answer } = await jsonCall(sim, jsonRequest('sessionCreate', body));
  assert.equal(status, 200);
  return String(answer['sessionURL']);
}

async function pageLang(sim: ReturnType<typeof newSimulator>, url: string, accept?: string) {
  const response = await sim.fetch(
    new Request(url, accept ? { headers: { 'accept-language': accept } } : {}),
  );
  return /<html lang="(\w+)">/.exec(await response.text())?.[1];
}

describe('hosted page language', () => {
  test('the session’s language beats the browser’s Accept-Language', async () => {
    const sim = newSimulator();
    const en = await sessionIn(sim, 'en');
    assert.equal(await pageLang(sim, en), 'en');
    assert.equal(await pageLang(sim, en, 'nl-NL,nl;q=0.9'), 'en');
    const sim2 = newSimulator();
    const nl = await sessionIn(sim2, 'nl');
    assert.equal(await pageLang(sim2, nl, 'en-GB,en;q=0.8'), 'nl');
  });

  test('an explicit ?lang= still wins', async () => {
    const sim = newSimulator();
    const en = await sessionIn(sim, 'en');
    assert.equal(await pageLang(sim, `${en}?lang=nl`), 'nl');
  });

  test('the page shown after a form error keeps the session’s language', async () => {
    const sim = newSimulator();
    const en = await sessionIn(sim, 'en');
    const response = await submitHostedPage(sim, en, { choice: 'approve', birthdate: 'soon' });
    assert.equal(response.status, 400);
    assert.match(await response.text(), /<html lang="en">/);
  });

  test('no or an unknown language: Accept-Language, then Dutch', async () => {
    const sim = newSimulator();
    const unknown = await sessionIn(sim, 'fr');
    assert.equal(await pageLang(sim, unknown), 'nl');
    assert.equal(await pageLang(sim, unknown, 'en'), 'en');
  });
});
