/**
 * Test plumbing: an msw server that records every request it answers, a client wired to it with
 * tiny timeouts/backoff, and domain fixtures. No network: unhandled requests fail the test.
 */
import { http, HttpResponse, type JsonBodyType } from 'msw';
import { setupServer } from 'msw/node';
import { after, afterEach, before } from 'node:test';
import { XMLParser } from 'fast-xml-parser';
import { BASE_URLS, ENDPOINTS, type EndpointName } from '../../../src/server/billink/endpoints.js';
import {
  createBillinkClient,
  type BillinkClient,
  type BillinkClientConfig,
} from '../../../src/server/billink/client.js';
import type { Address, Customer, OrderLine } from '../../../src/server/billink/types.js';

export const USERNAME = 'test-shop-user';
export const BILLINK_ID = '815837e9327be35f5e2fab5594a4da8bfecd0e07';
export const BASE = BASE_URLS.staging;

export interface Recorded {
  url: URL;
  method: string;
  contentType: string | null;
  text: string;
}

export interface TestServer {
  server: ReturnType<typeof setupServer>;
  requests: Recorded[];
  /** Answer `operation` with JSON (once per call to the handler; `times` defaults to unlimited). */
  json(operation: EndpointName, body: JsonBodyType, status?: number): void;
  xml(operation: EndpointName, body: string, status?: number): void;
  text(operation: EndpointName, body: string, status: number, contentType?: string): void;
  /** Answers in order, one per request; the last one repeats. */
  sequence(
    operation: EndpointName,
    answers: ReadonlyArray<() => Response | Promise<Response>>,
  ): void;
  /** Custom resolver (e.g. to echo the request). */
  use(operation: EndpointName, resolve: (request: Request) => Response | Promise<Response>): void;
}

/** Registers before/after hooks for one msw server per test file. */
export function useTestServer(): TestServer {
  const server = setupServer();
  const requests: Recorded[] = [];
  before(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => {
    server.resetHandlers();
    requests.length = 0;
  });
  after(() => server.close());

  const use: TestServer['use'] = (operation, resolve) => {
    server.use(
      http.post(`${BASE}${ENDPOINTS[operation].path}`, async ({ request }) => {
        requests.push({
          url: new URL(request.url),
          method: request.method,
          contentType: request.headers.get('content-type'),
          text: await request.clone().text(),
        });
        return resolve(request);
      }),
    );
  };
  return {
    server,
    requests,
    use,
    json: (operation, body, status = 200) =>
      use(operation, () => HttpResponse.json(body, { status })),
    xml: (operation, body, status = 200) =>
      use(
        operation,
        () => new HttpResponse(body, { status, headers: { 'Content-Type': 'text/xml' } }),
      ),
    text: (operation, body, status, contentType = 'text/html') =>
      use(
        operation,
        () => new HttpResponse(body, { status, headers: { 'Content-Type': contentType } }),
      ),
    sequence: (operation, answers) => {
      let i = 0;
      use(operation, () => {
        const answer = answers[Math.min(i, answers.length - 1)];
        i++;
        if (!answer) throw new Error('empty sequence');
        return answer();
      });
    },
  };
}

export function testClient(overrides: Partial<BillinkClientConfig> = {}): BillinkClient {
  return createBillinkClient({
    username: USERNAME,
    billinkId: BILLINK_ID,
    environment: 'staging',
    timeoutMs: 500,
    retry: { attempts: 3, baseDelayMs: 1 },
    ...overrides,
  });
}

const xmlParser = new XMLParser({
  parseTagValue: false,
  ignoreAttributes: true,
  isArray: (name) => name === 'ITEM',
});

/** The `<API>` element of a request body the client sent, values as text. */
export function sentXml(request: Recorded | undefined): Record<string, unknown> {
  if (!request) throw new Error('no request recorded');
  const doc = xmlParser.parse(request.text) as { API?: Record<string, unknown> };
  if (!doc.API) throw new Error(`not <API> XML: ${request.text}`);
  return doc.API;
}

export function sentJson(request: Recorded | undefined): Record<string, unknown> {
  if (!request) throw new Error('no request recorded');
  return JSON.parse(request.text) as Record<string, unknown>;
}

/** Catches the rejection of `promise` (fails if it resolves). */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

/* ---------------------------------------------------------------- domain fixtures */

export const privateCustomer: Customer = {
  type: 'p',
  firstName: 'Jan',
  lastName: 'de Vries',
  initials: 'J.',
  birthdate: '1985-03-07',
  email: 'jan@example.nl',
  phone: '0612345678',
};

export const businessCustomer: Customer = {
  type: 'b',
  firstName: 'Eva',
  lastName: 'Bakker',
  email: 'inkoop@bakker.example',
  phone: '+31 20 123 4567',
  company: 'Bakker BV',
  cocNumber: '12345678',
  vatNumber: 'NL123456789B01',
};

export const billingAddress: Address = {
  street: 'Keizersgracht',
  houseNumber: '12',
  houseExtension: 'a',
  postalCode: '1015 CX',
  city: 'Amsterdam',
  countryCode: 'NL',
};

export const shippingAddress: Address = {
  street: 'Stationsplein',
  houseNumber: '1',
  postalCode: '3511 ED',
  city: 'Utrecht',
  countryCode: 'NL',
};

/** 2 × 60.50 + 4.95 shipping − 5.00 discount = 120.95 */
export const lines: OrderLine[] = [
  {
    code: 'SKU-1',
    name: 'Wool scarf',
    description: 'Blue',
    quantity: 2,
    unitPriceCents: 6050,
    vatRate: 21,
  },
  { code: '0001', name: 'Shipping', quantity: 1, unitPriceCents: 495, vatRate: 21 },
  { code: '0002', name: 'Discount', quantity: 1, unitPriceCents: -500, vatRate: 21 },
];
export const linesTotalCents = 12095;

export function legacyMsg(code: string, description: string, inner = '', outer = ''): string {
  return `<?xml version="1.0" encoding="UTF-8"?><API><RESULT>MSG</RESULT><MSG><CODE>${code}</CODE><DESCRIPTION>${description}</DESCRIPTION>${inner}</MSG>${outer}</API>`;
}

export function legacyError(code: string, description: string): string {
  return `<API><RESULT>ERROR</RESULT><ERROR><CODE>${code}</CODE><DESCRIPTION>${description}</DESCRIPTION></ERROR></API>`;
}
