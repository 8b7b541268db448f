/** What the element needs to know about a flow state without loading the flow machine. */
import type { FlowState } from './types.js';

/** Billink's page is open or the order is being watched: the order exists and may still end. */
export const isWatching = (state: FlowState) =>
  state === 'awaiting-customer' || state === 'polling' || state === 'incomplete';

/** While Billink works on the payment the shop's cart must not change: `billink-state-change` says so. */
export const isBusy = (state: FlowState) =>
  isWatching(state) || state === 'checking' || state === 'creating-order';

/** A request is under way: a spinner, no buttons. */
export const BUSY: ReadonlySet<FlowState> = new Set(['checking', 'creating-order']);

/** States that end an attempt without approval: the shopper may try again or pay another way. */
export const ENDED: ReadonlySet<FlowState> = new Set([
  'declined',
  'cancelled',
  'failed',
  'expired',
  'error',
  'incomplete',
]);
