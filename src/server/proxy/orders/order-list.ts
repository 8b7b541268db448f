/**
 * Lists the order book newest first, filtered, a page at a time. Walks the book's creation-time
 * index down from a cursor (the last member read: its score and orderRef, because several orders
 * can share a millisecond), loads each entry, and drops index members whose entry has expired.
 */
import { ProxyError } from '../errors.js';
import type { OrderStatus } from '../contract/checkout.js';
import { BOOK_INDEX_KEY, loadBook, type BookDeps, type BookEntry } from './order-book.js';

export interface ListFilter {
  status?: OrderStatus;
  shipped?: boolean;
}

export interface ListPage {
  entries: BookEntry[];
  /** Where the next page starts; absent when the index was read to its end. */
  nextCursor?: string;
}

interface Position {
  score: number;
  member: string;
}

/** A filtered page may need many entries read; one request reads at most this many. */
const MAX_SCAN = 1000;

export function encodeCursor(position: Position): string {
  return Buffer.from(JSON.stringify([position.score, position.member])).toString('base64url');
}

export function decodeCursor(cursor: string): Position {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      Number.isSafeInteger(value[0]) &&
      typeof value[1] === 'string'
    ) {
      return { score: value[0] as number, member: value[1] };
    }
  } catch {
    // falls through to the error below
  }
  throw new ProxyError('invalid_request', 400, { field: 'cursor', detail: 'not a cursor' });
}

const matches = (entry: BookEntry, filter: ListFilter) =>
  (filter.status === undefined || entry.status === filter.status) &&
  (filter.shipped === undefined || entry.shipped === filter.shipped);

/**
 * Up to `limit` matching entries after `cursor`, newest first. A page can be short and still
 * have a next cursor when few entries match (the scan per request is bounded).
 */
export async function listBook(
  deps: Pick<BookDeps, 'store'>,
  filter: ListFilter,
  limit: number,
  cursor?: string,
): Promise<ListPage> {
  let after = cursor === undefined ? undefined : decodeCursor(cursor);
  const entries: BookEntry[] = [];
  let scanned = 0;
  let batch = Math.min(Math.max(limit, 50), MAX_SCAN);
  for (;;) {
    const rows = await deps.store.zrevrangeByScore(BOOK_INDEX_KEY, after?.score ?? Infinity, batch);
    // Members at the cursor's score that sort at or above it were read before (ties: descending).
    const fresh = rows.filter(
      (r) =>
        !after || r.score < after.score || (r.score === after.score && r.member < after.member),
    );
    if (fresh.length === 0) {
      if (rows.length < batch) return { entries };
      batch *= 2; // a run of equal scores longer than the batch: read further into it
      continue;
    }
    for (const row of fresh) {
      after = row;
      scanned += 1;
      const entry = await loadBook(deps, row.member);
      // Expired without a write since (a lost store, a Redis eviction): no longer listed.
      if (!entry) await deps.store.zrem(BOOK_INDEX_KEY, row.member);
      else if (matches(entry, filter)) entries.push(entry);
      if (entries.length === limit || scanned >= MAX_SCAN) {
        return { entries, nextCursor: encodeCursor(row) };
      }
    }
    if (rows.length < batch) return { entries };
  }
}
