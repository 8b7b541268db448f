#!/usr/bin/env node
/**
 * `billink-proxy` / `npm run proxy`: the merchant proxy as a service. Configuration comes from
 * environment variables (see config.ts and the README); with none it runs on the built-in Billink
 * simulator and a demo order source, so it can be tried without a Billink account.
 */
import { ConfigError, readConfig } from './config.js';
import { SIMULATOR_PATH, startProxyServer } from './server.js';

async function main(): Promise<void> {
  let config;
  try {
    config = readConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`billink-proxy: ${error.message}`);
      process.exit(2);
    }
    throw error;
  }
  let server;
  try {
    server = await startProxyServer(config);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    console.error(
      code === 'EADDRINUSE'
        ? `billink-proxy: port ${config.port} is already in use; set PORT to another port`
        : `billink-proxy: could not start: ${(error as Error).message}`,
    );
    process.exit(1);
  }
  console.log(`billink-proxy listening on ${server.url}/billink (Billink: ${config.billinkEnv})`);
  if (server.simulator) {
    console.log(`  Billink simulator (hosted checkout) on ${server.url}${SIMULATOR_PATH}`);
    if (!config.orderSourceUrl)
      console.log('  no ORDER_SOURCE_URL: every order reference is a €29.95 demo order');
  }
  const stop = () => {
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

void main();
