/** The browser-side flow: pure state machine, proxy client, poller, persistence. No Lit, no rendering. */
export * from './types.js';
export * from './machine.js';
export { isWatching } from './states.js';
export * from './backoff.js';
export * from './proxy-client.js';
export * from './poller.js';
export * from './persistence.js';
export * from './messages.js';
export * from '../shared/validation.js';
