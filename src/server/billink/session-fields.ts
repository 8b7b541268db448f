/**
 * Domain → v2 Create Session body. Field names and the "everything in `transaction` is a JSON
 * string" rule follow Billink's own Magento module (the docs' child attributes were collapsed).
 */
import { centsToDecimal } from './money.js';
import { computeOrderAmounts } from './order-amounts.js';
import { rateText, toBillinkDate } from './formats.js';
import type { Address, CreateSessionInput } from './types.js';

export interface SessionCredentials {
  billinkUsername: string;
  billinkID: string;
  workflowNumber: string;
}

export interface V2Address {
  street: string;
  houseNumber: string;
  houseExtension: string;
  postalCode: string;
  city: string;
  countryCode: string;
}

export interface V2OrderItem {
  code: string;
  name: string;
  description: string;
  totalProductAmount: string;
  productAmount: string;
  productTaxAmount: string;
  taxRate: string;
  quantity: string;
}

export interface SessionCreateBody {
  client: {
    billinkUsername: string;
    billinkID: string;
    workflowNumber: string;
    returnURL: { successURL: string; failURL: string; backURL: string; cancelURL: string };
    options?: { logoURL?: string; language?: 'nl' | 'en' };
  };
  customer: {
    firstName: string;
    lastName: string;
    email: string;
    mobile: string;
    type: 'p' | 'b';
    initials: string;
    gender: string;
    birthdate: string;
    company: string;
    companyNumber: string;
    payTrustScore?: number;
  };
  billingAddress: V2Address;
  shippingAddress: V2Address;
  transaction: {
    totalAmount: string;
    totalTaxAmount: string;
    purchaseCountry: string;
    purchaseCurrency: string;
    orderNumber: string;
    orderItems: V2OrderItem[];
  };
}

export function toV2Address(address: Address): V2Address {
  return {
    street: address.street,
    houseNumber: address.houseNumber,
    houseExtension: address.houseExtension ?? '',
    postalCode: address.postalCode,
    city: address.city,
    countryCode: address.countryCode,
  };
}

export function sessionCreateBody(
  credentials: SessionCredentials,
  input: CreateSessionInput,
): SessionCreateBody {
  const amounts = computeOrderAmounts('sessionCreate', input.lines, input.totalAmountCents);
  const { customer } = input;
  const shipping = input.shippingAddress ?? input.billingAddress;
  const fallbackUrl = input.returnUrls.fail;
  return {
    client: {
      billinkUsername: credentials.billinkUsername,
      billinkID: credentials.billinkID,
      workflowNumber: input.workflowNumber ?? credentials.workflowNumber,
      returnURL: {
        successURL: input.returnUrls.success,
        failURL: input.returnUrls.fail,
        backURL: input.returnUrls.back ?? fallbackUrl,
        cancelURL: input.returnUrls.cancel ?? fallbackUrl,
      },
      ...(input.logoUrl === undefined && input.language === undefined
        ? {}
        : {
            options: {
              ...(input.logoUrl === undefined ? {} : { logoURL: input.logoUrl }),
              ...(input.language === undefined ? {} : { language: input.language }),
            },
          }),
    },
    customer: {
      firstName: customer.firstName,
      lastName: customer.lastName,
      email: customer.email,
      mobile: customer.phone,
      type: customer.type,
      initials: customer.initials ?? '',
      // No gender in our domain: Billink's own module always sends '' and the hosted page asks.
      gender: '',
      birthdate:
        customer.birthdate === undefined
          ? ''
          : toBillinkDate('sessionCreate', customer.birthdate, 'birthdate'),
      company: customer.company ?? '',
      companyNumber: customer.cocNumber ?? '',
      ...(input.payTrustScore === undefined ? {} : { payTrustScore: input.payTrustScore }),
    },
    billingAddress: toV2Address(input.billingAddress),
    shippingAddress: toV2Address(shipping),
    transaction: {
      totalAmount: centsToDecimal(amounts.totalCents),
      totalTaxAmount: centsToDecimal(amounts.totalTaxCents),
      purchaseCountry: input.purchaseCountry ?? shipping.countryCode,
      purchaseCurrency: input.currency ?? 'EUR',
      orderNumber: input.orderNumber,
      orderItems: amounts.lines.map(({ line, unitTaxCents, totalCents }): V2OrderItem => ({
        code: line.code,
        name: line.name,
        description: line.description ?? '',
        totalProductAmount: centsToDecimal(totalCents),
        productAmount: centsToDecimal(line.unitPriceCents),
        productTaxAmount: centsToDecimal(unitTaxCents),
        taxRate: rateText(line.vatRate),
        quantity: String(line.quantity),
      })),
    },
  };
}
