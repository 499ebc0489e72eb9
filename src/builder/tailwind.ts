// Tailwind CSS v4 inside workerd: tailwindcss's compile() with the vendored stylesheets
// (dist/vendor/tailwind.js) served through loadStylesheet, and candidates extracted from the app's
// sources by a tokenizer (Tailwind's own scanner, @tailwindcss/oxide, is native code).
import { compile } from "tailwindcss";
import vendored from "../../dist/vendor/tailwind.js";
import type { BuildError } from "./types";

type Compiler = Awaited<ReturnType<typeof compile>>;

/**
 * Compilers by stylesheet text. A compiler's build() accumulates every candidate it has ever been
 * given, so one compiler can only be reused for a candidate set that contains all it has seen
 * (the usual case: the same app rebuilt after an edit that added classes). Otherwise a fresh one.
 */
const compilers = new Map<string, { compiler: Compiler; seen: Set<string> }>();
const MAX_COMPILERS = 32;

async function loadStylesheet(id: string, base: string) {
  const key =
    id === "tailwindcss"
      ? "tailwindcss/index.css"
      : id.startsWith("tailwindcss/")
        ? id.endsWith(".css")
          ? id
          : `${id}.css`
        : null;
  const content = key ? vendored[key] : undefined;
  if (content === undefined)
    throw new Error(`Cannot import "${id}": only tailwindcss's own stylesheets are available to @import.`);
  return { path: key!, base, content };
}

/** Class-name candidates: every token that could be a utility. Tailwind discards the ones that are not. */
export function extractCandidates(files: Record<string, string>): Set<string> {
  const out = new Set<string>();
  for (const [path, text] of Object.entries(files)) {
    if (
      !/\.(tsx|ts|jsx|js|mjs|html|md|mdx)$/.test(path) ||
      path.startsWith("worker/") ||
      path.startsWith("migrations/")
    )
      continue;
    for (const raw of text.split(/[\s"'`\\]+/)) {
      if (!raw || raw.length > 200) continue;
      // Strip JSX/JS punctuation around the token but keep brackets/parens inside arbitrary values.
      let t = raw.replace(/^[{(<>=,;]+/, "").replace(/[})>,;]+$/, "");
      if (!t || !/[a-z]/.test(t)) continue;
      out.add(t);
      if (t.includes("${")) for (const part of t.split(/\$\{|\}/)) if (part) out.add(part);
      const eq = t.indexOf("=");
      if (eq > 0 && !t.includes("[")) out.add(t.slice(eq + 1));
    }
  }
  return out;
}

export interface TailwindResult {
  css: string;
  diagnostics: BuildError[];
  reused: boolean;
}

/** Compiles one stylesheet (the app's CSS entry, already concatenated) for the given candidates. */
export async function buildCss(file: string, css: string, candidates: Set<string>): Promise<TailwindResult> {
  let entry = compilers.get(css);
  let reused = true;
  if (entry && ![...entry.seen].every((c) => candidates.has(c))) entry = undefined;
  if (!entry) {
    reused = false;
    try {
      entry = { compiler: await compile(css, { base: "/", from: file, loadStylesheet }), seen: new Set() };
    } catch (err) {
      return { css: "", reused, diagnostics: [tailwindError(file, css, err as Error)] };
    }
    compilers.delete(css);
    compilers.set(css, entry);
    if (compilers.size > MAX_COMPILERS) compilers.delete(compilers.keys().next().value!);
  }
  try {
    const out = entry.compiler.build([...candidates]);
    for (const c of candidates) entry.seen.add(c);
    return { css: out, reused, diagnostics: [] };
  } catch (err) {
    compilers.delete(css);
    return { css: "", reused, diagnostics: [tailwindError(file, css, err as Error)] };
  }
}

function tailwindError(file: string, css: string, err: Error): BuildError {
  // Tailwind's messages name the offending token (`Cannot apply unknown utility class: foo`): find its line.
  let line = 0;
  let column = 0;
  const token = /`([^`]+)`/.exec(err.message)?.[1] ?? /: ([^\s:]+)\s*$/.exec(err.message)?.[1];
  if (token) {
    const lines = css.split("\n");
    const i = lines.findIndex((l) => l.includes(token));
    if (i >= 0) {
      line = i + 1;
      column = lines[i]!.indexOf(token) + 1;
    }
  }
  return { file, line, column, message: err.message, code: "TAILWIND", source: "tailwind", severity: "error" };
}
