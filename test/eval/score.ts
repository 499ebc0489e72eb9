/**
 * Scores what the planner made of a description against what the person named (corpus.ts):
 * named things honoured, kinds, options, ranges, relations, invented tables, login and the
 * handling of requests that are not data apps. Matching is fair but strict: a column counts for
 * a named field only under one of the field's acceptable names, or that name with a unit
 * ("weight" → weight_kg), the table's own prefix ("name" → client_name), a count form ("sets" →
 * number_of_sets, set_count; integers), is_/has_ (booleans), _id (references) or _date/_on/_at
 * (dates); never another field the planner invented. Runs in Node and inside workerd.
 */
import pluralize from "pluralize";
import type { Plan, PlanColumn, PlanTable } from "../../src/agent/plan/types";
import {
  normalizeOption,
  stripAccents,
  type EvalCase,
  type ExpectedEntity,
  type ExpectedField,
  type Handling,
} from "./corpus";

/** What planning answered: the shape of planRequest's result (and of a model's plan). */
export type PlanOutcome = { kind: "app"; plan: Plan } | { kind: "reply"; reply: string; reason: string };

export interface Tally {
  ok: number;
  of: number;
}

export interface CaseScore {
  id: string;
  text: string;
  domain: string;
  shapes: string[];
  expected: Handling[];
  got: Handling;
  handling: Tally;
  /** Only for requests that are not data apps (the issue's "non-data handling"). */
  nonData: Tally;
  /** Data asks answered with a reply or a site (not one of the acceptable handlings). */
  refused: number;
  named: Tally;
  kinds: Tally;
  options: Tally;
  ranges: Tally;
  relations: Tally;
  login: Tally;
  siteText: Tally;
  invented: string[];
  duplicates: string[];
  problems: string[];
  /** The tables the plan has, as "name(col:kind, …)", for reports. */
  planSummary: string;
}

const tally = (): Tally => ({ ok: 0, of: 0 });
const count = (t: Tally, ok: boolean) => {
  t.of++;
  if (ok) t.ok++;
};

/** snake_case, accents and apostrophes dropped, each word singular: "Number of Sets" → "number_of_set". */
export function normName(name: string): string {
  return stripAccents(name)
    .toLowerCase()
    .replace(/['’]/g, "")
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .split("_")
    .map((w) => (/^[a-z]+$/.test(w) && w.length > 2 ? pluralize.singular(w) : w))
    .join("_");
}

/** Units a column name may carry after the named thing: weight → weight_kg, play_time → play_time_minutes. */
const UNITS = new Set(
  "kg g gram lb oz km mi mile m metre meter cm mm ml l litre liter min minute hr hour sec second day week month year eur euro usd dollar gbp pound cent pence pct percent percentage c f celsius fahrenheit ft foot inch in sqm m2 bpm mg kcal pc pcs".split(
    " ",
  ),
);

function columnMatches(column: string, name: string, table: PlanTable, kinds: string[]): "exact" | "rule" | null {
  const c = normName(column);
  const n = normName(name);
  if (c === n) return "exact";
  if (c.startsWith(`${n}_`) && UNITS.has(c.slice(n.length + 1))) return "rule";
  if (c === `${normName(table.singular || table.name)}_${n}`) return "rule";
  if (
    (kinds.includes("integer") || kinds.includes("number")) &&
    [`number_of_${n}`, `${n}_count`, `num_${n}`].includes(c)
  )
    return "rule";
  if (kinds.includes("boolean") && [`is_${n}`, `has_${n}`, `was_${n}`].includes(c)) return "rule";
  if (kinds.includes("reference") && c === `${n}_id`) return "rule";
  if (
    (kinds.includes("date") || kinds.includes("datetime")) &&
    [`${n}_date`, `${n}_on`, `${n}_at`, `${n}_time`].includes(c)
  )
    return "rule";
  return null;
}

const fieldLabel = (entity: ExpectedEntity, field: ExpectedField) => `${entity.names[0]}.${field.names[0]}`;
const kindLabel = (field: ExpectedField) => field.kinds.join("|");
const extras = (column: PlanColumn) => column as PlanColumn & { min?: number; max?: number };

/** The handling a result stands for: a content site carries `site` (contract 2), a data app has tables. */
export function handlingOf(outcome: PlanOutcome): Handling {
  if (outcome.kind === "reply") return "reply";
  return (outcome.plan as Plan & { site?: unknown }).site ? "site" : "app";
}

export function summarizePlan(plan: Plan): string {
  const tables = plan.dataModel.tables.map(
    (t) =>
      `${t.name}(${t.columns
        .filter((c) => !c.system)
        .map((c) => `${c.name}:${c.kind === "reference" ? `→${c.references}` : c.kind}`)
        .join(", ")})`,
  );
  return `${tables.join(" ") || "(no tables)"}${plan.needsAuth ? " [login]" : " [no login]"}`;
}

export function scoreCase(c: EvalCase, outcome: PlanOutcome): CaseScore {
  const got = handlingOf(outcome);
  const s: CaseScore = {
    id: c.id,
    text: c.text,
    domain: c.domain,
    shapes: c.shapes,
    expected: c.handling,
    got,
    handling: tally(),
    nonData: tally(),
    refused: 0,
    named: tally(),
    kinds: tally(),
    options: tally(),
    ranges: tally(),
    relations: tally(),
    login: tally(),
    siteText: tally(),
    invented: [],
    duplicates: [],
    problems: [],
    planSummary: outcome.kind === "reply" ? `(reply) ${outcome.reply.slice(0, 160)}` : summarizePlan(outcome.plan),
  };
  const problem = (p: string) => s.problems.push(p);

  const handlingOk = c.handling.includes(got);
  count(s.handling, handlingOk);
  const isDataAsk = c.handling.includes("app");
  if (!isDataAsk) count(s.nonData, handlingOk);
  if (!handlingOk) {
    problem(
      `handling: ${got === "app" ? "a data app" : got === "site" ? "a content site" : "a reply"}, want ${c.handling.join(" or ")}`,
    );
    if (isDataAsk) s.refused = 1;
  }

  // Login: scored whenever the answer is an app of some kind and the case has an expectation.
  if (outcome.kind === "app" && c.login !== null) {
    const ok = outcome.plan.needsAuth === c.login;
    count(s.login, ok);
    if (!ok) problem(`login: ${outcome.plan.needsAuth ? "on" : "off"}, want ${c.login ? "on" : "off"}`);
  }

  // Site texts: whatever the site's shape, the words the person gave must be in it.
  if (c.mentions.length > 0) {
    const site =
      got === "site" && outcome.kind === "app"
        ? squash(JSON.stringify({ site: (outcome.plan as Plan & { site?: unknown }).site, title: outcome.plan.title }))
        : "";
    for (const m of c.mentions) {
      const ok = site.includes(squash(m));
      count(s.siteText, ok);
      if (!ok && got === "site") problem(`site text missing: "${m}"`);
    }
  }

  if (!isDataAsk) return s;
  // A site where a site is acceptable ("app|site"): the data expectations do not apply.
  if (got === "site" && handlingOk) return s;

  const tables = outcome.kind === "app" && got === "app" ? outcome.plan.dataModel.tables : [];
  const byEntity = new Map<ExpectedEntity, PlanTable>();
  const used = new Set<PlanTable>();
  for (const entity of [...c.entities.filter((e) => !e.optional), ...c.entities.filter((e) => e.optional)]) {
    const wanted = new Set(entity.names.map(normName));
    const table = tables.find(
      (t) => !used.has(t) && (wanted.has(normName(t.name)) || wanted.has(normName(t.singular))),
    );
    if (table) {
      byEntity.set(entity, table);
      used.add(table);
    }
  }

  for (const entity of c.entities) {
    const table = byEntity.get(entity);
    if (!entity.optional) {
      count(s.named, !!table);
      if (!table)
        problem(
          `no table for ${entity.names[0]}${entity.names.length > 1 ? ` (or ${entity.names.slice(1, 4).join(", ")}${entity.names.length > 4 ? ", …" : ""})` : ""}`,
        );
    }
    const columns = table ? table.columns.filter((col) => !col.system) : [];
    const assigned = new Map<ExpectedField, PlanColumn>();
    const taken = new Set<PlanColumn>();
    const ordered = [...entity.fields.filter((f) => !f.optional), ...entity.fields.filter((f) => f.optional)];
    for (const pass of ["exact", "rule"] as const) {
      for (const field of ordered) {
        if (assigned.has(field) || !table) continue;
        const column = columns.find(
          (col) =>
            !taken.has(col) &&
            field.names.some((n) => {
              const m = columnMatches(col.name, n, table, field.kinds);
              return pass === "exact" ? m === "exact" : m !== null;
            }),
        );
        if (column) {
          assigned.set(field, column);
          taken.add(column);
        }
      }
    }
    for (const field of entity.fields) {
      const column = assigned.get(field);
      if (!field.optional) {
        count(s.named, !!column);
        if (!column && table) problem(`missing ${fieldLabel(entity, field)} (${kindLabel(field)})`);
      }
      if (!column || !table) continue;
      const kindOk = field.kinds.includes(column.kind);
      count(s.kinds, kindOk);
      if (!kindOk) problem(`kind of ${table.name}.${column.name}: ${column.kind}, want ${kindLabel(field)}`);
      if (field.options) {
        // Options are the person's when the column is an enum; another acceptable kind (a reference to
        // a table of them) has no options to check.
        const otherKindOk = kindOk && column.kind !== "enum";
        if (!otherKindOk) {
          const gotOptions = (column.options ?? []).map(normalizeOption);
          const ok = column.kind === "enum" && sameOptions(gotOptions, field.options);
          count(s.options, ok);
          if (!ok)
            problem(
              `options of ${table.name}.${column.name}: ${column.kind === "enum" ? `[${gotOptions.join(", ")}]` : "none"}, want [${field.options.map((o) => o.join("|")).join(", ")}]`,
            );
        }
      }
      if (field.min !== undefined || field.max !== undefined) {
        const x = extras(column);
        const ok = (field.min === undefined || x.min === field.min) && (field.max === undefined || x.max === field.max);
        count(s.ranges, ok);
        if (!ok)
          problem(
            `range of ${table.name}.${column.name}: ${x.min ?? "…"}..${x.max ?? "…"}, want ${field.min ?? "…"}..${field.max ?? "…"}`,
          );
      }
      // One column per thing named: another column that also answers to this field's names.
      const twin = columns.find(
        (col) =>
          !taken.has(col) &&
          col.kind !== "reference" &&
          field.names.some((n) => columnMatches(col.name, n, table, field.kinds)),
      );
      if (twin) {
        s.duplicates.push(`${table.name}.${column.name}+${twin.name}`);
        problem(`two columns for ${fieldLabel(entity, field)}: ${column.name}, ${twin.name}`);
      }
    }
  }

  const entityByName = (name: string) => c.entities.find((e) => e.names[0] === name)!;
  for (const r of c.relations) {
    const a = byEntity.get(entityByName(r.from));
    const b = byEntity.get(entityByName(r.to));
    const label = `relation ${r.from} ${r.many ? "↔" : "→"} ${r.to}`;
    if (!a || !b) {
      count(s.relations, false);
      problem(`${label}: ${!a ? r.from : r.to} has no table`);
      continue;
    }
    const refs = (t: PlanTable, to: PlanTable) =>
      t.columns.some((col) => col.kind === "reference" && col.references === to.name);
    const joined = tables.some((j) => j !== a && j !== b && refs(j, a) && refs(j, b));
    const direct = refs(a, b) || (r.many && refs(b, a));
    const ok = joined || (!r.many && direct);
    count(s.relations, ok);
    if (!ok)
      problem(
        `${label}: ${r.many && direct ? "a reference, not a join table" : !r.many && refs(b, a) ? "reversed" : "none"}`,
      );
  }

  const matched = new Set(byEntity.values());
  for (const t of tables) {
    if (matched.has(t)) continue;
    const refsToMatched = t.columns.filter(
      (col) => col.kind === "reference" && [...matched].some((m) => m.name === col.references),
    ).length;
    if (refsToMatched >= 2) continue; // a join table between tables the person named
    s.invented.push(t.name);
    problem(`invented table ${t.name}`);
  }
  return s;
}

/** The same options: as many, each wanted one present in one of its spellings, nothing else. */
function sameOptions(got: string[], wanted: string[][]): boolean {
  const gotSet = new Set(got);
  return (
    gotSet.size === wanted.length &&
    wanted.every((alts) => alts.some((a) => gotSet.has(a))) &&
    got.every((g) => wanted.some((alts) => alts.includes(g)))
  );
}

function squash(text: string): string {
  return stripAccents(text).toLowerCase().replace(/[’']/g, "'").replace(/[–—]/g, "-").replace(/\s+/g, " ");
}

export interface Totals {
  cases: number;
  handling: Tally;
  nonData: Tally;
  refused: number;
  named: Tally;
  kinds: Tally;
  options: Tally;
  ranges: Tally;
  relations: Tally;
  login: Tally;
  siteText: Tally;
  invented: number;
  casesWithInvented: number;
  duplicates: number;
}

const TALLIES = [
  "handling",
  "nonData",
  "named",
  "kinds",
  "options",
  "ranges",
  "relations",
  "login",
  "siteText",
] as const;

export function totals(scores: CaseScore[]): Totals {
  const t: Totals = {
    cases: scores.length,
    refused: 0,
    invented: 0,
    casesWithInvented: 0,
    duplicates: 0,
    ...Object.fromEntries(TALLIES.map((k) => [k, tally()])),
  } as Totals;
  for (const s of scores) {
    for (const k of TALLIES) {
      t[k].ok += s[k].ok;
      t[k].of += s[k].of;
    }
    t.refused += s.refused;
    t.invented += s.invented.length;
    if (s.invented.length > 0) t.casesWithInvented++;
    t.duplicates += s.duplicates.length;
  }
  return t;
}

export const rate = (t: Tally): number | null => (t.of === 0 ? null : t.ok / t.of);

/** How badly a case went: the share of its checks that failed, then how many. */
export function badness(s: CaseScore): [number, number] {
  const checks = TALLIES.filter((k) => k !== "nonData").reduce((n, k) => n + s[k].of, 0) + s.invented.length;
  const failed =
    TALLIES.filter((k) => k !== "nonData").reduce((n, k) => n + s[k].of - s[k].ok, 0) +
    s.invented.length +
    s.duplicates.length;
  return [checks === 0 ? 0 : failed / checks, failed];
}

/** The issue's thresholds for the dev set. */
export const THRESHOLDS = { named: 0.9, kinds: 0.9, relations: 0.8 } as const;
