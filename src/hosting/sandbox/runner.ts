import { WorkerEntrypoint } from "cloudflare:workers";
import { appDatabase } from "../database/app-db";
import { APP_ENVIRONMENTS, type AppEnvironment } from "../app-environment";
import { egressFetch } from "../network/egress";
import type { ListOptions, PutOptions, StorageArea } from "../storage/operations";
import { loaderCode, type AppWorkerCode, type AppWorkerSpec } from "../loader/worker-code";
import { sameSecret } from "../../security/same-secret";
import {
  APP_ERROR_HEADER,
  BUDGET_HEADER,
  PROJECT_HEADER,
  SECRET_HEADER,
  URL_HEADER,
  WORKER_HEADER,
  fromWire,
  toWire,
} from "./wire";

export { AppDatabase } from "../database/app-database";
export { AppDb } from "../database/entrypoint";

/**
 * The Worker inside each local sandbox process (started by cli/sandbox for one project). It runs
 * the project's isolates in its own Worker Loader and keeps the project's databases as its own
 * SQLite Durable Objects; storage, static files and code come from the platform over loopback.
 * Its network (the workerd config) admits public addresses only, so an app's fetch() cannot reach
 * loopback or private addresses whatever name it uses for them.
 */

interface RunnerEnv {
  LOADER: WorkerLoader;
  APP_DB: DurableObjectNamespace;
  /** The platform, over loopback (not reachable by app code: apps only get the bindings below). */
  PLATFORM: Fetcher;
  KILN_PROJECT: string;
  KILN_SANDBOX_SECRET: string;
  PLATFORM_HOSTS?: string;
  APPS_DOMAIN?: string;
}

/** Headers between the platform and the sandbox, which the app never sees. */
const INTERNAL_HEADERS = [SECRET_HEADER, PROJECT_HEADER, WORKER_HEADER, URL_HEADER, BUDGET_HEADER];
const DB_OPERATIONS = new Set([
  "query",
  "exec",
  "applyMigrations",
  "appliedMigrations",
  "dump",
  "restore",
  "destroy",
  "stats",
]);

export default {
  async fetch(request: Request, env: RunnerEnv, ctx: ExecutionContext): Promise<Response> {
    if (!sameSecret(request.headers.get(SECRET_HEADER), env.KILN_SANDBOX_SECRET))
      return new Response("Not found", { status: 404 });
    const path = new URL(request.url).pathname;
    if (path === "/run") return run(request, env, ctx);
    if (path === "/db") return database(request, env);
    if (path === "/ping") return new Response("ok");
    if (path === "/ids")
      return Response.json(
        Object.fromEntries(
          APP_ENVIRONMENTS.map((e) => [e, env.APP_DB.idFromName(`${env.KILN_PROJECT}:${e}`).toString()]),
        ),
      );
    return new Response("Not found", { status: 404 });
  },
} satisfies ExportedHandler<RunnerEnv>;

async function run(request: Request, env: RunnerEnv, ctx: ExecutionContext): Promise<Response> {
  const ref = request.headers.get(WORKER_HEADER) ?? "";
  const target = request.headers.get(URL_HEADER) ?? "";
  if (
    request.headers.get(PROJECT_HEADER) !== env.KILN_PROJECT ||
    (!ref.startsWith(`v:${env.KILN_PROJECT}:`) && !ref.startsWith(`s:${env.KILN_PROJECT}:`))
  ) {
    return new Response("This sandbox serves another project.", { status: 400 });
  }
  const headers = new Headers(request.headers);
  for (const h of INTERNAL_HEADERS) headers.delete(h);
  const hasBody = request.method !== "GET" && request.method !== "HEAD";
  subrequests.begin();
  try {
    const worker = env.LOADER.get(ref, () => pull(env, ctx, ref)).getEntrypoint();
    return await worker.fetch(
      new Request(target, { method: request.method, headers, body: hasBody ? request.body : null, redirect: "manual" }),
    );
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return new Response(message, {
      status: 500,
      headers: { [APP_ERROR_HEADER]: encodeURIComponent(message.slice(0, 1000)) },
    });
  } finally {
    subrequests.end();
  }
}

/** An isolate's code, fetched from the platform the first time its id is used in this process. */
async function pull(env: RunnerEnv, ctx: ExecutionContext, ref: string): Promise<WorkerLoaderWorkerCode> {
  const res = await env.PLATFORM.fetch(`http://platform/__kiln/sandbox/worker?ref=${encodeURIComponent(ref)}`, {
    headers: { [SECRET_HEADER]: env.KILN_SANDBOX_SECRET },
  });
  if (!res.ok)
    throw new Error(`The platform has no code for ${ref} (${res.status}: ${(await res.text()).slice(0, 200)})`);
  const { spec, code } = fromWire<{ spec: AppWorkerSpec; code: AppWorkerCode }>(await res.text());
  if (spec.projectId !== env.KILN_PROJECT) throw new Error("The platform sent code of another project.");
  const exports = (ctx as ExecutionContext & { exports: Cloudflare.Exports }).exports as unknown as RunnerExports;
  const { projectId } = spec;
  return loaderCode(spec, code, {
    db: spec.database ? exports.AppDb({ props: { projectId, environment: spec.database } }) : undefined,
    storage: spec.storage ? exports.AppStorage({ props: { projectId, area: spec.storage } }) : undefined,
    assets: spec.assetsVersion ? exports.AppAssets({ props: { projectId, versionId: spec.assetsVersion } }) : undefined,
    outbound: exports.Egress({ props: { projectId, subRequests: spec.subRequests } }),
  });
}

type Stub = (options: { props: Record<string, unknown> }) => Fetcher;
interface RunnerExports {
  AppDb: Stub;
  AppStorage: Stub;
  AppAssets: Stub;
  Egress: Stub;
}

/** The platform's database operations on this project's databases (migrations, dumps, restores). */
async function database(request: Request, env: RunnerEnv): Promise<Response> {
  const { projectId, environment, op, args } = fromWire<{
    projectId: string;
    environment: AppEnvironment;
    op: string;
    args: unknown[];
  }>(await request.text());
  if (
    projectId !== env.KILN_PROJECT ||
    !APP_ENVIRONMENTS.includes(environment) ||
    !DB_OPERATIONS.has(op) ||
    !Array.isArray(args)
  ) {
    return new Response("Not a database operation of this project.", { status: 400 });
  }
  const db = appDatabase(env, projectId, environment) as unknown as Record<
    string,
    (...a: unknown[]) => Promise<unknown>
  >;
  let answer: { ok: true; value: unknown } | { ok: false; error: string };
  try {
    answer = { ok: true, value: await db[op]!(...args) };
  } catch (err) {
    answer = { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
  return new Response(toWire(answer), { headers: { "content-type": "application/json" } });
}

/**
 * Subrequests, counted as Cloudflare counts them per request (`limits.subRequests`), which local
 * workerd does not. An outbound request cannot say which of the app's requests made it, so the
 * requests in flight share their allowances; the count starts again when a request arrives at an
 * idle process.
 */
const subrequests = {
  inFlight: 0,
  spent: 0,
  begin() {
    if (this.inFlight === 0) this.spent = 0;
    this.inFlight++;
  },
  end() {
    this.inFlight--;
  },
  spend(limit: number) {
    if (this.spent >= limit * Math.max(1, this.inFlight))
      throw new Error(`Too many subrequests: an app may make ${limit} per request.`);
    this.spent++;
  },
};

/** Every outbound fetch() of an app: the platform's hosts refused by name, private addresses by the network. */
export class Egress extends WorkerEntrypoint<RunnerEnv, { projectId: string; subRequests: number }> {
  override fetch(request: Request): Promise<Response> {
    return egressFetch(request, this.env, () => subrequests.spend(this.ctx.props.subRequests));
  }
}

/** The app's `env.STORAGE`, kept by the platform in R2 under the app's prefix. */
export class AppStorage extends WorkerEntrypoint<RunnerEnv, { projectId: string; area: StorageArea }> {
  async head(key: string) {
    return fromWire(await (await storageCall(this.env, this.ctx.props, "head", { key })).text());
  }

  async get(key: string, options?: { range?: R2Range }) {
    const res = await storageCall(this.env, this.ctx.props, "get", { key, range: options?.range });
    if (res.status === 404) return null;
    return {
      meta: fromWire(decodeURIComponent(res.headers.get("x-kiln-meta") ?? "null")),
      bytes: await res.arrayBuffer(),
    };
  }

  async put(key: string, bytes: ArrayBuffer, options?: PutOptions) {
    return fromWire(await (await storageCall(this.env, this.ctx.props, "put", { key, options }, bytes)).text());
  }

  async delete(keys: string | string[]) {
    await storageCall(this.env, this.ctx.props, "delete", { keys });
  }

  async list(options?: ListOptions) {
    return fromWire(await (await storageCall(this.env, this.ctx.props, "list", { options })).text());
  }
}

async function storageCall(
  env: RunnerEnv,
  props: { projectId: string; area: StorageArea },
  op: string,
  args: Record<string, unknown>,
  bytes?: ArrayBuffer,
): Promise<Response> {
  const headers: Record<string, string> = { [SECRET_HEADER]: env.KILN_SANDBOX_SECRET };
  if (bytes) headers["x-kiln-args"] = encodeURIComponent(toWire(args));
  const res = await env.PLATFORM.fetch(
    `http://platform/__kiln/sandbox/storage/${props.projectId}/${props.area}/${op}`,
    { method: "POST", headers, body: bytes ?? toWire(args) },
  );
  if (res.status >= 500)
    throw new Error(
      ((await res.json().catch(() => null)) as { error?: string } | null)?.error ??
        `STORAGE.${op} failed (${res.status})`,
    );
  return res;
}

/** The app's `env.ASSETS`: its own version's static files, served by the platform. */
export class AppAssets extends WorkerEntrypoint<RunnerEnv, { projectId: string; versionId: string }> {
  override fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const headers = new Headers(request.headers);
    headers.set(SECRET_HEADER, this.env.KILN_SANDBOX_SECRET);
    return this.env.PLATFORM.fetch(
      `http://platform/__kiln/sandbox/assets/${this.ctx.props.projectId}/${this.ctx.props.versionId}${url.pathname}${url.search}`,
      { method: request.method, headers },
    );
  }
}
