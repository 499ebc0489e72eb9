import { sign, verify } from "hono/jwt";
import { ApiError } from "../errors";

/**
 * The deploy API's three-phase upload. Phase 1 registers a manifest and answers with the hashes still
 * missing (in buckets) and an upload JWT; phase 2 uploads bucket by bucket; the upload that
 * completes the set answers with a completion JWT, which phase 3 (deploy) presents. Both JWTs
 * expire after an hour; the session itself lives in KV for as long.
 */

export const SESSION_TTL_SECONDS = 3600;
const BUCKET_SIZE = 10;

export interface ManifestEntry {
  hash: string;
  size: number;
}

export interface UploadSession {
  id: string;
  projectId: string;
  manifest: Record<string, ManifestEntry>;
  /** Hashes that had to be uploaded in this session. */
  needed: string[];
}

type TokenKind = "upload" | "completion";

export async function createSession(
  kv: KVNamespace,
  secret: string,
  projectId: string,
  manifest: Record<string, ManifestEntry>,
  missing: string[],
) {
  const session: UploadSession = { id: crypto.randomUUID(), projectId, manifest, needed: missing };
  await kv.put(sessionKey(session.id), JSON.stringify(session), { expirationTtl: SESSION_TTL_SECONDS });
  const buckets: string[][] = [];
  for (let i = 0; i < missing.length; i += BUCKET_SIZE) buckets.push(missing.slice(i, i + BUCKET_SIZE));
  const jwt = await issue(secret, missing.length === 0 ? "completion" : "upload", session);
  return { session, jwt, buckets };
}

export async function issueCompletion(secret: string, session: UploadSession) {
  return issue(secret, "completion", session);
}

/** The session a JWT of the expected kind belongs to; 401 when the token is wrong, expired or for another project. */
export async function openSession(
  kv: KVNamespace,
  secret: string,
  token: string | undefined,
  kind: TokenKind,
  projectId: string,
): Promise<UploadSession> {
  const label = kind === "upload" ? "upload token" : "completionJwt";
  if (!token) throw new ApiError(401, "unauthorized", `Missing ${label}.`);
  let claims: Record<string, unknown>;
  try {
    claims = await verify(token, secret, "HS256");
  } catch (err) {
    const expired = String(err).toLowerCase().includes("expired");
    throw new ApiError(
      401,
      expired ? "token_expired" : "unauthorized",
      expired
        ? `The ${label} has expired (they last one hour). Start a new upload session.`
        : `The ${label} is not valid.`,
    );
  }
  if (claims.typ !== kind) throw new ApiError(401, "unauthorized", `This is not a ${label}.`);
  if (claims.pid !== projectId) throw new ApiError(401, "unauthorized", `This ${label} belongs to another project.`);
  const session = await kv.get<UploadSession>(sessionKey(String(claims.sid)), "json");
  if (!session) throw new ApiError(401, "token_expired", "The upload session has expired. Start a new upload session.");
  return session;
}

async function issue(secret: string, kind: TokenKind, session: UploadSession) {
  const now = Math.floor(Date.now() / 1000);
  return sign(
    { typ: kind, sid: session.id, pid: session.projectId, iat: now, exp: now + SESSION_TTL_SECONDS },
    secret,
    "HS256",
  );
}

const sessionKey = (id: string) => `upload:${id}`;
