import type { LanguageModelV4 } from "@ai-sdk/provider";
import { generate, type GenerateResult } from "../ai/generate";
import { continuePrompt, editReaskPrompt, planPrompt, planReaskPrompt, repairPrompt, writePrompt, type PromptSpec } from "../ai/prompts";
import { applyOperations, extractPlanJson, joinContinuation, parseModelOutput, type ApplyFailure, type Operation } from "../ai/protocol";
import { buildApp } from "../build/index";
import { buildAndDeploy } from "../build/deploy-build";
import type { BuildError } from "../build/types";
import type { Env } from "../env";
import type { ProjectRow } from "../store/projects";
import { readAllFiles, writeFiles } from "../store/sources";
import templateFiles from "../../dist/templates/react-app.js";
import { relevantFiles } from "./context";
import type { GenerationEvent, PhaseName, RunMetrics } from "./events";
import { planFromDescription } from "./plan/heuristic";
import { interpretEdit } from "./plan/offline-edits";
import { fieldColumns, normalizePlanWithWarnings, planInputSchema, type Plan } from "./plan/schema";
import { DestructiveChangeError, scaffold, type PlanRenames } from "./scaffold";

/** What a generation remembers between messages (kept in the project's agent). */
export interface GenerationMemory {
  plan: Plan | null;
  /** A plan change that would delete data, waiting for the person's yes. */
  pending: { plan: Plan; renames?: PlanRenames; summary: string } | null;
}

export interface GenerationIO {
  env: Env;
  exports: Cloudflare.Exports;
  project: ProjectRow;
  userId: string;
  origin: string;
  emit(event: GenerationEvent): void;
  memory: GenerationMemory;
  model: { model: LanguageModelV4; name: string } | null;
  signal: AbortSignal;
}

export interface GenerationOutcome {
  versionId: string | null;
  previewUrl: string | null;
  reply: string;
  metrics: RunMetrics;
}

/** A generation that cannot finish; the message is for the person, and nothing was deployed. */
export class GenerationError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly diagnostics?: BuildError[],
  ) {
    super(message);
  }
}

const MAX_REPAIR_ROUNDS = 3;
/** Files the model must leave alone: the build setup and the template's auth. */
const READ_ONLY = /^(package\.json|vite\.config\.ts|tsconfig\.json|worker\/tsconfig\.json|wrangler\.jsonc|worker\/(auth|password)\.ts|src\/lib\/auth\.tsx|migrations\/0001_init\.sql)$/;
const YES = /^\s*(yes|y|ok|okay|confirm|confirmed|go ahead|do it|delete it|yes,? delete it)\b/i;

/**
 * One message → (maybe) one new preview version, through the phases of DESIGN.md §5:
 * plan → scaffold → write → check → repair → deploy. Offline (no model), plan comes from the
 * heuristic planner and edits from the plain-edit interpreter, and "write" is skipped.
 */
export async function runGeneration(io: GenerationIO, message: string): Promise<GenerationOutcome> {
  const metrics: RunMetrics = { model: io.model?.name ?? null, phases: {}, buildMs: null, repairRounds: 0 };
  const phase = async <T>(name: PhaseName, work: () => Promise<T>, detail?: string): Promise<T> => {
    if (io.signal.aborted) throw new GenerationError("cancelled", "Stopped at your request before the " + name + " phase; nothing was deployed.");
    io.emit({ type: "phase", phase: name, status: "start", detail });
    const t0 = Date.now();
    try {
      const result = await work();
      const ms = Date.now() - t0;
      metrics.phases[name] = { ...metrics.phases[name], ms };
      io.emit({ type: "phase", phase: name, status: "end", ms });
      return result;
    } catch (err) {
      io.emit({ type: "phase", phase: name, status: "failed", ms: Date.now() - t0, detail: (err as Error).message });
      throw err;
    }
  };
  const skip = (name: PhaseName, detail: string) => io.emit({ type: "phase", phase: name, status: "skipped", detail });
  const usage = (name: PhaseName, r: GenerateResult) => {
    const m = (metrics.phases[name] ??= { ms: 0 });
    m.inputTokens = (m.inputTokens ?? 0) + (r.usage.inputTokens ?? 0);
    m.outputTokens = (m.outputTokens ?? 0) + (r.usage.outputTokens ?? 0);
    m.modelMs = (m.modelMs ?? 0) + r.durationMs;
  };
  const ask = async (name: PhaseName, spec: PromptSpec): Promise<GenerateResult> => {
    const r = await generate({ model: io.model!.model, system: spec.system, messages: spec.messages, phase: spec.phase, maxOutputTokens: spec.maxOutputTokens, signal: io.signal });
    usage(name, r);
    return r;
  };

  // 1–2. Plan and scaffold: a new app, a plan change, or (with a model) an edit of the code.
  const current = io.memory.plan ? await readAllFiles(io.env.DB, io.env.CODE, io.project.id) : null;
  let files: Record<string, string>;
  let plan: Plan;
  let summary: string;
  let request = message;
  if (!io.memory.plan || !current) {
    plan = await phase("plan", async () => (io.model ? planWithModel(message, ask, io) : planFromDescription(message)));
    summary = describePlan(plan);
    io.emit({ type: "plan", plan, summary });
    files = await phase("scaffold", async () => scaffold(plan, templateFiles));
  } else if (io.memory.pending && YES.test(message)) {
    const pending = io.memory.pending;
    plan = pending.plan;
    summary = pending.summary;
    request = pending.summary;
    skip("plan", "Confirmed the change you were asked about.");
    files = await phase("scaffold", async () => scaffold(plan, templateFiles, { previous: { plan: io.memory.plan!, migrations: migrationsOf(current), renames: pending.renames }, confirmed: true }));
    io.memory.pending = null;
  } else {
    const edit = interpretEdit(io.memory.plan, message);
    if (edit.kind === "plan") {
      plan = edit.plan;
      summary = edit.summary;
      io.emit({ type: "phase", phase: "plan", status: "end", ms: 0, detail: summary });
      io.emit({ type: "plan", plan, summary });
      try {
        files = await phase("scaffold", async () => scaffold(plan, templateFiles, { previous: { plan: io.memory.plan!, migrations: migrationsOf(current), renames: edit.renames } }));
      } catch (err) {
        if (!(err instanceof DestructiveChangeError)) throw err;
        io.memory.pending = { plan, renames: edit.renames, summary };
        io.emit({ type: "needs_confirmation", changes: err.changes });
        const reply = `${err.message} Reply "yes" to go ahead; today's data is kept in the database snapshot taken when you publish.`;
        io.emit({ type: "text", delta: reply });
        return { versionId: null, previewUrl: null, reply, metrics };
      }
    } else if (!io.model) {
      const reply = `No AI model is connected, so Kiln can only make plain changes on its own. ${edit.reason} Connect a model in Settings to ask for anything else.`;
      io.emit({ type: "text", delta: reply });
      return { versionId: null, previewUrl: null, reply, metrics };
    } else {
      plan = io.memory.plan;
      summary = message;
      skip("plan", "The data model stays as it is.");
      skip("scaffold", "The app already exists.");
      files = current;
    }
  }

  // 3. Write: the model realises the request on top of the scaffold.
  let assistantNote = "";
  if (io.model) {
    const written = await phase("write", () => writeWithModel(files, plan, request, ask, io));
    files = written.files;
    assistantNote = written.message;
  } else {
    skip("write", "No AI model is connected: the app is exactly the scaffold of the plan.");
  }

  // 4–5. Check, and repair (deterministic first, then the model), at most three rounds.
  let check = await phase("check", () => buildApp(files, { loader: io.env.LOADER, scratchDb: io.env.APP_DB, cacheKey: io.project.id }));
  let errors = check.diagnostics.filter((d) => d.severity === "error");
  io.emit({ type: "diagnostics", diagnostics: check.diagnostics });
  for (let round = 1; errors.length > 0 && round <= MAX_REPAIR_ROUNDS; round++) {
    if (!io.model) break;
    metrics.repairRounds = round;
    io.emit({ type: "repair", round, errors: errors.length });
    files = await phase("repair", () => repairWithModel(files, errors, round, ask, io));
    check = await phase("check", () => buildApp(files, { loader: io.env.LOADER, scratchDb: io.env.APP_DB, cacheKey: io.project.id }));
    errors = check.diagnostics.filter((d) => d.severity === "error");
    io.emit({ type: "diagnostics", diagnostics: check.diagnostics });
  }
  if (errors.length > 0) {
    throw new GenerationError(
      "build_failed",
      io.model
        ? `The app still had ${errors.length} error(s) after ${metrics.repairRounds} repair round(s), so nothing was deployed and the previous version keeps serving. First: ${where(errors[0]!)} ${errors[0]!.message}`
        : `The generated app did not build (${where(errors[0]!)} ${errors[0]!.message}), so nothing was deployed. This is a bug in Kiln's scaffolder; please report it with your message.`,
      errors,
    );
  }

  // 6. Deploy: the working copy becomes these files, and a new preview version serves them.
  await saveWorkingCopy(io, files, current ?? (await readAllFiles(io.env.DB, io.env.CODE, io.project.id)));
  const deployed = await phase("deploy", async () =>
    buildAndDeploy(io.env, io.exports, io.project, { userId: io.userId, source: "generation", prompt: message, origin: io.origin, files, metrics }),
  );
  if (!deployed.ok) throw new GenerationError("build_failed", "The final build failed unexpectedly; nothing was deployed.", deployed.diagnostics);
  metrics.buildMs = deployed.buildTime;
  io.memory.plan = plan;

  const reply = [
    assistantNote || (current ? `Done: ${summary}` : `Built ${plan.title}: ${summary}`),
    io.model ? "" : "No AI model is connected, so Kiln planned this from your words with its offline planner and built the standard screens for it. Connect a model in Settings to have features written for you.",
  ]
    .filter(Boolean)
    .join("\n\n");
  io.emit({ type: "text", delta: reply });
  return { versionId: deployed.versionId, previewUrl: deployed.previewUrl, reply, metrics };
}

async function planWithModel(description: string, ask: (p: PhaseName, s: PromptSpec) => Promise<GenerateResult>, io: GenerationIO): Promise<Plan> {
  let spec = planPrompt(description);
  let result = await ask("plan", spec);
  let parsed = extractPlanJson(result.text, planInputSchema);
  if (!parsed.ok) {
    // One re-ask with the exact problems.
    spec = planReaskPrompt(description, result.text, parsed.errors);
    result = await ask("plan", spec);
    parsed = extractPlanJson(result.text, planInputSchema);
  }
  if (!parsed.ok) {
    io.emit({ type: "text", delta: "The model's plan was not valid twice, so Kiln planned from your description itself.\n\n" });
    return planFromDescription(description);
  }
  return normalizePlanWithWarnings({ description, ...parsed.value }).plan;
}

async function writeWithModel(files: Record<string, string>, plan: Plan, request: string, ask: (p: PhaseName, s: PromptSpec) => Promise<GenerateResult>, io: GenerationIO) {
  const readOnly = (path: string) => READ_ONLY.test(path);
  const spec = writePrompt({
    plan,
    request,
    fileList: Object.keys(files).sort(),
    files: relevantFiles(files, `${request} ${plan.dataModel.tables.map((t) => t.name).join(" ")}`, 24_000).files,
    readOnly: Object.keys(files).filter(readOnly),
  });
  const output = await completeOutput(spec, "write", ask);
  let parsed = parseModelOutput(output);
  let applied = applyOperations(files, parsed.operations, { readOnly });
  // A block that does not match: re-read and redo; then whole files.
  for (const attempt of [1, 2] as const) {
    if (applied.failures.length === 0) break;
    reportFailures(io, applied.failures);
    const reask = await completeOutput(editReaskPrompt(spec, output, applied.failures, files, attempt), "write", ask);
    parsed = parseModelOutput(reask);
    applied = applyOperations(files, parsed.operations, { readOnly });
  }
  if (applied.failures.length > 0) {
    throw new GenerationError("edit_failed", `The model's changes could not be applied (${applied.failures[0]!.message}), so nothing was changed or deployed.`);
  }
  for (const op of applied.applied) io.emit({ type: "file", path: op.path, action: op.kind === "delete" ? "delete" : "write" });
  return { files: applied.files, message: parsed.message.trim() };
}

async function repairWithModel(files: Record<string, string>, errors: BuildError[], round: number, ask: (p: PhaseName, s: PromptSpec) => Promise<GenerateResult>, io: GenerationIO) {
  const readOnly = (path: string) => READ_ONLY.test(path);
  const spec = repairPrompt({ errors, files, fileList: Object.keys(files).sort(), attempt: round });
  const parsed = parseModelOutput(await completeOutput(spec, "repair", ask));
  const applied = applyOperations(files, parsed.operations as Operation[], { readOnly });
  if (applied.failures.length > 0) {
    reportFailures(io, applied.failures);
    return files;
  }
  for (const op of applied.applied) io.emit({ type: "file", path: op.path, action: op.kind === "delete" ? "delete" : "write" });
  return applied.files;
}

/** The model's whole answer, asking it to continue (at most twice) when it was cut off. */
async function completeOutput(spec: PromptSpec, phase: PhaseName, ask: (p: PhaseName, s: PromptSpec) => Promise<GenerateResult>): Promise<string> {
  let result = await ask(phase, spec);
  let text = result.text;
  for (let i = 0; i < 2; i++) {
    const parsed = parseModelOutput(text);
    if (result.finishReason !== "length" && !parsed.truncated) break;
    result = await ask(phase, continuePrompt(spec, text, parsed.partial && { kind: parsed.partial.kind, path: parsed.partial.path }));
    text = joinContinuation(text, result.text);
  }
  return text;
}

function reportFailures(io: GenerationIO, failures: ApplyFailure[]) {
  io.emit({ type: "text", delta: `Some changes did not apply (${failures.map((f) => f.message).join("; ")}); asking the model again.\n\n` });
}

async function saveWorkingCopy(io: GenerationIO, files: Record<string, string>, before: Record<string, string>) {
  const changed = Object.fromEntries(Object.entries(files).filter(([p, c]) => before[p] !== c));
  const deleted = Object.keys(before).filter((p) => files[p] === undefined);
  await writeFiles(io.env.DB, io.env.CODE, io.project.id, changed, deleted);
  if (!io.model) for (const path of Object.keys(changed).sort()) io.emit({ type: "file", path, action: "write" });
  for (const path of deleted) io.emit({ type: "file", path, action: "delete" });
}

function migrationsOf(files: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(files).filter(([p]) => /^migrations\/[^/]+\.sql$/.test(p)));
}

export function describePlan(plan: Plan): string {
  const tables = plan.dataModel.tables.map((t) => `${t.name} (${fieldColumns(t).map((c) => c.name).join(", ")})`);
  return `${tables.join("; ")}${plan.needsAuth ? ", each person's own, behind a login" : ""}.`;
}

const where = (e: BuildError) => `${e.file}${e.line ? `:${e.line}` : ""}`;
