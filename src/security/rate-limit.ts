/**
 * Sliding-window rate caps counted in D1 (one writer, so counts are exact). Returns how long to
 * wait when the cap is reached, so the caller can answer 429 with Retry-After.
 */
export async function takeRateToken(db: D1Database, bucket: string, limit: number, windowMs: number, now = Date.now()): Promise<{ ok: true } | { ok: false; retryAfterSeconds: number }> {
  const since = now - windowMs;
  const row = await db.prepare("SELECT COUNT(*) AS n, MIN(at) AS oldest FROM rate_events WHERE bucket = ? AND at > ?").bind(bucket, since).first<{ n: number; oldest: number | null }>();
  if ((row?.n ?? 0) >= limit) {
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(((row!.oldest ?? now) + windowMs - now) / 1000)) };
  }
  await db.batch([
    db.prepare("INSERT INTO rate_events (bucket, at) VALUES (?, ?)").bind(bucket, now),
    // Old events are useless; forget them as we go.
    db.prepare("DELETE FROM rate_events WHERE bucket = ? AND at <= ?").bind(bucket, since),
  ]);
  return { ok: true };
}
