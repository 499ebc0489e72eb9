/**
 * The generated Worker code: one Hono router per table (`worker/<table>.ts`, in the style of the
 * CRM sample's worker/companies.ts), the dashboard counts, and the routers mounted in index.ts.
 */
import { KINDS } from "../plan/kinds";
import { fieldColumns, SQL_KEYWORDS, type Plan, type PlanColumn, type PlanTable } from "../plan/schema";
import { article } from "../plan/words";
import {
  enumNames,
  inSentence,
  joinAlias,
  joinedName,
  messageLabel,
  namesFor,
  searchColumns,
  target,
  type TableNames,
  variableName,
} from "./names";
import { VALIDATOR_METHODS } from "./validator-methods";

const q = JSON.stringify;

function options(parts: Array<string | undefined>): string {
  const list = parts.filter(Boolean);
  return list.length ? `, { ${list.join(", ")} }` : "";
}

/** The Validator call that reads one field from the request body (the kind's `api.read`). */
function reader(column: PlanColumn, t: TableNames, plan: Plan): string {
  const label = messageLabel(column, plan);
  return KINDS[column.kind].api.read({
    column,
    call: (method, parts = [], extra = {}) =>
      `v.${method}(${q(column.name)}${extra.positional ? `, ${extra.positional}` : ""}${options([...parts, extra.label === false || !label ? undefined : `label: ${q(label)}`])})`,
    optionsConstant: () => enumNames(t, column).constant,
  });
}

/** The TypeScript type of a column's value as the API returns it. */
export function valueType(column: PlanColumn, t: TableNames): string {
  const type = KINDS[column.kind].api.type;
  const base = type === "option" ? enumNames(t, column).type : type;
  return column.required || KINDS[column.kind].plan.alwaysRequired ? base : `${base} | null`;
}

/** A doc comment for a field, where its type does not say enough. */
export function fieldComment(column: PlanColumn): string | null {
  return KINDS[column.kind].api.doc(column);
}

function sqlAlias(name: string): string {
  return SQL_KEYWORDS.has(name) ? `${name}_ref` : name;
}

/** worker/<table>.ts */
export function routerFile(plan: Plan, table: PlanTable): string {
  const t = namesFor(table, plan.needsAuth);
  const auth = plan.needsAuth;
  const fields = fieldColumns(table);
  const refs = fields.filter((c) => c.kind === "reference");
  const enums = fields.filter((c) => c.kind === "enum");
  const referencedBy = plan.dataModel.tables.flatMap((other) =>
    fieldColumns(other)
      .filter((c) => c.kind === "reference" && c.references === table.name)
      .map((column) => ({ other, column })),
  );
  const isReferenced = referencedBy.length > 0;
  const refTables = [...new Set(refs.map((c) => c.references!))].filter((name) => name !== table.name);
  const selfRef = refs.some((c) => c.references === table.name);

  const imports: string[] = [`import { Hono } from "hono";`];
  if (auth) imports.push(`import { requireAuth } from "./auth";`);
  for (const name of refTables.sort()) {
    const other = namesFor(
      plan.dataModel.tables.find((x) => x.name === name)!,
      auth,
    );
    imports.push(`import { ${other.owns} } from "./${name}";`);
  }
  imports.push(`import type { AppEnv } from "./env";`);
  imports.push(`import { ${refs.length ? "badRequest, " : ""}notFound } from "./errors";`);
  imports.push(`import { readJson, Validator } from "./validate";`);
  imports.sort((a, b) => compare(modulePath(a), modulePath(b)));

  const who = auth ? "the signed-in user's" : "all";
  const out: string[] = [imports.join("\n"), ""];
  out.push(`/** /api/${table.name} — ${who} ${inSentence(table.label)}. */`);
  out.push(`export const ${t.router} = new Hono<AppEnv>();`);
  if (auth) out.push(`${t.router}.use(requireAuth);`);
  out.push("");

  for (const column of enums) {
    const { constant, type } = enumNames(t, column);
    out.push(`export const ${constant} = [${column.options!.map((o) => q(o)).join(", ")}] as const;`);
    out.push(`export type ${type} = (typeof ${constant})[number];`);
    out.push("");
  }

  // Row type.
  out.push(`export interface ${t.row} {`);
  for (const column of table.columns) {
    const comment = column.system ? null : fieldComment(column);
    if (comment) out.push(`  /** ${comment} */`);
    out.push(`  ${column.name}: ${column.system ? "string" : valueType(column, t)};`);
  }
  out.push("}");
  out.push("");

  // Reader.
  const needsDb = refs.length > 0;
  const lower = t.type.charAt(0).toLowerCase() + t.type.slice(1);
  const varName =
    SQL_KEYWORDS.has(lower) || ["v", "c", "body", "db", "input", "row"].includes(lower)
      ? `${lower}Input`
      : variableName(lower, "Input");
  out.push(
    needsDb
      ? `async function ${t.reader}(body: Record<string, unknown>, db: D1Database${auth ? ", userId: string" : ""}) {`
      : `function ${t.reader}(body: Record<string, unknown>) {`,
  );
  out.push(`  const v = new Validator(body);`);
  out.push(`  const ${varName} = {`);
  for (const column of fields) out.push(`    ${column.name}: ${reader(column, t, plan)},`);
  out.push(`  };`);
  out.push(`  v.done();`);
  for (const column of refs) {
    const other = namesFor(target(plan, column), auth);
    const check = `${other.owns}(db, ${auth ? "userId, " : ""}${varName}.${column.name})`;
    const cond = column.required ? `!(await ${check})` : `${varName}.${column.name} && !(await ${check})`;
    out.push(`  if (${cond}) {`);
    out.push(
      `    throw badRequest(${q(`That ${other.what} does not exist.`)}, { ${column.name}: ${q(`Choose one of your ${inSentence(target(plan, column).label)}.`)} });`,
    );
    out.push(`  }`);
  }
  out.push(`  return ${varName};`);
  out.push(`}`);
  out.push("");

  // SELECT with joined names.
  const joins = refs.map((column) => {
    const other = target(plan, column);
    const alias = sqlAlias(joinAlias(column) === table.name ? `${joinAlias(column)}_row` : joinAlias(column));
    return { column, alias, other, joined: joinedName(plan, column) };
  });
  const selectConst = `SELECT_${t.type.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase()}`;
  const selectSql = joins.length
    ? `SELECT ${table.name}.*, ${joins.map((j) => `${j.alias}.${j.other.displayColumn} AS ${j.joined}`).join(", ")}\n   FROM ${table.name}\n${joins
        .map((j) => `   LEFT JOIN ${j.other.name} ${j.alias} ON ${j.alias}.id = ${table.name}.${j.column.name}`)
        .join("\n")}`
    : `SELECT * FROM ${table.name}`;
  const p = joins.length ? `${table.name}.` : "";
  if (joins.length) {
    out.push(`const ${selectConst} = \`${selectSql}\`;`);
    out.push("");
  }
  const selectExpr = joins.length ? `\${${selectConst}}` : selectSql;
  const joinedType = joins.length
    ? `${t.row} & { ${joins.map((j) => `${j.joined}: string | null`).join("; ")} }`
    : t.row;

  // List.
  const search = searchColumns(table);
  const filters = refs.map((c) => c.name);
  const listNotes = [
    search.length ? `?q= searches ${search.map((c) => c.name).join(", ")}` : "",
    filters.length ? `${filters.map((f) => `?${f}=`).join(" and ")} filter${filters.length === 1 ? "s" : ""}` : "",
  ].filter(Boolean);
  out.push(`// List, newest first.${listNotes.length ? ` ${listNotes.join("; ")}.` : ""}`);
  out.push(`${t.router}.get("/", async (c) => {`);
  const where: string[] = [];
  const binds: string[] = [];
  if (auth) {
    where.push(`${p}user_id = ?`);
    binds.push("c.var.user.id");
  }
  for (const f of filters) {
    const name = variableName(camel(f));
    out.push(`  const ${name} = c.req.query(${q(f)}) ?? "";`);
    where.push(`(? = '' OR ${p}${f} = ?)`);
    binds.push(name, name);
  }
  if (search.length) {
    out.push(`  const q = c.req.query("q")?.trim() ?? "";`);
    where.push(`(? = '' OR ${search.map((col) => `${p}${col.name} LIKE '%' || ? || '%'`).join(" OR ")})`);
    binds.push("q", ...search.map(() => "q"));
  }
  const whereSql = where.length ? `\n      WHERE ${where.join("\n        AND ")}` : "";
  out.push(`  const { results } = await c.env.DB.prepare(`);
  out.push(`    \`${selectExpr}${whereSql}\n      ORDER BY ${p}created_at DESC, ${p}rowid DESC\`,`);
  out.push(`  )`);
  if (binds.length) out.push(`    .bind(${binds.join(", ")})`);
  out.push(`    .all<${joinedType}>();`);
  out.push(`  return c.json({ ${table.name}: results });`);
  out.push(`});`);
  out.push("");

  // Create.
  const cols = fields.map((c) => c.name);
  const insertCols = ["id", ...(auth ? ["user_id"] : []), ...cols];
  const readCall = needsDb
    ? `await ${t.reader}(await readJson(c), c.env.DB${auth ? ", c.var.user.id" : ""})`
    : `${t.reader}(await readJson(c))`;
  out.push(`${t.router}.post("/", async (c) => {`);
  out.push(`  const input = ${readCall};`);
  out.push(`  const row = await c.env.DB.prepare(`);
  out.push(
    `    ${q(`INSERT INTO ${table.name} (${insertCols.join(", ")}) VALUES (${insertCols.map(() => "?").join(", ")}) RETURNING *`)},`,
  );
  out.push(`  )`);
  out.push(
    `    .bind(crypto.randomUUID(), ${auth ? "c.var.user.id, " : ""}${cols.map((col) => `input.${col}`).join(", ")})`,
  );
  out.push(`    .first<${t.row}>();`);
  out.push(`  return c.json(row, 201);`);
  out.push(`});`);
  out.push("");

  // Get one.
  const ownerCond = auth ? ` AND ${p}user_id = ?` : "";
  const notFoundMsg = q(`${capitalise(t.what)} not found.`);
  out.push(`${t.router}.get("/:id", async (c) => {`);
  out.push(`  const row = await c.env.DB.prepare(\`${selectExpr} WHERE ${p}id = ?${ownerCond}\`)`);
  out.push(`    .bind(c.req.param("id")${auth ? ", c.var.user.id" : ""})`);
  out.push(`    .first<${joinedType}>();`);
  out.push(`  if (!row) throw notFound(${notFoundMsg});`);
  out.push(`  return c.json(row);`);
  out.push(`});`);
  out.push("");

  // Update.
  out.push(`${t.router}.put("/:id", async (c) => {`);
  if (refs.length > 0) {
    // Someone else's row is a 404 before its links are checked (which would be a 400).
    out.push(
      `  const exists = await c.env.DB.prepare(${q(`SELECT id FROM ${table.name} WHERE id = ?${auth ? " AND user_id = ?" : ""}`)}).bind(c.req.param("id")${auth ? ", c.var.user.id" : ""}).first();`,
    );
    out.push(`  if (!exists) throw notFound(${notFoundMsg});`);
  }
  out.push(`  const input = ${readCall};`);
  out.push(`  const row = await c.env.DB.prepare(`);
  out.push(
    `    \`UPDATE ${table.name} SET ${cols.map((col) => `${col} = ?`).join(", ")}, updated_at = datetime('now')\n      WHERE id = ?${auth ? " AND user_id = ?" : ""} RETURNING *\`,`,
  );
  out.push(`  )`);
  out.push(
    `    .bind(${cols.map((col) => `input.${col}`).join(", ")}, c.req.param("id")${auth ? ", c.var.user.id" : ""})`,
  );
  out.push(`    .first<${t.row}>();`);
  out.push(`  if (!row) throw notFound(${notFoundMsg});`);
  out.push(`  return c.json(row);`);
  out.push(`});`);
  out.push("");

  // Delete.
  const ownerWhere = auth ? " AND user_id = ?" : "";
  if (isReferenced) {
    const effects = referencedBy.map(({ other, column }) =>
      column.required
        ? `its ${inSentence(other.label)} are deleted too`
        : `its ${inSentence(other.label)} are kept without ${article(t.what)} ${t.what}`,
    );
    out.push(`// Deleting ${article(t.what)} ${t.what}: ${effects.join("; ")}.`);
    out.push(`${t.router}.delete("/:id", async (c) => {`);
    out.push(`  const id = c.req.param("id");`);
    if (auth) out.push(`  const userId = c.var.user.id;`);
    out.push(
      `  const exists = await c.env.DB.prepare(${q(`SELECT id FROM ${table.name} WHERE id = ?${ownerWhere}`)}).bind(id${auth ? ", userId" : ""}).first();`,
    );
    out.push(`  if (!exists) throw notFound(${notFoundMsg});`);
    out.push(`  await c.env.DB.batch([`);
    for (const { other, column } of referencedBy) {
      const sql = column.required
        ? `DELETE FROM ${other.name} WHERE ${column.name} = ?${ownerWhere}`
        : `UPDATE ${other.name} SET ${column.name} = NULL, updated_at = datetime('now') WHERE ${column.name} = ?${ownerWhere}`;
      if (other.name === table.name && column.required) continue; // a row's own children go with the row below
      out.push(`    c.env.DB.prepare(${q(sql)}).bind(id${auth ? ", userId" : ""}),`);
    }
    out.push(
      `    c.env.DB.prepare(${q(`DELETE FROM ${table.name} WHERE id = ?${ownerWhere}`)}).bind(id${auth ? ", userId" : ""}),`,
    );
    out.push(`  ]);`);
    out.push(`  return c.body(null, 204);`);
    out.push(`});`);
  } else {
    out.push(`${t.router}.delete("/:id", async (c) => {`);
    out.push(
      `  const result = await c.env.DB.prepare(${q(`DELETE FROM ${table.name} WHERE id = ?${ownerWhere}`)}).bind(c.req.param("id")${auth ? ", c.var.user.id" : ""}).run();`,
    );
    out.push(`  if (result.meta.changes === 0) throw notFound(${notFoundMsg});`);
    out.push(`  return c.body(null, 204);`);
    out.push(`});`);
  }

  if (isReferenced || selfRef) {
    out.push("");
    const idParam = `${camel(table.singular)}Id`;
    if (auth) {
      out.push(`/** True if the ${t.what} exists and belongs to the user: check before linking a row to it. */`);
      out.push(
        `export async function ${t.owns}(db: D1Database, userId: string, ${idParam}: string): Promise<boolean> {`,
      );
      out.push(
        `  return (await db.prepare(${q(`SELECT 1 FROM ${table.name} WHERE id = ? AND user_id = ?`)}).bind(${idParam}, userId).first()) !== null;`,
      );
    } else {
      out.push(`/** True if the ${t.what} exists: check before linking a row to it. */`);
      out.push(`export async function ${t.owns}(db: D1Database, ${idParam}: string): Promise<boolean> {`);
      out.push(
        `  return (await db.prepare(${q(`SELECT 1 FROM ${table.name} WHERE id = ?`)}).bind(${idParam}).first()) !== null;`,
      );
    }
    out.push(`}`);
  }
  return `${out.join("\n")}\n`;
}

function modulePath(line: string): string {
  const m = /from "([^"]+)"/.exec(line);
  const path = m?.[1] ?? "";
  return path.startsWith(".") ? `1${path}` : `0${path}`; // packages first, then local modules
}

/** Code-point order, as the template sorts its imports ("./DeleteButton" before "./ui/button"). */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function camel(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, ch: string) => ch.toUpperCase());
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** worker/dashboard.ts: how many rows of each table the user has. */
export function dashboardFile(plan: Plan): string {
  const auth = plan.needsAuth;
  const tables = plan.dataModel.tables;
  const out: string[] = [`import { Hono } from "hono";`];
  if (auth) out.push(`import { requireAuth } from "./auth";`);
  out.push(`import type { AppEnv } from "./env";`, "");
  out.push(
    `/** /api/dashboard — how many ${tables.map((t) => inSentence(t.label)).join(", ") || "rows"} ${auth ? "the signed-in user has" : "there are"}. */`,
  );
  out.push(`export const dashboard = new Hono<AppEnv>();`);
  if (auth) out.push(`dashboard.use(requireAuth);`);
  out.push("");
  out.push(`dashboard.get("/", async (c) => {`);
  if (tables.length === 0) {
    out.push(`  return c.json({});`);
  } else {
    out.push(`  const db = c.env.DB;`);
    if (auth) out.push(`  const userId = c.var.user.id;`);
    const count = (t: PlanTable) =>
      auth
        ? `db.prepare(${q(`SELECT COUNT(*) AS count FROM ${t.name} WHERE user_id = ?`)}).bind(userId).first<{ count: number }>()`
        : `db.prepare(${q(`SELECT COUNT(*) AS count FROM ${t.name}`)}).first<{ count: number }>()`;
    const vars = tables.map((t) => camel(t.name));
    out.push(`  const [${vars.join(", ")}] = await Promise.all([`);
    for (const t of tables) out.push(`    ${count(t)},`);
    out.push(`  ]);`);
    out.push(`  return c.json({`);
    tables.forEach((t, i) => out.push(`    ${t.name}: ${vars[i]}?.count ?? 0,`));
    out.push(`  });`);
  }
  out.push(`});`);
  return `${out.join("\n")}\n`;
}

/** worker/index.ts: the template's, with the dashboard and one router per table mounted after auth. */
export function patchWorkerIndex(source: string, plan: Plan): string {
  const routers = [
    { name: "dashboard", path: "./dashboard", mount: `app.route("/api/dashboard", dashboard);` },
    ...plan.dataModel.tables.map((t) => {
      const n = namesFor(t, plan.needsAuth);
      return { name: n.router, path: `./${t.name}`, mount: `app.route("/api/${t.name}", ${n.router});` };
    }),
  ];
  const anchor = `app.route("/api/auth", auth);`;
  if (!source.includes(anchor))
    throw new Error(`worker/index.ts of the template has no \`${anchor}\` line to mount the routers after.`);
  let out = source.replace(anchor, [anchor, ...routers.map((r) => r.mount)].join("\n"));
  // Imports: keep them sorted by path, as the template does.
  const lines = out.split("\n");
  const importLines = lines.filter((l) => /^import .* from "[^"]+";$/.test(l));
  const lastImport = lines.lastIndexOf(importLines[importLines.length - 1]!);
  const firstImport = lines.indexOf(importLines[0]!);
  const all = [...importLines, ...routers.map((r) => `import { ${r.name} } from "${r.path}";`)].sort((a, b) =>
    compare(modulePath(a), modulePath(b)),
  );
  lines.splice(firstImport, lastImport - firstImport + 1, ...all);
  out = lines.join("\n");
  out = out.replace(
    /\/\*\*\n \* The app's API\.[^]*?\*\/\n/,
    `/**\n * ${plan.title}'s API. Requests to /api/* run here first (see wrangler.jsonc); everything else is a\n * static file from dist/. Each resource has its own router file, mounted below.\n */\n`,
  );
  return out;
}

/** worker/validate.ts with the methods the generated routers need. */
export function patchValidator(source: string): string {
  const missing = Object.entries(VALIDATOR_METHODS).filter(
    ([name]) => !new RegExp(`\\n  ${name}(<[^>]*>)?\\(`).test(source),
  );
  if (missing.length === 0) return source;
  const anchor = "  /** Throws a 400 listing every field error";
  const at = source.indexOf(anchor);
  if (at < 0)
    throw new Error("worker/validate.ts of the template has no `done()` method to add the field readers before.");
  return `${source.slice(0, at)}${missing.map(([, code]) => code).join("\n\n")}\n\n${source.slice(at)}`;
}
