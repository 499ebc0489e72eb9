/**
 * The second half of a generation: what the mode chose (a plan and its files) becomes a new
 * preview version, through write → check → repair → deploy. Offline (no model), "write" is skipped
 * and only the deterministic fixers repair.
 */
import {
  continuePrompt,
  editReaskPrompt,
  estimateTokens,
  repairPrompt,
  writePrompt,
  type PromptSpec,
} from "../../ai/prompts";
import {
  applyOperations,
  joinContinuation,
  parseModelOutput,
  type ApplyFailure,
  type Operation,
} from "../../ai/protocol";
import { buildApp } from "../../builder/index";
import { buildAndDeploy } from "../deploy-build";
import type { BuildError } from "../../builder/types";
import { readAllFiles, writeFiles } from "../../store/sources";
import templateFiles from "../../../dist/templates/react-app.js";
import { appHost } from "../../hosting/current-host";
import { relevantFiles } from "../context";
import { fixMissingImports } from "../fixers";
import type { PhaseName } from "../events";
import type { Plan } from "../plan/schema";
import { scaffold } from "../scaffold";
import { smokeRun } from "../smoke";
import { rememberPlan } from "./memory";
import type { Build } from "./modes";
import { GenerationError, type GenerationIO, type GenerationOutcome, type Run } from "./run";

const MAX_REPAIR_ROUNDS = 3;
/** Files the model must leave alone: the build setup and the template's auth. */
const READ_ONLY =
  /^(package\.json|vite\.config\.ts|tsconfig\.json|worker\/tsconfig\.json|wrangler\.jsonc|worker\/(auth|password)\.ts|src\/lib\/auth\.tsx|migrations\/0001_init\.sql)$/;

/** Builds what the mode chose: write (with a model), check and repair, deploy, and the reply. */
export async function runPipeline(run: Run, build: Build): Promise<GenerationOutcome> {
  const { io, metrics, current, phase, skip } = run;
  const { plan, summary, request, versionPrompt, codeEdit, kept } = build;
  let files = build.files;

  // 3. Write: the model realises the request on top of the scaffold.
  let assistantNote = "";
  if (io.model) {
    const before = files;
    const written = await phase("write", () => writeWithModel(run, before, plan, request, codeEdit));
    files = written.files;
    // What the edit cost in context: the prompt sent against the whole project.
    metrics.phases.write = {
      ...metrics.phases.write!,
      promptTokens: written.promptTokens,
      projectTokens: estimateTokens(Object.values(before).join("\n")),
    };
    assistantNote = written.message;
  } else {
    skip("write", "No AI model is connected: the app is exactly the scaffold of the plan.");
  }

  // 4–5. Check (build, type-check, migrations, then a smoke run of the built app), and repair
  // (deterministic first, then the model), at most three rounds.
  // TypeScript's verdict is part of the check: when the checker could not run (its isolate failed
  // or was killed), the last check says so and the run carries the warning to its end.
  let unchecked: string | null = null;
  const checkFiles = async (): Promise<BuildError[]> => {
    const built = await buildApp(files, {
      loader: io.env.LOADER,
      migrationDb: appHost(io.env).database(io.project.id, "check"),
      cacheKey: io.project.id,
    });
    unchecked = built.diagnostics.find((d) => d.code === "TYPECHECK_FAILED")?.message ?? null;
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
  const checkProblem = (found: BuildError[]) =>
    found.length > 0 ? `${found.length} problem(s); first: ${where(found[0]!)} ${found[0]!.message}` : null;
  const checkWarning = () => unchecked;
  let errors = await phase("check", checkFiles, undefined, checkProblem, checkWarning);
  for (let round = 1; errors.length > 0 && round <= MAX_REPAIR_ROUNDS; round++) {
    // Deterministic fixers first: free, certain, and they work without a model too.
    const fix = fixMissingImports(files, errors);
    if (fix.fixed.length > 0) {
      const before = files;
      files = fix.files;
      for (const path of Object.keys(files).filter((p) => files[p] !== before[p]))
        io.emit({ type: "file", path, action: "write" });
      io.emit({ type: "text", delta: `Fixed without the model: ${fix.fixed.join("; ")}.\n\n` });
      errors = await phase("check", checkFiles, undefined, checkProblem, checkWarning);
      if (errors.length === 0) break;
    }
    if (!io.model) break;
    metrics.repairRounds = round;
    io.emit({ type: "repair", round, errors: errors.length });
    const failing = errors;
    files = await phase("repair", () => repairWithModel(run, files, failing, round));
    errors = await phase("check", checkFiles, undefined, checkProblem, checkWarning);
  }
  // A stop that arrived while the check ran ends the run here: nothing is saved or deployed.
  if (io.signal.aborted)
    throw new GenerationError("cancelled", "Stopped at your request; nothing was saved or deployed.");
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
  await saveWorkingCopy(
    io,
    files,
    current ?? (await readAllFiles(io.env.DB, io.env.CODE, io.project.id)),
    run.announced,
  );
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
  if (!deployed.ok)
    throw new GenerationError(
      "build_failed",
      "The final build failed unexpectedly; nothing was deployed.",
      deployed.diagnostics,
    );
  metrics.buildMs = deployed.buildTime;
  rememberPlan(io.memory, files, plan);

  const unverified = checkWarning();
  const reply = [
    assistantNote || (current ? `Done: ${summary}` : `Built ${plan.title}: ${summary}`),
    // Not "no errors": nobody knows. Said in the reply that stays in the history, not only in the check.
    unverified
      ? `Warning: ${unverified} This version was deployed without TypeScript's verdict: type errors, if any, were not looked for${io.model ? " or repaired" : ""}.`
      : "",
    !io.model && kept.length > 0
      ? `Your own changes to ${kept.join(", ")} were kept as they are, so those files were not updated for the new data model.`
      : "",
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

/** Files sent for an edit: at most this share of the project (most relevant first), so that with the plan and file list the whole prompt stays under a third of it. */
const EDIT_CONTEXT_SHARE = 0.2;

async function writeWithModel(run: Run, files: Record<string, string>, plan: Plan, request: string, codeEdit: boolean) {
  const { io, ask } = run;
  const projectTokens = estimateTokens(Object.values(files).join("\n"));
  const budget = codeEdit ? Math.min(24_000, Math.max(4_000, Math.round(projectTokens * EDIT_CONTEXT_SHARE))) : 24_000;
  const readOnly = (path: string) => READ_ONLY.test(path);
  const spec = writePrompt({
    plan,
    request,
    fileList: Object.keys(files).sort(),
    files: relevantFiles(
      files,
      codeEdit ? request : `${request} ${plan.dataModel.tables.map((t) => t.name).join(" ")}`,
      budget,
    ).files,
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
    throw new GenerationError(
      "edit_failed",
      `The model's changes could not be applied (${applied.failures[0]!.message}), so nothing was changed or deployed.`,
    );
  }
  for (const op of applied.applied)
    io.emit({ type: "file", path: op.path, action: op.kind === "delete" ? "delete" : "write" });
  const promptTokens = estimateTokens([spec.system ?? "", ...spec.messages.map((m) => m.content)].join("\n"));
  return { files: applied.files, message: parsed.message.trim(), promptTokens };
}

async function repairWithModel(run: Run, files: Record<string, string>, errors: BuildError[], round: number) {
  const { io, ask } = run;
  const readOnly = (path: string) => READ_ONLY.test(path);
  const spec = repairPrompt({ errors, files, fileList: Object.keys(files).sort(), attempt: round });
  const parsed = parseModelOutput(await completeOutput(spec, "repair", ask));
  const applied = applyOperations(files, parsed.operations as Operation[], { readOnly });
  if (applied.failures.length > 0) {
    reportFailures(io, applied.failures);
    return files;
  }
  for (const op of applied.applied)
    io.emit({ type: "file", path: op.path, action: op.kind === "delete" ? "delete" : "write" });
  return applied.files;
}

/** The model's whole answer, asking it to continue (at most twice) when it was cut off. */
async function completeOutput(spec: PromptSpec, phase: PhaseName, ask: Run["ask"]): Promise<string> {
  let result = await ask(phase, spec);
  let text = result.text;
  for (let i = 0; i < 2; i++) {
    const parsed = parseModelOutput(text);
    if (result.finishReason !== "length" && !parsed.truncated) break;
    result = await ask(
      phase,
      continuePrompt(spec, text, parsed.partial && { kind: parsed.partial.kind, path: parsed.partial.path }),
    );
    text = joinContinuation(text, result.text);
  }
  return text;
}

function reportFailures(io: GenerationIO, failures: ApplyFailure[]) {
  io.emit({
    type: "text",
    delta: `Some changes did not apply (${failures.map((f) => f.message).join("; ")}); asking the model again.\n\n`,
  });
}

/** Saves the working copy; every changed file the client was not told about yet (the scaffold's) is announced. */
async function saveWorkingCopy(
  io: GenerationIO,
  files: Record<string, string>,
  before: Record<string, string>,
  announced: ReadonlySet<string>,
) {
  const changed = Object.fromEntries(Object.entries(files).filter(([p, c]) => before[p] !== c));
  const deleted = Object.keys(before).filter((p) => files[p] === undefined);
  await writeFiles(io.env.DB, io.env.CODE, io.project.id, changed, deleted);
  for (const path of Object.keys(changed).sort())
    if (!announced.has(path)) io.emit({ type: "file", path, action: "write" });
  for (const path of deleted) if (!announced.has(path)) io.emit({ type: "file", path, action: "delete" });
}

/**
 * Offline there is no model to repair anything: say whose code failed. A file as the scaffolder
 * writes it is Kiln's bug; a file changed by hand is the person's to fix (or a model's).
 */
function offlineFailure(errors: BuildError[], files: Record<string, string>, plan: Plan): string {
  const first = errors[0]!;
  const scaffolded = scaffold(plan, templateFiles);
  const edited = errors
    .map((e) => e.file)
    .filter((f, i, all) => f && all.indexOf(f) === i && files[f] !== undefined && files[f] !== scaffolded[f]);
  if (edited.length > 0) {
    return `The app did not pass its checks (${where(first)} ${first.message}), so nothing was deployed and the previous version keeps serving. ${edited.join(", ")} ${edited.length === 1 ? "was" : "were"} changed by hand since Kiln wrote ${edited.length === 1 ? "it" : "them"}: fix ${edited.length === 1 ? "it" : "them"} in the Code tab, or connect a model in Settings so Kiln can repair ${edited.length === 1 ? "it" : "them"}.`;
  }
  return `The generated app did not pass its checks (${where(first)} ${first.message}), so nothing was deployed and the previous version keeps serving. This is a bug in Kiln's scaffolder; please report it with your message.`;
}

const where = (e: BuildError) => `${e.file}${e.line ? `:${e.line}` : ""}`;
