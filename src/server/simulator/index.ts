/**
 * Public API of the Billink simulator: the web-standard core. Separate entry points, so that
 * importing the core pulls in neither msw (a dev dependency) nor node:http:
 * - `./msw.js` — `simulatorHandlers(simulator, { baseUrl })` for setupServer / setupWorker;
 * - `./server.js` — `startSimulatorServer({ port, host, ...options })` (Node only);
 * - `./cli.ts` — `npm run simulator`.
 */
export { createSimulator, type Simulator } from './simulator.js';
export {
  DEMO_ACCOUNT,
  type SimulatorAccount,
  type SimulatorOptions,
  type SimulatorStats,
  type CallName,
  type MerchantEmail,
  type OrderEvent,
  type PaymentOutcome,
  SimulatorError,
  type SimulatorErrorCode,
} from './core.js';
export * from './markers.js';
export { buildEnvelope, parseEnvelope } from './xml.js';
export type { Session, SessionStatus, Order, OrderLine, OrderPayment } from './state.js';
export type { WebhookDelivery, WebhookAttempt, WebhookKind } from './webhooks.js';
export { HOSTED_PAGE_CSP } from './hosted-page.js';
