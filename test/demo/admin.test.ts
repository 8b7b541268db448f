// The back office's server-side guards, without a browser: the password, the session on every
// route, the Origin check on forms, and the merchant key that never reaches a page.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readConfig } from '../../src/server/proxy/standalone/config.js';
import { createDemoApp, type DemoApp } from '../../demo/server/app.js';

const ORIGIN = 'http://localhost:3000';
const KEY = 'k'.repeat(24) + 'merchant-key-1234';
let demo: DemoApp;

before(() => {
  demo = createDemoApp(readConfig({ PORT: '0', MERCHANT_API_KEY: KEY }, { ordersFromHost: true }), {
    publicUrl: ORIGIN,
    logger: {},
    adminPassword: 'demo-password-1',
  });
});
after(() => demo.stack.close());

const form = (path: string, body: Record<string, string>, headers: Record<string, string> = {}) =>
  demo.app.fetch(
    new Request(ORIGIN + path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN, ...headers },
      body: new URLSearchParams(body),
    }),
  );

async function session(): Promise<string> {
  const answer = await form('/admin/login', { password: 'demo-password-1' });
  assert.equal(answer.status, 303);
  return answer.headers.get('set-cookie')!.split(';')[0]!;
}

describe('demo back office (/admin)', () => {
  it('a wrong password is refused with 401 and sets no session', async () => {
    const answer = await form('/admin/login', { password: 'demo-password-2' });
    assert.equal(answer.status, 401);
    assert.equal(answer.headers.get('set-cookie'), null);
    assert.match(await answer.text(), /Dat wachtwoord klopt niet\./);
  });

  it('without a session every page and action leads to the login', async () => {
    for (const [method, path] of [
      ['GET', '/admin/orders/cart-1'],
      ['GET', '/admin/invoices'],
      ['GET', '/admin/invoices.csv'],
      ['POST', '/admin/orders/cart-1/credit'],
    ] as const) {
      const answer =
        method === 'GET'
          ? await demo.app.fetch(new Request(ORIGIN + path))
          : await form(path, { amount: '5', description: 'x', key: 'abcdefgh-1' });
      assert.equal(answer.status, 303, path);
      assert.equal(answer.headers.get('location'), '/admin', path);
    }
  });

  it('a form posted from another site is refused even with the session cookie', async () => {
    const cookie = await session();
    const answer = await form(
      '/admin/orders/cart-1/ship',
      { trackAndTrace: 'X' },
      { cookie, origin: 'https://evil.example' },
    );
    assert.equal(answer.status, 403);
  });

  it('pages never carry the merchant key, which the proxy does accept server side', async () => {
    const cookie = await session();
    for (const path of ['/admin', '/admin/invoices', '/admin/orders/unknown-ref']) {
      const html = await (
        await demo.app.fetch(new Request(ORIGIN + path, { headers: { cookie } }))
      ).text();
      assert.ok(!html.includes(KEY), path);
      assert.match(html, /<meta name="description" content="[^"]{50,160}"/, path);
    }
    const merchant = await demo.app.fetch(
      new Request(`${ORIGIN}/billink/merchant/invoices`, {
        headers: { authorization: `Bearer ${KEY}` },
      }),
    );
    assert.equal(merchant.status, 200);
  });
});
