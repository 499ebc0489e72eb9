/**
 * One message → (maybe) one new preview version, through the phases of docs/architecture.md (The generation pipeline):
 * plan → scaffold → write → check → repair → deploy. The mode (modes.ts) does plan and scaffold,
 * or ends the run with a reply; the pipeline (pipeline.ts) does the rest. Offline (no model), plan
 * comes from the heuristic planner and edits from the plain-edit interpreter, and "write" is skipped.
 */
import { chooseMode, ended } from "./modes";
import { runPipeline } from "./pipeline";
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
  const chosen = await chooseMode(run);
  return ended(chosen) ? chosen : runPipeline(run, chosen);
}
