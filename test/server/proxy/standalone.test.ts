import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { ConfigError, readConfig } from '../../../src/server/proxy/standalone/config.js';
import { address, customer } from './harness.js';

describe('configuration', () => {
  it('defaults to the simulator on port 8787', () => {
    const config = readConfig({});
    assert.equal(config.billinkEnv, 'simulator');
    assert.equal(config.port, 8787);
    assert.deepEqual(config.allowedOrigins, []);
  });

  it('refuses missing or contradictory settings, naming the variable', () => {
    const problems = (env: Record<string, string>) => {
      try {
        readConfig(env);
        return [];
      } catch (error) {
        assert.ok(error instanceof ConfigError);
        return error.problems;
      }
    };
    assert.match(problems({ BILLINK_ENV: 'staging' }).join('\n'), /BILLINK_USERNAME is required/);
    assert.match(problems({ BILLINK_ENV: 'staging' }).join('\n'), /BILLINK_ID is required/);
    assert.match(
      problems({ BILLINK_ENV: 'production', BILLINK_USERNAME: 'u', BILLINK_ID: 'i' }).join('\n'),
      /ORDER_SOURCE_URL is required/,
    );
    assert.match(
      problems({ BILLINK_USERNAME: 'only-one' }).join('\n'),
      /BILLINK_USERNAME and BILLINK_ID go together/,
    );
    assert.match(problems({ BILLINK_ENV: 'live' }).join('\n'), /BILLINK_ENV must be/);
    assert.match(problems({ PORT: 'eighty' }).join('\n'), /PORT must be/);
    for (const rate of ['fast', '0', '-1', '500'])
      assert.match(
        problems({ BILLINK_RATE_PER_SECOND: rate }).join('\n'),
        /BILLINK_RATE_PER_SECOND/,
      );
    assert.equal(readConfig({ BILLINK_RATE_PER_SECOND: '2.5' }).billinkRatePerSecond, 2.5);
    assert.equal(readConfig({}).billinkRatePerSecond, undefined);
    assert.match(problems({ ALLOWED_ORIGINS: 'shop.example' }).join('\n'), /ALLOWED_ORIGINS/);
    assert.match(problems({ REDIS_URL: 'http://x' }).join('\n'), /REDIS_URL must be/);
    assert.match(problems({ ORDER_SOURCE_TOKEN: 't' }).join('\n'), /ORDER_SOURCE_URL is not/);
    assert.match(
      problems({
        BILLINK_ENV: 'production',
        BILLINK_USERNAME: 'u',
        BILLINK_ID: 'i',
        ORDER_SOURCE_URL: 'http://shop.example/orders',
      }).join('\n'),
      /https in production/,
    );
  });
});

function startCli(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/proxy/standalone/cli.ts'], {
    env: { ...process.env, PORT: '0', ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return { child, out: () => stdout, err: () => stderr };
}

describe('billink-proxy (standalone)', () => {
  it('refuses to start with a bad configuration and says why', async () => {
    const cli = startCli({ BILLINK_ENV: 'production' });
    const [code] = await once(cli.child, 'exit');
    assert.equal(code, 2);
    assert.match(cli.err(), /BILLINK_USERNAME is required/);
  });

  it('with no environment runs on the simulator: check → order → hosted Approve → approved', async () => {
    const cli = startCli({});
    try {
      const deadline = Date.now() + 15_000;
      while (!/listening on (\S+)\/billink/.test(cli.out())) {
        if (Date.now() > deadline || cli.child.exitCode !== null) throw new Error(cli.err());
        await new Promise((r) => setTimeout(r, 50));
      }
      const base = /listening on (\S+)\/billink/.exec(cli.out())![1]!;
      const json = { 'content-type': 'application/json' };

      const check = await fetch(`${base}/billink/check`, {
        method: 'POST',
        headers: json,
        body: JSON.stringify({
          orderRef: 'cli-1',
          customer: customer(),
          billingAddress: address(),
        }),
      });
      const checked = (await check.json()) as { outcome: string; amountCents: number };
      assert.equal(checked.outcome, 'approved');
      assert.equal(checked.amountCents, 2995);

      const created = await fetch(`${base}/billink/orders`, {
        method: 'POST',
        headers: { ...json, 'idempotency-key': crypto.randomUUID() },
        body: JSON.stringify({
          orderRef: 'cli-1',
          mode: 'session',
          customer: customer(),
          billingAddress: address(),
          returnUrl: `${base}/thanks`,
        }),
      });
      assert.equal(created.status, 201);
      const order = (await created.json()) as {
        orderId: string;
        statusToken: string;
        redirectUrl: string;
      };

      // The hosted checkout page is served by the simulator on the same origin.
      const page = await fetch(order.redirectUrl);
      assert.equal(page.status, 200);
      const html = await page.text();
      assert.match(html, /<form method="post">[\s\S]*name="choice" value="approve"/);
      const approved = await fetch(order.redirectUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'choice=approve',
        redirect: 'manual',
      });
      assert.equal(approved.status, 303);
      const back = await fetch(approved.headers.get('location') ?? '', { redirect: 'manual' });
      assert.equal(back.status, 303);
      assert.match(back.headers.get('location') ?? '', /\/thanks\?billink_order=/);

      const status = await fetch(`${base}/billink/orders/${order.orderId}`, {
        headers: { authorization: `Bearer ${order.statusToken}` },
      });
      assert.equal(((await status.json()) as { status: string }).status, 'approved');
    } finally {
      cli.child.kill('SIGTERM');
      await once(cli.child, 'exit');
    }
  });
});
