// Migrations across plan changes, run for real against an app database (SQLite in a Durable Object,
// as hosting applies them): data survives additions and renames; drops need confirmation.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { planFromDescription } from "../../src/agent/plan/heuristic";
import { interpretEdit } from "../../src/agent/plan/offline-edits";
import type { Plan } from "../../src/agent/plan/schema";
import { destructiveChanges } from "../../src/agent/plan/diff";
import { migrationFor, nextMigrationNumber } from "../../src/agent/scaffold/migrations";
import { appDatabase } from "../../src/hosting/database/app-db";

const INIT = {
  name: "0001_init.sql",
  sql: "CREATE TABLE IF NOT EXISTS users (id TEXT PRIMARY KEY, email TEXT NOT NULL UNIQUE, password_hash TEXT NOT NULL, salt TEXT NOT NULL, created_at TEXT NOT NULL DEFAULT (datetime('now')));",
};

async function rows(db: ReturnType<typeof appDatabase>, sql: string) {
  const outcome = await db.query([{ sql }]);
  if (!outcome.success) throw new Error(outcome.error);
  const { columns, rows: values } = outcome.results[0]!;
  return values.map((r) => Object.fromEntries(columns.map((c, i) => [c, r[i]])));
}

function edit(plan: Plan, message: string) {
  const result = interpretEdit(plan, message);
  if (result.kind !== "plan") throw new Error(`${message}: ${result.reason}`);
  return result;
}

describe("migrationFor", () => {
  it("numbers files after the highest existing one and never reuses a name", () => {
    expect(nextMigrationNumber(["0001_init.sql"])).toBe(2);
    expect(nextMigrationNumber(["migrations/0001_init.sql", "migrations/0007_x.sql", "README.md"])).toBe(8);
    const plan = planFromDescription("A todo list with due dates");
    const first = migrationFor(null, plan, ["0001_init.sql"])!;
    expect(first.name).toBe("0002_todo_list.sql");
    expect(first.sql).toMatch(/^-- Migration number: 0002\s+Todo List: todos\. Every row belongs to one user\.\n/);
    expect(first.sql).toContain("CREATE TABLE IF NOT EXISTS todos (");
    expect(first.sql).toContain("CREATE INDEX IF NOT EXISTS idx_todos_user ON todos(user_id, created_at);");
    expect(migrationFor(plan, plan, ["0001_init.sql", first.name])).toBeNull();
  });

  it("adds tables and columns, renames, and keeps the data", async () => {
    const db = appDatabase(env, `scaffold-mig-${crypto.randomUUID()}`, "scratch");
    const v1 = planFromDescription(
      "A small CRM: companies, contacts that belong to companies, and deals with an amount and a stage",
    );
    const names = [INIT.name];
    const m1 = migrationFor(null, v1, names)!;
    await db.applyMigrations([INIT, m1]);
    names.push(m1.name);
    await rows(db, "INSERT INTO users (id, email, password_hash, salt) VALUES ('u1', 'a@example.com', 'h', 's')");
    await rows(db, "INSERT INTO companies (id, user_id, name, notes) VALUES ('c1', 'u1', 'Acme', 'old notes')");
    await rows(
      db,
      "INSERT INTO contacts (id, user_id, name, company_id, notes) VALUES ('p1', 'u1', 'Wile', 'c1', 'n')",
    );

    // A required enum and a required text get defaults for the rows already there.
    const e1 = edit(v1, "add a priority field to contacts");
    const e2 = edit(e1.plan, "add a text field called region to companies");
    const v2 = (() => {
      const p = structuredClone(e2.plan);
      const region = p.dataModel.tables.find((t) => t.name === "companies")!.columns.find((c) => c.name === "region")!;
      region.required = true;
      region.type = "TEXT NOT NULL";
      return p;
    })();
    const e3 = edit(v2, "rename notes to remarks in companies");
    const e4 = edit(e3.plan, "also track suppliers");
    const m2 = migrationFor(v1, e4.plan, names, { renames: e3.renames })!;
    expect(m2.name).toMatch(/^0003_/);
    expect(m2.sql).toContain("ALTER TABLE contacts ADD COLUMN priority TEXT NOT NULL DEFAULT 'low';");
    expect(m2.sql).toContain("ALTER TABLE companies ADD COLUMN region TEXT NOT NULL DEFAULT '';");
    expect(m2.sql).toContain("ALTER TABLE companies RENAME COLUMN notes TO remarks;");
    expect(m2.sql).toContain("CREATE TABLE IF NOT EXISTS suppliers (");
    expect(destructiveChanges(v1, e4.plan, { renames: e3.renames })).toEqual([]);
    await db.applyMigrations([INIT, m1, m2]);
    names.push(m2.name);
    expect(await rows(db, "SELECT name, remarks, region FROM companies")).toEqual([
      { name: "Acme", remarks: "old notes", region: "" },
    ]);
    expect(await rows(db, "SELECT priority FROM contacts")).toEqual([{ priority: "low" }]);

    // Renaming a table keeps its rows and the references to it.
    const e5 = edit(e4.plan, "rename companies to organizations");
    const m3 = migrationFor(e4.plan, e5.plan, names, { renames: e5.renames })!;
    expect(m3.sql).toContain("ALTER TABLE companies RENAME TO organizations;");
    await db.applyMigrations([INIT, m1, m2, m3]);
    names.push(m3.name);
    expect(await rows(db, "SELECT o.name FROM contacts c JOIN organizations o ON o.id = c.company_id")).toEqual([
      { name: "Acme" },
    ]);
  });

  it("drops columns and tables only when confirmed", async () => {
    const db = appDatabase(env, `scaffold-mig-${crypto.randomUUID()}`, "scratch");
    const v1 = planFromDescription("A blog with comments");
    const m1 = migrationFor(null, v1, [INIT.name])!;
    await db.applyMigrations([INIT, m1]);
    await rows(db, "INSERT INTO users (id, email, password_hash, salt) VALUES ('u1', 'a@example.com', 'h', 's')");
    await rows(db, "INSERT INTO posts (id, user_id, title, body) VALUES ('p1', 'u1', 'Hello', 'World')");
    await rows(db, "INSERT INTO comments (id, user_id, post_id, author, body) VALUES ('c1', 'u1', 'p1', 'Me', 'Nice')");

    const noPublished = edit(v1, "remove the published field from posts");
    expect(noPublished.destructive).toEqual([
      { kind: "drop_column", table: "posts", column: "published", message: expect.stringContaining("published") },
    ]);
    const noComments = edit(noPublished.plan, "remove comments");
    const risky = destructiveChanges(v1, noComments.plan);
    expect(risky.map((c) => `${c.kind}:${c.table}.${c.column ?? ""}`).sort()).toEqual([
      "drop_column:posts.published",
      "drop_table:comments.",
    ]);

    // Not confirmed: nothing to run (the data stays).
    expect(migrationFor(v1, noComments.plan, [INIT.name, m1.name])).toBeNull();
    // Confirmed: a new file that drops them.
    const m2 = migrationFor(v1, noComments.plan, [INIT.name, m1.name], { confirmed: true })!;
    expect(m2.name).toMatch(/^0003_/);
    expect(m2.sql).toContain("ALTER TABLE posts DROP COLUMN published;");
    expect(m2.sql).toContain("DROP TABLE IF EXISTS comments;");
    await db.applyMigrations([INIT, m1, m2]);
    expect(await rows(db, "SELECT title FROM posts")).toEqual([{ title: "Hello" }]);
    expect(await rows(db, "SELECT name FROM sqlite_schema WHERE name = 'comments'")).toEqual([]);

    // A reference column (indexed, with a foreign key) can be dropped too.
    const crm = planFromDescription(
      "A small CRM: companies, contacts that belong to companies, and deals with an amount and a stage",
    );
    const db2 = appDatabase(env, `scaffold-mig-${crypto.randomUUID()}`, "scratch");
    const c1 = migrationFor(null, crm, [INIT.name])!;
    const unlinked = edit(crm, "remove the company field from contacts");
    const c2 = migrationFor(crm, unlinked.plan, [INIT.name, c1.name], { confirmed: true })!;
    expect(c2.sql).toContain("DROP INDEX IF EXISTS idx_contacts_company_id;");
    await db2.applyMigrations([INIT, c1, c2]);
  });

  it("converts a column whose kind changes storage, only when confirmed", async () => {
    const v1 = planFromDescription("Inventory with stock levels");
    const v2 = structuredClone(v1);
    const sku = v2.dataModel.tables[0]!.columns.find((c) => c.name === "sku")!;
    Object.assign(sku, { kind: "integer", type: "INTEGER" });
    expect(destructiveChanges(v1, v2)).toEqual([
      expect.objectContaining({ kind: "change_column", table: "products", column: "sku" }),
    ]);
    expect(migrationFor(v1, v2, ["0001_init.sql", "0002_inventory.sql"])).toBeNull();
    const m = migrationFor(v1, v2, ["0001_init.sql", "0002_inventory.sql"], { confirmed: true })!;
    const db = appDatabase(env, `scaffold-mig-${crypto.randomUUID()}`, "scratch");
    const m1 = migrationFor(null, v1, [INIT.name])!;
    await db.applyMigrations([INIT, m1]);
    await rows(db, "INSERT INTO users (id, email, password_hash, salt) VALUES ('u1', 'a@example.com', 'h', 's')");
    await rows(db, "INSERT INTO products (id, user_id, name, sku, stock_level) VALUES ('p1', 'u1', 'Bolt', '42', 3)");
    await db.applyMigrations([INIT, m1, m]);
    expect(await rows(db, "SELECT sku, typeof(sku) AS t FROM products")).toEqual([{ sku: 42, t: "integer" }]);
  });
});
