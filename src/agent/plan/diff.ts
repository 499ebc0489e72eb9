/**
 * What changes between two plans: tables and columns created, renamed, dropped or converted. The
 * scaffolder turns a diff into a migration (scaffold/migrations.ts); the planner and the generation
 * use it to say which changes delete data and so need the person's yes first.
 *
 *   const risky = destructiveChanges(oldPlan, newPlan, { renames });   // ask the person first
 */
import { KINDS } from "./kinds";
import type { Plan, PlanColumn, PlanTable } from "./schema";

export interface DestructiveChange {
  kind: "drop_table" | "drop_column" | "change_column";
  table: string;
  column?: string;
  message: string;
}

/** Renames between two plans (a rename is not a drop plus an add: the data moves along). */
export interface PlanRenames {
  /** old table name → new table name */
  tables?: Record<string, string>;
  /** "<new table name>.<old column>" → new column name */
  columns?: Record<string, string>;
}

/** How SQLite stores a kind: a change between these needs the values converted. */
export function storage(column: PlanColumn): "TEXT" | "INTEGER" | "REAL" {
  return KINDS[column.kind].sql.storage;
}

export interface PlanDiff {
  createTables: PlanTable[];
  renameTables: Array<{ from: string; to: string }>;
  dropTables: PlanTable[];
  renameColumns: Array<{ table: string; from: string; to: string }>;
  addColumns: Array<{ table: PlanTable; column: PlanColumn }>;
  dropColumns: Array<{ table: string; column: PlanColumn }>;
  changeColumns: Array<{ table: string; from: PlanColumn; to: PlanColumn }>;
}

/** The change from `oldPlan` (null: no app yet) to `newPlan`, matching names through `renames`. */
export function diffPlans(oldPlan: Plan | null, newPlan: Plan, renames: PlanRenames = {}): PlanDiff {
  const d: PlanDiff = {
    createTables: [],
    renameTables: [],
    dropTables: [],
    renameColumns: [],
    addColumns: [],
    dropColumns: [],
    changeColumns: [],
  };
  const oldTables = new Map((oldPlan?.dataModel.tables ?? []).map((t) => [t.name, t]));
  const newToOld = new Map<string, string>();
  for (const [from, to] of Object.entries(renames.tables ?? {})) {
    if (oldTables.has(from) && newPlan.dataModel.tables.some((t) => t.name === to) && from !== to)
      newToOld.set(to, from);
  }
  const matchedOld = new Set<string>();
  for (const table of newPlan.dataModel.tables) {
    const oldName =
      newToOld.get(table.name) ??
      (oldTables.has(table.name) && ![...newToOld.values()].includes(table.name) ? table.name : undefined);
    const old = oldName ? oldTables.get(oldName) : undefined;
    if (!old) {
      d.createTables.push(table);
      continue;
    }
    matchedOld.add(old.name);
    if (old.name !== table.name) d.renameTables.push({ from: old.name, to: table.name });

    const oldColumns = new Map(old.columns.map((c) => [c.name, c]));
    const columnNewToOld = new Map<string, string>();
    for (const [key, to] of Object.entries(renames.columns ?? {})) {
      const [t, from] = key.split(".");
      if (t === table.name && from && oldColumns.has(from) && from !== to) columnNewToOld.set(to, from);
    }
    const matchedColumns = new Set<string>();
    for (const column of table.columns) {
      const fromName =
        columnNewToOld.get(column.name) ??
        (oldColumns.has(column.name) && ![...columnNewToOld.values()].includes(column.name) ? column.name : undefined);
      const before = fromName ? oldColumns.get(fromName) : undefined;
      if (!before) {
        d.addColumns.push({ table, column });
        continue;
      }
      matchedColumns.add(before.name);
      if (before.name !== column.name) d.renameColumns.push({ table: table.name, from: before.name, to: column.name });
      if (storage(before) !== storage(column)) d.changeColumns.push({ table: table.name, from: before, to: column });
    }
    for (const column of old.columns)
      if (!matchedColumns.has(column.name)) d.dropColumns.push({ table: table.name, column });
  }
  for (const table of oldTables.values()) if (!matchedOld.has(table.name)) d.dropTables.push(table);
  return d;
}

/** What the change from `oldPlan` to `newPlan` would delete or convert: ask before doing it. */
export function destructiveChanges(
  oldPlan: Plan,
  newPlan: Plan,
  options: { renames?: PlanRenames } = {},
): DestructiveChange[] {
  const d = diffPlans(oldPlan, newPlan, options.renames);
  return [
    ...d.dropTables.map((t): DestructiveChange => ({
      kind: "drop_table",
      table: t.name,
      message: `Deletes the table "${t.name}" and all its rows.`,
    })),
    ...d.dropColumns.map(({ table, column }): DestructiveChange => ({
      kind: "drop_column",
      table,
      column: column.name,
      message: `Deletes the column "${column.name}" of "${table}" and the values in it.`,
    })),
    ...d.changeColumns.map(({ table, from, to }): DestructiveChange => ({
      kind: "change_column",
      table,
      column: to.name,
      message: `Converts "${table}.${to.name}" from ${from.kind} to ${to.kind}; values that do not convert are lost.`,
    })),
  ];
}
