/** The identifiers generated code uses for a table: types, routers, pages, routes. */
import { KINDS } from "../plan/kinds";
import { fieldColumns, type Plan, type PlanColumn, type PlanTable } from "../plan/schema";
import { camelCase, humanize, pascalCase, pluralize, singularize } from "../plan/words";

/** Names that generated files import or declare: a table's type must not shadow them. */
const TAKEN = new Set(
  `Link NavLink Route Routes Outlet Navigate Badge Button Card CardContent CardHeader CardTitle CardDescription Field Input Label Select
Table TableBody TableHead Td Th Textarea Alert Spinner EmptyState PageHeader LoadState DeleteButton Layout App RequireAuth Stat Dashboard
Hono Validator ApiError User Response Request Record Date Map Set Error Promise Array Object Number String Boolean Symbol JSON Math`.split(
    /\s+/,
  ),
);

/** JavaScript's reserved words (and strict mode's, and `undefined`): no variable of generated code may be one. */
export const JS_WORDS = new Set(
  `break case catch class const continue debugger default delete do else enum export extends false finally for function if
implements import in instanceof interface let new null package private protected public return static super switch this throw
true try typeof var void while with yield await arguments eval undefined`.split(/\s+/),
);

/** `name` as a variable of generated code: "class" → "classValue", "stage" stays "stage". */
export function variableName(name: string, suffix = "Value"): string {
  return JS_WORDS.has(name) ? `${name}${suffix}` : name;
}

export interface TableNames {
  table: PlanTable;
  /** "Deal" (the record's TypeScript type) */
  type: string;
  /** "DealRow" (the Worker's row type) */
  row: string;
  /** "deals" (the Worker's router variable) */
  router: string;
  /** "deal" (in sentences: "New deal", "Delete this deal?") */
  what: string;
  /** "DealsPage", "DealFormPage" */
  listPage: string;
  formPage: string;
  /** "DealSelect" (a <select> of this table's rows, for references to it) */
  select: string;
  /** "ownsDeal" (auth) or "dealExists" (no auth) */
  owns: string;
  /** "/deals" (client route) and "api/deals" (API path, relative) */
  route: string;
  api: string;
  /** "readDeal" */
  reader: string;
}

export function namesFor(table: PlanTable, needsAuth: boolean): TableNames {
  let type = pascalCase(table.singular);
  if (TAKEN.has(type) || type === pascalCase(table.name) + "Page") type = `${type}Item`;
  const plural = pascalCase(table.name);
  const listPage = `${plural === type ? `${plural}List` : plural}Page`;
  return {
    table,
    type,
    row: `${type}Row`,
    router: variableName(camelCase(table.name), "Routes"),
    what: singularLabel(table),
    listPage,
    formPage: `${type}FormPage`,
    select: `${type}Select`,
    owns: needsAuth ? `owns${type}` : `${camelCase(table.singular)}Exists`,
    route: `/${table.name.replace(/_/g, "-")}`,
    api: `api/${table.name}`,
    reader: `read${type}`,
  };
}

/** A label inside a sentence: "Deals" → "deals", "RSVPs" → "RSVPs" (acronyms keep their case). */
export function inSentence(label: string): string {
  return label
    .split(/\s+/)
    .map((w) => (/^[A-Z]{2,}s?$/.test(w) ? w : w.toLowerCase()))
    .join(" ");
}

/** One row in a sentence: "deal", "check-in", "RSVP", "journal entry" (from the plural label). */
export function singularLabel(table: Pick<PlanTable, "label" | "singular">): string {
  const words = table.label.trim().split(/\s+/);
  if (words.length === 0 || !words[0]) return humanize(table.singular).toLowerCase();
  const last = singularize(words.pop()!);
  return [...words, last].map((w) => (/^[A-Z]{2,}$/.test(w) ? w : w.toLowerCase())).join(" ");
}

/** `DEAL_STAGES` and `DealStage` for an enum column. */
export function enumNames(t: TableNames, column: PlanColumn): { constant: string; type: string } {
  const constant = `${t.type}_${pluralize(column.name)}`.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase();
  return { constant, type: `${t.type}${pascalCase(column.name)}` };
}

/** The label used in validation messages: "due date". Omitted when it is just the column name. */
export function messageLabel(column: PlanColumn, plan: Plan): string | undefined {
  if (column.kind === "reference") {
    const target = plan.dataModel.tables.find((t) => t.name === column.references);
    return target ? singularLabel(target) : humanize(column.name).toLowerCase();
  }
  const label = column.label.toLowerCase();
  return label === column.name ? undefined : label;
}

/** The table a reference column points at. */
export function target(plan: Plan, column: PlanColumn): PlanTable {
  return plan.dataModel.tables.find((t) => t.name === column.references)!;
}

/** Columns searched by ?q=: the display column and short text (as their kinds say). */
export function searchColumns(table: PlanTable): PlanColumn[] {
  const fields = fieldColumns(table);
  const display = fields.find((c) => c.name === table.displayColumn);
  const others = fields.filter((c) => c !== display && KINDS[c.kind].plan.searched === "always");
  return [...(display && KINDS[display.kind].plan.searched !== "never" ? [display] : []), ...others].slice(0, 3);
}

/** "company_id" → "company": the prefix of a reference column, for the joined name "company_name". */
export function joinAlias(column: PlanColumn): string {
  return column.name.replace(/_id$/, "") || column.name;
}

/** The joined column a list shows for a reference: "company_name", "post_title". */
export function joinedName(plan: Plan, column: PlanColumn): string {
  return `${joinAlias(column)}_${target(plan, column).displayColumn}`;
}
