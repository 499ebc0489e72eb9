import { env, exports } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { call, chat, parseSse, signUp, type ChatEvent as Event } from "./helpers";
import { visit } from "./hosting-helpers";
import { projectAgent } from "../../src/agent/project-agent";
import type { Env } from "../../src/env";
import { findProject } from "../../src/store/projects";

describe("chat → generation, offline", () => {
  it("plans, scaffolds, checks and deploys a todo app from a description, streaming each phase", async () => {
    const { token } = await signUp();
    const { project } = (await call("POST", "/api/projects", { token, body: { name: "Todos" } })).json;
    const events = await chat(token, project.id, "a todo list with due dates");
    const phases = events.filter((e) => e.type === "phase").map((e) => `${e.phase}:${e.status}`);
    expect(phases).toEqual([
      "plan:start",
      "plan:end",
      "scaffold:start",
      "scaffold:end",
      "write:skipped",
      "check:start",
      "check:end",
      "deploy:start",
      "deploy:end",
    ]);
    expect(events.find((e) => e.type === "plan")!.plan.dataModel.tables.map((t: any) => t.name)).toContain("todos");
    const done = events.at(-1)!;
    expect(done).toMatchObject({
      type: "done",
      versionId: expect.any(String),
      previewUrl: expect.stringContaining(`${project.slug}--`),
    });
    expect(done.reply).toMatch(/No AI model is connected/);
    expect(done.metrics).toMatchObject({ model: null, repairRounds: 0, buildMs: expect.any(Number) });
    expect(events.filter((e) => e.type === "file").map((e) => e.path)).toContain("worker/todos.ts");

    // The app works: an app user registers and keeps todos of their own.
    const base = done.previewUrl as string;
    const reg = JSON.parse(
      (
        await visit(`${base}api/auth/register`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ email: "a@example.com", password: "app password" }),
        })
      ).text,
    );
    const created = await visit(`${base}api/todos`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${reg.token}` },
      body: JSON.stringify({ title: "Ship Kiln", due_date: "2026-12-01" }),
    });
    expect(created.status, created.text).toBe(201);
    const list = JSON.parse(
      (await visit(`${base}api/todos`, { headers: { authorization: `Bearer ${reg.token}` } })).text,
    );
    expect(JSON.stringify(list)).toContain("Ship Kiln");

    const history = await call("GET", `/api/chat/${project.id}/history`, { token });
    expect(history.json.messages.map((m: any) => m.role)).toEqual(["user", "assistant"]);
    expect(history.json.runs[0]).toMatchObject({ status: "done", versionId: done.versionId });
    expect(history.json.runs[0].events).toBeUndefined();
    // With events, a past run can be redrawn exactly as it streamed.
    const full = await call("GET", `/api/chat/${project.id}/history?events=1`, { token });
    expect(full.json.runs[0].events.map((e: Event) => e.seq)).toEqual(events.map((e) => e.seq));
    expect(
      full.json.runs[0].events
        .filter((e: Event) => e.type === "phase" && e.status === "end")
        .map((e: Event) => e.phase),
    ).toEqual(["plan", "scaffold", "check", "deploy"]);
    const version = await call("GET", `/api/projects/${project.id}/versions/${done.versionId}`, { token });
    expect(version.json.version).toMatchObject({
      source: "generation",
      prompt: "a todo list with due dates",
      metrics: { phases: { plan: { ms: expect.any(Number) } } },
    });
  });

  it("makes plain edits offline with a new migration, and says plainly when a model is needed", async () => {
    const { token } = await signUp();
    const { project } = (await call("POST", "/api/projects", { token, body: { name: "Todos 2" } })).json;
    await chat(token, project.id, "a todo list with due dates");
    const edit = await chat(token, project.id, "add a priority field to todos");
    const done = edit.at(-1)!;
    expect(done.type, JSON.stringify(done)).toBe("done");
    const files = (await call("GET", `/api/projects/${project.id}/files`, { token })).json.files.map(
      (f: any) => f.path,
    );
    const migrations = files.filter((p: string) => p.startsWith("migrations/"));
    expect(migrations.length).toBe(3);
    const latest = (await call("GET", `/api/projects/${project.id}/files/${migrations.at(-1)}`, { token })).json
      .content;
    expect(latest).toMatch(/ALTER TABLE todos ADD COLUMN priority/);

    const vague = await chat(token, project.id, "make the dashboard show a chart of completed todos per week");
    const last = vague.at(-1)!;
    expect(last).toMatchObject({ type: "done", versionId: null });
    expect(last.reply).toMatch(/No AI model is connected/);
  });

  it("asks before a change that deletes data, and makes it on a yes", async () => {
    const { token } = await signUp();
    const { project } = (await call("POST", "/api/projects", { token, body: { name: "Confirm" } })).json;
    await chat(token, project.id, "a todo list with due dates");
    const asked = await chat(token, project.id, "remove the notes field from todos");
    expect(asked.find((e) => e.type === "needs_confirmation")!.changes[0]).toMatchObject({
      table: "todos",
      column: "notes",
    });
    expect(asked.at(-1)).toMatchObject({ type: "done", versionId: null });
    expect(asked.at(-1)!.reply).toMatch(/Reply "yes"/);
    const yes = await chat(token, project.id, "yes");
    const done = yes.at(-1)!;
    expect(done.type, JSON.stringify(done)).toBe("done");
    expect(done.versionId).toBeTruthy();
    expect(yes.find((e) => e.type === "phase" && e.phase === "plan")).toMatchObject({
      status: "skipped",
      detail: "Confirmed the change you were asked about.",
    });
    const paths = (await call("GET", `/api/projects/${project.id}/files`, { token })).json.files.map(
      (f: any) => f.path,
    ) as string[];
    const last = (
      await call(
        "GET",
        `/api/projects/${project.id}/files/${paths.filter((p) => p.startsWith("migrations/")).at(-1)}`,
        { token },
      )
    ).json.content as string;
    expect(last).toMatch(/notes/);
    expect(last).toMatch(/DROP COLUMN notes|DROP TABLE/);
  });

  it("keeps code changed by hand through an offline plan change; a hand edit that breaks the build is named, and the last version keeps serving", async () => {
    const { token } = await signUp();
    const { project } = (await call("POST", "/api/projects", { token, body: { name: "Hand edits" } })).json;
    const first = (await chat(token, project.id, "a todo list with due dates")).at(-1)!;
    const appFile = `/api/projects/${project.id}/files/src/App.tsx`;
    const original = (await call("GET", appFile, { token })).json.content as string;
    expect((await call("PUT", appFile, { token, body: { content: `// Tuned by hand\n${original}` } })).status).toBe(
      200,
    );

    const edit = (await chat(token, project.id, "add a priority field to todos")).at(-1)!;
    expect(edit.type, JSON.stringify(edit)).toBe("done");
    expect((await call("GET", appFile, { token })).json.content).toMatch(/^\/\/ Tuned by hand/);

    await call("PUT", appFile, { token, body: { content: `${original}\nconst broken = ;\n` } });
    const failed = await chat(token, project.id, "add a location field to todos");
    const error = failed.at(-1)!;
    expect(error).toMatchObject({ type: "error", code: "build_failed" });
    expect(error.message).toMatch(/src\/App\.tsx was changed by hand/);
    expect(error.diagnostics[0].file).toBe("src/App.tsx");
    // Nothing was deployed: the newest version is still the edit, and it serves.
    const versions = (await call("GET", `/api/projects/${project.id}/versions`, { token })).json.versions;
    expect(versions[0].versionId).toBe(edit.versionId);
    expect((await visit(edit.previewUrl)).status).toBe(200);
    expect(first.versionId).not.toBe(edit.versionId);
  });

  it("reconnects to a run's stream from where it left off", async () => {
    const { token } = await signUp();
    const { project } = (await call("POST", "/api/projects", { token, body: { name: "Notes" } })).json;
    const events = await chat(token, project.id, "notes with tags");
    const runId = events[0]!.runId;
    const res = await exports.default.fetch(
      new Request(`http://localhost:8787/api/chat/${project.id}/runs/${runId}/events?after=3`, {
        headers: { authorization: `Bearer ${token}` },
      }),
    );
    const replay = parseSse(await res.text());
    expect(replay.map((e) => e.seq)).toEqual(events.filter((e) => e.seq > 3).map((e) => e.seq));
    void env;
  });

  it("a message sent while a fresh instance is still looking for interrupted work is not taken for it", async () => {
    // The workspace asks for the project's runs as it opens and the user sends at once: both reach
    // a new instance of the project's agent together, the first starting its recovery.
    const { token, user } = await signUp();
    const { project } = (await call("POST", "/api/projects", { token, body: { name: "Opened" } })).json;
    const row = (await findProject(env.DB, project.id))!;
    // The agent's D1 answers its recovery 300 ms late (as on a loaded machine), keeping the first caller waiting.
    const namespace = env.PROJECT_AGENT as DurableObjectNamespace;
    const stub: DurableObjectStub = namespace.get(namespace.idFromName(project.id));
    await runInDurableObject(stub, (agentInstance) => {
      const instance = agentInstance as unknown as { env: Env };
      const db = instance.env.DB;
      const slow = Object.create(db, {
        prepare: {
          value: (query: string) => {
            const statement = db.prepare(query);
            if (!/^UPDATE project_versions/.test(query)) return statement;
            const bound = (...values: unknown[]) => {
              const inner = statement.bind(...values);
              return Object.create(inner, {
                run: { value: () => new Promise((r) => setTimeout(r, 300)).then(() => inner.run()) },
              });
            };
            return Object.create(statement, { bind: { value: bound } });
          },
        },
      });
      instance.env = { ...instance.env, DB: slow };
    });
    const agent = await projectAgent(env, project.id);
    const opened = agent.runs();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const { runId } = await agent.chat(row, {
      userId: user.id,
      message: "notes with tags",
      origin: "http://localhost:8787",
    });
    await opened;
    await agent.outcome(runId);
    const events = (await agent.events(runId)).map((e) => e.event);
    expect(events.filter((e) => e.type === "error")).toEqual([]);
    expect(events.at(-1)).toMatchObject({ type: "done" });
  });
});

describe("plan first", () => {
  const versionsOf = async (token: string, projectId: string) =>
    (await call("GET", `/api/projects/${projectId}/versions`, { token })).json.versions as any[];
  const columnsOf = (plan: any, table: string) =>
    plan.dataModel.tables.find((t: any) => t.name === table).columns.map((c: any) => c.name);

  it("shows the plan and waits; a reply revises it; approving an edited plan builds exactly that", async () => {
    const { token } = await signUp();
    const { project } = (await call("POST", "/api/projects", { token, body: { name: "Planned" } })).json;

    const first = await chat(token, project.id, "a todo list with due dates", { planFirst: true });
    const proposed = first.find((e) => e.type === "plan")!;
    expect(proposed.awaitingApproval).toBe(true);
    expect(first.some((e) => e.type === "phase" && e.phase === "scaffold")).toBe(false);
    expect(first.at(-1)).toMatchObject({ type: "done", versionId: null });
    expect(first.at(-1)!.reply).toMatch(/Approve it to build/);
    expect(await versionsOf(token, project.id)).toHaveLength(0);

    // Answering the plan with a change gives a revised plan, still unbuilt.
    const revisedEvents = await chat(token, project.id, "add a location field to todos", { planFirst: true });
    const revised = revisedEvents.find((e) => e.type === "plan")!;
    expect(revised, JSON.stringify(revisedEvents)).toBeDefined();
    expect(revised.awaitingApproval).toBe(true);
    expect(columnsOf(revised.plan, "todos")).toContain("location");
    expect(await versionsOf(token, project.id)).toHaveLength(0);

    // The person edits the plan by hand (a priority, a phone, an effort from 1 to 5), then approves it.
    const edited = structuredClone(revised.plan);
    edited.dataModel.tables[0].columns.push({
      name: "priority",
      label: "Priority",
      kind: "enum",
      options: ["low", "high"],
      required: false,
    });
    edited.dataModel.tables[0].columns.push({
      name: "contact_phone",
      label: "Contact phone",
      kind: "phone",
      required: false,
    });
    edited.dataModel.tables[0].columns.push({
      name: "effort",
      label: "Effort",
      kind: "integer",
      min: 1,
      max: 5,
      required: true,
    });
    edited.dataModel.tables.push({
      name: "shelves",
      label: "Shelves",
      columns: [{ name: "name", label: "Name", kind: "text", required: true }],
    });
    const built = await chat(token, project.id, "Build this plan", { approve: { plan: edited } });
    const done = built.at(-1)!;
    expect(done.type, JSON.stringify(done)).toBe("done");
    expect(built.find((e) => e.type === "phase" && e.phase === "plan")).toMatchObject({
      status: "skipped",
      detail: "You edited and approved the plan.",
    });
    const versions = await versionsOf(token, project.id);
    expect(versions).toHaveLength(1);
    expect(versions[0].prompt).toBe("a todo list with due dates\nadd a location field to todos");
    const paths = (await call("GET", `/api/projects/${project.id}/files`, { token })).json.files.map(
      (f: any) => f.path,
    ) as string[];
    const app = paths.filter((p) => p.startsWith("migrations/")).at(-1)!;
    const migration = (await call("GET", `/api/projects/${project.id}/files/${app}`, { token })).json.content as string;
    expect(migration).toMatch(/location/);
    expect(migration).toMatch(/priority/);
    expect(migration).toMatch(/CREATE TABLE IF NOT EXISTS shelves/);
    expect(migration).toMatch(/effort\s+INTEGER NOT NULL DEFAULT 1/);
    const router = (await call("GET", `/api/projects/${project.id}/files/worker/todos.ts`, { token })).json
      .content as string;
    expect(router).toContain(`effort: v.integer("effort", { min: 1, max: 5 }),`);
    expect(router).toMatch(/contact_phone: v\.optionalPhone\("contact_phone"/);

    // Nothing is waiting any more.
    const again = await chat(token, project.id, "Build this plan", { approve: {} });
    expect(again.at(-1)).toMatchObject({ type: "error", code: "nothing_to_approve" });
  });

  it("asks before changing an existing app's data model; a plan that cannot be built is refused with the reason", async () => {
    const { token } = await signUp();
    const { project } = (await call("POST", "/api/projects", { token, body: { name: "Planned change" } })).json;
    await chat(token, project.id, "a todo list with due dates");
    const proposal = await chat(token, project.id, "add a priority field to todos", { planFirst: true });
    expect(proposal.find((e) => e.type === "plan")!.awaitingApproval).toBe(true);
    expect(await versionsOf(token, project.id)).toHaveLength(1);

    const bad = await call("POST", "/api/chat", {
      token,
      body: {
        projectId: project.id,
        message: "Build this plan",
        approve: {
          plan: {
            appName: "x",
            dataModel: {
              tables: [{ name: "todos", columns: [{ name: "due", kind: "reference", references: "nowhere" }] }],
            },
          },
        },
      },
    });
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe("invalid_plan");
    expect(bad.json.error.message).toMatch(/nowhere/);
    const backwards = await call("POST", "/api/chat", {
      token,
      body: {
        projectId: project.id,
        message: "Build this plan",
        approve: {
          plan: {
            appName: "x",
            dataModel: { tables: [{ name: "todos", columns: [{ name: "effort", kind: "integer", min: 5, max: 1 }] }] },
          },
        },
      },
    });
    expect(backwards.status).toBe(400);
    expect(backwards.json.error).toMatchObject({
      code: "invalid_plan",
      message: expect.stringMatching(/effort.*min \(5\) is more than max \(1\)/),
    });

    const approved = await chat(token, project.id, "Build this plan", { approve: {} });
    expect(approved.at(-1)!.type, JSON.stringify(approved.at(-1))).toBe("done");
    const versions = await versionsOf(token, project.id);
    expect(versions).toHaveLength(2);
    expect(versions[0].prompt).toBe("add a priority field to todos");
    const files = (await call("GET", `/api/projects/${project.id}/files`, { token })).json.files.map(
      (f: any) => f.path,
    );
    expect(files.filter((p: string) => p.startsWith("migrations/"))).toHaveLength(3);
  });
});

describe("stopping a generation", () => {
  const post = (token: string, projectId: string, message: string) =>
    exports.default.fetch(
      new Request("http://localhost:8787/api/chat", {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: JSON.stringify({ projectId, message }),
      }),
    );

  it("stops a running generation before it deploys, and a queued one before it starts; nothing changes", async () => {
    const { token } = await signUp();
    const { project } = (await call("POST", "/api/projects", { token, body: { name: "Stopped" } })).json;
    const filesBefore = (await call("GET", `/api/projects/${project.id}/files`, { token })).json.files;

    const running = await post(token, project.id, "a todo list with due dates");
    const queued = await post(token, project.id, "a recipe book");
    const runId = running.headers.get("x-kiln-run")!;
    const queuedId = queued.headers.get("x-kiln-run")!;
    expect((await call("POST", `/api/chat/${project.id}/runs/${queuedId}/cancel`, { token, body: {} })).json).toEqual({
      cancelled: true,
    });
    expect((await call("POST", `/api/chat/${project.id}/runs/${runId}/cancel`, { token, body: {} })).json).toEqual({
      cancelled: true,
    });

    const events = parseSse(await running.text());
    expect(events.at(-1)).toMatchObject({ type: "error", code: "cancelled" });
    expect(events.some((e) => e.type === "phase" && e.phase === "deploy" && e.status === "start")).toBe(false);
    expect(parseSse(await queued.text()).at(-1)).toMatchObject({
      type: "error",
      code: "cancelled",
      message: expect.stringContaining("before it started"),
    });

    expect((await call("GET", `/api/projects/${project.id}/versions`, { token })).json.versions).toHaveLength(0);
    expect((await call("GET", `/api/projects/${project.id}/files`, { token })).json.files).toEqual(filesBefore);
    const runs = (await call("GET", `/api/chat/${project.id}/history`, { token })).json.runs;
    expect(runs.map((r: any) => r.status)).toEqual(["cancelled", "cancelled"]);
    // A finished run cannot be stopped again.
    expect((await call("POST", `/api/chat/${project.id}/runs/${runId}/cancel`, { token, body: {} })).json).toEqual({
      cancelled: false,
    });
  });
});

describe("stopping while the app is checked", () => {
  it("a stop that arrives while the app is being checked ends the run before deploying", async () => {
    const { token } = await signUp();
    const { project } = (await call("POST", "/api/projects", { token, body: { name: "Stopped later" } })).json;
    const res = await exports.default.fetch(
      new Request("http://localhost:8787/api/chat", {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: JSON.stringify({ projectId: project.id, message: "a todo list with due dates" }),
      }),
    );
    const runId = res.headers.get("x-kiln-run")!;
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = "";
    let cancelledAt = -1;
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      text += value;
      if (cancelledAt < 0 && text.includes('"phase":"check","status":"start"')) {
        cancelledAt = text.length;
        const answer = await call("POST", `/api/chat/${project.id}/runs/${runId}/cancel`, { token, body: {} });
        expect(answer.json).toEqual({ cancelled: true });
      }
    }
    const events = parseSse(text);
    expect(cancelledAt).toBeGreaterThan(0);
    expect(events.at(-1)).toMatchObject({
      type: "error",
      code: "cancelled",
      message: expect.stringContaining("nothing was saved or deployed"),
    });
    expect(events.some((e) => e.type === "phase" && e.phase === "deploy")).toBe(false);
    expect((await call("GET", `/api/projects/${project.id}/versions`, { token })).json.versions).toHaveLength(0);
  });
});
