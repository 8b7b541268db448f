/**
 * The whole Billink side of a checkout, in the Storybook page: the real merchant proxy
 * (`createBillinkProxyApp`) with the Billink simulator as its Billink, answered by msw's service
 * worker under `/billink/<stack id>/…`. Stories choose Billink's answer the way a tester would, with
 * the simulator's declarable outcomes in the customer's data (last name `Decline`, e-mail
 * `anna+slow-30@…`, `http-503`, …); nothing inside the element is faked.
 *
 * Every story gets its own stack (own simulator clock, store and order numbers), so the stories on
 * a docs page do not disturb one another, and `advanceTime` in one does not expire the others.
 *
 * Billink's hosted page is the one thing a browser cannot show here (it is another site), so the
 * stories open it in popup mode and `window.open` is answered by a small stand-in: after a moment
 * it does what the stack's `shopper` says through the simulator's `completeSession`, then closes.
 */
import { http, HttpResponse } from 'msw';
import { setupWorker } from 'msw/browser';
import { createBillinkClient, SESSION_TTL_MS } from '../../src/server/billink/index.js';
// The proxy module itself, not src/server/proxy/index.ts: that one also exports the Redis store.
import { createBillinkProxyApp } from '../../src/server/proxy/proxy.js';
import type { Order } from '../../src/server/proxy/contract/checkout.js';
import { createSimulator, DEMO_ACCOUNT, type Simulator } from '../../src/server/simulator/index.js';

/** What the shopper does on Billink's hosted page (popup mode). */
export type Shopper =
  /** Approves: Billink creates the order (a `decline` marker makes it fail instead). */
  | 'approve'
  /** Declines on Billink's page: the session fails. */
  | 'decline'
  /** Cancels on Billink's page. */
  | 'cancel'
  /** Closes the popup without choosing: the element keeps polling a session that stays open. */
  | 'close'
  /** Keeps Billink's page open: the element waits for the shopper. */
  | 'stay'
  /** Leaves the page open until Billink's session runs out (the simulator's clock jumps an hour). */
  | 'expire';

export interface StackOptions {
  shopper?: Shopper;
  /** How long the shopper takes on Billink's page, default 1.5 s. */
  shopperDelayMs?: number;
  /** `false`: the shop's proxy cannot be reached (every request fails at the network level). */
  proxyReachable?: boolean;
  /** The proxy's timeout for one Billink call, default 10 s (Billink's own default). */
  billinkTimeoutMs?: number;
  /**
   * `true`: Billink's credit check never answers, so the shop's `/check` stays open and the element
   * stays in `checking` (until its own request timeout gives up).
   */
  holdCheck?: boolean;
}

export interface BillinkStack {
  /** For the element's `proxy-url`. */
  readonly proxyUrl: string;
  /** A fresh order reference; `resolveOrder` answers it with the demo cart. */
  readonly orderRef: string;
  readonly simulator: Simulator;
}

interface Entry {
  fetch: (request: Request) => Promise<Response>;
  reachable: boolean;
  holdCheck: boolean;
  simulator: Simulator;
  shopper: Shopper;
  shopperDelayMs: number;
}

/** The shop's fixed demo cart: two mugs and shipping, € 34,85 incl. VAT. */
export const DEMO_CART_AMOUNT = '34.85';

function demoCart(orderNumber: string): Order {
  return {
    orderNumber,
    currency: 'EUR',
    lines: [
      { code: 'MUG-01', name: 'Koffiemok oranje', quantity: 2, unitPriceCents: 1495, vatRate: 21 },
      { code: 'SHIP', name: 'Verzending', quantity: 1, unitPriceCents: 495, vatRate: 21 },
    ],
    totalCents: 3485,
  };
}

const stacks = new Map<string, Entry>();
let counter = 0;

const worker = setupWorker(
  http.all('/billink/*', ({ request }) => {
    const id = new URL(request.url).pathname.split('/')[2] ?? '';
    const entry = stacks.get(id);
    if (!entry) return new HttpResponse(null, { status: 404 });
    if (!entry.reachable) return HttpResponse.error();
    if (entry.holdCheck && request.method === 'POST' && request.url.endsWith('/check'))
      // Answers only as a failure once the element itself gives up (aborts the request).
      return new Promise<Response>((resolve) =>
        request.signal.addEventListener('abort', () => resolve(HttpResponse.error())),
      );
    return entry.fetch(request);
  }),
  // <billink-checkout> gives its badge no `logo-src`, so the badge asks Billink's CDN for the logo.
  // Stories make no third-party requests: the request fails here and the badge shows its built-in
  // wordmark, as it would if the CDN were down.
  http.get('https://cdn.billink.nl/*', () => HttpResponse.error()),
);
let started: Promise<unknown> | undefined;

/** The hosted-page stand-in; a URL that is not a simulator session goes to the real `window.open`. */
function installPopupStandIn(): void {
  const realOpen = window.open.bind(window);
  const popups = new Map<string, { closed: boolean; focus(): void; close(): void }>();
  window.open = (url?: string | URL, target?: string, features?: string) => {
    const match = url && /\/billink-hosted\/([^/]+)\/checkout\/([^/?#]+)/.exec(String(url));
    const entry = match ? stacks.get(match[1]!) : undefined;
    if (!match || !entry) return realOpen(url, target, features);
    const sessionId = decodeURIComponent(match[2]!);
    const existing = popups.get(sessionId);
    if (existing && !existing.closed) return existing as unknown as Window;
    const popup = {
      closed: false,
      focus() {},
      close() {
        popup.closed = true;
      },
    };
    popups.set(sessionId, popup);
    const { shopper, simulator } = entry;
    setTimeout(() => {
      if (shopper === 'stay') return;
      if (shopper === 'expire') {
        simulator.advanceTime(SESSION_TTL_MS + 60_000);
        return;
      }
      if (shopper !== 'close') {
        // The hosted page asks for a birthdate when the shop did not send one.
        simulator.completeSession(sessionId, shopper, { birthdate: '17-05-1990' });
      }
      popup.close();
    }, entry.shopperDelayMs);
    return popup as unknown as Window;
  };
}

/** A new proxy + simulator for one story, once msw's worker is running. For a story's `loaders`. */
export async function createBillinkStack(options: StackOptions = {}): Promise<BillinkStack> {
  if (!started) {
    installPopupStandIn();
    started = worker.start({
      quiet: true,
      onUnhandledRequest: 'bypass',
      serviceWorker: { url: './mockServiceWorker.js' },
    });
  }
  await started;

  const id = `s${++counter}`;
  const simulator = createSimulator({ publicUrl: `${location.origin}/billink-hosted/${id}` });
  const billink = createBillinkClient({
    username: DEMO_ACCOUNT.username,
    billinkId: DEMO_ACCOUNT.billinkId,
    environment: 'staging',
    fetch: (input, init) => simulator.fetch(new Request(input, init)),
    timeoutMs: options.billinkTimeoutMs ?? 10_000,
    retry: { attempts: 2, baseDelayMs: 100 },
  });
  const app = createBillinkProxyApp({
    billink,
    basePath: `/billink/${id}`,
    resolveOrder: async (ref) => demoCart(ref.replace(/[^A-Za-z0-9_-]/g, '-')),
    // Return URLs are checked against configuration: without it session mode refuses every order.
    publicUrl: location.origin,
    // Ask Billink at every poll: the stories should not wait for the production throttle.
    statusRefreshMs: 200,
  });
  stacks.set(id, {
    fetch: async (request) => app.fetch(request),
    reachable: options.proxyReachable ?? true,
    holdCheck: options.holdCheck ?? false,
    simulator,
    shopper: options.shopper ?? 'approve',
    shopperDelayMs: options.shopperDelayMs ?? 1500,
  });
  return { proxyUrl: `/billink/${id}`, orderRef: `STORY-${id}-${Date.now()}`, simulator };
}
