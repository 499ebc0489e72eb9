// Plan JSON out of model text: fences, prose, trailing commas, comments; validated with a zod schema.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { extractPlanJson, formatPlanErrors, repairJson } from "../../src/ai/protocol/plan-json";
import { transcript } from "../fixtures/transcripts";

// The plan format's reference shape (the real schema lives in src/agent/plan/schema.ts; the extractor takes any).
const planSchema = z.object({
  appName: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
  pages: z.array(z.object({ name: z.string().min(1), route: z.string().startsWith("/") })).min(1),
  dataModel: z.object({
    tables: z.array(
      z.object({ name: z.string(), columns: z.array(z.object({ name: z.string(), type: z.string() })).min(1) }),
    ),
  }),
  features: z.array(z.string()),
  needsAuth: z.boolean(),
  needsFileStorage: z.boolean(),
});

const planText = (name: Parameters<typeof transcript>[0], turn = 0) => transcript(name).turns[turn]!.text;

describe("extractPlanJson", () => {
  it("reads a clean plan", () => {
    const r = extractPlanJson(planText("todo-clean"), planSchema);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.appName).toBe("todo-list");
    expect(r.value.dataModel.tables[0]!.columns.map((c) => c.name)).toEqual([
      "id",
      "user_id",
      "title",
      "done",
      "created_at",
    ]);
    expect(r.repairs).toEqual([]);
  });

  it("reads JSON inside ```json fences with prose around it", () => {
    const r = extractPlanJson(planText("todo-plan-fenced"), planSchema);
    expect(r).toMatchObject({ ok: true, repairs: ["fences"], value: { appName: "todo-list", needsAuth: true } });
  });

  it("reads JSON after prose without fences, ignoring braces in the prose after it", () => {
    const r = extractPlanJson(
      `Sure! Plan:\n${planText("todo-clean")}\nLet me know if you want changes {or not}.`,
      planSchema,
    );
    expect(r).toMatchObject({ ok: true, repairs: ["prose"] });
  });

  it("removes trailing commas and comments", () => {
    const r = extractPlanJson(planText("todo-plan-trailing-commas"), planSchema);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.repairs).toEqual(["comments", "trailing-commas"]);
    expect(r.value.features).toEqual(["add a todo", "mark a todo done", "delete a todo", "filter all / open / done"]);
  });

  it("never touches commas, slashes or braces inside strings", () => {
    expect(repairJson(`{"a": "x, }", "b": "http://x/*y*/", "c": [1,],}`)).toEqual({
      text: `{"a": "x, }", "b": "http://x/*y*/", "c": [1]}`,
      repairs: ["trailing-commas"],
    });
    expect(repairJson(`{"ok": True, "no": None}`).text).toBe(`{"ok": true, "no": null}`);
  });

  it("skips reasoning leaked as <think> text", () => {
    const r = extractPlanJson(`<think>The plan needs {"appName"} ...</think>\n${planText("todo-clean")}`, planSchema);
    expect(r.ok).toBe(true);
  });

  it("returns structured schema errors for the re-ask, then accepts the re-asked plan", () => {
    const t = transcript("crm-plan-invalid-then-valid");
    const first = extractPlanJson(t.turns[0]!.text, planSchema);
    expect(first.ok).toBe(false);
    if (first.ok) return;
    const paths = first.errors.map((e) => (e.kind === "schema" ? e.path : e.kind));
    expect(paths).toEqual(
      expect.arrayContaining(["appName", "pages[0]", "dataModel.tables", "features", "needsAuth", "needsFileStorage"]),
    );
    const text = formatPlanErrors(first.errors);
    expect(text).toContain("- pages[0]:");
    expect(extractPlanJson(t.turns[1]!.text, planSchema)).toMatchObject({ ok: true, value: { appName: "sales-crm" } });
  });

  it("reports no JSON, a truncated object and a syntax error", () => {
    expect(extractPlanJson("I cannot help with that.", planSchema)).toEqual({
      ok: false,
      errors: [{ kind: "no-json", message: "The reply contains no JSON object." }],
    });
    expect(extractPlanJson('{"appName": "x", "pages": [', planSchema)).toMatchObject({
      ok: false,
      errors: [{ kind: "truncated" }],
    });
    const bad = extractPlanJson('{"appName": "x" "pages": []}', planSchema);
    expect(bad).toMatchObject({ ok: false, errors: [{ kind: "syntax" }] });
  });
});
