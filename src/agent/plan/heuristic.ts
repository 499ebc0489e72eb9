/**
 * The offline planner: a plan from a description, with no model. The person's words are the
 * source of truth: reader.ts finds the things they want to keep, the fields of each (named as
 * they wrote them, with kinds, options and ranges from their words) and how the things relate;
 * this module resolves what the fields point at (another table, a person), fills in only what the
 * person left open from vocabulary.ts (the usual fields of a row named without fields, the
 * choices of a status named without options, the rows an app word implies when nothing else is
 * named), decides on login, and returns a normalised Plan. Deterministic: the same text gives the
 * same plan; any text gives a valid plan.
 */
import { isCountWord, type FieldSpec } from "./fields";
import { conjugate } from "./nlp";
import { readDescription, tableName, type EntityDraft, type Reading } from "./reader";
import {
  normalizePlan,
  PlanError,
  type Plan,
  type PlanColumnInput,
  type PlanInput,
  type PlanTableInput,
} from "./schema";
import {
  defaultOptions,
  PEOPLE_NOUNS,
  templateByTable,
  templateForNoun,
  type Template,
  type TemplateField,
} from "./vocabulary";
import { humanize, pluralize, singularize, slugify, snakeCase, titleFromSlug } from "./words";

/** Reads a description and plans an app. Never throws; always at least one table. */
export function planFromDescription(text: string): Plan {
  const draft = draftPlan(text);
  try {
    return normalizePlan(draft);
  } catch (err) {
    if (!(err instanceof PlanError)) throw err;
    // Names the schema cannot take together (two tables that become one name): the plain fallback, titled as read.
    const fallback = draftPlan("");
    return normalizePlan({ ...fallback, appName: draft.appName, title: draft.title, description: draft.description });
  }
}

/**
 * The plan before normalising: what the planner read, with everything it emits (ranges, "phone")
 * even where the plan schema does not take them yet.
 */
export function draftPlan(text: string): PlanInput {
  const original = text.trim();
  let reading: Reading;
  try {
    reading = readDescription(original);
  } catch {
    // The reader is heuristics over free text: if it ever trips, plan the fallback app rather than fail.
    reading = {
      entities: [],
      manyToMany: [],
      orphans: [],
      orphansListed: false,
      appWords: [],
      title: null,
      domain: original.toLowerCase(),
      loginText: original.toLowerCase(),
      lead: "",
      leadIsName: false,
    };
  }
  let tables: BuiltTable[];
  try {
    tables = buildTables(reading);
  } catch {
    tables = buildTables({ ...reading, entities: [], manyToMany: [], orphans: [] });
  }
  const needsAuth = wantsLogin(reading.loginText);
  const title = (reading.title ?? titleFor(reading, tables)).slice(0, 60).trim() || "My App";
  return {
    appName: slugify(title),
    title,
    description: original.slice(0, 4000),
    pages: [],
    dataModel: { tables: tables.map((t) => t.input) },
    features: [
      "crud",
      ...(needsAuth ? ["auth"] : []),
      ...tables.map((t) => `manage ${humanize(t.input.name).toLowerCase()}`.slice(0, 200)),
    ],
    needsAuth,
    needsFileStorage: false,
  };
}

// ─── Tables ──────────────────────────────────────────────────────────────────────────────────

interface Draft {
  key: string;
  table: string;
  fields: FieldSpec[];
  complete: boolean;
  template?: Template;
  links: Array<{ to: string; required: boolean; column?: string }>;
  hasMany: Set<string>;
  label?: string;
  displayColumn?: string;
  /** Came from an app word or a template companion, not the person's own noun. */
  implied?: boolean;
}

interface BuiltTable {
  input: PlanTableInput;
  draft: Draft;
}

function buildTables(reading: Reading): BuiltTable[] {
  let drafts: Draft[] = reading.entities.map(fromEntity);
  // Nothing named as a thing, but a list of fields with a "… name" in it ("product name, SKU,
  // price"): those are the rows. Otherwise the app word's rows ("a CRM", "a reading list"), or items.
  const named = drafts.length === 0 ? (namedByFields(reading.orphans) ?? namedByFirstField(reading.orphans)) : null;
  // A frame named only in the singular ("Plant nursery stock", "yard sale inventory") whose list
  // names the rows ("plant name", "item") is those rows.
  const only = reading.entities.length === 1 && reading.entities[0]!.tentative ? drafts[0] : undefined;
  const firstNoun = only?.fields[0];
  const rename = only
    ? (namedByFields(only.fields) ??
      (!only.template &&
      firstNoun?.kind === "text" &&
      /^(?:item|thing|entry|job|task|word|term|card|phrase)$/.test(firstNoun.name)
        ? firstNoun.name
        : null))
    : null;
  if (only && rename && rename !== only.key && !only.template)
    Object.assign(only, { key: rename, table: tableName(rename), template: templateForNoun(rename), label: undefined });
  if (named)
    drafts.push({
      key: named,
      table: tableName(named),
      fields: [],
      complete: false,
      template: templateForNoun(named),
      links: [],
      hasMany: new Set(),
    });
  if (drafts.length === 0) {
    const app = reading.appWords[0];
    if (app) {
      for (const table of app.tables) drafts.push(fromTemplate(templateByTable(table)!));
      // A habit tracker logs check-ins: companions come along when the app word is all there is.
      for (const d of [...drafts])
        for (const c of d.template?.companions ?? [])
          if (!drafts.some((x) => x.table === c)) drafts.push(fromTemplate(templateByTable(c)!));
    } else
      drafts.push({
        key: "item",
        table: "items",
        fields: [],
        complete: false,
        links: [],
        hasMany: new Set(),
        implied: true,
      });
  } else if (drafts.length === 1 && drafts[0]!.fields.length === 0 && drafts[0]!.template?.companions) {
    const d = drafts[0]!;
    for (const c of d.template!.companions!) drafts.push(fromTemplate(templateByTable(c)!));
  }
  // Fields named before the thing they belong to ("a todo list with due dates") go to the first table.
  if (reading.orphans.length > 0) {
    const main = drafts[0]!;
    if (reading.orphansListed) main.complete = true;
    for (const field of reading.orphans) {
      // "a to-do app with projects and tasks; each task belongs to a project": the orphans named the tables.
      if ((field.many || field.join) && field.target && drafts.some((d) => d.key === singularize(field.target!)))
        continue;
      // "A blog with comments": an orphan that names a known kind of row linked to the main one is that row.
      const tpl = field.target ? templateForNoun(singularize(field.target)) : undefined;
      if (tpl && tpl.relations?.some((r) => r.to === main.template?.table) && field.kind !== "boolean" && !field.cued) {
        if (!drafts.some((d) => d.template === tpl))
          drafts.push({
            ...fromTemplate(tpl),
            key: singularize(field.name),
            table: tableName(singularize(field.name)),
          });
        continue;
      }
      if (!main.fields.some((f) => f.name === field.name)) main.fields.push(field);
    }
  }
  drafts = resolve(drafts, reading);
  for (const d of drafts) fill(d, reading.domain);
  // Tables others point at first (companies before deals), otherwise in the order named.
  const order = new Map(drafts.map((d, i) => [d.key, i]));
  const depth = (d: Draft, seen = new Set<string>()): number => {
    if (seen.has(d.key)) return 0;
    seen.add(d.key);
    const parents = d.fields
      .filter((f) => f.kind === "reference" && f.target && f.target !== d.key)
      .map((f) => drafts.find((x) => x.key === f.target))
      .filter((x): x is Draft => !!x);
    return parents.length === 0 ? 0 : 1 + Math.max(...parents.map((p) => depth(p, seen)));
  };
  const sorted = [...drafts].sort((a, b) => depth(a) - depth(b) || order.get(a.key)! - order.get(b.key)!);
  // One table per name ("user" and "users" read apart are one table).
  const seen = new Set<string>();
  const unique = sorted.filter((d) => !seen.has(d.table) && seen.add(d.table));
  return unique.map((d) => ({ draft: d, input: toTableInput(d, unique) }));
}

/** "product name, SKU, price" → product; "item, room, price" → item. */
function namedByFields(fields: FieldSpec[]): string | null {
  for (const f of fields) {
    const m = /^([a-z]+)_(?:name|title)$/.exec(f.name);
    if (
      m &&
      !/^(?:first|last|full|nick|user|display|given|family|middle|maiden|company|business|brand|trading|file|domain|host|screen|pen|stage|code|short|long)$/.test(
        m[1]!,
      )
    )
      return m[1]!;
  }
  if (fields.some((f) => f.name === "item" && f.kind === "text")) return "item";
  // "log when they walk the dog and for how long": the rows are the walks.
  for (const f of fields) {
    const m = /^when\s+(?:i|we|they|he|she|you|the \w+)\s+(?:(?:go|went)\s+)?([a-z]+)/i.exec(f.words);
    if (m && f.kind === "date") {
      const verb = conjugate(m[1]!).infinitive;
      if (
        verb.length >= 3 &&
        !/^(?:is|are|was|were|be|have|has|had|do|does|did|get|got|need|want|last|first)$/.test(verb)
      )
        return verb;
    }
  }
  return null;
}

/** "task, how often, last done": a first field that is itself a kind of row names the rows. */
function namedByFirstField(fields: FieldSpec[]): string | null {
  const first = fields[0];
  if (!first || first.kind !== "text" || first.name.includes("_")) return null;
  return templateForNoun(first.name) || /^(?:item|thing|entry|job|task|chore)$/.test(first.name) ? first.name : null;
}

function fromEntity(e: EntityDraft): Draft {
  const template = templateForNoun(e.key) ?? templateForNoun(e.key.split("_").pop()!);
  return {
    key: e.key,
    table: e.table,
    fields: e.fields.map((f) => ({ ...f })),
    complete: e.complete,
    template,
    links: [...e.links],
    hasMany: new Set(e.hasMany),
    ...(template?.label && template.table === e.table ? { label: template.label } : {}),
  };
}

function fromTemplate(t: Template): Draft {
  return {
    key: singularize(t.table),
    table: t.table,
    fields: [],
    complete: false,
    template: t,
    links: [],
    hasMany: new Set(),
    implied: true,
    ...(t.label ? { label: t.label } : {}),
  };
}

/** Fields that name other tables become links; "X has many Y" both ways becomes a join table. */
function resolve(drafts: Draft[], reading: Reading): Draft[] {
  const find = (key: string): Draft | undefined => {
    const k = singularize(snakeCase(key));
    return (
      drafts.find((d) => d.key === k) ??
      drafts.find((d) => d.key.endsWith(`_${k}`)) ??
      drafts.find((d) => k.endsWith(`_${d.key}`) && k.split("_").length - d.key.split("_").length <= 1)
    );
  };
  const people = () => drafts.find((d) => PEOPLE_NOUNS.test(d.key) || PEOPLE_NOUNS.test(d.key.split("_").pop()!));
  const extraPairs: Array<[Draft, Draft]> = [];
  for (const d of [...drafts]) {
    const kept: FieldSpec[] = [];
    for (const field of d.fields) {
      let target = field.target ? find(field.target) : undefined;
      // "driver assigned", "pupil borrowed": a field named after a thing the plan keeps points at it.
      if (
        !target &&
        field.kind === "text" &&
        !field.cued &&
        field.name.includes("_") &&
        !/_(?:name|title|email|phone|address|number|code|id|notes?|type|date|time)$/.test(field.name)
      ) {
        target = field.name
          .split("_")
          .map((w) => find(w))
          .find((x) => !!x);
      }
      // "Results: pupil, exam, mark" next to pupils and exams: a field that is another table's name points at it.
      if (
        !target &&
        field.kind === "text" &&
        !field.cued &&
        !field.many &&
        !field.name.includes("_") &&
        singularize(field.name) === field.name
      ) {
        const same = drafts.find((x) => x !== d && x.key === singularize(field.name));
        if (same && same.fields.length > 0) target = same;
      }
      // "which housemates it's split between": rows of a table of their own, several per row.
      if (field.join && field.target && (!target || target === d)) {
        const key = singularize(field.target);
        target = drafts.find((x) => x.key === key) ?? {
          key,
          table: tableName(key),
          fields: [],
          complete: false,
          template: templateForNoun(key),
          links: [],
          hasMany: new Set(),
        };
        if (!drafts.includes(target)) drafts.push(target);
      }
      if (field.join && target && target !== d) {
        extraPairs.push([d, target]);
        continue;
      }
      // "notes with folders", "projects with tasks": a short list naming other things makes them tables.
      const usual = d.template?.fields.some((t) => sameThing(field, { ...t, words: t.name } as FieldSpec)) ?? false;
      // (A whole list keeps its words as fields: "books: title, authors, genres".)
      if (
        !target &&
        !usual &&
        field.many &&
        !field.cued &&
        field.kind === "text" &&
        !d.complete &&
        field.target &&
        !isPlaceholder(field.target)
      ) {
        const key = singularize(field.target);
        target = {
          key,
          table: tableName(key),
          fields: [],
          complete: false,
          template: templateForNoun(key),
          links: [],
          hasMany: new Set(),
        };
        drafts.push(target);
        if (CONTAINERS.test(key)) {
          kept.push({ name: key, kind: "reference", target: key, required: false, words: field.words });
          continue;
        }
      }
      if (target && target !== d) {
        if (field.many) {
          // "projects with … and tasks": each task belongs to a project.
          d.hasMany.add(target.key);
          if (!target.links.some((l) => l.to === d.key)) target.links.push({ to: d.key, required: true });
          continue;
        }
        const name =
          !field.target ||
          field.name === singularize(field.target) ||
          field.name === field.target ||
          singularize(field.name) === target.key.split("_").pop()
            ? target.key
            : field.name;
        if (!kept.some((f) => f.kind === "reference" && f.target === target.key && f.name === name))
          kept.push({
            ...field,
            name,
            kind: "reference",
            target: target.key,
            options: undefined,
            optionsGiven: undefined,
            min: undefined,
            max: undefined,
          });
        continue;
      }
      if (field.person) {
        const p = people();
        if (p && p !== d) {
          kept.push({ ...field, kind: "reference", target: p.key });
          continue;
        }
      }
      // A plural thing that is not a table ("players" of a game): keep the person's field as read.
      if (field.many && !field.cued && field.kind === "text") {
        kept.push({ ...field, kind: "text", many: undefined });
        continue;
      }
      kept.push(field);
    }
    d.fields = kept;
  }
  // Join tables for many-to-many: stated, or "has many" both ways.
  const pairs: Array<[Draft, Draft]> = [...extraPairs];
  for (const [a, b] of reading.manyToMany) {
    const x = find(a);
    const y = find(b);
    if (x && y && x !== y) pairs.push([x, y]);
  }
  for (const x of drafts)
    for (const key of x.hasMany) {
      const y = find(key);
      if (y && y !== x && y.hasMany.has(x.key) && !pairs.some(([p, q]) => (p === y && q === x) || (p === x && q === y)))
        pairs.push([x, y]);
    }
  // "each property can have many maintenance requests": a request belongs to its property.
  for (const x of drafts)
    for (const key of x.hasMany) {
      const y = find(key);
      if (!y || y === x || pairs.some(([p, q]) => (p === x && q === y) || (p === y && q === x))) continue;
      if (!y.links.some((l) => l.to === x.key) && !y.fields.some((f) => f.kind === "reference" && f.target === x.key))
        y.links.push({ to: x.key, required: true });
    }
  const joins: Draft[] = [];
  for (const [x, y] of pairs) {
    // The one-way links "has many" made are replaced by the join table.
    x.links = x.links.filter((l) => l.to !== y.key);
    y.links = y.links.filter((l) => l.to !== x.key);
    x.fields = x.fields.filter((f) => !(f.kind === "reference" && f.target === y.key));
    y.fields = y.fields.filter((f) => !(f.kind === "reference" && f.target === x.key));
    const key = `${x.key}_${y.key}`;
    if (drafts.some((d) => d.key === key) || joins.some((d) => d.key === key)) continue;
    joins.push({
      key,
      table: `${x.key}_${y.table}`,
      fields: [
        { name: x.key, kind: "reference", target: x.key, required: true, words: x.key },
        { name: y.key, kind: "reference", target: y.key, required: true, words: y.key },
      ],
      complete: true,
      links: [],
      hasMany: new Set(),
      label: `${humanize(x.table)} and ${humanize(y.table).toLowerCase()}`,
    });
  }
  // Links become reference fields (unless one already points there).
  for (const d of drafts) {
    for (const link of d.links) {
      const target = find(link.to);
      if (!target || target === d || d.fields.some((f) => f.kind === "reference" && f.target === target.key)) continue;
      d.fields.push({
        name: link.column ?? target.key,
        kind: "reference",
        target: target.key,
        required: link.required,
        words: target.key,
      });
    }
    // What the template usually links to, when the person has that table too ("deals" of "companies").
    for (const rel of d.template?.relations ?? []) {
      const target = drafts.find((x) => x.template?.table === rel.to && x !== d);
      if (
        !target ||
        d.fields.some((f) => f.kind === "reference" && f.target === target.key) ||
        pairs.some(([p, q]) => (p === d && q === target) || (p === target && q === d))
      )
        continue;
      // Only one way: a template link back to a table that already points here would make a loop.
      if (target.fields.some((f) => f.kind === "reference" && f.target === d.key)) continue;
      d.fields.push({
        name: target.template === d.template ? rel.column.replace(/_id$/, "") : target.key,
        kind: "reference",
        target: target.key,
        required: rel.required,
        words: target.key,
      });
    }
  }
  return [...drafts, ...joins];
}

/** Things that hold others: a note is in a folder (notes.folder_id), not the other way round. */
const CONTAINERS =
  /^(?:folder|category|group|collection|list|board|shelf|album|playlist|section|notebook|box|bin|drawer|room|location|project|area|zone|team|department|class|course|season|league|trip|event)$/;
/** Words too vague to be a table of their own. */
function isPlaceholder(key: string): boolean {
  return /^(?:thing|stuff|item|detail|info|other|more|etc|option|extra|field)$/.test(key);
}

/** What the person left open: the usual fields of a row named without any, a name to show rows by. */
function fill(d: Draft, domain: string): void {
  const fromTemplateField = (t: TemplateField): FieldSpec => {
    const options = t.kind === "enum" && !t.options ? defaultOptions(t.name, d.key, domain) : t.options;
    return { ...t, ...(options ? { options } : {}), words: t.name };
  };
  const own = d.fields.filter((f) => f.kind !== "reference");
  const refs = d.fields.filter((f) => f.kind === "reference");
  const template = d.template;
  if (own.length === 0) {
    if (d.fields.length > 0 && refs.length >= 2 && d.complete) return; // a join table
    const base = template
      ? template.fields.map(fromTemplateField)
      : [namingField(d.key), { name: "notes", kind: "longtext", words: "notes" } as FieldSpec];
    d.fields = [...dedupeAgainst(base, refs), ...refs];
    if (template?.displayColumn && d.fields.some((f) => f.name === template.displayColumn))
      d.displayColumn = template.displayColumn;
    return;
  }
  if (d.complete) {
    // A film, a book, a product has a title or a name even when the list left it out.
    const plainText = own.some(
      (f) =>
        f.kind === "text" && !f.person && !PEOPLE_NOUNS.test(f.name) && !PEOPLE_NOUNS.test(f.name.split("_").pop()!),
    );
    if (!hasNaming(own) && !plainText && isNamedNoun(d.key)) d.fields = [namingField(d.key), ...d.fields];
    return;
  }
  // A short "with …" on top of the usual fields: "a todo list with due dates", "deals with an amount and a stage".
  // (Rows that link others, "scores" of a member for a book, are named by what they link.)
  const usual = template
    ? template.fields.map(fromTemplateField)
    : hasNaming(own) || refs.length > 0 || d.links.length > 0
      ? []
      : [namingField(d.key)];
  const merged: FieldSpec[] = [];
  for (const u of usual) {
    const mine = own.find((f) => sameThing(f, u));
    merged.push(mine ? mergeField(u, mine) : u);
  }
  for (const f of own)
    if (!merged.some((m) => m.words === f.words && m.name === f.name) && !usual.some((u) => sameThing(f, u)))
      merged.push(f);
  d.fields = singularNames([...merged, ...refs]);
  if (template?.displayColumn && d.fields.some((f) => f.name === template.displayColumn))
    d.displayColumn = template.displayColumn;
}

/** Rows people call by a name or title (not readings, visits or payments, which a date names). */
function isNamedNoun(key: string): boolean {
  const noun = key.split("_").pop()!;
  return (
    TITLED.test(noun) ||
    PEOPLE_NOUNS.test(noun) ||
    /^(?:product|item|thing|tool|plant|pet|animal|dog|cat|horse|place|restaurant|venue|shop|store|company|team|club|group|tag|category|folder|room|tank|vehicle|car|bike|supplier|vendor|ingredient|medication|medicine|tablet|habit|skill|language|subject|module|course|badge|property|house|film|recipe|wine|beer|coffee|tea|cheese|plant|tree|bird|species|gift|present|toy|board_game|puzzle|card|app|website|tool|instrument|song|album|artist|band|author|book|podcast|show|series)$/.test(
      noun,
    )
  );
}

const TITLED =
  /^(?:book|novel|movie|film|show|series|post|article|task|todo|chore|song|album|track|episode|podcast|recipe|note|idea|video|paper|story|poem|quote|goal|bug|ticket|issue|lesson|event|entry|item|job|link|bookmark|page|chapter|course|class|talk|meeting|trip|project|game|puzzle|question|dream|wish|log|session|workout|activity|memory|photo|thing|reminder|errand|assignment|homework|deadline|plan|draft|document|report|case|complaint|request|suggestion|feedback|review|list|card)$/;

/** "title" for works and tasks, "name" for everything else. */
function namingField(key: string): FieldSpec {
  const noun = key.split("_").pop()!;
  const titled = TITLED.test(noun);
  return { name: titled ? "title" : "name", kind: "text", required: true, words: titled ? "title" : "name" };
}

function hasNaming(fields: FieldSpec[]): boolean {
  return fields.some(
    (f) =>
      /^(?:name|title|label|subject|full_name|headline)$|_name$|_title$/.test(f.name) &&
      (f.kind === "text" || f.kind === "email"),
  );
}

/** Two fields for one thing: same name, or the words of one contain the other's ("stock levels" / stock). */
/** Words people use for the same field. */
const SYNONYMS = [
  /^(?:deadline|due_date|due|due_on|due_by)$/,
  /^(?:notes?|comments?|remarks)$/,
  /^(?:price|cost)$/,
  /^(?:starts_at|start|start_time|date_time|when)$/,
];

function sameThing(a: FieldSpec, b: FieldSpec): boolean {
  if (a.name === b.name || singularize(a.name) === singularize(b.name)) return true;
  if (SYNONYMS.some((re) => re.test(a.name) && re.test(b.name))) return true;
  const wa = new Set(a.name.split("_").map(singularize));
  const wb = b.name.split("_").map(singularize);
  const la = new Set((a.label ?? "").toLowerCase().split(/\W+/).filter(Boolean));
  const lb = (b.label ?? "").toLowerCase().split(/\W+/).filter(Boolean);
  const generic = /^(?:level|number|count|amount|date|time|value|info|details?)$/;
  const core = (ws: Iterable<string>) => [...ws].filter((w) => !generic.test(w));
  const ca = core(wa);
  const cb = core(wb);
  if (ca.length > 0 && cb.length > 0 && (ca.every((w) => cb.includes(w)) || cb.every((w) => ca.includes(w))))
    return true;
  // "date" named by the person and a template date labelled "Date" (spent_on).
  if (
    a.kind === b.kind &&
    (a.kind === "date" || a.kind === "datetime") &&
    (lb.includes("date") || la.has("date") || a.name === "date" || b.name === "date")
  )
    return true;
  return false;
}

/** The template's field, with what the person said about it (their options, range, kind when cued). */
function mergeField(usual: FieldSpec, mine: FieldSpec): FieldSpec {
  // The person's name for it ("deadline", not the usual "due_date"); the usual kind unless they said otherwise.
  const out: FieldSpec = {
    ...usual,
    name: mine.name,
    ...(mine.label ? { label: mine.label } : mine.name !== usual.name ? { label: undefined } : {}),
  };
  if (mine.cued || mine.optionsGiven) {
    out.kind = mine.kind;
    if (mine.options) out.options = mine.options;
    else delete out.options;
  }
  if (mine.min !== undefined) out.min = mine.min;
  if (mine.max !== undefined) out.max = mine.max;
  if (mine.required !== undefined) out.required = mine.required;
  return out;
}

function dedupeAgainst(base: FieldSpec[], refs: FieldSpec[]): FieldSpec[] {
  // A template's text "author" when the plan has an authors table is that link, not a second column.
  return base.filter((f) => !refs.some((r) => r.target && (singularize(f.name) === r.target || f.name === r.name)));
}

/** "due dates" → due_date, "ratings" → rating; counts ("sets", "reps"), notes and tags keep their plural. */
function singularNames(fields: FieldSpec[]): FieldSpec[] {
  const out: FieldSpec[] = [];
  for (const f of fields) {
    let name = f.name;
    const last = name.split("_").pop()!;
    // One value per row: a date, a choice without the person's options, a rating.
    const keepPlural =
      !!f.label?.includes("(") ||
      !(
        f.kind === "date" ||
        f.kind === "datetime" ||
        (f.kind === "enum" && !f.optionsGiven) ||
        f.kind === "money" ||
        /^ratings$/.test(name) ||
        ((f.kind === "integer" || f.kind === "number") && !isCountWord(name))
      );
    if (!keepPlural && pluralize(singularize(last)) === last && singularize(last) !== last) name = singularize(name);
    if (out.some((o) => o.name === name)) continue;
    out.push(name === f.name ? f : { ...f, name, label: f.label });
  }
  return out;
}

function toTableInput(d: Draft, all: Draft[]): PlanTableInput {
  // In the order the person named them (the usual fields, when filled in, in the template's order).
  const columns: PlanColumnInput[] = [];
  for (const f of d.fields) {
    const col = toColumn(f, all);
    // ("due dates" and "a due date on each todo" are one column.)
    const one = (n: string) => n.split("_").map(singularize).join("_");
    if (col && !columns.some((c) => c.name === col.name || (c.kind === col.kind && one(c.name) === one(col.name))))
      columns.push(col);
  }
  return {
    name: d.table.slice(0, 48),
    ...(d.label ? { label: d.label.slice(0, 80) } : {}),
    singular: d.key.slice(0, 48),
    ...(d.displayColumn ? { displayColumn: d.displayColumn } : {}),
    columns,
  };
}

function toColumn(f: FieldSpec, all: Draft[]): PlanColumnInput | null {
  if (f.kind === "reference") {
    const target = all.find((d) => d.key === f.target);
    if (!target) return null;
    const base = f.name.slice(0, 44);
    return {
      name: base.endsWith("_id") ? base : `${base}_id`,
      kind: "reference",
      references: target.table.slice(0, 48),
      required: f.required ?? false,
      ...(f.label ? { label: f.label.slice(0, 80) } : {}),
    };
  }
  const column: PlanColumnInput & { min?: number; max?: number } = {
    name: f.name.slice(0, 48),
    kind: f.kind,
    required: f.required ?? false,
    ...(f.label ? { label: f.label.slice(0, 80) } : {}),
    ...(f.kind === "enum" && f.options
      ? { options: f.options.slice(0, 40).map((o) => o.slice(0, 60)), required: f.required ?? true }
      : {}),
  };
  if (f.min !== undefined) column.min = f.min;
  if (f.max !== undefined) column.max = f.max;
  return column;
}

// ─── Login and title ─────────────────────────────────────────────────────────────────────────

/**
 * Login is on for personal or private data and whenever asked; off when the person says the app
 * is public or has no login (and does not ask for one).
 */
export function wantsLogin(domain: string): boolean {
  const text = ` ${domain} `;
  const noLogin =
    /\b(?:no|without|skip|don't need|do not need|doesn't need|does not need|no need for|not need)\s+(?:a\s+|any\s+)?(?:login|log-?ins?|sign[- ]?ins?|sign[- ]?ups?|accounts?|auth(?:entication)?|users|passwords?)\b|\bno need to (?:log|sign) in\b|\bwithout (?:logging|signing) in\b|\banyone can (?:use|see|add|edit|view|post|sign|submit|browse|read)\b|\b(?:people|visitors|guests|the public|neighbou?rs|fans|readers) can (?:sign up|register|subscribe|rsvp|enter|apply|vote|post|leave|add|submit|see|view|browse)\b|\bopen to (?:everyone|anyone|all|the public)\b|\bpublic(?:ly)? (?:site|page|website|directory|guestbook|board|wall|list|listing|catalog|app)\b|\b(?:is|be) public\b|\bfor (?:the )?public\b|\bguestbook\b/.test(
      text,
    );
  const asked =
    /\b(?:(?:a|with|needs?|requires?|behind|add|have|has)\s+(?:a\s+)?(?:login|log-?in|sign[- ]?in|sign[- ]?up|password)|(?:log|sign) in\b(?! is not)|user accounts?|accounts? for|private|only (?:i|me|we|us|my|our)\b|just (?:me|for me|us|for us)\b|password[- ]protected|authenticat)/.test(
      text.replace(
        /\b(?:no|without|don't need|do not need|no need for|not need)\s+(?:a\s+|any\s+)?(?:login|log-?ins?|sign[- ]?ins?|accounts?|passwords?)\b|\bno need to (?:log|sign) in\b/g,
        "",
      ),
    );
  if (asked) return true;
  return !noLogin;
}

function titleFor(reading: Reading, tables: BuiltTable[]): string {
  const lead = reading.lead.toLowerCase();
  // Only the lead's own subject names the app ("A habit tracker", "Wedding guest list:"), not a
  // phrase later in the sentence ("our choir needs a list of …").
  const phrase =
    /^(?:(?:a|an|the|my|our|simple|small|little|basic|personal|quick|new|shared|family|weekly|daily)\s+)*((?:[a-z][a-z'-]* ){0,2})(tracker|list|book|manager|planner|log|journal|catalog|organi[sz]er|crm|inventory|pipeline|diary|system|directory|library|collection|watchlist|database|scheduler)\b/.exec(
      lead,
    );
  const FILLER =
    /^(?:a|an|the|each|every|my|our|simple|small|tiny|basic|personal|little|quick|new|shared|family|team|minimal|to|for|with|and|of|in|on|want|need|i|we|build|make|create|me|app|just|please|some|keep|like)$/;
  if (phrase) {
    const ws = `${phrase[1]}${phrase[2]}`
      .trim()
      .split(/\s+/)
      .filter((w) => !FILLER.test(w));
    if (ws.length >= 2 || /^(?:crm|inventory|watchlist|journal|diary|library)$/.test(ws[0] ?? ""))
      return titleFromSlug(snakeCase(ws.join(" "))).replace(/\bTo Do\b/, "Todo");
  }
  if (reading.entities.length === 0 && reading.appWords[0]) return reading.appWords[0].title;
  // A few words that name the app ("Event RSVPs", "Bookmarks"): those words.
  const short = reading.lead.replace(/^(?:an?|the|my|our)\s+/i, "").trim();
  if (reading.leadIsName && reading.entities.length > 0 && short && /^[\p{L}' -]+$/u.test(short)) {
    return short.replace(/(^|\s)\p{Ll}/gu, (c) => c.toUpperCase());
  }
  const first = reading.entities[0];
  const main =
    (first && tables.find((t) => t.draft.key === first.key)) ?? tables.find((t) => !t.draft.implied) ?? tables[0];
  if (!main) return "My App";
  if (reading.entities.length === 0 && main.draft.template?.title) return main.draft.template.title;
  if (main.draft.key === "item" && reading.entities.length === 0) return "My Items";
  // The thing as the person wrote it: "board games" → "Board Games".
  const words = first && first.key === main.draft.key ? first.words : humanize(main.draft.table);
  return titleFromSlug(snakeCase(first && first.plural === false ? pluralize(words) : words));
}
