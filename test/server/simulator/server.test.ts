import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { ENDPOINTS, WEBHOOK_V3_HEADERS } from '../../../src/server/billink/endpoints.js';
import { signWebhook } from '../../../src/server/billink/webhook-signature.js';
import { DEMO_ACCOUNT } from '../../../src/server/simulator/index.js';
import { startSimulatorServer } from '../../../src/server/simulator/server.js';
import { sessionBody } from './helpers.js';

const CREDS = { billinkUsername: DEMO_ACCOUNT.username, billinkID: DEMO_ACCOUNT.billinkId };

/** The merchant side: receives webhooks and the shopper's return, on a free loopback port. */
async function startMerchant() {
  const hooks: { path: string; headers: IncomingHttpHeaders; body: string }[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      if (req.method === 'POST' && req.url?.startsWith('/hooks/')) {
        hooks.push({ path: req.url, headers: req.headers, body });
        res.writeHead(204).end();
      } else if (req.method === 'GET' && req.url?.startsWith('/billink/success')) {
        res.writeHead(200, { 'content-type': 'text/plain' }).end('Thanks for your order');
      } else res.writeHead(404).end();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hooks,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

const post = (url: string, body: unknown) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

test('standalone server: full session over real HTTP with a signed webhook to a local receiver', async (t) => {
  const merchant = await startMerchant();
  const sim = await startSimulatorServer({ port: 0, webhookRetryDelaysMs: [10, 10, 10] });
  t.after(async () => {
    await sim.close();
    await merchant.close();
  });
  assert.match(sim.url, /^http:\/\/127\.0\.0\.1:\d+$/);

  const secret = (await (
    await post(`${sim.url}${ENDPOINTS.webhookV3SecretGenerate.path}`, CREDS)
  ).json()) as {
    secret: string;
  };
  for (const [endpoint, path] of [
    ['sessionWebhookV3Set', '/hooks/session'],
    ['orderWebhookV3Set', '/hooks/order'],
  ] as const) {
    const r = await post(`${sim.url}${ENDPOINTS[endpoint].path}`, {
      ...CREDS,
      url: `${merchant.url}${path}`,
    });
    assert.equal(r.status, 200);
  }

  const created = (await (
    await post(
      `${sim.url}${ENDPOINTS.sessionCreate.path}`,
      sessionBody({ returnBase: merchant.url }),
    )
  ).json()) as { sessionID: string; sessionURL: string };
  assert.equal(created.sessionURL, `${sim.url}/checkout/${created.sessionID}`);

  const page = await fetch(created.sessionURL);
  assert.equal(page.status, 200);
  const html = await page.text();
  assert.match(html, /121,00/);
  const css = await fetch(new URL('assets/style.css', created.sessionURL));
  assert.equal(css.status, 200);

  const approve = await fetch(created.sessionURL, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ choice: 'approve', birthdate: '01-02-1990' }),
    redirect: 'manual',
  });
  assert.equal(approve.status, 303);
  const location = approve.headers.get('location') ?? '';
  assert.equal(location, `${merchant.url}/billink/success`);
  const landing = await fetch(location);
  assert.equal(await landing.text(), 'Thanks for your order');

  const status = (await (
    await post(`${sim.url}${ENDPOINTS.sessionStatus.path}`, {
      ...CREDS,
      sessionID: created.sessionID,
    })
  ).json()) as { status: string };
  assert.equal(status.status, 'order_created');

  await sim.simulator.webhooksIdle();
  const session = merchant.hooks.filter((h) => h.path === '/hooks/session');
  assert.deepEqual(
    session.map((h) => (JSON.parse(h.body) as { status: string }).status),
    ['session_active', 'order_created'],
  );
  const order = merchant.hooks.filter((h) => h.path === '/hooks/order');
  assert.equal((JSON.parse(order[0]?.body ?? '{}') as { event: string }).event, 'order_placed');
  for (const hook of merchant.hooks) {
    const ts = String(hook.headers[WEBHOOK_V3_HEADERS.timestamp]);
    assert.ok(Math.abs(Number(ts) - Date.now() / 1000) < 60);
    assert.equal(
      hook.headers[WEBHOOK_V3_HEADERS.signature],
      await signWebhook(secret.secret, ts, hook.body),
    );
    assert.ok(hook.headers[WEBHOOK_V3_HEADERS.id]);
  }
});

test('standalone server: the timeout marker hangs until the client aborts', async (t) => {
  const sim = await startSimulatorServer({ port: 0 });
  t.after(() => sim.close());
  await assert.rejects(
    fetch(`${sim.url}${ENDPOINTS.sessionCreate.path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(sessionBody({ lastName: 'timeout' })),
      signal: AbortSignal.timeout(100),
    }),
    (err: unknown) => err instanceof Error && err.name === 'TimeoutError',
  );
});

test('npm run simulator (cli.ts) starts, prints its URL and credentials, answers, and stops on SIGTERM', async (t) => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/simulator/cli.ts'], {
    env: { ...process.env, SIMULATOR_PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  t.after(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  let output = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d: string) => (output += d));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL printed: ${output}`)), 15_000);
    child.stdout.on('data', (d: string) => {
      output += d;
      const m = /Billink simulator listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (m?.[1] && output.includes(DEMO_ACCOUNT.billinkId)) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once('exit', (code) => reject(new Error(`exited ${code}: ${output}`)));
  });
  assert.ok(output.includes(DEMO_ACCOUNT.username));
  const r = await post(`${url}${ENDPOINTS.sessionStatus.path}`, { ...CREDS, sessionID: 'nope' });
  assert.equal(r.status, 404);
  assert.equal(((await r.json()) as { status: string }).status, 'error');

  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const [code] = (await exited) as [number | null];
  assert.equal(code, 0);
});
