import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { slugify } from "../../src/store/slug";
import { call, signUp } from "./helpers";

describe("projects", () => {
  it("creates, lists newest first, gets, renames and deletes", async () => {
    const { token } = await signUp();
    const a = await call("POST", "/api/projects", { token, body: { name: "  Team Expenses " } });
    expect(a.status).toBe(201);
    expect(a.json.project).toMatchObject({
      name: "Team Expenses",
      slug: "team-expenses",
      status: "draft",
      deployedUrl: null,
    });
    const b = await call("POST", "/api/projects", { token, body: { name: "Recipe book" } });

    const list = await call("GET", "/api/projects", { token });
    expect(list.json.projects.map((p: { id: string }) => p.id)).toEqual([b.json.project.id, a.json.project.id]);

    const got = await call("GET", `/api/projects/${a.json.project.id}`, { token });
    expect(got.json.project).toEqual(a.json.project);

    const renamed = await call("PATCH", `/api/projects/${a.json.project.id}`, {
      token,
      body: { name: "Family expenses" },
    });
    expect(renamed.status).toBe(200);
    expect(renamed.json.project).toMatchObject({ name: "Family expenses", slug: "team-expenses" });

    const del = await call("DELETE", `/api/projects/${a.json.project.id}`, { token });
    expect(del.status).toBe(204);
    expect((await call("GET", `/api/projects/${a.json.project.id}`, { token })).status).toBe(404);
    expect((await call("GET", "/api/projects", { token })).json.projects).toHaveLength(1);
  });

  it("gives every project a unique slug, even with the same name across users", async () => {
    const u1 = await signUp();
    const u2 = await signUp();
    const slugs = [];
    for (const token of [u1.token, u2.token, u1.token]) {
      slugs.push((await call("POST", "/api/projects", { token, body: { name: "Habit Tracker!" } })).json.project.slug);
    }
    expect(slugs).toEqual(["habit-tracker", "habit-tracker-2", "habit-tracker-3"]);
  });

  it("derives DNS-safe slugs and avoids reserved names", () => {
    expect(slugify("Crème brûlée — recipes")).toBe("creme-brulee-recipes");
    expect(slugify("API")).toBe("api-app");
    expect(slugify("🔥🔥")).toBe("app");
    expect(slugify("a".repeat(80))).toHaveLength(40);
  });

  it("answers 404, never 403, for another user's project, and leaves it untouched", async () => {
    const owner = await signUp();
    const other = await signUp();
    const { project } = (await call("POST", "/api/projects", { token: owner.token, body: { name: "Private" } })).json;
    for (const [method, body] of [["GET"], ["PATCH", { name: "Mine now" }], ["DELETE"]] as const) {
      const res = await call(method, `/api/projects/${project.id}`, { token: other.token, body });
      expect(res.status, method).toBe(404);
      expect(res.json.error.code).toBe("not_found");
    }
    const still = await call("GET", `/api/projects/${project.id}`, { token: owner.token });
    expect(still.json.project.name).toBe("Private");
    expect((await call("GET", "/api/projects", { token: other.token })).json.projects).toEqual([]);
  });

  it("requires a session", async () => {
    const res = await call("GET", "/api/projects");
    expect(res.status).toBe(401);
    expect(res.json.error.message).toMatch(/Log in first/);
  });

  it("deletes the project's chat messages with it", async () => {
    const { token } = await signUp();
    const { project } = (await call("POST", "/api/projects", { token, body: { name: "Chatty" } })).json;
    await env.DB.prepare("INSERT INTO chat_messages (id, project_id, role, content) VALUES (?, ?, 'user', 'hello')")
      .bind(crypto.randomUUID(), project.id)
      .run();
    await call("DELETE", `/api/projects/${project.id}`, { token });
    const left = await env.DB.prepare("SELECT COUNT(*) AS n FROM chat_messages WHERE project_id = ?")
      .bind(project.id)
      .first("n");
    expect(left).toBe(0);
  });
});
