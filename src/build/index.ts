// The in-platform builder: an app's source files in, deployable output out, inside the platform
// Worker (workerd), with no network and no Node. See docs in src/build/README.md.
//
//   client  esbuild-wasm bundles index.html's module script; react, react-dom, react-router and
//           hono/client stay external and resolve through an import map to vendored, content-hashed
//           modules shipped as assets (/assets/vendor/…). CSS imports go to Tailwind's compile().
//   server  esbuild-wasm bundles worker/index.ts (or wrangler.jsonc's "main") into app.js; hono and
//           its subpaths are the vendored modules vendor/*.js, imported by relative module name.
//   checks  TypeScript in its own isolate (Worker Loader), migrations against a scratch SQLite DO,
//           both in parallel with the bundling.
import vendoredClient from "../../dist/vendor/client.js";
import vendoredServer from "../../dist/vendor/server.js";
import { contentTypeFor } from "./content-types";
import { initEsbuild, loaderFor, resolveFile, runBuild, type esbuild } from "./esbuild";
import { checkMigrations, collectMigrations } from "./migrations";
import { buildCss, extractCandidates } from "./tailwind";
import { typecheck } from "./typecheck";
import type { BuildError, BuildLimits, BuildOptions, BuildResult, BuildTimings, BuiltAsset, BuiltServer } from "./types";

export type * from "./types";

export const DEFAULT_LIMITS: BuildLimits = {
  maxFiles: 2000,
  maxSourceBytes: 10 * 1024 * 1024,
  maxOutputBytes: 100 * 1024 * 1024,
  maxBuildMs: 30_000,
};

/** Packages an app's browser code may import (the import map's keys). */
export const CLIENT_PACKAGES = Object.keys(vendoredClient.importmap);
/** Packages an app's Worker may import. */
export const SERVER_PACKAGES = Object.keys(vendoredServer.imports);

const JS = contentTypeFor("index.js");
const contentType = contentTypeFor;
const elapsed = (since: number) => Math.round((performance.now() - since) * 10) / 10;

class LimitError extends Error {
  constructor(public readonly error: BuildError) {
    super(error.message);
  }
}

function kilnError(code: string, message: string, file = ""): BuildError {
  return { file, line: 0, column: 0, message, code, source: "kiln", severity: "error" };
}

export async function buildApp(input: Record<string, string>, options: BuildOptions = {}): Promise<BuildResult> {
  const started = performance.now();
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const timings: BuildTimings = { total: 0, esbuildInit: 0, client: 0, server: 0, tailwind: 0, typescript: 0, sql: 0 };
  const fail = (diagnostics: BuildError[]): BuildResult => {
    timings.total = elapsed(started);
    return { ok: false, assets: {}, server: null, migrations: [], diagnostics, timings };
  };

  // Input: normalised project paths, build output and installed packages ignored, limits first.
  const files: Record<string, string> = {};
  let sourceBytes = 0;
  for (const [raw, text] of Object.entries(input)) {
    const path = raw.replace(/^\.?\/+/, "");
    if (/^(node_modules|dist|\.git|\.wrangler)\//.test(path)) continue;
    if (typeof text !== "string") return fail([kilnError("INPUT_NOT_TEXT", `${path} is not text; the builder takes source files as strings.`, path)]);
    files[path] = text;
    sourceBytes += text.length;
  }
  const count = Object.keys(files).length;
  if (count > limits.maxFiles) return fail([kilnError("LIMIT_FILES", `The app has ${count} files; the limit is ${limits.maxFiles}.`)]);
  if (sourceBytes > limits.maxSourceBytes) {
    return fail([kilnError("LIMIT_SOURCE_SIZE", `The app's sources are ${mb(sourceBytes)}; the limit is ${mb(limits.maxSourceBytes)}.`)]);
  }

  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new LimitError(kilnError("LIMIT_BUILD_TIME", `The build took longer than ${limits.maxBuildMs / 1000} s and was stopped.`))),
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

async function build(files: Record<string, string>, options: BuildOptions, limits: BuildLimits, timings: BuildTimings, started: number): Promise<BuildResult> {
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
          // The checker's own failure must not block a build it has no verdict on.
          return [{ ...kilnError("TYPECHECK_FAILED", `Type-checking could not run: ${(err as Error).message}`), severity: "warning" as const }];
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
      throw new LimitError(kilnError("LIMIT_BUILD_TIME", `The build took longer than ${limits.maxBuildMs / 1000} s and was stopped.`));
    }
  };
  let t = performance.now();
  await initEsbuild();
  timings.esbuildInit = elapsed(t);
  checkTime();

  t = performance.now();
  const client = await buildClient(files, options);
  timings.client = elapsed(t) - client.tailwindMs;
  timings.tailwind = client.tailwindMs;
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
    server: blocking ? null : server.server,
    migrations: migrations.map(({ name, sql }) => ({ name, sql })),
    diagnostics,
    timings,
  };
  if (!blocking) {
    let outBytes = 0;
    for (const a of Object.values(result.assets)) outBytes += typeof a.body === "string" ? utf8Length(a.body) : a.body.byteLength;
    for (const m of Object.values(result.server?.modules ?? {})) outBytes += utf8Length(m);
    timings.outputBytes = outBytes;
    if (outBytes > limits.maxOutputBytes) {
      result.ok = false;
      result.assets = {};
      result.server = null;
      diagnostics.push(kilnError("LIMIT_OUTPUT_SIZE", `The build output is ${mb(outBytes)}; the limit is ${mb(limits.maxOutputBytes)}.`));
    }
  }
  timings.total = elapsed(started);
  return result;
}

// ───────────────────────────── client ─────────────────────────────

interface ClientOutput {
  assets: Record<string, BuiltAsset>;
  diagnostics: BuildError[];
  tailwindMs: number;
}

async function buildClient(files: Record<string, string>, options: BuildOptions): Promise<ClientOutput> {
  const html = files["index.html"];
  if (html === undefined) return { assets: {}, diagnostics: [kilnError("INPUT_NO_INDEX_HTML", "The app has no index.html.", "index.html")], tailwindMs: 0 };
  const script = /<script\b[^>]*\btype=["']module["'][^>]*\bsrc=["']([^"']+)["'][^>]*>\s*<\/script>/i.exec(html)
    ?? /<script\b[^>]*\bsrc=["']([^"']+)["'][^>]*\btype=["']module["'][^>]*>\s*<\/script>/i.exec(html);
  if (!script) return { assets: {}, diagnostics: [kilnError("INPUT_NO_ENTRY", 'index.html has no <script type="module" src="…"> entry.', "index.html")], tailwindMs: 0 };
  const entry = resolveFile(files, "", script[1]!.replace(/^\.\//, "/"));
  if (!entry) return { assets: {}, diagnostics: [kilnError("INPUT_NO_ENTRY", `index.html's module script ${script[1]} does not exist.`, "index.html")], tailwindMs: 0 };

  const cssImports: string[] = [];
  const { result, diagnostics } = await runBuild({
    entryPoints: [{ in: entry, out: "index" }],
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    minify: options.minify ?? true,
    write: false,
    metafile: true,
    outdir: "/assets",
    entryNames: "[name]-[hash]",
    chunkNames: "chunk-[hash]",
    assetNames: "[name]-[hash]",
    jsx: "automatic",
    jsxImportSource: "react",
    define: {
      "process.env.NODE_ENV": '"production"',
      "import.meta.env.MODE": '"production"',
      "import.meta.env.PROD": "true",
      "import.meta.env.DEV": "false",
      "import.meta.env.SSR": "false",
      "import.meta.env.BASE_URL": '"./"',
    },
    legalComments: "none",
    plugins: [projectFiles(files, "client", cssImports)],
  });
  if (!result) return { assets: {}, diagnostics, tailwindMs: 0 };

  const assets: Record<string, BuiltAsset> = {};
  let entryUrl = "";
  for (const out of result.outputFiles!) {
    assets[out.path] = { body: out.path.endsWith(".js") || out.path.endsWith(".css") ? out.text : out.contents, contentType: contentType(out.path) };
    const meta = result.metafile!.outputs[out.path.slice(1)] ?? result.metafile!.outputs[out.path];
    if (meta?.entryPoint) entryUrl = out.path;
  }
  if (!entryUrl) entryUrl = Object.keys(assets).find((p) => /^\/assets\/index-[^/]+\.js$/.test(p)) ?? "";

  // Tailwind: every imported stylesheet, in import order, against the candidates of all sources.
  const t = performance.now();
  let css = "";
  if (cssImports.length) {
    const candidates = extractCandidates(files);
    for (const path of cssImports) {
      const r = await buildCss(path, files[path]!, candidates);
      diagnostics.push(...r.diagnostics);
      css += r.css;
    }
  }
  const tailwindMs = elapsed(t);
  let cssUrl = "";
  if (css) {
    cssUrl = `/assets/index-${await shortHash(css)}.css`;
    assets[cssUrl] = { body: css, contentType: contentType(cssUrl) };
  }

  for (const [path, text] of Object.entries(vendoredClient.files)) assets[`/assets/${path}`] = { body: text, contentType: JS };
  for (const [path, text] of Object.entries(files)) {
    if (path.startsWith("public/")) assets[`/${path.slice("public/".length)}`] = { body: text, contentType: contentType(path) };
  }
  assets["/index.html"] = { body: rewriteHtml(html, script[0], entryUrl, cssUrl), contentType: contentTypeFor("index.html") };
  return { assets, diagnostics, tailwindMs };
}

/**
 * index.html with the entry script pointing at the bundle, the import map for the vendored
 * packages and the stylesheet. All URLs are relative, so they resolve against the document's
 * <base href> both at a host's root and under /apps/<id>/.
 */
function rewriteHtml(html: string, scriptTag: string, entryUrl: string, cssUrl: string): string {
  const importmap = { imports: Object.fromEntries(Object.entries(vendoredClient.importmap).map(([spec, path]) => [spec, `./assets/${path}`])) };
  const head = [
    `<script type="importmap">${JSON.stringify(importmap)}</script>`,
    ...(cssUrl ? [`<link rel="stylesheet" crossorigin href=".${cssUrl}">`] : []),
  ].join("\n    ");
  let out = html.replace(scriptTag, `<script type="module" crossorigin src=".${entryUrl}"></script>`);
  // The import map must come before any module script; the head is the natural place.
  const headEnd = out.search(/<\/head>/i);
  const firstModule = out.search(/<script\b[^>]*type=["']module["']/i);
  const at = headEnd >= 0 && (firstModule < 0 || headEnd < firstModule) ? headEnd : firstModule >= 0 ? firstModule : 0;
  out = `${out.slice(0, at)}  ${head}\n  ${out.slice(at)}`;
  return out;
}

// ───────────────────────────── server ─────────────────────────────

async function buildServer(files: Record<string, string>): Promise<{ server: BuiltServer | null; diagnostics: BuildError[] }> {
  const config = readWranglerConfig(files);
  const entry = resolveFile(files, "", config.main ?? "worker/index.ts") ?? resolveFile(files, "", "worker/index");
  if (!entry) return { server: null, diagnostics: [] }; // a static-only app
  const { result, diagnostics } = await runBuild({
    entryPoints: [entry],
    bundle: true,
    format: "esm",
    platform: "neutral",
    conditions: ["workerd", "worker", "browser"],
    mainFields: ["module", "main"],
    target: "es2022",
    minify: false,
    write: false,
    metafile: true,
    outfile: "app.js",
    legalComments: "none",
    plugins: [projectFiles(files, "server", [])],
  });
  if (!result) return { server: null, diagnostics };
  const modules: Record<string, string> = { "app.js": result.outputFiles![0]!.text };
  // The vendored modules app.js reaches (entries and their shared chunks), nothing more.
  const queue = Object.values(result.metafile!.outputs).flatMap((o) => o.imports.filter((i) => i.external && i.path.startsWith("./vendor/")).map((i) => i.path.slice(2)));
  while (queue.length) {
    const name = queue.pop()!;
    if (modules[name] !== undefined) continue;
    const text = vendoredServer.modules[name];
    if (text === undefined) continue;
    modules[name] = text;
    for (const m of text.matchAll(/(?:from|import)\s*["']\.\/([^"']+)["']/g)) queue.push(`vendor/${m[1]}`);
  }
  return {
    server: { mainModule: "app.js", modules, ...(config.compatibilityDate ? { compatibilityDate: config.compatibilityDate } : {}), ...(config.compatibilityFlags ? { compatibilityFlags: config.compatibilityFlags } : {}) },
    diagnostics,
  };
}

function readWranglerConfig(files: Record<string, string>): { main?: string; compatibilityDate?: string; compatibilityFlags?: string[] } {
  const text = files["wrangler.jsonc"] ?? files["wrangler.json"];
  if (!text) return {};
  try {
    const c = JSON.parse(stripJsonComments(text)) as { main?: string; compatibility_date?: string; compatibility_flags?: string[] };
    return { main: c.main, compatibilityDate: c.compatibility_date, compatibilityFlags: c.compatibility_flags };
  } catch {
    return {};
  }
}

/** JSONC → JSON: comments and trailing commas out, strings untouched. */
function stripJsonComments(text: string): string {
  return text
    .replace(/"(?:[^"\\]|\\.)*"|\/\/[^\n]*|\/\*[\s\S]*?\*\//g, (m) => (m.startsWith('"') ? m : ""))
    .replace(/,(\s*[}\]])/g, "$1");
}

// ───────────────────────────── resolution ─────────────────────────────

/**
 * Resolves imports against the project's files and the vendored packages, and nothing else:
 * there is no node_modules, so any other bare import is an error that names the import.
 */
function projectFiles(files: Record<string, string>, side: "client" | "server", cssImports: string[]): esbuild.Plugin {
  const available = side === "client" ? CLIENT_PACKAGES : SERVER_PACKAGES;
  return {
    name: "kiln-project",
    setup(build) {
      build.onResolve({ filter: /.*/ }, (args) => {
        if (args.kind === "entry-point") return { path: args.path, namespace: "app" };
        const spec = args.path.replace(/[?#].*$/, "");
        const fromDir = args.importer.includes("/") ? args.importer.slice(0, args.importer.lastIndexOf("/")) : "";
        if (spec.startsWith(".") || spec.startsWith("/") || spec.startsWith("@/") || spec.startsWith("~/")) {
          const target = spec.startsWith("@/") || spec.startsWith("~/") ? `/src/${spec.slice(2)}` : spec;
          const path = resolveFile(files, fromDir, target);
          if (path) return { path, namespace: "app" };
          return { errors: [{ text: `Could not resolve "${args.path}": no such file in the project` }] };
        }
        if (side === "server" && (spec.startsWith("cloudflare:") || spec.startsWith("node:"))) return { path: spec, external: true };
        if (side === "client" && spec in vendoredClient.importmap) return { path: spec, external: true };
        if (side === "server" && spec in vendoredServer.imports) return { path: `./${vendoredServer.imports[spec]}`, external: true };
        const pkg = spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : spec.split("/")[0]!;
        const offer = available.filter((a) => a === pkg || a.startsWith(`${pkg}/`));
        const hint = offer.length
          ? `"${pkg}" is available only as: ${offer.join(", ")}`
          : `"${pkg}" is not a package Kiln provides to ${side === "client" ? "browser" : "Worker"} code (available: ${[...new Set(available.map((a) => a.split("/")[0]))].join(", ")})`;
        return { errors: [{ text: `Could not resolve "${args.path}": ${hint}` }] };
      });
      build.onLoad({ filter: /.*/, namespace: "app" }, (args) => {
        const text = files[args.path]!;
        const resolveDir = args.path.includes("/") ? `/${args.path.slice(0, args.path.lastIndexOf("/"))}` : "/";
        if (args.path.endsWith(".css")) {
          if (side === "client" && !cssImports.includes(args.path)) cssImports.push(args.path);
          return { contents: "", loader: "js", resolveDir };
        }
        return { contents: text, loader: loaderFor(args.path), resolveDir };
      });
    },
  };
}

// ───────────────────────────── helpers ─────────────────────────────

async function shortHash(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
  let s = "";
  for (const b of digest.subarray(0, 6)) s += b.toString(36).padStart(2, "0");
  return s.toUpperCase().slice(0, 10);
}

function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c <= 0xdbff ? (i++, 4) : 3;
  }
  return n;
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * Pays the cold costs before a user waits for them: esbuild's initialisation and first builds
 * (V8 tiers esbuild.wasm up in the background), Tailwind's first compile, and the type-checker
 * isolate's start with TypeScript's lib files parsed. Call it with ctx.waitUntil() when a
 * builder session starts (e.g. when a project is opened); it never throws.
 */
export async function warmBuilder(loader?: WorkerLoader): Promise<BuildTimings | null> {
  const files = {
    "index.html": '<!doctype html><html><head></head><body><div id="root"></div><script type="module" src="./src/main.tsx"></script></body></html>',
    "src/main.tsx": 'import { createRoot } from "react-dom/client";\nimport "./index.css";\ncreateRoot(document.body).render(<p className="p-4">warm</p>);\n',
    "src/index.css": '@import "tailwindcss";\n',
    "worker/index.ts": 'import { Hono } from "hono";\nexport default new Hono().get("/api/x", (c) => c.json({ ok: true }));\n',
  };
  try {
    return (await buildApp(files, { loader, cacheKey: "__kiln_warm" })).timings;
  } catch {
    return null;
  }
}
