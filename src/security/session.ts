import { sign, verify } from "hono/jwt";
import type { SessionUser } from "../env";

/** Platform session tokens: HS256 JWTs carrying the user's id and email, with an expiry. */
export async function issueSession(user: SessionUser, secret: string, ttlHours: number): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return sign({ sub: user.id, email: user.email, iat: now, exp: now + Math.round(ttlHours * 3600), typ: "session" }, secret, "HS256");
}

/** The session's user, or null when the token is malformed, forged or expired. */
export async function readSession(token: string, secret: string): Promise<SessionUser | null> {
  try {
    const claims = await verify(token, secret, "HS256");
    if (claims.typ !== "session" || typeof claims.sub !== "string" || typeof claims.email !== "string") return null;
    return { id: claims.sub, email: claims.email };
  } catch {
    return null;
  }
}
