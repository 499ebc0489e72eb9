import { APP_ERROR_HEADER } from "../hosting/sandbox/wire";
import type { BuildResult } from "../builder/types";
import type { Env } from "../env";
import { AssetConfigSchema, type AssetEntry, type VersionArtifact } from "../hosting/artifact";
import { builtServerCode } from "./deploy-build";
import { appCode } from "../hosting/loader/app-code";
import { appHost } from "../hosting/current-host";
import type { AppFetcher } from "../hosting/app-host";
import { serveAsset } from "../hosting/serving/serve-assets";
import { KINDS } from "./plan/kinds";
import { fieldColumns, type Plan, type PlanColumn, type PlanTable } from "./plan/schema";

/**
 * The check phase's smoke run (docs/architecture.md, The generation pipeline: check): the built app, before it is deployed, in a
 * throwaway isolate over a scratch copy of its database (the build's migrations applied, deleted
 * afterwards). It loads the page, registers an app user, and walks every table of the plan
 * through its CRUD API; an app with no tables and no login (a content site) gets its page checked
 * and one request to its Worker. Any 5xx, thrown error or unusable answer is a problem for the repair loop,
 * in the shape of a build error (code "SMOKE").
 */

export interface SmokeProblem {
  file: "";
  line: 0;
  column: 0;
  message: string;
  code: "SMOKE";
  source: "runtime";
}

export interface SmokeResult {
  ok: boolean;
  problems: SmokeProblem[];
}

export interface SmokeOptions {
  /** The platform's loopback entrypoints (ctx.exports), for hosts that run app code in-process. */
  exports: Cloudflare.Exports;
  /** Whose scratch database to use (the project's "scratch" environment). */
  projectId: string;
  /** Per request, in milliseconds (default 10 s). */
  timeoutMs?: number;
}

const ORIGIN = "https://smoke.kiln.invalid";
const LOG_HEADER = "x-kiln-smoke-log";

/**
 * The smoke isolate's main module: Kiln's guest main module, with console.error recorded per
 * request and sent back in a header (apps log the real error and answer a generic 500), and a
 * thrown error turned into a 500 that says what was thrown.
 */
const SMOKE_MAIN = `import main from "./__kiln_main.js";
const describe = (v) => v instanceof Error ? [v.name + ": " + v.message, ...String(v.stack || "").split("\\n").slice(1, 3).map((l) => l.trim())].join(" ") : typeof v === "string" ? v : (() => { try { return JSON.stringify(v); } catch { return String(v); } })();
export default {
  async fetch(request, env, ctx) {
    const logged = [];
    const original = console.error;
    console.error = (...args) => { logged.push(args.map(describe).join(" ")); };
    try {
      const res = await main.fetch(request, env, ctx);
      if (logged.length === 0) return res;
      const out = new Response(res.body, res);
      out.headers.set("${LOG_HEADER}", encodeURIComponent(JSON.stringify(logged.slice(0, 5).map((l) => l.slice(0, 800)))));
      return out;
    } catch (err) {
      return new Response("Uncaught " + describe(err), { status: 500, headers: { "${LOG_HEADER}": encodeURIComponent(JSON.stringify(logged.slice(0, 5).map((l) => l.slice(0, 800)))) } });
    } finally {
      console.error = original;
    }
  },
};
`;

function decodeLog(header: string | null): string[] {
  if (!header) return [];
  try {
    const list = JSON.parse(decodeURIComponent(header));
    return Array.isArray(list) ? list.map(String) : [];
  } catch {
    return [];
  }
}
/** Answers longer than this are cut in problem messages. */
const MAX_TEXT = 600;

export async function smokeRun(
  env: Env,
  build: Pick<BuildResult, "assets" | "server" | "migrations">,
  plan: Plan,
  options: SmokeOptions,
): Promise<SmokeResult> {
  const problems: SmokeProblem[] = [];
  const problem = (message: string) =>
    problems.push({ file: "", line: 0, column: 0, message, code: "SMOKE", source: "runtime" });

  // The page: GET / must give HTML, as the hosting dispatcher would serve it from the built assets.
  await checkPage(build, problem);
  if (!build.server) return { ok: problems.length === 0, problems };

  const host = appHost(env, options.exports);
  const db = host.database(options.projectId, "scratch");
  let worker: (AppFetcher & { dispose(): Promise<void> }) | null = null;
  try {
    // A clean slate each time: whatever an earlier run (or a rollback check) left is dropped first.
    await db.destroy();
    if (build.migrations.length > 0) {
      try {
        await db.applyMigrations(build.migrations.map((m) => ({ name: m.name, sql: m.sql })));
      } catch (err) {
        problem(`The migrations do not apply to an empty database: ${(err as Error).message}`);
        return { ok: false, problems };
      }
    }

    try {
      worker = await loadApp(env, build.server, options);
    } catch (err) {
      problem(`The app's server code does not load: ${(err as Error).message}`);
      return { ok: false, problems };
    }
    const timeoutMs = options.timeoutMs ?? 10_000;
    const send = async (
      method: string,
      path: string,
      body?: unknown,
      token?: string,
    ): Promise<{ status: number; text: string; json: any } | null> => {
      const headers: Record<string, string> = { accept: "application/json" };
      if (body !== undefined) headers["content-type"] = "application/json";
      if (token) headers.authorization = `Bearer ${token}`;
      const label = `${method} /${path}${body !== undefined ? ` ${clip(JSON.stringify(body), 200)}` : ""}`;
      let timer: ReturnType<typeof setTimeout> | undefined;
      try {
        const res = await Promise.race([
          worker!.fetch(
            new Request(`${ORIGIN}/${path}`, {
              method,
              headers,
              body: body === undefined ? undefined : JSON.stringify(body),
            }),
          ),
          new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs / 1000} s`)), timeoutMs);
          }),
        ]);
        const text = await res.text();
        const thrown = res.headers.get(APP_ERROR_HEADER);
        if (thrown !== null) {
          problem(`${label} threw an error in the app's Worker: ${clip(decodeURIComponent(thrown), MAX_TEXT)}`);
          return null;
        }
        if (res.status >= 500) {
          // The app's error handler hides the cause from its answer; the isolate's console has it.
          const logged = decodeLog(res.headers.get(LOG_HEADER));
          const cause = logged.length > 0 ? ` — the Worker logged: ${clip(logged.join(" | "), MAX_TEXT)}` : "";
          problem(`${label} answered ${res.status}: ${clip(text.trim() || "(empty body)", 300)}${cause}`);
          return null;
        }
        let json: any = null;
        try {
          json = text ? JSON.parse(text) : null;
        } catch {
          /* not JSON: the callers say what they expected */
        }
        return { status: res.status, text, json };
      } catch (err) {
        problem(
          `${label} threw an error in the app's Worker: ${clip((err as Error).message ?? String(err), MAX_TEXT)}`,
        );
        return null;
      } finally {
        if (timer !== undefined) clearTimeout(timer);
      }
    };

    // An app user, when the app has login (the template's auth routes).
    let token: string | undefined;
    if (plan.needsAuth) {
      const reg = await send("POST", "api/auth/register", {
        email: "smoke@example.com",
        password: "smoke test password",
      });
      if (!reg) return { ok: false, problems };
      if (reg.status !== 201 || typeof reg.json?.token !== "string") {
        problem(`POST /api/auth/register answered ${reg.status} without a token: ${clip(reg.text, MAX_TEXT)}`);
        return { ok: false, problems };
      }
      token = reg.json.token;
    }

    // An app without tables (a content site) still answers requests: its Worker must not fail on one.
    if (plan.dataModel.tables.length === 0) await send("GET", "api/health");

    // Every table: create, list, read one, update; deleted afterwards, children before parents.
    const created = new Map<string, string>();
    const order = tablesInOrder(plan);
    for (const table of order) {
      const path = `api/${table.name}`;
      const body = sampleRow(table, created, "create");
      const made = await send("POST", path, body, token);
      if (!made) continue;
      if (made.status !== 201 && made.status !== 200) {
        problem(
          `POST /${path} ${clip(JSON.stringify(body), 200)} answered ${made.status}, not 201, for a valid ${table.singular.replace(/_/g, " ")}: ${clip(made.text, MAX_TEXT)}`,
        );
        continue;
      }
      const id = typeof made.json?.id === "string" || typeof made.json?.id === "number" ? String(made.json.id) : null;
      if (!id) {
        problem(`POST /${path} answered ${made.status} without the new row's id: ${clip(made.text, MAX_TEXT)}`);
        continue;
      }
      created.set(table.name, id);

      const list = await send("GET", path, undefined, token);
      if (list && list.status !== 200)
        problem(`GET /${path} answered ${list.status}, not 200: ${clip(list.text, MAX_TEXT)}`);
      else if (list && !JSON.stringify(list.json ?? null).includes(JSON.stringify(id)))
        problem(
          `GET /${path} does not list the ${table.singular.replace(/_/g, " ")} just created (${id}): ${clip(list.text, MAX_TEXT)}`,
        );

      const one = await send("GET", `${path}/${encodeURIComponent(id)}`, undefined, token);
      if (one && one.status !== 200)
        problem(`GET /${path}/${id} answered ${one.status}, not 200: ${clip(one.text, MAX_TEXT)}`);

      const update = sampleRow(table, created, "update");
      const put = await send("PUT", `${path}/${encodeURIComponent(id)}`, update, token);
      if (put && put.status !== 200)
        problem(
          `PUT /${path}/${id} ${clip(JSON.stringify(update), 200)} answered ${put.status}, not 200: ${clip(put.text, MAX_TEXT)}`,
        );
    }
    for (const table of [...order].reverse()) {
      const id = created.get(table.name);
      if (!id) continue;
      const path = `api/${table.name}/${encodeURIComponent(id)}`;
      const del = await send("DELETE", path, undefined, token);
      if (del && del.status !== 204 && del.status !== 200)
        problem(`DELETE /${path} answered ${del.status}: ${clip(del.text, MAX_TEXT)}`);
    }
  } finally {
    await worker?.dispose().catch(() => {});
    await db.destroy().catch(() => {});
  }
  return { ok: problems.length === 0, problems };
}

/** GET / through the same asset rules as hosting (single-page app), from the build's output. */
async function checkPage(build: Pick<BuildResult, "assets">, problem: (message: string) => void) {
  const entries: Record<string, AssetEntry> = {};
  for (const [path, asset] of Object.entries(build.assets)) {
    entries[path] = {
      hash: path,
      size: typeof asset.body === "string" ? asset.body.length : asset.body.byteLength,
      contentType: asset.contentType,
    };
  }
  const artifact = {
    assets: entries,
    config: AssetConfigSchema.parse({ not_found_handling: "single-page-application" }),
  } as unknown as VersionArtifact;
  const read = async (path: string) => {
    const body = build.assets[path]?.body;
    return body === undefined
      ? null
      : typeof body === "string"
        ? (new TextEncoder().encode(body).buffer as ArrayBuffer)
        : (body.slice().buffer as ArrayBuffer);
  };
  const res = await serveAsset(new Request(`${ORIGIN}/`, { headers: { accept: "text/html" } }), "/", artifact, read, {
    basePath: "",
    fallback: true,
  });
  if (!res || res.status !== 200) {
    problem(
      `GET / answered ${res?.status ?? 404}, not 200: the app has no page at its root (no index.html in the build).`,
    );
    return;
  }
  const html = await res.text();
  if (!(res.headers.get("content-type") ?? "").includes("text/html") || !/<html|<!doctype html/i.test(html)) {
    problem(`GET / did not answer an HTML page: ${clip(html, 200)}`);
    return;
  }
  // The page's own scripts and styles must be in the build.
  for (const m of html.matchAll(/<(?:script|link)\b[^>]*\b(?:src|href)=["'](\/[^"'#?]*)["']/gi)) {
    const path = m[1]!;
    if (!build.assets[path]) problem(`GET / loads ${path}, which is not in the build.`);
  }
}

/**
 * The built server code in a throwaway isolate on the app's host: the app's modules behind Kiln's
 * main module and the recorder above, over the scratch database, with storage of its own inside
 * the project (deleted with it) and no network.
 */
function loadApp(env: Env, server: NonNullable<BuildResult["server"]>, options: SmokeOptions) {
  const secret = Array.from(crypto.getRandomValues(new Uint8Array(32)), (b) => b.toString(16).padStart(2, "0")).join(
    "",
  );
  const code = appCode(
    builtServerCode(server),
    { JWT_SECRET: secret },
    { mainModule: "__kiln_smoke.js", source: SMOKE_MAIN },
  );
  const spec = {
    projectId: options.projectId,
    database: "scratch" as const,
    storage: "smoke" as const,
    assetsVersion: "smoke",
    network: false,
    cpuMs: 2000,
    subRequests: 50,
  };
  return appHost(env, options.exports).oneOffWorker(spec, code);
}

/** Tables with the ones they reference first, so a reference can name a row that exists. */
function tablesInOrder(plan: Plan): PlanTable[] {
  const done = new Set<string>();
  const out: PlanTable[] = [];
  const visit = (table: PlanTable, path: Set<string>) => {
    if (done.has(table.name) || path.has(table.name)) return;
    path.add(table.name);
    for (const c of fieldColumns(table)) {
      const target = c.kind === "reference" ? plan.dataModel.tables.find((t) => t.name === c.references) : undefined;
      if (target && target.name !== table.name) visit(target, path);
    }
    done.add(table.name);
    out.push(table);
  };
  for (const table of plan.dataModel.tables) visit(table, new Set());
  return out;
}

/** Plausible values for every field of a table, by column kind. */
function sampleRow(
  table: PlanTable,
  created: Map<string, string>,
  purpose: "create" | "update",
): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const column of fieldColumns(table)) {
    const value = sampleValue(column, created, purpose);
    if (value !== undefined) row[column.name] = value;
  }
  return row;
}

function sampleValue(column: PlanColumn, created: Map<string, string>, purpose: "create" | "update"): unknown {
  return KINDS[column.kind].smoke.sample(
    column,
    purpose,
    column.references ? created.get(column.references) : undefined,
  );
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
