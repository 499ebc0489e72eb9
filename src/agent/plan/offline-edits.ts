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
import { destructiveChanges, type DestructiveChange, type PlanRenames } from "./diff";
import { parseColor } from "./colors";
import { readField, type PlannedKind } from "./fields";
import { splitItems } from "./lists";
import { leadingNounPhrase } from "./nouns";
import { standalonePhrase } from "./phrase";
import { isFieldWord, tableName } from "./reader";
import {
  COLUMN_KINDS,
  fieldColumns,
  normalizePlan,
  PlanError,
  toIdentifier,
  type ColumnKind,
  type Plan,
  type PlanColumnInput,
  type PlanTable,
} from "./schema";
import { defaultOptions, templateByTable, templateForNoun, type TemplateField } from "./vocabulary";
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
  // Several changes in one message ("add a priority to todos and remove notes"): one at a time, or a model.
  if (/\b(?:and|then|also|,)\s+(?:then\s+)?(?:add|remove|delete|rename|drop|change|make|link)\s/.test(text))
    return { kind: "needs_model", reason: needsModel(text) };
  try {
    return (
      title(plan, original, text) ??
      colour(plan, text) ??
      renameField(plan, text) ??
      renameTable(plan, text) ??
      link(plan, text) ??
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
  if (/\b(?:and|then|also)\b.*\b(?:add|remove|rename|delete)\b/.test(text))
    return `That is several changes at once; a model can do them together, or send them one at a time. ${OFFLINE_SCOPE}`;
  if (
    /\b(?:page|layout|button|chart|graph|sort|filter|search|design|style|font|dark mode|email|notify|upload|export|import|calendar|drag)\b/.test(
      text,
    )
  ) {
    return `Changing how the app looks or behaves ("${text}") needs a model to write the code. ${OFFLINE_SCOPE}`;
  }
  return `Kiln needs a model to understand "${text}". ${OFFLINE_SCOPE}`;
}

// ─── Helpers ─────────────────────────────────────────────────────────────────────────────────

function findTable(plan: Plan, words: string): PlanTable | null {
  const w = words
    .trim()
    .replace(/^(?:the|my|our|all|each|every|a|an)\s+/, "")
    .replace(/\s+(?:table|entity|list|page|section)$/, "");
  const id = toIdentifier(w);
  if (!id) return null;
  for (const t of plan.dataModel.tables) {
    const names: string[] = [t.name, t.singular, t.label.toLowerCase(), toIdentifier(t.label) ?? ""];
    if (names.includes(id) || names.includes(w) || pluralize(id) === t.name || t.name === singularize(id)) return t;
  }
  return null;
}

function findColumn(table: PlanTable, words: string) {
  const w = words
    .trim()
    .replace(/^(?:the|a|an)\s+/, "")
    .replace(/\s+(?:field|column|property|attribute)$/, "");
  const id = toIdentifier(w);
  return (
    fieldColumns(table).find(
      (c) =>
        c.name === id ||
        c.label.toLowerCase() === w ||
        c.name === `${id}_id` ||
        (id && c.name === toIdentifier(w.replace(/s$/, ""))),
    ) ?? null
  );
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

/**
 * The columns a phrase names: "a priority field", "an urgent checkbox", "sets and reps", "the price,
 * in euros", "a 'rating' number", "a client" (a link when the plan has clients). Kinds, options
 * and ranges are read as the planner reads a description (fields.ts).
 */
function newColumns(
  phrase: string,
  plan: Plan,
  table: PlanTable,
): Array<{ column: PlanColumnInput; label: string }> | null {
  // "the price, in euros": the unit belongs to the item before it.
  const text = phrase.trim().replace(/,\s*(?=(?:in|as|per|measured in)\s)/gi, " ");
  const root = standalonePhrase(text);
  const out: Array<{ column: PlanColumnInput; label: string }> = [];
  for (const item of splitItems(root)) {
    const made = newColumn(item.text, item, plan, table);
    if (!made) return null;
    out.push(made);
  }
  return out.length > 0 ? out : null;
}

function newColumn(
  phrase: string,
  item: ReturnType<typeof standalonePhrase>,
  plan: Plan,
  table: PlanTable,
): { column: PlanColumnInput; label: string } | null {
  let p = phrase.trim().replace(/^(?:a|an|the|new|another)\s+/i, "");
  let kind: ColumnKind | undefined;
  // Explicit kinds: "estimate as a number", "a date field called shipped", "an urgent checkbox".
  const typed = /^(.+?)\s+(?:as an?|of type|type)\s+(.+)$/i.exec(p);
  if (typed) {
    p = typed[1]!;
    kind = KIND_WORDS.find(([re]) => re.test(typed[2]!.toLowerCase()))?.[1];
  }
  const kindBefore =
    /^(yes\/no|checkbox|boolean|date|date ?time|money|number|numeric|whole number|text|long text|email|url|link)\s+(?:field|column)\s+(?:called|named)\s+(.+)$/i.exec(
      p,
    );
  if (kindBefore) {
    kind = KIND_WORDS.find(([re]) => re.test(kindBefore[1]!.toLowerCase()))?.[1];
    p = kindBefore[2]!;
  }
  const trailingKind = /^(.+?)\s+(checkbox|yes\/no|toggle|flag)\s*(?:field|column)?$/i.exec(p);
  if (!kind && trailingKind) {
    kind = "boolean";
    p = trailingKind[1]!;
  }
  p = p.replace(/\s+(?:field|column|property|attribute)$/i, "").replace(/^["“']|["”']$/g, "");
  if (p.split(/\s+/).length > 8) return null;
  const source = p === phrase.trim() ? item : standalonePhrase(p);
  const field = readField(source, { entity: table.singular, domain: (plan.description ?? plan.title).toLowerCase() });
  if (!field) return null;
  const name = toIdentifier(field.name);
  if (!name || name.length > 40) return null;
  // A thing the plan keeps ("a client", "which shelf"): a link to it.
  const target = field.target ? findTable(plan, field.target) : null;
  if (target && target !== table && !field.many && !kind) {
    const column: PlanColumnInput = {
      name: `${target.singular}_id`,
      kind: "reference",
      references: target.name,
      required: false,
    };
    return { column, label: `a link to ${target.label.toLowerCase()}` };
  }
  const k: PlannedKind = kind && (COLUMN_KINDS as readonly string[]).includes(kind) ? kind : field.kind;
  const options = k === "enum" ? (field.options ?? defaultOptions(name, table.singular) ?? undefined) : undefined;
  const column: PlanColumnInput & { min?: number; max?: number } = {
    name,
    kind: k === "enum" && !options ? "text" : k,
    required: options ? true : (field.required ?? false),
    ...(options ? { options } : {}),
    ...(field.label && !kind ? { label: field.label } : {}),
  };
  if (!kind && field.min !== undefined) column.min = field.min;
  if (!kind && field.max !== undefined) column.max = field.max;
  const label = column.label ?? humanize(name);
  const range = column.min !== undefined && column.max !== undefined ? ` (${column.min} to ${column.max})` : "";
  return {
    column,
    label: options
      ? `“${label}” (${options.slice(0, -1).join(", ")} or ${options[options.length - 1]})`
      : `“${label}”${range}`,
  };
}

// ─── Edits ───────────────────────────────────────────────────────────────────────────────────

function title(plan: Plan, original: string, text: string): EditResult | null {
  const m =
    /^(?:call (?:it|the app)|name (?:it|the app)|rename (?:it|the app|the title)(?: to)?|change the (?:app(?:'s)? )?(?:name|title) to|set the (?:app(?:'s)? )?(?:name|title) to|title it|the app should be called|make the title)\s+(.+)$/.exec(
      text,
    );
  if (!m) return null;
  const name = original
    .slice(original.length - m[1]!.length)
    .replace(/^["“'](.*)["”']$/, "$1")
    .trim();
  if (!name || name.length > 60) return null;
  const next = normalizePlan({ ...plan, title: name });
  return { kind: "plan", plan: next, summary: `Renamed the app to “${name}”.` };
}

function colour(plan: Plan, text: string): EditResult | null {
  const m =
    /^(?:make (?:it|the app|everything|the (?:main|primary|brand) colou?r)|use|change the (?:main |primary |brand |theme )?colou?r to|set the (?:main |primary |brand |theme )?colou?r to|switch to|go with|colou?r(?: it)?)\s+(?:a |an )?(.+?)(?:\s+(?:as|for) (?:the )?(?:main|primary|brand|theme) colou?r)?(?:\s+(?:theme|colou?r|instead))?$/.exec(
      text,
    );
  const m2 = /^(?:a |an )?(.+?)\s+(?:theme|main colou?r|colou?r scheme)(?: please)?$/.exec(text);
  const value = m?.[1] ?? m2?.[1];
  if (!value) return null;
  const hex = parseColor(value);
  if (!hex) return null;
  return {
    kind: "plan",
    plan: normalizePlan({ ...plan, theme: { primary: hex } }),
    summary: `Changed the main colour to ${value.startsWith("#") ? hex : `${value} (${hex})`}.`,
  };
}

function addField(plan: Plan, text: string): EditResult | null {
  const m =
    /^(?:add|include|put|also (?:add|track|note|record|store|keep|log|save)|track|store|record|keep|note|log|save|(?:i|we) (?:also )?(?:want|need|would like|'d like) to (?:track|note|record|store|keep|log|save|add|see))\s+(.+?)\s+(?:to|on|for|in|into)\s+(?:the |my |each |every |all )?(.+?)$/.exec(
      text,
    ) ?? null;
  let table = m ? findTable(plan, m[2]!) : null;
  // "add a chart … to the dashboard": a place that is not a table is not a field edit. ("add the
  // price, in euros", "add a rating from 1 to 5": the words after "in"/"to" belong to the field.)
  if (
    m &&
    !table &&
    /\b(?:page|dashboard|chart|graph|button|view|screen|sidebar|header|footer|menu|form|home ?page|nav(?:igation)?|top bar)s?\b/.test(
      m[2]!,
    )
  )
    return null;
  let phrase = m && table ? m[1]! : null;
  // "books have a genre: fiction, non-fiction or poetry", "each workout should have a rating".
  const has = phrase
    ? null
    : /^(?:each |every |all |the |my )?(.+?)\s+(?:should |must |also |can )*(?:has|have|get|gets|need|needs|contain|contains|include|includes)\s+(.+)$/.exec(
        text,
      );
  const hasTable = has ? findTable(plan, has[1]!) : null;
  if (has && hasTable) {
    table = hasTable;
    phrase = has[2]!;
  }
  if (!phrase) {
    // No table named ("also track sets and reps", "add the price, in euros"): the main table.
    const n =
      /^(?:add|include|also (?:add|track|note|record|store|keep|log|save)|also|track|store|record|note|log|save|(?:i|we) (?:also )?(?:want|need|would like|'d like) to (?:track|note|record|store|keep|log|save|add|see))\s+(.+?)(?:\s+(?:too|as well))?$/.exec(
        text,
      );
    if (!n || plan.dataModel.tables.length === 0) return null;
    if (
      /\b(?:entity|table|section|model|resource|page|chart|graph|button|view|screen|dashboard|filter|search|sort)s?$/.test(
        n[1]!,
      )
    )
      return null;
    // A thing to keep ("also track suppliers") is a table, not a field.
    if (looksLikeTable(plan, n[1]!)) return null;
    table = plan.dataModel.tables[0]!;
    phrase = n[1]!;
  }
  if (!table) return null;
  const made = newColumns(phrase, plan, table);
  if (!made) return null;
  const fresh = made.filter(
    (x) => !findColumn(table!, x.column.name) && !table!.columns.some((c) => c.name === x.column.name),
  );
  if (fresh.length === 0)
    return {
      kind: "needs_model",
      reason: `${table.label} already have ${made.length === 1 ? `a field “${humanize(made[0]!.column.name)}”` : "those fields"}. ${OFFLINE_SCOPE}`,
    };
  const next = replaceTable(plan, table, [...table.columns, ...fresh.map((x) => x.column)]);
  const labels = fresh.map((x) => x.label);
  const list = labels.length === 1 ? labels[0]! : `${labels.slice(0, -1).join(", ")} and ${labels[labels.length - 1]}`;
  return { kind: "plan", plan: next, summary: `Added ${list} to ${table.label.toLowerCase()}.` };
}

/** Whether the words name a new kind of row rather than fields: one plural noun that is not a field word. */
function looksLikeTable(plan: Plan, words: string): boolean {
  const root = standalonePhrase(words.replace(/^(?:my|our|the|some|all)\s+/i, ""));
  const items = splitItems(root);
  if (items.length !== 1) return false;
  const np = leadingNounPhrase(items[0]!);
  if (!np || np.words.length < items[0]!.text.trim().length - 1) return false;
  if (findTable(plan, np.key)) return false;
  return !!templateForNoun(np.key) || (np.plural && !isFieldWord(np));
}

/** "each book belongs to a shelf", "link tasks to projects", "tasks are assigned to a team member". */
function link(plan: Plan, text: string): EditResult | null {
  const m =
    /^(?:each |every |all |the )?(.+?)\s+(?:belongs? to|(?:is|are|should be|must be|get|gets) (?:assigned|linked|attached|tied) to|(?:is|are) (?:in|on|part of|for)|(?:has|have|gets?|needs?) (?:a|an|one))\s+(?:a |an |the |one |its |their )?(.+?)$/.exec(
      text,
    ) ??
    /^(?:link|connect|attach|assign)\s+(?:each |every |all |the )?(.+?)\s+to\s+(?:a |an |the |one |its |their )?(.+?)$/.exec(
      text,
    );
  if (!m) return null;
  const from = findTable(plan, m[1]!);
  if (!from) return null;
  const words = m[2]!.trim();
  if (words.split(/\s+/).length > 3) return null;
  let to = findTable(plan, words);
  let next = plan;
  let added: PlanTable | null = null;
  if (!to) {
    const np = leadingNounPhrase(standalonePhrase(words));
    // "each book has a title" is a field, not a link: only nouns that are not field words become tables.
    if (
      !np ||
      isFieldWord(np) ||
      /^(?:has|have|gets?|needs?)/.test(text.slice(m[0].indexOf(m[1]!) + m[1]!.length).trim())
    )
      return null;
    const made = tableFor(np.key, plan);
    next = withTables(plan, (tables) => [...tables, made]);
    added = next.dataModel.tables.find((t) => t.name === made.name)!;
    to = added;
  }
  if (to === from) return null;
  if (from.columns.some((c) => c.kind === "reference" && c.references === to!.name))
    return {
      kind: "needs_model",
      reason: `${from.label} are already linked to ${to.label.toLowerCase()}. ${OFFLINE_SCOPE}`,
    };
  const source = next.dataModel.tables.find((t) => t.name === from.name)!;
  const column: PlanColumnInput = {
    name: `${to.singular}_id`,
    kind: "reference",
    references: to.name,
    required: false,
  };
  next = replaceTable(next, source, [...source.columns, column]);
  const singular = (t: PlanTable) => humanize(t.singular).toLowerCase();
  return {
    kind: "plan",
    plan: next,
    summary: `${
      added
        ? `Added ${added.label.toLowerCase()} (${fieldColumns(added)
            .map((c) => c.label.toLowerCase())
            .join(", ")}) and linked`
        : "Linked"
    } each ${singular(from)} to ${/^[aeiou]/.test(singular(to)) ? "an" : "a"} ${singular(to)}.`,
  };
}

/** A new table for a noun: its template's fields when it is a known kind of row, else a name and notes. */
function tableFor(
  key: string,
  plan: Plan,
): { name: string; label?: string; displayColumn?: string; columns: PlanColumnInput[] } {
  const template = templateForNoun(key);
  const name = tableName(key);
  const present = new Set(plan.dataModel.tables.map((t) => t.name));
  const toInput = (f: TemplateField): PlanColumnInput & { min?: number; max?: number } => {
    const options =
      f.kind === "enum" ? (f.options ?? defaultOptions(f.name, key, plan.description?.toLowerCase())) : undefined;
    return {
      name: f.name,
      kind: options || f.kind !== "enum" ? f.kind : "text",
      required: f.required ?? false,
      ...(options ? { options } : {}),
      ...(f.label ? { label: f.label } : {}),
      ...(f.min !== undefined ? { min: f.min } : {}),
      ...(f.max !== undefined ? { max: f.max } : {}),
    };
  };
  const columns: PlanColumnInput[] = template
    ? [
        ...template.fields.map(toInput),
        ...(template.relations ?? [])
          .map((r) => ({
            r,
            target: plan.dataModel.tables.find((t) => templateForNoun(t.singular)?.table === r.to || t.name === r.to),
          }))
          .filter((x) => x.target && present.has(x.target.name))
          .map(({ r, target }) => ({
            name: `${target!.singular}_id`,
            kind: "reference",
            references: target!.name,
            required: r.required,
          })),
      ]
    : [
        { name: "name", kind: "text", required: true },
        { name: "notes", kind: "longtext", required: false },
      ];
  return {
    name,
    ...(template?.label && template.table === name ? { label: template.label } : {}),
    ...(template?.displayColumn ? { displayColumn: template.displayColumn } : {}),
    columns,
  };
}

function removeField(plan: Plan, text: string): EditResult | null {
  const m = /^(?:remove|delete|drop|get rid of|take out|hide)\s+(.+?)\s+(?:from|in|on|of)\s+(?:the |my )?(.+?)$/.exec(
    text,
  );
  if (!m) return null;
  const table = findTable(plan, m[2]!);
  if (!table) return null;
  const column = findColumn(table, m[1]!);
  if (!column)
    return {
      kind: "needs_model",
      reason: `${table.label} have no field “${m[1]}”; they have ${fieldColumns(table)
        .map((c) => c.name)
        .join(", ")}. ${OFFLINE_SCOPE}`,
    };
  if (fieldColumns(table).length === 1)
    return {
      kind: "needs_model",
      reason: `“${column.label}” is the only field of ${table.label.toLowerCase()}; remove the table instead, or add another field first.`,
    };
  const next = replaceTable(
    plan,
    table,
    table.columns.filter((c) => c !== column),
    table.displayColumn === column.name ? { displayColumn: "" } : {},
  );
  return {
    kind: "plan",
    plan: next,
    summary: `Removed “${column.label}” from ${table.label.toLowerCase()}.`,
    destructive: destructiveChanges(plan, next),
  };
}

function renameField(plan: Plan, text: string): EditResult | null {
  const m =
    /^(?:rename|change)\s+(?:the )?(.+?)\s+(?:field |column )?(?:to|into|as)\s+(.+?)\s+(?:in|on|of|for)\s+(?:the |my )?(.+?)$/.exec(
      text,
    ) ??
    (() => {
      const n = /^(?:rename|change)\s+(?:the )?(.+?)(?:'s|’s)\s+(.+?)\s+(?:field |column )?(?:to|into)\s+(.+?)$/.exec(
        text,
      );
      return n ? ([n[0], n[2], n[3], n[1]] as unknown as RegExpExecArray) : null;
    })();
  if (!m) return null;
  const table = findTable(plan, m[3]!);
  if (!table) return null;
  const column = findColumn(table, m[1]!);
  if (!column)
    return {
      kind: "needs_model",
      reason: `${table.label} have no field “${m[1]}”; they have ${fieldColumns(table)
        .map((c) => c.name)
        .join(", ")}.`,
    };
  const to = toIdentifier(m[2]!.replace(/^(?:a|an|the)\s+/, "").replace(/\s+(?:field|column)$/, ""));
  if (!to) return null;
  const newName = column.kind === "reference" && !to.endsWith("_id") ? `${to}_id` : to;
  if (table.columns.some((c) => c.name === newName))
    return { kind: "needs_model", reason: `${table.label} already have a field “${newName}”.` };
  const renamed = {
    ...column,
    name: newName,
    label: humanize(newName),
    type: column.type.replace(new RegExp(`\\b${column.name}\\b`, "g"), newName),
  };
  const next = replaceTable(
    plan,
    table,
    table.columns.map((c) => (c === column ? renamed : c)),
    table.displayColumn === column.name ? { displayColumn: newName } : {},
  );
  const renames: PlanRenames = { columns: { [`${table.name}.${column.name}`]: newName } };
  return {
    kind: "plan",
    plan: next,
    summary: `Renamed “${column.label}” to “${renamed.label}” in ${table.label.toLowerCase()}.`,
    renames,
  };
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
  if (plan.dataModel.tables.some((t) => t.name === name))
    return { kind: "needs_model", reason: `There is already a table called ${name}.` };
  const next = withTables(plan, (tables) =>
    tables.map((t) =>
      t === table
        ? { ...t, name, label: humanize(name), singular: singularize(name) }
        : {
            ...t,
            columns: t.columns.map((c) =>
              c.kind === "reference" && c.references === table.name
                ? { ...c, references: name, type: c.type.replace(`REFERENCES ${table.name}(`, `REFERENCES ${name}(`) }
                : c,
            ),
          },
    ),
  );
  return {
    kind: "plan",
    plan: next,
    summary: `Renamed ${table.label.toLowerCase()} to ${humanize(name).toLowerCase()}.`,
    renames: { tables: { [table.name]: name } },
  };
}

function addTable(plan: Plan, text: string): EditResult | null {
  const m =
    /^(?:add|create|make)\s+(?:a |an |the )?(?:new )?(.+?)\s+(?:entity|table|section|list|model|page|resource)(?:\s+too)?$/.exec(
      text,
    ) ??
    /^(?:also )?(?:track|manage|keep track of|store|record|add)\s+(?:my |our |the )?(.+?)(?:\s+(?:too|as well))?$/.exec(
      text,
    );
  if (!m) return null;
  const phrase = m[1]!.replace(/^(?:a|an|the|some)\s+/, "");
  if (phrase.split(" ").length > 3) return null;
  const id = toIdentifier(phrase);
  if (!id) return null;
  const key = singularize(id);
  const name = tableName(key);
  if (findTable(plan, name))
    return { kind: "needs_model", reason: `There is already a table called ${name}. ${OFFLINE_SCOPE}` };
  const made = tableFor(key, plan);
  const template = templateForNoun(key);
  // Existing tables that usually point at the new one get an optional link (products → supplier).
  const linked: string[] = [];
  const next = withTables(plan, (tables) => [
    ...tables.map((t) => {
      const relation = templateForNoun(t.singular)?.relations?.find(
        (r) => r.to === template?.table || templateByTable(r.to) === template,
      );
      const column = `${key}_id`;
      if (!relation || !template || t.columns.some((c) => c.name === column)) return t;
      linked.push(t.label.toLowerCase());
      return {
        ...t,
        columns: [...t.columns, { name: column, kind: "reference", references: made.name, required: false }],
      };
    }),
    made,
  ]);
  const added = next.dataModel.tables.find((t) => t.name === made.name)!;
  return {
    kind: "plan",
    plan: next,
    summary: `Added ${added.label.toLowerCase()} (${fieldColumns(added)
      .map((c) => c.label.toLowerCase())
      .join(", ")})${linked.length ? `, linked from ${linked.join(" and ")}` : ""}.`,
  };
}

function removeTable(plan: Plan, text: string): EditResult | null {
  const m =
    /^(?:remove|delete|drop|get rid of)\s+(?:the |my |all )?(.+?)(?:\s+(?:entity|table|section|list|page))?$/.exec(
      text,
    );
  if (!m) return null;
  const table = findTable(plan, m[1]!);
  if (!table) return null;
  const next = withTables(plan, (tables) =>
    tables
      .filter((t) => t !== table)
      .map((t) => ({
        ...t,
        columns: t.columns.filter((c) => !(c.kind === "reference" && c.references === table.name && !c.system)),
      })),
  );
  return {
    kind: "plan",
    plan: next,
    summary: `Removed ${table.label.toLowerCase()}.`,
    destructive: destructiveChanges(plan, next),
  };
}
