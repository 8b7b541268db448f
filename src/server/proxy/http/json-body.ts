import type { Context } from 'hono';
import type { z } from 'zod';
import { ProxyError } from '../errors.js';

/**
 * A request's JSON body, strictly validated: only `application/json` (a form-encoded cross-site
 * POST never gets here), unknown fields refused, the first problem named by its field.
 * `emptyAs`: what an empty body means (merchant routes without parameters); default: refused.
 */
export async function readJsonBody<S extends z.ZodType>(
  c: Context,
  schema: S,
  options: { emptyAs?: unknown } = {},
): Promise<z.infer<S>> {
  const text = await c.req.text();
  let raw: unknown = options.emptyAs;
  if (text.trim() || options.emptyAs === undefined) {
    if (!/^application\/json\s*(;|$)/i.test(c.req.header('content-type') ?? '')) {
      throw new ProxyError('unsupported_media_type', 415);
    }
    try {
      raw = JSON.parse(text);
    } catch {
      throw new ProxyError('invalid_request', 400);
    }
  }
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field =
    issue?.code === 'unrecognized_keys'
      ? [...issue.path, issue.keys[0]].join('.')
      : issue?.path.join('.');
  throw new ProxyError('invalid_request', 400, {
    ...(field ? { field } : {}),
    ...(issue?.message === 'control_characters'
      ? { messageCode: 'control_characters' as const }
      : issue
        ? { detail: issue.message }
        : {}),
  });
}
