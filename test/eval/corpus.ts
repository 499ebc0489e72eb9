/**
 * The planner evaluation corpus (test/fixtures/planner/*.json): what each description names, read
 * from the compact file format into checked, expanded cases. The format is documented in
 * docs/planner-eval.md; a mistake in a case (an unknown kind, a relation to an entity the case
 * does not have, an option list on a field that is not an enum) throws here, naming the case.
 * Runs in Node and inside workerd: no Node imports.
 */
import { COLUMN_KINDS } from "../../src/agent/plan/types";

/** The kinds a case may expect: the plan's kinds, plus phone and ranges. */
export const EXPECTED_KINDS: readonly string[] = [...new Set([...COLUMN_KINDS, "phone"])];

export type Handling = "app" | "site" | "reply";
export const HANDLINGS: readonly Handling[] = ["app", "site", "reply"];

/** One thing the person named about an entity: its acceptable column names and kinds. */
export interface ExpectedField {
  /** Acceptable column names, the first one the label used in reports. */
  names: string[];
  kinds: string[];
  /**
   * Exactly these options when the field is an enum (the person listed them), normalised; each
   * option is a list of acceptable spellings ("mon|monday" in the file).
   */
  options?: string[][];
  min?: number;
  max?: number;
  /** Implied rather than named: not counted when missing, still checked when present. */
  optional: boolean;
}

export interface ExpectedEntity {
  /** Acceptable table names; the first one is how relations refer to the entity. */
  names: string[];
  fields: ExpectedField[];
  optional: boolean;
}

export interface ExpectedRelation {
  /** The entity holding the reference (for many-to-many, either side). */
  from: string;
  to: string;
  many: boolean;
}

export interface EvalCase {
  id: string;
  text: string;
  domain: string;
  shapes: string[];
  /** What a person would accept: a data app, a content site, or a plain reply. */
  handling: Handling[];
  /** Sign-in expected (true), not wanted (false), or either is fine (null). */
  login: boolean | null;
  entities: ExpectedEntity[];
  relations: ExpectedRelation[];
  /** Texts of the description a content site should carry (business name, contact details). */
  mentions: string[];
  note?: string;
}

export interface CorpusFile {
  version: number;
  cases: unknown[];
}

type RawField = string | { kind: string; options?: unknown[]; min?: number; max?: number; optional?: boolean };

const split = (s: string) =>
  s
    .split("|")
    .map((x) => x.trim())
    .filter(Boolean);

/** Reads and checks a corpus file; throws with the case id and what is wrong. */
export function loadCorpus(file: CorpusFile, label: string): EvalCase[] {
  if (!file || !Array.isArray(file.cases)) throw new Error(`${label}: expected {version, cases: [...]}`);
  const ids = new Set<string>();
  return file.cases.map((raw, i) => {
    const c = raw as Record<string, any>;
    const where = `${label} case ${typeof c?.id === "string" ? `"${c.id}"` : `#${i + 1}`}`;
    const fail = (message: string): never => {
      throw new Error(`${where}: ${message}`);
    };
    if (typeof c.id !== "string" || !/^[a-z0-9-]+$/.test(c.id)) fail("id must be kebab-case");
    if (ids.has(c.id)) fail("duplicate id");
    ids.add(c.id);
    if (typeof c.text !== "string" || !c.text.trim()) fail("text is missing");
    if (typeof c.domain !== "string") fail("domain is missing");
    if (!Array.isArray(c.shapes)) fail("shapes must be a list");
    const handling = split(c.handling ?? "app") as Handling[];
    for (const h of handling) if (!HANDLINGS.includes(h)) fail(`handling "${h}" is not one of ${HANDLINGS.join(", ")}`);
    if (!(c.login === true || c.login === false || c.login === null)) fail("login must be true, false or null");

    const entities: ExpectedEntity[] = (c.entities ?? []).map((e: Record<string, any>, j: number) => {
      if (typeof e.table !== "string") fail(`entity #${j + 1} has no table names`);
      const fields = Object.entries((e.fields ?? {}) as Record<string, RawField>).map(([key, value]): ExpectedField => {
        const spec = typeof value === "string" ? { kind: value } : value;
        const kinds = split(spec.kind);
        for (const k of kinds) if (!EXPECTED_KINDS.includes(k)) fail(`field "${key}": unknown kind "${k}"`);
        if (spec.options && !kinds.includes("enum")) fail(`field "${key}": options on a field that cannot be an enum`);
        if (
          (spec.min !== undefined || spec.max !== undefined) &&
          !kinds.some((k) => k === "integer" || k === "number" || k === "money")
        ) {
          fail(`field "${key}": a range on a field that is not a number`);
        }
        return {
          names: split(key),
          kinds,
          ...(spec.options ? { options: spec.options.map((o) => split(String(o)).map(normalizeOption)) } : {}),
          ...(spec.min !== undefined ? { min: spec.min } : {}),
          ...(spec.max !== undefined ? { max: spec.max } : {}),
          optional: spec.optional === true,
        };
      });
      return { names: split(e.table), fields, optional: e.optional === true };
    });
    const relations: ExpectedRelation[] = (c.relations ?? []).map((r: Record<string, any>) => {
      for (const side of [r.from, r.to]) {
        if (!entities.some((e) => e.names[0] === side))
          fail(`relation names "${side}", which is not the first table name of an entity`);
      }
      return { from: r.from, to: r.to, many: r.many === true };
    });
    const mentions = (c.mentions ?? []) as string[];
    if (handling.includes("app") && entities.length === 0) fail("a data app needs at least one entity");
    if (!handling.includes("app") && entities.length > 0) fail("only data apps have entities");
    return {
      id: c.id,
      text: c.text,
      domain: c.domain,
      shapes: c.shapes,
      handling,
      login: c.login,
      entities,
      relations,
      mentions,
      ...(c.note ? { note: c.note } : {}),
    };
  });
}

/** "VG+" → "vg_plus", "won't fix" → "wont_fix", "All-season" → "all_season", "cuvée" → "cuvee". */
export function normalizeOption(option: string): string {
  return stripAccents(option)
    .toLowerCase()
    .replace(/['’]/g, "")
    .replace(/\+/g, " plus")
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
}

export function stripAccents(text: string): string {
  return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
}
