// The check phase's smoke run (src/agent/smoke.ts): the built app in a throwaway isolate over a
// scratch database, its page loaded and every table walked through its CRUD API.
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { planFromDescription } from "../../src/agent/plan/heuristic";
import { normalizePlan } from "../../src/agent/plan/schema";
import { scaffold } from "../../src/agent/scaffold";
import { smokeRun } from "../../src/agent/smoke";
import { buildApp } from "../../src/builder";
import { templateApp } from "../fixtures/build/files";
import { EVERY_KIND_PLAN } from "../fixtures/plans/every-kind";
import prompts from "../fixtures/prompts/offline.json";
import { appDatabases } from "../../src/hosting/database/app-db";
import { scratchDatabase } from "./helpers";

const template = templateApp();

// Every column kind, ranges, a reference between two tables, owner-scoped behind a login.
const plan = normalizePlan(EVERY_KIND_PLAN);

async function build(files: Record<string, string>, key: string) {
  const r = await buildApp(files, {
    loader: env.LOADER,
    migrationDb: scratchDatabase(),
    cacheKey: key,
    typecheck: false,
  });
  expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return r;
}

describe.skipIf(!template["index.html"])("smoke run", () => {
  it(
    "passes the scaffold of a plan with every column kind: page, register, CRUD on every table",
    { timeout: 120_000 },
    async () => {
      const files = scaffold(plan, template);
      const built = await build(files, "smoke-ok");
      const result = await smokeRun(env, built, plan, { exports, projectId: "smoke-ok" });
      expect(result.problems).toEqual([]);
      expect(result.ok).toBe(true);
      // The scratch database is gone afterwards.
      const stats = await appDatabases(env).get(appDatabases(env).idFromName("smoke-ok:scratch")).stats();
      expect(stats.tables).toEqual({});
    },
  );

  it(
    "catches code that throws at run time, with the request and the error the Worker logged",
    { timeout: 120_000 },
    async () => {
      const files = scaffold(plan, template);
      const router = files["worker/deals.ts"]!;
      const broken = router.replace(
        "return c.json({ deals: results });",
        "return c.json({ deals: (results as unknown as { rows: typeof results }).rows.filter((d) => d.closed === 0) });",
      );
      expect(broken).not.toBe(router);
      const built = await build({ ...files, "worker/deals.ts": broken }, "smoke-throws");
      const result = await smokeRun(env, built, plan, { exports, projectId: "smoke-throws" });
      expect(result.ok).toBe(false);
      expect(result.problems).toEqual([
        {
          file: "",
          line: 0,
          column: 0,
          code: "SMOKE",
          source: "runtime",
          message: expect.stringMatching(
            /^GET \/api\/deals answered 500: .*internal_error.* the Worker logged: TypeError: Cannot read properties of undefined \(reading 'filter'\)/,
          ),
        },
      ]);
    },
  );

  it(
    "reports an app whose server code throws outside its error handler, and a missing page",
    { timeout: 120_000 },
    async () => {
      const files = scaffold(plan, template);
      const index = files["worker/index.ts"]!.replace("app.onError((err, c) => errorResponse(c, err));", "");
      const thrower = index.replace(
        `app.route("/api/auth", auth);`,
        `app.use("/api/companies/*", async () => {\n  throw new Error("companies are broken");\n});\napp.route("/api/auth", auth);`,
      );
      const built = await build({ ...files, "worker/index.ts": thrower }, "smoke-uncaught");
      const result = await smokeRun(env, { ...built, assets: {} }, plan, { exports, projectId: "smoke-uncaught" });
      const messages = result.problems.map((p) => p.message);
      expect(messages[0]).toMatch(/^GET \/ answered 404/);
      expect(
        messages.some((m) => /^POST \/api\/companies .* companies are broken/.test(m)),
        messages.join("\n"),
      ).toBe(true);
    },
  );

  it(
    "passes the scaffold of every offline description's plan (what generation deploys without a model)",
    { timeout: 300_000 },
    async () => {
      const list = (Array.isArray(prompts) ? prompts : (prompts as { prompts: unknown[] }).prompts) as Array<
        string | { prompt?: string; description?: string }
      >;
      expect(list.length).toBeGreaterThanOrEqual(10);
      const failures: string[] = [];
      for (const [i, entry] of list.entries()) {
        const description = typeof entry === "string" ? entry : (entry.prompt ?? entry.description)!;
        const p = planFromDescription(description);
        const built = await build(scaffold(p, template), `smoke-offline-${i}`);
        const result = await smokeRun(env, built, p, { exports, projectId: `smoke-offline-${i}` });
        for (const problem of result.problems) failures.push(`${description}: ${problem.message}`);
      }
      expect(failures).toEqual([]);
    },
  );
});
