/** Request and response shapes of the merchant API (also the source of its OpenAPI part). */
import { z } from 'zod';
import { ORDER_EVENT_TYPES, reviewEventFields } from '../orders/events.js';
import { orderRefSchema, orderStatusSchema, currencySchema, text } from './checkout.js';

const cents = z.number().int().min(1).max(100_000_000);
const noControl = text;

export const shipRequestSchema = z
  .strictObject({ trackAndTrace: noControl(100).optional() })
  .meta({ id: 'ShipRequest' });

export const shipManyRequestSchema = z
  .strictObject({
    orders: z
      .array(z.strictObject({ orderRef: orderRefSchema, trackAndTrace: noControl(100).optional() }))
      .min(1)
      .max(100),
  })
  .meta({ id: 'ShipManyRequest' });

export const creditRequestSchema = z
  .strictObject({ amountCents: cents, description: noControl(254) })
  .meta({ id: 'CreditRequest' });

export const paymentRequestSchema = z
  .strictObject({
    amountCents: cents,
    description: noControl(30).meta({ description: "At most 30 characters (Billink's limit)." }),
  })
  .meta({ id: 'PaymentRequest' });

export const holdRequestSchema = z
  .strictObject({ days: z.number().int().meta({ description: '1 to 14.' }) })
  .meta({ id: 'HoldRequest' });

export const messageRequestSchema = z
  .strictObject({ message: noControl(1000) })
  .meta({ id: 'MessageRequest' });

export const reviewRequestSchema = z
  .strictObject({
    resolution: z.enum(['credited', 'accepted']).meta({
      description:
        "credited: you credited Billink's order in full (checked with Billink); a new attempt may pay under the next number. accepted: Billink's order is this order's payment, for Billink's amount.",
    }),
  })
  .meta({ id: 'ReviewRequest' });

export const simulatePaymentRequestSchema = z
  .strictObject({ amountCents: cents })
  .meta({ id: 'SimulatePaymentRequest' });

export const webhookSetupRequestSchema = z
  .strictObject({
    url: z
      .url({ protocol: /^https?$/ })
      .max(2000)
      .optional(),
  })
  .meta({ id: 'WebhookSetupRequest' });

export const webhookSetupResponseSchema = z
  .strictObject({
    url: z.string(),
    orderWebhook: z.literal('registered'),
    sessionWebhook: z.literal('registered'),
  })
  .meta({ id: 'WebhookSetupResponse' });

export const eventDeliverySchema = z.strictObject({
  state: z.enum(['none', 'pending', 'delivered', 'failed']).meta({
    description:
      'none: nobody to tell; pending: queued or being retried (see lastError); failed: gave up.',
  }),
  attempts: z.number().int(),
  lastError: z.string().optional(),
  nextAttemptAt: z.iso.datetime().optional(),
  deliveredAt: z.iso.datetime().optional(),
});

export const merchantOrderSchema = z
  .strictObject({
    orderRef: z.string(),
    orderId: z.string(),
    orderNumber: z.string(),
    invoiceNumber: z.string().optional(),
    workflowNumber: z.string(),
    status: orderStatusSchema.meta({ description: 'The checkout status.' }),
    mode: z.enum(['session', 'direct']),
    amountCents: z.number().int(),
    currency: currencySchema,
    feeCents: z.number().int().optional().meta({
      description:
        'Of amountCents, the Billink fee (line billink_fee): refunded with a full credit (returnCosts).',
    }),
    paidCents: z.number().int(),
    creditedCents: z.number().int(),
    outstandingCents: z.number().int(),
    shipped: z.boolean(),
    onHold: z.boolean(),
    workflowStep: z.string().optional().meta({ description: "Billink's workflow step." }),
    refreshedAt: z.iso.datetime().optional(),
    events: z.array(
      z.strictObject({
        id: z.string(),
        type: z.enum(ORDER_EVENT_TYPES),
        at: z.iso.datetime(),
        sequence: z.number().int(),
        amountCents: z.number().int().optional(),
        currency: z.string().optional(),
        by: z.enum(['merchant', 'billink', 'shopper']).optional(),
        days: z.number().int().optional(),
        trackAndTrace: z.string().optional(),
        ...reviewEventFields,
        delivery: eventDeliverySchema,
      }),
    ),
  })
  .meta({ id: 'MerchantOrder' });

/** The query of GET /orders (strings, as query parameters come). */
export const orderListQuerySchema = z.strictObject({
  status: orderStatusSchema.optional(),
  shipped: z.enum(['true', 'false']).optional(),
  limit: z
    .string()
    .regex(/^[1-9]\d{0,2}$/)
    .refine((v) => Number(v) <= 200, 'at most 200')
    .optional()
    .meta({ description: '1 to 200; default 50.' }),
  cursor: z.string().max(2000).optional().meta({ description: "The previous page's nextCursor." }),
});

export const orderSummarySchema = z
  .strictObject({
    orderRef: z.string(),
    orderNumber: z.string(),
    invoiceNumber: z.string().optional(),
    status: orderStatusSchema,
    amountCents: z.number().int(),
    currency: currencySchema,
    paidCents: z.number().int(),
    creditedCents: z.number().int(),
    outstandingCents: z.number().int(),
    shipped: z.boolean(),
    onHold: z.boolean(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    eventsUndelivered: z.boolean().meta({
      description: 'Some event has not reached the shop yet (pending, retrying or failed).',
    }),
  })
  .meta({ id: 'OrderSummary' });

export const orderListSchema = z
  .strictObject({
    orders: z.array(orderSummarySchema).meta({ description: 'Newest (created) first.' }),
    nextCursor: z.string().optional().meta({
      description:
        'Pass as cursor for the next page; absent at the end. A filtered page may be short and still have one.',
    }),
  })
  .meta({ id: 'OrderList' });

export type OrderSummary = z.infer<typeof orderSummarySchema>;

export const shipManyResponseSchema = z
  .strictObject({
    results: z.array(
      z.strictObject({
        orderRef: z.string(),
        shipped: z.boolean(),
        error: z.strictObject({ code: z.string(), detail: z.string().optional() }).optional(),
      }),
    ),
  })
  .meta({ id: 'ShipManyResponse' });

export type MerchantOrder = z.infer<typeof merchantOrderSchema>;

export const doctorReportSchema = z
  .strictObject({
    ok: z.boolean(),
    checks: z.array(
      z.strictObject({
        name: z
          .string()
          .meta({ description: 'public url, store, billink, webhooks, order events' }),
        ok: z.boolean(),
        detail: z.string().meta({ description: 'What was found, for people.' }),
      }),
    ),
  })
  .meta({ id: 'DoctorReport' });

export type DoctorReport = z.infer<typeof doctorReportSchema>;
