/**
 * The plan JSON out of model text: reasoning, fences and prose stripped, the outermost object
 * found, comments and trailing commas removed, then validated with the caller's zod schema.
 * Errors are structured so that the one re-ask can quote them back to the model.
 */
import type { z } from "zod";
import { stripThinking } from "./parse";

export type PlanJsonError =
  | { kind: "no-json"; message: string }
  | { kind: "truncated"; message: string }
  | { kind: "syntax"; message: string; excerpt?: string }
  | { kind: "schema"; message: string; path: string };

export type PlanJsonResult<T> =
  | {
      ok: true;
      value: T;
      /** What had to be repaired, e.g. "fences", "trailing-commas". */ repairs: string[];
      json: string;
    }
  | { ok: false; errors: PlanJsonError[]; /** The candidate JSON text, when one was found. */ json?: string };

/** Content of ``` fences that hold a JSON object, first one first. */
function fencedBlocks(text: string): string[] {
  const out: string[] = [];
  const re = /(`{3,}|~{3,})[ \t]*([\w-]*)[^\n]*\n([\s\S]*?)(?:\n[ \t]*\1[ \t]*(?:\n|$)|$)/g;
  for (const m of text.matchAll(re)) if (m[3]!.includes("{")) out.push(m[3]!);
  return out;
}

/** The outermost {...} starting at the first "{", string-aware; `complete` false when it never closes. */
export function outermostObject(text: string): { json: string; complete: boolean } | undefined {
  const start = text.indexOf("{");
  if (start === -1) return undefined;
  let depth = 0;
  let inString = false;
  let quote = "";
  for (let i = start; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      if (c === "\\") i++;
      else if (c === quote) inString = false;
      continue;
    }
    if (c === '"' || c === "'") {
      inString = true;
      quote = c;
    } else if (c === "/" && text[i + 1] === "/") {
      const nl = text.indexOf("\n", i);
      i = nl === -1 ? text.length : nl;
    } else if (c === "/" && text[i + 1] === "*") {
      const endC = text.indexOf("*/", i + 2);
      i = endC === -1 ? text.length : endC + 1;
    } else if (c === "{" || c === "[") depth++;
    else if (c === "}" || c === "]") {
      depth--;
      if (depth === 0) return { json: text.slice(start, i + 1), complete: true };
    }
  }
  return { json: text.slice(start), complete: false };
}

/**
 * Makes near-JSON parseable: comments, trailing commas, Python literals (True/False/None) outside
 * strings. Returns the text and the names of the repairs made.
 */
export function repairJson(json: string): { text: string; repairs: string[] } {
  const repairs = new Set<string>();
  let out = "";
  for (let i = 0; i < json.length; i++) {
    const c = json[i]!;
    if (c === '"') {
      let j = i + 1;
      while (j < json.length && json[j] !== '"') j += json[j] === "\\" ? 2 : 1;
      out += json.slice(i, j + 1);
      i = j;
    } else if (c === "/" && json[i + 1] === "/") {
      const nl = json.indexOf("\n", i);
      i = (nl === -1 ? json.length : nl) - 1;
      repairs.add("comments");
    } else if (c === "/" && json[i + 1] === "*") {
      const end = json.indexOf("*/", i + 2);
      i = end === -1 ? json.length : end + 1;
      repairs.add("comments");
    } else if (c === "," && /^\s*[}\]]/.test(json.slice(i + 1))) {
      repairs.add("trailing-commas");
    } else if (/[A-Za-z]/.test(c) && !/[A-Za-z0-9_]/.test(json[i - 1] ?? "")) {
      const word = /^[A-Za-z_]\w*/.exec(json.slice(i))![0];
      const mapped = ({ True: "true", False: "false", None: "null" } as Record<string, string>)[word];
      if (mapped) repairs.add("python-literals");
      out += mapped ?? word;
      i += word.length - 1;
    } else out += c;
  }
  return { text: out, repairs: [...repairs] };
}

function issuePath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) out += typeof key === "number" ? `[${key}]` : out ? `.${String(key)}` : String(key);
  return out || "(root)";
}

/** Extracts and validates the plan. `schema` is the plan's zod schema (src/agent/plan/schema.ts). */
export function extractPlanJson<S extends z.ZodType>(text: string, schema: S): PlanJsonResult<z.output<S>> {
  const repairs: string[] = [];
  const source = stripThinking(text);
  const fenced = fencedBlocks(source);
  if (fenced.length) repairs.push("fences");
  const candidates = fenced.length ? fenced : [source];

  let found: { json: string; complete: boolean } | undefined;
  for (const candidate of candidates) {
    found = outermostObject(candidate);
    if (found) break;
  }
  if (!found) return { ok: false, errors: [{ kind: "no-json", message: "The reply contains no JSON object." }] };
  if (
    source.slice(0, source.indexOf(found.json)).trim() ||
    source.slice(source.indexOf(found.json) + found.json.length).trim()
  ) {
    if (!fenced.length) repairs.push("prose");
  }
  if (!found.complete) {
    return {
      ok: false,
      json: found.json,
      errors: [{ kind: "truncated", message: "The JSON object is cut off before its closing brace." }],
    };
  }

  const repaired = repairJson(found.json);
  repairs.push(...repaired.repairs);
  let data: unknown;
  try {
    data = JSON.parse(repaired.text);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const pos = /position (\d+)/.exec(message);
    const excerpt = pos ? repaired.text.slice(Math.max(0, Number(pos[1]) - 40), Number(pos[1]) + 40) : undefined;
    return {
      ok: false,
      json: found.json,
      errors: [{ kind: "syntax", message: `Invalid JSON: ${message}`, ...(excerpt ? { excerpt } : {}) }],
    };
  }

  const result = schema.safeParse(data);
  if (result.success) return { ok: true, value: result.data, repairs, json: repaired.text };
  return {
    ok: false,
    json: repaired.text,
    errors: result.error.issues.map((issue) => ({
      kind: "schema" as const,
      path: issuePath(issue.path),
      message: issue.message,
    })),
  };
}

/** The errors as a short list for the re-ask prompt. */
export function formatPlanErrors(errors: PlanJsonError[]): string {
  return errors
    .slice(0, 12)
    .map((e) =>
      e.kind === "schema"
        ? `- ${e.path}: ${e.message}`
        : `- ${e.message}${e.kind === "syntax" && e.excerpt ? ` Near: ${e.excerpt}` : ""}`,
    )
    .join("\n");
}
