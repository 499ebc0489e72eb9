/** The events rate caps count (see api/rate-limit.ts), one row per event in its bucket. */

export interface WindowCount {
  bucket: string;
  /** Events newer than `since`. */
  n: number;
  /** The time of the `nth` newest of them, or null when there are fewer. */
  pivot: number | null;
}

/** Per bucket, in one round trip: how many events are newer than `since`, and when the `nth` newest happened. */
export async function countEvents(
  db: D1Database,
  windows: { bucket: string; since: number; nth: number }[],
): Promise<WindowCount[]> {
  const rows = await db.batch<{ n: number; pivot: number | null }>(
    windows.map((w) =>
      db
        .prepare(
          "SELECT COUNT(*) AS n, (SELECT at FROM rate_events WHERE bucket = ?1 AND at > ?2 ORDER BY at DESC LIMIT 1 OFFSET ?3) AS pivot FROM rate_events WHERE bucket = ?1 AND at > ?2",
        )
        .bind(w.bucket, w.since, w.nth - 1),
    ),
  );
  return windows.map((w, i) => ({
    bucket: w.bucket,
    n: rows[i]?.results[0]?.n ?? 0,
    pivot: rows[i]?.results[0]?.pivot ?? null,
  }));
}

/** Records one event per bucket at `at`, and forgets that bucket's events at or before its `forgetUntil`. */
export async function addEvents(
  db: D1Database,
  at: number,
  events: { bucket: string; forgetUntil: number }[],
): Promise<void> {
  if (events.length === 0) return;
  await db.batch(
    events.flatMap((e) => [
      db.prepare("INSERT INTO rate_events (bucket, at) VALUES (?, ?)").bind(e.bucket, at),
      db.prepare("DELETE FROM rate_events WHERE bucket = ? AND at <= ?").bind(e.bucket, e.forgetUntil),
    ]),
  );
}

export async function forgetBuckets(db: D1Database, buckets: string[]): Promise<void> {
  if (buckets.length === 0) return;
  await db.batch(buckets.map((b) => db.prepare("DELETE FROM rate_events WHERE bucket = ?").bind(b)));
}
