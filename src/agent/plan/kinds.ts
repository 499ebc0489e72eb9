/**
 * The column kinds, one entry each, saying everything a kind decides: how the plan names and checks
 * it, its SQL (and how a migration adds it to a table that has rows), how the generated API reads
 * and validates it, its form control, how lists and selects show it, its values in the smoke run,
 * and its label in the plan editor. The planner (schema.ts), the scaffolder (worker and client code,
 * migrations), the smoke run and the builder UI read this table instead of branching on kinds, so a
 * new kind is a name in COLUMN_KINDS and an entry here: the table's type, Record<ColumnKind, KindSpec>,
 * makes the compiler ask for the entry, and KindSpec for every part of it.
 *
 * No runtime imports (types only): the builder UI imports this file too. The functions here write
 * code as text from what the caller hands them (ValueCode, ControlCode…); they import nothing.
 */
import type { ValidatorMethod } from "../scaffold/validator-methods";
import type { ColumnKind, PlanColumn } from "./types";

/** What an entry reads of a column. */
export type KindColumn = Pick<
  PlanColumn,
  "name" | "kind" | "label" | "required" | "options" | "references" | "min" | "max"
>;

/** A literal DEFAULT from a plan's SQL: `raw` as written ("'In progress'", "12", "TRUE"); `option`, a quoted one as an enum option ("in_progress"). */
export interface DefaultLiteral {
  raw: string;
  option?: string;
}

/** The helpers of the generated app's src/lib/format.ts (client-code.ts writes that file). */
export type FormatHelper = "formatMoney" | "formatDate" | "formatDateTime" | "optionLabel" | "splitTags" | "today";

/** A Validator call in a generated router, from what a kind says about it. */
export interface ReadCode {
  column: KindColumn;
  /**
   * `v.<method>("<name>"[, <positional>][, { <options>, label }])`. The label (for messages such as
   * "Due date is required.") is added unless `label: false`.
   */
  call(method: ValidatorMethod, options?: string[], extra?: { positional?: string; label?: false }): string;
  /** enum only: the constant with the options, e.g. `DEAL_STAGES`. */
  optionsConstant(): string;
}

/** A column's value in generated React code. */
export interface ValueCode {
  column: KindColumn;
  /** The value, e.g. `deal.amount`. */
  value: string;
  /** reference only: the referenced row's name that the API joins in, e.g. `deal.company_name`. */
  joined(): string;
}

/** A string expression for a value (links, options, "Delete …?"), and the format helpers it calls. */
export interface Shown {
  expr: string;
  uses: FormatHelper[];
}

/** A list cell's JSX, and the format helpers it calls. */
export interface Cell {
  jsx: string;
  uses: FormatHelper[];
  /** Uses the template's <Badge>. */
  badge?: true;
  /** Right-aligned, tabular figures (numbers). */
  right?: true;
  /** Kept on one line (dates). */
  nowrap?: true;
}

/** What a form control is written from. */
export interface ControlCode {
  column: KindColumn;
  /** The row's value, e.g. `deal?.amount` (undefined on the "new" form). */
  value: string;
  /** ` required` or "". */
  required: string;
  /** ` autoFocus` (the form's first focusable field) or "". */
  focus: string;
  /** enum only: the options' constant (imported into the page by asking for it), e.g. `DEAL_STAGES`. */
  optionsConstant(): string;
  /** reference only: the referenced table's <select> component with its name prop (imported by asking), e.g. `CompanySelect`. */
  referenceSelect(): string;
}

/** A form control. */
export interface Control {
  jsx: string;
  /** Inside the template's <Field> (label, hint, error); false: the control carries its own label (a checkbox). */
  field: false | { hint?: string };
  /** The template's component it uses. */
  component?: "Input" | "Textarea" | "Select";
  uses?: FormatHelper[];
}

export interface KindSpec {
  plan: {
    /** What the plan editor calls it. */
    label: string;
    /** Offered in the plan editor's "kind of the new field" (a reference needs a table to point at). */
    pickable: boolean;
    /** Options a field gets when the plan editor adds it. */
    starter?: Pick<PlanColumn, "options">;
    /** Other words for it in a plan ("string" → text); the kind's own name always works. */
    aliases: readonly string[];
    /** Whether min/max may be set, and whether they must be whole numbers. */
    range: "whole" | "decimal" | null;
    /** Always has a value (an unchecked box is 0): never optional. */
    alwaysRequired: boolean;
    /** How well a value names a row in lists and selects, 1 best (4: only when nothing else is there). */
    naming: 1 | 2 | 3 | 4;
    /** Searched by the list's ?q=: always, only as the column that names the row, or never. */
    searched: "always" | "as-name" | "never";
  };
  sql: {
    /** How SQLite stores it: a change between two storages converts the values (and asks first). */
    storage: "TEXT" | "INTEGER" | "REAL";
    /** The DEFAULT of a required column when the plan gives none. */
    requiredDefault(column: KindColumn): string | undefined;
    /** What follows the type and DEFAULT: a CHECK, a REFERENCES. */
    constraint(column: KindColumn): string;
    /** A literal DEFAULT from the plan's SQL as this kind keeps it, or undefined when it does not fit. */
    keepDefault(literal: DefaultLiteral, column: KindColumn): string | undefined;
    /** The DEFAULT the rows a table already has get when a required column is added; null: added as nullable. */
    whenAdded(column: KindColumn): string | null;
  };
  api: {
    /** The router's Validator call that reads it from a request body. */
    read(code: ReadCode): string;
    /** Its TypeScript type as the API returns it (`| null` is added for optional columns); "option": the enum's union. */
    type: "string" | "number" | "0 | 1" | "option";
    /** A doc comment for the record's field, where the type does not say enough. */
    doc(column: KindColumn): string | null;
  };
  ui: {
    /** As a string (links, a select's options, "Delete …?"). */
    text(code: ValueCode): Shown;
    /** In a list's cell. */
    cell(code: ValueCode): Cell;
    /** Gets a column in the list (long texts do not). */
    inList: boolean;
    /** The form's control. */
    control(code: ControlCode): Control;
    /** May take the form's first focus. */
    autoFocus: boolean;
  };
  smoke: {
    /** A valid value for the smoke run's create (then update): `referenced` is the created row of a reference's table; undefined leaves the field out. */
    sample(column: KindColumn, purpose: "create" | "update", referenced: string | undefined): unknown;
  };
}

// ─── Shared pieces ───────────────────────────────────────────────────────────────────────────

const q = JSON.stringify;
const sqlString = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** "From 1 to 5.", "At least 0.", "At most 10." or null. */
export function rangeText(column: Pick<PlanColumn, "min" | "max">): string | null {
  const { min, max } = column;
  if (min !== undefined && max !== undefined) return `From ${min} to ${max}.`;
  if (min !== undefined) return `At least ${min}.`;
  if (max !== undefined) return `At most ${max}.`;
  return null;
}

/** `value` moved into the column's range. */
export function clampToRange(value: number, column: Pick<PlanColumn, "min" | "max">): number {
  return Math.min(column.max ?? Infinity, Math.max(column.min ?? -Infinity, value));
}

/** The kind a word names: its own name or an alias ("string" → text); undefined when none. */
export function kindNamed(word: string): ColumnKind | undefined {
  for (const [kind, spec] of Object.entries(KINDS) as Array<[ColumnKind, KindSpec]>)
    if (kind === word || spec.plan.aliases.includes(word)) return kind;
  return undefined;
}

const noDefault = () => undefined;
const noConstraint = () => "";
const emptyText = () => "''";
const zeroInRange = (c: KindColumn) => String(clampToRange(0, c));
const keepQuoted = ({ raw }: DefaultLiteral) => (raw.startsWith("'") ? raw : undefined);
const keepWhole = ({ raw }: DefaultLiteral) => (/^-?\d+$/.test(raw) ? raw : undefined);
const keepNumber = ({ raw }: DefaultLiteral) => (/^-?\d/.test(raw) ? raw : undefined);

/** The required or the optional reader, with extra options. */
const reader =
  (required: ValidatorMethod, optional: ValidatorMethod, options: (c: KindColumn) => string[] = () => []) =>
  (code: ReadCode) =>
    code.call(code.column.required ? required : optional, options(code.column));
const rangeOptions = (c: KindColumn) => [
  ...(c.min !== undefined ? [`min: ${c.min}`] : []),
  ...(c.max !== undefined ? [`max: ${c.max}`] : []),
];

const raw = ({ column, value }: ValueCode): Shown => ({ expr: column.required ? value : `${value} ?? ""`, uses: [] });
const asString = ({ column, value }: ValueCode): Shown => ({
  expr: `String(${value}${column.required ? "" : ' ?? ""'})`,
  uses: [],
});
const formatted =
  (helper: FormatHelper) =>
  ({ value }: ValueCode): Shown => ({ expr: `${helper}(${value})`, uses: [helper] });
const plainCell = ({ value }: ValueCode): Cell => ({ jsx: `{${value}}`, uses: [] });

/** `<Input name="…" …attributes defaultValue={…} required autoFocus />` in a Field. */
const input =
  (
    attributes: (c: KindColumn) => string,
    options: {
      blank?: (c: KindColumn) => string;
      hint?: (c: KindColumn) => string | null | undefined;
      afterValue?: string;
    } = {},
  ) =>
  (code: ControlCode): Control => {
    const { column, value } = code;
    const blank = options.blank?.(column) ?? '""';
    const attrs = attributes(column);
    const hint = options.hint?.(column);
    return {
      jsx: `<Input name="${column.name}"${attrs ? ` ${attrs}` : ""} defaultValue={${value} ?? ${blank}}${options.afterValue ?? ""}${code.required}${code.focus} />`,
      field: hint ? { hint } : {},
      component: "Input",
    };
  };
const rangeAttributes = (c: KindColumn, min = c.min) =>
  [...(min !== undefined ? [`min={${min}}`] : []), ...(c.max !== undefined ? [`max={${c.max}}`] : [])].join(" ");
const withRange = (hint: string | undefined, c: KindColumn) =>
  [hint, rangeText(c)].filter(Boolean).join(" ") || undefined;

const TEXT_SQL = {
  storage: "TEXT",
  requiredDefault: noDefault,
  constraint: noConstraint,
  keepDefault: keepQuoted,
  whenAdded: emptyText,
} as const;
/** Numbers and money: stored as REAL, defaulting to 0 (or the range's nearest end). */
const DECIMAL_SQL = {
  storage: "REAL",
  requiredDefault: zeroInRange,
  constraint: noConstraint,
  keepDefault: keepNumber,
  whenAdded: zeroInRange,
} as const;
const NOT_RANGED = { range: null, alwaysRequired: false } as const;

// ─── The kinds ───────────────────────────────────────────────────────────────────────────────

export const KINDS: Readonly<Record<ColumnKind, KindSpec>> = {
  text: {
    plan: {
      label: "Text",
      pickable: true,
      aliases: ["string", "varchar", "char"],
      ...NOT_RANGED,
      naming: 1,
      searched: "always",
    },
    sql: TEXT_SQL,
    api: { read: reader("string", "optionalString", () => ["max: 200"]), type: "string", doc: () => null },
    ui: {
      text: raw,
      cell: plainCell,
      inList: true,
      control: ({ column, value, required, focus }) => ({
        jsx: `<Input name="${column.name}" defaultValue={${value}${column.required ? "" : ' ?? ""'}}${required}${focus} />`,
        field: {},
        component: "Input",
      }),
      autoFocus: true,
    },
    smoke: {
      sample: (c, purpose) => {
        const label = c.label || c.name.replace(/_/g, " ");
        return purpose === "update" ? `${label} (edited)` : `Smoke test ${label.toLowerCase()}`;
      },
    },
  },
  longtext: {
    plan: {
      label: "Long text",
      pickable: true,
      aliases: ["textarea", "long_text", "multiline", "markdown", "rich_text"],
      ...NOT_RANGED,
      naming: 3,
      searched: "as-name",
    },
    sql: TEXT_SQL,
    api: {
      read: (code) => (code.column.required ? code.call("string", ["max: 5000"]) : code.call("optionalString")),
      type: "string",
      doc: () => null,
    },
    ui: {
      text: raw,
      cell: plainCell,
      inList: false,
      control: ({ column, value, required, focus }) => ({
        jsx: `<Textarea name="${column.name}" defaultValue={${value} ?? ""}${required}${focus} />`,
        field: {},
        component: "Textarea",
      }),
      autoFocus: true,
    },
    smoke: {
      sample: (_c, purpose) =>
        purpose === "update" ? "Edited by Kiln's smoke run." : "Written by Kiln's smoke run.\nSecond line.",
    },
  },
  integer: {
    plan: {
      label: "Whole number",
      pickable: true,
      aliases: ["int", "bigint", "count"],
      range: "whole",
      alwaysRequired: false,
      naming: 3,
      searched: "as-name",
    },
    sql: {
      storage: "INTEGER",
      requiredDefault: zeroInRange,
      constraint: noConstraint,
      keepDefault: keepWhole,
      whenAdded: zeroInRange,
    },
    api: { read: reader("integer", "optionalInteger", rangeOptions), type: "number", doc: rangeText },
    ui: {
      text: asString,
      cell: (code) => ({ ...plainCell(code), right: true }),
      inList: true,
      control: input((c) => `type="number" inputMode="numeric" step={1} ${rangeAttributes(c, c.min ?? 0)}`, {
        blank: (c) => (c.required ? zeroInRange(c) : '""'),
        hint: rangeText,
      }),
      autoFocus: true,
    },
    smoke: { sample: (c, purpose) => clampToRange(purpose === "update" ? 7 : 3, c) },
  },
  number: {
    plan: {
      label: "Number",
      pickable: true,
      aliases: ["float", "real", "decimal", "double", "numeric"],
      range: "decimal",
      alwaysRequired: false,
      naming: 3,
      searched: "as-name",
    },
    sql: DECIMAL_SQL,
    api: { read: reader("number", "optionalNumber", rangeOptions), type: "number", doc: rangeText },
    ui: {
      text: asString,
      cell: (code) => ({ ...plainCell(code), right: true }),
      inList: true,
      control: input(
        (c) => [`type="number" inputMode="decimal" step="any"`, rangeAttributes(c)].filter(Boolean).join(" "),
        { hint: rangeText },
      ),
      autoFocus: true,
    },
    smoke: { sample: (c, purpose) => clampToRange(purpose === "update" ? 4.25 : 2.5, c) },
  },
  money: {
    plan: {
      label: "Money",
      pickable: true,
      aliases: ["currency", "price", "amount"],
      range: "decimal",
      alwaysRequired: false,
      naming: 3,
      searched: "as-name",
    },
    sql: DECIMAL_SQL,
    api: {
      read: reader("money", "optionalMoney", rangeOptions),
      type: "number",
      doc: (c) => ["Money, with up to 2 decimals.", rangeText(c)].filter(Boolean).join(" "),
    },
    ui: {
      text: formatted("formatMoney"),
      cell: ({ value }) => ({ jsx: `{formatMoney(${value})}`, uses: ["formatMoney"], right: true }),
      inList: true,
      control: input((c) => `type="number" inputMode="decimal" step="0.01" ${rangeAttributes(c, c.min ?? 0)}`, {
        hint: (c) => withRange("In USD.", c),
      }),
      autoFocus: true,
    },
    smoke: { sample: (c, purpose) => clampToRange(purpose === "update" ? 99.99 : 1250.5, c) },
  },
  boolean: {
    plan: {
      label: "Yes / no",
      pickable: true,
      aliases: ["bool", "checkbox", "flag"],
      range: null,
      alwaysRequired: true,
      naming: 3,
      searched: "never",
    },
    sql: {
      storage: "INTEGER",
      requiredDefault: () => "0",
      constraint: (c) => ` CHECK (${c.name} IN (0, 1))`,
      keepDefault: ({ raw }) => (/^(1|true)$/i.test(raw) ? "1" : "0"),
      whenAdded: () => "0",
    },
    api: { read: (code) => code.call("boolean", [], { label: false }), type: "0 | 1", doc: () => "1 = yes, 0 = no." },
    ui: {
      text: asString,
      cell: ({ value }) => ({ jsx: `{${value} === 1 && <Badge tone="green">Yes</Badge>}`, uses: [], badge: true }),
      inList: true,
      control: ({ column, value }) => ({
        jsx: `<label className="flex items-center gap-2 text-sm font-medium text-zinc-700 dark:text-zinc-300">\n            <input type="checkbox" name="${column.name}" value="1" defaultChecked={${value} === 1} className="size-4 rounded border-zinc-300" />\n            ${column.label}\n          </label>`,
        field: false,
      }),
      autoFocus: false,
    },
    smoke: { sample: (_c, purpose) => purpose === "update" },
  },
  date: {
    plan: { label: "Date", pickable: true, aliases: [], ...NOT_RANGED, naming: 2, searched: "as-name" },
    sql: TEXT_SQL,
    api: { read: reader("date", "optionalDate"), type: "string", doc: () => "YYYY-MM-DD" },
    ui: {
      text: formatted("formatDate"),
      cell: ({ value }) => ({ jsx: `{formatDate(${value})}`, uses: ["formatDate"], nowrap: true }),
      inList: true,
      control: (code) => ({
        ...input(() => `type="date"`, { blank: (c) => (c.required ? "today()" : '""') })(code),
        uses: code.column.required ? ["today"] : [],
      }),
      autoFocus: true,
    },
    smoke: { sample: (_c, purpose) => (purpose === "update" ? "2026-02-28" : "2026-01-15") },
  },
  datetime: {
    plan: {
      label: "Date and time",
      pickable: true,
      aliases: ["timestamp", "time", "date_time"],
      ...NOT_RANGED,
      naming: 2,
      searched: "as-name",
    },
    sql: TEXT_SQL,
    api: { read: reader("dateTime", "optionalDateTime"), type: "string", doc: () => "YYYY-MM-DDTHH:MM, local time." },
    ui: {
      text: formatted("formatDateTime"),
      cell: ({ value }) => ({ jsx: `{formatDateTime(${value})}`, uses: ["formatDateTime"], nowrap: true }),
      inList: true,
      control: input(() => `type="datetime-local"`),
      autoFocus: true,
    },
    smoke: { sample: (_c, purpose) => (purpose === "update" ? "2026-02-28T17:45" : "2026-01-15T09:30") },
  },
  email: {
    plan: {
      label: "Email",
      pickable: true,
      aliases: ["e_mail", "email_address"],
      ...NOT_RANGED,
      naming: 1,
      searched: "always",
    },
    sql: TEXT_SQL,
    // The template's email() reads the field as "email" in its messages; it takes no label.
    api: {
      read: (code) => (code.column.required ? code.call("email", [], { label: false }) : code.call("optionalEmail")),
      type: "string",
      doc: () => null,
    },
    ui: { text: raw, cell: plainCell, inList: true, control: input(() => `type="email"`), autoFocus: true },
    smoke: { sample: (_c, purpose) => (purpose === "update" ? "edited@example.com" : "someone@example.com") },
  },
  url: {
    plan: { label: "Link", pickable: true, aliases: ["link", "uri"], ...NOT_RANGED, naming: 1, searched: "always" },
    sql: TEXT_SQL,
    api: { read: reader("url", "optionalUrl"), type: "string", doc: () => null },
    ui: {
      text: raw,
      cell: ({ column, value }) => {
        const link = `<a href={${value}} target="_blank" rel="noreferrer" className="text-zinc-600 hover:underline dark:text-zinc-400">\n{${value}}\n</a>`;
        return { jsx: column.required ? link : `{${value} && (\n${link}\n)}`, uses: [] };
      },
      inList: true,
      control: input(() => `type="url" placeholder="https://…"`),
      autoFocus: true,
    },
    smoke: {
      sample: (_c, purpose) => (purpose === "update" ? "https://example.org/edited" : "https://example.com/page"),
    },
  },
  phone: {
    plan: {
      label: "Phone",
      pickable: true,
      aliases: ["tel", "telephone", "phone_number", "mobile"],
      ...NOT_RANGED,
      naming: 1,
      searched: "always",
    },
    sql: TEXT_SQL,
    api: { read: reader("phone", "optionalPhone"), type: "string", doc: () => 'As written, e.g. "+1 555 123 4567".' },
    ui: {
      text: raw,
      cell: (code) => ({ ...plainCell(code), nowrap: true }),
      inList: true,
      control: input(() => `type="tel" placeholder="+1 555 123 4567"`),
      autoFocus: true,
    },
    smoke: { sample: (_c, purpose) => (purpose === "update" ? "+44 20 7946 0958 ext. 12" : "+1 (555) 010-2030") },
  },
  enum: {
    plan: {
      label: "Choice",
      pickable: true,
      starter: { options: ["Low", "Medium", "High"] },
      aliases: ["select", "choice", "status"],
      ...NOT_RANGED,
      naming: 3,
      searched: "as-name",
    },
    sql: {
      storage: "TEXT",
      // No CHECK: the Worker validates the options, so adding an option needs no migration.
      requiredDefault: (c) => (c.options?.[0] !== undefined ? sqlString(c.options[0]) : undefined),
      constraint: noConstraint,
      keepDefault: ({ option }, c) =>
        option !== undefined && c.options?.includes(option) ? sqlString(option) : undefined,
      whenAdded: (c) => (c.options?.[0] !== undefined ? sqlString(c.options[0]) : "''"),
    },
    api: {
      read: (code) =>
        code.call(code.column.required ? "oneOf" : "optionalOneOf", [], { positional: code.optionsConstant() }),
      type: "option",
      doc: () => null,
    },
    ui: {
      text: formatted("optionLabel"),
      cell: ({ column, value }) => ({
        jsx: column.required
          ? `<Badge>{optionLabel(${value})}</Badge>`
          : `{${value} && <Badge>{optionLabel(${value})}</Badge>}`,
        uses: ["optionLabel"],
        badge: true,
      }),
      inList: true,
      control: (code) => {
        const { column, value, required } = code;
        const def = column.required ? `${value} ?? ${q(column.options![0])}` : `${value} ?? ""`;
        return {
          jsx: `<Select name="${column.name}" defaultValue={${def}}${required}${code.focus}>\n${column.required ? "" : `              <option value="">—</option>\n`}              {${code.optionsConstant()}.map((option) => (\n                <option key={option} value={option}>\n                  {optionLabel(option)}\n                </option>\n              ))}\n            </Select>`,
          field: {},
          component: "Select",
          uses: ["optionLabel"],
        };
      },
      autoFocus: true,
    },
    smoke: { sample: (c, purpose) => c.options?.[purpose === "update" && c.options.length > 1 ? 1 : 0] ?? null },
  },
  tags: {
    plan: { label: "Tags", pickable: true, aliases: ["list", "tag"], ...NOT_RANGED, naming: 3, searched: "always" },
    sql: TEXT_SQL,
    api: {
      read: reader("string", "optionalString", () => ["max: 500"]),
      type: "string",
      doc: () => 'Comma-separated, e.g. "work, ideas".',
    },
    ui: {
      text: raw,
      cell: ({ value }) => ({
        jsx: `<div className="flex flex-wrap gap-1">\n{splitTags(${value}).map((tag) => (\n<Badge key={tag}>{tag}</Badge>\n))}\n</div>`,
        uses: ["splitTags"],
        badge: true,
      }),
      inList: true,
      control: input(() => "", {
        afterValue: ` placeholder="e.g. work, ideas"`,
        hint: () => "Separate tags with commas.",
      }),
      autoFocus: true,
    },
    smoke: { sample: (_c, purpose) => (purpose === "update" ? "edited" : "smoke, test") },
  },
  reference: {
    plan: {
      label: "Link to a row",
      pickable: false,
      aliases: ["foreign_key", "fk", "relation", "ref"],
      ...NOT_RANGED,
      naming: 4,
      searched: "never",
    },
    sql: {
      storage: "TEXT",
      requiredDefault: noDefault,
      // A required link goes with its row (CASCADE); an optional one is cleared (SET NULL).
      constraint: (c) => ` REFERENCES ${c.references}(id) ON DELETE ${c.required ? "CASCADE" : "SET NULL"}`,
      keepDefault: noDefault,
      // Rows that exist have nothing to link to: the column allows NULL (the API still requires a value for new rows).
      whenAdded: () => null,
    },
    api: { read: reader("string", "optionalString", () => ["max: 100"]), type: "string", doc: () => null },
    ui: {
      text: ({ joined }) => ({ expr: `${joined()} ?? ""`, uses: [] }),
      cell: ({ joined }) => ({ jsx: `{${joined()}}`, uses: [] }),
      inList: true,
      control: (code) => ({
        jsx: `<${code.referenceSelect()}${code.required} defaultValue={${code.value}} />`,
        field: {},
      }),
      autoFocus: false,
    },
    smoke: { sample: (c, _purpose, referenced) => referenced ?? (c.required ? undefined : null) },
  },
};
