// The type-checker isolate. NOT part of the platform's own bundle: cli/vendor.mjs bundles this file
// together with the TypeScript compiler into dist/vendor/typecheck.js, and src/builder/typecheck.ts
// loads it through the Worker Loader (so TypeScript's ~4 MB of code and its memory never weigh on
// the platform isolate). The declaration files it checks against arrive as the JSON module
// "kiln-types.json" (path → text): TypeScript's lib files under /lib/, package types under
// /node_modules/. Requests: POST { files: Record<path, text>, key?: app id for incremental re-checks } →
// { diagnostics, timings }; POST { inspect: { files, at, callers? } } → one JSX element's editable
// literals (jsx-inspect.ts), for visual edits.
import ts from "typescript";
import { inspectElement, type SourceAt } from "./jsx-inspect";
// @ts-expect-error: supplied by the loader as a text module (JSON), not resolvable at build time.
import typesJson from "./kiln-types.json";

interface Diagnostic {
  file: string;
  line: number;
  column: number;
  message: string;
  code: string;
  source: "typescript";
  severity: "error" | "warning";
}

const types = JSON.parse(typesJson as string) as Record<string, string>;
/** Parsed declaration files live as long as the isolate: they never change. */
const libCache = new Map<string, ts.SourceFile>();
/** App files, by path and text, reused between builds of unchanged files. */
let appCache = new Map<string, ts.SourceFile>();
/**
 * Incremental state per app and part (tsc --watch's builder): after an edit only the files it
 * can affect are checked again. Kept for the most recently checked apps.
 */
const builders = new Map<string, ts.SemanticDiagnosticsBuilderProgram>();
const MAX_BUILDERS = 8;

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

function check(
  files: Record<string, string>,
  key: string,
): { diagnostics: Diagnostic[]; timings: Record<string, number> } {
  const t0 = performance.now();
  const app = new Map<string, string>();
  for (const [p, text] of Object.entries(files)) app.set("/" + p.replace(/^\/+/, ""), text);
  const dirs = new Set<string>();
  for (const p of [...app.keys(), ...Object.keys(types)]) {
    for (let d = p.slice(0, p.lastIndexOf("/")); d; d = d.slice(0, d.lastIndexOf("/"))) dirs.add(d);
  }
  dirs.add("/");
  const readFile = (p: string) => app.get(p) ?? types[p];
  const fileExists = (p: string) => app.has(p) || p in types;
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
      key: "client",
      config: "/tsconfig.json",
      dir: "/",
      defaults: CLIENT_DEFAULTS,
      include: (f) => f.startsWith("/src/"),
    },
    {
      key: "worker",
      config: "/worker/tsconfig.json",
      dir: "/worker",
      defaults: WORKER_DEFAULTS,
      include: (f) => f.startsWith("/worker/"),
    },
  ];
  const diagnostics: Diagnostic[] = [];
  const seen = new Set<string>();
  const timings: Record<string, number> = {};
  const nextCache = new Map<string, ts.SourceFile>();

  for (const project of projects) {
    const t = performance.now();
    let options: ts.CompilerOptions;
    let roots: string[];
    if (project.config && app.has(project.config)) {
      const { config, error } = ts.readConfigFile(project.config, readFile);
      if (error) {
        push(diagnostics, seen, toDiagnostic(error));
        continue;
      }
      const parsed = ts.parseJsonConfigFileContent(
        config,
        { ...parseHost, readDirectory: matchFiles },
        project.dir,
        undefined,
        project.config,
      );
      for (const e of parsed.errors) if (e.code !== 18003) push(diagnostics, seen, toDiagnostic(e)); // 18003: no inputs
      options = parsed.options;
      roots = parsed.fileNames.filter((f) => !f.endsWith(".config.ts"));
    } else {
      options = ts.convertCompilerOptionsFromJson(project.defaults, project.dir).options;
      roots = list().filter((f) => project.include(f) && /\.(ts|tsx|mts)$/.test(f));
    }
    if (roots.length === 0) continue;
    options = { ...options, noEmit: true };
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
        if (isLib) libCache.set(key, sf);
        else nextCache.set(key, sf);
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
    };
    const builderKey = `${key}\0${project.key}`;
    const old = builders.get(builderKey);
    builders.delete(builderKey);
    const builder = ts.createSemanticDiagnosticsBuilderProgram(roots, options, host, old);
    builders.set(builderKey, builder);
    if (builders.size > MAX_BUILDERS) builders.delete(builders.keys().next().value!);
    const program = builder.getProgram();
    // Walk the affected files first: that is what drops the cached diagnostics of files whose
    // imports changed (an edit of src/lib/types.ts re-checks the pages using its types). Asking
    // per file alone would answer the importers' diagnostics from before the edit.
    while (builder.getSemanticDiagnosticsOfNextAffectedFile()) {
      /* each call checks one affected file */
    }
    const all = [...builder.getOptionsDiagnostics(), ...builder.getGlobalDiagnostics()];
    for (const sf of program.getSourceFiles()) {
      if (!app.has(sf.fileName)) continue;
      all.push(...builder.getSyntacticDiagnostics(sf), ...builder.getSemanticDiagnostics(sf));
    }
    for (const d of all) push(diagnostics, seen, toDiagnostic(d));
    timings[project.key] = Math.round(performance.now() - t);
  }
  appCache = nextCache;
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
      return Response.json(check(files, key ?? ""));
    } catch (err) {
      return Response.json({ error: (err as Error).stack ?? String(err) }, { status: 500 });
    }
  },
};
