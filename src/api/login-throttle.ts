import { checkRates, forgetRates, recordRates, type RateRule, type RateVerdict } from "./rate-limit";

/**
 * Slows password guessing without handing anyone a way to lock a known user out for long.
 * Failed log-ins (wrong password or unknown email, alike) are counted in sliding windows:
 *
 * - per (email, client address): 5 per 15 minutes. Stops one client guessing one account; it
 *   only ever holds back that client.
 * - per client address: 50 per 15 minutes. Stops one client trying many accounts.
 * - per email, from anywhere: 20 per 5 minutes. Bounds guessing spread over many addresses.
 *   Anyone who knows the email can fill it, so it is short: it delays the owner by at most five
 *   minutes, and not at all in a browser the owner has logged in from before (a known device,
 *   see known-device.ts), which counts against a cap of its own instead.
 *
 * A client address is known only behind Cloudflare's edge (client-address.ts); without one, the
 * two address caps do not apply, since a shared or forged address would let one client spend
 * another's. A successful log-in clears its own pair's and device's failures. Blocked attempts are
 * refused before the password is checked and are not counted, so waiting always helps.
 */
export const LOGIN_LIMITS = {
  pair: { limit: 5, windowMs: 15 * 60_000 },
  address: { limit: 50, windowMs: 15 * 60_000 },
  account: { limit: 20, windowMs: 5 * 60_000 },
} as const;

export interface LoginAttempt {
  /** Lower-cased, as accounts compare. */
  email: string;
  address: string | null;
  /** The known-device id, when the browser has logged in to this account before. */
  device: string | null;
}

function rules(a: LoginAttempt): RateRule[] {
  const out: RateRule[] = [];
  if (a.address) {
    out.push({ bucket: `login:pair:${a.address}|${a.email}`, ...LOGIN_LIMITS.pair });
    out.push({ bucket: `login:addr:${a.address}`, ...LOGIN_LIMITS.address });
  }
  out.push(
    a.device
      ? { bucket: `login:device:${a.device}`, ...LOGIN_LIMITS.account }
      : { bucket: `login:acct:${a.email}`, ...LOGIN_LIMITS.account },
  );
  return out;
}

/** Whether this attempt may go ahead; when not, how long to wait. */
export function loginAllowed(db: D1Database, attempt: LoginAttempt, now = Date.now()): Promise<RateVerdict> {
  return checkRates(db, rules(attempt), now);
}

export function recordLoginFailure(db: D1Database, attempt: LoginAttempt, now = Date.now()): Promise<void> {
  return recordRates(db, rules(attempt), now);
}

/** After a successful log-in: this client's own mistakes are forgiven; the account-wide count stays. */
export function forgiveLoginFailures(db: D1Database, attempt: LoginAttempt): Promise<void> {
  return forgetRates(
    db,
    rules(attempt)
      .map((r) => r.bucket)
      .filter((b) => b.startsWith("login:pair:") || b.startsWith("login:device:")),
  );
}
