/** Shared builders for the simulator tests: raw Billink requests, exactly as a client sends them. */
import {
  BASE_URLS,
  ENDPOINTS,
  LEGACY_VERSION,
  type EndpointName,
} from '../../../src/server/billink/endpoints.js';
import {
  buildEnvelope,
  createSimulator,
  DEMO_ACCOUNT,
  parseEnvelope,
  type Simulator,
  type SimulatorOptions,
} from '../../../src/server/simulator/index.js';

export const BASE = BASE_URLS.staging;
/** 2025-06-15 10:00:00 UTC: a fixed "now" so birthdates and expiry are deterministic. */
export const T0 = Date.UTC(2025, 5, 15, 10, 0, 0);

export function newSimulator(options: SimulatorOptions = {}): Simulator {
  return createSimulator({ now: () => T0, webhookRetryDelaysMs: [5, 5, 5], ...options });
}

export const CREDENTIALS = {
  VERSION: LEGACY_VERSION,
  CLIENTUSERNAME: DEMO_ACCOUNT.username,
  CLIENTID: DEMO_ACCOUNT.billinkId,
};

type XmlFields = Parameters<typeof buildEnvelope>[0];

export function xmlRequest(endpoint: EndpointName, fields: XmlFields): Request {
  const def = ENDPOINTS[endpoint];
  const action = 'action' in def ? def.action : '';
  return new Request(`${BASE}${def.path}`, {
    method: 'POST',
    headers: { 'content-type': 'text/xml' },
    body: buildEnvelope({ ...CREDENTIALS, ACTION: action, ...fields }),
  });
}

export function rawXmlRequest(endpoint: EndpointName, body: string): Request {
  return new Request(`${BASE}${ENDPOINTS[endpoint].path}`, {
    method: 'POST',
    headers: { 'content-type': 'text/xml' },
    body,
  });
}

export function jsonRequest(endpoint: EndpointName, body: unknown, base = BASE): Request {
  return new Request(`${base}${ENDPOINTS[endpoint].path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

/** Parsed `<API>` of an answer, with a couple of shortcuts. */
export interface XmlAnswer {
  readonly status: number;
  readonly api: Record<string, unknown>;
  readonly result: string;
  /** MSG/CODE or ERROR/CODE. */
  readonly code: string;
  readonly description: string;
  readonly raw: string;
}

export async function xmlCall(sim: Simulator, request: Request): Promise<XmlAnswer> {
  const response = await sim.fetch(request);
  const raw = await response.text();
  const parsed = parseEnvelope(raw);
  if (!parsed.ok) throw new Error(`answer is not an API envelope: ${raw}`);
  const api = parsed.api as Record<string, unknown>;
  const block = (api['RESULT'] === 'MSG' ? api['MSG'] : api['ERROR']) as Record<string, string>;
  return {
    status: response.status,
    api,
    result: String(api['RESULT']),
    code: block?.['CODE'] ?? '',
    description: block?.['DESCRIPTION'] ?? '',
    raw,
  };
}

export async function jsonCall(
  sim: Simulator,
  request: Request,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await sim.fetch(request);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** A valid private-customer Check (born 1990, 121.00 EUR). */
const CHECK_BASE = {
  WORKFLOWNUMBER: '1',
  TYPE: 'P',
  FIRSTNAME: 'Jan',
  LASTNAME: 'Jansen',
  INITIALS: 'J',
  STREET: 'Damrak',
  HOUSENUMBER: '1',
  HOUSEEXTENSION: 'A',
  POSTALCODE: '1012 LG',
  CITY: 'Amsterdam',
  COUNTRYCODE: 'NL',
  PHONENUMBER: '0612345678',
  BIRTHDATE: '01-02-1990',
  EMAIL: 'jan@example.com',
  ORDERAMOUNT: '121.00',
  IP: '127.0.0.1',
};

export function checkFields(overrides: XmlFields = {}): XmlFields {
  return { ...CHECK_BASE, ...overrides };
}

/** A valid Order for `uuid`: one line of 1 × 100.00 and one of 1 × 21.00 = 121.00. */
export function orderFields(uuid: string, overrides: XmlFields = {}): XmlFields {
  const { BIRTHDATE, EMAIL, FIRSTNAME, LASTNAME, INITIALS, STREET, HOUSENUMBER, HOUSEEXTENSION } =
    CHECK_BASE;
  return {
    WORKFLOWNUMBER: '1',
    ORDERNUMBER: 'ORD-1001',
    DATE: '15-06-2025',
    TYPE: 'P',
    CHECKUUID: uuid,
    FIRSTNAME,
    LASTNAME,
    INITIALS,
    STREET,
    HOUSENUMBER,
    HOUSEEXTENSION,
    POSTALCODE: '1012 LG',
    CITY: 'Amsterdam',
    COUNTRYCODE: 'NL',
    PHONENUMBER: '0612345678',
    BIRTHDATE,
    EMAIL,
    DELIVERYSTREET: 'Rokin',
    DELIVERYHOUSENUMBER: '12',
    DELIVERYHOUSEEXTENSION: '',
    DELIVERYPOSTALCODE: '1012 KT',
    DELIVERYCITY: 'Amsterdam',
    DELIVERYCOUNTRYCODE: 'NL',
    ORDERITEMS: {
      ITEM: [
        {
          CODE: 'SKU-1',
          DESCRIPTION: 'Teapot',
          ORDERQUANTITY: '1',
          PRICEINCL: '100.00',
          BTW: '21',
        },
        {
          CODE: '0001',
          DESCRIPTION: 'Shipping',
          ORDERQUANTITY: '1',
          PRICEINCL: '21.00',
          BTW: '21',
        },
      ],
    },
    ...overrides,
  };
}

/** Runs a Check and returns its UUID (fails the test if the check is not accepted). */
export async function checkUuid(sim: Simulator, overrides: XmlFields = {}): Promise<string> {
  const answer = await xmlCall(sim, xmlRequest('legacyCheck', checkFields(overrides)));
  if (answer.code !== '500') throw new Error(`check not accepted: ${answer.raw}`);
  return String(answer.api['UUID']);
}

export interface SessionBodyOptions {
  readonly orderNumber?: string;
  readonly lastName?: string;
  readonly email?: string;
  readonly birthdate?: string;
  readonly returnBase?: string;
}

/** A valid Create Session body (all transaction values as strings, like Magento sends). */
export function sessionBody(o: SessionBodyOptions = {}): Record<string, unknown> {
  const ret = o.returnBase ?? 'https://shop.example';
  return {
    client: {
      billinkUsername: DEMO_ACCOUNT.username,
      billinkID: DEMO_ACCOUNT.billinkId,
      workflowNumber: '1',
      returnURL: {
        successURL: `${ret}/billink/success`,
        failURL: `${ret}/billink/fail`,
        backURL: `${ret}/billink/back`,
        cancelURL: `${ret}/billink/cancel`,
      },
      options: { logoURL: 'https://shop.example/logo.png' },
    },
    customer: {
      firstName: 'Jan',
      lastName: o.lastName ?? 'Jansen',
      email: o.email ?? 'jan@example.com',
      mobile: '0612345678',
      type: 'p',
      initials: '',
      gender: '',
      birthdate: o.birthdate ?? '',
      company: '',
      companyNumber: '',
    },
    billingAddress: {
      street: 'Damrak',
      houseNumber: '1',
      houseExtension: 'A',
      postalCode: '1012 LG',
      city: 'Amsterdam',
      countryCode: 'NL',
    },
    shippingAddress: {
      street: 'Rokin',
      houseNumber: '12',
      houseExtension: '',
      postalCode: '1012 KT',
      city: 'Amsterdam',
      countryCode: 'NL',
    },
    transaction: {
      totalAmount: '121.00',
      totalTaxAmount: '21.00',
      purchaseCountry: 'NL',
      purchaseCurrency: 'EUR',
      orderNumber: o.orderNumber ?? 'WEB-1001',
      orderItems: [
        {
          code: 'SKU-1',
          name: 'Teapot',
          description: 'Blue teapot',
          totalProductAmount: '100.00',
          productAmount: '50.00',
          productTaxAmount: '8.68',
          taxRate: '21',
          quantity: '2',
        },
        {
          code: '0001',
          name: 'Shipping',
          description: '',
          totalProductAmount: '21.00',
          productAmount: '21.00',
          productTaxAmount: '3.64',
          taxRate: '21',
          quantity: '1',
        },
      ],
    },
  };
}

export async function createSession(
  sim: Simulator,
  o: SessionBodyOptions = {},
): Promise<{ sessionID: string; sessionURL: string; invoice: string; expiresAt: string }> {
  const { status, body } = await jsonCall(sim, jsonRequest('sessionCreate', sessionBody(o)));
  if (status !== 200) throw new Error(`session create failed: ${status} ${JSON.stringify(body)}`);
  return body as { sessionID: string; sessionURL: string; invoice: string; expiresAt: string };
}

export async function sessionStatus(sim: Simulator, sessionID: string): Promise<string> {
  const { body } = await jsonCall(
    sim,
    jsonRequest('sessionStatus', {
      billinkUsername: DEMO_ACCOUNT.username,
      billinkID: DEMO_ACCOUNT.billinkId,
      sessionID,
    }),
  );
  return String(body['status']);
}

/** Posts the hosted page's form like a browser without JS would. */
export function submitHostedPage(
  sim: Simulator,
  sessionURL: string,
  fields: Record<string, string>,
): Promise<Response> {
  return sim.fetch(
    new Request(sessionURL, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
      redirect: 'manual',
    }),
  );
}
