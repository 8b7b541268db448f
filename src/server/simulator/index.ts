/** Public API of the Billink simulator (web-standard core; see server.ts/cli.ts for Node). */
export { createSimulator, type Simulator } from './simulator.js';
export {
  DEMO_ACCOUNT,
  type SimulatorAccount,
  type SimulatorOptions,
  type SimulatorStats,
  type CallName,
  type OrderEvent,
} from './core.js';
export * from './markers.js';
export { simulatorHandlers, type SimulatorHandlerOptions } from './msw.js';
export { buildEnvelope, parseEnvelope } from './xml.js';
export type { Session, SessionStatus, Order, OrderLine } from './state.js';
export type { WebhookDelivery, WebhookAttempt, WebhookKind } from './webhooks.js';
export { HOSTED_PAGE_CSP } from './hosted-page.js';
