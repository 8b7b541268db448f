/**
 * Poll delays: exponential from about 1 s to a 10 s cap with "equal jitter" (half fixed, half
 * random), so tabs and shoppers spread out. Attempt 0 → 0.5–1 s, 1 → 1–2 s, 2 → 2–4 s, … ≤ 10 s.
 */
export const POLL_BASE_MS = 1000;
export const POLL_CAP_MS = 10_000;

/**
 * The wait before poll number `attempt` (from 0), never past the order's expiry (`msLeft` from
 * now); `undefined` once it has expired: stop polling.
 */
export function pollDelay(
  attempt: number,
  msLeft: number,
  random: () => number = Math.random,
): number | undefined {
  if (msLeft <= 0) return undefined;
  const ceiling = Math.min(POLL_CAP_MS, POLL_BASE_MS * 2 ** attempt);
  return Math.min(msLeft, Math.round(ceiling / 2 + (random() * ceiling) / 2));
}
