/**
 * What Billink's numeric codes mean for us, per operation. The legacy Check and Order tables number
 * the same codes differently (420 is "wrong email format" on Check but "incorrect country code" on
 * Order), so every map is keyed by operation, never global.
 */
import type { EndpointName } from './endpoints.js';
import type { Address, Customer } from './types.js';

type AddressField = keyof Address;

/** Domain field names a validation error can point at (matches the client's input shapes). */
export type BillinkErrorField =
  | keyof Customer
  | AddressField
  | 'shippingAddress'
  | `shippingAddress.${AddressField}`
  | 'lines'
  | 'totalAmount'
  | 'workflowNumber'
  | 'orderNumber'
  | 'checkUuid'
  | 'date'
  | 'ip'
  | 'additionalText'
  | 'invoices'
  | 'description';

/**
 * Legacy Check (doc table + plugin tails). 432/433 are left out: the two plugins disagree
 * ("check type"/"country" vs "city missing"/"city format").
 */
const CHECK_FIELDS: Readonly<Record<string, BillinkErrorField>> = {
  '104': 'workflowNumber',
  '105': 'workflowNumber',
  '402': 'phone',
  '406': 'type',
  '407': 'type',
  '408': 'company',
  '410': 'lastName',
  '411': 'cocNumber',
  '412': 'firstName',
  '414': 'houseNumber',
  '415': 'postalCode',
  '416': 'postalCode',
  '417': 'phone',
  '418': 'birthdate',
  '419': 'email',
  '420': 'email',
  '421': 'birthdate',
  '422': 'birthdate',
  '424': 'houseNumber',
  '425': 'shippingAddress.houseNumber',
  '426': 'shippingAddress',
  '427': 'totalAmount',
  '428': 'totalAmount',
  '429': 'totalAmount',
  '430': 'company',
  '431': 'houseExtension',
  '434': 'shippingAddress.countryCode',
};

/** Legacy Order (doc up to 433, Magento translations after). Sex/bank/mandate codes have no domain field. */
const ORDER_FIELDS: Readonly<Record<string, BillinkErrorField>> = {
  '401': 'workflowNumber',
  '402': 'workflowNumber',
  '403': 'orderNumber',
  '404': 'orderNumber',
  '405': 'date',
  '406': 'type',
  '407': 'type',
  '408': 'company',
  '409': 'firstName',
  '410': 'lastName',
  '413': 'street',
  '414': 'houseNumber',
  '415': 'postalCode',
  '416': 'city',
  '417': 'phone',
  '418': 'email',
  '419': 'city',
  '420': 'countryCode',
  '421': 'birthdate',
  '422': 'ip',
  '423': 'lines',
  '427': 'cocNumber',
  '428': 'lines',
  '429': 'cocNumber',
  '430': 'lines',
  '431': 'vatNumber',
  '432': 'email',
  '434': 'orderNumber',
  '435': 'lines',
  '436': 'orderNumber',
  '437': 'additionalText',
  '438': 'additionalText',
  '439': 'orderNumber',
  '440': 'checkUuid',
  '444': 'totalAmount',
  '445': 'checkUuid',
  '446': 'checkUuid',
  '447': 'checkUuid',
  '448': 'company',
  '449': 'phone',
  '450': 'houseExtension',
  '451': 'workflowNumber',
  '452': 'totalAmount',
  '453': 'birthdate',
};

const INVOICE_LIST_FIELDS: Readonly<Record<string, BillinkErrorField>> = {
  '110': 'invoices',
  '420': 'invoices',
  '704': 'invoices',
  '705': 'invoices',
};

/** Billink code → domain field, per operation. */
export const ERROR_CODE_FIELDS: Partial<
  Record<EndpointName, Readonly<Record<string, BillinkErrorField>>>
> = {
  legacyCheck: CHECK_FIELDS,
  legacyOrder: ORDER_FIELDS,
  legacyStatus: INVOICE_LIST_FIELDS,
  legacyStartWorkflow: { '704': 'invoices', '705': 'invoices', '708': 'invoices' },
  legacyPayment: {
    '402': 'workflowNumber',
    '420': 'invoices',
    '704': 'invoices',
    '708': 'description',
  },
  legacyCredit: { '402': 'workflowNumber', '705': 'invoices' },
  credit: { '402': 'workflowNumber', '705': 'invoices' },
  legacyOnHold: { '401': 'invoices', '402': 'invoices' },
  legacyResume: { '401': 'invoices', '402': 'invoices' },
  legacyMessage: { '402': 'workflowNumber' },
};

export function fieldForCode(operation: EndpointName, code: string): BillinkErrorField | undefined {
  return ERROR_CODE_FIELDS[operation]?.[code];
}

/**
 * Per-invoice item codes that count as success. Start workflow treats 707 "already started" as
 * done (so a repeated shipment event is harmless); payment accepts 200 and 500 because the
 * WooCommerce plugin's enum and its own example disagree.
 */
export const ITEM_SUCCESS_CODES: Partial<Record<EndpointName, ReadonlySet<string>>> = {
  credit: new Set(['200']),
  legacyCredit: new Set(['200']),
  legacyStartWorkflow: new Set(['500', '707']),
  legacyPayment: new Set(['200', '500']),
};
