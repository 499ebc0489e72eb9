// The type-checker isolate. NOT part of the platform's own bundle: cli/vendor.mjs bundles this file
// together with the TypeScript compiler into dist/vendor/typecheck.js, and src/builder/typecheck.ts
// loads it through the Worker Loader (so TypeScript's ~4 MB of code and its memory never weigh on
// the platform isolate). The declaration files it checks against arrive as the text module
// "kiln-types.txt" (an index line, then the texts; see cli/vendor.mjs): TypeScript's lib files under
// /lib/, package types under /node_modules/. Requests: POST { files: Record<path, text>, key?: app
// id for incremental re-checks } → { diagnostics, timings, ran: [start, end] }, or 503 { busy } while
// another check runs; POST { inspect: { files, at, callers? } }
// → one JSX element's editable literals (jsx-inspect.ts), for visual edits.
//
// Memory: a Cloudflare isolate has 128 MB, and this one must stay well under it (budget 100 MB of
// live heap, measured by bench/typecheck-memory.bench.ts and test/cloudflare). A program over the
// DOM and React types with its type checker is most of that, so the two parts of an app (client,
// worker) are checked one after the other, and each program is let go as soon as its diagnostics
// are read: between checks only the incremental state (file versions, diagnostics) and the app's
// own parsed files are kept, never a program or a type checker.
import ts from "typescript";
import { inspectElement, type SourceAt } from "./jsx-inspect";
// Supplied by the loader as a text module (typed by modules.d.ts), not resolvable at build time.
import typesText from "./kiln-types.txt";

interface Diagnostic {
  file: string;
  line: number;
  column: number;
  message: string;
  code: string;
  source: "typescript";
  severity: "error" | "warning";
}

const TYPES = typesText as string;
const INDEX_END = TYPES.indexOf("\n");
const typeIndex = JSON.parse(TYPES.slice(0, INDEX_END)) as Record<string, [offset: number, length: number]>;
/** A declaration file's text: a slice of the module's one string, which V8 shares rather than copies. */
function readType(p: string): string | undefined {
  const at = typeIndex[p];
  return at && TYPES.slice(INDEX_END + 1 + at[0], INDEX_END + 1 + at[0] + at[1]);
}
const typeDirs = new Set<string>(["/"]);
for (const p of Object.keys(typeIndex)) {
  for (let d = p.slice(0, p.lastIndexOf("/")); d; d = d.slice(0, d.lastIndexOf("/"))) typeDirs.add(d);
}
/**
 * Parsed declaration files (by path and language version). TypeScript's ES libs, which every
 * program reads, stay; the others only while the part that reads them is the one being checked:
 * lib.dom.d.ts, csstype and React's types for the client, the Workers types and hono's for the
 * worker. Both sets at once, next to a program being checked, would not fit.
 */
const libCache = new Map<string, ts.SourceFile>();
const SHARED_LIB = /^\/lib\/lib\.(es\w+|decorators)[.\w]*\.d\.ts\0/;
/** The lib cache keys each part's last program read. */
const libsOf = new Map<string, Set<string>>();
/**
 * What the last check of each app and part saw (its options, roots, the app's file list and the
 * versions of the files its program read) and said: a part whose fingerprint is
 * unchanged is not checked again (an edit of a page does not re-check the worker).
 */
const lastChecks = new Map<string, { fingerprint: string; files: string[]; diagnostics: Diagnostic[] }>();
/** App files, by path and text, reused between builds of unchanged files. */
const appCache = new Map<string, ts.SourceFile>();
/**
 * Incremental state per app and part (tsc --watch's builder, its program released): after an edit
 * only the files it can affect are checked again. Kept for the most recently checked apps.
 */
const builders = new Map<string, ts.SemanticDiagnosticsBuilderProgram>();
const MAX_BUILDERS = 8;
/**
 * Measurement hook for the memory benchmark and test (never set in production): called when a
 * program and its type checker are at their largest, just before they are let go.
 */
type Probe = (what: string) => void;
/** What tsc --watch calls to let a builder's program go; in TypeScript's builder, not its typings. */
type ReleasableBuilder = ts.SemanticDiagnosticsBuilderProgram & { releaseProgram(): void };
const probe = () => (globalThis as { __kilnTypecheckProbe?: Probe }).__kilnTypecheckProbe;

/** Compiler defaults when an app has no tsconfig for a part, matching the template's. */
const CLIENT_DEFAULTS = {
  target: "ES2022",
  lib: ["ES2023", "DOM", "DOM.Iterable"],
  module: "ESNext",
  moduleResolution: "Bundler",
  jsx: "react-jsx",
  strict: true,
  skipLibCheck: true,
  noEmit: true,
  isolatedModules: true,
};
const WORKER_DEFAULTS = {
  target: "ES2022",
  lib: ["ES2023"],
  module: "ESNext",
  moduleResolution: "Bundler",
  types: ["@cloudflare/workers-types"],
  strict: true,
  skipLibCheck: true,
  noEmit: true,
  isolatedModules: true,
};

/**
 * workerd runs all the isolates of a process on one thread: a check that never lets go of it
 * held up every other request of a local Kiln for seconds. The check gives the thread back
 * between the files it checks (one timer turn each, about a millisecond).
 */
const yieldThread = () => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * One check at a time: two programs at once would not fit the isolate's 128 MB (one is most of
 * it). A check asked for while another runs is answered 503 { busy } at once and its caller asks
 * again (typecheck.ts); it is not queued here, because a promise one request waits on that another
 * request settles is not safe in workerd (a request's timers end with it). For the same reason a
 * check whose request died mid-way never clears its mark: a mark older than any check takes is
 * taken for such a one.
 */
let checkingSince = 0;
const STALE_CHECK_MS = 60_000;

async function check(
  files: Record<string, string>,
  key: string,
): Promise<{ diagnostics: Diagnostic[]; timings: Record<string, number> }> {
  const t0 = performance.now();
  const app = new Map<string, string>();
  for (const [p, text] of Object.entries(files)) app.set("/" + p.replace(/^\/+/, ""), text);
  const dirs = new Set<string>(typeDirs);
  for (const p of app.keys()) {
    for (let d = p.slice(0, p.lastIndexOf("/")); d; d = d.slice(0, d.lastIndexOf("/"))) dirs.add(d);
  }
  const readFile = (p: string) => app.get(p) ?? readType(p);
  const fileExists = (p: string) => app.has(p) || p in typeIndex;
  const directoryExists = (d: string) => dirs.has(d.replace(/\/+$/, "") || "/");
  const list = () => [...app.keys()];

  const parseHost: ts.ParseConfigHost = {
    useCaseSensitiveFileNames: true,
    fileExists,
    readFile,
    readDirectory: (rootDir, extensions, excludes, includes) => matchFiles(rootDir, extensions, excludes, includes),
  };
  /** tsconfig "include"/"exclude" over the in-memory files: plain paths are files or folders, * and ** are globs. */
  function matchFiles(
    rootDir: string,
    extensions: readonly string[],
    excludes: readonly string[] | undefined,
    includes: readonly string[],
  ): string[] {
    const base = rootDir.replace(/\/+$/, "") + "/";
    const toRegex = (pattern: string) => {
      const rel = pattern.replace(/^\.\/?/, "").replace(/\/+$/, "");
      const abs = rel.startsWith("/") ? rel : base + rel;
      const src = abs
        .replace(/\/+$/, "")
        .replace(/[.+^${}()|[\]\\]/g, "\\$&")
        .replace(/\*\*\//g, "(?:.*/)?")
        .replace(/\*/g, "[^/]*")
        .replace(/\?/g, "[^/]");
      return new RegExp(`^${src}(?:/.*)?$`);
    };
    const inc = (includes.length ? includes : ["**/*"]).map(toRegex);
    const exc = (excludes ?? []).map(toRegex);
    return list().filter(
      (f) =>
        f.startsWith(base) &&
        !f.includes("/node_modules/") &&
        extensions.some((e) => f.endsWith(e)) &&
        inc.some((r) => r.test(f)) &&
        !exc.some((r) => r.test(f)),
    );
  }

  const projects: {
    key: string;
    config: string | null;
    dir: string;
    defaults: object;
    include: (f: string) => boolean;
  }[] = [
    {
      key: "worker",
      config: "/worker/tsconfig.json",
      dir: "/worker",
      defaults: WORKER_DEFAULTS,
      include: (f) => f.startsWith("/worker/"),
    },
    {
      key: "client",
      config: "/tsconfig.json",
      dir: "/",
      defaults: CLIENT_DEFAULTS,
      include: (f) => f.startsWith("/src/"),
    },
  ];
  // Files of the last check that this one no longer has (another app's, or edited) go now, not
  // at the end: they would only add to the peak.
  for (const [k, sf] of appCache) if (app.get(sf.fileName) !== sf.text) appCache.delete(k);
  const timings: Record<string, number> = {};
  const nextCache = new Map<string, ts.SourceFile>();
  const allPaths = [...app.keys()].sort();
  const fingerprint = (options: ts.CompilerOptions, roots: string[], files: string[]) =>
    JSON.stringify([options, roots, allPaths, files.map((f) => [f, hashText(app.get(f) ?? "")])]);
  /** Each part's diagnostics; reported client first whatever the order they were checked in. */
  const found = new Map<string, Diagnostic[]>();

  // The worker first: the client's lib files (the largest) then stay parsed for the next check.
  for (const project of projects) {
    await yieldThread();
    const t = performance.now();
    const mine: Diagnostic[] = [];
    found.set(project.key, mine);
    let options: ts.CompilerOptions;
    let roots: string[];
    if (project.config && app.has(project.config)) {
      const { config, error } = ts.readConfigFile(project.config, readFile);
      if (error) {
        mine.push(toDiagnostic(error));
        continue;
      }
      const parsed = ts.parseJsonConfigFileContent(
        config,
        { ...parseHost, readDirectory: matchFiles },
        project.dir,
        undefined,
        project.config,
      );
      for (const e of parsed.errors) if (e.code !== 18003) mine.push(toDiagnostic(e)); // 18003: no inputs
      options = parsed.options;
      roots = parsed.fileNames.filter((f) => !f.endsWith(".config.ts"));
    } else {
      options = ts.convertCompilerOptionsFromJson(project.defaults, project.dir).options;
      roots = list().filter((f) => project.include(f) && /\.(ts|tsx|mts)$/.test(f));
    }
    if (roots.length === 0) continue;
    options = { ...options, noEmit: true };
    const builderKey = `${key}\0${project.key}`;
    const last = lastChecks.get(builderKey);
    if (last && last.fingerprint === fingerprint(options, roots, last.files)) {
      mine.push(...last.diagnostics);
      timings[project.key] = Math.round(performance.now() - t);
      continue;
    }
    const wanted = libsOf.get(project.key);
    for (const k of libCache.keys()) if (!SHARED_LIB.test(k) && !wanted?.has(k)) libCache.delete(k);
    const libsRead = new Set<string>();
    const host: ts.CompilerHost = {
      getSourceFile(fileName, languageVersion) {
        const text = readFile(fileName);
        if (text === undefined) return undefined;
        const isLib = !app.has(fileName);
        const key = `${fileName}\0${typeof languageVersion === "object" ? languageVersion.languageVersion : languageVersion}`;
        const cache = isLib ? libCache : appCache;
        let sf = cache.get(key);
        if (!sf || sf.text !== text) {
          sf = ts.createSourceFile(fileName, text, languageVersion, true);
          // The incremental builder compares versions to find what changed.
          (sf as ts.SourceFile & { version: string }).version = isLib ? "lib" : hashText(text);
        }
        if (isLib) {
          libCache.set(key, sf);
          libsRead.add(key);
        } else nextCache.set(key, sf);
        return sf;
      },
      getDefaultLibFileName: (o) => "/lib/" + ts.getDefaultLibFileName(o),
      getDefaultLibLocation: () => "/lib",
      writeFile: () => {},
      getCurrentDirectory: () => "/",
      getDirectories: (d) => {
        const base = d.replace(/\/+$/, "") + "/";
        const out = new Set<string>();
        for (const x of dirs)
          if (x.startsWith(base) && !x.slice(base.length).includes("/")) out.add(x.slice(base.length));
        return [...out];
      },
      getCanonicalFileName: (f) => f,
      useCaseSensitiveFileNames: () => true,
      getNewLine: () => "\n",
      fileExists,
      readFile,
      directoryExists,
      realpath: (p) => p,
      // What tsc itself parses: JSDoc only where it can carry types (JS files), not the
      // documentation comments of TypeScript files.
      jsDocParsingMode: ts.JSDocParsingMode.ParseForTypeErrors,
    };
    const old = builders.get(builderKey);
    builders.delete(builderKey);
    const builder = ts.createSemanticDiagnosticsBuilderProgram(roots, options, host, old);
    builders.set(builderKey, builder);
    if (builders.size > MAX_BUILDERS) builders.delete(builders.keys().next().value!);
    const program = builder.getProgram();
    // Walk the affected files first: that is what drops the cached diagnostics of files whose
    // imports changed (an edit of src/lib/types.ts re-checks the pages using its types). Asking
    // per file alone would answer the importers' diagnostics from before the edit.
    while (builder.getSemanticDiagnosticsOfNextAffectedFile()) await yieldThread();
    const all = [...builder.getOptionsDiagnostics(), ...builder.getGlobalDiagnostics()];
    const read: string[] = [];
    for (const sf of program.getSourceFiles()) {
      if (!app.has(sf.fileName)) continue;
      read.push(sf.fileName);
      all.push(...builder.getSyntacticDiagnostics(sf), ...builder.getSemanticDiagnostics(sf));
    }
    const said = all.map(toDiagnostic);
    mine.push(...said);
    lastChecks.delete(builderKey);
    lastChecks.set(builderKey, { fingerprint: fingerprint(options, roots, read), files: read, diagnostics: said });
    if (lastChecks.size > MAX_BUILDERS) lastChecks.delete(lastChecks.keys().next().value!);
    libsOf.set(project.key, libsRead);
    probe()?.(project.key);
    // The program and its type checker are the bulk of the memory; the builder keeps what the
    // next check needs without them (a new program reuses the cached files, not the old program).
    (builder as ReleasableBuilder).releaseProgram();
    timings[project.key] = Math.round(performance.now() - t);
  }
  const diagnostics: Diagnostic[] = [];
  const seen = new Set<string>();
  for (const part of ["client", "worker"]) for (const d of found.get(part) ?? []) push(diagnostics, seen, d);
  appCache.clear();
  for (const [k, sf] of nextCache) appCache.set(k, sf);
  // The builders keep the compiler host they were made with, and with it whatever its functions
  // see: empty that, or each kept builder would hold its own app's texts and parsed files.
  nextCache.clear();
  app.clear();
  dirs.clear();
  timings.total = Math.round(performance.now() - t0);
  return { diagnostics, timings };
}

/** FNV-1a over the text, plus its length: a file version for the builder. */
function hashText(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return `${text.length}:${(h >>> 0).toString(36)}`;
}

function push(out: Diagnostic[], seen: Set<string>, d: Diagnostic) {
  const key = `${d.file}:${d.line}:${d.column}:${d.code}:${d.message}`;
  if (seen.has(key)) return;
  seen.add(key);
  out.push(d);
}

function toDiagnostic(d: ts.Diagnostic): Diagnostic {
  let file = "";
  let line = 0;
  let column = 0;
  if (d.file && d.start !== undefined) {
    const pos = d.file.getLineAndCharacterOfPosition(d.start);
    file = d.file.fileName.replace(/^\//, "");
    line = pos.line + 1;
    column = pos.character + 1;
  }
  return {
    file,
    line,
    column,
    message: ts.flattenDiagnosticMessageText(d.messageText, "\n"),
    code: `TS${d.code}`,
    source: "typescript",
    severity: d.category === ts.DiagnosticCategory.Error ? "error" : "warning",
  };
}

export default {
  async fetch(request: Request): Promise<Response> {
    if (request.method !== "POST") return new Response("POST { files } to type-check them.", { status: 405 });
    const { files, key, inspect } = (await request.json()) as {
      files: Record<string, string>;
      key?: string;
      inspect?: { files: Record<string, string>; at: SourceAt; callers?: SourceAt[] };
    };
    try {
      if (inspect) return Response.json(inspectElement(ts, inspect.files, inspect.at, inspect.callers ?? []));
      if (checkingSince && Date.now() - checkingSince < STALE_CHECK_MS)
        return Response.json({ busy: true }, { status: 503 });
      const startedAt = (checkingSince = Date.now());
      try {
        const result = await check(files, key ?? "");
        return Response.json({ ...result, ran: [startedAt, Date.now()] });
      } finally {
        checkingSince = 0;
      }
    } catch (err) {
      return Response.json({ error: (err as Error).stack ?? String(err) }, { status: 500 });
    }
  },
};
