import { validateAddress, validateCustomer } from '../../../shared/validation.js';
import { ProxyError } from '../errors.js';
import { isMessageCode } from './messages.js';
import type { Address, Customer } from '../contract/checkout.js';

/**
 * Billink's field rules (NL postal code, e-mail, phone, 18+, company and KvK lengths), the same
 * ones the element applies, so an obvious mistake is answered here and never costs a Billink call.
 * Throws a 422 on the first problem, naming the request field.
 */
export function assertShopperData(
  customer: Customer,
  billingAddress: Address,
  shippingAddress: Address | undefined,
  now: number,
  options: { allowMissingBirthdate?: boolean } = {},
): void {
  const all = [
    ...validateCustomer(customer, { today: new Date(now) }).map((i) => ({
      ...i,
      field: `customer.${i.field}`,
    })),
    ...validateAddress(billingAddress).map((i) => ({ ...i, field: `billingAddress.${i.field}` })),
    ...(shippingAddress
      ? validateAddress(shippingAddress).map((i) => ({ ...i, field: `shippingAddress.${i.field}` }))
      : []),
  ];
  // Billink's hosted page collects a missing birthdate itself; a wrong one is still refused here.
  const issues = options.allowMissingBirthdate
    ? all.filter((i) => !(i.field === 'customer.birthdate' && i.code === 'required'))
    : all;
  const first = issues[0];
  if (first) {
    throw new ProxyError('invalid_field', 422, {
      field: first.field,
      messageCode: isMessageCode(first.code) ? first.code : 'invalid_field',
    });
  }
}
