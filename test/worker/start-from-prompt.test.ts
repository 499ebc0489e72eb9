// A project started from a description (POST /api/projects with `description`): the generation
// runs at once and its plan names the project and its slug — never a project named by hand, nor
// one with a version or a custom domain. And "Undo this change" (POST …/versions/:v/undo).
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { slugify } from "../../src/store/slug";
import { nameFromPlan } from "../../src/store/projects";
import { call, chat, parseSse, signUp, type ChatEvent as Event } from "./helpers";
import { visit } from "./hosting-helpers";

/** The run's events, from the start until it ends. */
async function follow(token: string, projectId: string, runId: string): Promise<Event[]> {
  const res = await call("GET", `/api/chat/${projectId}/runs/${runId}/events`, { token });
  expect(res.status, res.text).toBe(200);
  return parseSse(res.text);
}

describe("a project from a description", () => {
  it(
    "starts the generation at once and is named, with its slug, after the plan's title",
    { timeout: 180_000 },
    async () => {
      const { token } = await signUp();
      const created = await call("POST", "/api/projects", {
        token,
        body: { description: "a reading list of books with a rating" },
      });
      expect(created.status, created.text).toBe(201);
      expect(created.json.runId).toMatch(/^[0-9A-Z]{26}$/);
      const { project } = created.json;
      expect(project.name).toBe("A reading list of books with a rating");

      const events = await follow(token, project.id, created.json.runId);
      const done = events.at(-1)!;
      expect(done.type, JSON.stringify(done)).toBe("done");
      const title = events.find((e) => e.type === "plan")!.plan.title as string;
      const renamed = (await call("GET", `/api/projects/${project.id}`, { token })).json.project;
      expect(renamed.name).toBe(title);
      expect(renamed.slug).toBe(slugify(title));
      expect(renamed.slug).not.toBe(project.slug);
      // The version was made at the new host, which serves it; the old host serves nothing.
      expect(done.previewUrl).toContain(`//${renamed.slug}--`);
      expect((await visit(done.previewUrl)).status).toBe(200);
      expect(await env.KV.get(`host:${renamed.slug}`)).toBe(project.id);
      expect(await env.KV.get(`host:${project.slug}`)).toBeNull();
      // The conversation has the description as its first message.
      const history = await call("GET", `/api/chat/${project.id}/history`, { token });
      expect(history.json.messages[0]).toMatchObject({
        role: "user",
        content: "a reading list of books with a rating",
      });

      // Once it has a version, its slug never moves again.
      expect(await nameFromPlan(env.DB, project.id, "Something else")).toBeNull();
    },
  );

  it("keeps a name given by hand, with or without a description", { timeout: 180_000 }, async () => {
    const { token } = await signUp();
    const named = await call("POST", "/api/projects", {
      token,
      body: { name: "Shelf", description: "a reading list of books" },
    });
    expect(named.status, named.text).toBe(201);
    expect((await follow(token, named.json.project.id, named.json.runId)).at(-1)!.type).toBe("done");
    const after = (await call("GET", `/api/projects/${named.json.project.id}`, { token })).json.project;
    expect(after).toMatchObject({ name: "Shelf", slug: named.json.project.slug });

    // The old request shape: a name only, no run.
    const plain = await call("POST", "/api/projects", { token, body: { name: "Just a name" } });
    expect(plain.status).toBe(201);
    expect(plain.json.runId).toBeUndefined();
    expect((await call("GET", `/api/chat/${plain.json.project.id}/history`, { token })).json.runs).toEqual([]);
  });

  it(
    "plans first: the plan names the project; renamed by hand before approval, it keeps that name",
    { timeout: 180_000 },
    async () => {
      const { token } = await signUp();
      const created = await call("POST", "/api/projects", {
        token,
        body: { description: "a recipe site where I can save recipes", planFirst: true },
      });
      expect(created.status, created.text).toBe(201);
      const id = created.json.project.id;
      const events = await follow(token, id, created.json.runId);
      const plan = events.find((e) => e.type === "plan")!;
      expect(plan.awaitingApproval).toBe(true);
      const proposed = (await call("GET", `/api/projects/${id}`, { token })).json.project;
      expect(proposed.name).toBe(plan.plan.title);

      expect((await call("PATCH", `/api/projects/${id}`, { token, body: { name: "Grandma's kitchen" } })).status).toBe(
        200,
      );
      const approved = await chat(token, id, "build it", { approve: {} });
      expect(approved.at(-1)!.type, JSON.stringify(approved.at(-1))).toBe("done");
      expect((await call("GET", `/api/projects/${id}`, { token })).json.project).toMatchObject({
        name: "Grandma's kitchen",
        slug: proposed.slug,
      });
    },
  );

  it("never renames a project with a custom domain", async () => {
    const { token, user } = await signUp();
    const created = await call("POST", "/api/projects", { token, body: { name: "x" } });
    const id = created.json.project.id;
    await env.DB.prepare("UPDATE projects SET name_from_plan = 1 WHERE id = ? AND user_id = ?").bind(id, user.id).run();
    const domain = await call("POST", `/api/projects/${id}/domains`, {
      token,
      body: { hostname: `shop-${id.slice(0, 8)}.example.org` },
    });
    expect(domain.status, domain.text).toBe(201);
    expect(await nameFromPlan(env.DB, id, "Other")).toBeNull();
    await call("DELETE", `/api/projects/${id}/domains/shop-${id.slice(0, 8)}.example.org`, { token });
    expect((await nameFromPlan(env.DB, id, "Other"))?.slug).toMatch(/^other/);
  });

  it("refuses requests that name nothing to build, saying what to send", async () => {
    const { token } = await signUp();
    for (const body of [{}, { description: "  " }, { name: "x", planFirst: true }, { description: 5 }]) {
      const res = await call("POST", "/api/projects", { token, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.json.error.message, JSON.stringify(body)).toMatch(/name|description|planFirst/);
    }
  });
});

describe("undo this change", () => {
  it(
    "restores the version before a change as a new version, says so in the chat, and can be redone",
    { timeout: 180_000 },
    async () => {
      const { token } = await signUp();
      const { project } = (await call("POST", "/api/projects", { token, body: { name: "Todos" } })).json;
      const first = (await chat(token, project.id, "a todo list with due dates")).at(-1)!;
      const second = (await chat(token, project.id, "add a priority field to todos")).at(-1)!;
      expect([first.type, second.type]).toEqual(["done", "done"]);

      const undo = await call("POST", `/api/projects/${project.id}/versions/${second.versionId}/undo`, { token });
      expect(undo.status, undo.text).toBe(201);
      expect(undo.json).toMatchObject({ undone: second.versionId, rolledBackTo: first.versionId });
      expect(undo.json.message).toMatch(/add a priority field to todos/);
      // The undo is a version with the first version's files.
      const diff = await call(
        "GET",
        `/api/projects/${project.id}/versions/${first.versionId}/diff/${undo.json.versionId}?mode=files`,
        {
          token,
        },
      );
      expect(diff.json.files).toEqual([]);
      const history = await call("GET", `/api/chat/${project.id}/history`, { token });
      expect(history.json.messages.at(-1)).toMatchObject({ role: "assistant", content: undo.json.message });
      // Nothing lost: the change itself is still a version, and undoing the undo brings it back.
      const redo = await call("POST", `/api/projects/${project.id}/versions/${undo.json.versionId}/undo`, { token });
      expect(redo.status, redo.text).toBe(201);
      expect(redo.json.rolledBackTo).toBe(second.versionId);
      expect(redo.json.message).toMatch(new RegExp(`^Undid the restore of version ${first.versionId}`));

      const nothing = await call("POST", `/api/projects/${project.id}/versions/${first.versionId}/undo`, { token });
      expect(nothing.status).toBe(409);
      expect(nothing.json.error).toMatchObject({ code: "nothing_to_undo" });
      expect((await call("POST", `/api/projects/${project.id}/versions/01NOPE/undo`, { token })).status).toBe(404);
      const stranger = await signUp();
      expect(
        (await call("POST", `/api/projects/${project.id}/versions/${second.versionId}/undo`, { token: stranger.token }))
          .status,
      ).toBe(404);
    },
  );
});
