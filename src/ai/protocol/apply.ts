/**
 * Applies a turn's operations to the project's files, all or nothing. Every SEARCH block is
 * checked against the file (as earlier operations of the same turn left it) before anything is
 * kept: exact match, then line-trimmed, then Unicode-normalised; it must match exactly once.
 * A failure names the file and the block so the model can be asked to redo it (first "re-read
 * the file and redo the block", then "write the whole file").
 */
import { firstLine, normalisePath, type Operation, type SearchReplaceBlock } from "./parse";
import { findPlaceholders } from "./placeholders";

export type Files = Record<string, string>;
export type MatchLevel = "exact" | "trimmed" | "normalized";

export type AppliedOperation =
  | { kind: "write"; path: string; created: boolean }
  | { kind: "edit"; path: string; levels: MatchLevel[] }
  | { kind: "delete"; path: string; existed: boolean };

export type FailureKind =
  | "not-found"
  | "ambiguous"
  | "missing-file"
  | "placeholder"
  | "empty-write"
  | "unsafe-path"
  | "empty-search"
  | "read-only";

export interface ApplyFailure {
  kind: FailureKind;
  path: string;
  /** 0-based index of the block within its kiln-edit, for block failures. */
  block?: number;
  /** The block's first non-blank SEARCH line. */
  firstLine?: string;
  /** How many places matched (ambiguous blocks). */
  matches?: number;
  /** For not-found blocks: the lines of the file most like the block's first line, to point the model at. */
  nearest?: { line: number; text: string };
  /** One sentence fit for the re-ask prompt and the progress log. */
  message: string;
}

export interface ApplyResult {
  /** The new files when everything applied; the input files, unchanged, when anything failed. */
  files: Files;
  applied: AppliedOperation[];
  failures: ApplyFailure[];
}

/** Straight quotes and hyphens for their typographic lookalikes; NFKC; no-break spaces. */
export function normaliseUnicode(text: string): string {
  return text
    .normalize("NFKC")
    .replace(/[\u2018\u2019\u201A\u201B\u2032]/g, "'")
    .replace(/[\u201C\u201D\u201E\u201F\u2033]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, "-")
    .replace(/\u2026/g, "...")
    .replace(/[\u00A0\u2000-\u200B\u202F\u205F\u3000]/g, " ");
}

const trimmed = (line: string) => line.trim();
const loose = (line: string) => normaliseUnicode(line).replace(/\s+/g, " ").trim();

/** Block lines without the blank lines around them (they carry no position information). */
function coreLines(text: string): string[] {
  const lines = text.split("\n");
  while (lines.length && lines[0]!.trim() === "") lines.shift();
  while (lines.length && lines[lines.length - 1]!.trim() === "") lines.pop();
  return lines;
}

function countExact(haystack: string, needle: string): number[] {
  const at: number[] = [];
  for (let i = haystack.indexOf(needle); i !== -1; i = haystack.indexOf(needle, i + 1)) at.push(i);
  return at;
}

/** Start lines where `search` matches `lines` under `key`. */
function lineMatches(lines: string[], search: string[], key: (l: string) => string): number[] {
  const want = search.map(key);
  const have = lines.map(key);
  const found: number[] = [];
  for (let i = 0; i + want.length <= have.length; i++) {
    let ok = true;
    for (let j = 0; j < want.length && ok; j++) ok = have[i + j] === want[j];
    if (ok) found.push(i);
  }
  return found;
}

/** Re-indents replacement lines by the difference between the block's and the file's indentation. */
function reindent(replace: string[], searchFirst: string, fileFirst: string): string[] {
  const si = /^\s*/.exec(searchFirst)![0];
  const fi = /^\s*/.exec(fileFirst)![0];
  if (si === fi) return replace;
  if (fi.startsWith(si)) {
    const add = fi.slice(si.length);
    return replace.map((l) => (l.trim() ? add + l : l));
  }
  if (si.startsWith(fi)) {
    const cut = si.slice(fi.length);
    return replace.map((l) => (l.startsWith(cut) ? l.slice(cut.length) : l));
  }
  return replace;
}

function nearestLine(content: string, search: string): { line: number; text: string } | undefined {
  const target = loose(firstLine(search));
  if (!target) return undefined;
  const words = new Set(target.split(/[^A-Za-z0-9_$]+/).filter((w) => w.length > 2));
  let best: { line: number; text: string; score: number } | undefined;
  content.split("\n").forEach((text, i) => {
    const l = loose(text);
    if (!l) return;
    let score = 0;
    for (const w of l.split(/[^A-Za-z0-9_$]+/)) if (words.has(w)) score++;
    if (score > 0 && (!best || score > best.score)) best = { line: i + 1, text: text.trim(), score };
  });
  return best && best.score >= Math.min(2, words.size) ? { line: best.line, text: best.text } : undefined;
}

type BlockOutcome =
  { ok: true; content: string; level: MatchLevel } | { ok: false; kind: "not-found" | "ambiguous"; matches: number };

/** Applies one block to `content`, or says why it cannot. */
export function applyBlock(content: string, block: SearchReplaceBlock): BlockOutcome {
  const search = coreLines(block.search);
  const replace = block.replace === "" ? [] : block.replace.split("\n");

  // 1. Exact (the block's core lines, as a whole-line substring).
  const needle = search.join("\n");
  const exact = countExact(content, needle).filter(
    (i) =>
      (i === 0 || content[i - 1] === "\n") &&
      (i + needle.length === content.length || content[i + needle.length] === "\n"),
  );
  if (exact.length === 1) {
    const at = exact[0]!;
    const tail = content.slice(at + needle.length);
    const replacement = coreLines(block.replace).join("\n");
    // An empty replacement deletes the lines, newline included.
    const rest = replacement === "" && tail.startsWith("\n") ? tail.slice(1) : tail;
    return { ok: true, content: content.slice(0, at) + replacement + rest, level: "exact" };
  }
  if (exact.length > 1) return { ok: false, kind: "ambiguous", matches: exact.length };

  // 2. Line-trimmed, 3. Unicode-normalised with inner whitespace collapsed.
  const lines = content.split("\n");
  for (const [level, key] of [
    ["trimmed", trimmed],
    ["normalized", loose],
  ] as const) {
    const found = lineMatches(lines, search, key);
    if (found.length > 1) return { ok: false, kind: "ambiguous", matches: found.length };
    if (found.length === 1) {
      const at = found[0]!;
      const firstIdx = search.findIndex((l) => l.trim() !== "");
      const fitted = reindent(
        coreLines(replace.join("\n")),
        search[firstIdx] ?? "",
        lines[at + Math.max(0, firstIdx)] ?? "",
      );
      const next = [...lines.slice(0, at), ...fitted, ...lines.slice(at + search.length)];
      return { ok: true, content: next.join("\n"), level };
    }
  }
  return { ok: false, kind: "not-found", matches: 0 };
}

export interface ApplyOptions {
  /** Paths the model may not write, edit or delete (e.g. package.json, the auth files). */
  readOnly?: (path: string) => boolean;
}

export function applyOperations(files: Files, operations: Operation[], options: ApplyOptions = {}): ApplyResult {
  const work: Files = { ...files };
  const applied: AppliedOperation[] = [];
  const failures: ApplyFailure[] = [];

  for (const op of operations) {
    const path = normalisePath(op.path);
    if (!path) {
      failures.push({ kind: "unsafe-path", path: op.path, message: `${op.path}: the path is outside the project.` });
      continue;
    }
    if (options.readOnly?.(path)) {
      failures.push({
        kind: "read-only",
        path,
        message: `${path} is part of the platform's baseline and must not be changed; leave it as it is.`,
      });
      continue;
    }
    if (op.kind === "delete") {
      const existed = path in work;
      delete work[path];
      applied.push({ kind: "delete", path, existed });
      continue;
    }
    if (op.kind === "write") {
      // Re-checked here (the parser flags too): a placeholder must never reach a file.
      const lazy = findPlaceholders(op.content, path, work[path]);
      if (lazy.length) {
        failures.push({
          kind: "placeholder",
          path,
          message: `${path}: the new file has a placeholder on line ${lazy[0]!.line} ("${lazy[0]!.text}") instead of real code. Write the complete file.`,
        });
        continue;
      }
      if (op.content.trim() === "") {
        failures.push({
          kind: "empty-write",
          path,
          message: `${path}: the new file is empty. Write its complete content, or use <kiln-delete> to remove it.`,
        });
        continue;
      }
      applied.push({ kind: "write", path, created: !(path in work) });
      work[path] = op.content;
      continue;
    }

    // kiln-edit
    let content = work[path];
    if (content === undefined) {
      const creating = op.blocks.length === 1 && op.blocks[0]!.search.trim() === "";
      if (!creating) {
        failures.push({
          kind: "missing-file",
          path,
          message: `${path} does not exist, so it cannot be edited. Use <kiln-write path="${path}"> with the whole file.`,
        });
        continue;
      }
      content = "";
    }
    const levels: MatchLevel[] = [];
    let blockFailed = false;
    op.blocks.forEach((block, index) => {
      const label = firstLine(block.search);
      if (block.search.trim() === "") {
        if (content === "") {
          content = coreLines(block.replace).join("\n") + "\n";
          levels.push("exact");
        } else {
          blockFailed = true;
          failures.push({
            kind: "empty-search",
            path,
            block: index,
            message: `${path}: SEARCH block ${index + 1} is empty. Copy the lines to change from the file into the SEARCH part.`,
          });
        }
        return;
      }
      const lazy = findPlaceholders(block.replace, path, block.search);
      if (lazy.length) {
        blockFailed = true;
        failures.push({
          kind: "placeholder",
          path,
          block: index,
          firstLine: label,
          message: `${path}: the REPLACE part of block ${index + 1} (SEARCH starting "${label}") has a placeholder ("${lazy[0]!.text}") instead of code. Write out every line of the replacement.`,
        });
        return;
      }
      const outcome = applyBlock(content!, block);
      if (outcome.ok) {
        content = outcome.content;
        levels.push(outcome.level);
        return;
      }
      blockFailed = true;
      if (outcome.kind === "ambiguous") {
        failures.push({
          kind: "ambiguous",
          path,
          block: index,
          firstLine: label,
          matches: outcome.matches,
          message: `${path}: SEARCH block ${index + 1} (starting "${label}") matches ${outcome.matches} places. Include more surrounding lines so it matches exactly one.`,
        });
      } else {
        const nearest = nearestLine(content!, block.search);
        failures.push({
          kind: "not-found",
          path,
          block: index,
          firstLine: label,
          ...(nearest ? { nearest } : {}),
          message:
            `${path}: SEARCH block ${index + 1} (starting "${label}") does not match the file.` +
            (nearest ? ` The closest line is ${nearest.line}: "${nearest.text}".` : "") +
            ` Re-read the file and redo the block, copying the lines exactly.`,
        });
      }
    });
    if (!blockFailed) {
      work[path] = content!;
      applied.push({ kind: "edit", path, levels });
    }
  }

  if (failures.length) return { files, applied: [], failures };
  return { files: work, applied, failures };
}
