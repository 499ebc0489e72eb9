// The column kinds' table (src/agent/plan/kinds.ts): every kind has a whole entry that the plan,
// the SQL, the generated API and pages and the smoke run read; the phone kind; ranges (min/max) on
// whole numbers, numbers and money, from the plan through its validation to the generated code.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { KINDS, kindNamed } from "../../src/agent/plan/kinds";
import {
  columnSql,
  COLUMN_KINDS,
  fieldColumns,
  normalizePlan,
  parsePlan,
  PlanError,
  type Plan,
  type PlanColumn,
} from "../../src/agent/plan/schema";
import { scaffold } from "../../src/agent/scaffold";
import { migrationFor } from "../../src/agent/scaffold/migrations";
import { searchColumns } from "../../src/agent/scaffold/names";
import { TEMPLATE_VALIDATOR_METHODS, VALIDATOR_METHODS } from "../../src/agent/scaffold/validator-methods";
import { appDatabase } from "../../src/hosting/database/app-db";
import { templateApp } from "../fixtures/build/files";
import { EVERY_KIND_PLAN } from "../fixtures/plans/every-kind";

const template = templateApp();
const everyKind = normalizePlan(EVERY_KIND_PLAN);
const column = (plan: Plan, table: string, name: string): PlanColumn =>
  plan.dataModel.tables.find((t) => t.name === table)!.columns.find((c) => c.name === name)!;
const oneTable = (columns: unknown[], extra: object = {}) => ({
  appName: "ranges",
  dataModel: { tables: [{ name: "games", columns: [{ name: "title", kind: "text", required: true }, ...columns] }] },
  ...extra,
});

describe("the kinds' table", () => {
  it("has one entry per kind, and nothing else", () => {
    expect(Object.keys(KINDS).sort()).toEqual([...COLUMN_KINDS].sort());
    expect(COLUMN_KINDS).toContain("phone");
  });

  it("names each kind once: labels are distinct, and an alias never names two kinds", () => {
    const labels = COLUMN_KINDS.map((k) => KINDS[k].plan.label);
    expect(new Set(labels).size).toBe(labels.length);
    const words = COLUMN_KINDS.flatMap((k) => [k, ...KINDS[k].plan.aliases]);
    expect(new Set(words).size, words.join(" ")).toBe(words.length);
    for (const kind of COLUMN_KINDS) {
      expect(kindNamed(kind)).toBe(kind);
      for (const alias of KINDS[kind].plan.aliases) expect(kindNamed(alias), alias).toBe(kind);
    }
    expect(kindNamed("telephone")).toBe("phone");
    expect(kindNamed("nonsense")).toBeUndefined();
  });

  it("gives every kind SQL, a reader that exists, a TypeScript type, a form control, a list cell and valid samples", () => {
    const validate = template["worker/validate.ts"]!;
    for (const name of TEMPLATE_VALIDATOR_METHODS)
      expect(validate, `the template's validate.ts has ${name}()`).toMatch(new RegExp(`\\n  ${name}(<[^>]*>)?\\(`));
    const readers = new Set<string>([...TEMPLATE_VALIDATOR_METHODS, ...Object.keys(VALIDATOR_METHODS)]);
    for (const table of everyKind.dataModel.tables) {
      for (const c of fieldColumns(table)) {
        const spec = KINDS[c.kind];
        const what = `${table.name}.${c.name} (${c.kind})`;
        expect(c.type.startsWith(spec.sql.storage), what).toBe(true);
        expect(columnSql(c), what).toBe(c.type);
        const calls: string[] = [];
        const read = spec.api.read({
          column: c,
          call: (method, options = []) => (
            calls.push(method),
            `v.${method}(${JSON.stringify(c.name)}${options.length ? `, { ${options.join(", ")} }` : ""})`
          ),
          optionsConstant: () => "OPTIONS",
        });
        expect(calls.length, what).toBe(1);
        expect(readers.has(calls[0]!), `${what} calls v.${calls[0]}()`).toBe(true);
        expect(read, what).toMatch(/^v\.\w+\(/);
        const control = spec.ui.control({
          column: c,
          value: `row?.${c.name}`,
          required: c.required ? " required" : "",
          focus: "",
          optionsConstant: () => "OPTIONS",
          referenceSelect: () => "CompanySelect",
        });
        expect(control.jsx, what).toMatch(c.kind === "reference" ? /^<CompanySelect/ : new RegExp(`name="${c.name}"`));
        expect(
          spec.ui.cell({ column: c, value: `row.${c.name}`, joined: () => "row.company_name" }).jsx,
          what,
        ).toContain(c.kind === "reference" ? "row.company_name" : `row.${c.name}`);
        expect(
          spec.ui.text({ column: c, value: `row.${c.name}`, joined: () => "row.company_name" }).expr,
          what,
        ).toMatch(/row\./);
        for (const purpose of ["create", "update"] as const) {
          const value = spec.smoke.sample(c, purpose, "row-id");
          const type = spec.api.type;
          if (type === "number") {
            expect(typeof value, what).toBe("number");
            expect(value as number, what).toBeGreaterThanOrEqual(c.min ?? -Infinity);
            expect(value as number, what).toBeLessThanOrEqual(c.max ?? Infinity);
          } else if (type === "option") expect(c.options, what).toContain(value);
          else if (type === "0 | 1") expect(typeof value, what).toBe("boolean");
          else expect(typeof value, what).toBe("string");
        }
      }
    }
  });

  it("is what the plan editor offers: every kind but a reference, labelled", () => {
    const offered = COLUMN_KINDS.filter((k) => KINDS[k].plan.pickable);
    expect(offered).toContain("phone");
    expect(offered).not.toContain("reference");
    expect(KINDS.integer.plan.label).toBe("Whole number");
    expect(KINDS.enum.plan.starter?.options?.length).toBeGreaterThan(1);
  });

  it("is exercised whole by the every-kind plan (test/fixtures/plans/every-kind.ts), ranges included", () => {
    const kinds = new Set(everyKind.dataModel.tables.flatMap((t) => fieldColumns(t).map((c) => c.kind)));
    expect([...kinds].sort()).toEqual([...COLUMN_KINDS].sort());
    for (const kind of COLUMN_KINDS.filter((k) => KINDS[k].plan.range)) {
      expect(
        everyKind.dataModel.tables.some((t) =>
          t.columns.some((c) => c.kind === kind && (c.min !== undefined || c.max !== undefined)),
        ),
        `${kind} with a range`,
      ).toBe(true);
    }
  });
});

describe("phone", () => {
  it('is text stored as written, read by v.phone(), an <input type="tel">', () => {
    const phone = column(everyKind, "companies", "phone");
    expect(phone).toMatchObject({ kind: "phone", type: "TEXT NOT NULL", required: true });
    const files = scaffold(everyKind, template);
    expect(files["worker/companies.ts"]).toContain(`phone: v.phone("phone"),`);
    expect(files["worker/companies.ts"]).toContain(`fax: v.optionalPhone("fax"),`);
    expect(files["worker/validate.ts"]).toContain("  optionalPhone(field: string");
    expect(files["src/pages/CompanyFormPage.tsx"]).toContain(
      `<Input name="phone" type="tel" placeholder="+1 555 123 4567" defaultValue={company?.phone ?? ""} required />`,
    );
    // Searched, and good enough to name a row when nothing better is there.
    const people = normalizePlan({
      appName: "people",
      dataModel: {
        tables: [
          {
            name: "people",
            columns: [
              { name: "age", kind: "integer" },
              { name: "contact", kind: "phone" },
              { name: "backup", kind: "phone" },
            ],
          },
        ],
      },
    }).dataModel.tables[0]!;
    expect(people.displayColumn).toBe("contact");
    expect(searchColumns(people).map((c) => c.name)).toEqual(["contact", "backup"]);
  });

  it("is inferred from a column's name and from the words models use", () => {
    const plan = normalizePlan(
      oneTable([
        { name: "phone", type: "TEXT" },
        { name: "mobile_number" },
        { name: "fax" },
        { name: "contact", kind: "telephone" },
        { name: "phonetic" },
      ]),
    );
    expect(fieldColumns(plan.dataModel.tables[0]!).map((c) => `${c.name}:${c.kind}`)).toEqual([
      "title:text",
      "phone:phone",
      "mobile_number:phone",
      "fax:phone",
      "contact:phone",
      "phonetic:text",
    ]);
  });
});

describe("ranges (min/max)", () => {
  it("are kept on whole numbers, numbers and money, and normalising again changes nothing", () => {
    const input = oneTable([
      { name: "rating", kind: "integer", min: 1, max: 5, required: true },
      { name: "weight_kg", kind: "number", min: 0.5 },
      { name: "price", kind: "money", max: 200 },
    ]);
    const plan = normalizePlan(input);
    expect(column(plan, "games", "rating")).toMatchObject({
      kind: "integer",
      min: 1,
      max: 5,
      type: "INTEGER NOT NULL DEFAULT 1",
    });
    expect(column(plan, "games", "weight_kg")).toMatchObject({ kind: "number", min: 0.5 });
    expect(column(plan, "games", "weight_kg")).not.toHaveProperty("max");
    expect(column(plan, "games", "price")).toMatchObject({ kind: "money", max: 200 });
    expect(normalizePlan(plan)).toEqual(plan);
  });

  it("come from the model's SQL too, and a range without a kind makes the column a number", () => {
    const plan = normalizePlan(
      oneTable([
        { name: "stars", type: "INTEGER NOT NULL CHECK (stars BETWEEN 1 AND 5) DEFAULT 0" },
        { name: "score", type: "REAL CHECK (score >= 0 AND score <= 10)" },
        { name: "players", min: 1, max: 8 },
        { name: "temperature", min: -5.5, max: 40 },
      ]),
    );
    // DEFAULT 0 is outside 1–5: the lowest allowed value replaces it.
    expect(column(plan, "games", "stars")).toMatchObject({
      kind: "integer",
      min: 1,
      max: 5,
      required: true,
      type: "INTEGER NOT NULL DEFAULT 1",
    });
    expect(column(plan, "games", "score")).toMatchObject({ kind: "number", min: 0, max: 10 });
    expect(column(plan, "games", "players")).toMatchObject({ kind: "integer", min: 1, max: 8 });
    expect(column(plan, "games", "temperature")).toMatchObject({ kind: "number", min: -5.5, max: 40 });
  });

  it("are refused, saying what to fix, when min > max, on a kind without numbers, or not whole on a whole number", () => {
    const errors = (columns: unknown[]) => {
      const r = parsePlan(oneTable(columns));
      if (r.ok) throw new Error("accepted");
      return r.errors.join("\n");
    };
    expect(errors([{ name: "rating", kind: "integer", min: 6, max: 5 }])).toMatch(/min \(6\) is more than max \(5\)/);
    expect(errors([{ name: "nick", kind: "text", min: 1 }])).toMatch(
      /"nick" is text: min and max are only for integer, number or money columns/,
    );
    expect(errors([{ name: "nick", type: "TEXT", max: 3 }])).toMatch(/"games\.nick" is text: min and max are only for/);
    expect(errors([{ name: "players", kind: "integer", min: 1.5 }])).toMatch(
      /"players" holds whole numbers: its min and max must be whole numbers/,
    );
    expect(errors([{ name: "rating", kind: "integer", min: "1" }])).toMatch(/min/);
    expect(() => normalizePlan(oneTable([{ name: "rating", kind: "number", min: 3, max: 2 }]))).toThrow(PlanError);
  });

  it("reach the generated API (400 naming the field), the form's input (min, max, a hint) and the record's type", () => {
    const files = scaffold(everyKind, template);
    const deals = files["worker/deals.ts"]!;
    expect(deals).toContain(`rating: v.integer("rating", { min: 1, max: 5 }),`);
    expect(deals).toContain(`probability: v.optionalNumber("probability", { min: 0, max: 100 }),`);
    expect(deals).toContain(`amount: v.optionalMoney("amount", { max: 1000000 }),`);
    expect(deals).toContain(`seats: v.optionalInteger("seats"),`);
    expect(deals).toContain("  /** From 1 to 5. */\n  rating: number;");
    const form = files["src/pages/DealFormPage.tsx"]!;
    expect(form).toContain(`<Field label="Rating" hint="From 1 to 5." error={form.fieldErrors.rating}>`);
    expect(form).toContain(
      `<Input name="rating" type="number" inputMode="numeric" step={1} min={1} max={5} defaultValue={deal?.rating ?? 1} required />`,
    );
    expect(form).toContain(
      `<Input name="probability" type="number" inputMode="decimal" step="any" min={0} max={100} defaultValue={deal?.probability ?? ""} />`,
    );
    expect(form).toContain(
      `<Input name="amount" type="number" inputMode="decimal" step="0.01" min={0} max={1000000} defaultValue={deal?.amount ?? ""} />`,
    );
    expect(form).toContain(`hint="In USD. At most 1000000."`);
    expect(form).toContain(
      `<Input name="seats" type="number" inputMode="numeric" step={1} min={0} defaultValue={deal?.seats ?? ""} />`,
    );
    expect(files["worker/validate.ts"]).toContain("money(field: string, { min = 0, max = 1_000_000_000_000");
  });
});

describe("a migration adds each kind to a table that has rows", () => {
  it("with the kind's value for the rows already there (a range's lowest value, '' for a phone)", async () => {
    const v1 = normalizePlan(oneTable([]));
    const v2 = normalizePlan(
      oneTable([
        { name: "rating", kind: "integer", min: 1, max: 5, required: true },
        { name: "phone", kind: "phone", required: true },
        { name: "fax", kind: "phone" },
        { name: "price", kind: "money", min: 10, required: true },
      ]),
    );
    const m1 = migrationFor(null, v1, ["0001_init.sql"])!;
    const m2 = migrationFor(v1, v2, ["0001_init.sql", m1.name])!;
    expect(m2.sql).toContain("ALTER TABLE games ADD COLUMN rating INTEGER NOT NULL DEFAULT 1;");
    expect(m2.sql).toContain("ALTER TABLE games ADD COLUMN phone TEXT NOT NULL DEFAULT '';");
    expect(m2.sql).toContain("ALTER TABLE games ADD COLUMN price REAL NOT NULL DEFAULT 10;");
    // A range changes what the API accepts, not how SQLite stores it: no migration.
    expect(
      migrationFor(
        v2,
        normalizePlan(
          oneTable([
            { name: "rating", kind: "integer", min: 0, max: 10, required: true },
            { name: "phone", kind: "phone", required: true },
            { name: "fax", kind: "phone" },
            { name: "price", kind: "money", min: 10, required: true },
          ]),
        ),
        ["0001_init.sql", m1.name, m2.name],
      ),
    ).toBeNull();

    const db = appDatabase(env, `kinds-mig-${crypto.randomUUID()}`, "scratch");
    const init = {
      name: "0001_init.sql",
      sql: "CREATE TABLE IF NOT EXISTS users (id TEXT PRIMARY KEY, email TEXT NOT NULL UNIQUE, password_hash TEXT NOT NULL, salt TEXT NOT NULL, created_at TEXT NOT NULL DEFAULT (datetime('now')));",
    };
    await db.applyMigrations([init, m1]);
    const run = async (sql: string) => {
      const outcome = await db.query([{ sql }]);
      if (!outcome.success) throw new Error(outcome.error);
      return outcome.results[0]!;
    };
    await run("INSERT INTO users (id, email, password_hash, salt) VALUES ('u1', 'a@example.com', 'h', 's')");
    await run("INSERT INTO games (id, user_id, title) VALUES ('g1', 'u1', 'Go')");
    await db.applyMigrations([init, m1, m2]);
    const { columns, rows } = await run("SELECT title, rating, phone, fax, price FROM games");
    expect(Object.fromEntries(columns.map((c, i) => [c, rows[0]![i]]))).toEqual({
      title: "Go",
      rating: 1,
      phone: "",
      fax: null,
      price: 10,
    });
  });
});
