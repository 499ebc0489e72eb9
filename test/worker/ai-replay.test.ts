// Recorded transcripts through the replay model, generate(), the prompts, the parser and the applier,
// on the scaffold of each transcript's plan (what the write phase starts from): every broken case
// the generation pipeline must survive.
import { describe, expect, it } from "vitest";
import { generate, GenerateError } from "../../src/ai/generate";
import {
  continuePrompt,
  editReaskPrompt,
  estimateTokens,
  fitFilesToBudget,
  planPrompt,
  planReaskPrompt,
  repairPrompt,
  writePrompt,
  type PromptSpec,
} from "../../src/ai/prompts";
import {
  applyOperations,
  extractPlanJson,
  joinContinuation,
  parseModelOutput,
  type Files,
} from "../../src/ai/protocol";
import { chunkText, ReplayMismatchError, replayModel, type ReplayModel } from "../../src/ai/replay";
import { normalizePlan } from "../../src/agent/plan/schema";
import { scaffold } from "../../src/agent/scaffold";
import { templateApp } from "../fixtures/build/files";
import { APP_DESCRIPTIONS, transcript, TRANSCRIPTS } from "../fixtures/transcripts";
import { z } from "zod";

const planSchema = z.object({
  appName: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
  pages: z.array(z.object({ name: z.string(), route: z.string().startsWith("/") })).min(1),
  dataModel: z.object({
    tables: z.array(z.object({ name: z.string(), columns: z.array(z.object({ name: z.string(), type: z.string() })) })),
  }),
  features: z.array(z.string()),
  needsAuth: z.boolean(),
  needsFileStorage: z.boolean(),
});

const template = templateApp();
const run = (model: ReplayModel, spec: PromptSpec) => generate({ model, ...spec, retries: 1, sleep: async () => {} });

/** Plan + first write of a transcript, applied to the scaffold of its plan. */
async function build(model: ReplayModel, app: "todo" | "crm") {
  const plan = extractPlanJson((await run(model, planPrompt(APP_DESCRIPTIONS[app]))).text, planSchema);
  if (!plan.ok) throw new Error(JSON.stringify(plan.errors));
  const base = scaffold(normalizePlan({ description: APP_DESCRIPTIONS[app], ...plan.value }), template);
  const spec = writePrompt({
    plan: plan.value,
    request: APP_DESCRIPTIONS[app],
    fileList: Object.keys(base),
    files: [
      { path: "worker/index.ts", content: base["worker/index.ts"]! },
      { path: "src/App.tsx", content: base["src/App.tsx"]! },
    ],
  });
  const out = await run(model, spec);
  const parsed = parseModelOutput(out.text);
  const applied = applyOperations(base, parsed.operations);
  return { plan: plan.value, spec, out, parsed, applied };
}

describe("the replay model", () => {
  it("returns recorded turns in order, in irregular chunks, reasoning apart, with the recorded usage", async () => {
    const model = replayModel(transcript("todo-clean"));
    const deltas: string[] = [];
    const plan = await generate({ model, ...planPrompt(APP_DESCRIPTIONS.todo), onText: (d) => deltas.push(d) });
    expect(plan.text).toBe(TRANSCRIPTS["todo-clean"].turns[0]!.text);
    expect(deltas.length).toBeGreaterThan(20);
    expect(new Set(deltas.map((d) => d.length)).size).toBeGreaterThan(5);
    expect(plan.usage).toEqual({ inputTokens: 612, outputTokens: 398, reasoningTokens: 104 });
    expect(plan.reasoningChars).toBe(TRANSCRIPTS["todo-clean"].turns[0]!.reasoning!.length);
    expect(plan.finishReason).toBe("stop");
    expect(plan.modelId).toBe("@cf/zai-org/glm-4.7-flash");
    expect(model.remaining()).toBe(1);

    const write = await run(model, writePrompt({ plan: {}, request: "x", fileList: [], files: [] }));
    expect(write.usage).toEqual(TRANSCRIPTS["todo-clean"].turns[1]!.usage);
    expect(model.calls.map((c) => [c.turn, c.phase])).toEqual([
      [0, "plan"],
      [1, "write"],
    ]);
    expect(model.calls[0]!.prompt).toContain(APP_DESCRIPTIONS.todo);
    expect(model.calls[0]!.maxOutputTokens).toBe(2048 + 4096);
    expect(model.remaining()).toBe(0);
  });

  it("flags a GLM answer whose whole budget went to reasoning (length, no text)", async () => {
    const model = replayModel({
      name: "reasoning-only",
      description: "max_tokens exhausted by reasoning_content",
      turns: [
        {
          phase: "plan",
          reasoning: "Let me think about the tables. ".repeat(40),
          text: "",
          finishReason: "length",
          usage: { inputTokens: 600, outputTokens: 2048, reasoningTokens: 2048 },
        },
      ],
    });
    const r = await run(model, planPrompt("x"));
    expect(r).toMatchObject({
      text: "",
      truncated: true,
      reasoningExhausted: true,
      usage: { outputTokens: 2048, reasoningTokens: 2048 },
    });
    const normal = await run(
      replayModel(transcript("crm-truncated-continue"), { lenient: true }),
      writePrompt({ plan: {}, request: "x", fileList: [], files: [] }),
    );
    expect(normal).toMatchObject({ truncated: true, reasoningExhausted: false });
  });

  it("chunks text losslessly without splitting surrogate pairs", () => {
    const text = "Done 🎉 — your app is ready 🚀".repeat(5);
    const chunks = chunkText(text, 3);
    expect(chunks.join("")).toBe(text);
    for (const c of chunks) expect(/[\uD800-\uDBFF]$/.test(c)).toBe(false);
  });

  it("refuses a request for another phase than the next turn's, and a missing expected text", async () => {
    const model = replayModel(transcript("todo-clean"));
    const err = await run(model, writePrompt({ plan: {}, request: "x", fileList: [], files: [] })).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(GenerateError);
    expect((err as GenerateError).cause).toBeInstanceOf(ReplayMismatchError);
    expect((err as Error).message).toContain('turn 1 answers "plan" but the request is "write"');

    const strict = replayModel(transcript("todo-unclosed-tag"));
    await run(strict, planPrompt("x"));
    await run(strict, writePrompt({ plan: {}, request: "x", fileList: [], files: [] }));
    const wrong = await run(strict, { ...planPrompt("x"), phase: "continue" }).catch((e: unknown) => e);
    expect((wrong as Error).message).toMatch(/expects the request to contain "cut off"/);
  });

  it("lenient mode skips to the next turn of the requested phase", async () => {
    const model = replayModel(transcript("todo-clean"), { lenient: true });
    const write = await run(model, writePrompt({ plan: {}, request: "x", fileList: [], files: [] }));
    expect(write.text).toContain("<kiln-write");
    const none = await run(model, planPrompt("x")).catch((e: unknown) => e);
    expect((none as Error).message).toContain("no turn left");
  });

  it("replays a 429 as a retryable API error, then the next turn (todo-rate-limited)", async () => {
    const model = replayModel(transcript("todo-rate-limited"));
    const waits: number[] = [];
    const r = await generate({ model, ...planPrompt(APP_DESCRIPTIONS.todo), sleep: async (ms) => void waits.push(ms) });
    expect(r.attempts).toBe(2);
    expect(waits).toEqual([1000]);
    expect(extractPlanJson(r.text, planSchema).ok).toBe(true);
  });

  it("every transcript is well formed", () => {
    for (const [name, t] of Object.entries(TRANSCRIPTS)) {
      expect(t.name, name).toBe(name);
      expect(t.turns.length, name).toBeGreaterThan(0);
      for (const turn of t.turns)
        expect(["plan", "plan-reask", "write", "continue", "edit-reask", "repair", "chat"], name).toContain(turn.phase);
    }
  });
});

describe.skipIf(!template["worker/index.ts"])("transcripts through the pipeline", () => {
  it("todo-clean: plan and files apply cleanly to the scaffold", async () => {
    const model = replayModel(transcript("todo-clean"));
    const { plan, parsed, applied } = await build(model, "todo");
    expect(plan).toMatchObject({ appName: "todo-list", needsAuth: true });
    expect(parsed.problems).toEqual([]);
    expect(parsed.message).toMatch(/^Your todos now have a checkbox/);
    expect(applied.failures).toEqual([]);
    expect(applied.applied.map((a) => `${a.kind} ${a.path}`)).toEqual([
      "edit worker/todos.ts",
      "write src/pages/TodosPage.tsx",
    ]);
    expect(applied.files["worker/todos.ts"]).toContain('todos.patch("/:id/done"');
    expect(applied.files["worker/todos.ts"]).toContain("AND (? = '' OR done = ?)");
    expect(applied.files["src/pages/TodosPage.tsx"]).toContain("api.patch(`api/todos/${todo.id}/done`");
  });

  it("todo-plan-fenced and todo-plan-trailing-commas: the same plan without a re-ask", async () => {
    const clean = extractPlanJson(TRANSCRIPTS["todo-clean"].turns[0]!.text, planSchema);
    for (const name of ["todo-plan-fenced", "todo-plan-trailing-commas"] as const) {
      const model = replayModel(transcript(name));
      const r = extractPlanJson((await run(model, planPrompt(APP_DESCRIPTIONS.todo))).text, planSchema);
      expect(r.ok, name).toBe(true);
      expect(r.ok && r.value, name).toEqual(clean.ok && clean.value);
    }
  });

  it("crm-plan-invalid-then-valid: one re-ask quoting the errors", async () => {
    const model = replayModel(transcript("crm-plan-invalid-then-valid"));
    const spec = planPrompt(APP_DESCRIPTIONS.crm);
    const first = await run(model, spec);
    const bad = extractPlanJson(first.text, planSchema);
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    const again = await run(model, planReaskPrompt(APP_DESCRIPTIONS.crm, first.text, bad.errors));
    expect(model.calls[1]!.prompt).toContain("- pages[0]:");
    expect(extractPlanJson(again.text, planSchema)).toMatchObject({ ok: true, value: { appName: "sales-crm" } });
  });

  it("crm-truncated-continue: cut off mid-file (length), continued, joined, applied", async () => {
    const model = replayModel(transcript("crm-truncated-continue"));
    const { spec, out, parsed, applied } = await build(model, "crm");
    expect(out.finishReason).toBe("length");
    expect(out.usage).toMatchObject({ outputTokens: 16384, reasoningTokens: 15190 });
    expect(parsed.truncated).toBe(true);
    expect(parsed.partial?.path).toBe("src/pages/PipelinePage.tsx");
    expect(applied.failures).toEqual([]); // the complete operations before the cut apply
    const more = await run(model, continuePrompt(spec, out.text, parsed.partial));
    const whole = parseModelOutput(joinContinuation(out.text, more.text));
    expect(whole.truncated).toBe(false);
    expect(whole.problems).toEqual([]);
    const result = applyOperations(applied.files, whole.operations.slice(applied.applied.length));
    expect(result.failures).toEqual([]);
    expect(applied.applied.length + result.applied.length).toBe(5);
    expect(result.files["src/pages/PipelinePage.tsx"]).toContain("{formatMoney(deal.amount)}");
    expect(result.files["src/App.tsx"]).toContain("<PipelinePage />");
  });

  it("todo-unclosed-tag: a forgotten closing tag is treated as truncation, the continuation closes it", async () => {
    const model = replayModel(transcript("todo-unclosed-tag"));
    const { spec, out, parsed, applied } = await build(model, "todo");
    expect(out.finishReason).toBe("stop");
    expect(parsed.truncated).toBe(true);
    expect(parsed.partial).toMatchObject({ kind: "write", path: "src/pages/TodosPage.tsx" });
    expect(parsed.operations.map((o) => o.path)).not.toContain("src/pages/TodosPage.tsx");
    const more = await run(model, continuePrompt(spec, out.text, parsed.partial));
    const whole = parseModelOutput(joinContinuation(out.text, more.text));
    expect(whole.truncated).toBe(false);
    expect(whole.message).toMatch(/^Your todos now have a checkbox/);
    const result = applyOperations(applied.files, whole.operations.slice(applied.applied.length));
    expect(result.failures).toEqual([]);
    expect(result.files["src/pages/TodosPage.tsx"]).toContain("aria-pressed={filter === f.value}");
  });

  it("todo-search-mismatch: nothing applies, the re-ask with the file's content matches", async () => {
    const model = replayModel(transcript("todo-search-mismatch"));
    const { applied } = await build(model, "todo");
    const files: Files = applied.files;
    const spec = writePrompt({
      plan: {},
      request: "Show when each todo was added, under its title",
      fileList: Object.keys(files),
      files: [{ path: "src/pages/TodosPage.tsx", content: files["src/pages/TodosPage.tsx"]! }],
    });
    const edit = await run(model, spec);
    const parsed = parseModelOutput(edit.text);
    const first = applyOperations(files, parsed.operations);
    expect(first.failures).toEqual([
      expect.objectContaining({
        kind: "not-found",
        path: "src/pages/TodosPage.tsx",
        block: 0,
        firstLine: "interface Todo {",
      }),
    ]);
    expect(first.files).toBe(files); // block 2 matched but the turn is all-or-nothing
    const reask = editReaskPrompt(spec, edit.text, first.failures, files, 1);
    expect(reask.messages.at(-1)!.content).toContain("Re-read the files below");
    const again = await run(model, reask);
    const second = applyOperations(files, parseModelOutput(again.text).operations);
    expect(second.failures).toEqual([]);
    expect(second.applied).toEqual([{ kind: "edit", path: "src/pages/TodosPage.tsx", levels: ["exact", "exact"] }]);
    expect(second.files["src/pages/TodosPage.tsx"]).toContain("Added {formatDate(todo.created_at)}");
  });

  it("todo-lazy-placeholder: a lazy rewrite is refused and the whole file is asked for", async () => {
    const model = replayModel(transcript("todo-lazy-placeholder"));
    const { applied } = await build(model, "todo");
    const files = applied.files;
    const spec = writePrompt({
      plan: {},
      request: "Show how many todos are still open at the top of the todos page",
      fileList: Object.keys(files),
      files: [{ path: "src/pages/TodosPage.tsx", content: files["src/pages/TodosPage.tsx"]! }],
    });
    const lazy = await run(model, spec);
    const parsed = parseModelOutput(lazy.text);
    expect(parsed.problems.filter((p) => p.kind === "placeholder").length).toBeGreaterThanOrEqual(4);
    const refused = applyOperations(files, parsed.operations);
    expect(refused.failures.map((f) => f.kind)).toEqual(["placeholder"]);
    expect(refused.files["src/pages/TodosPage.tsx"]).toBe(files["src/pages/TodosPage.tsx"]);
    const reask = editReaskPrompt(spec, lazy.text, refused.failures, files, 1);
    expect(reask.messages.at(-1)!.content).toContain("again in full with <kiln-write>");
    const whole = applyOperations(files, parseModelOutput((await run(model, reask)).text).operations);
    expect(whole.failures).toEqual([]);
    expect(whole.files["src/pages/TodosPage.tsx"]).toContain("todos still open`");
    expect(whole.files["src/pages/TodosPage.tsx"]).toContain("async function toggle(todo: Todo)");
  });

  it("crm-type-error-repair: the structured TS error goes back and the recorded repair fixes it", async () => {
    const model = replayModel(transcript("crm-type-error-repair"));
    const { applied } = await build(model, "crm");
    expect(applied.failures).toEqual([]);
    const page = applied.files["src/pages/PipelinePage.tsx"]!;
    const line = page.split("\n").findIndex((l) => l.includes("deal.value")) + 1;
    expect(line).toBeGreaterThan(0);
    const spec = repairPrompt({
      errors: [
        {
          file: "src/pages/PipelinePage.tsx",
          line,
          column: 70,
          message: "Property 'value' does not exist on type 'Deal'.",
          code: "TS2339",
          source: "typescript",
        },
      ],
      files: applied.files,
      fileList: Object.keys(applied.files),
      attempt: 1,
    });
    expect(spec.messages[0]!.content).toContain(`> ${String(line).padStart(4)} |`);
    const fix = applyOperations(applied.files, parseModelOutput((await run(model, spec)).text).operations);
    expect(fix.failures).toEqual([]);
    expect(fix.files["src/pages/PipelinePage.tsx"]).not.toContain("deal.value");
    expect(fix.files["src/pages/PipelinePage.tsx"]).toContain("sum + deal.amount");
  });

  it("todo-runtime-error: an uncaught error from the smoke run is repaired", async () => {
    const model = replayModel(transcript("todo-runtime-error"));
    const { applied } = await build(model, "todo");
    expect(applied.files["worker/todos.ts"]).toContain('JSON.parse(c.req.query("done") as string)');
    const spec = repairPrompt({
      errors: [
        {
          file: "worker/todos.ts",
          line: 0,
          column: 0,
          message:
            'GET /api/todos answered 500: {"error":{"code":"internal_error"}} — the Worker logged: SyntaxError: "undefined" is not valid JSON',
          code: "SMOKE",
          source: "runtime",
        },
      ],
      files: applied.files,
      fileList: Object.keys(applied.files),
      attempt: 1,
    });
    const fix = applyOperations(applied.files, parseModelOutput((await run(model, spec)).text).operations);
    expect(fix.failures).toEqual([]);
    expect(fix.files["worker/todos.ts"]).not.toContain("JSON.parse");
    expect(fix.files["worker/todos.ts"]).toContain('const done = c.req.query("done") ?? "";');
  });

  it("crm-never-fixes: every repair applies but the bug stays; the transcript ends (the loop must be bounded)", async () => {
    const model = replayModel(transcript("crm-never-fixes"));
    let { files } = (await build(model, "crm")).applied;
    // What the check says after each round (test/worker/generation-model.test.ts sees the same).
    const errors = [
      { code: "TS2339", message: "Property 'value' does not exist on type 'Deal'." },
      { code: "TS18048", message: "'deal.value' is possibly 'undefined'." },
      { code: "TS2769", message: "No overload matches this call." },
    ];
    for (let attempt = 1; attempt <= 3; attempt++) {
      const spec = repairPrompt({
        errors: [
          { file: "src/pages/PipelinePage.tsx", line: 43, column: 62, ...errors[attempt - 1]!, source: "typescript" },
        ],
        files,
        fileList: Object.keys(files),
        attempt,
      });
      const r = applyOperations(files, parseModelOutput((await run(model, spec)).text).operations);
      expect(r.failures, `attempt ${attempt}`).toEqual([]);
      files = r.files;
      expect(files["src/pages/PipelinePage.tsx"]).toContain("deal.value");
    }
    expect(model.remaining()).toBe(0);
    const extra = await run(model, repairPrompt({ errors: [], files, fileList: [], attempt: 4 })).catch(
      (e: unknown) => e,
    );
    expect((extra as Error).message).toContain("no turn left");
  });
});

describe("prompts", () => {
  it("estimates tokens at 3.5 characters each", () => {
    expect(estimateTokens("")).toBe(0);
    expect(estimateTokens("x".repeat(35))).toBe(10);
  });

  it("fits the most relevant files into the budget and names the rest", () => {
    const files = [
      { path: "a.ts", content: "a".repeat(350) },
      { path: "big.ts", content: "b".repeat(35_000) },
      { path: "c.ts", content: "c".repeat(350) },
    ];
    const fit = fitFilesToBudget(files, 500);
    expect(fit.included.map((f) => f.path)).toEqual(["a.ts", "c.ts"]);
    expect(fit.omitted).toEqual(["big.ts"]);
    const spec = writePrompt({
      plan: { appName: "x" },
      request: "Add tags.",
      fileList: ["a.ts", "big.ts", "c.ts"],
      files,
      budgetTokens: 500,
      readOnly: ["package.json"],
    });
    const user = spec.messages[0]!.content;
    expect(user).toContain('<file path="a.ts" lines="1">');
    expect(user).not.toContain("bbbbbbbb");
    expect(user).toContain("Not shown (too long for this message): big.ts");
    expect(user).toContain("Do not change: package.json.");
    expect(spec.system).toContain('<kiln-write path="src/pages/NotesPage.tsx">');
    expect(spec.system).toContain("<<<<<<< SEARCH");
    expect(estimateTokens(spec.system)).toBeLessThan(700); // short: ~30B models follow short prompts better
  });

  it("asks for whole files on the second re-ask", () => {
    const failures = [
      {
        kind: "not-found" as const,
        path: "a.ts",
        block: 0,
        firstLine: "x",
        message: 'a.ts: SEARCH block 1 (starting "x") does not match the file.',
      },
    ];
    const spec = writePrompt({ plan: {}, request: "r", fileList: [], files: [] });
    const second = editReaskPrompt(spec, "previous", failures, { "a.ts": "const a = 1;\n" }, 2);
    expect(second.phase).toBe("edit-reask");
    expect(second.messages.map((m) => m.role)).toEqual(["user", "assistant", "user"]);
    expect(second.messages[2]!.content).toContain("Write each of these files again in full with <kiln-write>: a.ts");
    expect(second.messages[2]!.content).toContain('<file path="a.ts"');
  });
});
