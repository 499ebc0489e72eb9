import { sign, verify } from "hono/jwt";
import type { SessionUser } from "../env";

/**
 * Platform session tokens: HS256 JWTs carrying the user's id and email, the id of their row in
 * the sessions table (`sid`, so a session can be ended before it expires) and an expiry. The same
 * token travels in the HttpOnly cookie (the builder UI) and as a Bearer token (API clients).
 */
export interface SessionClaims extends SessionUser {
  sessionId: string;
}

export async function issueSession(
  user: SessionUser,
  sessionId: string,
  secret: string,
  ttlHours: number,
  nowMs = Date.now(),
): Promise<string> {
  const now = Math.floor(nowMs / 1000);
  return sign(
    {
      sub: user.id,
      email: user.email,
      sid: sessionId,
      iat: now,
      exp: now + Math.round(ttlHours * 3600),
      typ: "session",
    },
    secret,
    "HS256",
  );
}

/**
 * The token's claims, or null when it is malformed, forged or expired. Tokens without a session
 * id (issued before sessions could be ended) are refused: nothing could revoke them.
 */
export async function readSession(token: string, secret: string): Promise<SessionClaims | null> {
  try {
    const claims = await verify(token, secret, "HS256");
    if (
      claims.typ !== "session" ||
      typeof claims.sub !== "string" ||
      typeof claims.email !== "string" ||
      typeof claims.sid !== "string"
    )
      return null;
    return { id: claims.sub, email: claims.email, sessionId: claims.sid };
  } catch {
    return null;
  }
}
