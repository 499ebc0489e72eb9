import { describe, expect, it } from "vitest";
import { call } from "./helpers";
import { deploy, deployer, visit } from "./hosting-helpers";

/** Asset config the platform could never serve is refused at deploy, not with an error on every visit. */
describe("deploy refuses asset config it could never serve", () => {
  const cases: { config?: object; run_worker_first?: string[]; path: string; says: RegExp }[] = [
    {
      config: { headers: { rules: { "/*": { set: { "bad name": "x" } } } } },
      path: "config.headers.rules./*.set.bad name",
      says: /not a header HTTP can carry/,
    },
    {
      config: { headers: { rules: { "/*": { set: { "x-fine": "a\u0000b" } } } } },
      path: "config.headers.rules./*.set.x-fine",
      says: /not a header HTTP can carry/,
    },
    {
      config: { headers: { rules: { "/*": { unset: ["no:colons"] } } } },
      path: "config.headers.rules./*.unset.0",
      says: /not a header HTTP can carry/,
    },
    {
      config: { headers: { rules: { "/:a/:a": { set: { "x-fine": "1" } } } } },
      path: "config.headers.rules./:a/:a",
      says: /each :name may appear once/,
    },
    {
      config: { redirects: { dynamic: { "/x/*/*": { status: 301, to: "/y" } } } },
      path: "config.redirects.dynamic./x/*/*",
      says: /\* at most once/,
    },
    {
      config: { redirects: { static: { "/old": { status: 301, to: "/new\u0000" } } } },
      path: "config.redirects.static./old.to",
      says: /not a header HTTP can carry/,
    },
    { run_worker_first: ["/api/*", "!/:a/:a"], path: "run_worker_first.1", says: /each :name may appear once/ },
  ];

  it("answers 400 naming the field, and the app stays as it was", async () => {
    const d = await deployer("Config checks");
    await deploy(d.apiToken, d.project.id, { assets: { "/index.html": "<h1>first</h1>" } });
    for (const c of cases) {
      const failed = await deploy(d.apiToken, d.project.id, {
        assets: { "/index.html": "<h1>second</h1>" },
        worker: { "index.js": "export default { fetch: () => new Response('w') };" },
        config: c.config,
        run_worker_first: c.run_worker_first,
      }).catch((err: any) => err);
      expect([failed.status, failed.code], c.path).toEqual([400, "invalid_request"]);
      expect(failed.message, c.path).toContain(`${c.path}: `);
      expect(failed.message, c.path).toMatch(c.says);
    }
    const live = await visit(`http://${d.project.slug}.localhost:8787/`);
    expect([live.status, live.text]).toEqual([200, "<h1>first</h1>"]);
    // Well-formed rules still deploy and apply.
    await deploy(d.apiToken, d.project.id, {
      assets: { "/index.html": "<h1>third</h1>" },
      config: {
        headers: { rules: { "/:page": { set: { "x-page": "yes" } } } },
        redirects: { dynamic: { "/u/:name/*": { status: 302, to: "/users/:name/:splat" } } },
      },
    });
    const third = await visit(`http://${d.project.slug}.localhost:8787/u/ada/posts/1`);
    expect([third.status, third.headers.get("location")]).toEqual([302, "/users/ada/posts/1"]);
    expect(
      (await call("GET", `/__api/projects/${d.project.id}`, { headers: { authorization: d.apiToken } })).json.project
        .assetsCount,
    ).toBe(1);
  });
});
