import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { inspectRoutes } from "hono/dev";
import { beforeAll, describe, expect, it } from "vitest";
import { createApi } from "../../src/api/app";
import { sign } from "../../src/security/signature";
import worker from "../../src/worker";
import { call, signUp } from "./helpers";
import { deploy, deployer, enc, visit } from "./hosting-helpers";

/**
 * Every route the platform registers, fed odd path parameters, odd bodies and odd credentials:
 * none may answer 5xx, and every error is `{error: {code, message}}`. The routes come from the
 * app itself, so a new route is fuzzed without anyone adding it here.
 */

const ORIGIN = "http://localhost:8787";
const BUILD_API_SECRET = "test-build-api-secret";
const MAX_BODY_BYTES = 1024 * 1024;
// The server API's per-address cap would otherwise end the fuzzing after 100 requests; the deploy
// API's upload limit (100 MiB) is brought down to the JSON one, so "just over" is over there too.
const fuzzEnv = { ...env, RATE_IP_PER_HOUR: "1000000", MAX_UPLOAD_BYTES: String(MAX_BODY_BYTES) };

interface Route {
  method: string;
  path: string;
}

const ROUTES: Route[] = (() => {
  const seen = new Set<string>();
  return inspectRoutes(createApi())
    .filter((r) => !r.isMiddleware)
    .filter((r) => !seen.has(`${r.method} ${r.path}`) && seen.add(`${r.method} ${r.path}`));
})();

const label = (r: Route) => `${r.method} ${r.path}`;
const methodsOf = (r: Route) => (r.method === "ALL" ? ["GET", "POST"] : [r.method]);
/** The signed server API's paths: every route outside /api and /__api. */
const SERVER_API = new Set(ROUTES.map((r) => r.path).filter((p) => !p.startsWith("/api/") && !p.startsWith("/__api/")));
const isServerApi = (path: string) => SERVER_API.has(path);
/** Routes that start long work (a generation, a build, a publish or rollback) get bad inputs only. */
const LONG = new Set([
  "POST /api/chat",
  "POST /api/projects/:id/build",
  "POST /api/projects/:id/publish",
  "POST /api/projects/:id/rollback/:v",
  "POST /build-preview-for-new-project",
  "POST /rebuild-preview",
]);
/** Well-formed, but names no version or run (there is no real run: starting one is long work). */
const NO_SUCH_ID = "01J00000000000000000000000";
const PUBLIC = new Set(["POST /api/auth/register", "POST /api/auth/login", "GET /api/health", "GET /api/openapi.json"]);

// ---------------------------------------------------------------------------------------------
// A seeded generator, so every run sends the same requests.

function mulberry32(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = mulberry32(0x6b696c6e);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

// ---------------------------------------------------------------------------------------------
// Odd inputs.

/** Path segments as they appear in the URL (already escaped, or deliberately badly escaped); every parameter gets the first nine. */
const ODD_SEGMENTS = [
  "%zz", // not an escape
  "%E2%82", // truncated UTF-8
  "%ED%A0%80", // a lone surrogate, encoded
  "%", // a lone percent
  "a%00b", // NUL
  "%E2%80%AEfdp.exe", // right-to-left override
  "%2e%2e",
  "x".repeat(5000),
  "%F0%9F%94%A5", // an emoji
  "%F0%9F%98", // a truncated emoji
  "%C0%AF", // an overlong "/"
  "%FF%FE",
  "%00",
  "%D8%B3%D9%84%D8%A7%D9%85", // Arabic
  "..",
  "%2F..%2F..%2Fetc",
  "%5C..%5C",
  "%41".repeat(2000),
  "'%22%3Cscript%3E",
  "__proto__",
  "constructor",
  "-1",
  "0",
  "null",
  "%20",
];

/** Odd file paths for the files API (its `*` parameter spans segments). */
const ODD_FILE_PATHS = [
  "src/%zz.tsx",
  "src/%E2%82.ts",
  "%ED%A0%80/x.ts",
  "a/../../b.ts",
  "%2e%2e/%2e%2e/x.ts",
  "src//App.tsx",
  "./src/App.tsx",
  "src/App.tsx%00.png",
  `${"d/".repeat(200)}f.ts`,
  "%2F%2Fetc%2Fpasswd",
];

/** Values put in place of a field: wrong types, odd strings, huge and deep values. */
const deep = (depth: number): unknown => (depth === 0 ? 1 : { a: deep(depth - 1) });
const ODD_VALUES: unknown[] = [
  null,
  true,
  -1.5,
  "",
  "\u0000",
  "\ud800",
  "\u202egnp.exe",
  "x".repeat(20_000),
  [1, "a", null],
  { $ne: null },
  deep(200),
];

interface Body {
  name: string;
  raw?: BodyInit;
  type?: string;
  /** Valid for a route whose fields are all optional (long routes never get these). */
  emptyish?: boolean;
}

function genericBodies(sample: Record<string, unknown>): Body[] {
  const json = (name: string, value: unknown, type = "application/json"): Body => ({
    name,
    raw: JSON.stringify(value),
    type,
  });
  const text = JSON.stringify(sample);
  const padTo = (size: number) => {
    const base = JSON.stringify({ ...sample, pad: "" });
    return JSON.stringify({ ...sample, pad: "p".repeat(size - enc(base).byteLength) });
  };
  return [
    { name: "no body", emptyish: true },
    { name: "empty JSON body", raw: "", type: "application/json", emptyish: true },
    { ...json("empty object", {}), emptyish: true },
    { name: "malformed JSON", raw: '{"a":', type: "application/json" },
    { name: "single quotes", raw: "{'a': 1}", type: "application/json" },
    { name: "trailing garbage", raw: `${text}}`, type: "application/json" },
    { name: "invalid UTF-8", raw: new Uint8Array([0xff, 0xfe, 0x7b, 0x7d]), type: "application/json" },
    { name: "NUL", raw: "\u0000", type: "application/json" },
    json("null", null),
    json("array", []),
    json("array of the sample", [sample]),
    json("number", 42),
    json("string", "a string"),
    json("boolean", true),
    {
      name: "unknown and prototype fields",
      raw: `${text.slice(0, -1)}${text.length > 2 ? "," : ""}"zzz":1,"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}`,
      type: "application/json",
    },
    {
      name: "duplicate keys",
      raw: `${text.slice(0, -1)}${text.length > 2 ? "," : ""}${Object.keys(sample)
        .map((k) => `${JSON.stringify(k)}:[]`)
        .join(",")}}`.replace(/,}$/, "}"),
      type: "application/json",
    },
    { name: "huge numbers", raw: text.replace(/:(true|false|"[^"]*")/, ":1e999"), type: "application/json" },
    { name: "byte order mark", raw: `\ufeff${text}`, type: "application/json" },
    json("sample as text/plain", sample, "text/plain"),
    { name: "form encoded", raw: "name=x&content=y", type: "application/x-www-form-urlencoded" },
    {
      name: "multipart",
      raw: '--b\r\nContent-Disposition: form-data; name="name"\r\n\r\nx\r\n--b--\r\n',
      type: "multipart/form-data; boundary=b",
    },
    json("garbage content type", sample, ";;;/"),
    json("utf-16 content type", sample, "application/json; charset=utf-16"),
    { name: "deep array", raw: `${"[".repeat(100_000)}${"]".repeat(100_000)}`, type: "application/json" },
    {
      name: "deep object",
      raw: `${text.slice(0, -1)}${text.length > 2 ? "," : ""}"deep":${'{"a":'.repeat(50_000)}1${"}".repeat(50_000)}}`,
      type: "application/json",
    },
    json("sample with a deep field", { ...sample, extra: deep(3000) }),
    json("sample with 20,000 fields", {
      ...sample,
      ...Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`f${i}`, i])),
    }),
    { name: "just under the body limit", raw: padTo(MAX_BODY_BYTES - 16), type: "application/json" },
    { name: "just over the body limit", raw: padTo(MAX_BODY_BYTES + 1), type: "application/json" },
  ];
}

/** Each field (to depth 2) replaced by each odd value, or removed. */
function mutations(sample: Record<string, unknown>, long: boolean): Body[] {
  const out: Body[] = [];
  const walk = (
    value: Record<string, unknown>,
    path: string[],
    set: (path: string[], v: unknown) => Record<string, unknown>,
  ) => {
    for (const [key, v] of Object.entries(value)) {
      const here = [...path, key];
      for (const odd of ODD_VALUES)
        out.push({
          name: `${here.join(".")} = ${JSON.stringify(odd)?.slice(0, 40)}`,
          raw: JSON.stringify(set(here, odd)),
          type: "application/json",
        });
      // A removed field could make a long route's anchor valid again.
      if (!long)
        out.push({
          name: `${here.join(".")} removed`,
          raw: JSON.stringify(set(here, undefined)),
          type: "application/json",
        });
      if (v && typeof v === "object" && !Array.isArray(v) && here.length < 2)
        walk(v as Record<string, unknown>, here, set);
    }
  };
  const setAt = (path: string[], v: unknown): Record<string, unknown> => {
    const copy = structuredClone(sample);
    let node = copy as Record<string, unknown>;
    for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>;
    node[path.at(-1)!] = v;
    return copy;
  };
  walk(sample, [], setAt);
  return out;
}

// ---------------------------------------------------------------------------------------------
// A real user with real things for the parameters to name.

interface Fixture {
  alice: {
    token: string;
    email: string;
    apiToken: string;
    sessionsToEnd: Record<string, string>;
    sessionIdToEnd: string;
  };
  bob: { token: string; apiToken: string; projectId: string };
  projectId: string;
  /** For the deploy API's DELETE, so the builder API's DELETE still has the real project. */
  spareProjectId: string;
  versions: [string, string];
  tokenToRevoke: string;
  filePath: string;
  envName: string;
  domain: string;
  exportName: string;
  uploadJwt: string;
  completionJwt: string;
  missingHash: string;
}
let fx: Fixture;

/** Routes that end sessions. */
const SESSION_ENDING = ["POST /api/auth/logout", "DELETE /api/auth/sessions/:id", "POST /api/auth/logout-all"];

async function setUp(): Promise<Fixture> {
  const alice = await signUp();
  const bob = await signUp();
  const mint = async (token: string, name: string) =>
    (await call("POST", "/api/tokens", { token, body: { name } })).json;
  const aliceApi = (await mint(alice.token, "fuzz")).token as string;
  const bobApi = (await mint(bob.token, "fuzz")).token as string;
  const tokenToRevoke = (await mint(alice.token, "to revoke")).id as string;
  // Routes that end sessions each get a session of their own (and one more to be ended by id),
  // so they never take away the session every other route is called with.
  const login = async () =>
    (await call("POST", "/api/auth/login", { body: { email: alice.user.email, password: "correct horse battery" } }))
      .json.token as string;
  const sessionsToEnd: Record<string, string> = {};
  for (const route of SESSION_ENDING) sessionsToEnd[route] = await login();
  const doomed = await login();
  const listed = (await call("GET", "/api/auth/sessions", { token: doomed })).json.sessions as {
    id: string;
    current: boolean;
  }[];
  const sessionIdToEnd = listed.find((s) => s.current)!.id;
  const projectId = (await call("POST", "/api/projects", { token: alice.token, body: { name: "Fuzzed" } })).json.project
    .id as string;
  const bobProject = (await call("POST", "/api/projects", { token: bob.token, body: { name: "Not Alice's" } })).json
    .project.id as string;
  const spareProjectId = (await call("POST", "/api/projects", { token: alice.token, body: { name: "Spare" } })).json
    .project.id as string;

  // Two versions whose schemas differ, and a rollback that restores: a real export file.
  const m1 = { name: "0001_init.sql", sql: "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);" };
  const m2 = { name: "0002_tag.sql", sql: "ALTER TABLE notes ADD COLUMN tag TEXT;" };
  const v1 = (await deploy(aliceApi, projectId, { assets: { "/index.html": "<h1>one</h1>" }, migrations: [m1] }))
    .versionId as string;
  const v2 = (await deploy(aliceApi, projectId, { assets: { "/index.html": "<h1>two</h1>" }, migrations: [m1, m2] }))
    .versionId as string;
  const restored = await call("POST", `/api/projects/${projectId}/rollback/${v1}`, {
    token: alice.token,
    body: { data: "restore" },
  });
  if (restored.status !== 201) throw new Error(`rollback failed: ${restored.text}`);

  const envName = "FUZZ_VAR";
  await call("PUT", `/api/projects/${projectId}/env/${envName}`, { token: alice.token, body: { value: "1" } });
  const domain = `fuzz-${Date.now()}.example.org`;
  await call("POST", `/api/projects/${projectId}/domains`, { token: alice.token, body: { hostname: domain } });

  // An upload session still waiting for a file (its upload JWT), and one already complete.
  const missingHash = "ab".repeat(32);
  const waiting = await call("POST", `/__api/projects/${projectId}/assets-upload-session`, {
    headers: { authorization: aliceApi },
    body: { manifest: { "/new.txt": { hash: missingHash, size: 3 } } },
  });
  const storedHash = await sha256(enc("<h1>two</h1>"));
  const complete = await call("POST", `/__api/projects/${projectId}/assets-upload-session`, {
    headers: { authorization: aliceApi },
    body: { manifest: { "/index.html": { hash: storedHash, size: 12 } } },
  });
  if (waiting.json?.result?.buckets?.length !== 1 || complete.json?.result?.buckets?.length !== 0)
    throw new Error(`upload sessions: ${waiting.text} ${complete.text}`);

  return {
    alice: { token: alice.token, email: alice.user.email, apiToken: aliceApi, sessionsToEnd, sessionIdToEnd },
    bob: { token: bob.token, apiToken: bobApi, projectId: bobProject },
    projectId,
    spareProjectId,
    versions: [v1, v2],
    tokenToRevoke,
    filePath: "src/App.tsx",
    envName,
    domain,
    exportName: restored.json.export.name,
    uploadJwt: waiting.json.result.jwt,
    completionJwt: complete.json.result.jwt,
    missingHash,
  };
}

async function sha256(bytes: Uint8Array) {
  return [...new Uint8Array(await crypto.subtle.digest("SHA-256", bytes))]
    .map((b) => b.toString(16).padStart(2, "0"))
    .join("");
}

/** A body that passes validation, or for long routes one that is refused before any work starts. */
function sampleBody(route: Route): Record<string, unknown> | undefined {
  const f = fx;
  const samples: Record<string, Record<string, unknown>> = {
    "POST /api/auth/register": { email: "fuzz-register@example.com", password: "correct horse battery" },
    "POST /api/auth/login": { email: f.alice.email, password: "not the password" },
    "POST /api/projects": { name: "Fuzz" },
    "PATCH /api/projects/:id": { name: "Fuzz renamed" },
    "POST /api/tokens": { name: "fuzz" },
    "PUT /api/projects/:id/files/*": { content: "export const fuzz = 1;\n" },
    "POST /api/projects/:id/versions/:v/pin": { pinned: true },
    "POST /api/chat/save-assistant": { projectId: f.projectId, content: "hello" },
    "PUT /api/settings/ai": {
      provider: "openai-compatible",
      model: "llama3",
      baseURL: "http://localhost:11434/v1",
      apiKey: "sk-fuzz",
    },
    "PUT /api/projects/:id/env/:name": { value: "v", secret: false },
    "POST /__api/projects": { name: "Fuzz deploy" },
    "POST /__api/projects/:id/assets-upload-session": { manifest: { "/a.txt": { hash: "cd".repeat(32), size: 1 } } },
    "POST /__api/projects/:id/assets/upload": { [f.missingHash]: btoa("not these bytes") },
    "POST /__api/projects/:id/deploy": {
      completionJwt: f.completionJwt,
      config: { html_handling: "none", headers: { rules: { "/*": { set: { "x-fuzz": "1" } } } } },
      env: { A: "1" },
      migrations: [],
    },
    // Long routes: each sample is refused before work starts (another user's project, an
    // unsupported framework, a wrong data choice, a version that does not exist, a project never built).
    "POST /api/chat": {
      projectId: f.bob.projectId,
      message: "add a priority field",
      planFirst: true,
      approve: { plan: { tables: [] } },
    },
    "POST /api/projects/:id/build": { framework: "vue", strict: true, prompt: "x" },
    "POST /api/projects/:id/publish": { versionId: NO_SUCH_ID },
    "POST /api/projects/:id/rollback/:v": { data: "both" },
    "POST /build-preview-for-new-project": {
      userId: "fuzz-user",
      projectId: "fuzz-project",
      prompt: "notes",
      framework: "vue",
    },
    "POST /rebuild-preview": { userId: "fuzz-user", projectId: "never-built", prompt: "notes" },
  };
  return samples[label(route)] ?? (route.method === "GET" ? undefined : {});
}

function validParam(route: Route, name: string): string {
  const f = fx;
  switch (name) {
    case "id":
      if (route.path.startsWith("/api/tokens/")) return f.tokenToRevoke;
      if (route.path.startsWith("/api/auth/sessions/")) return f.alice.sessionIdToEnd;
      return route.method === "DELETE" && route.path === "/__api/projects/:id" ? f.spareProjectId : f.projectId;
    case "projectId":
      return f.projectId;
    case "v":
    case "a":
      return f.versions[0];
    case "b":
      return f.versions[1];
    case "runId":
      return NO_SUCH_ID;
    case "hostname":
      return f.domain;
    case "name":
      return route.path.includes("/env/") ? f.envName : f.exportName;
    case "*":
      return route.path.includes("/files/") ? f.filePath : "nothing-here";
    default:
      throw new Error(`no valid value for :${name} in ${label(route)}; add one to validParam`);
  }
}

const paramNames = (path: string) =>
  path.split("/").flatMap((seg) => (seg === "*" ? ["*"] : seg.startsWith(":") ? [seg.slice(1)] : []));

function fill(route: Route, values: Record<string, string>): string {
  return route.path
    .split("/")
    .map((seg) => (seg === "*" ? values["*"]! : seg.startsWith(":") ? values[seg.slice(1)]! : seg))
    .join("/");
}

// ---------------------------------------------------------------------------------------------
// Sending and judging.

type Auth =
  { kind: "none" } | { kind: "header"; value: string } | { kind: "signed"; timestamp?: string; signature?: string };

function ownAuth(route: Route): Auth {
  if (isServerApi(route.path)) return { kind: "signed" };
  if (route.path === "/__api/projects/:id/assets/upload") return { kind: "header", value: `Bearer ${fx.uploadJwt}` };
  if (route.path.startsWith("/__api/")) return { kind: "header", value: fx.alice.apiToken };
  return { kind: "header", value: `Bearer ${fx.alice.sessionsToEnd[label(route)] ?? fx.alice.token}` };
}

function strangerAuths(route: Route): Auth[] {
  const common: Auth[] = [
    { kind: "none" },
    { kind: "header", value: "Bearer" },
    { kind: "header", value: "Bearer a.b.c" },
    { kind: "header", value: `Bearer ${"x".repeat(10_000)}` },
    { kind: "header", value: "Basic YWxpY2U6c2VjcmV0" },
  ];
  if (isServerApi(route.path)) {
    const now = String(Math.floor(Date.now() / 1000));
    return [
      { kind: "none" },
      { kind: "signed", signature: "00".repeat(32) },
      { kind: "signed", timestamp: "not a number" },
      { kind: "signed", timestamp: "1e20" },
      { kind: "signed", timestamp: now, signature: "zz".repeat(5000) },
    ];
  }
  if (route.path === "/__api/projects/:id/assets/upload")
    return [
      ...common,
      { kind: "header", value: `Bearer ${fx.completionJwt}` },
      { kind: "header", value: `Bearer ${fx.alice.apiToken}` },
    ];
  if (route.path.startsWith("/__api/"))
    return [
      ...common,
      { kind: "header", value: fx.bob.apiToken },
      { kind: "header", value: `Bearer ${fx.alice.token}` },
    ];
  return [
    ...common,
    { kind: "header", value: `Bearer ${fx.bob.token}` },
    { kind: "header", value: `Bearer ${fx.alice.apiToken}` },
  ];
}

interface Case {
  route: Route;
  what: string;
  method: string;
  url: string;
  auth: Auth;
  body?: Body;
}

interface Outcome {
  status: number;
  text: string;
}

async function send(c: Case): Promise<Outcome> {
  const headers = new Headers();
  const body = c.body;
  if (body?.type) headers.set("content-type", body.type);
  const raw = body?.raw;
  if (c.auth.kind === "header") headers.set("authorization", c.auth.value);
  if (c.auth.kind === "signed") {
    const timestamp = c.auth.timestamp ?? String(Math.floor(Date.now() / 1000));
    const text = raw === undefined ? "" : typeof raw === "string" ? raw : new TextDecoder().decode(raw as Uint8Array);
    headers.set("x-kiln-timestamp", timestamp);
    headers.set("x-kiln-signature", c.auth.signature ?? (await sign(BUILD_API_SECRET, timestamp, text)));
  }
  const request = new Request(c.url, { method: c.method, headers, body: raw });
  const ctx = createExecutionContext();
  const res = await worker.fetch(request as Request<unknown, IncomingRequestCfProperties>, fuzzEnv, ctx);
  const text = await res.text();
  await waitOnExecutionContext(ctx);
  return { status: res.status, text };
}

/** What is wrong with an answer, or null: no 5xx, and errors in the one error shape. */
function judge(c: Case, res: Outcome): string | null {
  if (res.status >= 500) return `answered ${res.status}`;
  if (res.status < 400) return null;
  // Only the platform's own API paths promise the JSON error shape (a path that `..` moved
  // elsewhere is the builder UI's).
  const path = new URL(c.url).pathname;
  const wrapped = path.startsWith("/__api/") || SERVER_API.has(path);
  if (!path.startsWith("/api/") && !wrapped) return null;
  let json: any;
  try {
    json = JSON.parse(res.text);
  } catch {
    return `${res.status} is not JSON`;
  }
  const error = json?.error;
  if (typeof error?.code !== "string" || !error.code || typeof error?.message !== "string" || !error.message)
    return `${res.status} lacks {error: {code, message}}`;
  // The deploy API and the server API wrap every answer in {success}, errors too.
  if (wrapped && json.success !== false) return `${res.status} lacks success: false`;
  return null;
}

// ---------------------------------------------------------------------------------------------
// The cases.

function casesFor(route: Route, method: string): Case[] {
  const params = paramNames(route.path);
  const valid = Object.fromEntries(params.map((p) => [p, validParam(route, p)]));
  const url = (values: Record<string, string> = valid, query = "") => `${ORIGIN}${fill(route, values)}${query}`;
  const own = ownAuth(route);
  const long = LONG.has(label(route));
  const sample = sampleBody(route);
  const hasBody = method !== "GET";
  const asJson = (value: unknown): Body | undefined =>
    value === undefined ? undefined : { name: "sample", raw: JSON.stringify(value), type: "application/json" };
  const cases: Case[] = [];
  const add = (c: Omit<Case, "route" | "method">) => cases.push({ ...c, route, method });

  // The route as a real client calls it (long routes: with their refused sample).
  add({ what: "baseline", url: url(), auth: own, body: hasBody ? asJson(sample) : undefined });

  // Each parameter odd in turn, the others valid; on long routes this is what keeps work from starting.
  for (const param of params) {
    const some = [
      ...ODD_SEGMENTS.slice(0, 9),
      pick(ODD_SEGMENTS.slice(9)),
      pick(ODD_SEGMENTS.slice(9)),
      pick(ODD_SEGMENTS.slice(9)),
    ];
    const odd = param === "*" && route.path.includes("/files/") ? [...ODD_SEGMENTS, ...ODD_FILE_PATHS] : some;
    for (const value of odd)
      add({
        what: `:${param} = ${value.slice(0, 40)}`,
        url: url({ ...valid, [param]: value }),
        auth: own,
        body: hasBody ? asJson(sample) : undefined,
      });
  }

  // Odd query strings, on every route.
  const query = "?limit=1e999&cursor=%ED%A0%80&mode=%zz&after=-1&events=1&raw&x=%00&limit=2";
  add({ what: "odd query", url: url(valid, query), auth: own, body: hasBody ? asJson(sample) : undefined });
  add({
    what: "long query",
    url: url(valid, `?${"q".repeat(20_000)}`),
    auth: own,
    body: hasBody ? asJson(sample) : undefined,
  });

  // Strangers: no credentials, broken ones, another user's, the wrong kind.
  if (!PUBLIC.has(label(route)))
    for (const auth of strangerAuths(route))
      add({ what: `auth ${describeAuth(auth)}`, url: url(), auth, body: hasBody ? asJson(sample) : undefined });

  // Bodies.
  const bodies = hasBody ? genericBodies(sample ?? {}).filter((b) => !(long && b.emptyish)) : [];
  for (const body of bodies) add({ what: `body: ${body.name}`, url: url(), auth: own, body });
  if (hasBody)
    for (const body of mutations(sample ?? {}, long)) add({ what: `body: ${body.name}`, url: url(), auth: own, body });

  // A few seeded mixtures of everything above.
  for (let i = 0; i < 4; i++) {
    const values = { ...valid };
    if (params.length > 0) values[pick(params)] = pick(ODD_SEGMENTS);
    add({
      what: `mixture ${i}`,
      url: url(values, pick(["", query])),
      auth: pick([own, own, ...(PUBLIC.has(label(route)) ? [] : strangerAuths(route))]),
      body: bodies.length > 0 ? pick(bodies) : undefined,
    });
  }
  return cases;
}

function describeAuth(auth: Auth): string {
  if (auth.kind === "none") return "none";
  if (auth.kind === "signed")
    return `signed ts=${(auth.timestamp ?? "now").slice(0, 20)} sig=${(auth.signature ?? "good").slice(0, 12)}`;
  return auth.value.slice(0, 30);
}

/** Methods a path does not answer to, once each. */
function wrongMethodCases(): Case[] {
  const byPath = new Map<string, Set<string>>();
  for (const r of ROUTES) byPath.set(r.path, (byPath.get(r.path) ?? new Set()).add(r.method));
  const cases: Case[] = [];
  for (const [path, methods] of byPath) {
    if (methods.has("ALL")) continue;
    const route = ROUTES.find((r) => r.path === path)!;
    const values = Object.fromEntries(paramNames(path).map((p) => [p, validParam(route, p)]));
    for (const method of ["GET", "POST", "PUT", "PATCH", "DELETE"].filter((m) => !methods.has(m))) {
      cases.push({
        route,
        what: `method ${method}`,
        method,
        url: `${ORIGIN}${fill(route, values)}`,
        auth: ownAuth(route),
        body: method === "GET" ? undefined : { name: "{}", raw: "{}", type: "application/json" },
      });
    }
  }
  return cases;
}

describe("every route, fuzzed", () => {
  beforeAll(async () => {
    fx = await setUp();
  }, 60_000);

  it("enumerates the routes from the app itself", () => {
    expect(ROUTES.length).toBeGreaterThanOrEqual(46);
    for (const known of [
      "POST /api/chat",
      "PUT /api/projects/:id/files/*",
      "POST /__api/projects/:id/deploy",
      "POST /rebuild-preview",
      "ALL /api/*",
    ])
      expect(ROUTES.map(label)).toContain(known);
  });

  it("never answers 5xx, and every error is {error: {code, message}}", async () => {
    // Deleting routes run last, so they do not take away what the others name; the project last of
    // all but the routes that end sessions (log-out-all ends even the one the others use).
    const rank = (r: Route) =>
      SESSION_ENDING.includes(label(r))
        ? label(r) === "POST /api/auth/logout-all"
          ? 4
          : 3
        : r.method !== "DELETE"
          ? 0
          : r.path.endsWith("/projects/:id")
            ? 2
            : 1;
    const ordered = [...ROUTES].sort((a, b) => rank(a) - rank(b));
    const cases = [...wrongMethodCases(), ...ordered.flatMap((r) => methodsOf(r).flatMap((m) => casesFor(r, m)))];
    const failures: string[] = [];
    const baselines = new Map<string, number>();
    for (const c of cases) {
      const where = `${c.method} ${c.url.slice(ORIGIN.length, ORIGIN.length + 120)} [${c.what}]`;
      const res = await send(c).catch((err: Error) => err);
      if (res instanceof Error) {
        failures.push(`${where}: threw ${res.message}`);
        continue;
      }
      if (c.what === "baseline") baselines.set(label(c.route), res.status);
      const problem = judge(c, res);
      if (problem) failures.push(`${where}: ${problem}: ${res.text.slice(0, 200)}`);
    }
    expect(failures).toEqual([]);

    // The valid cases reached the routes: real credentials and real ids were accepted.
    const refused = [...baselines].filter(
      ([route, status]) =>
        (status === 401 || status === 404) && !route.startsWith("ALL ") && !LONG.has(route) && !PUBLIC.has(route),
    );
    expect(refused).toEqual([]);
    expect(cases.length).toBeGreaterThan(2000);
    // Some 2,800 requests: 10-40 s on a quiet machine, past 2 minutes once seen beside CI's
    // end-to-end tests (which share the 2 cores).
  }, 300_000);

  it("serves odd paths on an app's host without a 5xx, through the platform and through env.ASSETS", async () => {
    const d = await deployer("Odd paths");
    const assets = {
      "/index.html": "<h1>home</h1>",
      "/404.html": "<h1>missing</h1>",
      "/assets/app-3f9a8b7c6d.js": "console.log(1)",
    };
    const config = {
      not_found_handling: "404-page",
      redirects: { dynamic: { "/old/:name": { status: 301, to: "/new/:name" } } },
      headers: { rules: { "/assets/*": { set: { "x-asset": "1" } } } },
    };
    // The app's Worker hands every request to its own env.ASSETS.
    await deploy(d.apiToken, d.project.id, {
      assets,
      config,
      worker: { "index.js": "export default { fetch: (request, env) => env.ASSETS.fetch(request) };" },
      run_worker_first: true,
    });
    const base = `http://${d.project.slug}.localhost:8787`;
    expect((await visit(`${base}/`)).text).toContain("home");

    const failures: string[] = [];
    for (const segment of [...ODD_SEGMENTS, ...ODD_FILE_PATHS]) {
      for (const path of [`/${segment}`, `/assets/${segment}`, `/old/${segment}`]) {
        const res = await visit(`${base}${path}`);
        if (res.status >= 500) failures.push(`${path.slice(0, 80)}: ${res.status} ${res.text.slice(0, 120)}`);
      }
    }
    expect(failures).toEqual([]);
    const truncated = await visit(`${base}/%E2%82`);
    expect([truncated.status, truncated.text]).toEqual([400, expect.stringContaining("malformed %-escape")]);
    // A redirect puts what its placeholder matched back into the URL escaped, NUL and all.
    const redirected = await visit(`${base}/old/a%00b%20c%F0%9F%94%A5`);
    expect([redirected.status, redirected.headers.get("location")]).toEqual([301, "/new/a%00b%20c%F0%9F%94%A5"]);
  });
});
