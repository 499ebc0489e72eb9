import type { LanguageModelV4 } from "@ai-sdk/provider";
import { applyPatch, structuredPatch } from "diff";
import { generate, type GenerateResult } from "../ai/generate";
import { continuePrompt, estimateTokens, editReaskPrompt, planPrompt, planReaskPrompt, repairPrompt, writePrompt, type PromptSpec } from "../ai/prompts";
import { applyOperations, extractPlanJson, joinContinuation, parseModelOutput, type ApplyFailure, type Operation } from "../ai/protocol";
import { buildApp } from "../build/index";
import { buildAndDeploy } from "../build/deploy-build";
import type { BuildError } from "../build/types";
import type { Env } from "../env";
import type { ProjectRow } from "../store/projects";
import { readAllFiles, writeFiles } from "../store/sources";
import templateFiles from "../../dist/templates/react-app.js";
import { relevantFiles } from "./context";
import { fixMissingImports } from "./fixers";
import type { GenerationEvent, PhaseName, RunMetrics } from "./events";
import type { EditResult } from "./plan/offline";
import { SITE_KIND_LABELS } from "./plan/types";
import { fieldColumns, normalizePlanWithWarnings, planInputSchema, type Plan } from "./plan/schema";
import type { PlanRenames } from "./plan/diff";
import { DestructiveChangeError, scaffold } from "./scaffold";
import { appHost } from "../hosting/current-host";
import { smokeRun } from "./smoke";

/** What a generation remembers between messages (kept in the project's agent). */
export interface GenerationMemory {
  plan: Plan | null;
  /** A plan change that would delete data, waiting for the person's yes. */
  pending: { plan: Plan; renames?: PlanRenames; summary: string } | null;
  /**
   * The plan of each generated version, by a fingerprint of its migrations, so that when the
   * working copy becomes an earlier version's sources (a rebuild from a base version, a reset),
   * the next message starts from that version's plan and not the latest one.
   */
  plans?: Record<string, Plan> | null;
  /** In "plan first" mode: a plan shown to the person, waiting for their approval (or edits). */
  proposal?: Proposal | null;
}

export interface Proposal {
  /** A new app, or a change to the current app's plan. */
  kind: "new" | "change";
  plan: Plan;
  summary: string;
  /** What the person asked for; the version records it as its prompt. */
  message: string;
  renames?: PlanRenames;
}

export interface GenerationOptions {
  /** Stop after the plan and wait for the person to approve or edit it. */
  planFirst?: boolean;
  /** Build the plan waiting for approval, or the person's edited version of it (checked and normalised by the API). */
  approve?: { plan?: Plan };
}

/** Plans remembered per migrations fingerprint (the most recent ones). */
const MAX_REMEMBERED_PLANS = 20;

export interface GenerationIO {
  env: Env;
  exports: Cloudflare.Exports;
  project: ProjectRow;
  userId: string;
  origin: string;
  emit(event: GenerationEvent): void;
  /** Resolves once the events emitted so far are on their way to the client. */
  flush(): Promise<void>;
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
export async function runGeneration(io: GenerationIO, message: string, options: GenerationOptions = {}): Promise<GenerationOutcome> {
  // Files already announced (the model's, as each turn applies); the rest are announced on saving.
  const announced = new Set<string>();
  const emit = io.emit;
  io = { ...io, emit: (event) => (event.type === "file" && announced.add(event.path), emit(event)) };
  const metrics: RunMetrics = { model: io.model?.name ?? null, phases: {}, buildMs: null, repairRounds: 0 };
  /** Runs a phase; `problem` turns a result into the reason the phase counts as failed (a check that found errors). */
  const phase = async <T>(name: PhaseName, work: () => Promise<T>, detail?: string, problem?: (result: T) => string | null): Promise<T> => {
    if (io.signal.aborted) throw new GenerationError("cancelled", "Stopped at your request before the " + name + " phase; nothing was deployed.");
    io.emit({ type: "phase", phase: name, status: "start", detail });
    // Let the stream carry the event out before CPU-heavy work (a build) holds the thread.
    await io.flush();
    const t0 = Date.now();
    try {
      const result = await work();
      const ms = Date.now() - t0;
      // A phase that runs more than once (check, repair) adds up its time.
      metrics.phases[name] = { ...metrics.phases[name], ms: (metrics.phases[name]?.ms ?? 0) + ms };
      const failed = problem?.(result) ?? null;
      io.emit(failed ? { type: "phase", phase: name, status: "failed", ms, detail: failed } : { type: "phase", phase: name, status: "end", ms });
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
  if (current && io.memory.plan) {
    // The working copy may be an earlier version's (rebuilt from a base version): its plan, then.
    const known = io.memory.plans?.[migrationsFingerprint(current)];
    if (known && JSON.stringify(known) !== JSON.stringify(io.memory.plan)) {
      io.memory.plan = known;
      io.memory.pending = null;
    }
  }
  let files: Record<string, string>;
  let plan: Plan;
  let summary: string;
  let request = message;
  let versionPrompt = message;
  // A change to code that already exists (not a new app or plan): only the relevant part of it is sent.
  let codeEdit = false;
  // Files with the person's own changes that the new data model's scaffold could not be merged into.
  let kept: string[] = [];

  /** "Plan first": the plan is shown and the run ends; the person approves, edits or re-asks. */
  const propose = (proposal: Proposal): GenerationOutcome => {
    io.memory.proposal = proposal;
    io.emit({ type: "plan", plan: proposal.plan, summary: proposal.summary, awaitingApproval: true });
    const reply = `Here is the plan: ${proposal.summary} Approve it to build${proposal.kind === "change" ? " the change" : ""}, edit it, or tell me what to change.`;
    io.emit({ type: "text", delta: reply });
    return { versionId: null, previewUrl: null, reply, metrics };
  };
  /**
   * The current app's files for a new plan (a plan change), or why it needs a yes first (it would
   * delete data); `confirmed` is that yes.
   */
  const changePlanTo = async (next: Plan, nextSummary: string, renames: PlanRenames | undefined, asked: string, confirmed = false): Promise<Record<string, string> | DestructiveChangeError> => {
    const previousPlan = io.memory.plan!;
    try {
      return await phase("scaffold", async () => {
        const merged = onCurrent(io, scaffold(next, templateFiles, { previous: { plan: previousPlan, migrations: migrationsOf(current!), renames }, confirmed }), previousPlan, current!);
        request = withConflicts(asked, merged.conflicts);
        kept = merged.conflicts;
        return merged.files;
      });
    } catch (err) {
      if (!(err instanceof DestructiveChangeError)) throw err;
      io.memory.pending = { plan: next, renames, summary: nextSummary };
      io.emit({ type: "needs_confirmation", changes: err.changes });
      return err;
    }
  };
  const needsYes = (err: DestructiveChangeError): GenerationOutcome => {
    const reply = `${err.message} Reply "yes" to go ahead; today's data is kept in the database snapshot taken when you publish.`;
    io.emit({ type: "text", delta: reply });
    return { versionId: null, previewUrl: null, reply, metrics };
  };

  const proposal = io.memory.proposal ?? null;
  const isNew = !io.memory.plan || !current;
  if (options.approve) {
    if (!proposal) throw new GenerationError("nothing_to_approve", "There is no plan waiting for approval. Describe what you want, with “plan first” on to see the plan before it is built.");
    const edited = options.approve.plan !== undefined;
    plan = options.approve.plan ?? proposal.plan;
    summary = describePlan(plan);
    io.memory.proposal = null;
    request = versionPrompt = proposal.message;
    skip("plan", edited ? "You edited and approved the plan." : "You approved the plan.");
    io.emit({ type: "plan", plan, summary });
    if (proposal.kind === "new" || isNew) files = await phase("scaffold", async () => scaffold(plan, templateFiles));
    else {
      // Renames worked out for the proposed plan hold only while the plan is the one proposed.
      const changed = await changePlanTo(plan, summary, edited ? undefined : proposal.renames, proposal.message);
      if (changed instanceof DestructiveChangeError) return needsYes(changed);
      files = changed;
    }
  } else if (proposal && options.planFirst) {
    // The person answers the plan shown with changes to it: a revised plan, shown again.
    const edit = await interpretPlainEdit(proposal.plan, message);
    const revised =
      edit.kind === "plan"
        ? { plan: edit.plan, renames: proposal.kind === "change" ? proposal.renames : undefined }
        : io.model
          ? { plan: await phase("plan", () => planWithModel(`${proposal.message}\n\nChanges to the plan: ${message}`, ask, io)), renames: proposal.renames }
          : null;
    if (!revised) {
      const reply = `I could not turn that into a change of the plan on my own: ${edit.kind === "plan" ? "" : edit.reason} Edit the plan above, approve it as it is, or connect a model in Settings.`;
      io.emit({ type: "text", delta: reply });
      return { versionId: null, previewUrl: null, reply, metrics };
    }
    if (edit.kind === "plan") io.emit({ type: "phase", phase: "plan", status: "end", ms: 0, detail: edit.summary });
    return propose({ ...proposal, plan: revised.plan, summary: describePlan(revised.plan), message: `${proposal.message}\n${message}` });
  } else if (isNew) {
    io.memory.proposal = null;
    // Offline, the description may ask for a content site, or for logic only a model can write.
    const planned = await phase("plan", async () => (io.model ? { kind: "app" as const, plan: await planWithModel(message, ask, io) } : (await offline()).planRequest(message)));
    if (planned.kind === "reply") {
      for (const name of ["scaffold", "write", "check", "deploy"] as const) skip(name, "Kiln needs a model to build this.");
      io.emit({ type: "text", delta: planned.reply });
      return { versionId: null, previewUrl: null, reply: planned.reply, metrics };
    }
    plan = planned.plan;
    summary = describePlan(plan);
    if (options.planFirst) return propose({ kind: "new", plan, summary, message });
    io.emit({ type: "plan", plan, summary });
    files = await phase("scaffold", async () => scaffold(plan, templateFiles));
  } else if (io.memory.pending && YES.test(message)) {
    const pending = io.memory.pending;
    plan = pending.plan;
    summary = pending.summary;
    skip("plan", "Confirmed the change you were asked about.");
    // Confirmed, so never a DestructiveChangeError.
    files = (await changePlanTo(plan, summary, pending.renames, pending.summary, true)) as Record<string, string>;
    io.memory.pending = null;
  } else {
    io.memory.proposal = null;
    const edit = await interpretPlainEdit(io.memory.plan!, message);
    if (edit.kind === "plan") {
      plan = edit.plan;
      summary = edit.summary;
      io.emit({ type: "phase", phase: "plan", status: "end", ms: 0, detail: summary });
      if (options.planFirst) return propose({ kind: "change", plan, summary, message, renames: edit.renames });
      io.emit({ type: "plan", plan, summary });
      const changed = await changePlanTo(plan, summary, edit.renames, message);
      if (changed instanceof DestructiveChangeError) return needsYes(changed);
      files = changed;
    } else if (!io.model) {
      const reply = `No AI model is connected, so Kiln can only make plain changes on its own. ${edit.reason} Connect a model in Settings to ask for anything else.`;
      io.emit({ type: "text", delta: reply });
      return { versionId: null, previewUrl: null, reply, metrics };
    } else {
      plan = io.memory.plan!;
      summary = message;
      skip("plan", "The data model stays as it is.");
      skip("scaffold", "The app already exists.");
      files = current!;
      codeEdit = true;
    }
  }

  // 3. Write: the model realises the request on top of the scaffold.
  let assistantNote = "";
  if (io.model) {
    const before = files;
    const written = await phase("write", () => writeWithModel(before, plan, request, ask, io, codeEdit));
    files = written.files;
    // What the edit cost in context: the prompt sent against the whole project.
    metrics.phases.write = { ...metrics.phases.write!, promptTokens: written.promptTokens, projectTokens: estimateTokens(Object.values(before).join("\n")) };
    assistantNote = written.message;
  } else {
    skip("write", "No AI model is connected: the app is exactly the scaffold of the plan.");
  }

  // 4–5. Check (build, type-check, migrations, then a smoke run of the built app), and repair
  // (deterministic first, then the model), at most three rounds.
  const checkFiles = async (): Promise<BuildError[]> => {
    const built = await buildApp(files, { loader: io.env.LOADER, migrationDb: appHost(io.env).database(io.project.id, "check"), cacheKey: io.project.id });
    const diagnostics = [...built.diagnostics];
    if (built.ok && !diagnostics.some((d) => d.severity === "error")) {
      const smoke = await smokeRun(io.env, built, plan, { exports: io.exports, projectId: io.project.id });
      // A problem with /api/<table> points at that table's router, so the repair prompt shows it.
      const fileOf = (message: string) => {
        const table = /^\w+ \/api\/([a-z0-9_]+)/.exec(message)?.[1];
        return table && files[`worker/${table}.ts`] !== undefined ? `worker/${table}.ts` : "";
      };
      diagnostics.push(...smoke.problems.map((p) => ({ ...p, file: fileOf(p.message), severity: "error" as const })));
    }
    io.emit({ type: "diagnostics", diagnostics });
    return diagnostics.filter((d) => d.severity === "error");
  };
  const checkProblem = (found: BuildError[]) => (found.length > 0 ? `${found.length} problem(s); first: ${where(found[0]!)} ${found[0]!.message}` : null);
  let errors = await phase("check", checkFiles, undefined, checkProblem);
  for (let round = 1; errors.length > 0 && round <= MAX_REPAIR_ROUNDS; round++) {
    // Deterministic fixers first: free, certain, and they work without a model too.
    const fix = fixMissingImports(files, errors);
    if (fix.fixed.length > 0) {
      const before = files;
      files = fix.files;
      for (const path of Object.keys(files).filter((p) => files[p] !== before[p])) io.emit({ type: "file", path, action: "write" });
      io.emit({ type: "text", delta: `Fixed without the model: ${fix.fixed.join("; ")}.\n\n` });
      errors = await phase("check", checkFiles, undefined, checkProblem);
      if (errors.length === 0) break;
    }
    if (!io.model) break;
    metrics.repairRounds = round;
    io.emit({ type: "repair", round, errors: errors.length });
    const failing = errors;
    files = await phase("repair", () => repairWithModel(files, failing, round, ask, io));
    errors = await phase("check", checkFiles, undefined, checkProblem);
  }
  // A stop that arrived while the check ran ends the run here: nothing is saved or deployed.
  if (io.signal.aborted) throw new GenerationError("cancelled", "Stopped at your request; nothing was saved or deployed.");
  if (errors.length > 0) {
    throw new GenerationError(
      "build_failed",
      io.model
        ? `The app still had ${errors.length} error(s) after ${metrics.repairRounds} repair round(s), so nothing was deployed and the previous version keeps serving. First: ${where(errors[0]!)} ${errors[0]!.message}`
        : offlineFailure(errors, files, plan),
      errors,
    );
  }

  // 6. Deploy: the working copy becomes these files, and a new preview version serves them.
  await saveWorkingCopy(io, files, current ?? (await readAllFiles(io.env.DB, io.env.CODE, io.project.id)), announced);
  const deployed = await phase("deploy", async () =>
    buildAndDeploy(io.env, io.exports, io.project, {
      userId: io.userId,
      source: "generation",
      prompt: versionPrompt,
      origin: io.origin,
      files,
      metrics,
      // The version records its metrics right after this build, so the build time goes in first.
      onBuilt: (built) => void (metrics.buildMs = Math.round(built.timings.total)),
    }),
  );
  if (!deployed.ok) throw new GenerationError("build_failed", "The final build failed unexpectedly; nothing was deployed.", deployed.diagnostics);
  metrics.buildMs = deployed.buildTime;
  io.memory.plan = plan;
  const fingerprint = migrationsFingerprint(files);
  const plans = Object.entries(io.memory.plans ?? {}).filter(([key]) => key !== fingerprint);
  io.memory.plans = Object.fromEntries([...plans, [fingerprint, plan] as const].slice(-MAX_REMEMBERED_PLANS));

  const reply = [
    assistantNote || (current ? `Done: ${summary}` : `Built ${plan.title}: ${summary}`),
    !io.model && kept.length > 0 ? `Your own changes to ${kept.join(", ")} were kept as they are, so those files were not updated for the new data model.` : "",
    io.model
      ? ""
      : plan.site
        ? `No AI model is connected, so Kiln built this page from your words with its offline planner${plan.site.sections.some((s) => s.placeholder) ? "; the boxes marked “Placeholder” show what to fill in" : ""}. Ask for plain changes ("change the phone number to …", "make it green", "rename the menu section to Food"), edit src/content.ts in the Code tab, or connect a model in Settings to have more written for you.`
        : "No AI model is connected, so Kiln planned this from your words with its offline planner and built the standard screens for it. Connect a model in Settings to have features written for you.",
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
    return (await offline()).planFromDescription(description);
  }
  return normalizePlanWithWarnings({ description, ...parsed.value }).plan;
}

/** Files sent for an edit: at most this share of the project (most relevant first), so that with the plan and file list the whole prompt stays under a third of it. */
const EDIT_CONTEXT_SHARE = 0.2;

async function writeWithModel(files: Record<string, string>, plan: Plan, request: string, ask: (p: PhaseName, s: PromptSpec) => Promise<GenerateResult>, io: GenerationIO, codeEdit = false) {
  const projectTokens = estimateTokens(Object.values(files).join("\n"));
  const budget = codeEdit ? Math.min(24_000, Math.max(4_000, Math.round(projectTokens * EDIT_CONTEXT_SHARE))) : 24_000;
  const readOnly = (path: string) => READ_ONLY.test(path);
  const spec = writePrompt({
    plan,
    request,
    fileList: Object.keys(files).sort(),
    files: relevantFiles(files, codeEdit ? request : `${request} ${plan.dataModel.tables.map((t) => t.name).join(" ")}`, budget).files,
    readOnly: Object.keys(files).filter(readOnly),
  });
  let output = await completeOutput(spec, "write", ask);
  let parsed = parseModelOutput(output);
  let applied = applyOperations(files, parsed.operations, { readOnly });
  // A block that does not match: re-read and redo; then whole files. Each re-ask quotes the
  // answer that just failed (not the first one), so the model corrects what it last wrote.
  for (const attempt of [1, 2] as const) {
    if (applied.failures.length === 0) break;
    reportFailures(io, applied.failures);
    output = await completeOutput(editReaskPrompt(spec, output, applied.failures, files, attempt), "write", ask);
    parsed = parseModelOutput(output);
    applied = applyOperations(files, parsed.operations, { readOnly });
  }
  if (applied.failures.length > 0) {
    throw new GenerationError("edit_failed", `The model's changes could not be applied (${applied.failures[0]!.message}), so nothing was changed or deployed.`);
  }
  for (const op of applied.applied) io.emit({ type: "file", path: op.path, action: op.kind === "delete" ? "delete" : "write" });
  const promptTokens = estimateTokens([spec.system ?? "", ...spec.messages.map((m) => m.content)].join("\n"));
  return { files: applied.files, message: parsed.message.trim(), promptTokens };
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

/** Saves the working copy; every changed file the client was not told about yet (the scaffold's) is announced. */
async function saveWorkingCopy(io: GenerationIO, files: Record<string, string>, before: Record<string, string>, announced: ReadonlySet<string>) {
  const changed = Object.fromEntries(Object.entries(files).filter(([p, c]) => before[p] !== c));
  const deleted = Object.keys(before).filter((p) => files[p] === undefined);
  await writeFiles(io.env.DB, io.env.CODE, io.project.id, changed, deleted);
  for (const path of Object.keys(changed).sort()) if (!announced.has(path)) io.emit({ type: "file", path, action: "write" });
  for (const path of deleted) if (!announced.has(path)) io.emit({ type: "file", path, action: "delete" });
}

/**
 * A plan change over an app a model has written code for: the new plan's scaffold merged into the
 * current files, so the model's earlier work is kept. A file nobody changed since it was scaffolded
 * becomes the new scaffold's; in a file the model changed, the scaffold's own change (old plan →
 * new plan) is applied as a patch; where the patch does not apply, the model's file stays and is
 * named in `conflicts` for the write phase (offline, the person's file stays and the reply says so).
 * Edits made by hand in the code view are kept the same way, with or without a model.
 */
function onCurrent(io: GenerationIO, next: Record<string, string>, previousPlan: Plan, current: Record<string, string>): { files: Record<string, string>; conflicts: string[] } {
  const before = scaffold(previousPlan, templateFiles);
  const files = { ...current };
  const conflicts: string[] = [];
  for (const path of new Set([...Object.keys(before), ...Object.keys(next)])) {
    // Migrations: the new scaffold keeps every current one unchanged and adds one.
    if (/^migrations\/[^/]+\.sql$/.test(path)) {
      if (next[path] !== undefined) files[path] = next[path]!;
      continue;
    }
    const base = before[path];
    const theirs = next[path];
    const mine = current[path];
    if (base === theirs) continue; // the plan change does not touch it: keep what is there
    if (mine === base) {
      if (theirs === undefined) delete files[path];
      else files[path] = theirs;
      continue;
    }
    if (mine === undefined) continue; // deleted since: stays deleted
    const patched = base !== undefined && theirs !== undefined ? applyPatch(mine, structuredPatch(path, path, base, theirs)) : false;
    if (patched === false) conflicts.push(path);
    else files[path] = patched;
  }
  return { files, conflicts: conflicts.sort() };
}

function withConflicts(request: string, conflicts: string[]): string {
  if (conflicts.length === 0) return request;
  return `${request}\n\nThe data model changed. These files have your earlier changes, so Kiln did not update them for the new data model; update them: ${conflicts.join(", ")}.`;
}

/**
 * The app's migrations (names and SQL), hashed: which schema, and so which plan, a set of files has.
 * A site's plan is in its words (src/content.ts), which count too: every version of a site has the
 * same migrations.
 */
function migrationsFingerprint(files: Record<string, string>): string {
  const content = files["src/content.ts"];
  const text = Object.entries({ ...migrationsOf(files), ...(content !== undefined ? { "src/content.ts": content } : {}) })
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([path, sql]) => `${path}\0${sql}`)
    .join("\0");
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return `${text.length}:${(h >>> 0).toString(36)}`;
}

function migrationsOf(files: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(files).filter(([p]) => /^migrations\/[^/]+\.sql$/.test(p)));
}

/** The offline reader, loaded on first use (see plan/offline.ts). */
const offline = () => import("./plan/offline");

/** A plain edit without a model: of a site's words, or of a data app's plan. */
async function interpretPlainEdit(plan: Plan, message: string): Promise<EditResult> {
  const reader = await offline();
  return plan.site ? reader.interpretSiteEdit(plan, message) : reader.interpretEdit(plan, message);
}

export function describePlan(plan: Plan): string {
  if (plan.site) {
    const contact = Object.keys(plan.site.contact).filter((k) => k !== "links");
    return `a ${SITE_KIND_LABELS[plan.site.kind]} with ${plan.site.sections.map((s) => s.heading).join(", ")}${contact.length > 0 ? ` (your ${contact.join(", ")} included)` : ""}; public, no login.`;
  }
  const tables = plan.dataModel.tables.map((t) => `${t.name} (${fieldColumns(t).map((c) => c.name).join(", ")})`);
  return `${tables.join("; ")}${plan.needsAuth ? ", each person's own, behind a login" : ""}.`;
}

/**
 * Offline there is no model to repair anything: say whose code failed. A file as the scaffolder
 * writes it is Kiln's bug; a file changed by hand is the person's to fix (or a model's).
 */
function offlineFailure(errors: BuildError[], files: Record<string, string>, plan: Plan): string {
  const first = errors[0]!;
  const scaffolded = scaffold(plan, templateFiles);
  const edited = errors.map((e) => e.file).filter((f, i, all) => f && all.indexOf(f) === i && files[f] !== undefined && files[f] !== scaffolded[f]);
  if (edited.length > 0) {
    return `The app did not pass its checks (${where(first)} ${first.message}), so nothing was deployed and the previous version keeps serving. ${edited.join(", ")} ${edited.length === 1 ? "was" : "were"} changed by hand since Kiln wrote ${edited.length === 1 ? "it" : "them"}: fix ${edited.length === 1 ? "it" : "them"} in the Code tab, or connect a model in Settings so Kiln can repair ${edited.length === 1 ? "it" : "them"}.`;
  }
  return `The generated app did not pass its checks (${where(first)} ${first.message}), so nothing was deployed and the previous version keeps serving. This is a bug in Kiln's scaffolder; please report it with your message.`;
}

const where = (e: BuildError) => `${e.file}${e.line ? `:${e.line}` : ""}`;
