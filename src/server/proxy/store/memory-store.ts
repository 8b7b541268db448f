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
  const indexes = new Map<string, Map<string, number>>();

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
    async zadd(key, member, score) {
      let index = indexes.get(key);
      if (!index) indexes.set(key, (index = new Map()));
      index.delete(member);
      index.set(member, score);
      // Bounded like the entries: the oldest-added member goes first.
      while (index.size > maxEntries) {
        const oldest = index.keys().next().value;
        if (oldest === undefined) break;
        index.delete(oldest);
      }
    },
    async zrangeByScore(key, maxScore, limit) {
      return [...(indexes.get(key) ?? [])]
        .filter(([, score]) => score <= maxScore)
        .sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1))
        .slice(0, limit)
        .map(([member]) => member);
    },
    async zrevrangeByScore(key, maxScore, limit) {
      return [...(indexes.get(key) ?? [])]
        .filter(([, score]) => score <= maxScore)
        .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? 1 : -1))
        .slice(0, limit)
        .map(([member, score]) => ({ member, score }));
    },
    async zrem(key, member) {
      indexes.get(key)?.delete(member);
    },
    async close() {
      entries.clear();
      indexes.clear();
    },
  };
}
