/**
 * The pending order in sessionStorage (`billink:pending:<orderRef>`), so a reload or the round trip
 * through Billink's hosted page finds it again. sessionStorage is per tab, which is what we want:
 * the tab that started the payment is the one that comes back. Storage that is missing or refuses
 * (private mode, sandboxed frames, quota) and corrupt or expired entries read as "nothing pending".
 */
import type { CustomerData, PendingOrder } from './types.js';

const keyFor = (orderRef: string) => `billink:pending:${orderRef}`;

/** sessionStorage, or undefined where touching it throws. */
function store(): Storage | undefined {
  try {
    return globalThis.sessionStorage;
  } catch {
    return undefined;
  }
}

export function savePending(pending: PendingOrder, storage = store()): void {
  try {
    storage?.setItem(keyFor(pending.orderRef), JSON.stringify(pending));
  } catch {
    // Quota or a locked-down storage: the order still completes, only a reload cannot resume it.
  }
}

export function clearPending(orderRef: string, storage = store()): void {
  try {
    storage?.removeItem(keyFor(orderRef));
  } catch {
    // As above.
  }
}

/** The pending order for `orderRef` if it is well formed and not expired at `now`; otherwise it is removed. */
export function loadPending(
  orderRef: string,
  now = Date.now(),
  storage = store(),
): PendingOrder | undefined {
  try {
    const raw = storage?.getItem(keyFor(orderRef));
    if (!raw) return undefined;
    const p = JSON.parse(raw) as Partial<PendingOrder> | null;
    if (
      p?.orderRef === orderRef &&
      typeof p.orderId === 'string' &&
      typeof p.statusToken === 'string' &&
      (p.mode === 'session' || p.mode === 'direct') &&
      // An approval stays: the proxy confirms it again on reload (its word, not ours).
      (p.approved === true || Date.parse(p.expiresAt ?? '') > now)
    )
      return p as PendingOrder;
  } catch {
    // Corrupt JSON or unreadable storage: fall through and drop it.
  }
  clearPending(orderRef, storage);
  return undefined;
}

const draftKey = (orderRef: string) => `billink:draft:${orderRef}`;

/**
 * The direct form's typed input, so a reload does not make the shopper type again. Per tab, only
 * for this order, and removed once Billink has the data (order created) or the order is done.
 */
export function saveDraft(
  orderRef: string,
  data: CustomerData | undefined,
  storage = store(),
): void {
  try {
    if (data) storage?.setItem(draftKey(orderRef), JSON.stringify(data));
    else storage?.removeItem(draftKey(orderRef));
  } catch {
    // As above: only the convenience is lost.
  }
}

export function loadDraft(orderRef: string, storage = store()): CustomerData | undefined {
  try {
    const data = JSON.parse(storage?.getItem(draftKey(orderRef)) ?? 'null') as unknown;
    return data && typeof data === 'object' ? (data as CustomerData) : undefined;
  } catch {
    return undefined;
  }
}
