import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call } from "./helpers";
import { deploy, deployer, visit } from "./hosting-helpers";
import { appDatabases } from "../../src/hosting/database/app-db";

/** A deliberately hostile app: each route tries something an app must not be able to do. */
const hostileWorker = `
export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const json = (v, status = 200) => Response.json(v, { status });
    switch (url.pathname) {
      case "/api/env": return json(Object.keys(env).sort());
      case "/api/secret": return json({ secret: env.JWT_SECRET });
      case "/api/fetch": {
        const res = await fetch(url.searchParams.get("to"));
        return json({ status: res.status, egress: res.headers.get("x-kiln-egress"), body: (await res.text()).slice(0, 200) });
      }
      case "/api/db/write":
        await env.DB.exec("CREATE TABLE IF NOT EXISTS secrets (v TEXT)");
        await env.DB.prepare("INSERT INTO secrets (v) VALUES (?)").bind(url.searchParams.get("v")).run();
        return json({ ok: true });
      case "/api/db/read":
        try { return json((await env.DB.prepare("SELECT v FROM secrets").all()).results); }
        catch (e) { return json({ error: String(e.message) }, 500); }
      case "/api/storage/write":
        await env.STORAGE.put("private.txt", url.searchParams.get("v"));
        return json({ ok: true });
      case "/api/storage/read": {
        const listed = await env.STORAGE.list();
        const direct = await env.STORAGE.get(url.searchParams.get("key") ?? "private.txt");
        return json({ keys: listed.objects.map((o) => o.key), direct: direct ? await direct.text() : null });
      }
      case "/api/assets": return env.ASSETS.fetch(new Request(new URL(url.searchParams.get("path"), "http://assets.invalid")));
      case "/api/throw": throw new Error("boom from the app");
      default: return json({ ok: true, path: url.pathname });
    }
  }
};`;

async function hostileApp(name: string) {
  const d = await deployer(name);
  await deploy(d.apiToken, d.project.id, {
    assets: { "/index.html": `<html><head></head><body>${name}</body></html>` },
    worker: { "index.js": hostileWorker },
    run_worker_first: ["/api/*"],
    env: { GREETING: "hello" },
  });
  const base = `http://${d.project.slug}.localhost:8787`;
  const get = async (path: string) => {
    const res = await visit(`${base}${path}`);
    let json: any = null;
    try {
      json = JSON.parse(res.text);
    } catch {
      /* an HTML error page */
    }
    return { ...res, json };
  };
  return { ...d, base, get };
}

describe("app isolation", () => {
  it("gives an app only its own bindings: no platform binding or secret is in its env", async () => {
    const a = await hostileApp("Env probe");
    const keys = (await a.get("/api/env")).json;
    expect(keys).toEqual(["ASSETS", "DB", "GREETING", "JWT_SECRET", "STORAGE"]);
  });

  it("gives each app its own JWT_SECRET, stable across its versions", async () => {
    const a = await hostileApp("Secret A");
    const b = await hostileApp("Secret B");
    const secretA = (await a.get("/api/secret")).json.secret;
    expect(secretA).toMatch(/^[0-9a-f]{64}$/);
    expect((await b.get("/api/secret")).json.secret).not.toBe(secretA);
    await deploy(a.apiToken, a.project.id, {
      assets: { "/index.html": "v2" },
      worker: { "index.js": hostileWorker },
      run_worker_first: ["/api/*"],
    });
    expect((await a.get("/api/secret")).json.secret).toBe(secretA);
  });

  it("keeps each app's database and storage to itself", async () => {
    const a = await hostileApp("Data A");
    const b = await hostileApp("Data B");
    await a.get("/api/db/write?v=only-for-a");
    await a.get("/api/storage/write?v=a-private");
    expect((await a.get("/api/db/read")).json).toEqual([{ v: "only-for-a" }]);
    const bRead = await b.get("/api/db/read");
    expect(bRead.status).toBe(500);
    expect(bRead.json.error).toMatch(/no such table: secrets/);
    expect((await a.get("/api/storage/read")).json).toEqual({ keys: ["private.txt"], direct: "a-private" });
    const sneaky = encodeURIComponent(`../../${a.project.id}/storage/private.txt`);
    expect((await b.get(`/api/storage/read?key=${sneaky}`)).json).toEqual({ keys: [], direct: null });
  });

  it("blocks outbound fetches to the platform, loopback and private networks", async () => {
    const a = await hostileApp("Egress probe");
    const other = await hostileApp("Egress target");
    for (const to of [
      "http://localhost:8787/api/health",
      `http://${other.project.slug}.localhost:8787/api/secret`,
      "http://127.0.0.1:8787/api/projects",
      "http://169.254.169.254/latest/meta-data",
      "http://10.0.0.1/",
      "http://[::1]:8787/",
    ]) {
      const res = (await a.get(`/api/fetch?to=${encodeURIComponent(to)}`)).json;
      expect(res, to).toMatchObject({ status: 403, egress: "blocked" });
    }
  });

  it("cannot reach the platform's API through any path of its own", async () => {
    const a = await hostileApp("Path probe");
    // /api/* on the app's host is the app's own Worker, never the platform.
    expect((await a.get("/api/projects")).json).toEqual({ ok: true, path: "/api/projects" });
    expect((await visit(`http://apps.localhost:8787/apps/${a.project.id}/api/me`)).text).toContain('"path":"/api/me"');
    // env.ASSETS serves only the app's own files.
    const viaAssets = await a.get(`/api/assets?path=${encodeURIComponent("/api/health")}`);
    expect(viaAssets.status).toBe(404);
  });

  // CPU, memory and subrequest limits are the host's: on Cloudflare the Worker Loader's, locally the
  // sandbox's (test/e2e/hostile-apps.test.ts attacks a running Kiln; in-process workerd has none).

  it("turns a throw into a 500 for that app alone", async () => {
    const a = await hostileApp("Thrower");
    const res = await a.get("/api/throw");
    expect(res.status).toBe(500);
    expect(res.text).toContain("boom from the app");
    expect((await a.get("/")).text).toContain("Thrower");
    expect((await call("GET", "/api/health")).status).toBe(200);
  });
});

describe("versions, migrations and teardown", () => {
  const notesWorker = `
export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname === "/api/notes" && request.method === "POST") {
      await env.DB.prepare("INSERT INTO notes (body) VALUES (?)").bind(await request.text()).run();
      return new Response("ok", { status: 201 });
    }
    const { results } = await env.DB.prepare("SELECT body FROM notes ORDER BY id").all();
    return Response.json(results);
  }
};`;
  const init = { name: "0001_init.sql", sql: "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL);" };

  it("applies migrations on deploy and records them as wrangler does", async () => {
    const d = await deployer();
    const res = await deploy(d.apiToken, d.project.id, {
      assets: {},
      worker: { "index.js": notesWorker },
      run_worker_first: true,
      migrations: [init],
    });
    expect(res.appliedMigrations).toEqual(["0001_init.sql"]);
    const base = `http://${d.project.slug}.localhost:8787`;
    await visit(`${base}/api/notes`, { method: "POST", body: "first note" });
    expect(JSON.parse((await visit(`${base}/api/notes`)).text)).toEqual([{ body: "first note" }]);
    const again = await deploy(d.apiToken, d.project.id, {
      assets: {},
      worker: { "index.js": notesWorker },
      run_worker_first: true,
      migrations: [init],
    });
    expect(again.appliedMigrations).toEqual([]);
  });

  it("a failing migration aborts the deploy: the live version and its data stay as they were", async () => {
    const d = await deployer();
    const v1 = await deploy(d.apiToken, d.project.id, {
      assets: {},
      worker: { "index.js": notesWorker },
      run_worker_first: true,
      migrations: [init],
    });
    const base = `http://${d.project.slug}.localhost:8787`;
    await visit(`${base}/api/notes`, { method: "POST", body: "keep me" });
    const broken = await deploy(d.apiToken, d.project.id, {
      assets: {},
      worker: { "index.js": notesWorker },
      run_worker_first: true,
      migrations: [
        init,
        { name: "0002_tags.sql", sql: "ALTER TABLE notes ADD COLUMN tag TEXT;" },
        { name: "0003_broken.sql", sql: "CREATE TABLE oops (" },
      ],
    }).catch((e) => e);
    expect(broken.status).toBe(400);
    expect(broken.code).toBe("migration_failed");
    expect(broken.message).toContain("0003_broken.sql");
    const live = await visit(`${base}/api/notes`);
    expect(live.headers.get("x-kiln-version")).toBe(v1.versionId);
    expect(JSON.parse(live.text)).toEqual([{ body: "keep me" }]);
    const failed = await env.DB.prepare(
      "SELECT status FROM project_versions WHERE project_id = ? ORDER BY version_id DESC LIMIT 1",
    )
      .bind(d.project.id)
      .first("status");
    expect(failed).toBe("failed");
  });

  it("refuses a module that does not parse, and keeps the live version", async () => {
    const d = await deployer();
    const v1 = await deploy(d.apiToken, d.project.id, { assets: { "/index.html": "v1" } });
    const bad = await deploy(d.apiToken, d.project.id, {
      assets: { "/index.html": "v2" },
      worker: { "index.js": "export default { fetch( {" },
    }).catch((e) => e);
    expect(bad.status).toBe(400);
    expect(bad.code).toBe("module_invalid");
    const missingImport = await deploy(d.apiToken, d.project.id, {
      assets: {},
      worker: { "index.js": 'import x from "./nope.js"; export default { fetch() { return new Response(x) } }' },
    }).catch((e) => e);
    expect(missingImport.code).toBe("module_invalid");
    const live = await visit(`http://${d.project.slug}.localhost:8787/index.html`, { redirect: "follow" });
    expect(live.text).toBe("v1");
    expect(live.headers.get("x-kiln-version")).toBe(v1.versionId);
  });

  it("serves every version on its own preview URL, with a preview database apart from production", async () => {
    const d = await deployer();
    const v1 = await deploy(d.apiToken, d.project.id, {
      assets: {},
      worker: { "index.js": notesWorker },
      run_worker_first: true,
      migrations: [init],
    });
    const v2 = await deploy(d.apiToken, d.project.id, {
      assets: {},
      worker: { "index.js": notesWorker.replace("ORDER BY id", "ORDER BY id DESC") },
      run_worker_first: true,
      migrations: [init],
    });
    expect(v1.previewUrl).toMatch(new RegExp(`^http://${d.project.slug}--v[0-9a-z]{4}[a-z2-7]{16}\\.localhost:8787/$`));
    await visit(`${v1.previewUrl}api/notes`, { method: "POST", body: "preview only" });
    expect((await visit(`${v1.previewUrl}api/notes`)).headers.get("x-kiln-version")).toBe(v1.versionId);
    expect(JSON.parse((await visit(`${v1.previewUrl}api/notes`)).text)).toEqual([{ body: "preview only" }]);
    const prod = await visit(`http://${d.project.slug}.localhost:8787/api/notes`);
    expect(prod.headers.get("x-kiln-version")).toBe(v2.versionId);
    expect(JSON.parse(prod.text)).toEqual([]);
  });

  it("deleting a project leaves nothing behind in R2, KV, D1 or its databases", async () => {
    const d = await deployer("Doomed");
    await deploy(d.apiToken, d.project.id, {
      assets: { "/index.html": "bye" },
      worker: { "index.js": hostileWorker },
      run_worker_first: ["/api/*"],
    });
    const base = `http://${d.project.slug}.localhost:8787`;
    await visit(`${base}/api/db/write?v=x`);
    await visit(`${base}/api/storage/write?v=y`);
    expect((await env.CODE.list({ prefix: `apps/${d.project.id}/` })).objects.length).toBeGreaterThan(2);

    expect((await call("DELETE", `/api/projects/${d.project.id}`, { token: d.token })).status).toBe(204);
    expect((await env.CODE.list({ prefix: `apps/${d.project.id}/` })).objects).toEqual([]);
    expect(await env.KV.get(`host:${d.project.slug}`)).toBeNull();
    for (const table of ["project_versions", "app_secrets", "chat_messages", "project_files"]) {
      expect(
        await env.DB.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE project_id = ?`).bind(d.project.id).first("n"),
        table,
      ).toBe(0);
    }
    for (const environment of ["production", "preview"]) {
      const db = appDatabases(env).get(appDatabases(env).idFromName(`${d.project.id}:${environment}`));
      expect(await db.stats(), environment).toEqual({ tables: {} });
    }
    expect((await visit(`${base}/`)).status).toBe(404);
  });
});
