import { env } from "cloudflare:workers";
import { unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { call, signUp } from "./helpers";
import { deploy, visit } from "./hosting-helpers";

async function builderProject(name = "Versioned") {
  const user = await signUp();
  const project = (await call("POST", "/api/projects", { token: user.token, body: { name } })).json.project;
  const apiToken = (await call("POST", "/api/tokens", { token: user.token, body: { name: "t" } })).json.token as string;
  return { ...user, apiToken, project };
}

const notesWorker = (select: string) => `
export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (request.method === "POST") {
      await env.DB.prepare("INSERT INTO notes (body) VALUES (?)").bind(await request.text()).run();
      return new Response("ok", { status: 201 });
    }
    if (url.pathname === "/api/notes" || url.pathname === "/") return Response.json((await env.DB.prepare("${select}").all()).results);
    return new Response("not found", { status: 404 });
  }
};`;
const m1 = { name: "0001_init.sql", sql: "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL);" };
const m2 = { name: "0002_tag.sql", sql: "ALTER TABLE notes ADD COLUMN tag TEXT NOT NULL DEFAULT 'none';" };

describe("version history", () => {
  it("lists versions newest first with paging, and shows one", async () => {
    const p = await builderProject();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++)
      ids.push((await deploy(p.apiToken, p.project.id, { assets: { "/index.html": `v${i}` } })).versionId);
    const first = await call("GET", `/api/projects/${p.project.id}/versions?limit=2`, { token: p.token });
    expect(first.json.versions.map((v: any) => v.versionId)).toEqual([ids[2], ids[1]]);
    expect(first.json.versions[0]).toMatchObject({ status: "deployed", source: "deploy-api", isProduction: true });
    const second = await call("GET", `/api/projects/${p.project.id}/versions?limit=2&cursor=${first.json.nextCursor}`, {
      token: p.token,
    });
    expect(second.json).toMatchObject({ versions: [{ versionId: ids[0], isProduction: false }], nextCursor: null });
    expect(
      (await call("GET", `/api/projects/${p.project.id}/versions/${ids[1]}`, { token: p.token })).json.version
        .versionId,
    ).toBe(ids[1]);
    const other = await signUp();
    expect((await call("GET", `/api/projects/${p.project.id}/versions`, { token: other.token })).status).toBe(404);
  });

  it("diffs two builds as a patch or a file list, and zips a version's sources", async () => {
    const p = await builderProject();
    const a = (await call("POST", `/api/projects/${p.project.id}/build`, { token: p.token, body: {} })).json.versionId;
    const home = (await call("GET", `/api/projects/${p.project.id}/files/src/pages/HomePage.tsx`, { token: p.token }))
      .json.content as string;
    await call("PUT", `/api/projects/${p.project.id}/files/src/pages/HomePage.tsx`, {
      token: p.token,
      body: { content: home.replace("Welcome", "Hello there") },
    });
    await call("PUT", `/api/projects/${p.project.id}/files/src/lib/extra.ts`, {
      token: p.token,
      body: { content: "export const extra = 1;\n" },
    });
    const b = (await call("POST", `/api/projects/${p.project.id}/build`, { token: p.token, body: {} })).json.versionId;

    const files = await call("GET", `/api/projects/${p.project.id}/versions/${a}/diff/${b}?mode=files`, {
      token: p.token,
    });
    expect(files.json.files).toEqual([
      { path: "src/lib/extra.ts", status: "added", additions: 1, deletions: 0 },
      {
        path: "src/pages/HomePage.tsx",
        status: "modified",
        additions: expect.any(Number),
        deletions: expect.any(Number),
      },
    ]);
    const patch = await call("GET", `/api/projects/${p.project.id}/versions/${a}/diff/${b}`, { token: p.token });
    expect(patch.headers.get("content-type")).toContain("text/x-diff");
    expect(patch.text).toContain("+++ b/src/pages/HomePage.tsx");
    expect(patch.text).toMatch(/^\+.*Hello there/m);
    expect(patch.text).toContain("--- /dev/null");

    const res = await (
      await import("cloudflare:workers")
    ).exports.default.fetch(
      new Request(`http://localhost:8787/api/projects/${p.project.id}/versions/${b}/zip`, {
        headers: { authorization: `Bearer ${p.token}` },
      }),
    );
    expect(res.headers.get("content-type")).toBe("application/zip");
    const zip = unzipSync(new Uint8Array(await res.arrayBuffer()));
    const folder = `${p.project.slug}-${b.toLowerCase()}`;
    expect(Object.keys(zip)).toContain(`${folder}/package.json`);
    expect(new TextDecoder().decode(zip[`${folder}/src/pages/HomePage.tsx`])).toContain("Hello there");
    expect(new TextDecoder().decode(zip[`${folder}/src/lib/extra.ts`])).toBe("export const extra = 1;\n");
  });

  it("reads the latest preview from the KV pointer, and from D1 when KV has lost it", async () => {
    const p = await builderProject();
    const v = await deploy(p.apiToken, p.project.id, { assets: { "/index.html": "x" } });
    const fromKv = (await call("GET", `/api/projects/${p.project.id}/preview`, { token: p.token })).json.preview;
    expect(fromKv).toMatchObject({ latestVersionId: v.versionId, previewUrl: v.previewUrl, from: "kv" });
    await env.KV.delete(`latest:${p.user.id}:${p.project.id}`);
    const fromD1 = (await call("GET", `/api/projects/${p.project.id}/preview`, { token: p.token })).json.preview;
    expect(fromD1).toMatchObject({ latestVersionId: v.versionId, previewUrl: v.previewUrl, from: "d1" });
  });
});

describe("the live preview host", () => {
  it("<slug>--p<key> shows the newest version at one origin, switching as soon as a new one is deployed", async () => {
    const p = await builderProject("Live preview");
    const live = (await call("GET", `/api/projects/${p.project.id}/preview`, { token: p.token })).json.livePreviewUrl;
    expect(live).toMatch(new RegExp(`^http://${p.project.slug}--p[0-9a-f]{20}\\.localhost:8787/$`));
    const empty = await visit(live);
    expect(empty.status).toBe(404);
    expect(empty.text).toContain("Nothing to preview yet");

    const v1 = await deploy(p.apiToken, p.project.id, { assets: { "/index.html": "<p>one</p>" } });
    const info = (await call("GET", `/api/projects/${p.project.id}/preview`, { token: p.token })).json;
    expect(info.livePreviewUrl).toBe(live);
    const first = await visit(live);
    expect(first.text).toContain("one");
    expect(first.headers.get("x-kiln-version")).toBe(v1.versionId);

    const v2 = await deploy(p.apiToken, p.project.id, { assets: { "/index.html": "<p>two</p>" } });
    const second = await visit(live);
    expect(second.text).toContain("two");
    expect(second.headers.get("x-kiln-version")).toBe(v2.versionId);
    // Each version keeps its own address.
    expect((await visit(v1.previewUrl)).text).toContain("one");
  });
});

describe("publishing and rollback, code and data together", () => {
  it("publishes a preview build: production serves it only after publish", async () => {
    const p = await builderProject();
    const built = (await call("POST", `/api/projects/${p.project.id}/build`, { token: p.token, body: {} })).json;
    expect((await visit(`http://${p.project.slug}.localhost:8787/`)).status).toBe(404);
    const published = await call("POST", `/api/projects/${p.project.id}/publish`, {
      token: p.token,
      body: { versionId: built.versionId },
    });
    expect(published.status).toBe(200);
    expect(published.json).toMatchObject({
      versionId: built.versionId,
      url: `http://${p.project.slug}.localhost:8787/`,
    });
    const live = await visit(`http://${p.project.slug}.localhost:8787/`);
    expect([live.status, live.headers.get("x-kiln-version")]).toEqual([200, built.versionId]);
  });

  it("snapshots production before a migration, and rolls back keeping today's data or restoring the snapshot", async () => {
    const p = await builderProject();
    const base = `http://${p.project.slug}.localhost:8787`;
    const v1 = await deploy(p.apiToken, p.project.id, {
      assets: {},
      worker: { "index.js": notesWorker("SELECT body FROM notes ORDER BY id") },
      run_worker_first: true,
      migrations: [m1],
    });
    await visit(`${base}/api/notes`, { method: "POST", body: "before v2" });
    const v2 = await deploy(p.apiToken, p.project.id, {
      assets: {},
      worker: { "index.js": notesWorker("SELECT body, tag FROM notes ORDER BY id") },
      run_worker_first: true,
      migrations: [m1, m2],
    });
    await visit(`${base}/api/notes`, { method: "POST", body: "after v2" });
    expect(JSON.parse((await visit(`${base}/api/notes`)).text)).toEqual([
      { body: "before v2", tag: "none" },
      { body: "after v2", tag: "none" },
    ]);

    const snapshot = await env.DB.prepare("SELECT * FROM db_snapshots WHERE project_id = ?")
      .bind(p.project.id)
      .first<any>();
    expect(snapshot).toMatchObject({
      version_id: v2.versionId,
      before_migration: "0002_tag.sql",
      applied_migrations: '["0001_init.sql"]',
    });
    expect(await (await env.CODE.get(snapshot.r2_key))!.text()).toContain("'before v2'");

    const ask = await call("POST", `/api/projects/${p.project.id}/rollback/${v1.versionId}`, {
      token: p.token,
      body: {},
    });
    expect(ask.status).toBe(409);
    expect(ask.json.error).toMatchObject({
      code: "rollback_needs_choice",
      details: {
        migrationsSince: ["0002_tag.sql"],
        choices: { keep: { ok: true }, restore: { snapshotId: snapshot.id } },
      },
    });

    const kept = await call("POST", `/api/projects/${p.project.id}/rollback/${v1.versionId}`, {
      token: p.token,
      body: { data: "keep" },
    });
    expect(kept.status).toBe(201);
    expect(kept.json).toMatchObject({ rolledBackTo: v1.versionId, data: "keep", export: null });
    const keptLive = await visit(`${base}/api/notes`);
    expect(keptLive.headers.get("x-kiln-version")).toBe(kept.json.versionId);
    expect(JSON.parse(keptLive.text)).toEqual([{ body: "before v2" }, { body: "after v2" }]);

    const restored = await call("POST", `/api/projects/${p.project.id}/rollback/${v1.versionId}`, {
      token: p.token,
      body: { data: "restore" },
    });
    expect(restored.status).toBe(201);
    expect(JSON.parse((await visit(`${base}/api/notes`)).text)).toEqual([{ body: "before v2" }]);
    // Nothing written since the snapshot is lost: it is in the export, downloadable.
    const exported = await call("GET", restored.json.export.url, { token: p.token });
    expect(exported.status).toBe(200);
    expect(exported.text).toContain("'after v2'");

    // Rolling back the rollback: v2's code again, which migrates again (with a new snapshot).
    const again = await call("POST", `/api/projects/${p.project.id}/rollback/${v2.versionId}`, {
      token: p.token,
      body: {},
    });
    expect(again.status).toBe(201);
    expect(again.json.appliedMigrations).toEqual(["0002_tag.sql"]);
    expect(JSON.parse((await visit(`${base}/api/notes`)).text)).toEqual([{ body: "before v2", tag: "none" }]);
  });

  it("refuses to keep today's data when the old code cannot run on it", async () => {
    const p = await builderProject();
    const v1 = await deploy(p.apiToken, p.project.id, {
      assets: {},
      worker: { "index.js": notesWorker("SELECT body FROM notes") },
      run_worker_first: true,
      migrations: [m1],
    });
    await deploy(p.apiToken, p.project.id, {
      assets: {},
      worker: { "index.js": notesWorker("SELECT body FROM posts") },
      run_worker_first: true,
      migrations: [m1, { name: "0002_rename.sql", sql: "ALTER TABLE notes RENAME TO posts;" }],
    });
    const res = await call("POST", `/api/projects/${p.project.id}/rollback/${v1.versionId}`, {
      token: p.token,
      body: { data: "keep" },
    });
    expect(res.status).toBe(409);
    expect(res.json.error.code).toBe("old_code_incompatible");
    expect(res.json.error.message).toMatch(/GET \/ answered 500|threw/);
  });

  it("two rollbacks at once end in one consistent state", async () => {
    const p = await builderProject();
    const a = await deploy(p.apiToken, p.project.id, { assets: { "/index.html": "A" } });
    const b = await deploy(p.apiToken, p.project.id, { assets: { "/index.html": "B" } });
    await deploy(p.apiToken, p.project.id, { assets: { "/index.html": "C" } });
    const [ra, rb] = (await Promise.all(
      [a, b].map((v) =>
        call("POST", `/api/projects/${p.project.id}/rollback/${v.versionId}`, { token: p.token, body: {} }),
      ),
    )) as [Awaited<ReturnType<typeof call>>, Awaited<ReturnType<typeof call>>];
    expect([ra.status, rb.status]).toEqual([201, 201]);
    const project = await env.DB.prepare("SELECT production_version_id FROM projects WHERE id = ?")
      .bind(p.project.id)
      .first<string>("production_version_id");
    expect([ra.json.versionId, rb.json.versionId]).toContain(project);
    const live = await visit(`http://${p.project.slug}.localhost:8787/index.html`, { redirect: "follow" });
    expect(live.headers.get("x-kiln-version")).toBe(project);
    expect(live.text).toBe(project === ra.json.versionId ? "A" : "B");
    const rows = await env.DB.prepare(
      "SELECT status FROM project_versions WHERE project_id = ? AND source = 'rollback'",
    )
      .bind(p.project.id)
      .all<{ status: string }>();
    expect(rows.results.map((r) => r.status)).toEqual(["deployed", "deployed"]);
  });
});
