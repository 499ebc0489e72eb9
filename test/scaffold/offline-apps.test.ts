/**
 * The offline path end to end, outside Kiln: for each of the ten prompts, the heuristic planner's
 * plan → scaffold(plan, template) → strict TypeScript (the template's `npm run typecheck`
 * settings), `vite build`, wrangler's local D1 migrations and `wrangler dev`; then every CRUD route
 * of every table over HTTP, and for three apps the pages in Chromium. An eleventh app is a plan with
 * every column kind (test/fixtures/plans/every-kind.ts: phones, a rating from 1 to 5, other ranges).
 */
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { promisify } from "node:util";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser } from "../e2e/browser";
import prompts from "../fixtures/prompts/offline.json";
import { checkAuthApi } from "../template/app-checks";
import { repoRoot, startLocalApp, type LocalApp } from "../template/local-app";
import { planFromDescription } from "../../src/agent/plan/heuristic";
import { interpretEdit } from "../../src/agent/plan/offline-edits";
import { normalizePlan, type Plan } from "../../src/agent/plan/schema";
import { scaffold } from "../../src/agent/scaffold";
import { EVERY_KIND_PLAN } from "../fixtures/plans/every-kind";
import { checkCrudApi, checkGeneratedUi, readTree, writeTree } from "./generated-app";

const UI_APPS = new Set(["crm", "rsvps", "every-kind"]);
const template = readTree(join(repoRoot, "templates/react-app"));
const work = mkdtempSync(join(tmpdir(), "kiln-scaffold-"));
// One app also gets a main colour, as the offline edit "make it green" sets it.
const THEMED = "blog";
const apps = [...prompts.prompts, { id: "every-kind", prompt: EVERY_KIND_PLAN.description }].map(({ id, prompt }) => {
  let plan = id === "every-kind" ? normalizePlan(EVERY_KIND_PLAN) : planFromDescription(prompt);
  if (id === THEMED) {
    const edit = interpretEdit(plan, "make it green");
    if (edit.kind === "plan") plan = edit.plan;
  }
  const files = scaffold(plan, template);
  const dir = join(work, id);
  writeTree(dir, files);
  return { id, prompt, plan, files, dir };
});
let browser: Browser | undefined;
const started = Date.now();

beforeAll(async () => {
  if ([...UI_APPS].length) browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  rmSync(work, { recursive: true, force: true });
  console.log(`offline apps: ${((Date.now() - started) / 1000).toFixed(1)} s in all`);
});

it("type-checks all eleven generated apps (strict, browser and Worker)", { timeout: 180_000 }, async () => {
  // One compiler run per half for all eleven apps (the same settings as each app's `npm run typecheck`):
  // far cheaper than twenty runs on two cores.
  symlinkSync(join(repoRoot, "node_modules"), join(work, "node_modules"), "dir");
  for (const app of apps) symlinkSync(join(repoRoot, "node_modules"), join(app.dir, "node_modules"), "dir");
  const first = apps[0]!.id;
  writeFileSync(
    join(work, "tsconfig.browser.json"),
    JSON.stringify({
      extends: `./${first}/tsconfig.json`,
      include: apps.flatMap((a) => [`${a.id}/src`, `${a.id}/vite.config.ts`]),
    }),
  );
  writeFileSync(
    join(work, "tsconfig.worker.json"),
    JSON.stringify({ extends: `./${first}/worker/tsconfig.json`, include: apps.map((a) => `${a.id}/worker`) }),
  );
  const tsc = join(repoRoot, "node_modules/.bin/tsc");
  const run = (config: string) =>
    promisify(execFile)(tsc, ["-p", config], { cwd: work }).catch((err: { stdout?: string; stderr?: string }) => {
      throw new Error(`tsc -p ${config} failed:\n${err.stdout ?? ""}${err.stderr ?? ""}`);
    });
  await Promise.all([run("tsconfig.browser.json"), run("tsconfig.worker.json")]);
});

for (const app of apps) {
  describe(`"${app.prompt}" (${app.id})`, () => {
    let local: LocalApp;
    beforeAll(async () => {
      mkdirSync(app.dir, { recursive: true });
      local = await startLocalApp(relative(repoRoot, app.dir));
    }, 180_000);
    afterAll(async () => {
      await local?.stop();
    });

    it("builds and applies its migrations", () => {
      expect(local.buildOutput).toMatch(/dist\/index\.html/);
      expect(local.migrateOutput).toMatch(/0001_init\.sql/);
      expect(local.migrateOutput).toMatch(/0002_\w+\.sql/);
      if (app.id === THEMED) {
        const css = readdirSync(join(local.dir, "dist/assets")).find((f) => f.endsWith(".css"))!;
        expect(readFileSync(join(local.dir, "dist/assets", css), "utf8")).toMatch(/--color-primary:\s*#16a34a/);
      }
    });

    it("answers the template's auth API", async () => {
      await checkAuthApi(local.url);
    });

    it(
      `answers every CRUD route of ${app.plan.dataModel.tables.map((t) => t.name).join(", ")}, per user`,
      { timeout: 60_000 },
      async () => {
        await checkCrudApi(local.url, app.plan as Plan);
      },
    );

    it.runIf(UI_APPS.has(app.id))(
      "creates, lists, edits and deletes through its pages",
      { timeout: 120_000 },
      async () => {
        await checkGeneratedUi(browser!, local.url, app.plan, `scaffold-${app.id}`);
      },
    );
  });
}
