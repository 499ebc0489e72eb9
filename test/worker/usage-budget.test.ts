// What model runs cost and the monthly budget: each model call of a run is a usage event with its
// tokens, time and cost (recorded transcripts carry their usage), the month's total in Settings,
// and runs refused before any model call once the budget is spent; offline runs never are.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { checkBudget } from "../../src/agent/budget";
import { knownPrices } from "../../src/ai/prices";
import { monthUsage } from "../../src/store/usage";
import { APP_DESCRIPTIONS, transcript } from "../fixtures/transcripts";
import { call, chat, signUp, type ChatEvent as Event } from "./helpers";

async function replayUser() {
  const { token, user } = await signUp();
  const put = await call("PUT", "/api/settings/ai", {
    token,
    body: { provider: "replay", transcript: transcript("todo-clean") },
  });
  expect(put.status, put.text).toBe(200);
  return { token, user };
}

const newProject = async (token: string, name = "Todos") =>
  (await call("POST", "/api/projects", { token, body: { name } })).json.project as { id: string; slug: string };

const usageEvents = (events: Event[]) => events.filter((e) => e.type === "usage");
const usageRows = async (userId: string) =>
  (await env.DB.prepare("SELECT COUNT(*) AS n FROM model_usage WHERE user_id = ?").bind(userId).first<{ n: number }>())!
    .n;

describe("what each run cost", () => {
  it(
    "records every model call of a run as a usage event and in the month's total, priced from Kiln's list",
    { timeout: 180_000 },
    async () => {
      const { token, user } = await replayUser();
      const project = await newProject(token);
      const events = await chat(token, project.id, APP_DESCRIPTIONS.todo);
      expect(events.at(-1)!.type, JSON.stringify(events.at(-1))).toBe("done");

      // One event per model call (plan, write), with the transcript's recorded usage.
      const recorded = transcript("todo-clean").turns.map((t) => t.usage!);
      const usage = usageEvents(events);
      expect(usage.map((u) => [u.phase, u.inputTokens, u.outputTokens])).toEqual([
        ["plan", recorded[0]!.inputTokens, recorded[0]!.outputTokens],
        ["write", recorded[1]!.inputTokens, recorded[1]!.outputTokens],
      ]);
      const prices = knownPrices("@cf/zai-org/glm-4.7-flash")!;
      for (const u of usage) {
        expect(u.model).toBe("@cf/zai-org/glm-4.7-flash");
        expect(u.modelMs).toBeGreaterThanOrEqual(0);
        expect(u.costUsd).toBeCloseTo((u.inputTokens * prices.input + u.outputTokens * prices.output) / 1e6, 12);
      }
      const runCost = usage.reduce((n, u) => n + u.costUsd, 0);
      expect(runCost).toBeGreaterThan(0);

      // Settings: the month's total is the sum of the calls.
      const month = await call("GET", "/api/settings/usage", { token });
      expect(month.status, month.text).toBe(200);
      expect(month.json).toMatchObject({
        month: new Date().toISOString().slice(0, 7),
        calls: 2,
        unpricedCalls: 0,
        inputTokens: recorded[0]!.inputTokens + recorded[1]!.inputTokens,
        outputTokens: recorded[0]!.outputTokens + recorded[1]!.outputTokens,
        monthlyBudgetUsd: null,
      });
      expect(month.json.spentUsd).toBeCloseTo(runCost, 12);
      expect(await usageRows(user.id)).toBe(2);

      // History redraws the run with its usage events.
      const history = await call("GET", `/api/chat/${project.id}/history?events=1`, { token });
      expect(history.json.runs[0].events.filter((e: Event) => e.type === "usage")).toHaveLength(2);
    },
  );

  it("prices a run with the user's own prices when they set them", { timeout: 180_000 }, async () => {
    const { token } = await replayUser();
    const put = await call("PUT", "/api/settings/usage", {
      token,
      body: { monthlyBudgetUsd: null, prices: { input: 1, output: 2 } },
    });
    expect(put.status, put.text).toBe(200);
    expect(put.json.prices).toEqual({ input: 1, output: 2 });
    const events = await chat(token, (await newProject(token)).id, APP_DESCRIPTIONS.todo);
    for (const u of usageEvents(events)) expect(u.costUsd).toBeCloseTo((u.inputTokens + 2 * u.outputTokens) / 1e6, 12);
  });

  it("refuses bad budget settings with a message that says what to send", async () => {
    const { token } = await signUp();
    for (const body of [
      { monthlyBudgetUsd: -5 },
      { monthlyBudgetUsd: "ten" },
      {},
      { monthlyBudgetUsd: 5, prices: { input: 1 } },
    ]) {
      const res = await call("PUT", "/api/settings/usage", { token, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.json.error.message, JSON.stringify(body)).toMatch(/monthlyBudgetUsd|prices/);
    }
    expect((await call("GET", "/api/settings/usage")).status).toBe(401);
  });
});

describe("the monthly budget", () => {
  it(
    "refuses a model run before any model call once the month's spending reaches the budget",
    { timeout: 180_000 },
    async () => {
      const { token, user } = await replayUser();
      await chat(token, (await newProject(token)).id, APP_DESCRIPTIONS.todo);
      const spent = (await call("GET", "/api/settings/usage", { token })).json.spentUsd as number;
      const budget = spent / 2;
      expect((await call("PUT", "/api/settings/usage", { token, body: { monthlyBudgetUsd: budget } })).status).toBe(
        200,
      );

      const calls = await usageRows(user.id);
      const project = await newProject(token, "Second");
      const events = await chat(token, project.id, APP_DESCRIPTIONS.todo);
      const last = events.at(-1)!;
      expect(last).toMatchObject({ type: "error", code: "budget_exceeded" });
      // What was spent, the budget, and where to change it.
      expect(last.message).toContain(`$${spent.toFixed(4).replace(/0{1,2}$/, "")}`);
      expect(last.message).toContain(`$${budget.toFixed(4).replace(/0{1,2}$/, "")}`);
      expect(last.message).toMatch(/Settings → Usage and budget/);
      // No model call was made: no phase ran, no usage, no version.
      expect(events.filter((e) => e.type === "phase" || e.type === "usage")).toEqual([]);
      expect(await usageRows(user.id)).toBe(calls);
      const versions = await call("GET", `/api/projects/${project.id}/versions`, { token });
      expect(versions.json.versions).toEqual([]);

      // Raising the budget lets the next run through.
      await call("PUT", "/api/settings/usage", { token, body: { monthlyBudgetUsd: spent * 10 } });
      const again = await chat(token, project.id, APP_DESCRIPTIONS.todo);
      expect(again.at(-1)!.type, JSON.stringify(again.at(-1))).toBe("done");
    },
  );

  it("never refuses an offline run, which costs nothing", { timeout: 180_000 }, async () => {
    const { token, user } = await signUp();
    await call("PUT", "/api/settings/ai", { token, body: { provider: "offline" } });
    expect((await call("PUT", "/api/settings/usage", { token, body: { monthlyBudgetUsd: 0 } })).status).toBe(200);
    const events = await chat(token, (await newProject(token)).id, "a todo list with due dates");
    expect(events.at(-1)).toMatchObject({ type: "done", versionId: expect.any(String) });
    expect(usageEvents(events)).toEqual([]);
    expect(await usageRows(user.id)).toBe(0);
  });

  it("counts each calendar month (UTC) on its own: last month's spending does not hold back this month", async () => {
    const { token, user } = await signUp();
    const insert = (at: string, cost: number) =>
      env.DB.prepare(
        "INSERT INTO model_usage (user_id, project_id, run_id, model, input_tokens, output_tokens, model_ms, cost_usd, created_at) VALUES (?, 'p', NULL, 'm', 100, 100, 10, ?, ?)",
      )
        .bind(user.id, cost, at)
        .run();
    await insert("2026-03-31T23:59:59.999Z", 50);
    await insert("2026-04-01T00:00:00.000Z", 0.75);
    await call("PUT", "/api/settings/usage", { token, body: { monthlyBudgetUsd: 1 } });

    const march = new Date("2026-03-15T12:00:00Z");
    const april = new Date("2026-04-30T23:59:59Z");
    expect((await monthUsage(env.DB, user.id, march)).costUsd).toBe(50);
    expect((await monthUsage(env.DB, user.id, april)).costUsd).toBe(0.75);
    expect((await checkBudget(env.DB, user.id, march)).refusal).toMatch(/\$50\.00.*\$1\.00.*1 April/);
    expect((await checkBudget(env.DB, user.id, april)).refusal).toBeNull();
    await insert("2026-04-30T23:00:00.000Z", 0.25);
    expect((await checkBudget(env.DB, user.id, april)).refusal).toMatch(/\$1\.00.*\$1\.00.*1 May/);
    expect((await checkBudget(env.DB, user.id, new Date("2026-05-01T00:00:00Z"))).refusal).toBeNull();
  });
});
