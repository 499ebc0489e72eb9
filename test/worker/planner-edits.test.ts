// Plain edits in the chat read fields, kinds and links the way the planner reads a description:
// "also track sets and reps", "add the price, in euros", "each book belongs to a shelf".
import { describe, expect, it } from "vitest";
import { planFromDescription } from "../../src/agent/plan/heuristic";
import { interpretEdit, type EditResult } from "../../src/agent/plan/offline-edits";
import { fieldColumns, normalizePlan, type Plan } from "../../src/agent/plan/schema";

function planOf(result: EditResult): Extract<EditResult, { kind: "plan" }> {
  if (result.kind !== "plan") throw new Error(result.reason);
  expect(normalizePlan(result.plan)).toEqual(result.plan);
  return result;
}
const fields = (plan: Plan, table: string) =>
  fieldColumns(plan.dataModel.tables.find((t) => t.name === table)!).map((c) => `${c.name}:${c.kind}`);

describe("plain edits with the planner's reading", () => {
  const workouts = planFromDescription("Track my workouts — exercise name, weight in kg and the date.");
  const books = planFromDescription("A reading list: books with title and author");

  it("several fields at once, with no table named: the app's main table", () => {
    const r = planOf(interpretEdit(workouts, "also track sets and reps"));
    expect(fields(r.plan, "workouts")).toEqual([
      "exercise_name:text",
      "weight_kg:number",
      "date:date",
      "sets:integer",
      "reps:integer",
    ]);
    expect(r.summary).toBe("Added “Sets” and “Reps” to workouts.");
  });

  it("a unit or a currency after a comma belongs to the field", () => {
    const r = planOf(interpretEdit(workouts, "add the price, in euros"));
    expect(fields(r.plan, "workouts")).toContain("price:money");
    expect(r.summary).toBe("Added “Price (€)” to workouts.");
  });

  it("choices, yes/no questions and ranges read as in a description", () => {
    expect(fields(planOf(interpretEdit(workouts, "add whether I stretched")).plan, "workouts")).toContain(
      "stretched:boolean",
    );
    const rated = planOf(interpretEdit(workouts, "add a rating from 1 to 5"));
    expect(rated.summary).toBe("Added “Rating” (1 to 5) to workouts.");
    const genre = planOf(interpretEdit(books, "books have a genre: fiction, non-fiction or poetry"));
    expect(genre.plan.dataModel.tables[0]!.columns.find((c) => c.name === "genre")).toMatchObject({
      kind: "enum",
      options: ["fiction", "non_fiction", "poetry"],
    });
  });

  it("'each book belongs to a shelf' adds the shelves and the link", () => {
    const r = planOf(interpretEdit(books, "each book belongs to a shelf"));
    expect(r.plan.dataModel.tables.map((t) => t.name)).toEqual(["books", "shelves"]);
    expect(r.plan.dataModel.tables[0]!.columns.find((c) => c.name === "shelf_id")).toMatchObject({
      kind: "reference",
      references: "shelves",
    });
    expect(r.summary).toBe("Added shelves (name, notes) and linked each book to a shelf.");
    // Linking to a table the plan already has adds only the link.
    const again = planOf(
      interpretEdit(planOf(interpretEdit(books, "add a shelves table")).plan, "link books to shelves"),
    );
    expect(again.summary).toBe("Linked each book to a shelf.");
    expect(interpretEdit(r.plan, "each book belongs to a shelf")).toMatchObject({
      kind: "needs_model",
      reason: expect.stringContaining("already linked"),
    });
  });

  it("a thing to keep is a table, a field word is a field", () => {
    expect(planOf(interpretEdit(workouts, "also track suppliers")).plan.dataModel.tables.map((t) => t.name)).toEqual([
      "workouts",
      "suppliers",
    ]);
    expect(planOf(interpretEdit(workouts, "also track calories")).plan.dataModel.tables.map((t) => t.name)).toEqual([
      "workouts",
    ]);
  });

  it("still hands what it cannot do to a model", () => {
    for (const message of [
      "add a chart of weights to the dashboard",
      "add sets to workouts and remove the date",
      "make it look nicer",
    ]) {
      expect(interpretEdit(workouts, message).kind, message).toBe("needs_model");
    }
  });
});
