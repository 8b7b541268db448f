/**
 * msw handlers that answer Billink requests from the simulator. The same list works with
 * `setupServer` (msw/node) and `setupWorker` (msw/browser).
 */
import { http, type HttpHandler } from 'msw';
import { BASE_URLS } from '../billink/endpoints.js';
import type { Simulator } from './simulator.js';

export interface SimulatorHandlerOptions {
  /** Billink base URL to intercept. Default: staging (`https://api-staging.billink.nl`). */
  readonly baseUrl?: string;
}

export function simulatorHandlers(
  simulator: Pick<Simulator, 'fetch'>,
  { baseUrl = BASE_URLS.staging }: SimulatorHandlerOptions = {},
): HttpHandler[] {
  const base = baseUrl.replace(/\/+$/, '');
  return [http.all(`${base}/*`, ({ request }) => simulator.fetch(request))];
}
