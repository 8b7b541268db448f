import { z } from 'zod';
import { PROXY_ERROR_CODES } from '../../../shared/error-codes.js';
import { ORDER_STATUSES } from '../../../shared/statuses.js';
import type {
  Address as SharedAddress,
  Customer as SharedCustomer,
} from '../../../shared/customer.js';

/**
 * The proxy contract as zod schemas: the single source for request validation (unknown fields are
 * refused), for the response types, and for the OpenAPI document (generated from these by
 * `npm run openapi`, checked for staleness by the tests). Shapes are fixed by the contract: add
 * fields, never rename.
 *
 * Field *rules* that mirror Billink (postal code, e-mail, phone, 18+) live in
 * src/shared/validation.ts so the element applies the same ones; here are types and bounds.
 */

/**
 * C0 controls (NUL, U+0001…U+001F), DEL, U+FFFE/U+FFFF and lone surrogates: invisible, never typed
 * on purpose, and several make the legacy XML sent to Billink invalid. The message is a message
 * code, so the 400 names the field and says what is wrong.
 */
export const CONTROL_CHARACTERS = /[\u0000-\u001F\u007F\uFFFE\uFFFF]|\p{Cs}/u;
const noControls = (schema: z.ZodString) =>
  schema.refine((v) => !CONTROL_CHARACTERS.test(v), { message: 'control_characters' });
/** Free text for people and Billink's XML: trimmed, not empty, no control characters. */
export const text = (max: number) => noControls(z.string().trim().min(1).max(max));
const optionalText = (max: number) => noControls(z.string().trim().max(max)).optional();

export const orderRefSchema = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]*$/, 'letters, digits, _ . : -')
  .meta({
    description: "The shop's reference for the order (cart or order id).",
    example: 'c_Q7fK2xV9mP4tL8',
  });

export const currencySchema = z
  .string()
  .regex(/^[A-Z]{3}$/)
  .meta({ description: 'ISO 4217 currency code.', example: 'EUR' });

export const customerSchema = z
  .strictObject({
    type: z.enum(['p', 'b']).meta({ description: '`p` private person, `b` business.' }),
    firstName: text(100),
    lastName: text(100),
    initials: optionalText(10),
    birthdate: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .optional()
      .meta({ description: 'YYYY-MM-DD; required by Billink for private customers (18+).' }),
    email: text(254),
    phone: text(30),
    company: optionalText(50),
    cocNumber: optionalText(25).meta({ description: 'Chamber of Commerce (KvK) number.' }),
    vatNumber: optionalText(30),
  })
  .meta({ id: 'Customer' }) satisfies z.ZodType<SharedCustomer>;

export const addressSchema = z
  .strictObject({
    street: text(100),
    houseNumber: text(10),
    houseExtension: optionalText(10),
    postalCode: text(10),
    city: text(100),
    countryCode: z
      .string()
      .regex(/^[A-Z]{2}$/)
      .meta({ description: 'ISO 3166-1 alpha-2.' }),
  })
  .meta({ id: 'Address' }) satisfies z.ZodType<SharedAddress>;

const centsSchema = z.number().int().min(-100_000_000).max(100_000_000);

export const orderLineSchema = z
  .strictObject({
    code: text(50),
    name: text(255),
    description: optionalText(255),
    quantity: z.number().int().min(1).max(100_000),
    unitPriceCents: centsSchema.meta({
      description: 'Unit price incl. VAT in cents; negative for a discount.',
    }),
    vatRate: z.number().min(0).max(100),
  })
  .meta({ id: 'OrderLine' });

/** What the merchant's `resolveOrder` (or the order source) returns: the authoritative order. */
export const orderSchema = z
  .strictObject({
    orderNumber: z
      .string()
      .min(1)
      .max(50)
      .regex(/^[A-Za-z0-9_-]+$/, "Billink order numbers allow letters, digits, '_' and '-'"),
    currency: currencySchema,
    lines: z.array(orderLineSchema).min(1).max(500),
    totalCents: z.number().int().min(1).max(100_000_000),
    customer: customerSchema.optional(),
    billingAddress: addressSchema.optional(),
    shippingAddress: addressSchema.optional(),
    paidOrders: z
      .array(
        z.strictObject({
          totalCents: z.number().int().min(0).max(100_000_000),
          paidAt: z.iso.date(),
        }),
      )
      .max(100)
      .optional()
      .meta({
        description:
          "This shopper's earlier orders at the shop that were paid (any method), for Billink's trust score (`trustScore` / BILLINK_TRUST_SCORE).",
      }),
  })
  .meta({
    id: 'Order',
    description:
      "A payment fee is a line with code `billink_fee` (Billink's Magento convention): refused for a private customer in NL (Billink's rule), refunded with a full credit.",
  });

/** Shared decision: `<billink-checkout order-token>` sends it in both /check and /orders. */
export const orderTokenSchema = z.string().min(1).max(1000).meta({
  description:
    "The shop's signature binding orderRef to this shopper (signOrderRef). Required when the proxy has ORDER_REF_SECRET / orderRefSecret.",
});

export const checkRequestSchema = z
  .strictObject({
    orderRef: orderRefSchema,
    orderToken: orderTokenSchema.optional(),
    customer: customerSchema,
    billingAddress: addressSchema,
    shippingAddress: addressSchema.optional(),
  })
  .meta({ id: 'CheckRequest' });

export const availabilityRequestSchema = z
  .strictObject({
    orderRef: orderRefSchema,
    orderToken: orderTokenSchema.optional(),
    customerType: z
      .enum(['p', 'b'])
      .optional()
      .meta({ description: 'When known; unset: offered if offered to private or business.' }),
    countryCode: z
      .string()
      .regex(/^[A-Z]{2}$/)
      .optional()
      .meta({ description: "The billing address's country, when known." }),
  })
  .meta({ id: 'AvailabilityRequest' });

export const availabilityResponseSchema = z
  .strictObject({
    available: z.boolean(),
    reason: z
      .enum([
        'country_not_offered',
        'amount_below_minimum',
        'amount_above_maximum',
        'payment_fee_not_allowed',
      ])
      .optional(),
    message: z.string().meta({ description: 'For the shopper, in NL or EN by Accept-Language.' }),
    amountCents: z.number().int(),
    currency: currencySchema,
  })
  .meta({ id: 'AvailabilityResponse' });

export const checkResponseSchema = z
  .strictObject({
    outcome: z.enum(['approved', 'declined']),
    checkId: z
      .string()
      .optional()
      .meta({ description: "The proxy's handle for the check; never Billink's UUID." }),
    reason: z.string().optional(),
    amountCents: z.number().int(),
    currency: currencySchema,
  })
  .meta({ id: 'CheckResponse' });

export const orderModeSchema = z.enum(['session', 'direct']);

export const createOrderRequestSchema = z
  .strictObject({
    orderRef: orderRefSchema,
    orderToken: orderTokenSchema.optional(),
    checkId: z.string().min(1).max(100).optional(),
    // Partial: what the browser knows (prefill, form) overrides the shop's order data field by
    // field; together they must make a complete customer and billing address.
    customer: customerSchema.partial().optional(),
    billingAddress: addressSchema.partial().optional(),
    shippingAddress: addressSchema.partial().optional(),
    mode: orderModeSchema,
    returnUrl: z
      .url({ protocol: /^https?$/ })
      .max(2000)
      .optional(),
    locale: z
      .enum(['nl', 'en'])
      .optional()
      .meta({ description: "The shopper's language, passed to Billink's hosted page." }),
  })
  .meta({ id: 'CreateOrderRequest' });

export const orderStatusSchema = z.enum(ORDER_STATUSES);

export const createOrderResponseSchema = z
  .strictObject({
    orderId: z.string(),
    statusToken: z
      .string()
      .meta({ description: 'Bearer token for GET /orders/{orderId}; only the creator has it.' }),
    status: orderStatusSchema,
    redirectUrl: z
      .string()
      .optional()
      .meta({ description: "Billink's hosted checkout page (session mode)." }),
    expiresAt: z.iso.datetime(),
    amountCents: z.number().int(),
    currency: currencySchema,
    orderNumber: z
      .string()
      .meta({ description: "The order number Billink knows this order by (the shop's own)." }),
  })
  .meta({ id: 'CreateOrderResponse' });

export const orderStatusResponseSchema = z
  .strictObject({
    orderId: z.string(),
    status: orderStatusSchema,
    expiresAt: z.iso.datetime(),
    mode: orderModeSchema,
    amountCents: z.number().int(),
    currency: currencySchema,
    updatedAt: z.iso.datetime(),
    orderNumber: z
      .string()
      .meta({ description: "The order number Billink knows this order by (the shop's own)." }),
  })
  .meta({ id: 'OrderStatusResponse' });

export const errorResponseSchema = z
  .strictObject({
    error: z.strictObject({
      code: z.string().meta({
        description: `Stable machine-readable code. The element has a text of its own for ${Object.values(
          PROXY_ERROR_CODES,
        )
          .flat()
          .map((c) => `\`${c}\``)
          .join(', ')}; others show the message.`,
      }),
      message: z.string().meta({ description: 'For people, in NL or EN by Accept-Language.' }),
      field: z.string().optional().meta({ description: 'The request field it concerns.' }),
      detail: z.string().optional().meta({
        description: "Merchant API: Billink's own answer or the figures behind a refusal.",
      }),
      retryable: z.boolean(),
    }),
  })
  .meta({ id: 'Error' });

export type Customer = z.infer<typeof customerSchema>;
export type Address = z.infer<typeof addressSchema>;
export type OrderLine = z.infer<typeof orderLineSchema>;
export type Order = z.infer<typeof orderSchema>;
export type CheckRequest = z.infer<typeof checkRequestSchema>;
export type CheckResponse = z.infer<typeof checkResponseSchema>;
export type AvailabilityRequest = z.infer<typeof availabilityRequestSchema>;
export type AvailabilityResponse = z.infer<typeof availabilityResponseSchema>;
export type CreateOrderRequest = z.infer<typeof createOrderRequestSchema>;
export type CreateOrderResponse = z.infer<typeof createOrderResponseSchema>;
export type OrderStatus = z.infer<typeof orderStatusSchema>;
export type OrderStatusResponse = z.infer<typeof orderStatusResponseSchema>;
export type ErrorResponse = z.infer<typeof errorResponseSchema>;
