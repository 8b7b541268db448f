/**
 * Line and total amounts, computed once in integer cents so the v2 and legacy wire formats agree.
 * Billink wants per-unit VAT; we derive it from the VAT-inclusive price:
 * unit tax = price − price / (1 + rate/100), rounded to whole cents (half away from zero so a
 * discount line mirrors the product line it cancels).
 */
import { BillinkError } from './errors.js';
import type { EndpointName } from './endpoints.js';
import type { OrderLine } from './types.js';

export interface LineAmounts {
  line: OrderLine;
  unitTaxCents: number;
  totalCents: number;
  totalTaxCents: number;
}

export interface OrderAmounts {
  lines: LineAmounts[];
  totalCents: number;
  totalTaxCents: number;
}

export function unitTaxCents(unitPriceCents: number, vatRate: number): number {
  const abs = Math.abs(unitPriceCents);
  const tax = Math.round((abs * vatRate) / (100 + vatRate));
  return unitPriceCents < 0 ? 0 - tax : tax; // 0 - 0 is +0, -0 would be -0
}

/**
 * Validates the lines and that `expectedTotalCents` equals their sum; throws a non-retryable
 * BillinkError before anything is sent, because Billink's answer to a mismatch is undocumented.
 */
export function computeOrderAmounts(
  operation: EndpointName,
  lines: readonly OrderLine[],
  expectedTotalCents: number,
): OrderAmounts {
  if (lines.length === 0) throw invalid(operation, 'lines', 'an order needs at least one line');
  const computed = lines.map((line, i): LineAmounts => {
    if (!Number.isSafeInteger(line.quantity) || line.quantity <= 0)
      throw invalid(operation, 'lines', `line ${i + 1}: quantity must be a positive integer`);
    if (!Number.isSafeInteger(line.unitPriceCents))
      throw invalid(operation, 'lines', `line ${i + 1}: unitPriceCents must be integer cents`);
    if (!Number.isFinite(line.vatRate) || line.vatRate < 0 || line.vatRate >= 100)
      throw invalid(operation, 'lines', `line ${i + 1}: vatRate must be a percentage`);
    const unitTax = unitTaxCents(line.unitPriceCents, line.vatRate);
    return {
      line,
      unitTaxCents: unitTax,
      totalCents: line.unitPriceCents * line.quantity,
      totalTaxCents: unitTax * line.quantity,
    };
  });
  const totalCents = computed.reduce((sum, l) => sum + l.totalCents, 0);
  const totalTaxCents = computed.reduce((sum, l) => sum + l.totalTaxCents, 0);
  if (!Number.isSafeInteger(expectedTotalCents) || expectedTotalCents !== totalCents) {
    throw new BillinkError({
      code: 'amount_mismatch',
      description: `totalAmountCents ${expectedTotalCents} does not equal the sum of the lines ${totalCents}`,
      operation,
      field: 'totalAmount',
      retryable: false,
    });
  }
  return { lines: computed, totalCents, totalTaxCents };
}

export function requireCents(operation: EndpointName, value: number, what: string): number {
  if (!Number.isSafeInteger(value))
    throw invalid(operation, undefined, `${what} must be integer cents`);
  return value;
}

function invalid(
  operation: EndpointName,
  field: 'lines' | undefined,
  description: string,
): BillinkError {
  return new BillinkError({
    code: 'invalid_request',
    description,
    operation,
    field,
    retryable: false,
  });
}
