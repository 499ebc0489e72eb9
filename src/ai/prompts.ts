/**
 * Prompts for each generation phase, tuned for ~30B open models (GLM-4.7-flash): short, explicit,
 * one tiny example of the tag format, the rules repeated at the end of the user message (recency
 * beats a long system prompt for these models), never JSON for code.
 *
 * Every builder returns a `PromptSpec`: pass it to `generate()` as is. `phase` also selects the
 * recorded turn when the model is a replay (src/ai/replay.ts).
 */
import { COLUMN_KINDS } from "../agent/plan/types";
import type { ApplyFailure } from "./protocol/apply";
import type { PlanJsonError } from "./protocol/plan-json";
import { formatPlanErrors } from "./protocol/plan-json";

export type Phase = "plan" | "plan-reask" | "write" | "continue" | "edit-reask" | "repair" | "chat";

export interface PromptMessage {
  role: "user" | "assistant";
  content: string;
}

export interface PromptSpec {
  phase: Phase;
  system: string;
  messages: PromptMessage[];
  /** Visible output the phase needs; generate() adds reasoning headroom for reasoning models. */
  maxOutputTokens: number;
}

/** Rough token count (chars / 3.5): good enough for budgets, never for billing. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 3.5);
}

export interface SourceFile {
  path: string;
  content: string;
}

/**
 * The files that fit in `budgetTokens`, in the order given (put the most relevant first).
 * Files that do not fit are listed by path only.
 */
export function fitFilesToBudget(
  files: SourceFile[],
  budgetTokens: number,
): { included: SourceFile[]; omitted: string[]; tokens: number } {
  const included: SourceFile[] = [];
  const omitted: string[] = [];
  let tokens = 0;
  for (const file of files) {
    const cost = estimateTokens(file.content) + estimateTokens(file.path) + 12;
    if (tokens + cost <= budgetTokens) {
      included.push(file);
      tokens += cost;
    } else omitted.push(file.path);
  }
  return { included, omitted, tokens };
}

/** Files as the model sees them: each in a <file> tag, with line count so it can judge "small". */
export function renderFiles(files: SourceFile[]): string {
  return files
    .map(
      (f) =>
        `<file path="${f.path}" lines="${f.content.split("\n").length}">\n${f.content.replace(/\n$/, "")}\n</file>`,
    )
    .join("\n\n");
}

// ---------------------------------------------------------------------------------------------
// Plan

const PLAN_SHAPE = `{
  "appName": "task-manager",
  "pages": [{ "name": "Tasks", "route": "/" }, { "name": "Task detail", "route": "/tasks/:id" }],
  "dataModel": {
    "tables": [
      {
        "name": "tasks",
        "columns": [
          { "name": "id", "type": "INTEGER PRIMARY KEY AUTOINCREMENT" },
          { "name": "title", "type": "TEXT NOT NULL" },
          { "name": "done", "type": "INTEGER NOT NULL DEFAULT 0" },
          { "name": "created_at", "type": "TEXT NOT NULL DEFAULT (datetime('now'))" }
        ]
      }
    ]
  },
  "features": ["add, edit and delete tasks", "mark a task done", "filter by done / open"],
  "needsAuth": true,
  "needsFileStorage": false
}`;

const PLAN_SYSTEM = `You plan web apps for Kiln. The app is React + Tailwind with a Cloudflare Worker API and a SQLite (D1) database.
Reply with ONE JSON object and nothing else: no prose, no code fences, no comments.

Shape (an example):
${PLAN_SHAPE}

Rules:
- appName: lowercase words joined by "-".
- pages: what the user sees; route starts with "/". Login/register pages come with needsAuth, do not list them.
- dataModel.tables: snake_case names; column types are SQLite. Every table has "id". Do not add a users table: needsAuth provides it.
- A column may also say what it holds with "kind" (${COLUMN_KINDS.join(", ")}), "options" for an enum, "references" (a table name) for a reference, and "min"/"max" for an integer, number or money with a range: { "name": "rating", "kind": "integer", "min": 1, "max": 5 }.
- features: short phrases, one per thing the user can do.
- needsAuth: true when data belongs to a person or the user mentions accounts or login.
- needsFileStorage: true only for uploads (images, files).`;

export function planPrompt(description: string): PromptSpec {
  return {
    phase: "plan",
    system: PLAN_SYSTEM,
    messages: [
      { role: "user", content: `Plan this app:\n\n${description.trim()}\n\nReply with the JSON object only.` },
    ],
    maxOutputTokens: 2048,
  };
}

/** The one re-ask after an invalid plan: the errors, then "the corrected JSON only". */
export function planReaskPrompt(description: string, previousOutput: string, errors: PlanJsonError[]): PromptSpec {
  const base = planPrompt(description);
  return {
    ...base,
    phase: "plan-reask",
    messages: [
      ...base.messages,
      { role: "assistant", content: previousOutput },
      {
        role: "user",
        content: `That plan is not valid:\n${formatPlanErrors(errors)}\n\nReply with the corrected JSON object only.`,
      },
    ],
  };
}

// ---------------------------------------------------------------------------------------------
// Write, continue, re-ask, repair

const FORMAT = `Output format. Write files with these tags, outside any code fence:

<kiln-write path="src/pages/NotesPage.tsx">
export function NotesPage() {
  return <h1 className="text-xl">Notes</h1>;
}
</kiln-write>

<kiln-edit path="worker/index.ts">
<<<<<<< SEARCH
app.get("/api/health", (c) => c.json({ ok: true }));
=======
app.get("/api/health", (c) => c.json({ ok: true }));
app.route("/api/notes", notes);
>>>>>>> REPLACE
</kiln-edit>

<kiln-delete path="src/pages/OldPage.tsx"/>

- kiln-write: the WHOLE file. Use it for new files and files under 150 lines.
- kiln-edit: for larger files. SEARCH copies existing lines exactly (enough of them to be unique); REPLACE is what they become. Several blocks are fine.
- Never write placeholders such as "// ... existing code ..." or "/* rest unchanged */": write every line.
- Text outside the tags is your message to the user: one or two sentences.`;

const WRITE_SYSTEM = `You are Kiln's coding model. You change a working React 19 + TypeScript + Tailwind v4 app with a Hono API in worker/ and SQLite migrations in migrations/.
The baseline already works: keep its API helpers (src/lib/api.ts, src/lib/use-api.ts), components and auth. Fetch with relative paths like "api/todos", never "/api/todos".

${FORMAT}`;

export interface WriteInput {
  /** The validated plan (any JSON value). */
  plan: unknown;
  /** What the user asked for in this turn (the app description on the first build). */
  request: string;
  /** Every path in the project (the scaffold's file list). */
  fileList: string[];
  /** The relevant files, most relevant first; cut to the budget. */
  files: SourceFile[];
  /** Tokens the file contents may take (default 24k). */
  budgetTokens?: number;
  /** Paths the model must not change (e.g. package.json, the auth files). */
  readOnly?: string[];
}

export function writePrompt(input: WriteInput): PromptSpec {
  const { included, omitted } = fitFilesToBudget(input.files, input.budgetTokens ?? 24_000);
  const parts = [
    `The plan:\n${JSON.stringify(input.plan, null, 2)}`,
    `Files in the project:\n${input.fileList.join("\n")}`,
    included.length ? `Current content of the relevant files:\n\n${renderFiles(included)}` : "",
    omitted.length
      ? `Not shown (too long for this message): ${omitted.join(", ")}. Do not edit them with kiln-edit.`
      : "",
    input.readOnly?.length ? `Do not change: ${input.readOnly.join(", ")}.` : "",
    `Task: ${input.request.trim()}`,
    `Reply with kiln-write / kiln-edit / kiln-delete tags for every file you change, then one short sentence for the user. No placeholders.`,
  ];
  return {
    phase: "write",
    system: WRITE_SYSTEM,
    messages: [{ role: "user", content: parts.filter(Boolean).join("\n\n") }],
    maxOutputTokens: 16_384,
  };
}

/**
 * After output was cut off (finishReason "length" or an unclosed last tag): the conversation so
 * far, the partial answer, and "continue exactly where you stopped". Join the reply to the partial
 * output with `joinContinuation()` and parse the whole.
 */
export function continuePrompt(
  previous: PromptSpec,
  partialOutput: string,
  openTag?: { kind: string; path: string },
): PromptSpec {
  const where = openTag ? ` You were inside <kiln-${openTag.kind} path="${openTag.path}">.` : "";
  return {
    ...previous,
    phase: "continue",
    messages: [
      ...previous.messages,
      { role: "assistant", content: partialOutput },
      {
        role: "user",
        content: `Your reply was cut off.${where} Continue exactly where it stopped: start with the next character, do not repeat anything, do not restart the file. Close every open tag. If the file was already complete, reply with just the closing tag.`,
      },
    ],
  };
}

/**
 * After some operations could not be applied. Attempt 1: "re-read the file and redo the block"
 * (current contents attached). Attempt 2 (or a placeholder): "write the whole file".
 */
export function editReaskPrompt(
  previous: PromptSpec,
  previousOutput: string,
  failures: ApplyFailure[],
  files: Record<string, string>,
  attempt: 1 | 2,
): PromptSpec {
  const paths = [...new Set(failures.map((f) => f.path))];
  const wholeFile = attempt >= 2 || failures.every((f) => f.kind === "placeholder" || f.kind === "empty-write");
  const current = paths.filter((p) => files[p] !== undefined).map((p) => ({ path: p, content: files[p]! }));
  const instruction = wholeFile
    ? `Write each of these files again in full with <kiln-write>: ${paths.join(", ")}. Every line, no placeholders.`
    : `Nothing was applied. Re-read the files below and redo ALL your changes; copy SEARCH lines exactly from the current content.`;
  return {
    ...previous,
    phase: "edit-reask",
    messages: [
      ...previous.messages,
      { role: "assistant", content: previousOutput },
      {
        role: "user",
        content: [
          `These changes could not be applied:\n${failures.map((f) => `- ${f.message}`).join("\n")}`,
          current.length ? `Current content:\n\n${renderFiles(current)}` : "",
          instruction,
        ]
          .filter(Boolean)
          .join("\n\n"),
      },
    ],
  };
}

/** A structured error from the check phase (TypeScript, esbuild, migrations, the smoke run). */
export interface BuildError {
  file: string;
  line?: number;
  column?: number;
  message: string;
  /** e.g. "TS2339" */
  code?: string | number;
  /** Which check found it: "typescript", "build", "migration", "runtime"... */
  source?: string;
}

/** The lines around an error, numbered, with the error line marked. */
function codeFrame(content: string, line: number, context = 3): string {
  const lines = content.split("\n");
  const from = Math.max(1, line - context);
  const to = Math.min(lines.length, line + context);
  const out: string[] = [];
  for (let n = from; n <= to; n++) out.push(`${n === line ? ">" : " "} ${String(n).padStart(4)} | ${lines[n - 1]}`);
  return out.join("\n");
}

export function repairPrompt(input: {
  errors: BuildError[];
  files: Record<string, string>;
  fileList: string[];
  attempt: number;
  maxErrors?: number;
  budgetTokens?: number;
}): PromptSpec {
  const errors = input.errors.slice(0, input.maxErrors ?? 15);
  const listed = errors
    .map((e) => {
      const at = e.line ? `${e.file}:${e.line}${e.column ? `:${e.column}` : ""}` : e.file;
      const head =
        `- ${at} ${e.source ? `[${e.source}${e.code ? ` ${e.code}` : ""}]` : e.code ? `[${e.code}]` : ""} ${e.message}`.replace(
          /\s+/g,
          " ",
        );
      const file = input.files[e.file];
      return file && e.line ? `${head}\n${codeFrame(file, e.line)}` : head;
    })
    .join("\n\n");
  const more = input.errors.length > errors.length ? `\n(and ${input.errors.length - errors.length} more)` : "";
  const paths = [...new Set(errors.map((e) => e.file))].filter((p) => input.files[p] !== undefined);
  const { included } = fitFilesToBudget(
    paths.map((p) => ({ path: p, content: input.files[p]! })),
    input.budgetTokens ?? 24_000,
  );
  const content = [
    `The app does not work yet. Errors (attempt ${input.attempt}):\n\n${listed}${more}`,
    `Files in the project:\n${input.fileList.join("\n")}`,
    included.length ? `Current content:\n\n${renderFiles(included)}` : "",
    `Fix the cause of every error with kiln-write / kiln-edit tags. Change only what the fix needs. Then one sentence saying what you fixed.`,
  ];
  return {
    phase: "repair",
    system: WRITE_SYSTEM,
    messages: [{ role: "user", content: content.filter(Boolean).join("\n\n") }],
    maxOutputTokens: 16_384,
  };
}
