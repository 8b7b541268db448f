/**
 * Which client method uses which endpoint, and how sure we are of its path. The README's endpoint
 * table is generated from {@link describeEndpoints} so it cannot disagree with the code.
 */
import { ENDPOINTS, type Certainty, type EndpointName, type Wire } from './endpoints.js';
import type { BillinkClient } from './client.js';

/** Client method → endpoint-table entry it calls. */
export const CLIENT_OPERATIONS = {
  createSession: 'sessionCreate',
  sessionStatus: 'sessionStatus',
  webshopSettings: 'webshopSettings',
  credit: 'credit',
  generateWebhookSecret: 'webhookV3SecretGenerate',
  setOrderWebhookV3: 'orderWebhookV3Set',
  setSessionWebhookV3: 'sessionWebhookV3Set',
  setOrderWebhook: 'orderWebhookSet',
  disableOrderWebhook: 'orderWebhookDisable',
  setSessionWebhook: 'sessionWebhookSet',
  disableSessionWebhook: 'sessionWebhookDisable',
  invoices: 'invoices',
  createMerchant: 'merchantCreate',
  check: 'legacyCheck',
  order: 'legacyOrder',
  orderInfo: 'legacyStatus',
  startWorkflow: 'legacyStartWorkflow',
  registerPayment: 'legacyPayment',
  onHold: 'legacyOnHold',
  resume: 'legacyResume',
  message: 'legacyMessage',
  legacyCredit: 'legacyCredit',
  invoiceFile: 'legacyFile',
} as const satisfies Record<keyof BillinkClient, EndpointName>;

export interface EndpointDescription {
  method: keyof BillinkClient;
  endpoint: EndpointName;
  path: string;
  wire: Wire;
  action?: string;
  certainty: Certainty;
  /** `documented` or `code` = seen in a Billink source; `inferred` = verify on staging first. */
  verified: boolean;
  retriedAutomatically: boolean;
  note?: string;
}

/** One row per client method, in the order above. */
export function describeEndpoints(): EndpointDescription[] {
  return (Object.entries(CLIENT_OPERATIONS) as Array<[keyof BillinkClient, EndpointName]>).map(
    ([method, endpoint]) => {
      const def = ENDPOINTS[endpoint];
      return {
        method,
        endpoint,
        path: def.path,
        wire: def.wire,
        ...('action' in def ? { action: def.action } : {}),
        certainty: def.certainty,
        verified: def.certainty !== 'inferred',
        retriedAutomatically: def.idempotentRead,
        ...('note' in def ? { note: def.note } : {}),
      };
    },
  );
}

/** The same rows as a Markdown table for the README. */
export function endpointsMarkdown(): string {
  const rows = describeEndpoints().map(
    (d) =>
      `| \`${d.method}\` | \`POST ${d.path}\` | ${d.wire}${d.action ? ` (\`${d.action}\`)` : ''} | ${d.certainty} | ${d.retriedAutomatically ? 'yes' : 'no'} |`,
  );
  return [
    '| Method | Path | Wire (ACTION) | Path source | Retried |',
    '|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}
