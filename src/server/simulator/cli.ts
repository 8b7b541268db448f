/**
 * `npm run simulator`: the Billink simulator on http://127.0.0.1:$SIMULATOR_PORT (default 8788,
 * `0` = any free port). Point the proxy's Billink base URL at the printed address.
 */
import process from 'node:process';
import { DEMO_ACCOUNT } from './core.js';
import { startSimulatorServer } from './server.js';

const DEFAULT_PORT = 8788;

function portFromEnv(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return DEFAULT_PORT;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new Error(`SIMULATOR_PORT must be an integer 0–65535, got "${value}"`);
  return port;
}

const server = await startSimulatorServer({
  port: portFromEnv(process.env['SIMULATOR_PORT']),
  // What Billink would e-mail the merchant (a webhook that failed every retry).
  onMerchantEmail: (mail) => console.log(`E-mail to ${mail.to}: ${mail.subject}\n  ${mail.text}`),
  ...(process.env['SIMULATOR_PUBLIC_URL']
    ? { publicUrl: process.env['SIMULATOR_PUBLIC_URL'] }
    : {}),
});

console.log(`Billink simulator listening on ${server.url}`);
console.log(`  billinkUsername: ${DEMO_ACCOUNT.username}`);
console.log(`  billinkID:       ${DEMO_ACCOUNT.billinkId}`);
console.log(`  workflows:       ${DEMO_ACCOUNT.workflows.join(', ')}`);
console.log(
  '  Markers (in the e-mail, e.g. jan+error-603@example.com): decline, slow-3, http-500, timeout, error-603',
);

let stopping = false;
async function stop(signal: NodeJS.Signals): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`Billink simulator stopping (${signal})`);
  await server.close();
  process.exit(0);
}
process.once('SIGINT', (s) => void stop(s));
process.once('SIGTERM', (s) => void stop(s));
