/**
 * Domain → legacy XML fields (the part of `<API>` after the VERSION, CLIENTUSERNAME, CLIENTID and ACTION header).
 * Tag names follow Billink's Magento module and the Avido client where plugins disagree:
 * un-underscored DELIVERY* tags, ORDERQUANTITY, PRICEINCL, ADDITIONALTEXT.
 */
import { centsToDecimal } from './money.js';
import { computeOrderAmounts, requireCents } from './order-amounts.js';
import { rateText, todayIso, toBillinkDate } from './formats.js';
import type { EndpointName } from './endpoints.js';
import type { XmlElement } from './xml.js';
import type {
  Address,
  CheckInput,
  CreditInput,
  Customer,
  InvoiceRef,
  LegacyOrderInput,
  PaymentInput,
  StartWorkflowInput,
} from './types.js';

type Fields = Record<string, XmlElement[string]>;

function customerFields(operation: EndpointName, customer: Customer): Fields {
  const business = customer.type === 'b';
  return {
    TYPE: business ? 'B' : 'P',
    FIRSTNAME: customer.firstName,
    LASTNAME: customer.lastName,
    INITIALS: customer.initials,
    PHONENUMBER: customer.phone,
    EMAIL: customer.email,
    // Billink only wants BIRTHDATE for private customers and company data for businesses.
    BIRTHDATE:
      !business && customer.birthdate !== undefined
        ? toBillinkDate(operation, customer.birthdate, 'birthdate')
        : undefined,
    COMPANYNAME: business ? customer.company : undefined,
    CHAMBEROFCOMMERCE: business ? customer.cocNumber : undefined,
    VATNUMBER: business ? customer.vatNumber : undefined,
  };
}

function addressFields(address: Address): Fields {
  return {
    STREET: address.street,
    HOUSENUMBER: address.houseNumber,
    HOUSEEXTENSION: address.houseExtension ?? '',
    POSTALCODE: address.postalCode,
    CITY: address.city,
    COUNTRYCODE: address.countryCode,
  };
}

function deliveryFields(address: Address | undefined): Fields {
  if (!address) return {};
  return {
    DELIVERYSTREET: address.street,
    DELIVERYHOUSENUMBER: address.houseNumber,
    DELIVERYHOUSEEXTENSION: address.houseExtension ?? '',
    DELIVERYPOSTALCODE: address.postalCode,
    DELIVERYCITY: address.city,
    DELIVERYCOUNTRYCODE: address.countryCode,
    // The recipient's name, as five real clients send it; undefined fields are left out.
    DELIVERYADDRESSFIRSTNAME: address.firstName,
    DELIVERYADDRESSLASTNAME: address.lastName,
    DELIVERYADDRESSCOMPANYNAME: address.company,
  };
}

export function checkFields(input: CheckInput, workflowNumber: string): Fields {
  return {
    WORKFLOWNUMBER: input.workflowNumber ?? workflowNumber,
    ...customerFields('legacyCheck', input.customer),
    ...addressFields(input.billingAddress),
    ...deliveryFields(input.shippingAddress),
    ORDERAMOUNT: centsToDecimal(
      requireCents('legacyCheck', input.orderAmountCents, 'orderAmountCents'),
    ),
    IP: input.ip,
    BACKDOOR: input.backdoor,
  };
}

export function orderFields(input: LegacyOrderInput, workflowNumber: string): Fields {
  const amounts = computeOrderAmounts('legacyOrder', input.lines, input.totalAmountCents);
  return {
    WORKFLOWNUMBER: input.workflowNumber ?? workflowNumber,
    ORDERNUMBER: input.orderNumber,
    DATE: toBillinkDate('legacyOrder', input.date ?? todayIso(), 'date'),
    CHECKUUID: input.checkUuid,
    VALIDATEORDER: input.validateOnly ? 'Y' : undefined,
    CURRENCY: input.currency,
    ...customerFields('legacyOrder', input.customer),
    ...addressFields(input.billingAddress),
    ...deliveryFields(input.shippingAddress),
    IP: input.ip,
    ADDITIONALTEXT: input.additionalText,
    TRACKANDTRACE: input.trackAndTrace,
    ORDERITEMS: {
      ITEM: amounts.lines.map(({ line }) => ({
        CODE: line.code,
        DESCRIPTION: line.name,
        ORDERQUANTITY: String(line.quantity),
        PRICEINCL: centsToDecimal(line.unitPriceCents),
        BTW: rateText(line.vatRate),
      })),
    },
  };
}

export function statusFields(invoices: readonly InvoiceRef[]): Fields {
  return {
    INVOICES: {
      ITEM: invoices.map((inv) => ({
        INVOICENUMBER: inv.invoiceNumber,
        WORKFLOWNUMBER: inv.workflowNumber,
      })),
    },
  };
}

export function startWorkflowFields(input: StartWorkflowInput): Fields {
  return {
    INVOICES: {
      ITEM: input.invoices.map((inv) => ({
        INVOICENUMBER: inv.invoiceNumber,
        WORKFLOWNUMBER: inv.workflowNumber,
        TRACKANDTRACE: inv.trackAndTrace,
      })),
    },
  };
}

export function paymentFields(input: PaymentInput): Fields {
  return {
    INVOICES: {
      ITEM: input.invoices.map((inv) => ({
        INVOICENUMBER: inv.invoiceNumber,
        AMOUNT: centsToDecimal(requireCents('legacyPayment', inv.amountCents, 'amountCents')),
        DESCRIPTION: inv.description,
        WORKFLOWNUMBER: inv.workflowNumber,
      })),
    },
  };
}

export function creditFields(input: CreditInput): Fields {
  return {
    INVOICES: {
      ITEM: input.invoices.map((inv) => ({
        INVOICENUMBER: inv.invoiceNumber,
        CREDITAMOUNT: centsToDecimal(requireCents('legacyCredit', inv.amountCents, 'amountCents')),
        DESCRIPTION: inv.description,
        WORKFLOWNUMBER: inv.workflowNumber,
      })),
    },
  };
}
