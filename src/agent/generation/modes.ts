/**
 * The first half of a generation: what the message asks of the app as it is. One of six modes —
 *
 *   approve    the plan shown in "plan first" mode is approved (maybe edited): build it
 *   revise     the person answers that plan with changes: a revised plan, shown again
 *   new app    no app yet: plan (with the model, or offline: a data app, a content site, or a reply
 *              that this needs a model) and scaffold
 *   confirm    "yes" to a plan change that deletes data: scaffold it
 *   plan edit  a plain change of the data model or the site's words: the new plan's scaffold
 *              merged into the current files
 *   code edit  anything else, with a model: the current files as they are, for the model to change
 *
 * — each ends either in what the pipeline builds (Build) or in a reply with nothing built.
 */
import { planPrompt, planReaskPrompt } from "../../ai/prompts";
import { extractPlanJson } from "../../ai/protocol";
import templateFiles from "../../../dist/templates/react-app.js";
import type { EditResult } from "../plan/offline";
import type { PlanRenames } from "../plan/diff";
import { SITE_KIND_LABELS } from "../plan/types";
import { nameProjectFromPlan } from "./naming";
import { fieldColumns, normalizePlanWithWarnings, planInputSchema, type Plan } from "../plan/schema";
import { DestructiveChangeError, scaffold } from "../scaffold";
import { mergeScaffold, migrationsOf } from "../scaffold/merge";
import type { GenerationMemory, Proposal } from "./memory";
import { GenerationError, type GenerationOutcome, type Run } from "./run";

/** What the pipeline builds: a plan and its files, and what the model is asked to write on them. */
export interface Build {
  plan: Plan;
  /** Said in the reply: what was built or changed. */
  summary: string;
  /** The scaffold of the plan, or for a code edit the working copy. */
  files: Record<string, string>;
  /** What the model is asked to do on top of the files. */
  request: string;
  /** What the new version records as its prompt. */
  versionPrompt: string;
  /** A change to code that already exists (not a new app or plan): only the relevant part of it is sent. */
  codeEdit: boolean;
  /** Files with the person's own changes that the new data model's scaffold could not be merged into. */
  kept: string[];
}

const YES = /^\s*(yes|y|ok|okay|confirm|confirmed|go ahead|do it|delete it|yes,? delete it)\b/i;

/** The mode for this run's message, carried out up to the scaffold. */
export async function chooseMode(run: Run): Promise<Build | GenerationOutcome> {
  const { io, message, options } = run;
  const proposal = io.memory.proposal ?? null;
  if (options.approve) return approve(run, options.approve, proposal);
  if (proposal && options.planFirst) return revise(run, proposal);
  if (!io.memory.plan || !run.current) return newApp(run);
  const pending = io.memory.pending;
  if (pending && YES.test(message)) return confirm(run, pending);
  io.memory.proposal = null;
  const edit = await interpretPlainEdit(io.memory.plan, message);
  return edit.kind === "plan" ? planEdit(run, edit) : codeEdit(run, edit.reason);
}

/** Whether the mode ended the run (a reply, a plan shown, a question) rather than asking for a build. */
export function ended(chosen: Build | GenerationOutcome): chosen is GenerationOutcome {
  return "reply" in chosen;
}

async function approve(
  run: Run,
  approval: { plan?: Plan },
  proposal: Proposal | null,
): Promise<Build | GenerationOutcome> {
  if (!proposal)
    throw new GenerationError(
      "nothing_to_approve",
      "There is no plan waiting for approval. Describe what you want, with “plan first” on to see the plan before it is built.",
    );
  const { io } = run;
  const isNew = !io.memory.plan || !run.current;
  const edited = approval.plan !== undefined;
  const plan = approval.plan ?? proposal.plan;
  const summary = describePlan(plan);
  io.memory.proposal = null;
  run.skip("plan", edited ? "You edited and approved the plan." : "You approved the plan.");
  io.emit({ type: "plan", plan, summary });
  const build = { plan, summary, versionPrompt: proposal.message, codeEdit: false };
  if (proposal.kind === "new" || isNew) {
    await nameProjectFromPlan(run, plan);
    return { ...build, files: await scaffoldNew(run, plan), request: proposal.message, kept: [] };
  }
  // Renames worked out for the proposed plan hold only while the plan is the one proposed.
  const changed = await changePlanTo(run, plan, summary, edited ? undefined : proposal.renames, proposal.message);
  return changed instanceof DestructiveChangeError ? needsYes(run, changed) : { ...build, ...changed };
}

/** The person answers the plan shown with changes to it: a revised plan, shown again. */
async function revise(run: Run, proposal: Proposal): Promise<GenerationOutcome> {
  const { io, message } = run;
  const edit = await interpretPlainEdit(proposal.plan, message);
  const revised =
    edit.kind === "plan"
      ? edit.plan
      : io.model
        ? await run.phase("plan", () => planWithModel(run, `${proposal.message}\n\nChanges to the plan: ${message}`))
        : null;
  if (!revised) {
    return run.reply(
      `I could not turn that into a change of the plan on my own: ${edit.kind === "plan" ? "" : edit.reason} Edit the plan above, approve it as it is, or connect a model in Settings.`,
    );
  }
  if (edit.kind === "plan") io.emit({ type: "phase", phase: "plan", status: "end", ms: 0, detail: edit.summary });
  return propose(run, {
    ...proposal,
    plan: revised,
    summary: describePlan(revised),
    message: `${proposal.message}\n${message}`,
  });
}

async function newApp(run: Run): Promise<Build | GenerationOutcome> {
  const { io, message } = run;
  io.memory.proposal = null;
  // Offline, the description may ask for a content site, or for logic only a model can write.
  const planned = await run.phase("plan", async () =>
    io.model
      ? { kind: "app" as const, plan: await planWithModel(run, message) }
      : (await offline()).planRequest(message),
  );
  if (planned.kind === "reply") {
    for (const name of ["scaffold", "write", "check", "deploy"] as const)
      run.skip(name, "Kiln needs a model to build this.");
    return run.reply(planned.reply);
  }
  const plan = planned.plan;
  const summary = describePlan(plan);
  await nameProjectFromPlan(run, plan);
  if (run.options.planFirst) return propose(run, { kind: "new", plan, summary, message });
  io.emit({ type: "plan", plan, summary });
  return {
    plan,
    summary,
    files: await scaffoldNew(run, plan),
    request: message,
    versionPrompt: message,
    codeEdit: false,
    kept: [],
  };
}

async function confirm(run: Run, pending: NonNullable<GenerationMemory["pending"]>): Promise<Build> {
  run.skip("plan", "Confirmed the change you were asked about.");
  // Confirmed, so never a DestructiveChangeError.
  const changed = (await changePlanTo(
    run,
    pending.plan,
    pending.summary,
    pending.renames,
    pending.summary,
    true,
  )) as Pick<Build, "files" | "request" | "kept">;
  run.io.memory.pending = null;
  return { plan: pending.plan, summary: pending.summary, versionPrompt: run.message, codeEdit: false, ...changed };
}

async function planEdit(run: Run, edit: Extract<EditResult, { kind: "plan" }>): Promise<Build | GenerationOutcome> {
  const { io, message } = run;
  const { plan, summary } = edit;
  io.emit({ type: "phase", phase: "plan", status: "end", ms: 0, detail: summary });
  if (run.options.planFirst) return propose(run, { kind: "change", plan, summary, message, renames: edit.renames });
  io.emit({ type: "plan", plan, summary });
  const changed = await changePlanTo(run, plan, summary, edit.renames, message);
  return changed instanceof DestructiveChangeError
    ? needsYes(run, changed)
    : { plan, summary, versionPrompt: message, codeEdit: false, ...changed };
}

/** `whyNot`: why the message is no plain change (offline, the reply says so). */
function codeEdit(run: Run, whyNot: string): Build | GenerationOutcome {
  const { io, message } = run;
  if (!io.model)
    return run.reply(
      `No AI model is connected, so Kiln can only make plain changes on its own. ${whyNot} Connect a model in Settings to ask for anything else.`,
    );
  run.skip("plan", "The data model stays as it is.");
  run.skip("scaffold", "The app already exists.");
  return {
    plan: io.memory.plan!,
    summary: message,
    files: run.current!,
    request: message,
    versionPrompt: message,
    codeEdit: true,
    kept: [],
  };
}

const scaffoldNew = (run: Run, plan: Plan) => run.phase("scaffold", async () => scaffold(plan, templateFiles));

/** "Plan first": the plan is shown and the run ends; the person approves, edits or re-asks. */
function propose(run: Run, proposal: Proposal): GenerationOutcome {
  run.io.memory.proposal = proposal;
  run.io.emit({ type: "plan", plan: proposal.plan, summary: proposal.summary, awaitingApproval: true });
  return run.reply(
    `Here is the plan: ${proposal.summary} Approve it to build${proposal.kind === "change" ? " the change" : ""}, edit it, or tell me what to change.`,
  );
}

/**
 * The current app's files for a new plan (a plan change), or why it needs a yes first (it would
 * delete data); `confirmed` is that yes. The new plan's scaffold is merged into the current files,
 * so a model's or the person's earlier work is kept; `asked` is what the model is then asked.
 */
async function changePlanTo(
  run: Run,
  next: Plan,
  nextSummary: string,
  renames: PlanRenames | undefined,
  asked: string,
  confirmed = false,
): Promise<Pick<Build, "files" | "request" | "kept"> | DestructiveChangeError> {
  const { io } = run;
  const current = run.current!;
  const previousPlan = io.memory.plan!;
  try {
    return await run.phase("scaffold", async () => {
      const scaffolded = scaffold(next, templateFiles, {
        previous: { plan: previousPlan, migrations: migrationsOf(current), renames },
        confirmed,
      });
      const merged = mergeScaffold(scaffold(previousPlan, templateFiles), scaffolded, current);
      return { files: merged.files, request: withConflicts(asked, merged.conflicts), kept: merged.conflicts };
    });
  } catch (err) {
    if (!(err instanceof DestructiveChangeError)) throw err;
    io.memory.pending = { plan: next, renames, summary: nextSummary };
    io.emit({ type: "needs_confirmation", changes: err.changes });
    return err;
  }
}

function needsYes(run: Run, err: DestructiveChangeError): GenerationOutcome {
  return run.reply(
    `${err.message} Reply "yes" to go ahead; today's data is kept in the database snapshot taken when you publish.`,
  );
}

function withConflicts(request: string, conflicts: string[]): string {
  if (conflicts.length === 0) return request;
  return `${request}\n\nThe data model changed. These files have your earlier changes, so Kiln did not update them for the new data model; update them: ${conflicts.join(", ")}.`;
}

async function planWithModel(run: Run, description: string): Promise<Plan> {
  let spec = planPrompt(description);
  let result = await run.ask("plan", spec);
  let parsed = extractPlanJson(result.text, planInputSchema);
  if (!parsed.ok) {
    // One re-ask with the exact problems.
    spec = planReaskPrompt(description, result.text, parsed.errors);
    result = await run.ask("plan", spec);
    parsed = extractPlanJson(result.text, planInputSchema);
  }
  if (!parsed.ok) {
    run.io.emit({
      type: "text",
      delta: "The model's plan was not valid twice, so Kiln planned from your description itself.\n\n",
    });
    return (await offline()).planFromDescription(description);
  }
  return normalizePlanWithWarnings({ description, ...parsed.value }).plan;
}

/** The offline reader, loaded on first use (see plan/offline.ts). */
const offline = () => import("../plan/offline");

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
  const tables = plan.dataModel.tables.map(
    (t) =>
      `${t.name} (${fieldColumns(t)
        .map((c) => c.name)
        .join(", ")})`,
  );
  return `${tables.join("; ")}${plan.needsAuth ? ", each person's own, behind a login" : ""}.`;
}
