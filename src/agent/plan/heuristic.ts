/**
 * The offline planner: a plan from a description, with no model. It knows the nouns of common
 * small apps (todos, notes, companies, contacts, deals, products, habits, recipes, expenses,
 * bookmarks, events, RSVPs, posts, comments, …), the field words people use ("with due dates",
 * "with amount and stage", "stock levels", "tags"), and relation phrases ("contacts belong to
 * companies", "comments on posts"). Anything else becomes one table named after the main noun,
 * or "items" with a title and notes. Deterministic: the same text gives the same plan.
 */
import { normalizePlan, type ColumnKind, type Plan, type PlanColumnInput, type PlanTableInput } from "./schema";
import { humanize, pluralize, singularize, slugify, snakeCase, titleFromSlug } from "./words";

interface FieldDef {
  name: string;
  kind: ColumnKind;
  required?: boolean;
  options?: string[];
  label?: string;
  references?: string;
}

interface EntityDef {
  table: string;
  /** Mentions of the entity in a description (lower-case text). */
  match: RegExp;
  fields: FieldDef[];
  displayColumn?: string;
  label?: string;
  /** Links to other tables, used when both are in the plan. */
  relations?: Array<{ column: string; table: string; required: boolean }>;
  /** Tables that come along (a habit tracker logs check-ins). */
  companions?: string[];
  /** The app's title when this is the main table and the text names no app. */
  title?: string;
  /** Only an entity when nothing else was mentioned first ("contacts with notes" is not a notes app). */
  onlyFirst?: boolean;
  /** Options for field words used with this entity: "expenses with categories" → these categories. */
  optionsFor?: Record<string, string[]>;
}

const f = (name: string, kind: ColumnKind, extra: Omit<FieldDef, "name" | "kind"> = {}): FieldDef => ({ name, kind, ...extra });
const NOTES = f("notes", "longtext");

/** The nouns the planner knows, with the fields each usually has. */
export const ENTITIES: EntityDef[] = [
  {
    table: "todos",
    match: /\b(?:to-?dos?|to do|tasks?|chores?|checklists?)\b/,
    fields: [f("title", "text", { required: true }), f("done", "boolean"), NOTES],
    title: "Todos",
    optionsFor: { status: ["todo", "in_progress", "done"], category: ["personal", "work", "errands", "home"] },
  },
  {
    table: "notes",
    match: /\bnote(?:s|-taking| taking)?\b|\bnotebook\b/,
    onlyFirst: true,
    fields: [f("title", "text", { required: true }), f("body", "longtext")],
    title: "Notes",
  },
  {
    table: "companies",
    match: /\b(?:compan(?:y|ies)|organi[sz]ations?|businesses)\b/,
    fields: [f("name", "text", { required: true }), f("industry", "text"), f("website", "url"), NOTES],
  },
  {
    table: "contacts",
    match: /\b(?:contacts?|address book)\b/,
    fields: [f("name", "text", { required: true }), f("email", "email"), f("phone", "text"), NOTES],
    relations: [{ column: "company_id", table: "companies", required: false }],
    title: "Contacts",
  },
  {
    table: "deals",
    match: /\b(?:deals?|opportunit(?:y|ies)|pipeline)\b/,
    fields: [
      f("title", "text", { required: true }),
      f("amount", "money", { required: true }),
      f("stage", "enum", { required: true, options: ["lead", "qualified", "proposal", "negotiation", "won", "lost"] }),
      f("close_date", "date"),
      NOTES,
    ],
    relations: [{ column: "company_id", table: "companies", required: true }],
  },
  {
    table: "products",
    match: /\b(?:inventory|inventories|products?|stock items?|warehouse|items in stock)\b/,
    fields: [
      f("name", "text", { required: true }),
      f("sku", "text", { label: "SKU" }),
      f("stock", "integer", { required: true, label: "In stock" }),
      f("reorder_level", "integer", { label: "Reorder at" }),
      f("price", "money"),
      NOTES,
    ],
    relations: [{ column: "supplier_id", table: "suppliers", required: false }],
    title: "Inventory",
    optionsFor: { category: ["general", "electronics", "office", "food", "clothing", "other"] },
  },
  {
    table: "suppliers",
    match: /\b(?:suppliers?|vendors?)\b/,
    fields: [f("name", "text", { required: true }), f("email", "email"), f("phone", "text"), f("website", "url"), NOTES],
  },
  {
    table: "habits",
    match: /\bhabits?\b/,
    fields: [
      f("name", "text", { required: true }),
      f("frequency", "enum", { required: true, options: ["daily", "weekly", "monthly"] }),
      f("target", "integer", { label: "Times per period" }),
      NOTES,
    ],
    companions: ["check_ins"],
    title: "Habit Tracker",
  },
  {
    table: "check_ins",
    match: /\bcheck-?ins?\b/,
    fields: [f("done_on", "date", { required: true, label: "Date" }), f("note", "text")],
    displayColumn: "done_on",
    label: "Check-ins",
    relations: [{ column: "habit_id", table: "habits", required: true }],
  },
  {
    table: "recipes",
    match: /\b(?:recipes?|cook ?books?)\b/,
    fields: [
      f("title", "text", { required: true }),
      f("category", "enum", { options: ["breakfast", "lunch", "dinner", "dessert", "snack", "drink"] }),
      f("servings", "integer"),
      f("prep_minutes", "integer", { label: "Prep time (minutes)" }),
      f("ingredients", "longtext"),
      f("instructions", "longtext"),
    ],
    title: "Recipe Book",
  },
  {
    table: "expenses",
    match: /\b(?:expenses?|spending|purchases?)\b/,
    fields: [
      f("description", "text", { required: true }),
      f("amount", "money", { required: true }),
      f("category", "enum", { required: true, options: ["food", "transport", "housing", "utilities", "entertainment", "health", "shopping", "other"] }),
      f("spent_on", "date", { required: true, label: "Date" }),
      NOTES,
    ],
    title: "Expense Tracker",
  },
  {
    table: "bookmarks",
    match: /\b(?:bookmarks?|saved links|reading list)\b/,
    fields: [f("title", "text", { required: true }), f("url", "url", { required: true, label: "URL" }), f("tags", "tags"), NOTES],
    title: "Bookmarks",
  },
  {
    table: "events",
    match: /\b(?:events?|part(?:y|ies)|meetups?|gatherings?|weddings?)\b/,
    fields: [f("title", "text", { required: true }), f("starts_at", "datetime", { required: true, label: "Starts" }), f("location", "text"), f("description", "longtext")],
  },
  {
    table: "rsvps",
    match: /\b(?:rsvps?|guests?|attendees?|invitees?|invitations?)\b/,
    fields: [f("name", "text", { required: true }), f("email", "email"), f("attending", "boolean"), f("party_size", "integer", { label: "Party size" }), NOTES],
    label: "RSVPs",
    relations: [{ column: "event_id", table: "events", required: true }],
    companions: ["events"],
    title: "Event RSVPs",
  },
  {
    table: "posts",
    match: /\b(?:blogs?|posts?|articles?)\b/,
    fields: [f("title", "text", { required: true }), f("body", "longtext", { required: true }), f("published", "boolean")],
    title: "Blog",
  },
  {
    table: "comments",
    match: /\bcomments?\b/,
    fields: [f("author", "text", { required: true }), f("body", "longtext", { required: true })],
    displayColumn: "author",
    relations: [{ column: "post_id", table: "posts", required: true }],
  },
  {
    table: "books",
    match: /\b(?<!(?:recipe|cook|note|address|guest|phone|year|text|work|log|face|sketch) )books?\b/,
    fields: [f("title", "text", { required: true }), f("author", "text"), f("status", "enum", { required: true, options: ["to_read", "reading", "read"] }), f("rating", "integer"), NOTES],
    title: "Reading List",
  },
  {
    table: "movies",
    match: /\b(?:movies?|films?|watchlist)\b/,
    fields: [f("title", "text", { required: true }), f("year", "integer"), f("watched", "boolean"), f("rating", "integer"), NOTES],
    title: "Watchlist",
  },
  {
    table: "workouts",
    match: /\b(?:workouts?|exercises?|fitness|training sessions?)\b/,
    fields: [f("title", "text", { required: true }), f("done_on", "date", { required: true, label: "Date" }), f("minutes", "integer", { label: "Duration (minutes)" }), NOTES],
    title: "Workout Log",
  },
  {
    table: "entries",
    match: /\b(?:journal|diary|journal entries|diary entries)\b/,
    fields: [f("title", "text", { required: true }), f("written_on", "date", { required: true, label: "Date" }), f("body", "longtext")],
    label: "Journal entries",
    title: "Journal",
  },
  {
    table: "projects",
    match: /\bprojects?\b/,
    fields: [f("name", "text", { required: true }), f("status", "enum", { required: true, options: ["planned", "active", "on_hold", "done"] }), f("due_date", "date"), f("description", "longtext")],
  },
  {
    table: "clients",
    match: /\b(?:clients?|customers?)\b/,
    fields: [f("name", "text", { required: true }), f("email", "email"), f("phone", "text"), NOTES],
  },
  {
    table: "invoices",
    match: /\binvoices?\b/,
    fields: [
      f("number", "text", { required: true, label: "Invoice number" }),
      f("amount", "money", { required: true }),
      f("status", "enum", { required: true, options: ["draft", "sent", "paid", "overdue"] }),
      f("due_date", "date"),
      NOTES,
    ],
    relations: [{ column: "client_id", table: "clients", required: false }],
  },
  {
    table: "tickets",
    match: /\b(?:tickets?|issues?|bugs?|support requests?)\b/,
    fields: [
      f("title", "text", { required: true }),
      f("status", "enum", { required: true, options: ["open", "in_progress", "closed"] }),
      f("priority", "enum", { required: true, options: ["low", "medium", "high"] }),
      f("description", "longtext"),
    ],
  },
  {
    table: "goals",
    match: /\bgoals?\b/,
    fields: [f("title", "text", { required: true }), f("target_date", "date"), f("achieved", "boolean"), NOTES],
  },
  {
    table: "employees",
    match: /\b(?:employees?|staff|team members?)\b/,
    fields: [f("name", "text", { required: true }), f("email", "email"), f("role", "text"), f("start_date", "date"), NOTES],
  },
  {
    table: "appointments",
    match: /\b(?:appointments?|bookings?|meetings?)\b/,
    fields: [f("title", "text", { required: true }), f("starts_at", "datetime", { required: true, label: "Starts" }), f("location", "text"), NOTES],
  },
  {
    table: "orders",
    match: /\borders\b/,
    fields: [f("reference", "text", { required: true, label: "Order number" }), f("total", "money", { required: true }), f("status", "enum", { required: true, options: ["new", "paid", "shipped", "delivered", "cancelled"] }), f("ordered_on", "date", { label: "Date" }), NOTES],
    relations: [{ column: "client_id", table: "clients", required: false }],
  },
];

/** Words that switch on a group of tables. */
const BUNDLES: Array<{ match: RegExp; tables: string[]; title: string }> = [
  { match: /\bcrm\b|\bsales pipeline\b|\bcustomer relationship/, tables: ["companies", "contacts", "deals"], title: "CRM" },
  { match: /\bblog\b/, tables: ["posts"], title: "Blog" },
];

/** Field words: "with due dates", "amount and stage", "stock levels". */
const FIELD_WORDS: Array<{ match: RegExp; field: (entity: EntityDef) => FieldDef }> = [
  { match: /\b(?:due dates?|deadlines?|due)\b/, field: () => f("due_date", "date") },
  { match: /\btags?\b|\blabels\b/, field: () => f("tags", "tags") },
  { match: /\bpriorit(?:y|ies)\b/, field: () => f("priority", "enum", { required: true, options: ["low", "medium", "high"] }) },
  { match: /\b(?:amounts?|deal values?)\b/, field: () => f("amount", "money", { required: true }) },
  { match: /\bprices?\b/, field: () => f("price", "money") },
  { match: /\bcosts?\b/, field: () => f("cost", "money") },
  { match: /\bstages?\b/, field: () => f("stage", "enum", { required: true, options: ["lead", "qualified", "proposal", "negotiation", "won", "lost"] }) },
  { match: /\bstatus(?:es)?\b/, field: (e) => f("status", "enum", { required: true, options: e.optionsFor?.status ?? ["todo", "in_progress", "done"] }) },
  { match: /\bcategor(?:y|ies|ised|ized)\b/, field: (e) => (e.optionsFor?.category ? f("category", "enum", { options: e.optionsFor.category }) : f("category", "text")) },
  { match: /\bnotes?\b/, field: () => NOTES },
  { match: /\b(?:stock levels?|stock|quantit(?:y|ies)|in stock)\b/, field: (e) => (e.table === "products" ? f("stock", "integer", { required: true, label: "In stock" }) : f("quantity", "integer", { required: true })) },
  { match: /\b(?:urls?|links?|websites?)\b/, field: () => f("url", "url", { label: "URL" }) },
  { match: /\be-?mails?\b/, field: () => f("email", "email") },
  { match: /\bphones?(?: numbers?)?\b/, field: () => f("phone", "text") },
  { match: /\b(?:locations?|venues?|address(?:es)?|places?)\b/, field: () => f("location", "text") },
  { match: /\b(?:ratings?|stars?|scores?)\b/, field: () => f("rating", "integer") },
  { match: /\bdescriptions?\b/, field: () => f("description", "longtext") },
  { match: /\b(?:photos?|images?|pictures?)\b/, field: () => f("image_url", "url", { label: "Image URL" }) },
  { match: /\bdates?\b/, field: () => f("date", "date") },
  { match: /\b(?:done|completed?|finished|check(?:ed)? off)\b/, field: () => f("done", "boolean") },
];

interface Mention {
  entity: EntityDef;
  index: number;
  end: number;
}

const byTable = new Map(ENTITIES.map((e) => [e.table, e]));

/** Reads a description and plans an app. Never throws; always at least one table. */
export function planFromDescription(text: string): Plan {
  const original = text.trim();
  const lower = ` ${original.toLowerCase().replace(/[’']/g, "'").replace(/\s+/g, " ")} `;

  // 1. Which tables: known nouns in order of mention, bundles, companions.
  const mentions: Mention[] = [];
  for (const entity of ENTITIES) {
    const m = entity.match.exec(lower);
    if (m) mentions.push({ entity, index: m.index, end: m.index + m[0].length });
  }
  let bundleTitle: string | null = null;
  for (const bundle of BUNDLES) {
    const m = bundle.match.exec(lower);
    if (!m) continue;
    bundleTitle ??= bundle.title;
    for (const table of bundle.tables) {
      if (!mentions.some((x) => x.entity.table === table)) mentions.push({ entity: byTable.get(table)!, index: m.index, end: m.index + m[0].length });
    }
  }
  mentions.sort((a, b) => a.index - b.index || ENTITIES.indexOf(a.entity) - ENTITIES.indexOf(b.entity));
  // A noun that is also a field word ("contacts with notes") only counts when it comes first.
  const kept = mentions.filter((m, i) => !m.entity.onlyFirst || i === 0);
  for (const m of [...kept]) {
    for (const companion of m.entity.companions ?? []) {
      if (!kept.some((x) => x.entity.table === companion)) kept.push({ entity: byTable.get(companion)!, index: m.index, end: m.index });
    }
  }
  // Tables that others refer to come first (companies before deals, events before RSVPs).
  const present0 = new Set(kept.map((m) => m.entity.table));
  const depth = (m: Mention) => ((m.entity.relations ?? []).some((r) => present0.has(r.table) && r.table !== m.entity.table) ? 1 : 0);
  kept.sort((a, b) => depth(a) - depth(b) || a.index - b.index);

  const tables: PlanTableInput[] = [];
  const present = new Set(kept.map((m) => m.entity.table));
  let mainTitle: string | null = null;

  if (kept.length === 0) {
    const noun = mainNoun(lower);
    const table = noun ? pluralize(noun) : "items";
    const fields = [f("title", "text", { required: true }), ...fieldWordsIn(lower, { table, match: /$^/, fields: [] }), NOTES];
    tables.push({ name: table, columns: dedupe(fields).map(toColumn) });
    mainTitle = noun ? titleFromSlug(`${noun}_${/\b(list|tracker|log|journal|planner|catalog|collection)\b/.exec(lower)?.[1] ?? "tracker"}`) : "My Items";
  } else {
    for (let i = 0; i < kept.length; i++) {
      const { entity, end } = kept[i]!;
      // The words after this noun, up to the next known noun or the end of the sentence.
      const nextIndex = kept.filter((m) => m.index >= end).reduce((min, m) => Math.min(min, m.index), lower.length);
      const zoneEnd = Math.min(nextIndex, sentenceEnd(lower, end));
      const zone = lower.slice(end, zoneEnd);
      const extra = fieldWordsIn(zone, entity).filter((field) => !present.has(pluralize(field.name)));
      const fields = dedupe([...entity.fields, ...extra]);
      const relations = (entity.relations ?? []).filter((r) => present.has(r.table));
      for (const explicit of explicitRelations(lower, entity, kept)) {
        if (!relations.some((r) => r.table === explicit.table)) relations.push(explicit);
      }
      const relationFields = relations.map((r) => f(r.column, "reference", { required: r.required, references: r.table }));
      tables.push({
        name: entity.table,
        ...(entity.label ? { label: entity.label } : {}),
        ...(entity.displayColumn ? { displayColumn: entity.displayColumn } : {}),
        columns: orderFields(fields, relationFields).map(toColumn),
      });
    }
    mainTitle = kept.find((m) => m.entity.title)?.entity.title ?? humanize(kept[0]!.entity.table);
  }

  const title = namedTitle(original) ?? bundleTitle ?? phraseTitle(lower, kept.length > 0) ?? mainTitle ?? "My App";
  const needsAuth = !/\b(?:no|without) (?:login|log-in|sign[- ]?in|sign[- ]?up|accounts?|auth(?:entication)?|users)\b|\bno need to (?:log|sign) in\b/.test(lower);

  return normalizePlan({
    appName: slugify(title),
    title,
    description: original,
    pages: [],
    dataModel: { tables },
    features: ["crud", ...(needsAuth ? ["auth"] : []), ...tables.map((t) => `manage ${humanize(t.name).toLowerCase()}`)],
    needsAuth,
    needsFileStorage: false,
  });
}

function toColumn(field: FieldDef): PlanColumnInput {
  return {
    name: field.name,
    kind: field.kind,
    required: field.required ?? false,
    ...(field.label ? { label: field.label } : {}),
    ...(field.options ? { options: field.options } : {}),
    ...(field.references ? { references: field.references } : {}),
  };
}

function dedupe(fields: FieldDef[]): FieldDef[] {
  const seen = new Set<string>();
  return fields.filter((field) => !seen.has(field.name) && seen.add(field.name));
}

/** The naming field first, then references, then the rest; yes/no flags and long text last (form order). */
function orderFields(entityFields: FieldDef[], relationFields: FieldDef[]): FieldDef[] {
  const [first, ...rest] = dedupe([...entityFields, ...relationFields].filter((x) => !relationFields.includes(x)));
  const group = (field: FieldDef) => (field.kind === "longtext" ? 2 : field.kind === "boolean" ? 1 : 0);
  const others = dedupe([...relationFields, ...rest]).sort((a, b) => group(a) - group(b));
  return first ? [first, ...others] : others;
}

function fieldWordsIn(zone: string, entity: EntityDef): FieldDef[] {
  const found: Array<{ index: number; field: FieldDef }> = [];
  for (const word of FIELD_WORDS) {
    const m = word.match.exec(zone);
    if (!m) continue;
    // "due dates" is a due date, not also a plain date.
    if (word.field(entity).name === "date" && /\bdue dates?\b/.test(zone)) continue;
    found.push({ index: m.index, field: word.field(entity) });
  }
  return found.sort((a, b) => a.index - b.index).map((x) => x.field);
}

function sentenceEnd(text: string, from: number): number {
  const m = /[.;!?]\s|\n/.exec(text.slice(from));
  return m ? from + m.index : text.length;
}

/** "contacts belong to companies", "deals of companies", "comments on posts" → a reference column. */
function explicitRelations(text: string, entity: EntityDef, mentions: Mention[]): Array<{ column: string; table: string; required: boolean }> {
  const out: Array<{ column: string; table: string; required: boolean }> = [];
  for (const m of text.matchAll(new RegExp(entity.match.source, "g"))) {
    const from = m.index + m[0].length;
    const clause = text.slice(from, sentenceEnd(text, from)).split(/[,:(]/)[0]!;
    for (const other of mentions) {
      if (other.entity === entity || out.some((r) => r.table === other.entity.table)) continue;
      // Up to the next noun that is neither of the two: "contacts and deals of companies" links deals only.
      let segment = clause;
      for (const third of mentions) {
        if (third.entity === entity || third.entity === other.entity) continue;
        const cut = third.entity.match.exec(segment);
        if (cut) segment = segment.slice(0, cut.index);
      }
      const link = new RegExp(`\\b(?:belongs? to|belonging to|of|on|for|under|in|at|linked to|attached to|per|from)\\s+(?:(?:a|an|the|my|each|their|its|one|several|many) )*(?:${other.entity.match.source})`);
      if (link.test(segment)) out.push({ column: `${singularize(other.entity.table)}_id`, table: other.entity.table, required: false });
    }
  }
  return out;
}

/** "… called Acme CRM", "named 'Pantry'" → the title. */
function namedTitle(text: string): string | null {
  const m = /\b(?:called|named|titled)\s+(?:["“']([^"”']{1,60})["”']|([A-Z0-9][\w&+-]*(?:\s+[A-Z0-9][\w&+-]*){0,4}))/.exec(text);
  const name = (m?.[1] ?? m?.[2])?.trim();
  return name ? name : null;
}

const FILLER = /^(?:a|an|the|my|our|simple|small|tiny|basic|personal|little|quick|new|shared|family|team|minimal)$/;

/** "a habit tracker" → "Habit Tracker", "a todo list" → "Todo List". */
function phraseTitle(text: string, known: boolean): string | null {
  const m = /((?:[a-z-]+ ){0,2})(tracker|list|book|manager|planner|log|journal|catalog|organi[sz]er|crm|inventory|app)\b/.exec(text);
  if (!m) return null;
  const words = `${m[1]}${m[2]}`.split(" ").filter((w) => w && !FILLER.test(w));
  // "with due dates list" is not a title: only words before the head noun that are not glue.
  while (words.length > 1 && /^(?:with|and|for|of|to|in|on|app|an?|the)$/.test(words[0]!)) words.shift();
  if (words.length === 1 && words[0] === "app") return null;
  if (!known && words.length === 1) return null;
  const title = words.filter((w) => w !== "app" || words.length === 1).join(" ");
  return title ? titleFromSlug(snakeCase(title)).replace(/\bTodo\b/, "Todo") : null;
}

/** The noun before "tracker", "list", … or after "track/manage/organise", for unknown apps. */
function mainNoun(text: string): string | null {
  const before = /\b([a-z]{3,})(?: ([a-z]{3,}))? (?:tracker|list|log|manager|catalog|collection|database|organi[sz]er|planner|journal|keeper|app)\b/.exec(text);
  const after = /\b(?:track|manage|organi[sz]e|catalog|collect|log|record|keep track of|list)\s+(?:my |our |the |all |of )*([a-z]{3,})/.exec(text);
  const candidates = [before?.[2] && !/ing$/.test(before[2]) ? before[2] : before?.[1], after?.[1]].filter((w): w is string => !!w && !STOP.has(w));
  const word = candidates[0];
  // "a shopping list": no table called "shoppings"; the caller falls back to items.
  return word && !/ing$/.test(word) ? singularize(snakeCase(word)) : null;
}
const STOP = new Set(["simple", "small", "personal", "basic", "little", "the", "and", "with", "for", "that", "this", "web", "mobile", "online", "todo", "new", "some", "things", "stuff", "everything"]);
