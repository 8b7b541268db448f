/**
 * Every JSON record the proxy keeps is read through a versioned schema. A record the store cannot
 * read (not JSON, or not the shape its kind has) is an error, never "absent": read as absent, a
 * corrupt order would answer 404, a corrupt idempotency key would start a second Billink session.
 */
import { z } from 'zod';
import type { ProxyStore } from './store.js';

/** The kinds of record, as named in logs (never the key's id or the value: they may be personal). */
export type RecordKind =
  | 'order'
  | 'attempts'
  | 'book'
  | 'idempotency'
  | 'merchant-idempotency'
  | 'check'
  | 'review'
  | 'reconciler-backoff'
  | 'webshop-settings'
  | 'webhook-setup'
  | 'outbox'
  | 'invoice-sync';

/**
 * A record the store holds but the proxy cannot read: answered 503 `store_record_corrupt` (not
 * retryable by the shopper: a person must look at the store). `reason` names paths and zod issue
 * codes only, never the value.
 */
export class StoreRecordCorruptError extends Error {
  readonly code = 'store_record_corrupt';
  constructor(
    readonly kind: RecordKind,
    readonly reason: string,
  ) {
    super(`store record corrupt: ${kind} (${reason})`);
    this.name = 'StoreRecordCorruptError';
  }
}

/** The current version of every record kind; bump one and migrate in its schema. */
export const RECORD_VERSION = 1;

/**
 * A record schema: `shape` plus `v`. Records written before versions existed have no `v` and are
 * read as version 1, so a running shop keeps its orders across the upgrade.
 */
export function versioned<S extends z.ZodRawShape>(shape: S) {
  return z.looseObject({ v: z.literal(RECORD_VERSION).default(RECORD_VERSION), ...shape });
}

/**
 * What zod's output type says of an optional field (`x?: T | undefined`) next to our exact optional
 * types (`x?: T`). zod leaves an absent key absent, so its output is the exact type at run time.
 */
type Widen<T> = T extends readonly (infer U)[]
  ? Widen<U>[]
  : T extends object
    ? {
        [K in keyof T]: Partial<Pick<T, K>> extends Pick<T, K>
          ? Widen<T[K]> | undefined
          : Widen<T[K]>;
      }
    : T;

export interface RecordType<T> {
  kind: RecordKind;
  schema: z.ZodType<Widen<T>, unknown>;
}

/** Parses one stored text as its kind; throws StoreRecordCorruptError, never returns a guess. */
export function parseRecord<T>(type: RecordType<T>, text: string): T {
  return checkRecord(type, parseJson(type.kind, text));
}

/** JSON.parse, failing as a corrupt record of `kind`. */
export function parseJson(kind: RecordKind, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // The parser's message quotes the text: it is left out.
    throw new StoreRecordCorruptError(kind, 'not JSON');
  }
}

/** Checks an already parsed value against its kind's schema. */
export function checkRecord<T>(type: RecordType<T>, raw: unknown): T {
  const parsed = type.schema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.code}`);
    throw new StoreRecordCorruptError(type.kind, issues.join('; '));
  }
  return parsed.data as T;
}

/** The record under `key`, undefined only when the key is absent. */
export async function readRecord<T>(
  store: ProxyStore,
  type: RecordType<T>,
  key: string,
): Promise<T | undefined> {
  const text = await store.get(key);
  return text === null ? undefined : parseRecord(type, text);
}

/** Writes a record with its version. */
export function writeRecord<T extends object>(
  store: ProxyStore,
  key: string,
  value: T,
  ttlMs: number,
): Promise<void> {
  return store.set(key, recordText(value), ttlMs);
}

/** The stored text of a record (for `claim`, which takes text). */
export const recordText = (value: object): string =>
  JSON.stringify({ ...value, v: RECORD_VERSION });
