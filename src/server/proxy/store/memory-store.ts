import type { ProxyStore } from './store.js';

interface Entry {
  value: string;
  expiresAt: number;
}

/**
 * In-memory store for a single proxy instance: bounded (oldest entries go first when full) and
 * expiring, so a busy shop cannot grow it without limit. Map keeps insertion order, which makes
 * "oldest first" cheap.
 */
export function createMemoryStore(
  options: { maxEntries?: number; now?: () => number } = {},
): ProxyStore {
  const maxEntries = options.maxEntries ?? 100_000;
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();

  function live(key: string): Entry | undefined {
    const entry = entries.get(key);
    if (entry && entry.expiresAt <= now()) {
      entries.delete(key);
      return undefined;
    }
    return entry;
  }

  function put(key: string, value: string, ttlMs: number): void {
    entries.delete(key);
    entries.set(key, { value, expiresAt: now() + ttlMs });
    while (entries.size > maxEntries) {
      const oldest = entries.keys().next().value;
      if (oldest === undefined) break;
      entries.delete(oldest);
    }
  }

  return {
    async get(key) {
      return live(key)?.value ?? null;
    },
    async set(key, value, ttlMs) {
      put(key, value, ttlMs);
    },
    async claim(key, value, ttlMs) {
      if (live(key)) return false;
      put(key, value, ttlMs);
      return true;
    },
    async delete(key) {
      entries.delete(key);
    },
    async increment(key, ttlMs) {
      const entry = live(key);
      if (!entry) {
        put(key, '1', ttlMs);
        return 1;
      }
      const next = Number(entry.value) + 1;
      entry.value = String(next);
      return next;
    },
    async close() {
      entries.clear();
    },
  };
}
