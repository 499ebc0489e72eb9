/**
 * The generated React code: record types, formatting helpers, a list page and a form page per
 * table (in the style of the CRM sample's CompaniesPage and DealFormPage), a <select> per table
 * that others refer to, the dashboard, the routes and the navigation.
 */
import { KINDS, type Cell, type Shown, type ValueCode } from "../plan/kinds";
import { fieldColumns, type Plan, type PlanColumn, type PlanTable } from "../plan/schema";
import { camelCase, humanize } from "../plan/words";
import { compare, fieldComment, valueType } from "./worker-code";
import {
  enumNames,
  joinedName,
  namesFor,
  searchColumns,
  inSentence,
  singularLabel,
  target,
  type TableNames,
  JS_WORDS,
} from "./names";

const q = JSON.stringify;
const LOCAL_NAMES = new Set([
  "search",
  "setSearch",
  "rows",
  "row",
  "result",
  "navigate",
  "form",
  "id",
  "existing",
  "values",
  "saved",
  "tag",
  "data",
  "user",
]);

function safeVar(name: string, fallback: string): string {
  return JS_WORDS.has(name) || LOCAL_NAMES.has(name) ? fallback : name;
}

function listVar(t: TableNames): string {
  return safeVar(t.router, `${t.router}List`);
}

function rowVar(t: TableNames): string {
  const name = camelCase(t.table.singular);
  return name === listVar(t) ? "item" : safeVar(name, "item");
}

// ─── src/lib/types.ts and src/lib/format.ts ──────────────────────────────────────────────────

export function typesFile(plan: Plan): string {
  const out: string[] = [`/** The app's records, as the API returns them (see worker/*.ts and migrations/). */`];
  for (const table of plan.dataModel.tables) {
    const t = namesFor(table, plan.needsAuth);
    out.push("");
    for (const column of fieldColumns(table).filter((c) => c.kind === "enum")) {
      const { constant, type } = enumNames(t, column);
      out.push(`export const ${constant} = [${column.options!.map((o) => q(o)).join(", ")}] as const;`);
      out.push(`export type ${type} = (typeof ${constant})[number];`);
      out.push("");
    }
    out.push(`export interface ${t.type} {`);
    for (const column of table.columns) {
      if (column.name === "user_id") continue;
      const comment = column.system ? null : fieldComment(column);
      if (comment) out.push(`  /** ${comment} */`);
      out.push(`  ${column.name}: ${column.system ? "string" : valueType(column, t)};`);
      if (column.kind === "reference" && !column.system) {
        const other = target(plan, column);
        out.push(
          `  /** The ${humanize(other.singular).toLowerCase()}'s ${humanize(other.displayColumn).toLowerCase()} (in lists and single rows). */`,
        );
        out.push(`  ${joinedName(plan, column)}?: string | null;`);
      }
    }
    out.push(`}`);
  }
  out.push("");
  out.push(`/** GET api/dashboard: how many rows of each kind there are. */`);
  out.push(`export interface Dashboard {`);
  for (const table of plan.dataModel.tables) out.push(`  ${table.name}: number;`);
  out.push(`}`);
  return `${out.join("\n")}\n`;
}

export const FORMAT_FILE = `const money = new Intl.NumberFormat(undefined, { style: "currency", currency: "USD" });

/** 12.5 → "$12.50". Empty for null. */
export function formatMoney(amount: number | null | undefined): string {
  return amount === null || amount === undefined ? "" : money.format(amount);
}

/** "2026-11-22" or "2026-11-22 10:00:00" → "Nov 22, 2026". Empty for null. */
export function formatDate(value: string | null | undefined): string {
  if (!value) return "";
  const date = new Date(value.length === 10 ? \`\${value}T00:00:00\` : \`\${value.replace(" ", "T")}Z\`);
  return Number.isNaN(date.getTime()) ? value : date.toLocaleDateString(undefined, { year: "numeric", month: "short", day: "numeric" });
}

/** "2026-11-22T18:30" (local time, from <input type="datetime-local">) → "Nov 22, 2026, 6:30 PM". */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) return "";
  const date = new Date(value.replace(" ", "T"));
  return Number.isNaN(date.getTime()) ? value : date.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

/** Today as "YYYY-MM-DD" in local time: the default of a new row's date. */
export function today(): string {
  const now = new Date();
  return \`\${now.getFullYear()}-\${String(now.getMonth() + 1).padStart(2, "0")}-\${String(now.getDate()).padStart(2, "0")}\`;
}

/** "in_progress" → "In progress": an option's label. */
export function optionLabel(value: string | null | undefined): string {
  if (!value) return "";
  const text = value.replace(/_/g, " ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** "work, ideas" → ["work", "ideas"]. */
export function splitTags(value: string | null | undefined): string[] {
  return (value ?? "")
    .split(",")
    .map((tag) => tag.trim())
    .filter(Boolean);
}
`;

// ─── Display of values ───────────────────────────────────────────────────────────────────────

/** A column's value in a row `r`, for the kind's display functions. */
function valueCode(r: string, column: PlanColumn, plan: Plan): ValueCode {
  return { column, value: `${r}.${column.name}`, joined: () => `${r}.${joinedName(plan, column)}` };
}

/** A string expression for a row's column (for links, options and "Delete …?"). */
function textOf(r: string, column: PlanColumn, plan: Plan): Shown {
  return KINDS[column.kind].ui.text(valueCode(r, column, plan));
}

/** The name of a row: its display column, or "Untitled" when that is empty. */
function nameOf(r: string, table: PlanTable, plan: Plan): Shown {
  const column = table.columns.find((c) => c.name === table.displayColumn)!;
  const text = textOf(r, column, plan);
  return column.required && column.kind !== "reference"
    ? text
    : { expr: `(${text.expr}) || "Untitled"`, uses: text.uses };
}

/** A table cell's content for a column. */
function cellOf(r: string, column: PlanColumn, plan: Plan): Cell {
  return KINDS[column.kind].ui.cell(valueCode(r, column, plan));
}

function importsBlock(lines: Array<[string, string[] | string]>): string {
  // [module, names] → sorted import statements; a string entry is a raw import clause.
  const byModule = new Map<string, Set<string>>();
  const raw: Array<[string, string]> = [];
  for (const [module, names] of lines) {
    if (typeof names === "string") raw.push([module, names]);
    else {
      const set = byModule.get(module) ?? new Set<string>();
      for (const n of names) set.add(n);
      byModule.set(module, set);
    }
  }
  const statements: Array<[string, string]> = [];
  for (const [module, names] of byModule) {
    if (names.size === 0) continue;
    const sorted = [...names].sort((a, b) => a.replace(/^type /, "").localeCompare(b.replace(/^type /, "")));
    const allTypes = sorted.every((n) => n.startsWith("type "));
    statements.push([
      module,
      allTypes
        ? `import type { ${sorted.map((n) => n.slice(5)).join(", ")} } from "${module}";`
        : `import { ${sorted.join(", ")} } from "${module}";`,
    ]);
  }
  for (const [module, clause] of raw) statements.push([module, `import ${clause} from "${module}";`]);
  const rank = (m: string) => (m.startsWith(".") ? `1${m}` : `0${m}`);
  return statements
    .sort((a, b) => compare(rank(a[0]), rank(b[0])))
    .map(([, s]) => s)
    .join("\n");
}

// ─── List page ───────────────────────────────────────────────────────────────────────────────

export function listPageFile(plan: Plan, table: PlanTable): string {
  const t = namesFor(table, plan.needsAuth);
  const list = listVar(t);
  const r = rowVar(t);
  const fields = fieldColumns(table);
  const display = fields.find((c) => c.name === table.displayColumn)!;
  const shown = fields.filter((c) => c !== display && KINDS[c.kind].ui.inList).slice(0, 4);
  const searchable = searchColumns(table).length > 0;
  const formatUses = new Set<string>();
  const ui = new Set<string>();
  const name = nameOf(r, table, plan);
  name.uses.forEach((u) => formatUses.add(u));
  const cells = shown.map((c) => {
    const cell = cellOf(r, c, plan);
    cell.uses.forEach((u) => formatUses.add(u));
    if (cell.badge) ui.add("Badge");
    return { column: c, ...cell };
  });
  const plural = inSentence(table.label);
  const consequence = consequenceOf(plan, table);

  const imports = importsBlock([
    ...(searchable ? ([["react", ["useState"]]] as Array<[string, string[]]>) : []),
    ["react-router", ["Link"]],
    ["../components/DeleteButton", ["DeleteButton"]],
    ["../components/LoadState", ["LoadState"]],
    ["../components/PageHeader", ["PageHeader"]],
    ["../components/ui/badge", [...ui]],
    ["../components/ui/button", ["buttonClasses"]],
    ["../components/ui/empty-state", ["EmptyState"]],
    ["../components/ui/input", searchable ? ["Input"] : []],
    ["../components/ui/table", ["Table", "TableBody", "TableHead", "Td", "Th"]],
    ["../lib/format", [...formatUses]],
    ["../lib/types", [`type ${t.type}`]],
    ["../lib/use-api", ["useApi"]],
  ]);

  const newButton = (indent: string) =>
    `${indent}<Link to="${t.route}/new" className={buttonClasses()}>\n${indent}  New ${t.what}\n${indent}</Link>`;
  const th = (label: string, right?: boolean) =>
    `                  <Th${right ? ' className="text-right"' : ""}>${label}</Th>`;
  const td = (cell: Cell) => {
    const cls = cell.right
      ? ' className="text-right tabular-nums"'
      : cell.nowrap
        ? ' className="whitespace-nowrap"'
        : "";
    const body = cell.jsx.split("\n");
    if (body.length === 1) return `                    <Td${cls}>${cell.jsx}</Td>`;
    return [`                    <Td${cls}>`, ...reindent(body, 22), `                    </Td>`].join("\n");
  };
  const path = searchable ? `\`${t.api}?q=\${encodeURIComponent(search)}\`` : q(t.api);

  return `${imports}

export function ${t.listPage}() {
${searchable ? `  const [search, setSearch] = useState("");\n` : ""}  const ${list} = useApi<{ ${table.name}: ${t.type}[] }>(${path});

  return (
    <>
      <PageHeader
        title=${q(table.label)}
        actions={
${newButton("          ")}
        }
      />
${
  searchable
    ? `      <div className="mb-4 max-w-xs">
        <Input type="search" placeholder="Search ${plural}…" aria-label="Search ${plural}" value={search} onChange={(e) => setSearch(e.target.value)} />
      </div>
`
    : ""
}      <LoadState result={${list}}>
        {({ ${table.name}: rows }) =>
          rows.length === 0 ? (
            <EmptyState
              title={${searchable ? `search ? "No ${plural} match your search" : ` : ""}"No ${plural} yet"}
              description={${searchable ? `search ? "Try other words." : ` : ""}${q(`Add your first ${t.what}.`)}}
              action={
                ${searchable ? "!search && (" : "("}
${newButton("                  ")}
                )
              }
            />
          ) : (
            <Table>
              <TableHead>
                <tr>
${[th(display.label), ...cells.map((c) => th(c.column.label, c.right))].join("\n")}
                  <Th>
                    <span className="sr-only">Actions</span>
                  </Th>
                </tr>
              </TableHead>
              <TableBody>
                {rows.map((${r}) => (
                  <tr key={${r}.id}>
                    <Td>
                      <Link to={\`${t.route}/\${${r}.id}/edit\`} className="font-medium hover:underline">
                        {${name.expr}}
                      </Link>
                    </Td>
${cells.map(td).join("\n")}
                    <Td className="text-right whitespace-nowrap">
                      <Link to={\`${t.route}/\${${r}.id}/edit\`} className={buttonClasses("ghost", "sm")} aria-label={\`Edit ${t.what} \${${name.expr}}\`}>
                        Edit
                      </Link>
                      <DeleteButton
                        path={\`${t.api}/\${${r}.id}\`}
                        what=${q(t.what)}
                        name={${name.expr}}${consequence ? `\n                        consequence=${q(consequence)}` : ""}
                        onDeleted={${list}.reload}
                      />
                    </Td>
                  </tr>
                ))}
              </TableBody>
            </Table>
          )
        }
      </LoadState>
    </>
  );
}
`;
}

function reindent(lines: string[], base: number): string[] {
  let depth = 0;
  return lines.map((line) => {
    const trimmed = line.trim();
    if (/^(<\/|\)|\})/.test(trimmed)) depth = Math.max(0, depth - 1);
    const out = " ".repeat(base + depth * 2) + trimmed;
    if (/(\(|\{)$/.test(trimmed) || (/^<[A-Za-z][^>]*[^/]>$/.test(trimmed) && !/<\//.test(trimmed))) depth++;
    return out;
  });
}

/** What else a delete does: "Its deals are deleted too." */
function consequenceOf(plan: Plan, table: PlanTable): string | null {
  const parts: string[] = [];
  for (const other of plan.dataModel.tables) {
    for (const column of fieldColumns(other)) {
      if (column.kind !== "reference" || column.references !== table.name) continue;
      const label = inSentence(other.label);
      const what = singularLabel(table);
      parts.push(
        column.required ? `Its ${label} are deleted too.` : `Its ${label} are kept without ${article(what)} ${what}.`,
      );
    }
  }
  return parts.length ? [...new Set(parts)].join(" ") : null;
}

// ─── Form page ───────────────────────────────────────────────────────────────────────────────

export function formPageFile(plan: Plan, table: PlanTable): string {
  const t = namesFor(table, plan.needsAuth);
  const r = rowVar(t);
  const fields = fieldColumns(table);
  const display = fields.find((c) => c.name === table.displayColumn)!;
  const name = nameOf(r, table, plan);
  const ui = new Set<string>(["Field"]);
  const formatUses = new Set<string>(name.uses);
  const typeImports = new Set<string>([`type ${t.type}`]);
  const valueImports = new Set<string>();
  const selects: TableNames[] = [];
  let first = true;

  const controls = fields.map((column) => {
    const kind = KINDS[column.kind];
    const focus = first && kind.ui.autoFocus ? " autoFocus" : "";
    if (focus) first = false;
    const control = kind.ui.control({
      column,
      value: `${r}?.${column.name}`,
      required: column.required ? " required" : "",
      focus,
      optionsConstant: () => {
        const { constant } = enumNames(t, column);
        valueImports.add(constant);
        return constant;
      },
      referenceSelect: () => {
        const other = namesFor(target(plan, column), plan.needsAuth);
        if (!selects.some((s) => s.select === other.select)) selects.push(other);
        return column.name === `${other.table.singular}_id` ? other.select : `${other.select} name="${column.name}"`;
      },
    });
    if (control.component) ui.add(control.component);
    for (const helper of control.uses ?? []) formatUses.add(helper);
    if (!control.field) return `          ${control.jsx}`;
    const hint = control.field.hint;
    return `          <Field label=${q(column.label)}${hint ? ` hint=${q(hint)}` : ""} error={form.fieldErrors.${column.name}}>\n            ${control.jsx}\n          </Field>`;
  });
  void display;

  const uiModules: Array<[string, string[]]> = [
    ["../components/ui/field", ["Field"]],
    ["../components/ui/input", ui.has("Input") ? ["Input"] : []],
    ["../components/ui/select", ui.has("Select") ? ["Select"] : []],
    ["../components/ui/textarea", ui.has("Textarea") ? ["Textarea"] : []],
  ];
  const imports = importsBlock([
    ["react-router", ["Link", "useNavigate", "useParams"]],
    ...selects.map((s): [string, string[]] => [`../components/${s.select}`, [s.select]]),
    ["../components/DeleteButton", ["DeleteButton"]],
    ["../components/LoadState", ["LoadState"]],
    ["../components/PageHeader", ["PageHeader"]],
    ["../components/ui/alert", ["Alert"]],
    ["../components/ui/button", ["Button", "buttonClasses"]],
    ["../components/ui/card", ["Card", "CardContent"]],
    ...uiModules,
    ["../lib/api", ["api"]],
    ["../lib/format", [...formatUses]],
    ["../lib/types", [...valueImports, ...typeImports]],
    ["../lib/use-api", ["useApi"]],
    ["../lib/use-form-submit", ["useFormSubmit"]],
  ]);
  const formName = `${t.type}Form`;

  return `${imports}

/** ${t.route}/new and ${t.route}/:id/edit */
export function ${t.formPage}() {
  const { id } = useParams();
  const existing = useApi<${t.type}>(id ? \`${t.api}/\${id}\` : null);

  return (
    <>
      <PageHeader title={id ? ${q(`Edit ${t.what}`)} : ${q(`New ${t.what}`)}} />
      {id ? <LoadState result={existing}>{(${r}) => <${formName} ${r}={${r}} />}</LoadState> : <${formName} />}
    </>
  );
}

function ${formName}({ ${r} }: { ${r}?: ${t.type} }) {
  const navigate = useNavigate();
  const form = useFormSubmit(async (values) => {
    // Form values are strings; the API reads "12.50" as a number and says so if it is not one.
    if (${r}) await api.put<${t.type}>(\`${t.api}/\${${r}.id}\`, values);
    else await api.post<${t.type}>(${q(t.api)}, values);
    navigate(${q(t.route)});
  });

  return (
    <Card className="max-w-2xl">
      <CardContent>
        <form key={${r}?.id ?? "new"} onSubmit={form.onSubmit} className="space-y-4" noValidate>
          {form.error && <Alert>{form.error}</Alert>}
${controls.join("\n")}
          <div className="flex items-center gap-2">
            <Button type="submit" disabled={form.busy}>
              {form.busy ? "Saving…" : ${r} ? "Save changes" : ${q(`Create ${t.what}`)}}
            </Button>
            <Link to=${q(t.route)} className={buttonClasses("secondary")}>
              Cancel
            </Link>
            {${r} && (
              <div className="ml-auto">
                <DeleteButton size="md" path={\`${t.api}/\${${r}.id}\`} what=${q(t.what)} name={${name.expr.replace(new RegExp(`\\b${r}\\.`, "g"), `${r}.`)}} onDeleted={() => navigate(${q(t.route)})} />
              </div>
            )}
          </div>
        </form>
      </CardContent>
    </Card>
  );
}
`;
}

// ─── <select> of a table's rows ──────────────────────────────────────────────────────────────

export function selectComponentFile(plan: Plan, table: PlanTable): string {
  const t = namesFor(table, plan.needsAuth);
  const r = rowVar(t);
  const list = listVar(t);
  const name = nameOf(r, table, plan);
  const plural = inSentence(table.label);
  const imports = importsBlock([
    ["react", ["type ComponentProps"]],
    ["react-router", ["Link"]],
    ["../lib/format", [...name.uses]],
    ["../lib/types", [`type ${t.type}`]],
    ["../lib/use-api", ["useApi"]],
    ["./ui/select", ["Select"]],
    ["./ui/spinner", ["Spinner"]],
  ]);
  return `${imports}

/**
 * A <select name="${table.singular}_id"> of the ${plural}. \`required\` leaves out the "No ${t.what}"
 * choice. Pass the Field's props through (id, aria-*) so the label is attached.
 */
export function ${t.select}({
  name = ${q(`${table.singular}_id`)},
  defaultValue,
  required = false,
  ...rest
}: { name?: string; defaultValue?: string | null; required?: boolean } & Omit<ComponentProps<"select">, "name" | "defaultValue" | "required">) {
  const ${list} = useApi<{ ${table.name}: ${t.type}[] }>(${q(t.api)});

  if (${list}.error) return <p className="text-sm text-red-600">{${list}.error}</p>;
  if (!${list}.data) {
    // A form sent while the list loads still carries the current choice.
    return (
      <>
        <input type="hidden" name={name} value={defaultValue ?? ""} />
        <Spinner label="Loading ${plural}…" />
      </>
    );
  }
  if (required && ${list}.data.${table.name}.length === 0) {
    return (
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        You have no ${plural} yet.{" "}
        <Link to="${t.route}/new" className="font-medium underline">
          Add one first
        </Link>
        .
      </p>
    );
  }

  return (
    <Select name={name} defaultValue={defaultValue ?? ""} required={required} {...rest}>
      <option value="" disabled={required}>
        {required ? ${q(`Choose ${article(t.what)} ${t.what}…`)} : ${q(`No ${t.what}`)}}
      </option>
      {${list}.data.${table.name}.map((${r}) => (
        <option key={${r}.id} value={${r}.id}>
          {${name.expr}}
        </option>
      ))}
    </Select>
  );
}
`;
}

function article(word: string): string {
  return /^[aeiou]/i.test(word) ? "an" : "a";
}

// ─── Dashboard, routes, navigation ───────────────────────────────────────────────────────────

export function homePageFile(plan: Plan): string {
  const tables = plan.dataModel.tables;
  const auth = plan.needsAuth;
  const imports = importsBlock([
    ["react-router", ["Link"]],
    ["../components/LoadState", ["LoadState"]],
    ["../components/PageHeader", ["PageHeader"]],
    ["../components/ui/button", ["buttonClasses"]],
    ["../components/ui/card", ["Card"]],
    ...(auth ? ([["../lib/auth", ["useAuth"]]] as Array<[string, string[]]>) : []),
    ["../lib/types", ["type Dashboard"]],
    ["../lib/use-api", ["useApi"]],
  ]);
  const stats = tables.map((table) => {
    const t = namesFor(table, auth);
    return `            <Stat label=${q(table.label)} count={data.${table.name}} to=${q(t.route)} newLabel=${q(`New ${t.what}`)} />`;
  });
  return `${imports}

/** The home page: how many of each there are, with a way in. */
export function HomePage() {
${auth ? "  const { user } = useAuth();\n" : ""}  const dashboard = useApi<Dashboard>("api/dashboard");

  return (
    <>
      <PageHeader title=${auth ? "{`Welcome, ${user?.email}`}" : q(plan.title)} description=${q(tableSummary(plan))} />
      <LoadState result={dashboard}>
        {(data) => (
          <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
${stats.join("\n")}
          </div>
        )}
      </LoadState>
    </>
  );
}

function Stat({ label, count, to, newLabel }: { label: string; count: number; to: string; newLabel: string }) {
  return (
    <Card className="flex h-full flex-col gap-4 p-5">
      <Link to={to} className="rounded-md focus-visible:outline-2 focus-visible:outline-offset-2">
        <p className="text-sm text-zinc-500 dark:text-zinc-400">{label}</p>
        <p className="mt-1 text-3xl font-semibold tabular-nums" data-testid={\`count-\${to.slice(1)}\`}>
          {count}
        </p>
      </Link>
      <div className="mt-auto">
        <Link to={\`\${to}/new\`} className={buttonClasses("secondary", "sm")}>
          {newLabel}
        </Link>
      </div>
    </Card>
  );
}
`;
}

function tableSummary(plan: Plan): string {
  const labels = plan.dataModel.tables.map((t) => inSentence(t.label));
  if (labels.length === 0) return plan.title;
  const list = labels.length === 1 ? labels[0]! : `${labels.slice(0, -1).join(", ")} and ${labels[labels.length - 1]}`;
  return `${plan.title}: your ${list}.`;
}

export function appFile(plan: Plan): string {
  const auth = plan.needsAuth;
  const pages = plan.dataModel.tables.map((table) => namesFor(table, auth));
  const imports = importsBlock([
    ["react-router", auth ? ["Outlet", "Route", "Routes"] : ["Route", "Routes"]],
    ["./components/Layout", ["Layout"]],
    ...(auth ? ([["./components/RequireAuth", ["RequireAuth"]]] as Array<[string, string[]]>) : []),
    ["./pages/HomePage", ["HomePage"]],
    ["./pages/LoginPage", ["LoginPage"]],
    ["./pages/NotFoundPage", ["NotFoundPage"]],
    ["./pages/RegisterPage", ["RegisterPage"]],
    ...pages.flatMap((t): Array<[string, string[]]> => [
      [`./pages/${t.listPage}`, [t.listPage]],
      [`./pages/${t.formPage}`, [t.formPage]],
    ]),
  ]);
  const routes = (indent: string) =>
    [
      `${indent}<Route index element={<HomePage />} />`,
      ...pages.flatMap((t) => {
        const path = t.route.slice(1);
        return [
          `${indent}<Route path="${path}" element={<${t.listPage} />} />`,
          `${indent}<Route path="${path}/new" element={<${t.formPage} />} />`,
          `${indent}<Route path="${path}/:id/edit" element={<${t.formPage} />} />`,
        ];
      }),
    ].join("\n");
  const inner = auth
    ? `        {/* Everything else needs a signed-in user. */}
        <Route
          element={
            <RequireAuth>
              <Outlet />
            </RequireAuth>
          }
        >
${routes("          ")}
        </Route>`
    : routes("        ");
  return `${imports}

/** Every page of the app. Paths are relative to the app's base, so never hard-code a host prefix. */
export function App() {
  return (
    <Routes>
      <Route element={<Layout />}>
        <Route path="login" element={<LoginPage />} />
        <Route path="register" element={<RegisterPage />} />
${inner}
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
`;
}

/** The template's Layout with the app's title, a link per table and, without login, the links always shown. */
export function patchLayout(source: string, plan: Plan): string {
  const navAnchor = /const navItems = \[[^\]]*\];/;
  if (!navAnchor.test(source))
    throw new Error("src/components/Layout.tsx of the template has no `const navItems = [...]` to add the pages to.");
  const items = [
    `  { to: "/", label: "Home" },`,
    ...plan.dataModel.tables.map(
      (table) => `  { to: ${q(namesFor(table, plan.needsAuth).route)}, label: ${q(table.label)} },`,
    ),
  ];
  let out = source.replace(navAnchor, `const navItems = [\n${items.join("\n")}\n];`);
  const titleAnchor = /(<Link to="\/"[^>]*>\s*)Kiln App(\s*<\/Link>)/;
  if (!titleAnchor.test(out))
    throw new Error("src/components/Layout.tsx of the template has no `Kiln App` title link to rename.");
  out = out.replace(titleAnchor, (_, a: string, b: string) => `${a}${escapeJsxText(plan.title)}${b}`);
  if (!plan.needsAuth) out = out.replace("{user && (", "{navItems.length > 0 && (");
  if (plan.theme)
    out = out.replace(`<header className="border-b`, `<header className="border-t-4 border-t-primary border-b`);
  return out;
}

export function escapeJsxText(text: string): string {
  return text.replace(/[{}<>&]/g, (ch) => `{${q(ch)}}`);
}
