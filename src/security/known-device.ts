import type { Context } from "hono";
import { getSignedCookie, setSignedCookie } from "hono/cookie";
import { attributes } from "./session-cookie";

/**
 * A browser that has logged in to an account before: an HttpOnly cookie, signed with a key of its
 * own derived from the platform secret, holding a random device id and the account's id. It
 * outlives log-out on purpose. The log-in throttle uses it to tell the account's owner from the
 * rest of the world, so that strangers failing on purpose against an email cannot keep its owner
 * out (see login-throttle.ts). It grants nothing else.
 */
const NAME = "kiln_device";
const YEAR_SECONDS = 365 * 24 * 3600;

const key = (platformSecret: string) => `${platformSecret}/known-device`;

/** The device id when the request carries a genuine known-device cookie for this account. */
export async function knownDevice(c: Context, platformSecret: string, userId: string): Promise<string | null> {
  const value = await getSignedCookie(c, key(platformSecret), NAME, attributes(c).prefix);
  if (!value) return null;
  const [deviceId, owner] = value.split(":");
  return deviceId && owner === userId ? deviceId : null;
}

/** Marks this browser as one the account logs in from (keeping its device id if it had one). */
export async function rememberDevice(
  c: Context,
  platformSecret: string,
  userId: string,
  deviceId = crypto.randomUUID(),
): Promise<void> {
  await setSignedCookie(c, NAME, `${deviceId}:${userId}`, key(platformSecret), {
    ...attributes(c),
    maxAge: YEAR_SECONDS,
  });
}
