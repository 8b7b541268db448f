import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { address, customer } from './harness.js';

/** The standalone proxy (`billink-proxy`) as a child process, as an operator runs it. */
export interface CliProcess {
  child: ChildProcess;
  out(): string;
  err(): string;
  /** The base URL once it listens (rejects with its stderr when it exits first). */
  ready(): Promise<string>;
  stop(): Promise<void>;
}

export function startCli(env: Record<string, string>): CliProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/proxy/standalone/cli.ts'], {
    env: { ...process.env, PORT: '0', ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return {
    child,
    out: () => stdout,
    err: () => stderr,
    async ready() {
      const deadline = Date.now() + 20_000;
      while (!/listening on (\S+)\/billink/.test(stdout)) {
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(stderr);
        await new Promise((r) => setTimeout(r, 50));
      }
      return /listening on (\S+)\/billink/.exec(stdout)![1]!;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGKILL');
      await once(child, 'exit');
    },
  };
}

export const json = { 'content-type': 'application/json' };

export function checkRequest(
  base: string,
  orderRef: string,
  headers: Record<string, string> = {},
  extra: Record<string, unknown> = {},
) {
  return fetch(`${base}/billink/check`, {
    method: 'POST',
    headers: { ...json, ...headers },
    body: JSON.stringify({ orderRef, customer: customer(), billingAddress: address(), ...extra }),
  });
}
