/** The simulator as a standalone HTTP server (Node only). */
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import type { SimulatorOptions } from './core.js';
import { createSimulator, type Simulator } from './simulator.js';

export interface SimulatorServerOptions extends SimulatorOptions {
  /** TCP port; `0` (default) picks a free one. */
  readonly port?: number;
  /** Interface to bind. Default `127.0.0.1` (never exposed beyond this machine by default). */
  readonly host?: string;
  /** How often overdue sessions are expired without waiting for a request. Default 30 s. */
  readonly sweepIntervalMs?: number;
}

export interface SimulatorServer {
  /** `http://host:port`, no trailing slash. */
  readonly url: string;
  readonly simulator: Simulator;
  close(): Promise<void>;
}

export async function startSimulatorServer(
  options: SimulatorServerOptions = {},
): Promise<SimulatorServer> {
  const { port = 0, host = '127.0.0.1', sweepIntervalMs = 30_000, ...simulatorOptions } = options;
  const simulator = createSimulator(simulatorOptions);
  let server: ServerType | undefined;
  const address = await new Promise<AddressInfo>((resolve, reject) => {
    server = serve(
      {
        fetch: (request) => simulator.fetch(request),
        port,
        hostname: host,
        // Leave the process's Request/Response alone (tests run msw and plain fetch beside it).
        overrideGlobalObjects: false,
      },
      resolve,
    );
    server.once('error', reject);
  });
  const hostForUrl = address.address.includes(':') ? `[${address.address}]` : address.address;
  const url = `http://${hostForUrl}:${address.port}`;
  const sweeper = setInterval(() => simulator.sweep(), sweepIntervalMs);
  sweeper.unref?.();

  let closing: Promise<void> | undefined;
  return {
    url,
    simulator,
    close() {
      closing ??= (async () => {
        clearInterval(sweeper);
        await simulator.close();
        await new Promise<void>((resolve) => {
          const s = server;
          if (!s) return resolve();
          s.close(() => resolve());
          if ('closeAllConnections' in s) s.closeAllConnections();
        });
      })();
      return closing;
    },
  };
}
