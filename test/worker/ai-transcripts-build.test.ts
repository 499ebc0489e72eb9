// The recorded transcripts are realistic: their clean outputs build with no diagnostics in the
// platform's builder, and the broken one fails with exactly the error its repair turn answers.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { parseModelOutput, applyOperations, joinContinuation, extractPlanJson } from "../../src/ai/protocol";
import { normalizePlan, planInputSchema } from "../../src/agent/plan/schema";
import { scaffold } from "../../src/agent/scaffold";
import { buildApp } from "../../src/builder";
import { templateApp } from "../fixtures/build/files";
import { APP_DESCRIPTIONS, TRANSCRIPTS, type TranscriptName } from "../fixtures/transcripts";
import { scratchDatabase } from "./helpers";

const template = templateApp();

/** The scaffold of the transcript's plan after its write turn (joined with its continuation, if any). */
function afterWrite(name: TranscriptName) {
  const turns = TRANSCRIPTS[name].turns;
  const planText = turns
    .filter((t) => (t.phase === "plan" || t.phase === "plan-reask") && !t.error)
    .map((t) => extractPlanJson(t.text, planInputSchema))
    .find((r) => r.ok);
  if (!planText?.ok) throw new Error(`${name} has no valid plan`);
  const base = scaffold(
    normalizePlan({ description: APP_DESCRIPTIONS[TRANSCRIPTS[name].app as "todo" | "crm"], ...planText.value }),
    template,
  );
  const i = turns.findIndex((t) => t.phase === "write");
  let text = turns[i]!.text;
  if (turns[i + 1]?.phase === "continue") text = joinContinuation(text, turns[i + 1]!.text);
  const r = applyOperations(base, parseModelOutput(text).operations);
  expect(r.failures).toEqual([]);
  return r.files;
}

describe.skipIf(!template["index.html"])("transcripts build", () => {
  for (const name of ["todo-clean", "crm-clean", "crm-truncated-continue", "todo-runtime-error"] as const) {
    // todo-runtime-error type-checks and builds: its bug only shows at run time.
    it(`${name}: no diagnostics`, { timeout: 120_000 }, async () => {
      const r = await buildApp(afterWrite(name), {
        loader: env.LOADER,
        migrationDb: scratchDatabase(),
        cacheKey: `ai-${name}`,
      });
      expect(r.diagnostics).toEqual([]);
      expect(r.ok).toBe(true);
    });
  }

  it(
    "crm-type-error-repair: TS2339 on deal.value, which the recorded repair removes",
    { timeout: 120_000 },
    async () => {
      const files = afterWrite("crm-type-error-repair");
      const r = await buildApp(files, {
        loader: env.LOADER,
        migrationDb: scratchDatabase(),
        cacheKey: "ai-crm-type-error",
      });
      expect(r.diagnostics).toEqual([
        expect.objectContaining({
          file: "src/pages/PipelinePage.tsx",
          code: "TS2339",
          message: expect.stringContaining("'value'"),
        }),
      ]);
      const repair = TRANSCRIPTS["crm-type-error-repair"].turns.find((t) => t.phase === "repair")!;
      const fixed = applyOperations(files, parseModelOutput(repair.text).operations);
      const again = await buildApp(fixed.files, {
        loader: env.LOADER,
        migrationDb: scratchDatabase(),
        cacheKey: "ai-crm-type-error-fixed",
      });
      expect(again.diagnostics).toEqual([]);
    },
  );
});
