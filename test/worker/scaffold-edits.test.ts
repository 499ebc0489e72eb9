// Offline edits: the plain chat requests Kiln handles without a model.
import { describe, expect, it } from "vitest";
import { planFromDescription } from "../../src/agent/plan/heuristic";
import { interpretEdit, type EditResult } from "../../src/agent/plan/offline-edits";
import { fieldColumns, normalizePlan, type Plan } from "../../src/agent/plan/schema";

const todo = planFromDescription("A todo list with due dates");
const crm = planFromDescription(
  "A small CRM: companies, contacts that belong to companies, and deals with an amount and a stage",
);
const recipes = planFromDescription("A recipe book");
const inventory = planFromDescription("Inventory with stock levels");

function planOf(result: EditResult): Extract<EditResult, { kind: "plan" }> {
  if (result.kind !== "plan") throw new Error(result.reason);
  expect(normalizePlan(result.plan)).toEqual(result.plan);
  return result;
}
const fields = (plan: Plan, table: string) =>
  fieldColumns(plan.dataModel.tables.find((t) => t.name === table)!).map((c) => `${c.name}:${c.kind}`);

describe("interpretEdit", () => {
  it("adds a field with a sensible kind", () => {
    const r = planOf(interpretEdit(todo, "add a priority field to todos"));
    expect(fields(r.plan, "todos")).toContain("priority:enum");
    expect(r.summary).toBe("Added “Priority” (low, medium or high) to todos.");
    expect(
      fields(planOf(interpretEdit(todo, "Please add an estimate (number) to the todos.")).plan, "todos"),
    ).toContain("estimate:number");
    expect(fields(planOf(interpretEdit(todo, "add an urgent checkbox to todo")).plan, "todos")).toContain(
      "urgent:boolean",
    );
    expect(fields(planOf(interpretEdit(crm, "add a birthday to contacts")).plan, "contacts")).toContain(
      "birthday:date",
    );
    expect(fields(planOf(interpretEdit(crm, "add a linkedin url field to contacts")).plan, "contacts")).toContain(
      "linkedin_url:url",
    );
    expect(interpretEdit(todo, "add a title to todos")).toMatchObject({
      kind: "needs_model",
      reason: expect.stringContaining("already"),
    });
  });

  it("removes a field, saying that it deletes data", () => {
    const r = planOf(interpretEdit(crm, "remove the notes field from contacts"));
    expect(fields(r.plan, "contacts")).not.toContain("notes:longtext");
    expect(r.destructive).toEqual([
      expect.objectContaining({ kind: "drop_column", table: "contacts", column: "notes" }),
    ]);
    expect(interpretEdit(crm, "remove the fax field from contacts")).toMatchObject({
      kind: "needs_model",
      reason: expect.stringContaining("no field"),
    });
  });

  it("renames a field, keeping its data (a rename, not a drop)", () => {
    const r = planOf(interpretEdit(recipes, "rename title to name in recipes"));
    expect(fields(r.plan, "recipes")[0]).toBe("name:text");
    expect(r.plan.dataModel.tables[0]!.displayColumn).toBe("name");
    expect(r.renames).toEqual({ columns: { "recipes.title": "name" } });
    expect(planOf(interpretEdit(crm, "rename the deal's close date to expected close")).renames).toEqual({
      columns: { "deals.close_date": "expected_close" },
    });
  });

  it("adds a table: a known one with its fields and links, or a plain one", () => {
    const tags = planOf(interpretEdit(todo, "add a tags entity"));
    expect(fields(tags.plan, "tags")).toEqual(["name:text", "notes:longtext"]);
    const suppliers = planOf(interpretEdit(inventory, "also track suppliers"));
    // A phone number is a phone where the plan's kinds have one (else text, which takes any number).
    const phoneKind = normalizePlan({
      appName: "x",
      dataModel: { tables: [{ name: "t", columns: [{ name: "phone", kind: "phone" }] }] },
    }).dataModel.tables[0]!.columns.find((c) => c.name === "phone")!.kind;
    expect(fields(suppliers.plan, "suppliers")).toEqual(
      expect.arrayContaining(["name:text", "email:email", `phone:${phoneKind}`]),
    );
    expect(fields(suppliers.plan, "products")).toContain("supplier_id:reference");
    expect(suppliers.summary).toMatch(/^Added suppliers .*linked from products\.$/);
    expect(interpretEdit(crm, "add a companies table")).toMatchObject({ kind: "needs_model" });
  });

  it("removes and renames a table", () => {
    const r = planOf(interpretEdit(crm, "remove companies"));
    expect(r.plan.dataModel.tables.map((t) => t.name)).toEqual(["contacts", "deals"]);
    expect(fields(r.plan, "deals")).not.toContain("company_id:reference");
    expect(r.destructive?.map((c) => c.kind).sort()).toEqual(["drop_column", "drop_column", "drop_table"]);
    const renamed = planOf(interpretEdit(crm, "rename companies to organizations"));
    expect(renamed.plan.dataModel.tables.map((t) => t.name)).toEqual(["organizations", "contacts", "deals"]);
    expect(renamed.plan.dataModel.tables[1]!.columns.find((c) => c.name === "company_id")).toMatchObject({
      references: "organizations",
    });
    expect(renamed.renames).toEqual({ tables: { companies: "organizations" } });
  });

  it("changes the title and the main colour", () => {
    const named = planOf(interpretEdit(crm, "Call it Acme CRM"));
    expect(named.plan.title).toBe("Acme CRM");
    expect(named.plan.appName).toBe(crm.appName);
    expect(planOf(interpretEdit(crm, "make it green")).plan.theme).toEqual({ primary: "#16a34a" });
    expect(planOf(interpretEdit(crm, "use #7c3aed as the main colour")).plan.theme).toEqual({ primary: "#7c3aed" });
    expect(planOf(interpretEdit(crm, "change the main color to dark blue")).plan.theme?.primary).toMatch(
      /^#[0-9a-f]{6}$/,
    );
  });

  it("hands everything else to a model, saying why", () => {
    for (const message of [
      "add a chart of deals by stage to the dashboard",
      "make the list sortable",
      "send me an email when a deal is won",
      "add a priority field to todos and remove notes",
      "make it pop",
    ]) {
      const r = interpretEdit(crm, message);
      expect(r.kind, message).toBe("needs_model");
      if (r.kind === "needs_model") expect(r.reason).toMatch(/model/);
    }
  });
});
