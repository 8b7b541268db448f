import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { setupServer } from 'msw/node';
import { BASE_URLS, ENDPOINTS } from '../../../src/server/billink/endpoints.js';
import { simulatorHandlers } from '../../../src/server/simulator/msw.js';
import { newSimulator, sessionBody } from './helpers.js';

const sim = newSimulator();
const server = setupServer(...simulatorHandlers(sim));

before(() => server.listen({ onUnhandledRequest: 'error' }));
after(async () => {
  server.close();
  await sim.close();
});

test('plain fetch to api-staging.billink.nl is answered by the simulator through msw', async () => {
  const response = await fetch('https://api-staging.billink.nl/v2/session/create', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(sessionBody()),
  });
  assert.equal(response.status, 200);
  const body = (await response.json()) as { status: string; sessionURL: string };
  assert.equal(body.status, 'success');
  assert.ok(body.sessionURL.startsWith(`${BASE_URLS.staging}/checkout/`));
  assert.equal(sim.stats.calls.sessionCreate, 1);

  const page = await fetch(body.sessionURL);
  assert.equal(page.status, 200);
  assert.match(await page.text(), /<button/);

  const status = await fetch(`${BASE_URLS.staging}${ENDPOINTS.sessionStatus.path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ billinkUsername: 'nobody', billinkID: 'x', sessionID: 'y' }),
  });
  assert.equal(status.status, 404);
});

test('the core is web-standard: no node: imports, process or Buffer outside server.ts / cli.ts', async () => {
  const { readdir, readFile } = await import('node:fs/promises');
  const dir = new URL('../../../src/server/simulator/', import.meta.url);
  const files = (await readdir(dir)).filter(
    (f) => f.endsWith('.ts') && f !== 'server.ts' && f !== 'cli.ts',
  );
  assert.ok(files.includes('simulator.ts'));
  for (const file of files) {
    const source = await readFile(new URL(file, dir), 'utf8');
    assert.doesNotMatch(
      source,
      /from ['"]node:|\bprocess\.|\bBuffer\b|from ['"]@hono\/node-server/,
      file,
    );
  }
});
