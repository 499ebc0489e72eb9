/**
 * One message → (maybe) one new preview version, through the phases of docs/architecture.md (The generation pipeline):
 * plan → scaffold → write → check → repair → deploy. The mode (modes.ts) does plan and scaffold,
 * or ends the run with a reply; the pipeline (pipeline.ts) does the rest. Offline (no model), plan
 * comes from the heuristic planner and edits from the plain-edit interpreter, and "write" is skipped.
 */
import { chooseMode, ended } from "./modes";
import { runPipeline } from "./pipeline";
import { scopedRun } from "../visual-edit/scoped-chat";
import { startRun, type GenerationIO, type GenerationOptions, type GenerationOutcome } from "./run";

export type { GenerationMemory, Proposal } from "./memory";
export { describePlan } from "./modes";
export { GenerationError, type GenerationIO, type GenerationOptions, type GenerationOutcome } from "./run";

export async function runGeneration(
  io: GenerationIO,
  message: string,
  options: GenerationOptions = {},
): Promise<GenerationOutcome> {
  const run = await startRun(io, message, options);
  if (options.element) {
    // About an element picked in the preview: a plain edit offline, or the model told where it is.
    const scoped = await scopedRun(run, options.element);
    if ("outcome" in scoped) return scoped.outcome;
    run.message = scoped.message;
  }
  const chosen = await chooseMode(run);
  return ended(chosen) ? chosen : runPipeline(run, chosen);
}
