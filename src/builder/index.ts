// The in-platform builder: an app's source files in, deployable output out, inside the platform
// Worker (workerd), with no network and no Node. See docs in src/builder/README.md.
//
//   client  esbuild-wasm bundles index.html's module script; react, react-dom, react-router and
//           hono/client stay external and resolve through an import map to vendored, content-hashed
//           modules shipped as assets (/assets/vendor/…). CSS imports go to Tailwind's compile().
//   server  esbuild-wasm bundles worker/index.ts (or wrangler.jsonc's "main") into app.js; hono and
//           its subpaths are the vendored modules vendor/*.js, imported by relative module name.
//   checks  TypeScript in its own isolate (Worker Loader), migrations against a scratch SQLite DO,
//           both in parallel with the bundling.
import { initEsbuild } from "./esbuild";
import { DEFAULT_LIMITS, LimitError, elapsed, kilnError, mb } from "./limits";
import { buildClient } from "./client";
import { checkMigrations, collectMigrations } from "./migrations";
import { buildServer } from "./server";
import { typecheck } from "./typecheck";
import type { BuildError, BuildLimits, BuildOptions, BuildResult, BuildTimings } from "./types";

export type * from "./types";
export { DEFAULT_LIMITS } from "./limits";
export { esbuildMemoryBytes } from "./esbuild";
export { CLIENT_PACKAGES, SERVER_PACKAGES } from "./project-files";
export { readWranglerConfig, type WranglerConfig } from "./wrangler-config";

export async function buildApp(input: Record<string, string>, options: BuildOptions = {}): Promise<BuildResult> {
  const started = performance.now();
  // A build warms this isolate as well as a warm-up would: none is started after it.
  warming ??= Promise.resolve(null);
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const timings: BuildTimings = { total: 0, esbuildInit: 0, client: 0, server: 0, tailwind: 0, typescript: 0, sql: 0 };
  const fail = (diagnostics: BuildError[]): BuildResult => {
    timings.total = elapsed(started);
    return {
      ok: false,
      assets: {},
      sourceMaps: {},
      previewAssets: {},
      server: null,
      migrations: [],
      diagnostics,
      timings,
    };
  };

  // Input: normalised project paths, build output and installed packages ignored, limits first.
  const files: Record<string, string> = {};
  let sourceBytes = 0;
  for (const [raw, text] of Object.entries(input)) {
    const path = raw.replace(/^\.?\/+/, "");
    if (/^(node_modules|dist|\.git|\.wrangler)\//.test(path)) continue;
    if (typeof text !== "string")
      return fail([
        kilnError("INPUT_NOT_TEXT", `${path} is not text; the builder takes source files as strings.`, path),
      ]);
    files[path] = text;
    sourceBytes += text.length;
  }
  const count = Object.keys(files).length;
  if (count > limits.maxFiles)
    return fail([kilnError("LIMIT_FILES", `The app has ${count} files; the limit is ${limits.maxFiles}.`)]);
  if (sourceBytes > limits.maxSourceBytes) {
    return fail([
      kilnError(
        "LIMIT_SOURCE_SIZE",
        `The app's sources are ${mb(sourceBytes)}; the limit is ${mb(limits.maxSourceBytes)}.`,
      ),
    ]);
  }

  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new LimitError(
            kilnError("LIMIT_BUILD_TIME", `The build took longer than ${limits.maxBuildMs / 1000} s and was stopped.`),
          ),
        ),
      limits.maxBuildMs,
    );
  });
  try {
    return await Promise.race([build(files, options, limits, timings, started), deadline]);
  } catch (err) {
    if (err instanceof LimitError) return fail([err.error]);
    throw err;
  } finally {
    if (timer !== undefined) clearTimeout(timer);
  }
}

async function build(
  files: Record<string, string>,
  options: BuildOptions,
  limits: BuildLimits,
  timings: BuildTimings,
  started: number,
): Promise<BuildResult> {
  const diagnostics: BuildError[] = [];
  const migrations = collectMigrations(files);

  // The checks run in other isolates / Durable Objects while this one bundles.
  const wantTypes = options.loader && options.typecheck !== false;
  const typesPromise = wantTypes
    ? (async () => {
        const t = performance.now();
        try {
          const r = await typecheck(options.loader!, files, options.cacheKey);
          for (const [k, v] of Object.entries(r.timings)) timings[`typescript.${k}`] = v;
          return r.diagnostics;
        } catch (err) {
          // The checker's own failure must not block a build it has no verdict on, but it is said:
          // the agent's check phase shows this warning and does not take it for "no errors".
          return [
            {
              ...kilnError("TYPECHECK_FAILED", `TypeScript could not check this build: ${(err as Error).message}`),
              severity: "warning" as const,
            },
          ];
        } finally {
          timings.typescript = elapsed(t);
        }
      })()
    : Promise.resolve([] as BuildError[]);
  const sqlPromise = options.migrationDb
    ? (async () => {
        const t = performance.now();
        try {
          return await checkMigrations(options.migrationDb!, migrations);
        } finally {
          timings.sql = elapsed(t);
        }
      })()
    : Promise.resolve([] as BuildError[]);

  // esbuild runs on microtasks (see esbuild.ts), so the deadline timer may not get a turn while it
  // works: the budget is also checked between phases.
  const checkTime = () => {
    if (performance.now() - started > limits.maxBuildMs) {
      throw new LimitError(
        kilnError("LIMIT_BUILD_TIME", `The build took longer than ${limits.maxBuildMs / 1000} s and was stopped.`),
      );
    }
  };
  let t = performance.now();
  await initEsbuild();
  timings.esbuildInit = elapsed(t);
  checkTime();

  t = performance.now();
  const client = await buildClient(files, options);
  timings.client = elapsed(t) - client.tailwindMs - client.sourceTagsMs;
  timings.tailwind = client.tailwindMs;
  timings.sourceTags = client.sourceTagsMs;
  diagnostics.push(...client.diagnostics);
  checkTime();

  t = performance.now();
  const server = await buildServer(files);
  timings.server = elapsed(t);
  diagnostics.push(...server.diagnostics);
  checkTime();

  const [typeErrors, sqlErrors] = await Promise.all([typesPromise, sqlPromise]);
  diagnostics.push(...typeErrors, ...sqlErrors);
  checkTime();

  const blocking = diagnostics.some((d) => d.severity === "error" && (d.source !== "typescript" || options.strict));
  const result: BuildResult = {
    ok: !blocking,
    assets: blocking ? {} : client.assets,
    sourceMaps: blocking ? {} : client.sourceMaps,
    previewAssets: blocking ? {} : client.previewAssets,
    server: blocking ? null : server.server,
    migrations: migrations.map(({ name, sql }) => ({ name, sql })),
    diagnostics,
    timings,
  };
  if (!blocking) {
    let outBytes = 0;
    for (const a of Object.values(result.assets))
      outBytes += typeof a.body === "string" ? utf8Length(a.body) : a.body.byteLength;
    for (const m of Object.values(result.server?.modules ?? {})) outBytes += utf8Length(m);
    timings.outputBytes = outBytes;
    if (outBytes > limits.maxOutputBytes) {
      result.ok = false;
      result.assets = {};
      result.sourceMaps = {};
      result.previewAssets = {};
      result.server = null;
      diagnostics.push(
        kilnError(
          "LIMIT_OUTPUT_SIZE",
          `The build output is ${mb(outBytes)}; the limit is ${mb(limits.maxOutputBytes)}.`,
        ),
      );
    }
  }
  timings.total = elapsed(started);
  return result;
}

function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c <= 0xdbff ? (i++, 4) : 3;
  }
  return n;
}

/**
 * Pays the cold costs before a user waits for them: esbuild's initialisation and first builds
 * (V8 tiers esbuild.wasm up in the background), Tailwind's first compile, and the type-checker
 * isolate's start with TypeScript's lib files parsed. Call it with ctx.waitUntil() when a
 * builder session starts (e.g. when a project is opened); it never throws.
 */
let warming: Promise<BuildTimings | null> | undefined;

/**
 * warmBuilder, at most once per isolate: callers that ask while it runs share it, and once it
 * (or any build) has run it costs nothing. Answers the warm-up's timings (null when it was not
 * needed or failed).
 */
export function warmBuilderOnce(loader?: WorkerLoader): Promise<BuildTimings | null> {
  return (warming ??= warmBuilder(loader));
}

export async function warmBuilder(loader?: WorkerLoader): Promise<BuildTimings | null> {
  const files = {
    "index.html":
      '<!doctype html><html><head></head><body><div id="root"></div><script type="module" src="./src/main.tsx"></script></body></html>',
    "src/main.tsx":
      'import { createRoot } from "react-dom/client";\nimport "./index.css";\ncreateRoot(document.body).render(<p className="p-4">warm</p>);\n',
    "src/index.css": '@import "tailwindcss";\n',
    "worker/index.ts":
      'import { Hono } from "hono";\nexport default new Hono().get("/api/x", (c) => c.json({ ok: true }));\n',
  };
  try {
    return (await buildApp(files, { loader, cacheKey: "__kiln_warm" })).timings;
  } catch {
    return null;
  }
}
