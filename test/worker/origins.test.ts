import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { artifactKey, forgetArtifacts } from "../../src/hosting/artifact";
import { dispatchApp } from "../../src/hosting/serving/dispatcher";
import { call } from "./helpers";
import { deploy, deployer, visit } from "./hosting-helpers";

/**
 * No app content on the builder's origin, and nothing an app answers reaches beyond its own.
 * Each attack goes through the public deploy API, as a hostile app's author would send it.
 */

const MARKER = "hostile-app-bytes-7f3a";

/** A hostile app: its page and its Worker both try to act on whatever origin they are served from. */
const hostileWorker = `
export default {
  async fetch(request) {
    const url = new URL(request.url);
    const headers = new Headers({ "content-type": "text/plain", "service-worker-allowed": "/", "strict-transport-security": "max-age=63072000; includeSubDomains", "nel": '{"report_to":"x","max_age":86400,"include_subdomains":true}', "alt-svc": 'h3=":9443"' });
    headers.append("set-cookie", "stolen=1; Domain=localhost; Path=/; HttpOnly");
    headers.append("set-cookie", "wide=2; path=/api; domain=.localhost; SameSite=None; Secure");
    headers.append("set-cookie", "own=3; Max-Age=60");
    headers.append("set-cookie", "apps=4; Path=/; DOMAIN=apps.localhost");
    return new Response("${MARKER} worker " + request.method + " " + url.pathname, { headers });
  }
};`;

async function hostileApp() {
  const d = await deployer("Hostile origin");
  await deploy(d.apiToken, d.project.id, {
    assets: {
      "/index.html": `<html><head></head><body>${MARKER} page<script>localStorage.getItem("kiln.token")</script></body></html>`,
      "/sw.js": `${MARKER} self.addEventListener("fetch", () => {})`,
    },
    worker: { "index.js": hostileWorker },
    run_worker_first: ["/api/*"],
  });
  return d;
}

describe("path routes never answer on the builder's origin", () => {
  it("redirects every method, form and encoding of a path route on the builder's host to the apps host, never returning app bytes", async () => {
    const d = await hostileApp();
    const id = d.project.id;
    const paths = [
      `/apps/${id}/`,
      `/apps/${id}`,
      `/apps/${id}/index.html`,
      `/apps/${id}/sw.js`,
      `/apps/${id}/api/anything?x=1`,
      `/apps/${id}//api/x`,
      `/apps/${id}/%zz`,
      `/apps/${id}/?%E0%A4%A`,
      `/apps/${id}%2F`,
      `/apps/${id.toUpperCase()}/`,
      `/__project/${id}/`,
      `/__project/${id}`,
      `/__project/${id}/api/x`,
    ];
    for (const host of ["localhost:8787", "127.0.0.1:8787", "LOCALHOST:8787", "localhost.:8787"]) {
      for (const path of paths) {
        for (const method of ["GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS"]) {
          const res = await visit(`http://${host}${path}`, {
            method,
            body: method === "POST" || method === "PUT" ? "payload" : undefined,
          });
          const where = `${method} ${host}${path}`;
          expect(res.text, where).not.toContain(MARKER);
          expect(res.headers.get("x-kiln-version"), where).toBeNull();
          expect(res.headers.get("set-cookie"), where).toBeNull();
          expect(res.status, where).toBe(308);
          expect(res.headers.get("location"), where).toBe(
            `http://apps.localhost:8787${new URL(`http://x${path}`).pathname}${new URL(`http://x${path}`).search}`,
          );
        }
      }
    }
  });

  it("leaves look-alike paths on the builder's host to the builder, which serves no app bytes for them", async () => {
    const d = await hostileApp();
    const id = d.project.id;
    const ask = async (path: string) => {
      const res = await visit(`http://localhost:8787${path}`);
      expect(res.text, path).not.toContain(MARKER);
      expect(res.headers.get("x-kiln-version"), path).toBeNull();
      return res;
    };
    // Not path routes: the builder's UI answers them (a page, or its own trailing-slash redirect).
    for (const path of [`/%61pps/${id}/`, `/APPS/${id}/`, `//apps/${id}/`, `/apps%2F${id}/`]) {
      const res = await ask(path);
      expect([200, 307], path).toContain(res.status);
      expect(res.headers.get("location") ?? "/", path).toMatch(/^\/(?!\/)/);
    }
    // Dot segments (%2e too) are resolved before routing: these are path routes again, or the builder's API.
    for (const path of [`/./apps/${id}/../${id}/`, `/x/../apps/${id}/`])
      expect((await ask(path)).headers.get("location"), path).toBe(`http://apps.localhost:8787/apps/${id}/`);
    expect((await ask(`/apps/${id}/%2e%2e/%2e%2e/api/me`)).status).toBe(401);
  });

  it("serves path routes on the apps host, and nothing else there: no builder UI or API", async () => {
    const d = await hostileApp();
    const base = `http://apps.localhost:8787/apps/${d.project.id}`;
    const page = await visit(`${base}/`);
    expect([
      page.status,
      page.text.includes(`${MARKER} page`),
      page.text.includes(`<base href="/apps/${d.project.id}/">`),
    ]).toEqual([200, true, true]);
    expect((await visit(`${base}/api/x`, { method: "POST", body: "hi" })).text).toBe(`${MARKER} worker POST /api/x`);
    const head = await visit(`${base}/`, { method: "HEAD" });
    expect([head.status, head.text]).toEqual([200, ""]);
    expect((await visit(`http://apps.localhost:8787/__project/${d.project.id}/api/y`)).text).toBe(
      `${MARKER} worker GET /api/y`,
    );

    for (const path of [
      "/",
      "/api/me",
      "/api/health",
      "/__api/projects",
      "/index.html",
      "/apps/",
      "/apps/not-a-project/",
    ]) {
      const res = await visit(`http://apps.localhost:8787${path}`, { headers: { authorization: `Bearer ${d.token}` } });
      expect(res.status, path).toBe(404);
      expect(res.text, path).toContain("No app here");
    }
    // An app's own host answers its own paths: /apps/<other id>/ there is the app itself, never another app.
    const other = await hostileApp();
    expect((await visit(`http://${d.project.slug}.localhost:8787/apps/${other.project.id}/api/z`)).text).toBe(
      `${MARKER} worker GET /apps/${other.project.id}/api/z`,
    );
  });

  it("in production, sends path routes on the builder's host to apps.<APPS_DOMAIN>, or explains how to reach the app when there is no apps domain", async () => {
    const d = await hostileApp();
    const ask = (url: string, settings: Partial<typeof env>) =>
      dispatchApp(new Request(url, { redirect: "manual" }), { ...env, ...settings }, exports as Cloudflare.Exports);

    const moved = await ask(`https://kiln.example.com/apps/${d.project.id}/api/x?y=1`, {
      APPS_DOMAIN: "apps.example.com",
    });
    expect([moved!.status, moved!.headers.get("location")]).toEqual([
      308,
      `https://apps.apps.example.com/apps/${d.project.id}/api/x?y=1`,
    ]);
    const served = await ask(`https://apps.apps.example.com/apps/${d.project.id}/api/x`, {
      APPS_DOMAIN: "apps.example.com",
    });
    expect(await served!.text()).toBe(`${MARKER} worker GET /api/x`);
    expect(
      await (await ask(`https://${d.project.slug}.apps.example.com/api/x`, {
        APPS_DOMAIN: "apps.example.com",
      }))!.text(),
    ).toBe(`${MARKER} worker GET /api/x`);
    // The bare apps domain is no app and no builder either.
    const bare = await ask("https://apps.example.com/", { APPS_DOMAIN: "apps.example.com" });
    expect([bare!.status, (await bare!.text()).includes("No app here")]).toEqual([404, true]);
    // The builder's own requests are left to the platform.
    expect(await ask("https://kiln.example.com/api/health", { APPS_DOMAIN: "apps.example.com" })).toBeNull();

    const nowhere = await ask(`https://kiln.example.com/apps/${d.project.id}/`, { APPS_DOMAIN: undefined });
    expect(nowhere!.status).toBe(404);
    const text = await nowhere!.text();
    expect(text).toContain("APPS_DOMAIN");
    expect(text).not.toContain(MARKER);
  });

  it("hands out app URLs only on app hosts", async () => {
    const d = await hostileApp();
    const described = (await call("GET", `/__api/projects/${d.project.id}`, { headers: { authorization: d.apiToken } }))
      .json.project;
    expect(described.url).toBe(`http://${d.project.slug}.localhost:8787/`);
    expect(described.pathUrl).toBe(`http://apps.localhost:8787/__project/${d.project.id}/`);
    const project = (await call("GET", `/api/projects/${d.project.id}`, { token: d.token })).json.project;
    expect(project).toMatchObject({
      deployedUrl: `http://${d.project.slug}.localhost:8787/`,
      productionUrl: `http://${d.project.slug}.localhost:8787/`,
    });
    // A URL stored by an older Kiln on the builder's origin is not handed out again.
    await env.DB.prepare("UPDATE projects SET deployed_url = ? WHERE id = ?")
      .bind(`http://localhost:8787/apps/${d.project.id}/`, d.project.id)
      .run();
    expect((await call("GET", `/api/projects/${d.project.id}`, { token: d.token })).json.project.deployedUrl).toBe(
      `http://${d.project.slug}.localhost:8787/`,
    );
    expect((await call("GET", `/api/projects/${d.project.id}/preview`, { token: d.token })).json.url).toBe(
      `http://${d.project.slug}.localhost:8787/`,
    );
    // Opened as 127.0.0.1, the builder still hands out *.localhost app URLs, never its own origin.
    const viaIp = await exports.default.fetch(
      new Request(`http://127.0.0.1:8787/api/projects/${d.project.id}`, {
        headers: { authorization: `Bearer ${d.token}` },
      }),
    );
    expect(((await viaIp.json()) as any).project.productionUrl).toBe(`http://${d.project.slug}.localhost:8787/`);
  });

  it("gives no project the path-route host's name, or a slug that would break a preview host", async () => {
    const { token } = await deployer();
    for (const name of ["apps", "APPS", "Apps!", "login", "api"]) {
      const slug = (await call("POST", "/api/projects", { token, body: { name } })).json.project.slug;
      expect(slug, name).not.toBe(name.toLowerCase().replace(/[^a-z]/g, ""));
      expect(slug, name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    }
    // Long names cut at a hyphen, taken again and again until a random suffix: never a `--`, never over 40.
    const long = "a".repeat(32) + " b c d e f g h";
    for (let i = 0; i < 7; i++) {
      const slug = (await call("POST", "/api/projects", { token, body: { name: long } })).json.project.slug as string;
      expect(slug).not.toContain("--");
      expect(slug.length).toBeLessThanOrEqual(40);
    }
  });
});

describe("responses cannot reach beyond the app's origin", () => {
  it("refuses header rules that act beyond the app's origin with a 400 naming the rule, and deploys nothing", async () => {
    const d = await deployer("Header rules");
    const good = await deploy(d.apiToken, d.project.id, { assets: { "/index.html": "v1" } });
    const refused: [Record<string, unknown>, RegExp][] = [
      [{ "/*": { set: { "Service-Worker-Allowed": "/" } } }, /"\/\*" may not set Service-Worker-Allowed/],
      [{ "/sw.js": { set: { "service-worker-allowed": "/" } } }, /"\/sw\.js" may not set service-worker-allowed/],
      [{ "/": { set: { "Set-Cookie": "session=x; Domain=localhost" } } }, /"\/" may not set Set-Cookie/],
      [
        { "/*": { set: { "Strict-Transport-Security": "max-age=31536000; includeSubDomains" } } },
        /may not set Strict-Transport-Security/,
      ],
      [{ "/*": { set: { NEL: '{"report_to":"r","max_age":1}' } } }, /may not set NEL/],
      [{ "/*": { set: { "Alt-Svc": 'h3=":443"' } } }, /may not set Alt-Svc/],
      [{ "/*": { set: { "bad header": "x" } } }, /not a valid header name/],
      [{ "/*": { set: { "x-ok": "line\r\nset-cookie: a=1" } } }, /line break/],
      [{ "/*": { unset: ["bad header"] } }, /not a valid header name/],
    ];
    for (const [rules, message] of refused) {
      const res = await deploy(d.apiToken, d.project.id, {
        assets: { "/index.html": "v2" },
        config: { headers: { rules } },
      }).catch((e) => e);
      expect(res.status, JSON.stringify(rules)).toBe(400);
      expect(res.code, JSON.stringify(rules)).toBe("invalid_request");
      expect(res.message, JSON.stringify(rules)).toMatch(message);
    }
    const live = await visit(`http://${d.project.slug}.localhost:8787/`);
    expect([live.text, live.headers.get("x-kiln-version")]).toEqual(["v1", good.versionId]);

    // Headers that act on the app's own origin only are fine.
    await deploy(d.apiToken, d.project.id, {
      assets: { "/index.html": "v3" },
      config: {
        headers: {
          rules: {
            "/*": {
              set: {
                "Clear-Site-Data": '"storage"',
                "Content-Security-Policy": "default-src 'self'",
                "Access-Control-Allow-Origin": "*",
              },
            },
          },
        },
      },
    });
    const fine = await visit(`http://${d.project.slug}.localhost:8787/`);
    expect([fine.text, fine.headers.get("clear-site-data"), fine.headers.get("access-control-allow-origin")]).toEqual([
      "v3",
      '"storage"',
      "*",
    ]);
  });

  it("strips Service-Worker-Allowed and the host-wide headers from a Worker's answers, and keeps its cookies host-only", async () => {
    const d = await hostileApp();
    const own = await visit(`http://${d.project.slug}.localhost:8787/api/x`);
    expect(own.text).toContain(MARKER);
    for (const name of ["service-worker-allowed", "strict-transport-security", "nel", "alt-svc"])
      expect(own.headers.get(name), name).toBeNull();
    expect(own.headers.getSetCookie()).toEqual([
      "stolen=1; Path=/; HttpOnly",
      "wide=2; path=/api; SameSite=None; Secure",
      "own=3; Max-Age=60",
      "apps=4; Path=/",
    ]);

    // On the shared apps host each cookie is kept to the app's own prefix as well.
    const shared = await visit(`http://apps.localhost:8787/apps/${d.project.id}/api/x`);
    expect(shared.headers.get("service-worker-allowed")).toBeNull();
    expect(shared.headers.getSetCookie()).toEqual([
      `stolen=1; Path=/apps/${d.project.id}/; HttpOnly`,
      `wide=2; Path=/apps/${d.project.id}/api; SameSite=None; Secure`,
      "own=3; Max-Age=60",
      `apps=4; Path=/apps/${d.project.id}/`,
    ]);
  });

  it("never applies a forbidden header rule stored by a version deployed before the check", async () => {
    const d = await deployer("Old version");
    const v = await deploy(d.apiToken, d.project.id, {
      assets: { "/index.html": "old" },
      config: { headers: { rules: { "/*": { set: { "x-kept": "yes" } } } } },
    });
    // A version from before the deploy-time check, with the rules now refused.
    const key = artifactKey(d.project.id, v.versionId);
    const artifact = (await (await env.CODE.get(key))!.json()) as any;
    artifact.config.headers.rules["/*"].set = {
      "x-kept": "stored",
      "Service-Worker-Allowed": "/",
      "Set-Cookie": "s=1; Domain=localhost",
      "x-bad": "a\nb",
    };
    artifact.config.headers.rules["/*"].unset = ["bad name"];
    await env.CODE.put(key, JSON.stringify(artifact));
    forgetArtifacts(d.project.id);
    for (const url of [
      `http://${d.project.slug}.localhost:8787/`,
      `http://apps.localhost:8787/apps/${d.project.id}/`,
    ]) {
      const res = await visit(url);
      // "stored": the rules served are the ones rewritten above.
      expect(
        [
          res.status,
          res.headers.get("x-kept"),
          res.headers.get("service-worker-allowed"),
          res.headers.get("set-cookie"),
          res.headers.get("x-bad"),
        ],
        url,
      ).toEqual([200, "stored", null, null, null]);
    }
  });
});
