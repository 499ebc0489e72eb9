import { env } from "cloudflare:workers";
import { sign } from "hono/jwt";
import { describe, expect, it } from "vitest";
import { call } from "./helpers";
import { deploy, deployer, enc, visit } from "./hosting-helpers";

const site = {
  "/index.html": "<!doctype html><html><head><title>Home</title></head><body><h1>Hello from the app</h1></body></html>",
  "/about.html": "<html><head></head><body>About us</body></html>",
  "/docs/index.html": "<html><head></head><body>Docs index</body></html>",
  "/assets/app-3f9a8b7c6d.js": "console.log('hi')",
  "/404.html": "<html><head></head><body>Custom not found</body></html>",
};

describe("API tokens", () => {
  it("shows a token once, lists it without the secret, and stops accepting it when revoked", async () => {
    const { token: session } = await deployer();
    const created = await call("POST", "/api/tokens", { token: session, body: { name: "CI" } });
    expect(created.status).toBe(201);
    expect(created.json.token).toMatch(/^kiln_[A-Za-z0-9_-]{43}$/);
    const listed = await call("GET", "/api/tokens", { token: session });
    expect(JSON.stringify(listed.json)).not.toContain(created.json.token);
    expect(listed.json.tokens.find((t: any) => t.id === created.json.id)).toMatchObject({
      name: "CI",
      prefix: created.json.token.slice(0, 11),
    });

    for (const authorization of [created.json.token, `Bearer ${created.json.token}`]) {
      expect((await call("GET", "/__api/projects", { headers: { authorization } })).status).toBe(200);
    }
    expect((await call("DELETE", `/api/tokens/${created.json.id}`, { token: session })).status).toBe(204);
    const refused = await call("GET", "/__api/projects", { headers: { authorization: created.json.token } });
    expect(refused.status).toBe(401);
    expect(refused.json).toMatchObject({ success: false, error: { code: "unauthorized" } });
  });

  it("shares projects between the builder API and the deploy API", async () => {
    const d = await deployer("Shared project");
    const viaBuilder = await call("GET", `/api/projects/${d.project.id}`, { token: d.token });
    expect(viaBuilder.json.project.name).toBe("Shared project");
    const other = await deployer();
    expect(
      (await call("GET", `/__api/projects/${d.project.id}`, { headers: { authorization: other.apiToken } })).status,
    ).toBe(404);
  });
});

describe("three-phase deploy", () => {
  it("uploads only what is missing and reports deployed/new/skipped", async () => {
    const d = await deployer();
    const first = await deploy(d.apiToken, d.project.id, { assets: site });
    expect(first).toMatchObject({ success: true, deployedAssets: 5, newAssets: 5, skippedAssets: 0 });
    expect(first.versionId).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);

    const second = await deploy(d.apiToken, d.project.id, {
      assets: { ...site, "/about.html": "<html><head></head><body>About us, v2</body></html>" },
    });
    expect(second).toMatchObject({ deployedAssets: 5, newAssets: 1, skippedAssets: 4 });
    expect((await visit(`http://${d.project.slug}.localhost:8787/about`)).text).toContain("About us, v2");
  });

  it("answers at once with a completion token when nothing is missing", async () => {
    const d = await deployer();
    await deploy(d.apiToken, d.project.id, { assets: site });
    const manifest: Record<string, { hash: string; size: number }> = {};
    for (const [path, text] of Object.entries(site)) {
      const bytes = enc(text);
      const digest = await crypto.subtle.digest("SHA-256", bytes);
      manifest[path] = {
        hash: [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join(""),
        size: bytes.byteLength,
      };
    }
    const session = await call("POST", `/__api/projects/${d.project.id}/assets-upload-session`, {
      headers: { authorization: d.apiToken },
      body: { manifest },
    });
    expect(session.json.result.buckets).toEqual([]);
    const deployed = await call("POST", `/__api/projects/${d.project.id}/deploy`, {
      headers: { authorization: d.apiToken },
      body: { completionJwt: session.json.result.jwt },
    });
    expect(deployed.status).toBe(200);
    expect(deployed.json).toMatchObject({ newAssets: 0, skippedAssets: 5 });
  });

  it("refuses a file whose bytes do not match its hash, and wrong, expired or foreign upload tokens", async () => {
    const d = await deployer();
    const bytes = enc("real content");
    const digest = [...new Uint8Array(await crypto.subtle.digest("SHA-256", bytes))]
      .map((b) => b.toString(16).padStart(2, "0"))
      .join("");
    const session = await call("POST", `/__api/projects/${d.project.id}/assets-upload-session`, {
      headers: { authorization: d.apiToken },
      body: { manifest: { "/a.txt": { hash: digest, size: bytes.byteLength } } },
    });
    const jwt = session.json.result.jwt;
    const upload = (auth: string, body: object) =>
      call("POST", `/__api/projects/${d.project.id}/assets/upload`, { headers: { authorization: auth }, body });

    // As long as the real file: a longer one is refused as size_mismatch before its hash is known.
    const mismatch = await upload(`Bearer ${jwt}`, { [digest]: btoa("fake content") });
    expect(mismatch.status).toBe(400);
    expect(mismatch.json.error.code).toBe("hash_mismatch");
    expect(mismatch.json.error.message).toContain(digest);

    expect((await upload("Bearer not-a-jwt", { [digest]: btoa("real content") })).status).toBe(401);
    const now = Math.floor(Date.now() / 1000);
    const claims = JSON.parse(atob(jwt.split(".")[1].replace(/-/g, "+").replace(/_/g, "/")));
    const expired = await sign({ ...claims, exp: now - 5 }, env.PLATFORM_JWT_SECRET!, "HS256");
    const late = await upload(`Bearer ${expired}`, { [digest]: btoa("real content") });
    expect(late.status).toBe(401);
    expect(late.json.error.code).toBe("token_expired");

    const other = await deployer();
    const foreign = await call("POST", `/__api/projects/${other.project.id}/assets/upload`, {
      headers: { authorization: `Bearer ${jwt}` },
      body: { [digest]: btoa("real content") },
    });
    expect(foreign.status).toBe(401);

    // A deploy with the upload token (not the completion token) is refused too.
    const early = await call("POST", `/__api/projects/${d.project.id}/deploy`, {
      headers: { authorization: d.apiToken },
      body: { completionJwt: jwt },
    });
    expect(early.status).toBe(401);
    const ok = await upload(`Bearer ${jwt}`, { [digest]: btoa("real content") });
    expect(ok.status).toBe(201);
    expect(ok.json.result.jwt).toBeTruthy();
  });

  it("refuses an unknown project, malformed manifests and Python modules with clear errors", async () => {
    const d = await deployer();
    const unknown = await call("POST", "/__api/projects/nope/assets-upload-session", {
      headers: { authorization: d.apiToken },
      body: { manifest: {} },
    });
    expect(unknown.status).toBe(404);
    const bad = await call("POST", `/__api/projects/${d.project.id}/assets-upload-session`, {
      headers: { authorization: d.apiToken },
      body: { manifest: { "no-slash.html": { hash: "0".repeat(64), size: 1 }, "/ok.html": { hash: "abc", size: 1 } } },
    });
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toMatch(/start with \//);
    expect(bad.json.error.message).toMatch(/SHA-256/);

    const py = await deploy(d.apiToken, d.project.id, {
      assets: site,
      worker: { "main.py": "print(1)" },
      entrypoint: "main.py",
    }).catch((e) => e);
    expect(py.status).toBe(400);
    expect(py.message).toMatch(/Python/);
  });
});

describe("serving assets", () => {
  it("serves on the app's host, and under /apps/<id>/ and /__project/<id>/ of the apps host with the prefix stripped", async () => {
    const d = await deployer();
    await deploy(d.apiToken, d.project.id, { assets: site });
    const host = await visit(`http://${d.project.slug}.localhost:8787/`);
    expect(host.status).toBe(200);
    expect(host.text).toContain("Hello from the app");
    expect(host.text).not.toContain("<base");

    for (const prefix of [`/apps/${d.project.id}`, `/__project/${d.project.id}`]) {
      const res = await visit(`http://apps.localhost:8787${prefix}/`);
      expect(res.status).toBe(200);
      expect(res.text).toContain(`<base href="${prefix}/">`);
      expect((await visit(`http://apps.localhost:8787${prefix}/assets/app-3f9a8b7c6d.js`)).text).toBe(
        "console.log('hi')",
      );
      const bare = await visit(`http://apps.localhost:8787${prefix}`);
      expect(bare.status).toBe(308);
      expect(bare.headers.get("location")).toBe(`http://apps.localhost:8787${prefix}/`);
    }
  });

  it("answers ETag/304 and caches hashed files forever, HTML never", async () => {
    const d = await deployer();
    await deploy(d.apiToken, d.project.id, { assets: site });
    const base = `http://${d.project.slug}.localhost:8787`;
    const js = await visit(`${base}/assets/app-3f9a8b7c6d.js`);
    expect(js.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(js.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    const etag = js.headers.get("etag")!;
    expect(etag).toMatch(/^"[0-9a-f]{64}"$/);
    expect((await visit(`${base}/assets/app-3f9a8b7c6d.js`, { headers: { "if-none-match": etag } })).status).toBe(304);
    expect((await visit(`${base}/`)).headers.get("cache-control")).toBe("public, max-age=0, must-revalidate");
  });

  it("applies html_handling, not_found_handling, redirects and header rules", async () => {
    const d = await deployer();
    await deploy(d.apiToken, d.project.id, {
      assets: site,
      config: {
        html_handling: "auto-trailing-slash",
        not_found_handling: "404-page",
        redirects: {
          static: { "/old": { status: 301, to: "/about" } },
          dynamic: { "/blog/*": { status: 302, to: "/posts/:splat" }, "/u/:name": { status: 307, to: "/users/:name" } },
        },
        headers: {
          rules: { "/assets/*": { set: { "x-asset": "yes" } }, "/*": { set: { "x-frame-options": "DENY" } } },
        },
      },
    });
    const base = `http://${d.project.slug}.localhost:8787`;
    expect((await visit(`${base}/about`)).text).toContain("About us");
    const dotHtml = await visit(`${base}/about.html`);
    expect([dotHtml.status, dotHtml.headers.get("location")]).toEqual([307, "/about"]);
    const dir = await visit(`${base}/docs`);
    expect([dir.status, dir.headers.get("location")]).toEqual([307, "/docs/"]);
    expect((await visit(`${base}/docs/`)).text).toContain("Docs index");
    const missing = await visit(`${base}/nothing/here`);
    expect([missing.status, missing.text.includes("Custom not found")]).toEqual([404, true]);
    const old = await visit(`${base}/old?x=1`);
    expect([old.status, old.headers.get("location")]).toEqual([301, "/about?x=1"]);
    expect((await visit(`${base}/blog/2026/kiln`)).headers.get("location")).toBe("/posts/2026/kiln");
    expect((await visit(`${base}/u/ada`)).headers.get("location")).toBe("/users/ada");
    const asset = await visit(`${base}/assets/app-3f9a8b7c6d.js`);
    expect([asset.headers.get("x-asset"), asset.headers.get("x-frame-options")]).toEqual(["yes", "DENY"]);
  });

  it("falls back to index.html for a single-page app", async () => {
    const d = await deployer();
    await deploy(d.apiToken, d.project.id, { assets: site, config: { not_found_handling: "single-page-application" } });
    const res = await visit(`http://${d.project.slug}.localhost:8787/some/client/route`);
    expect([res.status, res.text.includes("Hello from the app")]).toEqual([200, true]);
  });

  it("answers unknown apps and unpublished projects with a clean 404 page", async () => {
    const none = await visit("http://no-such-app.localhost:8787/");
    expect(none.status).toBe(404);
    expect(none.text).toContain("No app here");
    expect((await visit("http://apps.localhost:8787/apps/00000000-0000-0000-0000-000000000000/")).status).toBe(404);
    const d = await deployer();
    const unpublished = await visit(`http://${d.project.slug}.localhost:8787/`);
    expect([unpublished.status, unpublished.text.includes("Not published yet")]).toEqual([404, true]);
  });
});
