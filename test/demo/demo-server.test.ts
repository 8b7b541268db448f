import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { once } from 'node:events';
import { gunzipSync } from 'node:zlib';
import { readConfig } from '../../src/server/proxy/standalone/config.js';
import { createDemoApp } from '../../demo/server/app.js';

const demo = () =>
  createDemoApp(readConfig({ PORT: '0' }, { ordersFromHost: true }), {
    publicUrl: 'http://localhost:3000',
    logger: {},
  });

describe('demo shop server', () => {
  it('serves the shop page with a strict CSP and the CDN bundle', async () => {
    const { app, stack } = demo();
    const page = await app.fetch(new Request('http://localhost:3000/'));
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-security-policy') ?? '', /default-src 'self'/);
    const html = await page.text();
    assert.match(html, /<billink-checkout/);
    const bundle = await app.fetch(
      new Request('http://localhost:3000/dist/cdn/billink-checkout.es.js'),
    );
    assert.equal(bundle.status, 200, 'run npm run build first');
    await stack.close();
  });

  it('compresses pages, styles and bundles as a shop\u2019s server would (gzip)', async () => {
    const { app, stack } = demo();
    for (const path of ['/', '/shop.css', '/dist/cdn/billink-checkout.es.js']) {
      const plain = await app.fetch(new Request(`http://localhost:3000${path}`));
      const raw = Buffer.from(await plain.arrayBuffer());
      const response = await app.fetch(
        new Request(`http://localhost:3000${path}`, {
          headers: { 'accept-encoding': 'gzip, deflate, br' },
        }),
      );
      assert.equal(response.headers.get('content-encoding'), 'gzip', path);
      assert.match(response.headers.get('vary') ?? '', /accept-encoding/i, path);
      const body = Buffer.from(await response.arrayBuffer());
      assert.ok(body.length < raw.length, `${path}: ${body.length} < ${raw.length}`);
      assert.deepEqual(gunzipSync(body), raw, `${path} decodes to the file`);
    }
    await stack.close();
  });

  it('every demo page has a meta description and its own title', async () => {
    const { app, stack } = demo();
    for (const path of ['/', '/badges.html']) {
      const html = await (await app.fetch(new Request(`http://localhost:3000${path}`))).text();
      const description = /<meta\s+name="description"\s+content="([^"]{50,160})"/.exec(html);
      assert.ok(description, `${path} has a meta description of 50\u2013160 characters`);
      assert.match(html, /<title>[^<]+<\/title>/);
    }
    await stack.close();
  });

  it('its cart is the proxy\u2019s order source: the amount comes from the server', async () => {
    const { app, stack } = demo();
    const first = await app.fetch(new Request('http://localhost:3000/api/cart'));
    const cookie = first.headers.get('set-cookie')!.split(';')[0]!;
    const cart = (await first.json()) as { id: string; totalCents: number };
    assert.equal(cart.totalCents, 2 * 1250 + 595 + 495 - 500);
    const changed = await app.fetch(
      new Request('http://localhost:3000/api/cart/items', {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json' },
        body: JSON.stringify({ sku: 'BOOK-03', quantity: 1 }),
      }),
    );
    assert.equal(
      ((await changed.json()) as { totalCents: number }).totalCents,
      cart.totalCents + 2495,
    );
    const check = await app.fetch(
      new Request('http://localhost:3000/billink/check', {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: 'http://localhost:3000' },
        body: JSON.stringify({
          orderRef: cart.id,
          customer: {
            type: 'p',
            firstName: 'Jan',
            lastName: 'Jansen',
            birthdate: '1980-01-01',
            email: 'jan@example.com',
            phone: '0612345678',
          },
          billingAddress: {
            street: 'Kerkstraat',
            houseNumber: '1',
            postalCode: '1234 AB',
            city: 'Amsterdam',
            countryCode: 'NL',
          },
        }),
      }),
    );
    const result = (await check.json()) as { outcome: string; amountCents: number };
    assert.equal(result.outcome, 'approved');
    assert.equal(result.amountCents, cart.totalCents + 2495);
    await stack.close();
  });

  it('says clearly when its port is taken', async () => {
    const blocker = createServer();
    blocker.listen(0, '127.0.0.1');
    await once(blocker, 'listening');
    const { port } = blocker.address() as { port: number };
    try {
      const child = spawn(process.execPath, ['--import', 'tsx', 'demo/server/start.ts'], {
        env: { ...process.env, PORT: String(port) },
      });
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      const [code] = await once(child, 'exit');
      assert.equal(code, 1);
      assert.match(stderr, new RegExp(`Port ${port} is already in use`));
    } finally {
      blocker.close();
    }
  });
});
