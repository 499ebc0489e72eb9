import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { CookieOptions } from "hono/utils/cookie";

/**
 * The builder's session cookie. HttpOnly: no script, the builder's or an app's, can read it.
 * SameSite=Strict: the builder UI is a single-page app whose document needs no cookie, and its
 * own fetches are same-site, so Strict costs nothing, while it keeps the cookie off every request
 * another site starts (Lax would still send it with top-level GET navigations). It does not stop
 * apps on sibling hosts (same site), which is why cookie-authenticated requests are also checked
 * for their origin (same-origin.ts). Host-only (no Domain) and Path=/. Over https the name
 * carries the `__Host-` prefix, which the browser accepts only when Secure, host-only and
 * Path=/, so no subdomain can plant a cookie of that name; over http (local) it cannot be Secure.
 */
const NAME = "kiln_session";

const secure = (c: Context) => new URL(c.req.url).protocol === "https:";

/** Browsers cap cookie lifetimes at 400 days (and Hono refuses longer ones). */
export const MAX_COOKIE_AGE_SECONDS = 400 * 24 * 3600;

export function setSessionCookie(c: Context, token: string, maxAgeSeconds: number): void {
  setCookie(c, NAME, token, { ...attributes(c), maxAge: Math.min(Math.floor(maxAgeSeconds), MAX_COOKIE_AGE_SECONDS) });
}

export function readSessionCookie(c: Context): string | undefined {
  return getCookie(c, NAME, attributes(c).prefix) || undefined;
}

export function clearSessionCookie(c: Context): void {
  deleteCookie(c, NAME, attributes(c));
}

/** The attributes every cookie Kiln sets shares (the known-device cookie too). */
export function attributes(c: Context): CookieOptions & { prefix?: "host" } {
  return secure(c)
    ? { httpOnly: true, sameSite: "Strict", path: "/", secure: true, prefix: "host" }
    : { httpOnly: true, sameSite: "Strict", path: "/", secure: false };
}
