// The generation pipeline with a model: every recorded transcript replayed through POST /api/chat
// (a user whose AI settings are { provider: "replay", transcript }), from plan to deployed version,
// or to the error that leaves the previous version serving.
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { findPlaceholders } from "../../src/ai/protocol";
import { readAllFiles } from "../../src/store/sources";
import { APP_DESCRIPTIONS, transcript, TRANSCRIPTS, type TranscriptName } from "../fixtures/transcripts";
import { call, chat, signUp, type ChatEvent as Event } from "./helpers";
import { visit } from "./hosting-helpers";

/**
 * The rest of a transcript, from turn `from`, as the user's model: each chat message gets a fresh
 * replay model (model-for-user.ts), so a second message replays from where the first stopped.
 */
async function replayFrom(token: string, name: TranscriptName, from: number) {
  const t = transcript(name);
  const put = await call("PUT", "/api/settings/ai", {
    token,
    body: { provider: "replay", transcript: { ...t, turns: t.turns.slice(from) } },
  });
  expect(put.status, put.text).toBe(200);
}

/** A user whose model is the transcript, and a fresh project. */
async function setup(name: TranscriptName) {
  const { token } = await signUp();
  const { project } = (await call("POST", "/api/projects", { token, body: { name } })).json;
  const put = await call("PUT", "/api/settings/ai", {
    token,
    body: { provider: "replay", transcript: transcript(name) },
  });
  expect(put.status, put.text).toBe(200);
  return { token, project };
}

const phases = (events: Event[]) => events.filter((e) => e.type === "phase").map((e) => `${e.phase}:${e.status}`);
const written = (events: Event[]) => events.filter((e) => e.type === "file").map((e) => `${e.action} ${e.path}`);
const texts = (events: Event[]) =>
  events
    .filter((e) => e.type === "text")
    .map((e) => e.delta as string)
    .join("");

/** The run ended with a deployed version; returns the done event. */
function deployed(events: Event[]): Event {
  const last = events.at(-1)!;
  expect(
    last.type,
    JSON.stringify(
      events.filter((e) => e.type === "error" || e.type === "diagnostics" || e.type === "text"),
      null,
      1,
    ).slice(0, 4000),
  ).toBe("done");
  expect(last.versionId).toEqual(expect.any(String));
  return last;
}

/** Tokens recorded per model phase, from the transcript's own usage. */
function expectedTokens(name: TranscriptName, turns: number[], phase: string) {
  const t = TRANSCRIPTS[name].turns;
  return {
    phase,
    inputTokens: turns.reduce((n, i) => n + (t[i]!.usage?.inputTokens ?? 0), 0),
    outputTokens: turns.reduce((n, i) => n + (t[i]!.usage?.outputTokens ?? 0), 0),
  };
}

async function version(token: string, projectId: string, versionId: string) {
  const res = await call("GET", `/api/projects/${projectId}/versions/${versionId}`, { token });
  expect(res.status).toBe(200);
  return res.json.version;
}

/** Every version records tokens in/out per model phase, model time, build time and repair rounds. */
function expectMetrics(metrics: any, model: string, repairRounds: number) {
  expect(metrics).toMatchObject({ model: `replay:${model}`, repairRounds, buildMs: expect.any(Number) });
  expect(metrics.buildMs).toBeGreaterThan(0);
  for (const phase of ["plan", "write", ...(repairRounds > 0 ? ["repair"] : [])]) {
    expect(metrics.phases[phase], phase).toMatchObject({
      ms: expect.any(Number),
      inputTokens: expect.any(Number),
      outputTokens: expect.any(Number),
      modelMs: expect.any(Number),
    });
    expect(metrics.phases[phase].inputTokens, phase).toBeGreaterThan(0);
  }
  for (const phase of ["scaffold", "check"])
    expect(metrics.phases[phase], phase).toMatchObject({ ms: expect.any(Number) });
}

async function appUser(base: string) {
  const reg = await visit(`${base}api/auth/register`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: "a@example.com", password: "app password" }),
  });
  expect(reg.status, reg.text).toBe(201);
  return JSON.parse(reg.text).token as string;
}

describe("generation with a model (recorded transcripts through /api/chat)", () => {
  it(
    "todo-clean: plan, scaffold, write, check, deploy; files listed, tokens per phase on the version",
    { timeout: 180_000 },
    async () => {
      const { token, project } = await setup("todo-clean");
      const events = await chat(token, project.id, APP_DESCRIPTIONS.todo);
      expect(phases(events)).toEqual([
        "plan:start",
        "plan:end",
        "scaffold:start",
        "scaffold:end",
        "write:start",
        "write:end",
        "check:start",
        "check:end",
        "deploy:start",
        "deploy:end",
      ]);
      // The model's files as each turn applies, then the scaffold's, each once.
      const files = written(events);
      expect(files.slice(0, 2)).toEqual(["write worker/todos.ts", "write src/pages/TodosPage.tsx"]);
      expect(files).toEqual(
        expect.arrayContaining([
          "write migrations/0002_todo_list.sql",
          "write src/pages/TodoFormPage.tsx",
          "write src/App.tsx",
        ]),
      );
      expect(new Set(files).size).toBe(files.length);
      expect(
        events
          .filter((e) => e.type === "diagnostics")
          .at(-1)!
          .diagnostics.filter((d: any) => d.severity === "error"),
      ).toEqual([]);
      const done = deployed(events);
      expect(done.reply).toMatch(/checkbox to tick them off/);
      expect(done.reply).not.toMatch(/No AI model/);
      expectMetrics(done.metrics, "todo-clean", 0);
      expect(done.metrics.phases.plan).toMatchObject(pick(expectedTokens("todo-clean", [0], "plan")));
      expect(done.metrics.phases.write).toMatchObject(pick(expectedTokens("todo-clean", [1], "write")));

      // The history redraws the run from the same events, its streamed text joined.
      const past = (await call("GET", `/api/chat/${project.id}/history?events=1`, { token })).json.runs[0]
        .events as Event[];
      expect(texts(past)).toBe(texts(events));
      expect(past.filter((e, i) => e.type === "text" && past[i - 1]?.type === "text")).toEqual([]);
      expect(phases(past)).toEqual(phases(events));

      const v = await version(token, project.id, done.versionId);
      expect(v).toMatchObject({ status: "deployed", source: "generation" });
      expectMetrics(v.metrics, "todo-clean", 0);
      expect(v.metrics.phases.write).toMatchObject(pick(expectedTokens("todo-clean", [1], "write")));

      // The written feature works in the preview: ?done= filters, PATCH /:id/done ticks off.
      const base = done.previewUrl as string;
      const user = await appUser(base);
      const auth = { "content-type": "application/json", authorization: `Bearer ${user}` };
      const made = JSON.parse(
        (
          await visit(`${base}api/todos`, {
            method: "POST",
            headers: auth,
            body: JSON.stringify({ title: "Ship Kiln" }),
          })
        ).text,
      );
      expect(
        (
          await visit(`${base}api/todos/${made.id}/done`, {
            method: "PATCH",
            headers: auth,
            body: JSON.stringify({ done: true }),
          })
        ).status,
      ).toBe(200);
      expect(JSON.parse((await visit(`${base}api/todos?done=0`, { headers: auth })).text).todos).toEqual([]);
      expect(JSON.parse((await visit(`${base}api/todos?done=1`, { headers: auth })).text).todos).toHaveLength(1);
    },
  );

  for (const name of [
    "todo-plan-fenced",
    "todo-plan-trailing-commas",
    "crm-plan-invalid-then-valid",
    "todo-rate-limited",
  ] as const) {
    it(
      `${name}: the plan is accepted${name === "crm-plan-invalid-then-valid" ? " after one re-ask" : " without a re-ask"}, and the app deployed`,
      { timeout: 180_000 },
      async () => {
        const { token, project } = await setup(name);
        const events = await chat(token, project.id, APP_DESCRIPTIONS[TRANSCRIPTS[name].app as "todo" | "crm"]);
        const done = deployed(events);
        const plan = events.find((e) => e.type === "plan")!.plan;
        expect(plan.appName).toBe(name.startsWith("crm") ? "sales-crm" : "todo-list");
        expect(texts(events)).not.toMatch(/not valid twice/);
        // Every turn of the transcript was used, in order (the replay refuses any other request).
        const planTurns = TRANSCRIPTS[name].turns.filter(
          (t) => t.phase === "plan" || t.phase === "plan-reask" || t.phase === "write",
        );
        expect(planTurns.length).toBe(name === "todo-plan-fenced" || name === "todo-plan-trailing-commas" ? 2 : 3);
        const usedPlan = name === "crm-plan-invalid-then-valid" ? [0, 1] : name === "todo-rate-limited" ? [1] : [0];
        expect(done.metrics.phases.plan).toMatchObject(pick(expectedTokens(name, usedPlan, "plan")));
        expectMetrics(done.metrics, name, 0);
      },
    );
  }

  it("todo-unclosed-tag: the unclosed last file is continued, then deployed", { timeout: 180_000 }, async () => {
    const { token, project } = await setup("todo-unclosed-tag");
    const done = deployed(await chat(token, project.id, APP_DESCRIPTIONS.todo));
    expect(done.metrics.phases.write).toMatchObject(pick(expectedTokens("todo-unclosed-tag", [1, 2], "write")));
    const files = await readAllFiles(env.DB, env.CODE, project.id);
    expect(files["src/pages/TodosPage.tsx"]).toContain("aria-pressed={filter === f.value}");
    expect(files["src/pages/TodosPage.tsx"]).not.toContain("kiln-write");
  });

  it(
    "crm-truncated-continue: cut off mid-line (length), continuation requested, joined, deployed",
    { timeout: 180_000 },
    async () => {
      const { token, project } = await setup("crm-truncated-continue");
      const events = await chat(token, project.id, APP_DESCRIPTIONS.crm);
      const done = deployed(events);
      expect(written(events).slice(0, 5)).toEqual([
        "write worker/pipeline.ts",
        "write worker/index.ts",
        "write src/pages/PipelinePage.tsx",
        "write src/App.tsx",
        "write src/components/Layout.tsx",
      ]);
      expect(done.metrics.phases.write).toMatchObject(pick(expectedTokens("crm-truncated-continue", [1, 2], "write")));
      const files = await readAllFiles(env.DB, env.CODE, project.id);
      expect(files["src/pages/PipelinePage.tsx"]).toContain(
        `{deal.company_name ?? "No company"} · {formatMoney(deal.amount)}`,
      );
      // The new route answers in the preview.
      const base = done.previewUrl as string;
      const user = await appUser(base);
      const res = await visit(`${base}api/pipeline`, { headers: { authorization: `Bearer ${user}` } });
      expect(res.status, res.text).toBe(200);
      expect(JSON.parse(res.text)).toEqual({ stages: [] });
    },
  );

  it(
    "todo-search-mismatch: a second message's edit does not match; re-asked; then deployed",
    { timeout: 240_000 },
    async () => {
      const { token, project } = await setup("todo-search-mismatch");
      const first = deployed(await chat(token, project.id, APP_DESCRIPTIONS.todo));
      await replayFrom(token, "todo-search-mismatch", 2);
      const events = await chat(token, project.id, "Show when each todo was added, under its title");
      expect(phases(events)).toEqual([
        "plan:skipped",
        "scaffold:skipped",
        "write:start",
        "write:end",
        "check:start",
        "check:end",
        "deploy:start",
        "deploy:end",
      ]);
      expect(texts(events)).toMatch(/did not apply .*src\/pages\/TodosPage\.tsx.*asking the model again/s);
      expect(written(events)).toEqual(["write src/pages/TodosPage.tsx"]);
      const done = deployed(events);
      expect(done.versionId).not.toBe(first.versionId);
      expect(done.metrics.phases.write).toMatchObject(pick(expectedTokens("todo-search-mismatch", [2, 3], "write")));
      expect(done.metrics.phases.plan).toBeUndefined();
      const files = await readAllFiles(env.DB, env.CODE, project.id);
      expect(files["src/pages/TodosPage.tsx"]).toContain("Added {formatDate(todo.created_at)}");
      expect(files["src/pages/TodosPage.tsx"]).not.toContain("completed: boolean");
    },
  );

  it(
    "todo-lazy-placeholder: a rewrite with placeholders is refused, the whole file asked for and deployed; no file has a placeholder",
    { timeout: 240_000 },
    async () => {
      const { token, project } = await setup("todo-lazy-placeholder");
      deployed(await chat(token, project.id, APP_DESCRIPTIONS.todo));
      await replayFrom(token, "todo-lazy-placeholder", 2);
      const events = await chat(token, project.id, "Show how many todos are still open at the top of the todos page");
      expect(texts(events)).toMatch(/did not apply .*placeholder/s);
      deployed(events);
      const files = await readAllFiles(env.DB, env.CODE, project.id);
      expect(files["src/pages/TodosPage.tsx"]).toContain("todos still open");
      const lazy = Object.entries(files).flatMap(([path, content]) =>
        findPlaceholders(content, path).map((p) => `${path}:${p.line} ${p.text}`),
      );
      expect(lazy).toEqual([]);
    },
  );

  it(
    "crm-type-error-repair: TS2339 found by the check, repair round 1 fixes it, deployed",
    { timeout: 240_000 },
    async () => {
      const { token, project } = await setup("crm-type-error-repair");
      const events = await chat(token, project.id, APP_DESCRIPTIONS.crm);
      const diagnostics = events.filter((e) => e.type === "diagnostics");
      expect(diagnostics[0]!.diagnostics).toEqual([
        expect.objectContaining({
          file: "src/pages/PipelinePage.tsx",
          code: "TS2339",
          severity: "error",
          message: expect.stringContaining("'value'"),
        }),
      ]);
      expect(events.filter((e) => e.type === "repair")).toEqual([expect.objectContaining({ round: 1, errors: 1 })]);
      expect(phases(events)).toEqual([
        "plan:start",
        "plan:end",
        "scaffold:start",
        "scaffold:end",
        "write:start",
        "write:end",
        "check:start",
        "check:failed",
        "repair:start",
        "repair:end",
        "check:start",
        "check:end",
        "deploy:start",
        "deploy:end",
      ]);
      const done = deployed(events);
      expectMetrics(done.metrics, "crm-type-error-repair", 1);
      expect(done.metrics.phases.repair).toMatchObject(pick(expectedTokens("crm-type-error-repair", [2], "repair")));
      expectMetrics((await version(token, project.id, done.versionId)).metrics, "crm-type-error-repair", 1);
      const files = await readAllFiles(env.DB, env.CODE, project.id);
      expect(files["src/pages/PipelinePage.tsx"]).toContain("sum + deal.amount");
    },
  );

  it(
    "todo-runtime-error: builds, but the smoke run catches the 500; repaired and deployed",
    { timeout: 240_000 },
    async () => {
      const { token, project } = await setup("todo-runtime-error");
      const events = await chat(token, project.id, APP_DESCRIPTIONS.todo);
      const first = events.find((e) => e.type === "diagnostics")!.diagnostics;
      expect(first).toEqual([
        expect.objectContaining({
          file: "worker/todos.ts",
          code: "SMOKE",
          source: "runtime",
          severity: "error",
          message: expect.stringMatching(
            /^GET \/api\/todos answered 500: .*SyntaxError: "undefined" is not valid JSON/,
          ),
        }),
      ]);
      expect(events.filter((e) => e.type === "repair")).toEqual([expect.objectContaining({ round: 1, errors: 1 })]);
      const done = deployed(events);
      expectMetrics(done.metrics, "todo-runtime-error", 1);
      const base = done.previewUrl as string;
      const user = await appUser(base);
      const list = await visit(`${base}api/todos`, { headers: { authorization: `Bearer ${user}` } });
      expect(list.status, list.text).toBe(200);
    },
  );

  it(
    "crm-never-fixes: three repair rounds, then build_failed; no new version, the previous one still serves",
    { timeout: 300_000 },
    async () => {
      const { token, project } = await setup("crm-never-fixes");
      // A version from before (the template as it is, built by the build API).
      const before = await call("POST", `/api/projects/${project.id}/build`, { token, body: {} });
      expect(before.status, before.text).toBe(200);
      const versionsBefore = (await call("GET", `/api/projects/${project.id}/versions`, { token })).json.versions;
      const filesBefore = await readAllFiles(env.DB, env.CODE, project.id);

      const events = await chat(token, project.id, APP_DESCRIPTIONS.crm);
      expect(events.filter((e) => e.type === "repair").map((e) => e.round)).toEqual([1, 2, 3]);
      // Every repair applied, and each changed the errors without removing them.
      expect(texts(events)).not.toMatch(/did not apply/);
      const codes = events
        .filter((e) => e.type === "diagnostics")
        .map((e) => e.diagnostics.filter((d: any) => d.severity === "error").map((d: any) => d.code));
      expect(
        codes,
        JSON.stringify(
          events.filter((e) => e.type === "diagnostics" || e.type === "file"),
          null,
          1,
        ),
      ).toEqual([["TS2339"], ["TS18048"], ["TS2769", "TS2345"], ["TS2769", "TS2345"]]);
      // Each check that finds problems reads as failed, with the first problem as its detail.
      expect(phases(events).filter((p) => p === "check:failed")).toHaveLength(4);
      expect(events.find((e) => e.type === "phase" && e.phase === "check" && e.status === "failed")!.detail).toMatch(
        /^1 problem\(s\); first: src\/pages\/\w+\.tsx:\d+ /,
      );
      expect(phases(events)).not.toContain("deploy:start");
      const last = events.at(-1)!;
      expect(last).toMatchObject({
        type: "error",
        code: "build_failed",
        message: expect.stringContaining("after 3 repair round(s)"),
      });
      expect(last.diagnostics.length).toBeGreaterThan(0);

      const versionsAfter = (await call("GET", `/api/projects/${project.id}/versions`, { token })).json.versions;
      expect(versionsAfter.map((v: any) => v.versionId)).toEqual(versionsBefore.map((v: any) => v.versionId));
      expect(await readAllFiles(env.DB, env.CODE, project.id)).toEqual(filesBefore);
      const page = await visit(before.json.previewUrl);
      expect(page.status).toBe(200);
      expect(page.text).toMatch(/<html/i);
      const history = await call("GET", `/api/chat/${project.id}/history`, { token });
      expect(history.json.runs[0]).toMatchObject({ status: "failed" });
    },
  );

  it(
    "a plan change after the model's write: the new scaffold is merged in, the model's code kept",
    { timeout: 240_000 },
    async () => {
      const { token, project } = await setup("todo-clean");
      deployed(await chat(token, project.id, APP_DESCRIPTIONS.todo));
      // The next message's model answers the write phase with a note only.
      const followUp = {
        name: "todo-priority-note",
        description: "after a plan change, nothing left to write",
        app: "todo",
        model: "@cf/zai-org/glm-4.7-flash",
        turns: [
          {
            phase: "write",
            text: "Priority is now on the todo form and saved by the API; the list and the filters keep working as before.",
            usage: { inputTokens: 9800, outputTokens: 31 },
          },
        ],
      };
      expect(
        (await call("PUT", "/api/settings/ai", { token, body: { provider: "replay", transcript: followUp } })).status,
      ).toBe(200);
      const events = await chat(token, project.id, "add a priority field to todos");
      const done = deployed(events);
      expect(events.find((e) => e.type === "plan")!.plan.dataModel.tables[0].columns.map((c: any) => c.name)).toContain(
        "priority",
      );
      const files = await readAllFiles(env.DB, env.CODE, project.id);
      // The model's work from the first message is still there …
      expect(files["worker/todos.ts"]).toContain('todos.patch("/:id/done"');
      expect(files["worker/todos.ts"]).toContain("AND (? = '' OR done = ?)");
      expect(files["src/pages/TodosPage.tsx"]).toContain("aria-pressed={filter === f.value}");
      // … and the scaffold's change for the new column is in it: a migration, the router, the form.
      expect(Object.keys(files).filter((p) => p.startsWith("migrations/"))).toHaveLength(3);
      expect(files["worker/todos.ts"]).toMatch(/priority: v\./);
      expect(files["src/pages/TodoFormPage.tsx"]).toContain("priority");
      const base = done.previewUrl as string;
      const user = await appUser(base);
      const auth = { "content-type": "application/json", authorization: `Bearer ${user}` };
      const priority = events
        .find((e) => e.type === "plan")!
        .plan.dataModel.tables[0].columns.find((c: any) => c.name === "priority");
      const value = priority.options?.[0] ?? 2;
      const made = await visit(`${base}api/todos`, {
        method: "POST",
        headers: auth,
        body: JSON.stringify({ title: "Ship Kiln", priority: value }),
      });
      expect(made.status, made.text).toBe(201);
      expect(JSON.parse(made.text).priority).toBe(value);
    },
  );

  it("a missing import is fixed by the deterministic fixer before any model repair", { timeout: 180_000 }, async () => {
    const { token, project } = await setup("todo-clean");
    const t = transcript("todo-clean");
    const write = t.turns.find((turn) => turn.phase === "write")!;
    expect(write.text).toContain('import { useState } from "react";\n');
    write.text = write.text.replace('import { useState } from "react";\n', "");
    expect((await call("PUT", "/api/settings/ai", { token, body: { provider: "replay", transcript: t } })).status).toBe(
      200,
    );
    const events = await chat(token, project.id, APP_DESCRIPTIONS.todo);
    expect(events.find((e) => e.type === "diagnostics")!.diagnostics).toEqual(
      expect.arrayContaining([expect.objectContaining({ code: "TS2304", file: "src/pages/TodosPage.tsx" })]),
    );
    expect(texts(events)).toContain('Fixed without the model: src/pages/TodosPage.tsx: imported useState from "react"');
    expect(events.filter((e) => e.type === "repair")).toEqual([]);
    const done = deployed(events);
    expect(done.metrics.repairRounds).toBe(0);
    expect((await readAllFiles(env.DB, env.CODE, project.id))["src/pages/TodosPage.tsx"]).toContain(
      'import { useState } from "react";',
    );
  });

  it("crm-clean: the CRM with its pipeline page, deployed", { timeout: 180_000 }, async () => {
    const { token, project } = await setup("crm-clean");
    const events = await chat(token, project.id, APP_DESCRIPTIONS.crm);
    const done = deployed(events);
    expectMetrics(done.metrics, "crm-clean", 0);
    const files = await readAllFiles(env.DB, env.CODE, project.id);
    expect(files["src/App.tsx"]).toContain('<Route path="pipeline" element={<PipelinePage />} />');
    expect(files["src/components/Layout.tsx"]).toContain('{ to: "/pipeline", label: "Pipeline" }');
  });
});

function pick(t: { inputTokens: number; outputTokens: number }) {
  return { inputTokens: t.inputTokens, outputTokens: t.outputTokens };
}
