// The plan schema and the offline planner on ten everyday prompts.
import { describe, expect, it } from "vitest";
import prompts from "../fixtures/prompts/offline.json";
import { planFromDescription } from "../../src/agent/plan/heuristic";
import {
  fieldColumns,
  normalizePlan,
  parsePlan,
  PlanError,
  type Plan,
  type PlanTable,
} from "../../src/agent/plan/schema";

const byId = Object.fromEntries(prompts.prompts.map((p) => [p.id, planFromDescription(p.prompt)])) as Record<
  string,
  Plan
>;
const table = (plan: Plan, name: string): PlanTable => {
  const t = plan.dataModel.tables.find((x) => x.name === name);
  if (!t) throw new Error(`no table ${name} in ${plan.dataModel.tables.map((x) => x.name).join(", ")}`);
  return t;
};
const col = (plan: Plan, t: string, c: string) => {
  const column = table(plan, t).columns.find((x) => x.name === c);
  if (!column)
    throw new Error(
      `no column ${t}.${c}: ${table(plan, t)
        .columns.map((x) => x.name)
        .join(", ")}`,
    );
  return column;
};
const tables = (plan: Plan) => plan.dataModel.tables.map((t) => t.name);

describe("the offline planner on the ten prompts", () => {
  it("is deterministic and every plan is already normalised, with login", () => {
    for (const { prompt, id } of prompts.prompts) {
      const plan = planFromDescription(prompt);
      expect(planFromDescription(prompt)).toEqual(plan);
      expect(normalizePlan(plan), id).toEqual(plan);
      expect(plan.needsAuth).toBe(true);
      expect(plan.dataModel.tables.length, id).toBeGreaterThan(0);
      for (const t of plan.dataModel.tables) {
        expect(t.columns.map((c) => c.name).slice(0, 2)).toEqual(["id", "user_id"]);
        expect(t.columns.map((c) => c.name).slice(-2)).toEqual(["created_at", "updated_at"]);
        expect(
          fieldColumns(t).some((c) => c.name === t.displayColumn),
          `${id}: ${t.name} display column`,
        ).toBe(true);
      }
      expect(plan.pages.map((p) => p.route)).toEqual(expect.arrayContaining(["/", "/login", "/register"]));
    }
  });

  it("todo list: title, due date (date), done (boolean)", () => {
    const p = byId.todo!;
    expect(p.title).toBe("Todo List");
    expect(tables(p)).toEqual(["todos"]);
    expect(col(p, "todos", "title")).toMatchObject({ kind: "text", required: true });
    expect(col(p, "todos", "due_date")).toMatchObject({ kind: "date", required: false, type: "TEXT" });
    expect(col(p, "todos", "done")).toMatchObject({
      kind: "boolean",
      type: "INTEGER NOT NULL DEFAULT 0 CHECK (done IN (0, 1))",
    });
    expect(p.pages).toEqual(
      expect.arrayContaining([
        { name: "Todos", route: "/todos" },
        { name: "New todo", route: "/todos/new" },
      ]),
    );
  });

  it("notes: title, body (long text), tags", () => {
    const p = byId.notes!;
    expect(tables(p)).toEqual(["notes"]);
    expect(col(p, "notes", "tags").kind).toBe("tags");
    expect(col(p, "notes", "body").kind).toBe("longtext");
  });

  it("CRM: companies, contacts and deals with amount (money), stage (enum) and references", () => {
    const p = byId.crm!;
    expect(p.title).toBe("CRM");
    expect(tables(p)).toEqual(["companies", "contacts", "deals"]);
    expect(col(p, "companies", "website").kind).toBe("url");
    expect(col(p, "contacts", "email").kind).toBe("email");
    expect(col(p, "contacts", "company_id")).toMatchObject({
      kind: "reference",
      references: "companies",
      required: false,
      type: "TEXT REFERENCES companies(id) ON DELETE SET NULL",
    });
    expect(col(p, "deals", "company_id")).toMatchObject({ kind: "reference", references: "companies", required: true });
    expect(col(p, "deals", "amount")).toMatchObject({ kind: "money", required: true, type: "REAL NOT NULL DEFAULT 0" });
    expect(col(p, "deals", "stage")).toMatchObject({
      kind: "enum",
      options: ["lead", "qualified", "proposal", "negotiation", "won", "lost"],
      type: "TEXT NOT NULL DEFAULT 'lead'",
    });
  });

  it("inventory: products with a whole-number stock level", () => {
    const p = byId.inventory!;
    expect(p.title).toBe("Inventory");
    // The person's words name the column ("stock levels"); the usual stock field gives its kind.
    expect(col(p, "products", "stock_level")).toMatchObject({ kind: "integer", required: true });
    expect(col(p, "products", "price").kind).toBe("money");
  });

  it("habit tracker: habits with a frequency, check-ins that belong to a habit", () => {
    const p = byId.habits!;
    expect(tables(p)).toEqual(["habits", "check_ins"]);
    expect(col(p, "habits", "frequency")).toMatchObject({ kind: "enum", options: ["daily", "weekly", "monthly"] });
    expect(col(p, "check_ins", "habit_id")).toMatchObject({ kind: "reference", references: "habits", required: true });
    expect(col(p, "check_ins", "done_on").kind).toBe("date");
    expect(table(p, "check_ins")).toMatchObject({ label: "Check-ins", singular: "check_in", displayColumn: "done_on" });
  });

  it("recipe book, expense tracker with categories, bookmarks", () => {
    expect(tables(byId.recipes!)).toEqual(["recipes"]);
    expect(col(byId.recipes!, "recipes", "ingredients").kind).toBe("longtext");
    expect(col(byId.recipes!, "recipes", "servings").kind).toBe("integer");
    const e = byId.expenses!;
    expect(col(e, "expenses", "amount")).toMatchObject({ kind: "money", required: true });
    expect(col(e, "expenses", "category")).toMatchObject({ kind: "enum", required: true });
    expect(col(e, "expenses", "category").options).toContain("food");
    expect(col(e, "expenses", "spent_on").kind).toBe("date");
    expect(col(byId.bookmarks!, "bookmarks", "url")).toMatchObject({ kind: "url", required: true });
    expect(col(byId.bookmarks!, "bookmarks", "tags").kind).toBe("tags");
  });

  it("event RSVPs: events and RSVPs (attending yes/no) of an event", () => {
    const p = byId.rsvps!;
    expect(p.title).toBe("Event RSVPs");
    expect(tables(p)).toEqual(["events", "rsvps"]);
    expect(col(p, "events", "starts_at").kind).toBe("datetime");
    expect(col(p, "rsvps", "event_id")).toMatchObject({ kind: "reference", references: "events", required: true });
    expect(col(p, "rsvps", "attending").kind).toBe("boolean");
    expect(table(p, "rsvps").label).toBe("RSVPs");
  });

  it("blog: posts and comments on posts", () => {
    const p = byId.blog!;
    expect(p.title).toBe("Blog");
    expect(tables(p)).toEqual(["posts", "comments"]);
    expect(col(p, "comments", "post_id")).toMatchObject({ kind: "reference", references: "posts", required: true });
    expect(col(p, "posts", "published").kind).toBe("boolean");
  });

  it("reads relations, names and anything else gracefully", () => {
    const p = planFromDescription("Track todos for projects, called Acme Tasks");
    expect(p.title).toBe("Acme Tasks");
    expect(p.appName).toBe("acme-tasks");
    expect(col(p, "todos", "project_id")).toMatchObject({ kind: "reference", references: "projects" });
    expect(tables(planFromDescription("a wine collection with ratings"))).toEqual(["wines"]);
    for (const text of ["", "???", "something weird"]) {
      const plan = planFromDescription(text);
      expect(tables(plan), text).toEqual(["items"]);
      expect(fieldColumns(plan.dataModel.tables[0]!).map((c) => c.name)).toEqual(["title", "notes"]);
    }
    // A shopping list is a list of things to buy: how many, and whether bought.
    expect(
      fieldColumns(planFromDescription("a shopping list").dataModel.tables[0]!).map((c) => `${c.name}:${c.kind}`),
    ).toEqual(["name:text", "quantity:integer", "bought:boolean"]);
    expect(planFromDescription("a public guestbook with no login").needsAuth).toBe(false);
  });
});

describe("plan schema and normalisation", () => {
  // The plan format's reference example, verbatim.
  const seed = {
    appName: "task-manager",
    pages: [
      { name: "Login", route: "/login" },
      { name: "Dashboard", route: "/" },
    ],
    dataModel: {
      tables: [
        {
          name: "app_users",
          columns: [
            { name: "id", type: "TEXT PRIMARY KEY" },
            { name: "email", type: "TEXT UNIQUE NOT NULL" },
            { name: "password_hash", type: "TEXT NOT NULL" },
            { name: "created_at", type: "TEXT DEFAULT (datetime('now'))" },
          ],
        },
        {
          name: "tasks",
          columns: [
            { name: "id", type: "TEXT PRIMARY KEY" },
            { name: "user_id", type: "TEXT REFERENCES app_users(id)" },
            { name: "title", type: "TEXT NOT NULL" },
            { name: "completed", type: "INTEGER DEFAULT 0" },
          ],
        },
      ],
    },
    features: ["auth", "crud", "dark-mode"],
    needsAuth: true,
    needsFileStorage: false,
  };

  it("accepts the seed's bare shape: the users table is the template's, kinds are inferred", () => {
    const result = parsePlan(seed);
    if (!result.ok) throw new Error(result.errors.join("\n"));
    const { plan, warnings } = result;
    expect(plan.appName).toBe("task-manager");
    expect(plan.title).toBe("Task Manager");
    expect(tables(plan)).toEqual(["tasks"]);
    expect(warnings.join(" ")).toMatch(/app_users/);
    expect(table(plan, "tasks").columns.map((c) => [c.name, c.kind, c.type])).toEqual([
      ["id", "text", "TEXT PRIMARY KEY"],
      ["user_id", "reference", "TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE"],
      ["title", "text", "TEXT NOT NULL"],
      ["completed", "boolean", "INTEGER NOT NULL DEFAULT 0 CHECK (completed IN (0, 1))"],
      ["created_at", "datetime", "TEXT NOT NULL DEFAULT (datetime('now'))"],
      ["updated_at", "datetime", "TEXT NOT NULL DEFAULT (datetime('now'))"],
    ]);
    expect(plan.features).toEqual(["auth", "crud", "dark-mode"]);
    expect(normalizePlan(plan)).toEqual(plan);
  });

  it("infers kinds from SQL types and names", () => {
    const plan = normalizePlan({
      appName: "Kinds",
      dataModel: {
        tables: [
          { name: "Companies", columns: [{ name: "name", type: "TEXT NOT NULL" }] },
          {
            name: "deals",
            columns: [
              { name: "title", type: "TEXT NOT NULL" },
              { name: "company_id", type: "TEXT REFERENCES companies(id)" },
              { name: "amount", type: "INTEGER NOT NULL DEFAULT 0" },
              { name: "stage", type: "TEXT NOT NULL DEFAULT 'open' CHECK (stage IN ('open', 'won', 'Lost'))" },
              { name: "due_date", type: "TEXT" },
              { name: "closedAt", type: "TEXT" },
              { name: "done", type: "INTEGER DEFAULT 0" },
              { name: "quantity", type: "INTEGER" },
              { name: "rate", type: "REAL" },
              { name: "contact email", type: "TEXT" },
              { name: "website", type: "TEXT" },
              { name: "notes", type: "TEXT" },
              { name: "priority" },
              { name: "owner_id", type: "TEXT REFERENCES users(id)" },
            ],
          },
        ],
      },
    });
    const kinds = Object.fromEntries(fieldColumns(table(plan, "deals")).map((c) => [c.name, c.kind]));
    expect(kinds).toEqual({
      title: "text",
      company_id: "reference",
      amount: "money",
      stage: "enum",
      due_date: "date",
      closed_at: "datetime",
      done: "boolean",
      quantity: "integer",
      rate: "number",
      contact_email: "email",
      website: "url",
      notes: "longtext",
      priority: "enum",
    });
    expect(col(plan, "deals", "stage")).toMatchObject({
      options: ["open", "won", "lost"],
      required: true,
      type: "TEXT NOT NULL DEFAULT 'open'",
    });
    expect(col(plan, "deals", "priority").options).toEqual(["low", "medium", "high"]);
    expect(col(plan, "deals", "company_id").references).toBe("companies");
  });

  it("takes Kiln's richer fields, with aliases for kinds", () => {
    const plan = normalizePlan({
      appName: "rich",
      title: "Rich <App>",
      theme: { primary: "green" },
      dataModel: {
        tables: [
          { name: "people", columns: [{ name: "name", kind: "string", required: true, label: "Full name" }] },
          {
            name: "tickets",
            displayColumn: "subject",
            columns: [
              { name: "subject", kind: "text", required: true },
              { name: "assignee", kind: "relation", references: "people" },
              { name: "severity", kind: "select", options: ["Low", "High Impact"], required: true },
              { name: "cost", kind: "currency" },
            ],
          },
        ],
      },
    });
    expect(plan.title).toBe("Rich <App>");
    expect(plan.theme).toEqual({ primary: "#16a34a" });
    expect(col(plan, "people", "name")).toMatchObject({ kind: "text", label: "Full name", required: true });
    expect(col(plan, "tickets", "assignee_id")).toMatchObject({ kind: "reference", references: "people" });
    expect(col(plan, "tickets", "severity")).toMatchObject({ kind: "enum", options: ["low", "high_impact"] });
    expect(col(plan, "tickets", "cost").kind).toBe("money");
    expect(table(plan, "people")).toMatchObject({ singular: "person", label: "People" });
  });

  it("renames reserved and keyword names, and refuses what cannot work", () => {
    const { plan, warnings } = (() => {
      const r = parsePlan({
        appName: "x",
        dataModel: {
          tables: [
            {
              name: "users",
              columns: [
                { name: "name", type: "TEXT" },
                { name: "role", type: "TEXT" },
              ],
            },
            {
              name: "order",
              columns: [
                { name: "group", type: "TEXT" },
                { name: "order", type: "INTEGER" },
              ],
            },
            { name: "dashboard", columns: [{ name: "title", type: "TEXT" }] },
          ],
        },
      });
      if (!r.ok) throw new Error(r.errors.join("\n"));
      return r;
    })();
    expect(tables(plan)).toEqual(["members", "orders", "dashboards"]);
    expect(fieldColumns(table(plan, "orders")).map((c) => c.name)).toEqual(["group_name", "position"]);
    expect(warnings.length).toBeGreaterThanOrEqual(4);

    const bad = parsePlan({
      appName: "x",
      dataModel: {
        tables: [
          { name: "deals", columns: [{ name: "company_id", type: "TEXT REFERENCES companies(id)" }] },
          { name: "deals", columns: [] },
        ],
      },
    });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.errors.join("\n")).toMatch(/refers to table "companies", which is not in the plan/);
      expect(bad.errors.join("\n")).toMatch(/two tables named "deals"/);
    }
    expect(parsePlan({ pages: [] }).ok).toBe(false);
    expect(() => normalizePlan({ appName: "x", dataModel: { tables: [{ name: "!!!", columns: [] }] } })).toThrow(
      PlanError,
    );
  });
});
