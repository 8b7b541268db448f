/** Response helpers shared by the handlers, and the common part of answering markers. */
import type { SimulatorCore } from './core.js';
import type { MarkerPlan } from './markers.js';

export function xmlResponse(body: string, status = 200): Response {
  return new Response(body, {
    status,
    headers: { 'content-type': 'text/xml; charset=utf-8' },
  });
}

export function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}

/** Raised while waiting for a `timeout`/`slow` marker when the caller gave up; never answered. */
export class RequestAborted extends Error {
  constructor() {
    super('request aborted');
    this.name = 'RequestAborted';
  }
}

/**
 * Waits for `slow` markers, then answers `http`/`timeout`/`error` markers. Returns `undefined`
 * when processing should continue normally (`decline` is left to the caller).
 */
export async function answerMarkers(
  core: SimulatorCore,
  plan: MarkerPlan,
  signal: AbortSignal,
  answers: { http: (status: number) => Response; error: (code: string) => Response },
): Promise<Response | undefined> {
  if (plan.delayMs > 0 && !(await core.wait(plan.delayMs, signal))) throw new RequestAborted();
  const o = plan.override;
  if (!o) return undefined;
  if (o.kind === 'timeout') {
    await core.hang(signal);
    throw new RequestAborted();
  }
  if (o.kind === 'http') return answers.http(o.status);
  return answers.error(o.code);
}
