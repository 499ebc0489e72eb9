import { sign, verify } from "hono/jwt";
import { ApiError } from "../errors";
import { BUCKET_MAX_BYTES, BUCKET_MAX_FILES } from "./bucket-reader";

/**
 * The deploy API's three-phase upload. Phase 1 registers a manifest and answers with the hashes still
 * missing (in buckets) and an upload JWT; phase 2 uploads bucket by bucket; the upload that
 * completes the set answers with a completion JWT, which phase 3 (deploy) presents. Both JWTs
 * expire after an hour; the session itself lives in KV for as long.
 */

export const SESSION_TTL_SECONDS = 3600;
/** Files per proposed bucket: few requests, each well inside a bucket's limits. */
const BUCKET_FILES = 100;

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
  const sizes = new Map(Object.values(manifest).map((e) => [e.hash, e.size]));
  const buckets = bucketsOf(missing, (h) => sizes.get(h) ?? 0);
  const jwt = await issue(secret, missing.length === 0 ? "completion" : "upload", session);
  return { session, jwt, buckets };
}

/** What a file adds to a bucket's JSON: `"<hash>":"<base64>",`. */
export const bucketEntryBytes = (hash: string, size: number) => hash.length + 4 * Math.ceil(size / 3) + 6;

/**
 * The missing files in buckets that each fit a bucket upload's limits (bucket-reader.ts), in
 * order: a new bucket starts when the next file would take this one past them.
 */
export function bucketsOf(hashes: string[], sizeOf: (hash: string) => number): string[][] {
  const buckets: string[][] = [];
  let current: string[] = [];
  let bytes = 2;
  for (const hash of hashes) {
    const entry = bucketEntryBytes(hash, sizeOf(hash));
    if (
      current.length > 0 &&
      (current.length >= Math.min(BUCKET_FILES, BUCKET_MAX_FILES) || bytes + entry > BUCKET_MAX_BYTES)
    ) {
      buckets.push(current);
      current = [];
      bytes = 2;
    }
    current.push(hash);
    bytes += entry;
  }
  if (current.length > 0) buckets.push(current);
  return buckets;
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
