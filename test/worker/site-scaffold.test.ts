// A content site's scaffold (src/agent/scaffold/site-code.ts): the template with one public page of
// sections, built inside the platform (TypeScript strict, esbuild, Tailwind) and through the smoke run.
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { interpretSiteEdit } from "../../src/agent/plan/site-edits";
import { planSite } from "../../src/agent/plan/site";
import type { Plan } from "../../src/agent/plan/types";
import { scaffold, TEMPLATE_FILES_CHANGED } from "../../src/agent/scaffold";
import { smokeRun } from "../../src/agent/smoke";
import { buildApp } from "../../src/builder";
import { templateApp } from "../fixtures/build/files";
import { scratchDatabase } from "./helpers";

const template = templateApp();
const bakery = planSite("a landing page for my bakery 'Crumb & Co' in Leeds, open 8-4, call 0113 496 0000");
const edited = (plan: Plan, message: string) => {
  const r = interpretSiteEdit(plan, message);
  if (r.kind !== "plan") throw new Error(r.reason);
  return r.plan;
};

describe.skipIf(!template["index.html"])("site scaffold", () => {
  it("writes the page, its words in src/content.ts, no login pages routed and no sign-up API", () => {
    const files = scaffold(bakery, template);
    expect(scaffold(bakery, template)).toEqual(files);
    const added = Object.keys(files)
      .filter((p) => !(p in template))
      .sort();
    expect(added).toEqual(["src/content.ts"]);
    const changed = Object.keys(template)
      .filter((p) => files[p] !== template[p])
      .sort();
    expect(
      changed.every((p) => (TEMPLATE_FILES_CHANGED as readonly string[]).includes(p)),
      changed.join(", "),
    ).toBe(true);
    expect(changed).toEqual(
      expect.arrayContaining([
        "src/App.tsx",
        "src/components/Layout.tsx",
        "src/pages/HomePage.tsx",
        "worker/index.ts",
        "index.html",
      ]),
    );

    // The words, as data: the name, the phone, the hours as written.
    expect(files["src/content.ts"]).toContain('"name": "Crumb & Co"');
    expect(files["src/content.ts"]).toContain('"phone": "0113 496 0000"');
    expect(files["src/content.ts"]).toContain('"8-4"');
    // No login: no login or register route, no sign-in link, no auth router in the Worker, no tables.
    expect(files["src/App.tsx"]).not.toMatch(/login|register|RequireAuth/i);
    expect(files["src/components/Layout.tsx"]).not.toMatch(/Sign in|useAuth/);
    expect(files["worker/index.ts"]).not.toMatch(/\/api\/auth|from "\.\/auth"/);
    expect(files["worker/index.ts"]).toContain('app.get("/api/health"');
    expect(Object.keys(files).filter((p) => p.startsWith("migrations/"))).toEqual(["migrations/0001_init.sql"]);
    expect(files["index.html"]).toContain("<title>Crumb &amp; Co</title>");
    expect(files["index.html"]).toContain('<meta name="description" content="Bakery in Leeds" />');
    expect(files["README.md"]).toMatch(/^# Crumb & Co\n/);
    expect(files["README.md"]).toContain("## Still to fill in\n\n- About us: Add a few sentences");
    expect(files["README.md"]).toContain("- Menu: Add your dishes and drinks, with their prices.");
    // No theme: the template's look; with one, the top band and buttons take it.
    expect(files["src/pages/HomePage.tsx"]).toContain("bg-zinc-900 text-white");
    const green = scaffold(edited(bakery, "make it green"), template);
    expect(green["src/pages/HomePage.tsx"]).toContain("bg-primary text-primary-foreground");
    expect(green["src/index.css"]).toContain("--color-primary: #16a34a;");
  });

  it("a plain edit changes the words and nothing else; a site never gets a migration", () => {
    const files = scaffold(bakery, template);
    const next = edited(bakery, "change the phone number to 0113 496 0001");
    const after = scaffold(next, template, {
      previous: { plan: bakery, migrations: { "migrations/0001_init.sql": files["migrations/0001_init.sql"]! } },
    });
    const changed = Object.keys(after).filter((p) => after[p] !== files[p]);
    expect(changed).toEqual(["src/content.ts"]);
    expect(after["src/content.ts"]).toContain('"phone": "0113 496 0001"');
  });

  it(
    "builds inside the platform with no diagnostics and passes the smoke run (no tables, no login)",
    { timeout: 180_000 },
    async () => {
      const plans: Array<[string, Plan]> = [
        ["bakery", bakery],
        ["bakery-green", edited(bakery, "make it green")],
        [
          "links",
          planSite(
            "link in bio page for my youtube channel: youtube.com/@cookingwithsam and https://instagram.com/sam, plus my etsy shop",
          ),
        ],
        [
          "event",
          planSite(
            "a page for our wedding on 12 June 2027 at Rosewood Hall, York. We can't wait to celebrate with you!",
          ),
        ],
        ["menu", planSite('a menu for my cafe "Bean There": flat white £3, croissant £2.50. Email hi@beanthere.cafe')],
        [
          "launch",
          planSite("landing page for our app launch: a headline, three features and a 'Get early access' button"),
        ],
        [
          "charity",
          planSite(
            "Website for Hope Shelter, a homeless charity in Hull: who we are, how to volunteer, how to give, and our charity number 1098765.",
          ),
        ],
      ];
      for (const [id, plan] of plans) {
        expect(plan.site, id).toBeTruthy();
        const built = await buildApp(scaffold(plan, template), {
          loader: env.LOADER,
          migrationDb: scratchDatabase(),
          cacheKey: `site-${id}`,
        });
        expect(built.diagnostics, id).toEqual([]);
        expect(built.ok, id).toBe(true);
        const smoke = await smokeRun(env, built, plan, { exports, projectId: `site-${id}` });
        expect(smoke.problems, id).toEqual([]);
        // The page's script carries the site's words.
        const script = Object.entries(built.assets).find(([p]) => /^\/assets\/index-.*\.js$/.test(p))?.[1];
        expect(String(script?.body), id).toContain(JSON.stringify(plan.site!.name).slice(1, -1));
      }
    },
  );

  it("the smoke run reports a site whose Worker fails on a request", { timeout: 120_000 }, async () => {
    const files = scaffold(bakery, template);
    const broken = files["worker/index.ts"]!.replace(
      'app.get("/api/health", (c) => c.json({ ok: true }));',
      'app.get("/api/health", () => { throw new Error("health is broken"); });',
    );
    expect(broken).not.toBe(files["worker/index.ts"]);
    const built = await buildApp(
      { ...files, "worker/index.ts": broken },
      { loader: env.LOADER, migrationDb: scratchDatabase(), cacheKey: "site-broken", typecheck: false },
    );
    expect(built.ok).toBe(true);
    const smoke = await smokeRun(env, built, bakery, { exports, projectId: "site-broken" });
    expect(smoke.ok).toBe(false);
    expect(smoke.problems[0]!.message).toMatch(/^GET \/api\/health answered 500/);
    expect(smoke.problems[0]!.message).toContain("health is broken");
  });
});
