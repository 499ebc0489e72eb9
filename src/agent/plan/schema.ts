/**
 * The plan (docs/architecture.md, The generation pipeline): what the app is called, its pages, its tables, its features.
 *
 * Two shapes:
 * - `PlanInput` is what a model (or a person) writes: the seed's bare shape, where a column is
 *   `{ name, type }` with `type` an SQL fragment ("TEXT NOT NULL", "TEXT REFERENCES companies(id)"),
 *   optionally with Kiln's richer fields (`kind`, `label`, `required`, `options`, `references`).
 * - `Plan` is the normalised form everything downstream uses (scaffolder, migrations, offline edits):
 *   SQL-safe snake_case names, every column with a `kind`, canonical SQL, system columns (id,
 *   owner, timestamps) filled in, the template's own `users` table left out.
 *
 *   const result = parsePlan(json);             // never throws
 *   if (!result.ok) askTheModelAgain(result.errors);
 *   const plan = normalizePlan(json);            // throws PlanError with the same messages
 *
 * `normalizePlan` is idempotent: normalising a `Plan` again gives the same `Plan`.
 */
import { z } from "zod";
import { parseColor } from "./colors";
import { KINDS, kindNamed } from "./kinds";
import { normalizeSite, siteInputSchema } from "./site-schema";
import { COLUMN_KINDS, type ColumnKind, type Plan, type PlanColumn, type PlanPage, type PlanTable } from "./types";
import { humanize, pluralize, singularize, slugify, snakeCase, titleFromSlug } from "./words";

// The normalised shapes live in types.ts and what each kind decides in kinds.ts (both shared with the builder UI).
export { COLUMN_KINDS, KINDS };
export type { ColumnKind, Plan, PlanColumn, PlanPage, PlanTable };

// ─── Input (what a model writes) ─────────────────────────────────────────────────────────────

const identifierText = z.string().trim().min(1).max(64);

export const planColumnInputSchema = z
  .object({
    name: identifierText,
    /** The seed's SQL fragment after the column name. Optional when `kind` is given. */
    type: z.string().trim().max(300).optional(),
    kind: z.string().trim().max(40).optional(),
    label: z.string().trim().max(80).optional(),
    required: z.boolean().optional(),
    /** For `enum`: the allowed values. */
    options: z.array(z.string().trim().min(1).max(60)).max(40).optional(),
    /** For `reference`: the table it points at. */
    references: z.string().trim().max(64).optional(),
    /** For integer, number and money: the smallest and largest value allowed (a rating from 1 to 5). */
    min: z.number().optional(),
    max: z.number().optional(),
    system: z.boolean().optional(),
  })
  .superRefine((column, ctx) => {
    // What can be told from the column alone; a range on a kind inferred later is checked when normalising.
    const problems: string[] = [];
    rangeFits(column, column.kind ? kindNamed(snakeCase(column.kind)) : undefined, column.name, problems);
    for (const message of problems)
      ctx.addIssue({ code: "custom", path: [column.max !== undefined ? "max" : "min"], message });
  });

export const planTableInputSchema = z.object({
  name: identifierText,
  label: z.string().trim().max(80).optional(),
  singular: z.string().trim().max(64).optional(),
  displayColumn: z.string().trim().max(64).optional(),
  columns: z.array(planColumnInputSchema).max(60).default([]),
});

export const planPageSchema = z.object({
  name: z.string().trim().min(1).max(80),
  route: z.string().trim().min(1).max(200),
});

export const planInputSchema = z.object({
  appName: z.string().trim().min(1).max(80),
  title: z.string().trim().max(80).optional(),
  description: z.string().max(4000).optional(),
  pages: z.array(planPageSchema).max(60).default([]),
  dataModel: z.object({ tables: z.array(planTableInputSchema).max(30).default([]) }).default({ tables: [] }),
  features: z.array(z.string().trim().min(1).max(300)).max(60).default([]),
  needsAuth: z.boolean().default(true),
  needsFileStorage: z.boolean().default(false),
  /** The main colour, "#rrggbb" (or a colour name, normalised to hex). */
  theme: z.object({ primary: z.string().trim().max(40) }).optional(),
  /** A content site instead of a data app (see site-schema.ts): no tables, no login. */
  site: siteInputSchema.optional(),
});

/** What a model may write: the seed's shape plus Kiln's optional fields. */
export type PlanInput = z.input<typeof planInputSchema>;
export type PlanColumnInput = z.input<typeof planColumnInputSchema>;
export type PlanTableInput = z.input<typeof planTableInputSchema>;

// ─── Normalised plan ─────────────────────────────────────────────────────────────────────────

/** The scaffold-maintained columns, in table order. */
export const SYSTEM_COLUMN_NAMES = ["id", "user_id", "created_at", "updated_at"] as const;

/** The fields of a table a person edits (everything but the system columns). */
export function fieldColumns(table: PlanTable): PlanColumn[] {
  return table.columns.filter((c) => !c.system);
}

export class PlanError extends Error {
  constructor(readonly issues: string[]) {
    super(issues.length === 1 ? issues[0]! : `The plan has ${issues.length} problems:\n- ${issues.join("\n- ")}`);
    this.name = "PlanError";
  }
}

// ─── Names ───────────────────────────────────────────────────────────────────────────────────

/** SQLite keywords: not usable as bare table or column names. */
export const SQL_KEYWORDS = new Set(
  `abort action add after all alter always analyze and as asc attach autoincrement before begin between by cascade case cast check
collate column commit conflict constraint create cross current current_date current_time current_timestamp database default
deferrable deferred delete desc detach distinct do drop each else end escape except exclude exclusive exists explain fail filter
first following for foreign from full generated glob group groups having if ignore immediate in index indexed initially inner
insert instead intersect into is isnull join key last left like limit match materialized natural no not nothing notnull null
nulls of offset on or order others outer over partition plan pragma preceding primary query raise range recursive references
regexp reindex release rename replace restrict returning right rollback row rows savepoint select set table temp temporary then
ties to transaction trigger unbounded union unique update using vacuum values view virtual when where window with without`.split(
    /\s+/,
  ),
);

/** JavaScript reserved words: a table name becomes a variable in the generated Worker. */
const JS_RESERVED = new Set(
  `break case catch class const continue debugger default delete do else enum export extends false finally for function if
implements import in instanceof interface let new null package private protected public return static super switch this throw
true try typeof var void while with yield await arguments eval undefined`.split(/\s+/),
);

/**
 * Table names the template or the generated app already uses: `users` (the template's login),
 * d1_migrations (wrangler), and names that would clash with generated routes or modules.
 */
export const RESERVED_TABLE_NAMES = new Set([
  "users",
  "auth",
  "health",
  "dashboard",
  "login",
  "register",
  "d1_migrations",
  "env",
  "errors",
  "validate",
  "password",
  "index",
  "app",
]);

/** Table names that mean "the app's users": the template's auth owns them. */
const USER_TABLE_NAMES = new Set([
  "users",
  "user",
  "app_users",
  "app_user",
  "accounts",
  "account",
  "auth_users",
  "members_auth",
  "profiles_auth",
]);

const IDENTIFIER = /^[a-z][a-z0-9_]{0,47}$/;

/** Any name → a SQL-safe snake_case identifier, or null when nothing usable is left. */
export function toIdentifier(name: string): string | null {
  let id = snakeCase(name);
  if (!id) return null;
  if (/^[0-9]/.test(id)) id = `n_${id}`;
  id = id.slice(0, 48).replace(/_+$/, "");
  return IDENTIFIER.test(id) ? id : null;
}

const COLUMN_RENAMES: Record<string, string> = {
  order: "position",
  index: "position",
  group: "group_name",
  key: "key_name",
  default: "default_value",
  check: "check_value",
  values: "value_list",
  from: "from_value",
  to: "to_value",
  table: "table_name",
  column: "column_name",
  primary: "is_primary",
  unique: "is_unique",
  case: "case_name",
  set: "set_name",
  limit: "limit_value",
  offset: "offset_value",
  plan: "plan_name",
  action: "action_name",
  transaction: "transaction_name",
  range: "range_value",
  row: "row_value",
  rows: "row_count",
  view: "view_name",
  query: "query_text",
  match: "match_name",
  window: "window_name",
  filter: "filter_value",
  replace: "replacement",
  first: "first_value",
  last: "last_value",
  end: "end_value",
  begin: "begin_value",
  when: "when_value",
};

function safeColumnName(id: string): string {
  if (!SQL_KEYWORDS.has(id) && !JS_RESERVED.has(id)) return id;
  return COLUMN_RENAMES[id] ?? `${id}_value`;
}

function safeTableName(id: string): string {
  if (
    !SQL_KEYWORDS.has(id) &&
    !JS_RESERVED.has(id) &&
    !RESERVED_TABLE_NAMES.has(id) &&
    !id.startsWith("sqlite_") &&
    !id.startsWith("_cf_")
  )
    return id;
  if (id === "users" || id === "user") return "members";
  const plural = pluralize(id);
  if (plural !== id && !SQL_KEYWORDS.has(plural) && !JS_RESERVED.has(plural) && !RESERVED_TABLE_NAMES.has(plural))
    return plural;
  return `${id.replace(/^(sqlite|_cf)_/, "")}_items`;
}

// ─── Kind inference ──────────────────────────────────────────────────────────────────────────

const BOOLEAN_NAMES =
  /^(is_|has_|can_|should_)|^(done|completed|complete|finished|attending|archived|active|pinned|favorite|favourite|starred|published|paid|read|private|public|visible|enabled|approved|confirmed|checked|resolved|featured|available|in_stock|billable|reimbursed|going)$/;
const MONEY_NAMES =
  /(^|_)(amount|price|cost|total|salary|budget|balance|revenue|fee|fees|spend|spent|income|payment|subtotal|tax|tip|wage|rent|value_usd)$/;
const DATE_NAMES = /(^|_)(date|day|birthday|deadline|due|dob)$|_on$|^due_|_date_/;
const DATETIME_NAMES = /_at$|(^|_)(datetime|timestamp|starts|ends|start_time|end_time|time)$/;
const LONGTEXT_NAMES =
  /(^|_)(notes?|description|body|content|bio|instructions|ingredients|steps|summary|details|comments?|text|message|remarks|directions|method|excerpt|memo|journal|entry|answer|feedback|review)$/;
const URL_NAMES = /(^|_)(url|website|link|homepage|site|href|image_url|photo_url)$/;
const EMAIL_NAMES = /(^|_)email(_address)?$/;
const PHONE_NAMES = /(^|_)(phone|telephone|mobile|fax)(_number)?$|(^|_)tel$/;
const INTEGER_NAMES =
  /(^|_)(quantity|qty|stock|stock_level|count|servings|minutes|hours|days|rating|score|level|age|year|points|calories|pages|guests|party_size|reorder_level|reorder_point|streak|target|goal|priority_level|seats|capacity|position|duration)$/;

/** Sensible options for enum-ish names when the plan gives none. */
export const DEFAULT_ENUM_OPTIONS: Record<string, string[]> = {
  priority: ["low", "medium", "high"],
  stage: ["lead", "qualified", "proposal", "negotiation", "won", "lost"],
  frequency: ["daily", "weekly", "monthly"],
  difficulty: ["easy", "medium", "hard"],
  rsvp: ["yes", "no", "maybe"],
  response: ["yes", "no", "maybe"],
};

interface Inferred {
  kind: ColumnKind;
  options?: string[];
  references?: string;
}

/** The kind of a column from its SQL type and name (the seed's bare shape has only these). */
export function inferKind(name: string, sqlType: string, tableNames: ReadonlySet<string> = new Set()): Inferred {
  const t = sqlType.toUpperCase();
  const ref = /REFERENCES\s+["`[]?(\w+)["`\]]?/i.exec(sqlType);
  if (ref) return { kind: "reference", references: ref[1]!.toLowerCase() };
  const check = /CHECK\s*\(\s*["`]?\w+["`]?\s+IN\s*\(([^)]*)\)/i.exec(sqlType);
  if (check) {
    const values = [...check[1]!.matchAll(/'((?:[^']|'')*)'/g)].map((m) => m[1]!.replace(/''/g, "'"));
    if (values.length > 0) return { kind: "enum", options: values };
    if (/^\s*0\s*,\s*1\s*$/.test(check[1]!)) return { kind: "boolean" };
  }
  if (/\bBOOL(EAN)?\b/.test(t)) return { kind: "boolean" };
  if (name.endsWith("_id")) {
    const base = name.slice(0, -3);
    const target = [pluralize(base), base].find((candidate) => tableNames.has(candidate));
    if (target) return { kind: "reference", references: target };
  }
  const isInteger = /^\s*(INTEGER|INT|BIGINT|SMALLINT|TINYINT)\b/.test(t);
  const isReal = /^\s*(REAL|NUMERIC|DECIMAL|FLOAT|DOUBLE)\b/.test(t);
  if (isInteger || isReal) {
    if (BOOLEAN_NAMES.test(name)) return { kind: "boolean" };
    if (MONEY_NAMES.test(name)) return { kind: "money" };
    return { kind: isReal ? "number" : "integer" };
  }
  if (/^\s*DATETIME|^\s*TIMESTAMP/.test(t)) return { kind: "datetime" };
  if (/^\s*DATE\b/.test(t)) return { kind: "date" };
  // TEXT, or no type at all: decide by name.
  if (EMAIL_NAMES.test(name)) return { kind: "email" };
  if (URL_NAMES.test(name)) return { kind: "url" };
  if (PHONE_NAMES.test(name)) return { kind: "phone" };
  if (name === "tags" || name.endsWith("_tags") || name === "labels") return { kind: "tags" };
  if (BOOLEAN_NAMES.test(name) && t.trim() === "") return { kind: "boolean" };
  if (MONEY_NAMES.test(name)) return { kind: "money" };
  if (DATETIME_NAMES.test(name)) return { kind: "datetime" };
  if (DATE_NAMES.test(name)) return { kind: "date" };
  if (LONGTEXT_NAMES.test(name)) return { kind: "longtext" };
  if (DEFAULT_ENUM_OPTIONS[name]) return { kind: "enum", options: DEFAULT_ENUM_OPTIONS[name] };
  if (INTEGER_NAMES.test(name) && t.trim() === "") return { kind: "integer" };
  return { kind: "text" };
}

// ─── Canonical SQL ───────────────────────────────────────────────────────────────────────────

/**
 * The SQL for a field column: the kind's storage, NOT NULL when required, the plan's DEFAULT (or the
 * kind's for a required column), then the kind's constraint (a CHECK, a REFERENCES).
 */
export function columnSql(
  column: Pick<PlanColumn, "name" | "kind" | "label" | "required" | "options" | "references" | "min" | "max">,
  defaultValue?: string,
): string {
  const sql = KINDS[column.kind].sql;
  const required = column.required || KINDS[column.kind].plan.alwaysRequired;
  const fallback = defaultValue ?? (required ? sql.requiredDefault(column) : undefined);
  return `${sql.storage}${required ? " NOT NULL" : ""}${fallback !== undefined ? ` DEFAULT ${fallback}` : ""}${sql.constraint(column)}`;
}

function systemColumns(needsAuth: boolean): { head: PlanColumn[]; tail: PlanColumn[] } {
  const head: PlanColumn[] = [
    { name: "id", type: "TEXT PRIMARY KEY", kind: "text", label: "ID", required: true, system: true },
  ];
  if (needsAuth)
    head.push({
      name: "user_id",
      type: "TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE",
      kind: "reference",
      label: "Owner",
      required: true,
      references: "users",
      system: true,
    });
  const timestamp = (name: string, label: string): PlanColumn => ({
    name,
    type: "TEXT NOT NULL DEFAULT (datetime('now'))",
    kind: "datetime",
    label,
    required: true,
    system: true,
  });
  return { head, tail: [timestamp("created_at", "Created"), timestamp("updated_at", "Updated")] };
}

// ─── Normalisation ───────────────────────────────────────────────────────────────────────────

export type ParsePlanResult = { ok: true; plan: Plan; warnings: string[] } | { ok: false; errors: string[] };

/** Validates and normalises a plan. Never throws: errors are sentences fit to show a model. */
export function parsePlan(input: unknown): ParsePlanResult {
  const parsed = planInputSchema.safeParse(input);
  if (!parsed.success) {
    return {
      ok: false,
      errors: parsed.error.issues.map(
        (issue) => `${issue.path.length ? issue.path.join(".") : "plan"}: ${issue.message}`,
      ),
    };
  }
  try {
    const { plan, warnings } = normalizeParsed(parsed.data);
    return { ok: true, plan, warnings };
  } catch (err) {
    if (err instanceof PlanError) return { ok: false, errors: err.issues };
    throw err;
  }
}

/** `parsePlan`, throwing `PlanError` on a bad plan; returns the normalised plan. */
export function normalizePlan(input: unknown): Plan {
  return normalizePlanWithWarnings(input).plan;
}

/** Like `normalizePlan`, plus what was changed on the way (renamed tables, dropped users table…). */
export function normalizePlanWithWarnings(input: unknown): { plan: Plan; warnings: string[] } {
  const result = parsePlan(input);
  if (!result.ok) throw new PlanError(result.errors);
  return { plan: result.plan, warnings: result.warnings };
}

type ParsedPlan = z.output<typeof planInputSchema>;
type ParsedTable = z.output<typeof planTableInputSchema>;
type ParsedColumn = z.output<typeof planColumnInputSchema>;

function looksLikeUserTable(table: ParsedTable, id: string): boolean {
  if (USER_TABLE_NAMES.has(id)) {
    const names = table.columns.map((c) => snakeCase(c.name));
    // A users table is the login's (dropped) when it holds credentials or nothing; otherwise it is renamed.
    return (
      names.length === 0 ||
      names.every((n) => ["id", "created_at", "updated_at"].includes(n)) ||
      names.some((n) => /password|passwd|hash|salt/.test(n)) ||
      names.includes("email")
    );
  }
  return table.columns.some((c) => /^password(_hash)?$/.test(snakeCase(c.name)));
}

function normalizeParsed(input: ParsedPlan): { plan: Plan; warnings: string[] } {
  const errors: string[] = [];
  const warnings: string[] = [];
  // A content site is public: no login, whatever the input said.
  const needsAuth = input.site ? false : input.needsAuth;
  if (input.site && input.dataModel.tables.length > 0) {
    errors.push(
      `A site plan has no tables (it has ${input.dataModel.tables.map((t) => t.name).join(", ")}): leave out "site" for a data app, or the tables for a content site.`,
    );
  }

  // 1. Tables: names, and the app's users table, which the template's login already provides.
  const userTables = new Set<string>(["users"]);
  const renamedTables = new Map<string, string>();
  const tables: Array<{ source: ParsedTable; name: string }> = [];
  for (const table of input.dataModel.tables) {
    const id = toIdentifier(table.name);
    if (!id) {
      errors.push(`Table "${table.name}" needs a name made of letters, digits and underscores.`);
      continue;
    }
    if (looksLikeUserTable(table, id)) {
      userTables.add(id);
      userTables.add(table.name.toLowerCase());
      warnings.push(
        `Left out table "${table.name}": the template's login already keeps the app's users (table users); rows are owned through user_id.`,
      );
      continue;
    }
    const safe = safeTableName(id);
    if (safe !== id) warnings.push(`Renamed table "${table.name}" to "${safe}": "${id}" is reserved.`);
    if (safe !== table.name) renamedTables.set(table.name.toLowerCase(), safe);
    if (tables.some((t) => t.name === safe)) {
      errors.push(`There are two tables named "${safe}". Give each table its own name.`);
      continue;
    }
    tables.push({ source: table, name: safe });
  }
  const tableNames = new Set(tables.map((t) => t.name));
  const resolveTable = (name: string): string | null => {
    const lower = name.toLowerCase();
    if (tableNames.has(lower)) return lower;
    const renamed = renamedTables.get(lower);
    if (renamed) return renamed;
    const id = toIdentifier(name);
    if (!id) return null;
    for (const candidate of [id, pluralize(id), singularize(id)]) if (tableNames.has(candidate)) return candidate;
    return null;
  };
  const isUserTable = (name: string) => userTables.has(name.toLowerCase()) || userTables.has(toIdentifier(name) ?? "");

  // 2. Columns.
  const system = systemColumns(needsAuth);
  const outTables: PlanTable[] = [];
  for (const { source, name } of tables) {
    const columns: PlanColumn[] = [];
    for (const col of source.columns) {
      const column = normalizeColumn(col, name, { tableNames, resolveTable, isUserTable, errors, warnings });
      if (!column) continue;
      if (columns.some((c) => c.name === column.name)) {
        warnings.push(`Left out the second column "${column.name}" of table "${name}".`);
        continue;
      }
      columns.push(column);
    }
    if (columns.length === 0) {
      columns.push({ name: "title", type: "TEXT NOT NULL", kind: "text", label: "Title", required: true });
      warnings.push(`Table "${name}" had no fields; added "title".`);
    }
    const singularRaw = source.singular ? toIdentifier(source.singular) : null;
    let singular = singularRaw ?? singularize(name);
    if (singular === name && !singularRaw) singular = name;
    outTables.push({
      name,
      label: source.label?.trim() || humanize(name),
      singular,
      displayColumn: pickDisplayColumn(columns, source.displayColumn),
      columns: [...system.head, ...columns, ...system.tail],
    });
  }

  if (errors.length > 0) throw new PlanError(errors);

  // 3. App name, title, pages, features, theme.
  const appName = slugify(input.appName);
  const title = input.title?.trim() || titleFromSlug(appName) || "My App";
  const theme = input.theme ? parseColor(input.theme.primary) : null;
  if (input.theme && !theme)
    warnings.push(`Ignored the colour "${input.theme.primary}": use a hex colour such as #16a34a or a colour name.`);

  const site = input.site ? normalizeSite(input.site, warnings) : undefined;

  const plan: Plan = {
    appName,
    title,
    ...(input.description ? { description: input.description } : {}),
    pages: site ? [{ name: "Home", route: "/" }] : standardPages(outTables, needsAuth, input.pages),
    dataModel: { tables: outTables },
    features: [...new Set(input.features.map((f) => f.trim()).filter(Boolean))],
    needsAuth,
    needsFileStorage: input.needsFileStorage,
    ...(theme ? { theme: { primary: theme } } : {}),
    ...(site ? { site } : {}),
  };
  return { plan, warnings };
}

function normalizeColumn(
  col: ParsedColumn,
  table: string,
  ctx: {
    tableNames: ReadonlySet<string>;
    resolveTable: (name: string) => string | null;
    isUserTable: (name: string) => boolean;
    errors: string[];
    warnings: string[];
  },
): PlanColumn | null {
  const id = toIdentifier(col.name);
  if (!id) {
    ctx.errors.push(`Column "${col.name}" of table "${table}" needs a name made of letters, digits and underscores.`);
    return null;
  }
  // System columns are the scaffold's: id, owner, timestamps.
  if ((SYSTEM_COLUMN_NAMES as readonly string[]).includes(id) || col.system) return null;
  const sqlType = col.type ?? "";

  // Explicit kind (or an alias), else inferred from SQL type and name.
  let inferred: Inferred;
  const explicit = col.kind ? kindNamed(snakeCase(col.kind)) : undefined;
  if (col.kind && !explicit)
    ctx.warnings.push(`Column "${table}.${id}": unknown kind "${col.kind}", inferred one instead.`);
  if (explicit) {
    const fromType = inferKind(id, sqlType, ctx.tableNames);
    inferred = {
      kind: explicit,
      options: col.options ?? (explicit === "enum" ? fromType.options : undefined),
      references: col.references ?? fromType.references,
    };
    if (explicit === "reference" && !inferred.references && id.endsWith("_id")) inferred.references = id.slice(0, -3);
  } else {
    inferred = inferKind(id, sqlType, ctx.tableNames);
    if (col.references) inferred = { kind: "reference", references: col.references };
    if (col.options && col.options.length > 0 && inferred.kind !== "reference")
      inferred = { kind: "enum", options: col.options };
  }

  // References: to the app's users → the owner column (already there); to a table of the plan → checked.
  if (inferred.kind === "reference") {
    const target = inferred.references ?? "";
    if (ctx.isUserTable(target) || (/^(owner|author|created_by|user)(_id)?$/.test(id) && !ctx.resolveTable(target))) {
      ctx.warnings.push(`Left out "${table}.${id}": rows belong to their user through user_id.`);
      return null;
    }
    const resolved = ctx.resolveTable(target);
    if (!resolved) {
      ctx.errors.push(
        `Column "${table}.${id}" refers to table "${target}", which is not in the plan. Add that table or make the column plain text.`,
      );
      return null;
    }
    inferred.references = resolved;
  }

  let name = safeColumnName(id);
  if (name !== id)
    ctx.warnings.push(`Renamed column "${table}.${id}" to "${name}": "${id}" is an SQL or JavaScript keyword.`);
  if (inferred.kind === "reference" && !name.endsWith("_id")) {
    // Reference columns end in _id so that code reading them knows what they hold.
    const renamed = `${name}_id`;
    ctx.warnings.push(`Renamed column "${table}.${name}" to "${renamed}": it refers to ${inferred.references}.`);
    name = renamed;
  }

  let options: string[] | undefined;
  if (inferred.kind === "enum") {
    options = [...new Set((inferred.options ?? []).map((o) => snakeCase(o)).filter(Boolean))];
    if (options.length === 0) {
      ctx.warnings.push(`Column "${table}.${name}" is a choice without options; made it text.`);
      inferred = { kind: "text" };
      options = undefined;
    }
  }

  // A range: the plan's min/max, else an SQL CHECK (rating BETWEEN 1 AND 5) on a number.
  const given = col.min !== undefined || col.max !== undefined;
  if (given && !explicit && !KINDS[inferred.kind].plan.range && !sqlType.trim())
    inferred = { kind: Number.isInteger(col.min ?? 0) && Number.isInteger(col.max ?? 0) ? "integer" : "number" };
  const range = given ? { min: col.min, max: col.max } : KINDS[inferred.kind].plan.range ? rangeFromCheck(sqlType) : {};
  if (!rangeFits(range, inferred.kind, `${table}.${name}`, ctx.errors)) return null;

  const upper = sqlType.toUpperCase();
  const hasDefault = /\bDEFAULT\b/.test(upper);
  const required =
    KINDS[inferred.kind].plan.alwaysRequired ||
    (col.required ?? (/\bNOT\s+NULL\b/.test(upper) || /\bPRIMARY\s+KEY\b/.test(upper)));
  const column: PlanColumn = {
    name,
    type: "",
    kind: inferred.kind,
    label: col.label?.trim() || humanize(name),
    required,
    ...(options ? { options } : {}),
    ...(inferred.kind === "reference" ? { references: inferred.references! } : {}),
    ...(range.min !== undefined ? { min: range.min } : {}),
    ...(range.max !== undefined ? { max: range.max } : {}),
  };
  column.type = columnSql(column, hasDefault ? keepDefault(sqlType, column) : undefined);
  return column;
}

/** min/max from `CHECK (x BETWEEN 1 AND 5)` or `CHECK (x >= 1 AND x <= 5)`. */
function rangeFromCheck(sqlType: string): { min?: number; max?: number } {
  const check = /\bCHECK\s*\((.*)\)/i.exec(sqlType)?.[1] ?? "";
  const num = "(-?\\d+(?:\\.\\d+)?)";
  const between = new RegExp(`\\bBETWEEN\\s+${num}\\s+AND\\s+${num}`, "i").exec(check);
  if (between) return { min: Number(between[1]), max: Number(between[2]) };
  const min = new RegExp(`>=\\s*${num}`).exec(check)?.[1];
  const max = new RegExp(`<=\\s*${num}`).exec(check)?.[1];
  return { ...(min !== undefined ? { min: Number(min) } : {}), ...(max !== undefined ? { max: Number(max) } : {}) };
}

/**
 * A range only on kinds that take one, in whole numbers on whole numbers, min ≤ max; otherwise an
 * error saying what to fix. `kind` undefined (not known yet): only min ≤ max is checked.
 */
function rangeFits(
  range: { min?: number; max?: number },
  kind: ColumnKind | undefined,
  column: string,
  errors: string[],
): boolean {
  const { min, max } = range;
  if (min === undefined && max === undefined) return true;
  const takes = kind ? KINDS[kind].plan.range : undefined;
  if (takes === null) {
    const ranged = COLUMN_KINDS.filter((k) => KINDS[k].plan.range);
    errors.push(
      `Column "${column}" is ${kind}: min and max are only for ${ranged.slice(0, -1).join(", ")} or ${ranged[ranged.length - 1]} columns. Remove them or change its kind.`,
    );
    return false;
  }
  if (takes === "whole" && [min, max].some((n) => n !== undefined && !Number.isInteger(n))) {
    errors.push(`Column "${column}" holds whole numbers: its min and max must be whole numbers too.`);
    return false;
  }
  if (min !== undefined && max !== undefined && min > max) {
    errors.push(`Column "${column}": min (${min}) is more than max (${max}). Swap them.`);
    return false;
  }
  return true;
}

/** A literal DEFAULT from the model's SQL that still fits the column (numbers, quoted strings, an option, in range). */
function keepDefault(
  sqlType: string,
  column: Pick<PlanColumn, "name" | "kind" | "label" | "required" | "options" | "references" | "min" | "max">,
): string | undefined {
  const m = /\bDEFAULT\s+('(?:[^']|'')*'|-?\d+(?:\.\d+)?|TRUE|FALSE)/i.exec(sqlType);
  if (!m) return undefined;
  const raw = m[1]!;
  const kept = KINDS[column.kind].sql.keepDefault(
    { raw, ...(raw.startsWith("'") ? { option: snakeCase(raw.slice(1, -1)) } : {}) },
    column,
  );
  if (kept === undefined || KINDS[column.kind].plan.range === null) return kept;
  return Number(kept) < (column.min ?? -Infinity) || Number(kept) > (column.max ?? Infinity) ? undefined : kept;
}

const DISPLAY_NAMES = [
  "name",
  "title",
  "label",
  "subject",
  "full_name",
  "display_name",
  "headline",
  "summary",
  "description",
  "email",
];

function pickDisplayColumn(columns: PlanColumn[], preferred?: string): string {
  const preferredId = preferred ? toIdentifier(preferred) : null;
  if (preferredId && columns.some((c) => c.name === preferredId)) return preferredId;
  const naming = (c: PlanColumn) => KINDS[c.kind].plan.naming;
  for (const name of DISPLAY_NAMES) {
    const match = columns.find((c) => c.name === name && naming(c) < 4);
    if (match) return match.name;
  }
  return (
    columns.find((c) => naming(c) === 1 && c.required) ??
    columns.find((c) => naming(c) === 1) ??
    columns.find((c) => naming(c) === 2) ??
    columns.find((c) => naming(c) === 3) ??
    columns[0]!
  ).name;
}

/** Route of a table's pages: "check_ins" → "/check-ins". */
export function tableRoute(table: Pick<PlanTable, "name">): string {
  return `/${table.name.replace(/_/g, "-")}`;
}

function standardPages(tables: PlanTable[], needsAuth: boolean, declared: PlanPage[]): PlanPage[] {
  const pages: PlanPage[] = [];
  if (needsAuth) pages.push({ name: "Login", route: "/login" }, { name: "Register", route: "/register" });
  pages.push({ name: "Dashboard", route: "/" });
  for (const table of tables) {
    const route = tableRoute(table);
    const singular = humanize(table.singular).toLowerCase();
    pages.push(
      { name: table.label, route },
      { name: `New ${singular}`, route: `${route}/new` },
      { name: `Edit ${singular}`, route: `${route}/:id/edit` },
    );
  }
  // Pages the plan asked for beyond the standard ones stay, for the model to write.
  const known = new Set(pages.map((p) => p.route));
  for (const page of declared) {
    const route = page.route.startsWith("/") ? page.route : `/${page.route}`;
    if (
      known.has(route) ||
      /^\/(home|dashboard)$/i.test(route) ||
      /^\/(signup|sign-up|signin|sign-in|logout)$/i.test(route)
    )
      continue;
    known.add(route);
    pages.push({ name: page.name, route });
  }
  return pages;
}
