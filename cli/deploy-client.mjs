// The client side of the deploy API's three-phase upload, shared by `kiln deploy` (Node) and the tests
// (workerd): plain fetch and Web Crypto, no Node APIs.

/** @param {Uint8Array} bytes */
export async function sha256Hex(bytes) {
  const digest = await crypto.subtle.digest("SHA-256", bytes);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** The server's limits on one bucket upload (README: Deploy API): JSON bytes, base64 included, and files. */
export const BUCKET_MAX_BYTES = 40 * 1024 * 1024;
export const BUCKET_MAX_FILES = 500;

/**
 * Splits a bucket the server proposed into uploads that each fit its limits (a server may
 * propose larger ones than it accepts, or older ones bigger buckets), keeping the order.
 * @param {string[]} bucket
 * @param {(hash: string) => number} sizeOf bytes of the file with this hash
 * @returns {string[][]}
 */
export function splitBucket(bucket, sizeOf) {
  /** @type {string[][]} */
  const parts = [];
  /** @type {string[]} */
  let current = [];
  let bytes = 2; // {}
  for (const hash of bucket) {
    const entry = hash.length + 4 * Math.ceil(sizeOf(hash) / 3) + 6; // "<hash>":"<base64>",
    if (current.length > 0 && (current.length >= BUCKET_MAX_FILES || bytes + entry > BUCKET_MAX_BYTES)) {
      parts.push(current);
      current = [];
      bytes = 2;
    }
    current.push(hash);
    bytes += entry;
  }
  if (current.length > 0) parts.push(current);
  return parts;
}

/** @param {Uint8Array} bytes */
export function toBase64(bytes) {
  let text = "";
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
}

/**
 * Deploys `assets` ("/path" → bytes) and optional server code to a project.
 * @param {{ baseUrl: string, token: string, fetch?: typeof fetch, onProgress?: (event: {phase: string, done?: number, total?: number}) => void }} client
 * @param {string} projectId
 * @param {{ assets: Record<string, Uint8Array>, serverCode?: { entrypoint: string, modules: Record<string, Uint8Array>, compatibilityDate?: string }, config?: object, run_worker_first?: boolean | string[], env?: Record<string, string>, migrations?: {name: string, sql: string}[], projectName?: string }} app
 */
export async function deployApp(client, projectId, app) {
  const doFetch = client.fetch ?? fetch;
  const progress = client.onProgress ?? (() => {});
  const call = async (method, path, body, auth = client.token) => {
    const res = await doFetch(`${client.baseUrl}${path}`, {
      method,
      headers: { "content-type": "application/json", authorization: auth },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await res.json().catch(() => null);
    if (!res.ok) {
      const err = new Error(json?.error?.message ?? `${method} ${path} failed with ${res.status}`);
      Object.assign(err, { status: res.status, code: json?.error?.code });
      throw err;
    }
    return json;
  };

  progress({ phase: "hashing", total: Object.keys(app.assets).length });
  /** @type {Record<string, {hash: string, size: number}>} */
  const manifest = {};
  /** @type {Map<string, Uint8Array>} */
  const byHash = new Map();
  for (const [path, bytes] of Object.entries(app.assets)) {
    const hash = await sha256Hex(bytes);
    manifest[path] = { hash, size: bytes.byteLength };
    byHash.set(hash, bytes);
  }

  const session = await call("POST", `/__api/projects/${projectId}/assets-upload-session`, { manifest });
  let completionJwt = session.result.jwt;
  /** @type {string[][]} */
  const buckets = session.result.buckets.flatMap((/** @type {string[]} */ b) =>
    splitBucket(b, (hash) => byHash.get(hash)?.byteLength ?? 0),
  );
  const total = buckets.reduce((n, b) => n + b.length, 0);
  let done = 0;
  progress({ phase: "uploading", done, total });
  for (const bucket of buckets) {
    // One bucket's base64 at a time: at most BUCKET_MAX_BYTES held on either side.
    const body = Object.fromEntries(bucket.map((hash) => [hash, toBase64(byHash.get(hash))]));
    const res = await call("POST", `/__api/projects/${projectId}/assets/upload`, body, `Bearer ${session.result.jwt}`);
    done += bucket.length;
    progress({ phase: "uploading", done, total });
    if (res.result?.jwt) completionJwt = res.result.jwt;
  }

  progress({ phase: "deploying" });
  const serverCode = app.serverCode && {
    entrypoint: app.serverCode.entrypoint,
    compatibilityDate: app.serverCode.compatibilityDate,
    modules: Object.fromEntries(Object.entries(app.serverCode.modules).map(([name, bytes]) => [name, toBase64(bytes)])),
  };
  return call("POST", `/__api/projects/${projectId}/deploy`, {
    completionJwt,
    projectName: app.projectName,
    serverCode,
    config: app.config,
    run_worker_first: app.run_worker_first,
    env: app.env,
    migrations: app.migrations,
  });
}
