import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
// @ts-expect-error -- plain JavaScript shared with the CLI
import { deployApp } from "../../cli/deploy-client.mjs";
import { requestApp, startKiln, type RunningKiln } from "./kiln-server";

/**
 * Apps that ran inside the platform's own process (Kiln before the sandbox, or KILN_SANDBOX=off)
 * keep their data when Kiln next starts with the sandbox: their databases move into it.
 */
const notesWorker = `export default { async fetch(request, env) {
  if (request.method === "POST") await env.DB.prepare("INSERT INTO notes (body) VALUES (?)").bind(await request.text()).run();
  return Response.json((await env.DB.prepare("SELECT body FROM notes ORDER BY id").all()).results);
} };`;

const state = mkdtempSync(join(tmpdir(), "kiln-upgrade-"));
let kiln: RunningKiln | undefined;
afterAll(async () => {
  await kiln?.stop();
  rmSync(state, { recursive: true, force: true });
});

describe("moving to the sandbox", () => {
  it("an app's data written in-process is there when the same state starts with the sandbox", async () => {
    kiln = await startKiln({ KILN_SANDBOX: "off" }, { stateDir: state });
    const post = async (path: string, body: unknown, authorization?: string) =>
      (
        await fetch(`${kiln!.url}${path}`, {
          method: "POST",
          headers: { "content-type": "application/json", ...(authorization ? { authorization } : {}) },
          body: JSON.stringify(body),
        })
      ).json();
    const session = await post("/api/auth/register", { email: "upgrade@example.com", password: "upgrade password" });
    const apiToken = (await post("/api/tokens", { name: "upgrade" }, `Bearer ${session.token}`)).token;
    const project = (await post("/__api/projects", { name: "Kept notes" }, apiToken)).project;
    await deployApp({ baseUrl: kiln.url, token: apiToken, fetch }, project.id, {
      assets: {},
      serverCode: { entrypoint: "index.js", modules: { "index.js": new TextEncoder().encode(notesWorker) } },
      run_worker_first: true,
      migrations: [{ name: "0001_init.sql", sql: "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);" }],
    });
    const host = (k: RunningKiln) => `${project.slug}.localhost:${k.port}`;
    expect(
      (await requestApp(kiln.port, host(kiln), "/", { method: "POST", body: "written before the sandbox" })).status,
    ).toBe(200);
    await kiln.stop();

    kiln = await startKiln({}, { stateDir: state });
    const notes = await requestApp(kiln.port, host(kiln), "/");
    expect(JSON.parse(notes.body)).toEqual([{ body: "written before the sandbox" }]);
    expect((await requestApp(kiln.port, host(kiln), "/", { method: "POST", body: "and after" })).status).toBe(200);
    expect(kiln.output()).toContain(`moved a database of app ${project.id} into its sandbox`);
    // Moved, not copied: the in-process copy is gone, so nothing can fork.
    const legacy = join(state, "v3", "do", "kiln-AppDatabase");
    expect(
      existsSync(legacy)
        ? readdirSync(legacy).filter((f) => f !== "metadata.sqlite" && !f.startsWith("metadata.sqlite"))
        : [],
    ).toEqual([]);
  }, 180_000);
});
