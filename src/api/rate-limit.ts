import { addEvents, countEvents, forgetBuckets } from "../store/rate-events";

/**
 * Sliding-window rate caps counted in D1 (one writer, so counts are exact). A rule allows at most
 * `limit` events per `windowMs`; a verdict says how long to wait when a rule is full, so the caller
 * can answer 429 with Retry-After. Checking and recording are separate steps so a caller can count
 * only what it chooses (the log-in throttle counts failures; the server API counts signed requests).
 */
export interface RateRule {
  bucket: string;
  limit: number;
  windowMs: number;
}

export type RateVerdict = { ok: true } | { ok: false; retryAfterSeconds: number; bucket: string };

/** Whether every rule still has room at `now`; when not, the longest wait among the full ones. */
export async function checkRates(db: D1Database, rules: RateRule[], now = Date.now()): Promise<RateVerdict> {
  if (rules.length === 0) return { ok: true };
  // Per rule: the count inside the window and the time of the limit-th newest event; once that one
  // leaves the window, the count is below the limit again.
  const rows = await countEvents(
    db,
    rules.map((r) => ({ bucket: r.bucket, since: now - r.windowMs, nth: r.limit })),
  );
  let worst: RateVerdict = { ok: true };
  rules.forEach((rule, i) => {
    const row = rows[i]!;
    if (row.n < rule.limit) return;
    const wait = Math.max(1, Math.ceil(((row.pivot ?? now) + rule.windowMs - now) / 1000));
    if (worst.ok || wait > worst.retryAfterSeconds) worst = { ok: false, retryAfterSeconds: wait, bucket: rule.bucket };
  });
  return worst;
}

/** Counts one event against each rule, forgetting events that have left their windows. */
export async function recordRates(db: D1Database, rules: RateRule[], now = Date.now()): Promise<void> {
  await addEvents(
    db,
    now,
    rules.map((r) => ({ bucket: r.bucket, forgetUntil: now - r.windowMs })),
  );
}

/** Forgets every event of these buckets (e.g. a pair's failures once its log-in succeeds). */
export async function forgetRates(db: D1Database, buckets: string[]): Promise<void> {
  await forgetBuckets(db, buckets);
}

/** Checks and, when there is room, records one event: the usual "take a token" cap. */
export async function takeRateToken(
  db: D1Database,
  bucket: string,
  limit: number,
  windowMs: number,
  now = Date.now(),
): Promise<RateVerdict> {
  const rule = { bucket, limit, windowMs };
  const verdict = await checkRates(db, [rule], now);
  if (verdict.ok) await recordRates(db, [rule], now);
  return verdict;
}

/** A wait in words, rounded up, for "Try again in …" messages: "45 seconds", "5 minutes". */
export function waitInWords(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  if (seconds < 2 * 3600) {
    const minutes = Math.ceil(seconds / 60);
    return `${minutes} minute${minutes === 1 ? "" : "s"}`;
  }
  return `${Math.ceil(seconds / 3600)} hours`;
}
