import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { once } from 'node:events';
import { createDemoApp } from '../../demo/server/app.js';

describe('demo server', () => {
  it('serves the shop page with a strict CSP and the CDN bundle', async () => {
    const app = createDemoApp();
    const page = await app.fetch(new Request('http://localhost/'));
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-security-policy') ?? '', /default-src 'self'/);
    const html = await page.text();
    assert.match(html, /<billink-checkout/);
    assert.match(html, /<billink-badge/);
    const bundle = await app.fetch(new Request('http://localhost/dist/cdn/billink-checkout.es.js'));
    assert.equal(bundle.status, 200, 'run npm run build first');
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
