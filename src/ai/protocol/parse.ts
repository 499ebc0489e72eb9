/**
 * The edit protocol the model writes in (plain-text tags, never JSON: models write code far more reliably as plain text than escaped inside JSON):
 *
 *   <kiln-write path="src/pages/TodosPage.tsx">…the whole file…</kiln-write>
 *   <kiln-edit path="worker/index.ts">
 *   <<<<<<< SEARCH
 *   …lines copied from the file…
 *   =======
 *   …their replacement…
 *   >>>>>>> REPLACE
 *   </kiln-edit>
 *   <kiln-delete path="src/pages/Old.tsx"/>
 *
 * Prose outside the tags is the assistant's message to the user. Parsing is tolerant (fences
 * inside tags, quoting variations, leaked <think> blocks, an unclosed last tag) and reports what
 * it tolerated or refused in `problems`.
 */
import { findPlaceholders, type Placeholder } from "./placeholders";

export interface SearchReplaceBlock {
  search: string;
  replace: string;
}

export type Operation =
  | { kind: "write"; path: string; content: string; placeholders: Placeholder[] }
  | { kind: "edit"; path: string; blocks: SearchReplaceBlock[]; placeholders: Placeholder[] }
  | { kind: "delete"; path: string };

export type ProblemKind =
  | "placeholder" // lazy "// ... existing code ..." in a write or a REPLACE part: never applied
  | "unclosed-tag" // a tag closed only by the next tag (kept) or by the end of the output (truncated)
  | "malformed-block" // a SEARCH/REPLACE block without its divider or REPLACE marker
  | "empty-edit" // a kiln-edit with no blocks in it
  | "missing-path" // a tag without a path attribute
  | "unsafe-path"; // an absolute path or one with ".." in it

export interface Problem {
  kind: ProblemKind;
  path?: string;
  message: string;
}

export interface ParseResult {
  /** Complete operations, in output order (an operation with placeholders is listed, and refused by the applier). */
  operations: Operation[];
  /** The prose outside the tags: what the assistant says to the user. */
  message: string;
  problems: Problem[];
  /** The output ended inside a tag (finishReason "length" or a forgotten close): ask the model to continue. */
  truncated: boolean;
  /** The unfinished tag at the end, when truncated. */
  partial?: { kind: "write" | "edit"; path: string; content: string };
}

const OPEN_TAG = /<\s*kiln[-_](write|edit|delete)\b((?:[^>"']|"[^"]*"|'[^']*')*?)(\/?)\s*>/gi;

/** Removes reasoning that some servers (Ollama, llama.cpp) leave inline in the content. */
export function stripThinking(text: string): string {
  let out = text.replace(/<think(?:ing)?>[\s\S]*?<\/think(?:ing)?>/gi, "");
  // Some chat templates put the opening <think> in the prompt: only "…reasoning…</think>answer" comes back.
  const orphan = /<\/think(?:ing)?>/i.exec(out);
  if (orphan && !/<think(?:ing)?>/i.test(out.slice(0, orphan.index))) out = out.slice(orphan.index + orphan[0].length);
  // A reply that starts with an unclosed <think>: everything up to a tag or the end is reasoning.
  const open = /^\s*<think(?:ing)?>/i.exec(out);
  if (open) {
    const next = out.slice(open[0].length).search(/<\s*kiln[-_]/i);
    out = next === -1 ? "" : out.slice(open[0].length + next);
  }
  return out;
}

/** `path="a"`, `path='a'`, `path=a`, `file="a"`, `filename = "a"`. */
export function readPathAttribute(attributes: string): string | undefined {
  const m = /\b(?:path|file|filename|filepath)\s*=\s*(?:"([^"]*)"|'([^']*)'|`([^`]*)`|([^\s"'`>]+))/i.exec(attributes);
  const raw = m ? (m[1] ?? m[2] ?? m[3] ?? m[4]?.replace(/\/$/, "")) : undefined;
  return raw?.trim() || undefined;
}

/** Normalises a model-written path; undefined when it is unsafe (absolute with a drive, or escaping the project). */
export function normalisePath(raw: string): string | undefined {
  const path = raw
    .replace(/\\/g, "/")
    .replace(/^\.\//, "")
    .replace(/^\/+/, "")
    .replace(/\/{2,}/g, "/");
  if (!path || /^[a-z]:/i.test(path) || path.split("/").some((seg) => seg === ".." || seg === "")) return undefined;
  return path;
}

/** Drops a code fence wrapped around a tag's content (```tsx … ```), also a lone opening one. */
export function stripFences(content: string): string {
  let lines = content.split("\n");
  while (lines.length && lines[0]!.trim() === "") lines.shift();
  while (lines.length && lines[lines.length - 1]!.trim() === "") lines.pop();
  if (lines.length && /^\s*(`{3,}|~{3,})[\w.+-]*\s*$/.test(lines[0]!)) {
    lines = lines.slice(1);
    if (lines.length && /^\s*(`{3,}|~{3,})\s*$/.test(lines[lines.length - 1]!)) lines = lines.slice(0, -1);
  } else if (lines.length && /^\s*(`{3,}|~{3,})\s*$/.test(lines[lines.length - 1]!)) {
    lines = lines.slice(0, -1);
  }
  return lines.join("\n");
}

/**
 * A file's text as stored: fences stripped, surrounding blank lines dropped, one final newline.
 * Markdown may legitimately start with a fence, so there only a ```md / ```markdown wrapper goes.
 */
function fileContent(raw: string, path: string): string {
  const text = raw.replace(/\r\n/g, "\n");
  const markdown = /\.mdx?$/i.test(path) && !/^\s*(`{3,}|~{3,})(md|markdown)\s*\n/i.test(text);
  const body = markdown ? text.replace(/^\s*\n/, "").replace(/\s+$/, "") : stripFences(text);
  return body.length ? `${body}\n` : "";
}

const SEARCH_MARK = /^\s*<{5,9}\s*SEARCH\b.*$/i;
const DIVIDER = /^\s*={5,9}\s*$/;
const REPLACE_MARK = /^\s*>{5,9}\s*REPLACE\b.*$/i;

/** The SEARCH/REPLACE blocks of a kiln-edit, and what was malformed in them. */
export function parseBlocks(body: string): { blocks: SearchReplaceBlock[]; malformed: string[] } {
  const lines = stripFences(body.replace(/\r\n/g, "\n")).split("\n");
  const blocks: SearchReplaceBlock[] = [];
  const malformed: string[] = [];
  let state: "outside" | "search" | "replace" = "outside";
  let search: string[] = [];
  let replace: string[] = [];
  for (const line of lines) {
    if (state === "outside") {
      if (SEARCH_MARK.test(line)) {
        state = "search";
        search = [];
        replace = [];
      } else if (DIVIDER.test(line) || REPLACE_MARK.test(line)) {
        malformed.push(`a "${line.trim()}" line outside a SEARCH block`);
      }
    } else if (state === "search") {
      if (DIVIDER.test(line)) state = "replace";
      else if (SEARCH_MARK.test(line)) {
        malformed.push(`a SEARCH block starting "${firstLine(search.join("\n"))}" has no ======= divider`);
        search = [];
      } else search.push(line);
    } else {
      if (REPLACE_MARK.test(line)) {
        blocks.push({ search: search.join("\n"), replace: replace.join("\n") });
        state = "outside";
      } else if (SEARCH_MARK.test(line)) {
        // A missing REPLACE marker before the next block: keep the block, the marker is evident.
        blocks.push({ search: search.join("\n"), replace: replace.join("\n") });
        malformed.push(`the block starting "${firstLine(search.join("\n"))}" has no >>>>>>> REPLACE marker`);
        state = "search";
        search = [];
        replace = [];
      } else replace.push(line);
    }
  }
  if (state !== "outside") {
    malformed.push(
      `the block starting "${firstLine(search.join("\n"))}" is not finished (no ${state === "search" ? "=======" : ">>>>>>> REPLACE"} line)`,
    );
  }
  return { blocks, malformed };
}

/** The first non-blank line of a text, trimmed and shortened: how failures name a block. */
export function firstLine(text: string): string {
  const line =
    text
      .split("\n")
      .find((l) => l.trim() !== "")
      ?.trim() ?? "";
  return line.length > 80 ? `${line.slice(0, 77)}...` : line;
}

/** Fence-only lines and runs of blank lines are noise in the user-facing message. */
function cleanMessage(parts: string[]): string {
  return parts
    .join("\n")
    .split("\n")
    .filter((l) => !/^\s*(`{3,}|~{3,})[\w.+-]*\s*$/.test(l))
    .join("\n")
    .replace(/<\/\s*kiln[-_](?:write|edit|delete)\s*>/gi, "")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

export function parseModelOutput(text: string): ParseResult {
  const source = stripThinking(text.replace(/\r\n/g, "\n"));
  const operations: Operation[] = [];
  const problems: Problem[] = [];
  const prose: string[] = [];
  let truncated = false;
  let partial: ParseResult["partial"];

  const opens = [...source.matchAll(OPEN_TAG)];
  let cursor = 0;
  for (let i = 0; i < opens.length; i++) {
    const open = opens[i]!;
    const start = open.index!;
    if (start < cursor) continue; // inside a previous tag's content (e.g. a file that mentions the tag)
    prose.push(source.slice(cursor, start));
    const kind = open[1]!.toLowerCase() as "write" | "edit" | "delete";
    const attributes = open[2] ?? "";
    const selfClosing = open[3] === "/";
    const afterOpen = start + open[0].length;
    const rawPath = readPathAttribute(attributes);
    const path = rawPath === undefined ? undefined : normalisePath(rawPath);

    let body = "";
    let end = afterOpen;
    let closed = true;
    if (kind === "delete") {
      // <kiln-delete path="x"/> or <kiln-delete path="x"></kiln-delete>
      const close = /^\s*<\/\s*kiln[-_]delete\s*>/i.exec(source.slice(afterOpen));
      if (!selfClosing && close) end = afterOpen + close[0].length;
    } else if (selfClosing) {
      problems.push({
        kind: "malformed-block",
        path,
        message: `<kiln-${kind}> for ${path ?? "a file"} is self-closing and has no content.`,
      });
      cursor = afterOpen;
      continue;
    } else {
      const closeRe = new RegExp(String.raw`<\/\s*kiln[-_]${kind}\s*>`, "gi");
      closeRe.lastIndex = afterOpen;
      const close = closeRe.exec(source);
      const next = opens.slice(i + 1).find((o) => o.index! >= afterOpen);
      if (close && (!next || close.index < next.index!)) {
        body = source.slice(afterOpen, close.index);
        end = close.index + close[0].length;
      } else if (next) {
        // Forgotten close tag: the next tag closes this one. Kept, but reported.
        body = source.slice(afterOpen, next.index!);
        end = next.index!;
        problems.push({
          kind: "unclosed-tag",
          path,
          message: `<kiln-${kind} path="${path ?? ""}"> was not closed before the next tag; its content was taken up to there.`,
        });
      } else {
        body = source.slice(afterOpen);
        end = source.length;
        closed = false;
      }
    }
    cursor = end;

    if (rawPath === undefined) {
      problems.push({
        kind: "missing-path",
        message: `A <kiln-${kind}> tag has no path="…" attribute; it was ignored.`,
      });
      continue;
    }
    if (path === undefined) {
      problems.push({
        kind: "unsafe-path",
        path: rawPath,
        message: `The path "${rawPath}" is outside the project; it was ignored.`,
      });
      continue;
    }
    if (!closed && kind !== "delete") {
      truncated = true;
      partial = { kind, path, content: body };
      problems.push({
        kind: "unclosed-tag",
        path,
        message: `The output ended inside <kiln-${kind} path="${path}">: the file is incomplete and was not applied.`,
      });
      continue;
    }

    if (kind === "delete") {
      operations.push({ kind, path });
    } else if (kind === "write") {
      const content = fileContent(body, path);
      const placeholders = findPlaceholders(content, path);
      for (const p of placeholders) {
        problems.push({
          kind: "placeholder",
          path,
          message: `${path} line ${p.line} is a placeholder ("${p.text}") instead of code; the file was not written.`,
        });
      }
      operations.push({ kind, path, content, placeholders });
    } else {
      const { blocks, malformed } = parseBlocks(body);
      for (const m of malformed) problems.push({ kind: "malformed-block", path, message: `${path}: ${m}.` });
      if (blocks.length === 0) {
        problems.push({
          kind: "empty-edit",
          path,
          message: `<kiln-edit path="${path}"> holds no complete SEARCH/REPLACE block.`,
        });
        continue;
      }
      const placeholders = blocks.flatMap((b) => findPlaceholders(b.replace, path, b.search));
      for (const p of placeholders) {
        problems.push({
          kind: "placeholder",
          path,
          message: `${path}: a REPLACE part contains a placeholder ("${p.text}") instead of code; the edit was not applied.`,
        });
      }
      operations.push({ kind, path, blocks, placeholders });
    }
  }
  prose.push(source.slice(cursor));

  return { operations, message: cleanMessage(prose), problems, truncated, ...(partial ? { partial } : {}) };
}

/**
 * The output of a continuation appended to the truncated output before it. Handles the usual
 * ways models resume: exactly where they stopped, after repeating the last line or two, or by
 * starting the unfinished file over (then the partial copy is dropped).
 */
export function joinContinuation(previous: string, continuation: string): string {
  let next = stripThinking(continuation.replace(/\r\n/g, "\n"));
  const parsed = parseModelOutput(previous);
  if (parsed.partial) {
    // Restarted the unfinished tag from its beginning?
    const restart = [...next.matchAll(OPEN_TAG)][0];
    if (
      restart &&
      restart[1]!.toLowerCase() === parsed.partial.kind &&
      normalisePath(readPathAttribute(restart[2] ?? "") ?? "") === parsed.partial.path
    ) {
      const lastOpen = [...previous.matchAll(OPEN_TAG)].pop()!;
      return previous.slice(0, lastOpen.index!) + next.slice(restart.index!);
    }
  }
  // A fence the model opened to "continue the code" is not file content.
  next = next.replace(/^\s*(`{3,}|~{3,})[\w.+-]*\s*\n/, "");
  // The model restarted the line it was cut off in ("const x = use" + "const x = useState(0);").
  const lastNl = previous.lastIndexOf("\n");
  const lastLine = previous.slice(lastNl + 1);
  const firstNext = next.split("\n")[0]!;
  if (
    lastLine.trim().length >= 4 &&
    firstNext.trimStart().startsWith(lastLine.trim()) &&
    firstNext.trimStart().length > lastLine.trim().length
  ) {
    const indent = /^\s*/.exec(firstNext)![0] ? "" : /^\s*/.exec(lastLine)![0];
    return previous.slice(0, lastNl + 1) + indent + next;
  }
  // The model repeated whole lines from the end of the previous output (40+ characters, from a line start).
  const max = Math.min(previous.length, next.length, 2000);
  for (let n = max; n >= 40; n--) {
    const at = previous.length - n;
    if ((at === 0 || previous[at - 1] === "\n") && previous.endsWith(next.slice(0, n))) return previous + next.slice(n);
  }
  return previous + next;
}
