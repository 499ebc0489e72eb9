// Thirty apps from the planner evaluation corpus (a seeded pick across domains, data apps and
// content sites, from both sets): each description is planned (planRequest), scaffolded, built
// inside the platform, smoke-run (page, sign-up, CRUD on every table), then deployed as a preview
// version whose page Kiln serves. `npm run eval:planner -- --build` does the same for every
// description, through the chat. The check build skips the type-check (the deploy build runs it).
import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { planRequest } from "../../src/agent/plan/request";
import { scaffold } from "../../src/agent/scaffold";
import { smokeRun } from "../../src/agent/smoke";
import { buildApp, warmBuilder } from "../../src/builder";
import { buildAndDeploy } from "../../src/agent/deploy-build";
import { insertProject } from "../../src/store/projects";
import { DEV, HOLDOUT, samplePick } from "../eval/sets";
import { templateApp } from "../fixtures/build/files";
import { scratchDatabase, signUp } from "./helpers";
import { visit } from "./hosting-helpers";

const template = templateApp();
const SAMPLE = samplePick([...DEV, ...HOLDOUT], 30);

describe.skipIf(!template["index.html"])("thirty corpus apps build, pass the smoke run and deploy", () => {
  // The type-checker's first start (TypeScript and its lib files) is paid here, not by the first app's
  // deploy build, which a busy machine could otherwise push past the builder's 30 s limit.
  beforeAll(() => warmBuilder(env.LOADER), 180_000);

  it("the sample spreads over domains and holds data apps and sites", () => {
    expect(SAMPLE).toHaveLength(30);
    expect(new Set(SAMPLE.map((c) => c.domain)).size).toBeGreaterThanOrEqual(8);
    expect(SAMPLE.filter((c) => !c.handling.includes("app")).length).toBe(6);
    expect(SAMPLE.filter((c) => c.handling.includes("app")).length).toBe(24);
    expect(SAMPLE.every((c) => !c.handling.includes("reply"))).toBe(true);
    // Seeded: the same thirty every run.
    expect(samplePick([...DEV, ...HOLDOUT], 30).map((c) => c.id)).toEqual(SAMPLE.map((c) => c.id));
  });

  it("each app builds, passes its smoke run and serves its page once deployed", { timeout: 900_000 }, async () => {
    const { user } = await signUp();
    const failures: string[] = [];
    const times: string[] = [];
    for (const c of SAMPLE) {
      const t0 = Date.now();
      const outcome = planRequest(c.text);
      if (outcome.kind !== "app") {
        failures.push(
          `${c.id}: answered with a reply ("${outcome.reply.slice(0, 80)}"), want ${c.handling.join(" or ")}`,
        );
        continue;
      }
      const files = scaffold(outcome.plan, template);
      const built = await buildApp(files, {
        loader: env.LOADER,
        migrationDb: scratchDatabase(),
        cacheKey: "planner-apps",
        typecheck: false,
      });
      const errors = built.diagnostics.filter((d) => d.severity === "error");
      if (!built.ok || errors.length > 0) {
        failures.push(
          `${c.id}: build failed: ${errors
            .map((d) => `${d.file}:${d.line} ${d.message}`)
            .join("; ")
            .slice(0, 400)}`,
        );
        continue;
      }
      const smoke = await smokeRun(env, built, outcome.plan, { exports, projectId: `planner-apps-${c.id}` });
      if (!smoke.ok) {
        failures.push(
          `${c.id}: smoke run: ${smoke.problems
            .map((p) => p.message)
            .join("; ")
            .slice(0, 400)}`,
        );
        continue;
      }
      const project = await insertProject(env.DB, user.id, c.id);
      const deployed = await buildAndDeploy(env, exports, project, {
        userId: user.id,
        source: "generation",
        prompt: c.text,
        origin: "http://localhost:8787",
        files,
      });
      // The deploy build type-checks: a type error would fail a generation's check, model or not.
      const deployErrors = deployed.diagnostics.filter((d) => d.severity === "error");
      if (!deployed.ok || deployErrors.length > 0) {
        failures.push(
          `${c.id}: the deploy build failed: ${deployErrors
            .map((d) => `${d.file}:${d.line} ${d.message}`)
            .join("; ")
            .slice(0, 400)}`,
        );
        continue;
      }
      const page = await visit(deployed.previewUrl!);
      if (page.status !== 200 || !/<html/i.test(page.text))
        failures.push(`${c.id}: the deployed preview answered ${page.status}`);
      times.push(
        `${c.id} ${Date.now() - t0} ms (check build ${Math.round(built.timings.total)} ms, deploy build ${Math.round(deployed.timings.total)} ms, type-check ${Math.round(deployed.timings.typescript)} ms)`,
      );
    }
    console.log(
      `planner sample: ${SAMPLE.length - failures.length}/${SAMPLE.length} built, smoke-run and deployed\n${times.join("\n")}`,
    );
    expect(failures).toEqual([]);
  });
});
