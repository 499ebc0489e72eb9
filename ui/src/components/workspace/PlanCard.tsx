import { useState } from "react";
import {
  SITE_KIND_LABELS,
  type ColumnKind,
  type Plan,
  type PlanColumn,
  type PlanSite,
  type PlanTable,
} from "../../lib/api";
// The kinds' table is the platform's own (no runtime imports of its own), so the editor offers
// exactly the kinds the scaffolder knows, with their labels.
import { KINDS } from "../../../../src/agent/plan/kinds";
import { COLUMN_KINDS } from "../../../../src/agent/plan/types";
import { Button } from "../Button";

/** Kinds a person can pick for a field (a reference needs a table to point at: not offered). */
const KIND_CHOICES = COLUMN_KINDS.filter((kind) => KINDS[kind].plan.pickable);

/** "integer 1–5", "money ≥ 0": a field's kind and range as the plan card shows it. */
function kindText(c: PlanColumn): string {
  const range =
    c.min !== undefined && c.max !== undefined
      ? ` ${c.min}–${c.max}`
      : c.min !== undefined
        ? ` ≥ ${c.min}`
        : c.max !== undefined
          ? ` ≤ ${c.max}`
          : "";
  return `${c.kind}${range}`;
}

const snake = (label: string) =>
  label
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");

/**
 * What goes back to Kiln for an edited plan: the person's fields with their kinds (the SQL is
 * worked out again from the kind), the system columns left for Kiln to add.
 */
function forApproval(plan: Plan): Plan {
  return {
    ...plan,
    dataModel: {
      tables: plan.dataModel.tables.map((t) => ({
        ...t,
        columns: t.columns.filter((c) => !c.system).map(({ type: _type, ...c }) => c as PlanColumn),
      })),
    },
  };
}

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** A content site's plan: its sections (what each holds, or what is still to add) and the contact details it shows. */
function SitePlan({ site }: { site: PlanSite }) {
  const contact = [
    site.contact.phone && ["Phone", site.contact.phone],
    site.contact.email && ["Email", site.contact.email],
    site.contact.address && ["Address", site.contact.address],
    site.contact.hours?.length && ["Hours", site.contact.hours.join("; ")],
    ...(site.contact.links ?? []).map((l) => [l.title, l.url ?? ""]),
  ].filter((row): row is [string, string] => Array.isArray(row));
  return (
    <div className="space-y-2" data-testid="plan-site">
      <p className="text-xs text-stone-500">
        {capitalised(SITE_KIND_LABELS[site.kind])} · public, no login{site.tagline ? <> · “{site.tagline}”</> : null}
        {site.action ? (
          <>
            {" "}
            · button “{site.action.title}”{site.action.url ? "" : " (to link)"}
          </>
        ) : null}
      </p>
      <ol className="space-y-1">
        {site.sections.map((section) => (
          <li key={section.id} data-testid="plan-section" data-section={section.id}>
            <p className="text-xs font-semibold uppercase tracking-wide text-stone-500">{section.heading}</p>
            {section.text && <p className="line-clamp-2 text-xs text-stone-600 dark:text-stone-300">{section.text}</p>}
            {section.items && section.items.length > 0 && (
              <ul className="mt-0.5 flex flex-wrap gap-1">
                {section.items.map((item) => (
                  <li key={item.title} className="rounded bg-stone-100 px-1.5 py-0.5 text-xs dark:bg-stone-800">
                    {item.title}
                    {item.price && <span className="text-stone-500"> {item.price}</span>}
                  </li>
                ))}
              </ul>
            )}
            {section.placeholder && <p className="text-xs italic text-stone-500">To fill in: {section.placeholder}</p>}
          </li>
        ))}
      </ol>
      {contact.length > 0 && (
        <dl className="grid grid-cols-[max-content_1fr] gap-x-3 gap-y-0.5 text-xs" data-testid="plan-contact">
          {contact.map(([label, value]) => (
            <div key={label} className="contents">
              <dt className="text-stone-500">{label}</dt>
              <dd className="truncate">{value}</dd>
            </div>
          ))}
        </dl>
      )}
    </div>
  );
}

/**
 * The plan of a generation: title, tables with their fields (or a site's sections), pages and features. While it waits
 * for approval ("plan first"), it can be approved as it is or edited: add or remove fields and tables.
 */
export function PlanCard({
  plan,
  summary,
  awaiting = false,
  onApprove,
  defaultOpen = true,
}: {
  plan: Plan;
  summary: string;
  awaiting?: boolean;
  onApprove?: (edited?: Plan) => void;
  defaultOpen?: boolean;
}) {
  const [open, setOpen] = useState(defaultOpen || awaiting);
  const [draft, setDraft] = useState<Plan | null>(null);
  const [adding, setAdding] = useState<Record<string, { label: string; kind: ColumnKind }>>({});
  const shown = draft ?? plan;

  /** Every edit starts from the draft, or from the proposed plan on the first one. */
  const editTables = (change: (tables: PlanTable[]) => PlanTable[]) =>
    setDraft((d) => {
      const base = d ?? structuredClone(plan);
      return { ...base, dataModel: { tables: change(base.dataModel.tables) } };
    });
  const editTable = (name: string, change: (columns: PlanColumn[]) => PlanColumn[]) =>
    editTables((tables) => tables.map((t) => (t.name === name ? { ...t, columns: change(t.columns) } : t)));
  const addField = (table: string) => {
    const next = adding[table];
    const name = snake(next?.label ?? "");
    if (!next || !name) return;
    const kind = next.kind || "text";
    editTable(table, (cols) => [
      ...cols.filter((c) => c.name !== name),
      {
        name,
        label: next.label.trim(),
        kind,
        type: "",
        required: false,
        ...structuredClone(KINDS[kind].plan.starter ?? {}),
      },
    ]);
    setAdding((a) => ({ ...a, [table]: { label: "", kind: "text" } }));
  };

  const [newTable, setNewTable] = useState("");
  const addTable = () => {
    const name = snake(newTable);
    if (!name || shown.dataModel.tables.some((t) => t.name === name)) return;
    // Kiln fills in the singular, the display column and the system columns when it checks the plan.
    const table = {
      name,
      label: newTable.trim(),
      columns: [{ name: "name", label: "Name", kind: "text", type: "", required: true }],
    } as unknown as PlanTable;
    editTables((tables) => [...tables, table]);
    setNewTable("");
  };
  const removeTable = (name: string) => editTables((tables) => tables.filter((t) => t.name !== name));

  return (
    <div
      className={`rounded-lg border ${awaiting ? "border-orange-400 dark:border-orange-700" : "border-stone-200 dark:border-stone-700"}`}
      data-testid="plan-card"
    >
      <button
        type="button"
        className="flex w-full items-center gap-2 rounded-lg px-3 py-2 text-left"
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
      >
        {shown.theme && (
          <span aria-hidden className="size-3 rounded-full" style={{ background: shown.theme.primary }} />
        )}
        <span className="font-medium">{shown.title}</span>
        <span className="ml-auto text-xs text-stone-500">
          {awaiting ? "Plan · waiting for you" : "Plan"} {open ? "▾" : "▸"}
        </span>
      </button>
      {open && (
        <div className="space-y-2 border-t border-stone-200 px-3 py-2 dark:border-stone-700">
          {summary && !draft && <p className="text-stone-600 dark:text-stone-300">{summary}</p>}
          {shown.site && <SitePlan site={shown.site} />}
          {shown.dataModel.tables.map((t) => (
            <div key={t.name} data-testid="plan-table" data-table={t.name}>
              <p className="flex items-center gap-1 text-xs font-semibold uppercase tracking-wide text-stone-500">
                {t.label}
                {draft && shown.dataModel.tables.length > 1 && (
                  <button
                    type="button"
                    className="rounded px-1 normal-case text-stone-500 hover:text-red-700"
                    aria-label={`Remove the table ${t.label}`}
                    onClick={() => removeTable(t.name)}
                  >
                    ×
                  </button>
                )}
              </p>
              <ul className="mt-1 flex flex-wrap gap-1">
                {t.columns
                  .filter((c) => !c.system)
                  .map((c) => (
                    <li
                      key={c.name}
                      className="flex items-center gap-1 rounded bg-stone-100 px-1.5 py-0.5 text-xs dark:bg-stone-800"
                      title={c.type}
                    >
                      {c.label}{" "}
                      <span className="text-stone-500">
                        {kindText(c)}
                        {c.required ? "" : "?"}
                      </span>
                      {draft && (
                        <button
                          type="button"
                          className="rounded px-0.5 text-stone-500 hover:text-red-700"
                          aria-label={`Remove ${c.label} from ${t.label}`}
                          onClick={() => editTable(t.name, (cols) => cols.filter((x) => x.name !== c.name))}
                        >
                          ×
                        </button>
                      )}
                    </li>
                  ))}
              </ul>
              {draft && (
                <div className="mt-1 flex flex-wrap items-center gap-1">
                  <label className="sr-only" htmlFor={`add-${t.name}`}>
                    New field for {t.label}
                  </label>
                  <input
                    id={`add-${t.name}`}
                    value={adding[t.name]?.label ?? ""}
                    onChange={(e) =>
                      setAdding((a) => ({ ...a, [t.name]: { kind: a[t.name]?.kind ?? "text", label: e.target.value } }))
                    }
                    onKeyDown={(e) => e.key === "Enter" && (e.preventDefault(), addField(t.name))}
                    placeholder="New field, e.g. Priority"
                    maxLength={60}
                    className="h-7 w-40 rounded border border-stone-300 bg-white px-2 text-xs dark:border-stone-700 dark:bg-stone-950"
                  />
                  <label className="sr-only" htmlFor={`kind-${t.name}`}>
                    Kind of the new field
                  </label>
                  <select
                    id={`kind-${t.name}`}
                    value={adding[t.name]?.kind ?? "text"}
                    onChange={(e) =>
                      setAdding((a) => ({
                        ...a,
                        [t.name]: { label: a[t.name]?.label ?? "", kind: e.target.value as ColumnKind },
                      }))
                    }
                    className="h-7 rounded border border-stone-300 bg-white px-1 text-xs dark:border-stone-700 dark:bg-stone-950"
                  >
                    {KIND_CHOICES.map((kind) => (
                      <option key={kind} value={kind}>
                        {KINDS[kind].plan.label}
                      </option>
                    ))}
                  </select>
                  <Button
                    variant="secondary"
                    className="h-7 px-2 text-xs"
                    disabled={!snake(adding[t.name]?.label ?? "")}
                    onClick={() => addField(t.name)}
                  >
                    Add field
                  </Button>
                </div>
              )}
            </div>
          ))}
          {draft && (
            <div className="flex flex-wrap items-center gap-1 border-t border-dashed border-stone-200 pt-2 dark:border-stone-700">
              <label className="sr-only" htmlFor="add-table">
                New table
              </label>
              <input
                id="add-table"
                value={newTable}
                onChange={(e) => setNewTable(e.target.value)}
                onKeyDown={(e) => e.key === "Enter" && (e.preventDefault(), addTable())}
                placeholder="New table, e.g. Shelves"
                maxLength={60}
                className="h-7 w-48 rounded border border-stone-300 bg-white px-2 text-xs dark:border-stone-700 dark:bg-stone-950"
              />
              <Button variant="secondary" className="h-7 px-2 text-xs" disabled={!snake(newTable)} onClick={addTable}>
                Add table
              </Button>
            </div>
          )}
          {shown.features.length > 0 && <p className="text-xs text-stone-500">Features: {shown.features.join(", ")}</p>}
          {awaiting && onApprove && (
            <div className="flex flex-wrap items-center gap-2 pt-1">
              <Button className="h-8" onClick={() => onApprove(draft ? forApproval(draft) : undefined)}>
                {draft ? "Approve edited plan" : "Approve and build"}
              </Button>
              {/* A site has no tables to edit here: its words change by chat ("rename the menu section to Food"). */}
              {plan.site ? null : !draft ? (
                <Button variant="secondary" className="h-8" onClick={() => setDraft(structuredClone(plan))}>
                  Edit plan
                </Button>
              ) : (
                <Button variant="ghost" className="h-8" onClick={() => setDraft(null)}>
                  Discard edits
                </Button>
              )}
              <span className="text-xs text-stone-500">or say what to change below.</span>
            </div>
          )}
        </div>
      )}
    </div>
  );
}
