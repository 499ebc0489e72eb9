import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { dispatchApp } from "../../src/hosting/serving/dispatcher";
import { runMaintenance } from "../../src/hosting/maintenance";
import worker from "../../src/worker";
import { call, signUp } from "./helpers";
import { deploy, deployer, visit } from "./hosting-helpers";

/** Custom domains: the API and its refusals, routing by host, URLs, egress and teardown (locally: no Cloudflare account). */

let n = 0;
const fresh = (base = "shop") => `${base}-${Date.now().toString(36)}-${n++}.example.org`;

const appWorker = `
export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname === "/api/who") return Response.json({ host: url.host, path: url.pathname, greeting: env.GREETING });
    if (url.pathname === "/api/fetch") {
      const res = await fetch(url.searchParams.get("to"));
      return Response.json({ status: res.status, egress: res.headers.get("x-kiln-egress"), body: (await res.text()).slice(0, 200) });
    }
    if (url.pathname === "/api/db") {
      await env.DB.exec("CREATE TABLE IF NOT EXISTS hits (n INTEGER)");
      await env.DB.prepare("INSERT INTO hits (n) VALUES (1)").run();
      return Response.json(await env.DB.prepare("SELECT count(*) AS n FROM hits").first());
    }
    return new Response("not found", { status: 404 });
  }
};`;

async function publishedApp(name = "Domain app") {
  const d = await deployer(name);
  const deployed = await deploy(d.apiToken, d.project.id, {
    assets: { "/index.html": `<html><head></head><body>${name} home</body></html>`, "/about.html": "about page" },
    worker: { "index.js": appWorker },
    run_worker_first: ["/api/*"],
    env: { GREETING: "hello" },
    config: { headers: { rules: { "/*": { set: { "x-app-rule": "yes" } } } } },
  });
  return { ...d, versionId: deployed.versionId as string };
}

const addDomain = (token: string, projectId: string, hostname: unknown) =>
  call("POST", `/api/projects/${projectId}/domains`, { token, body: { hostname } });

/** Calls the platform Worker with settings of its own, as a production install would run. */
async function callWith(
  settings: Record<string, string | undefined>,
  url: string,
  init: { method?: string; token?: string; body?: unknown } = {},
) {
  const ctx = createExecutionContext();
  const headers: Record<string, string> = {};
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  if (init.body !== undefined) headers["content-type"] = "application/json";
  const res = await worker.fetch(
    new Request(url, {
      method: init.method ?? "GET",
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    }) as any,
    { ...env, ...settings } as any,
    ctx,
  );
  await waitOnExecutionContext(ctx);
  const text = await res.text();
  let json: any = null;
  try {
    json = JSON.parse(text);
  } catch {
    /* a page */
  }
  return { status: res.status, headers: res.headers, text, json };
}

describe("the domains API", () => {
  it("attaches a domain locally: active at once, no certificate, a record pointing at this Kiln; listed, refreshed and removed", async () => {
    const d = await publishedApp();
    const hostname = fresh();
    const added = await addDomain(d.token, d.project.id, `  ${hostname.toUpperCase()}. `);
    expect(added.status).toBe(201);
    expect(added.json.domain).toMatchObject({
      hostname,
      status: "active",
      ssl: { status: "none" },
      provider: "local",
      apex: false,
      errors: [],
    });
    expect(added.json.domain.records).toEqual([
      { type: "CNAME", name: hostname, value: "localhost", purpose: "routing" },
    ]);
    expect(added.json.domain.activatedAt).toEqual(expect.any(String));

    const listed = await call("GET", `/api/projects/${d.project.id}/domains`, { token: d.token });
    expect(listed.json.domains.map((x: any) => x.hostname)).toEqual([hostname]);
    const one = await call("GET", `/api/projects/${d.project.id}/domains/${hostname}`, { token: d.token });
    expect(one.json.domain).toMatchObject({ hostname, status: "active" });

    expect((await call("DELETE", `/api/projects/${d.project.id}/domains/${hostname}`, { token: d.token })).status).toBe(
      204,
    );
    expect((await call("GET", `/api/projects/${d.project.id}/domains`, { token: d.token })).json.domains).toEqual([]);
    expect((await call("GET", `/api/projects/${d.project.id}/domains/${hostname}`, { token: d.token })).status).toBe(
      404,
    );
    expect((await call("DELETE", `/api/projects/${d.project.id}/domains/${hostname}`, { token: d.token })).status).toBe(
      404,
    );
  });

  it("says an apex needs a DNS provider that flattens CNAMEs", async () => {
    const d = await publishedApp();
    const apex = `apex${Date.now().toString(36)}${n++}.org`;
    expect((await addDomain(d.token, d.project.id, apex)).json.domain).toMatchObject({ hostname: apex, apex: true });
  });

  it("refuses invalid hostnames with 400 and a reason, and stores nothing", async () => {
    const d = await publishedApp();
    const cases: [unknown, string, RegExp][] = [
      ["", "invalid_hostname", /empty/],
      ["https://shop.example.org/", "invalid_hostname", /scheme, path, port/],
      ["shop.example.org/path", "invalid_hostname", /scheme, path, port/],
      ["shop.example.org:8443", "invalid_hostname", /scheme, path, port/],
      ["user@shop.example.org", "invalid_hostname", /scheme, path, port/],
      ["shop%2eexample.org", "invalid_hostname", /scheme, path, port/],
      ["shop..example.org", "invalid_hostname", /each part between dots/],
      ["*.example.org", "invalid_hostname", /wildcard/],
      ["shop", "invalid_hostname", /no domain/],
      ["-shop.example.org", "invalid_hostname", /each part between dots/],
      ["shop_1.example.org", "invalid_hostname", /each part between dots/],
      [`${"a".repeat(64)}.example.org`, "invalid_hostname", /each part between dots/],
      [`${"abcdefghi.".repeat(26)}org`, "invalid_hostname", /at most 253/],
      ["192.168.1.10", "invalid_hostname", /IP address/],
      ["localhost", "invalid_hostname", /no domain/],
      ["shop.localhost", "hostname_not_allowed", /local name/],
      ["a.b.localhost", "hostname_not_allowed", /local name/],
      [42, "invalid_request", /hostname: must be a string/],
    ];
    for (const [hostname, code, message] of cases) {
      const res = await addDomain(d.token, d.project.id, hostname);
      expect(res.status, String(hostname)).toBe(400);
      expect(res.json.error.code, String(hostname)).toBe(code);
      expect(res.json.error.message, String(hostname)).toMatch(message);
    }
    expect((await addDomain(d.token, d.project.id, undefined)).status).toBe(400);
    expect((await call("GET", `/api/projects/${d.project.id}/domains`, { token: d.token })).json.domains).toEqual([]);
    // International names are kept in their punycode form.
    expect((await addDomain(d.token, d.project.id, "bücher.example.org")).json.domain.hostname).toBe(
      "xn--bcher-kva.example.org",
    );
  });

  it("refuses the platform's own hosts and anything under APPS_DOMAIN", async () => {
    const { token } = await signUp();
    const production = { PLATFORM_HOSTS: "kiln.example.com, admin.kiln.example.com", APPS_DOMAIN: "apps.example.com" };
    const project = (
      await callWith(production, "https://kiln.example.com/api/projects", {
        method: "POST",
        token,
        body: { name: "Prod" },
      })
    ).json.project;
    for (const [hostname, message] of [
      ["kiln.example.com", /this Kiln's own hosts \(kiln\.example\.com\)/],
      ["deep.admin.kiln.example.com", /this Kiln's own hosts/],
      ["apps.example.com", /under this Kiln's apps domain/],
      ["todo.apps.example.com", /under this Kiln's apps domain/],
      ["x.y.apps.example.com", /under this Kiln's apps domain/],
    ] as const) {
      const res = await callWith(production, `https://kiln.example.com/api/projects/${project.id}/domains`, {
        method: "POST",
        token,
        body: { hostname },
      });
      expect([res.status, res.json.error.code], hostname).toEqual([400, "hostname_not_allowed"]);
      expect(res.json.error.message, hostname).toMatch(message);
    }
    // The host the builder is reached on is its own even where PLATFORM_HOSTS does not list it.
    const own = await callWith(
      { APPS_DOMAIN: "apps.example.com" },
      `https://builder.example.net/api/projects/${project.id}/domains`,
      { method: "POST", token, body: { hostname: "builder.example.net" } },
    );
    expect([own.status, own.json.error.code]).toEqual([400, "hostname_not_allowed"]);
    // A name that merely ends the same way is someone else's.
    const lookalike = await callWith(production, `https://kiln.example.com/api/projects/${project.id}/domains`, {
      method: "POST",
      token,
      body: { hostname: `not${fresh("kiln")}` },
    });
    expect(lookalike.status).toBe(201);
  });

  it("gives a hostname to one project only (409), lets only the owner attach, see or remove, and needs a login", async () => {
    const a = await publishedApp("Owner A");
    const b = await publishedApp("Owner B");
    const hostname = fresh();
    expect((await addDomain(a.token, a.project.id, hostname)).status).toBe(201);
    const again = await addDomain(a.token, a.project.id, hostname);
    expect([again.status, again.json.error.code]).toEqual([409, "domain_taken"]);
    const taken = await addDomain(b.token, b.project.id, hostname.toUpperCase());
    expect([taken.status, taken.json.error.code]).toEqual([409, "domain_taken"]);
    expect(taken.json.error.message).toMatch(/remove it there first/);

    // B cannot touch A's project or A's domain through its own project.
    expect((await addDomain(b.token, a.project.id, fresh())).status).toBe(404);
    expect((await call("GET", `/api/projects/${a.project.id}/domains`, { token: b.token })).status).toBe(404);
    expect((await call("GET", `/api/projects/${b.project.id}/domains/${hostname}`, { token: b.token })).status).toBe(
      404,
    );
    expect((await call("DELETE", `/api/projects/${b.project.id}/domains/${hostname}`, { token: b.token })).status).toBe(
      404,
    );
    expect((await call("DELETE", `/api/projects/${a.project.id}/domains/${hostname}`, { token: b.token })).status).toBe(
      404,
    );
    expect((await call("POST", `/api/projects/${a.project.id}/domains`, { body: { hostname: fresh() } })).status).toBe(
      401,
    );
    expect((await call("DELETE", `/api/projects/${a.project.id}/domains/${hostname}`)).status).toBe(401);
    expect((await visit(`http://${hostname}/`)).text).toContain("Owner A home");

    // Once A lets go, B may have it.
    expect((await call("DELETE", `/api/projects/${a.project.id}/domains/${hostname}`, { token: a.token })).status).toBe(
      204,
    );
    expect((await addDomain(b.token, b.project.id, hostname)).status).toBe(201);
    expect((await visit(`http://${hostname}/`)).text).toContain("Owner B home");
  });

  it("is documented in the OpenAPI document", async () => {
    const doc = (await call("GET", "/api/openapi.json")).json;
    expect(Object.keys(doc.paths["/api/projects/{id}/domains"]).sort()).toEqual(["get", "post"]);
    expect(Object.keys(doc.paths["/api/projects/{id}/domains/{hostname}"]).sort()).toEqual(["delete", "get"]);
    expect(Object.keys(doc.paths["/api/projects/{id}/domains"].post.responses)).toEqual(
      expect.arrayContaining(["201", "400", "401", "404", "409"]),
    );
    expect(doc.components.schemas.Domain.properties.ssl).toBeDefined();
  });
});

describe("routing by host", () => {
  it("serves the project's production version on its custom domain with the app host's assets, Worker, database, variables and headers", async () => {
    const d = await publishedApp("Routed app");
    const hostname = fresh();
    // Before it is attached, a local install answers as the builder on that name: no app there.
    const before = await visit(`http://${hostname}:8787/`);
    expect(before.headers.get("x-kiln-version")).toBeNull();
    expect(before.text).not.toContain("Routed app home");

    await addDomain(d.token, d.project.id, hostname);
    const appHost = `http://${d.project.slug}.localhost:8787`;
    const custom = `http://${hostname}:8787`;
    for (const path of ["/", "/about", "/about.html", "/missing-page"]) {
      const [a, b] = [await visit(`${appHost}${path}`), await visit(`${custom}${path}`)];
      expect(
        [b.status, b.text, b.headers.get("x-kiln-version"), b.headers.get("x-app-rule"), b.headers.get("location")],
        path,
      ).toEqual([a.status, a.text, d.versionId, a.headers.get("x-app-rule"), a.headers.get("location")]);
    }
    expect((await visit(`${custom}/`)).headers.get("x-app-rule")).toBe("yes");
    const who = JSON.parse((await visit(`${custom}/api/who`)).text);
    expect(who).toEqual({ host: `${hostname}:8787`, path: "/api/who", greeting: "hello" });
    // One production database behind both hosts.
    const first = JSON.parse((await visit(`${appHost}/api/db`)).text).n;
    expect(JSON.parse((await visit(`${custom}/api/db`)).text).n).toBe(first + 1);
    // The builder's API is not there: /api/* is the app's own Worker.
    const api = await visit(`${custom}/api/projects`, { headers: { authorization: `Bearer ${d.token}` } });
    expect([api.status, api.text]).toEqual([404, "not found"]);
    // Path routes on a custom domain are the app's own paths, never another app.
    expect((await visit(`${custom}/apps/${d.project.id}/`)).headers.get("location")).toBeNull();
  });

  it("shows the custom domain in the project's URLs once active, and the app host again once removed", async () => {
    const d = await publishedApp("URL app");
    const hostname = fresh();
    await addDomain(d.token, d.project.id, hostname);
    const want = `http://${hostname}:8787/`;
    expect((await call("GET", `/api/projects/${d.project.id}`, { token: d.token })).json.project).toMatchObject({
      productionUrl: want,
      deployedUrl: want,
    });
    expect(
      (await call("GET", "/api/projects", { token: d.token })).json.projects.find((p: any) => p.id === d.project.id)
        .productionUrl,
    ).toBe(want);
    expect((await call("GET", `/api/projects/${d.project.id}/preview`, { token: d.token })).json.url).toBe(want);
    expect(
      (await call("GET", `/__api/projects/${d.project.id}`, { headers: { authorization: d.apiToken } })).json.project
        .url,
    ).toBe(want);
    const republished = await call("POST", `/api/projects/${d.project.id}/publish`, {
      token: d.token,
      body: { versionId: d.versionId },
    });
    expect(republished.json.url).toBe(want);
    // Behind https, no port.
    const secure = await exports.default.fetch(
      new Request(`https://localhost/api/projects/${d.project.id}`, {
        headers: { authorization: `Bearer ${d.token}` },
      }),
    );
    expect(((await secure.json()) as any).project.productionUrl).toBe(`https://${hostname}/`);

    await call("DELETE", `/api/projects/${d.project.id}/domains/${hostname}`, { token: d.token });
    expect((await call("GET", `/api/projects/${d.project.id}`, { token: d.token })).json.project.productionUrl).toBe(
      `http://${d.project.slug}.localhost:8787/`,
    );
    const gone = await visit(`http://${hostname}:8787/`);
    expect(gone.headers.get("x-kiln-version")).toBeNull();
  });

  it("with the platform's hosts configured, answers an unknown host with a 404 page, never the builder UI or API; custom domains still serve their app", async () => {
    const d = await publishedApp("Production routing");
    const hostname = fresh();
    await addDomain(d.token, d.project.id, hostname);
    const production = { PLATFORM_HOSTS: "kiln.example.com", APPS_DOMAIN: "apps.example.com" };
    for (const url of [
      "https://stranger.example.net/",
      "https://stranger.example.net/api/health",
      "https://stranger.example.net/api/me",
      "https://stranger.example.net/__api/projects",
      "https://203.0.113.9/",
      "https://kiln.example.com.evil.example/",
    ]) {
      const res = await callWith(production, url, { token: d.token });
      expect(res.status, url).toBe(404);
      expect(res.headers.get("content-type"), url).toMatch(/text\/html/);
      expect(res.text, url).toContain("No app here");
      expect(res.text, url).not.toContain('id="root"');
    }
    // The listed hosts are the builder.
    const health = await callWith(production, "https://kiln.example.com/api/health");
    expect([health.status, health.json.ok]).toEqual([200, true]);
    const served = await dispatchApp(
      new Request(`https://${hostname}/api/who`),
      { ...env, ...production },
      exports as Cloudflare.Exports,
    );
    expect(((await served!.json()) as any).host).toBe(hostname);
    // Locally (no PLATFORM_HOSTS), any other address is still the builder.
    const local = await callWith({}, "http://my-laptop.lan:8787/api/health");
    expect([local.status, local.json.ok]).toEqual([200, true]);
  });
});

describe("egress and teardown", () => {
  it("treats another project's custom domain like any external host, and keeps the platform's hosts blocked", async () => {
    const target = await publishedApp("Egress target");
    const prober = await publishedApp("Egress prober");
    const hostname = fresh();
    await addDomain(target.token, target.project.id, hostname);
    const probe = async (to: string) =>
      JSON.parse(
        (await visit(`http://${prober.project.slug}.localhost:8787/api/fetch?to=${encodeURIComponent(to)}`)).text,
      );
    // It leaves through the network like any other name (the tests' stand-in internet cannot reach it); it is neither blocked nor served from inside Kiln.
    const out = await probe(`http://${hostname}/api/who`);
    expect(out.egress).toBeNull();
    expect(out.status).toBe(502);
    expect(out.body).toContain(`${hostname} is not reachable`);
    for (const to of ["http://localhost:8787/api/health", `http://${target.project.slug}.localhost:8787/`])
      expect(await probe(to), to).toMatchObject({ status: 403, egress: "blocked" });
  });

  it("removes a project's domains with the project: rows, host map and routing", async () => {
    const d = await publishedApp("Doomed");
    const [one, two] = [fresh(), fresh()];
    await addDomain(d.token, d.project.id, one);
    await addDomain(d.token, d.project.id, two);
    expect(await env.KV.get(`host:${one}`)).toBe(d.project.id);
    expect((await call("DELETE", `/api/projects/${d.project.id}`, { token: d.token })).status).toBe(204);
    expect(
      await env.DB.prepare("SELECT count(*) AS n FROM custom_domains WHERE project_id = ?")
        .bind(d.project.id)
        .first<number>("n"),
    ).toBe(0);
    for (const h of [one, two]) {
      expect(await env.KV.get(`host:${h}`), h).toBeNull();
      expect((await visit(`http://${h}:8787/`)).headers.get("x-kiln-version"), h).toBeNull();
    }
    // The nightly clean-up puts back a lost host route of an active domain.
    const kept = await publishedApp("Kept");
    const lost = fresh();
    await addDomain(kept.token, kept.project.id, lost);
    await env.KV.delete(`host:${lost}`);
    const report = await runMaintenance(env);
    expect(report.repaired).toContain(
      `${kept.project.id}: the host route for its domain ${lost} was missing; restored`,
    );
    expect(await env.KV.get(`host:${lost}`)).toBe(kept.project.id);
    // The names are free again.
    const other = await publishedApp("Heir");
    expect((await addDomain(other.token, other.project.id, one)).status).toBe(201);
  });
});
