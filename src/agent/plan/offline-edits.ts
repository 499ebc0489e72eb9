/**
 * Plan edits Kiln can make without a model: the plain sentences of a chat that change the data
 * model, the title or the main colour. Everything else needs a model, and says so.
 *
 *   interpretEdit(plan, "add a priority field to todos")
 *     → { kind: "plan", plan, summary: "Added “Priority” (low, medium or high) to todos." }
 *   interpretEdit(plan, "make the list sortable by date")
 *     → { kind: "needs_model", reason: "…" }
 *
 * The new plan goes to the scaffolder with the old one (`scaffold(newPlan, template, { previous:
 * { plan, migrations, renames } })`); `renames` keeps data across renames, `destructive` lists
 * what needs the person's confirmation first.
 */
import type { DestructiveChange, PlanRenames } from "../scaffold/migrations";
import { destructiveChanges } from "../scaffold/migrations";
import { parseColor } from "./colors";
import { ENTITIES } from "./heuristic";
import { COLUMN_KINDS, fieldColumns, inferKind, normalizePlan, PlanError, toIdentifier, type ColumnKind, type Plan, type PlanColumnInput, type PlanTable } from "./schema";
import { humanize, pluralize, singularize } from "./words";

export type EditResult =
  | { kind: "plan"; plan: Plan; summary: string; renames?: PlanRenames; destructive?: DestructiveChange[] }
  | { kind: "needs_model"; reason: string };

const OFFLINE_SCOPE =
  "Without a model Kiln can add, remove or rename a field or a table, rename the app and change its main colour.";

/** Reads one plain edit request. Never throws. */
export function interpretEdit(plan: Plan, message: string): EditResult {
  const original = message
    .trim()
    .replace(/^(?:please|pls|can you|could you|would you|i want to|i'd like to|let's|lets)\s+/i, "")
    .replace(/\s*(?:,?\s*please)?[.!]*$/i, "")
    .trim();
  const text = original.toLowerCase().replace(/[’]/g, "'").replace(/\s+/g, " ");
  try {
    return (
      title(plan, original, text) ??
      colour(plan, text) ??
      renameField(plan, text) ??
      renameTable(plan, text) ??
      addField(plan, text) ??
      removeField(plan, text) ??
      addTable(plan, text) ??
      removeTable(plan, text) ?? { kind: "needs_model", reason: needsModel(text) }
    );
  } catch (err) {
    if (err instanceof PlanError) return { kind: "needs_model", reason: `${err.message} ${OFFLINE_SCOPE}` };
    throw err;
  }
}

function needsModel(text: string): string {
  if (/\b(?:and|then|also)\b.*\b(?:add|remove|rename|delete)\b/.test(text)) return `That is several changes at once; a model can do them together, or send them one at a time. ${OFFLINE_SCOPE}`;
  if (/\b(?:page|layout|button|chart|graph|sort|filter|search|design|style|font|dark mode|email|notify|upload|export|import|calendar|drag)\b/.test(text)) {
    return `Changing how the app looks or behaves ("${text}") needs a model to write the code. ${OFFLINE_SCOPE}`;
  }
  return `Kiln needs a model to understand "${text}". ${OFFLINE_SCOPE}`;
}

// ─── Helpers ─────────────────────────────────────────────────────────────────────────────────

function findTable(plan: Plan, words: string): PlanTable | null {
  const w = words.trim().replace(/^(?:the|my|our|all)\s+/, "").replace(/\s+(?:table|entity|list|page|section)$/, "");
  const id = toIdentifier(w);
  if (!id) return null;
  for (const t of plan.dataModel.tables) {
    const names: string[] = [t.name, t.singular, t.label.toLowerCase(), toIdentifier(t.label) ?? ""];
    if (names.includes(id) || names.includes(w) || pluralize(id) === t.name || t.name === singularize(id)) return t;
  }
  return null;
}

function findColumn(table: PlanTable, words: string) {
  const w = words.trim().replace(/^(?:the|a|an)\s+/, "").replace(/\s+(?:field|column|property|attribute)$/, "");
  const id = toIdentifier(w);
  return fieldColumns(table).find((c) => c.name === id || c.label.toLowerCase() === w || c.name === `${id}_id` || (id && c.name === toIdentifier(w.replace(/s$/, "")))) ?? null;
}

function withTables(plan: Plan, tables: PlanTable[] | ((t: PlanTable[]) => unknown[])): Plan {
  const next = typeof tables === "function" ? tables(plan.dataModel.tables) : tables;
  return normalizePlan({ ...plan, dataModel: { tables: next } });
}

function replaceTable(plan: Plan, table: PlanTable, columns: PlanColumnInput[], extra: Partial<PlanTable> = {}): Plan {
  return withTables(plan, (tables) => tables.map((t) => (t === table ? { ...t, ...extra, columns } : t)));
}

const KIND_WORDS: Array<[RegExp, ColumnKind]> = [
  [/\b(?:phone|telephone|mobile)(?: number)?\b/, "phone"], // before "number": a phone number is text
  [/\b(?:yes\/no|checkbox|boolean|true\/false|toggle|flag)\b/, "boolean"],
  [/\b(?:date ?time|timestamp)\b/, "datetime"],
  [/\bdate\b/, "date"],
  [/\b(?:money|currency|price|amount)\b/, "money"],
  [/\b(?:whole number|integer|count)\b/, "integer"],
  [/\b(?:number|numeric|decimal)\b/, "number"],
  [/\b(?:long text|paragraph|multi-?line|textarea)\b/, "longtext"],
  [/\b(?:e-?mail)\b/, "email"],
  [/\b(?:url|link|web address)\b/, "url"],
  [/\b(?:tags|labels)\b/, "tags"],
  [/\b(?:text|string)\b/, "text"],
];

/** "a priority field", "a due date", "an urgent checkbox", "a 'rating' number" → a new column. */
function newColumn(phrase: string, plan: Plan): { column: PlanColumnInput; label: string } | null {
  let p = phrase.trim().replace(/^(?:a|an|the|new|another)\s+/, "");
  let kind: ColumnKind | undefined;
  const typed = /^(.+?)\s+(?:as an?|of type|type)\s+(.+)$/.exec(p) ?? /^(.+?)\s+\((.+)\)$/.exec(p);
  if (typed) {
    p = typed[1]!;
    kind = KIND_WORDS.find(([re]) => re.test(typed[2]!))?.[1];
  }
  const kindBefore = /^(yes\/no|checkbox|boolean|date|date ?time|money|number|numeric|whole number|text|long text|email|url|link)\s+(?:field|column)\s+(?:called|named)\s+(.+)$/.exec(p);
  if (kindBefore) {
    kind = KIND_WORDS.find(([re]) => re.test(kindBefore[1]!))?.[1];
    p = kindBefore[2]!;
  }
  const trailingKind = /^(.+?)\s+(checkbox|yes\/no|date ?time|date|number|text|email|url|link|tags)\s*(?:field|column)?$/.exec(p);
  if (!kind && trailingKind) {
    kind = KIND_WORDS.find(([re]) => re.test(trailingKind[2]!))?.[1];
    // "a linkedin url" is a column linkedin_url; "an urgent checkbox" is a column urgent.
    if (!/^(?:url|link|email|date|date ?time|tags)$/.test(trailingKind[2]!)) p = trailingKind[1]!;
  }
  p = p.replace(/\s+(?:field|column|property|attribute)$/, "").replace(/^["“']|["”']$/g, "");
  const name = toIdentifier(p);
  if (!name || name.length > 40 || p.split(" ").length > 4) return null;
  const tableNames = new Set(plan.dataModel.tables.map((t) => t.name));
  const inferred = inferKind(name, "", tableNames);
  const k = kind && (COLUMN_KINDS as readonly string[]).includes(kind) ? kind : inferred.kind;
  const options = k === "enum" ? inferred.options : undefined;
  const column: PlanColumnInput = { name, kind: k, required: false, ...(options ? { options, required: true } : {}), ...(k === "reference" ? { references: inferred.references } : {}) };
  const label = humanize(name);
  return { column, label: options ? `“${label}” (${options.slice(0, -1).join(", ")} or ${options[options.length - 1]})` : `“${label}”` };
}

// ─── Edits ───────────────────────────────────────────────────────────────────────────────────

function title(plan: Plan, original: string, text: string): EditResult | null {
  const m = /^(?:call (?:it|the app)|name (?:it|the app)|rename (?:it|the app|the title)(?: to)?|change the (?:app(?:'s)? )?(?:name|title) to|set the (?:app(?:'s)? )?(?:name|title) to|title it|the app should be called|make the title)\s+(.+)$/.exec(text);
  if (!m) return null;
  const name = original.slice(original.length - m[1]!.length).replace(/^["“'](.*)["”']$/, "$1").trim();
  if (!name || name.length > 60) return null;
  const next = normalizePlan({ ...plan, title: name });
  return { kind: "plan", plan: next, summary: `Renamed the app to “${name}”.` };
}

function colour(plan: Plan, text: string): EditResult | null {
  const m =
    /^(?:make (?:it|the app|everything|the (?:main|primary|brand) colou?r)|use|change the (?:main |primary |brand |theme )?colou?r to|set the (?:main |primary |brand |theme )?colou?r to|switch to|go with|colou?r(?: it)?)\s+(?:a |an )?(.+?)(?:\s+(?:as|for) (?:the )?(?:main|primary|brand|theme) colou?r)?(?:\s+(?:theme|colou?r|instead))?$/.exec(text);
  const m2 = /^(?:a |an )?(.+?)\s+(?:theme|main colou?r|colou?r scheme)(?: please)?$/.exec(text);
  const value = m?.[1] ?? m2?.[1];
  if (!value) return null;
  const hex = parseColor(value);
  if (!hex) return null;
  return { kind: "plan", plan: normalizePlan({ ...plan, theme: { primary: hex } }), summary: `Changed the main colour to ${value.startsWith("#") ? hex : `${value} (${hex})`}.` };
}

function addField(plan: Plan, text: string): EditResult | null {
  const m = /^(?:add|include|put|also track|track|store|record|keep)\s+(.+?)\s+(?:to|on|for|in|into)\s+(?:the |my |each |every )?(.+?)$/.exec(text);
  if (!m) return null;
  const table = findTable(plan, m[2]!);
  if (!table) return null;
  const made = newColumn(m[1]!, plan);
  if (!made) return null;
  if (findColumn(table, made.column.name)) return { kind: "needs_model", reason: `${table.label} already have a field “${humanize(made.column.name)}”. ${OFFLINE_SCOPE}` };
  const next = replaceTable(plan, table, [...table.columns, made.column]);
  return { kind: "plan", plan: next, summary: `Added ${made.label} to ${table.label.toLowerCase()}.` };
}

function removeField(plan: Plan, text: string): EditResult | null {
  const m = /^(?:remove|delete|drop|get rid of|take out|hide)\s+(.+?)\s+(?:from|in|on|of)\s+(?:the |my )?(.+?)$/.exec(text);
  if (!m) return null;
  const table = findTable(plan, m[2]!);
  if (!table) return null;
  const column = findColumn(table, m[1]!);
  if (!column) return { kind: "needs_model", reason: `${table.label} have no field “${m[1]}”; they have ${fieldColumns(table).map((c) => c.name).join(", ")}. ${OFFLINE_SCOPE}` };
  if (fieldColumns(table).length === 1) return { kind: "needs_model", reason: `“${column.label}” is the only field of ${table.label.toLowerCase()}; remove the table instead, or add another field first.` };
  const next = replaceTable(plan, table, table.columns.filter((c) => c !== column), table.displayColumn === column.name ? { displayColumn: "" } : {});
  return { kind: "plan", plan: next, summary: `Removed “${column.label}” from ${table.label.toLowerCase()}.`, destructive: destructiveChanges(plan, next) };
}

function renameField(plan: Plan, text: string): EditResult | null {
  const m =
    /^(?:rename|change)\s+(?:the )?(.+?)\s+(?:field |column )?(?:to|into|as)\s+(.+?)\s+(?:in|on|of|for)\s+(?:the |my )?(.+?)$/.exec(text) ??
    (() => {
      const n = /^(?:rename|change)\s+(?:the )?(.+?)(?:'s|’s)\s+(.+?)\s+(?:field |column )?(?:to|into)\s+(.+?)$/.exec(text);
      return n ? ([n[0], n[2], n[3], n[1]] as unknown as RegExpExecArray) : null;
    })();
  if (!m) return null;
  const table = findTable(plan, m[3]!);
  if (!table) return null;
  const column = findColumn(table, m[1]!);
  if (!column) return { kind: "needs_model", reason: `${table.label} have no field “${m[1]}”; they have ${fieldColumns(table).map((c) => c.name).join(", ")}.` };
  const to = toIdentifier(m[2]!.replace(/^(?:a|an|the)\s+/, "").replace(/\s+(?:field|column)$/, ""));
  if (!to) return null;
  const newName = column.kind === "reference" && !to.endsWith("_id") ? `${to}_id` : to;
  if (table.columns.some((c) => c.name === newName)) return { kind: "needs_model", reason: `${table.label} already have a field “${newName}”.` };
  const renamed = { ...column, name: newName, label: humanize(newName), type: column.type.replace(new RegExp(`\\b${column.name}\\b`, "g"), newName) };
  const next = replaceTable(
    plan,
    table,
    table.columns.map((c) => (c === column ? renamed : c)),
    table.displayColumn === column.name ? { displayColumn: newName } : {},
  );
  const renames: PlanRenames = { columns: { [`${table.name}.${column.name}`]: newName } };
  return { kind: "plan", plan: next, summary: `Renamed “${column.label}” to “${renamed.label}” in ${table.label.toLowerCase()}.`, renames };
}

function renameTable(plan: Plan, text: string): EditResult | null {
  const m = /^(?:rename|change)\s+(?:the )?(.+?)\s+(?:table |entity |section |page )?(?:to|into)\s+(.+?)$/.exec(text);
  if (!m) return null;
  const table = findTable(plan, m[1]!);
  if (!table) return null;
  const raw = m[2]!.replace(/^(?:the )?/, "").replace(/\s+(?:table|entity|section|page)$/, "");
  const id = toIdentifier(raw);
  if (!id) return null;
  const name = pluralize(singularize(id)) === id ? id : pluralize(id);
  if (plan.dataModel.tables.some((t) => t.name === name)) return { kind: "needs_model", reason: `There is already a table called ${name}.` };
  const next = withTables(plan, (tables) =>
    tables.map((t) =>
      t === table
        ? { ...t, name, label: humanize(name), singular: singularize(name) }
        : { ...t, columns: t.columns.map((c) => (c.kind === "reference" && c.references === table.name ? { ...c, references: name, type: c.type.replace(`REFERENCES ${table.name}(`, `REFERENCES ${name}(`) } : c)) },
    ),
  );
  return { kind: "plan", plan: next, summary: `Renamed ${table.label.toLowerCase()} to ${humanize(name).toLowerCase()}.`, renames: { tables: { [table.name]: name } } };
}

function addTable(plan: Plan, text: string): EditResult | null {
  const m =
    /^(?:add|create|make)\s+(?:a |an |the )?(?:new )?(.+?)\s+(?:entity|table|section|list|model|page|resource)(?:\s+too)?$/.exec(text) ??
    /^(?:also )?(?:track|manage|keep track of|store|record|add)\s+(?:my |our |the )?(.+?)(?:\s+(?:too|as well))?$/.exec(text);
  if (!m) return null;
  const phrase = m[1]!.replace(/^(?:a|an|the|some)\s+/, "");
  if (phrase.split(" ").length > 3) return null;
  const id = toIdentifier(phrase);
  if (!id) return null;
  const name = pluralize(singularize(id));
  if (findTable(plan, name)) return { kind: "needs_model", reason: `There is already a table called ${name}. ${OFFLINE_SCOPE}` };
  const known = ENTITIES.find((e) => e.table === name || e.match.test(` ${phrase} `));
  const present = new Set(plan.dataModel.tables.map((t) => t.name));
  const table = known && !present.has(known.table) ? known.table : name;
  const columns: PlanColumnInput[] = known
    ? [
        ...known.fields.map((f) => ({ name: f.name, kind: f.kind, required: f.required ?? false, ...(f.options ? { options: f.options } : {}), ...(f.label ? { label: f.label } : {}) })),
        ...(known.relations ?? []).filter((r) => present.has(r.table)).map((r) => ({ name: r.column, kind: "reference", references: r.table, required: r.required })),
      ]
    : [
        { name: "name", kind: "text", required: true },
        { name: "notes", kind: "longtext", required: false },
      ];
  // Existing tables that usually point at the new one get an optional link (products → supplier).
  const linked: string[] = [];
  const next = withTables(plan, (tables) => [
    ...tables.map((t) => {
      const def = ENTITIES.find((e) => e.table === t.name);
      const relation = def?.relations?.find((r) => r.table === table);
      if (!relation || t.columns.some((c) => c.name === relation.column)) return t;
      linked.push(t.label.toLowerCase());
      return { ...t, columns: [...t.columns, { name: relation.column, kind: "reference", references: table, required: false }] };
    }),
    { name: table, ...(known?.label ? { label: known.label } : {}), ...(known?.displayColumn ? { displayColumn: known.displayColumn } : {}), columns },
  ]);
  const added = next.dataModel.tables.find((t) => t.name === table)!;
  return {
    kind: "plan",
    plan: next,
    summary: `Added ${added.label.toLowerCase()} (${fieldColumns(added).map((c) => c.label.toLowerCase()).join(", ")})${linked.length ? `, linked from ${linked.join(" and ")}` : ""}.`,
  };
}

function removeTable(plan: Plan, text: string): EditResult | null {
  const m = /^(?:remove|delete|drop|get rid of)\s+(?:the |my |all )?(.+?)(?:\s+(?:entity|table|section|list|page))?$/.exec(text);
  if (!m) return null;
  const table = findTable(plan, m[1]!);
  if (!table) return null;
  const next = withTables(plan, (tables) =>
    tables.filter((t) => t !== table).map((t) => ({ ...t, columns: t.columns.filter((c) => !(c.kind === "reference" && c.references === table.name && !c.system)) })),
  );
  return { kind: "plan", plan: next, summary: `Removed ${table.label.toLowerCase()}.`, destructive: destructiveChanges(plan, next) };
}
