/**
 * Database migrations from plan changes. Every change is a NEW numbered file
 * (`migrations/0003_add_priority_to_todos.sql`); applied migrations are never rewritten.
 *
 *   const risky = destructiveChanges(oldPlan, newPlan);        // plan/diff.ts: ask the person first
 *   const migration = migrationFor(oldPlan, newPlan, names, { confirmed: risky.length === 0 || userSaidYes });
 *
 * Safe changes (new table, new column, renames) are always emitted. Dropping a table or column,
 * or changing how a column stores its values, only with `{ confirmed: true }`; otherwise those
 * parts are left out (the data stays in the database, unused).
 */
import { KINDS } from "../plan/kinds";
import { diffPlans, storage, type PlanRenames } from "../plan/diff";
import { fieldColumns, type Plan, type PlanColumn, type PlanTable } from "../plan/schema";

export interface MigrationOptions {
  renames?: PlanRenames;
  /** The person agreed to lose the data of dropped tables and columns. */
  confirmed?: boolean;
}

/** The next migration file for a plan change, or null when the database needs no change. */
export function migrationFor(
  oldPlan: Plan | null,
  newPlan: Plan,
  existingMigrationNames: string[],
  options: MigrationOptions = {},
): { name: string; sql: string } | null {
  const d = diffPlans(oldPlan, newPlan, options.renames);
  const confirmed = options.confirmed === true;
  const statements: string[] = [];
  const what: string[] = [];

  for (const { from, to } of d.renameTables) {
    statements.push(`ALTER TABLE ${from} RENAME TO ${to};`);
    what.push(`rename_${from}_to_${to}`);
  }
  for (const { table, from, to } of d.renameColumns) {
    statements.push(`ALTER TABLE ${table} RENAME COLUMN ${from} TO ${to};`);
    what.push(`rename_${from}_to_${to}`);
  }
  for (const table of d.createTables) {
    statements.push(createTableSql(table));
    what.push(`create_${table.name}`);
  }
  for (const { table, column } of d.addColumns) {
    statements.push(...addColumnSql(table, column));
    what.push(`add_${column.name}_to_${table.name}`);
  }
  if (confirmed) {
    for (const { table, from, to } of d.changeColumns) {
      const temp = `${to.name}_converted`;
      statements.push(
        `-- ${table}.${to.name}: ${from.kind} → ${to.kind}.`,
        ...addColumnSql({ name: table } as PlanTable, { ...to, name: temp, required: false }),
        `UPDATE ${table} SET ${temp} = CAST(${to.name} AS ${storage(to)});`,
        `DROP INDEX IF EXISTS idx_${table}_${to.name};`,
        `ALTER TABLE ${table} DROP COLUMN ${to.name};`,
        `ALTER TABLE ${table} RENAME COLUMN ${temp} TO ${to.name};`,
      );
      what.push(`convert_${to.name}_in_${table}`);
    }
    for (const { table, column } of d.dropColumns) {
      statements.push(
        `DROP INDEX IF EXISTS idx_${table}_${column.name};`,
        `ALTER TABLE ${table} DROP COLUMN ${column.name};`,
      );
      what.push(`drop_${column.name}_from_${table}`);
    }
    // Tables that refer to others go first, so no foreign-key action touches a table that stays.
    const dropping = new Set(d.dropTables.map((t) => t.name));
    const order = [...d.dropTables].sort(
      (a, b) => Number(referencesAny(b, dropping)) - Number(referencesAny(a, dropping)),
    );
    for (const table of order) {
      statements.push(`DROP TABLE IF EXISTS ${table.name};`);
      what.push(`drop_${table.name}`);
    }
  }
  if (statements.length === 0) return null;

  const number = nextMigrationNumber(existingMigrationNames);
  const label = !oldPlan
    ? snake(newPlan.appName)
    : what.length === 1
      ? what[0]!
      : what.length <= 3 && what.join("_and_").length <= 50
        ? what.join("_and_")
        : "update_schema";
  const name = `${String(number).padStart(4, "0")}_${label.slice(0, 60).replace(/_+$/, "")}.sql`;
  const header = !oldPlan
    ? `-- Migration number: ${String(number).padStart(4, "0")} \t ${newPlan.title}: ${newPlan.dataModel.tables.map((t) => t.name).join(", ")}.${newPlan.needsAuth ? " Every row belongs to one user." : ""}`
    : `-- Migration number: ${String(number).padStart(4, "0")} \t ${what.map((w) => w.replace(/_/g, " ")).join("; ")}.`;
  return { name, sql: `${header}\n${statements.join("\n\n")}\n` };
}

function referencesAny(table: PlanTable, names: ReadonlySet<string>): boolean {
  return table.columns.some(
    (c) => c.kind === "reference" && !c.system && c.references !== table.name && names.has(c.references ?? ""),
  );
}

const snake = (text: string) =>
  text
    .replace(/[^a-z0-9]+/gi, "_")
    .toLowerCase()
    .replace(/^_+|_+$/g, "") || "app";

/** 1 + the highest number among `0001_init.sql`, `0002_crm.sql`, … (paths or bare names). */
export function nextMigrationNumber(existingMigrationNames: string[]): number {
  let max = 0;
  for (const name of existingMigrationNames) {
    const m = /(?:^|\/)(\d+)_[^/]*\.sql$/.exec(name);
    if (m) max = Math.max(max, Number(m[1]));
  }
  return max + 1;
}

/** CREATE TABLE with its indexes: one for the owner's rows, one per reference. */
export function createTableSql(table: PlanTable): string {
  const width = Math.max(...table.columns.map((c) => c.name.length));
  const lines = table.columns.map((c) => `  ${c.name.padEnd(width)} ${c.type}`);
  const out = [`CREATE TABLE IF NOT EXISTS ${table.name} (\n${lines.join(",\n")}\n);`];
  if (table.columns.some((c) => c.name === "user_id"))
    out.push(`CREATE INDEX IF NOT EXISTS idx_${table.name}_user ON ${table.name}(user_id, created_at);`);
  for (const column of fieldColumns(table)) {
    if (column.kind === "reference")
      out.push(`CREATE INDEX IF NOT EXISTS idx_${table.name}_${column.name} ON ${table.name}(${column.name});`);
  }
  return out.join("\n");
}

/**
 * ALTER TABLE … ADD COLUMN. SQLite needs a constant DEFAULT for a NOT NULL column: the rows already
 * there get the kind's `whenAdded` value, or the column allows NULL when the kind has none (a
 * reference: the Worker still requires a value for new rows).
 */
function addColumnSql(table: Pick<PlanTable, "name">, column: PlanColumn): string[] {
  let type = column.type;
  if (/\bNOT NULL\b/i.test(type) && !/\bDEFAULT\b/i.test(type)) {
    const fallback = KINDS[column.kind].sql.whenAdded(column);
    type =
      fallback === null
        ? type.replace(/\s+NOT NULL/i, "")
        : type.replace(/\bNOT NULL\b/i, `NOT NULL DEFAULT ${fallback}`);
  }
  const out = [`ALTER TABLE ${table.name} ADD COLUMN ${column.name} ${type};`];
  if (column.kind === "reference" && !column.system)
    out.push(`CREATE INDEX IF NOT EXISTS idx_${table.name}_${column.name} ON ${table.name}(${column.name});`);
  return out;
}
