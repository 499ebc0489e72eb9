import { afterAll, beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error -- plain JavaScript shared with the CLI
import { deployApp } from "../../cli/deploy-client.mjs";
import { getFromApp, startKiln, type RunningKiln } from "./kiln-server";

/**
 * The platform talks to the app sandbox over pooled loopback connections. A response it left
 * unread (the answer to deleting a project's databases, a stopped request's body) used to make
 * workerd drop a connection with the next request already on it: the next build's SQL check
 * failed with "Network connection lost", or another app's request got the 503 page.
 */

const notesWorker = `export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname === "/api/spin") { for (;;) {} }
    if (request.method === "POST") await env.DB.prepare("INSERT INTO notes (body) VALUES (?)").bind(await request.text()).run();
    return Response.json((await env.DB.prepare("SELECT body FROM notes").all()).results);
  },
};`;

let kiln: RunningKiln;
let session: string;
let apiToken: string;
const enc = (s: string) => new TextEncoder().encode(s);

async function call(method: string, path: string, body?: unknown, authorization = `Bearer ${session}`) {
  const res = await fetch(`${kiln.url}${path}`, {
    method,
    headers: { "content-type": "application/json", authorization },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: await res.json().catch(() => null) };
}

async function deployNotes(name: string) {
  const project = (await call("POST", "/__api/projects", { name }, apiToken)).json.project;
  await deployApp({ baseUrl: kiln.url, token: apiToken, fetch }, project.id, {
    assets: { "/index.html": enc(`<html><body>${name}</body></html>`) },
    serverCode: { entrypoint: "index.js", modules: { "index.js": enc(notesWorker) } },
    run_worker_first: ["/api/*"],
    migrations: [{ name: "0001_notes.sql", sql: "CREATE TABLE notes (body TEXT NOT NULL);" }],
  });
  return { id: project.id as string, host: `${project.slug}.localhost:${kiln.port}` };
}

beforeAll(async () => {
  kiln = await startKiln({ APP_CPU_MS: "300" });
  session = (await call("POST", "/api/auth/register", { email: "pool@example.com", password: "a good long password" }))
    .json.token;
  apiToken = (await call("POST", "/api/tokens", { name: "pool" })).json.token;
}, 120_000);
afterAll(() => kiln?.stop());

describe("the platform's connections to the app sandbox", () => {
  it("stay usable after a project is deleted: the next generation's SQL check goes through", async () => {
    for (const description of ["a todo app with due dates", "a recipe book with ingredients", "a reading log"]) {
      const project = (await call("POST", "/api/projects", { name: description })).json.project;
      const res = await fetch(`${kiln.url}/api/chat`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${session}` },
        body: JSON.stringify({ projectId: project.id, message: description }),
      });
      const stream = await res.text();
      expect(stream, description).not.toContain("Network connection lost");
      expect(stream, description).toMatch(/"phase":"deploy","status":"end"/);
      // Deleting ends the app's process and databases; the next generation's check runs right after.
      expect((await call("DELETE", `/api/projects/${project.id}`)).status).toBe(204);
    }
  }, 240_000);

  it("stay usable after stopped requests: the app's next request is answered", async () => {
    const app = await deployNotes("Spinner");
    const versionId = (await call("GET", `/api/projects/${app.id}/versions`)).json.versions[0].versionId;
    expect((await call("POST", `/api/projects/${app.id}/publish`, { versionId })).status).toBe(200);
    for (let i = 0; i < 3; i++) {
      const stopped = await getFromApp(kiln.port, app.host, "/api/spin");
      expect(stopped.status).toBe(503);
      const next = await getFromApp(kiln.port, app.host, "/api/notes");
      expect([next.status, next.body], `after stop ${i}`).toEqual([200, "[]"]);
    }
  }, 120_000);
});
