// The scaffolder: plan + template → the full project, and that project through the in-platform
// builder (TypeScript strict, esbuild, Tailwind, migrations on a scratch database) with no diagnostics.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { buildApp } from "../../src/builder";
import { planFromDescription } from "../../src/agent/plan/heuristic";
import { interpretEdit } from "../../src/agent/plan/offline-edits";
import { normalizePlan, type Plan } from "../../src/agent/plan/schema";
import { DestructiveChangeError, scaffold, TEMPLATE_FILES_CHANGED } from "../../src/agent/scaffold";
import { templateApp } from "../fixtures/build/files";
import { EVERY_KIND_PLAN } from "../fixtures/plans/every-kind";
import { scratchDatabase } from "./helpers";

const template = templateApp();
const crm = planFromDescription(
  "A small CRM: companies, contacts that belong to companies, and deals with an amount and a stage",
);
const edited = (plan: Plan, message: string) => {
  const r = interpretEdit(plan, message);
  if (r.kind !== "plan") throw new Error(r.reason);
  return r;
};

describe.skipIf(!template["index.html"])("scaffold", () => {
  it("writes the template plus a migration, a router per table, pages, navigation and the title", () => {
    const files = scaffold(crm, template);
    expect(scaffold(crm, template)).toEqual(files);
    for (const path of Object.keys(template)) expect(files).toHaveProperty([path]);
    const added = Object.keys(files)
      .filter((p) => !(p in template))
      .sort();
    expect(added).toEqual([
      "migrations/0002_crm.sql",
      "src/components/CompanySelect.tsx",
      "src/lib/format.ts",
      "src/lib/types.ts",
      "src/pages/CompaniesPage.tsx",
      "src/pages/CompanyFormPage.tsx",
      "src/pages/ContactFormPage.tsx",
      "src/pages/ContactsPage.tsx",
      "src/pages/DealFormPage.tsx",
      "src/pages/DealsPage.tsx",
      "worker/companies.ts",
      "worker/contacts.ts",
      "worker/dashboard.ts",
      "worker/deals.ts",
    ]);
    const changed = Object.keys(template)
      .filter((p) => files[p] !== template[p])
      .sort();
    expect(
      changed.every((p) => (TEMPLATE_FILES_CHANGED as readonly string[]).includes(p)),
      changed.join(", "),
    ).toBe(true);
    expect(files["index.html"]).toContain("<title>CRM</title>");
    expect(files["package.json"]).toContain('"name": "crm"');
    expect(files["wrangler.jsonc"]).toContain('"database_name": "crm-db"');
    expect(files["worker/index.ts"]).toContain('app.route("/api/deals", deals);');
    expect(files["worker/index.ts"]).toContain('import { deals } from "./deals";');
    expect(files["worker/validate.ts"]).toContain("  money(field: string");
    expect(files["worker/deals.ts"]).toContain("deals.use(requireAuth);");
    expect(files["worker/deals.ts"]).toContain("if (!(await ownsCompany(db, userId, deal.company_id))) {");
    expect(files["worker/companies.ts"]).toContain(
      'c.env.DB.prepare("DELETE FROM deals WHERE company_id = ? AND user_id = ?")',
    );
    expect(files["worker/companies.ts"]).toContain("UPDATE contacts SET company_id = NULL");
    expect(files["src/components/Layout.tsx"]).toContain('{ to: "/deals", label: "Deals" },');
    expect(files["src/components/Layout.tsx"]).toMatch(/>\s*CRM\s*<\/Link>/);
    expect(files["src/App.tsx"]).toContain('<Route path="deals/:id/edit" element={<DealFormPage />} />');
    expect(files["README.md"]).toMatch(/^# CRM\n/);
    expect(files["README.md"]).toContain("## Run it without Kiln");
    // No theme: the template's look stays.
    expect(files["src/index.css"]).toBe(template["src/index.css"]);
  });

  it("applies the main colour through Tailwind's theme", () => {
    const green = edited(crm, "make it green").plan;
    const files = scaffold(green, template);
    expect(files["src/index.css"]).toContain(
      "@theme {\n  --color-primary: #16a34a;\n  --color-primary-foreground: #ffffff;\n}",
    );
    expect(files["src/components/ui/button.tsx"]).toContain(
      'primary: "bg-primary text-primary-foreground hover:bg-primary/85"',
    );
    expect(files["src/components/Layout.tsx"]).toContain("border-t-primary");
    const again = scaffold(edited(green, "use #fde047 as the main colour").plan, template);
    expect(again["src/index.css"]!.match(/@theme/g)).toHaveLength(1);
    expect(again["src/index.css"]).toContain("--color-primary-foreground: #18181b;");
  });

  it("turns a plan change into a new migration and keeps the applied ones", () => {
    const first = scaffold(crm, template);
    const migrations = {
      "migrations/0001_init.sql": first["migrations/0001_init.sql"]!,
      "migrations/0002_crm.sql": first["migrations/0002_crm.sql"]!,
    };
    const withPriority = edited(crm, "add a priority field to deals").plan;
    const next = scaffold(withPriority, template, { previous: { plan: crm, migrations } });
    expect(next["migrations/0002_crm.sql"]).toBe(migrations["migrations/0002_crm.sql"]);
    expect(next["migrations/0003_add_priority_to_deals.sql"]).toContain(
      "ALTER TABLE deals ADD COLUMN priority TEXT NOT NULL DEFAULT 'low';",
    );
    expect(next["worker/deals.ts"]).toContain('priority: v.oneOf("priority", DEAL_PRIORITIES),');

    const without = edited(crm, "remove deals");
    expect(() => scaffold(without.plan, template, { previous: { plan: crm, migrations } })).toThrow(
      DestructiveChangeError,
    );
    const confirmed = scaffold(without.plan, template, { previous: { plan: crm, migrations }, confirmed: true });
    expect(confirmed["migrations/0003_drop_deals.sql"]).toContain("DROP TABLE IF EXISTS deals;");
    expect(confirmed).not.toHaveProperty(["worker/deals.ts"]);
  });

  it("the generated CRM builds inside the platform with no diagnostics", { timeout: 120_000 }, async () => {
    const files = scaffold(edited(crm, "make it violet").plan, template);
    const r = await buildApp(files, { loader: env.LOADER, migrationDb: scratchDatabase(), cacheKey: "scaffold-crm" });
    console.log(`scaffolded CRM build: ${JSON.stringify(r.timings)}`);
    expect(r.diagnostics).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.migrations.map((m) => m.name)).toEqual(["0001_init.sql", "0002_crm.sql"]);
    const html = String(r.assets["/index.html"]!.body);
    const css = /href="\.\/(assets\/index-[A-Z0-9]+\.css)"/.exec(html)?.[1];
    expect(css && String(r.assets[`/${css}`]!.body)).toMatch(/--color-primary:\s*#7c3aed/);
  });

  it(
    "a plan with every column kind (phone, ranges) builds inside the platform with no diagnostics",
    { timeout: 120_000 },
    async () => {
      const files = scaffold(normalizePlan(EVERY_KIND_PLAN), template);
      const r = await buildApp(files, {
        loader: env.LOADER,
        migrationDb: scratchDatabase(),
        cacheKey: "scaffold-every-kind",
      });
      expect(r.diagnostics).toEqual([]);
      expect(r.ok).toBe(true);
      expect(r.migrations.map((m) => m.name)).toEqual(["0001_init.sql", "0002_every_kind.sql"]);
    },
  );

  it("a table whose singular is a JavaScript word (classes → class) builds", { timeout: 120_000 }, async () => {
    const plan = planFromDescription(
      "need something for my pottery studio - students sign up for classes, each class has a weekday, max seats and a price",
    );
    expect(plan.dataModel.tables.map((t) => t.name)).toContain("classes");
    const r = await buildApp(scaffold(plan, template), {
      loader: env.LOADER,
      migrationDb: scratchDatabase(),
      cacheKey: "scaffold-classes",
    });
    expect(r.diagnostics).toEqual([]);
    expect(r.ok).toBe(true);
  });

  it(
    "every one of the ten offline apps, and one without login, builds inside the platform",
    { timeout: 300_000 },
    async () => {
      const { default: prompts } = await import("../fixtures/prompts/offline.json");
      const open = planFromDescription("A public guestbook with no login");
      expect(open.needsAuth).toBe(false);
      const openFiles = scaffold(open, template);
      // A guestbook keeps messages (it kept "items" before the planner read the word).
      expect(open.dataModel.tables.map((t) => t.name)).toEqual(["messages"]);
      expect(openFiles["worker/messages.ts"]).not.toContain("requireAuth");
      expect(
        openFiles["migrations/0002_guestbook.sql"] ??
          Object.entries(openFiles).find(([p]) => p.startsWith("migrations/0002"))?.[1],
      ).not.toContain("user_id");
      for (const { id, prompt } of [
        ...prompts.prompts,
        { id: "no-login", prompt: "A public guestbook with no login" },
      ]) {
        const r = await buildApp(scaffold(planFromDescription(prompt), template), {
          loader: env.LOADER,
          migrationDb: scratchDatabase(),
          cacheKey: `scaffold-${id}`,
        });
        expect(r.diagnostics, id).toEqual([]);
        expect(r.ok, id).toBe(true);
      }
    },
  );
});
