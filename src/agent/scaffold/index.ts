/**
 * The scaffolder: plan → a complete, working project on the app template (docs/architecture.md, The generation pipeline: scaffold).
 *
 *   const files = scaffold(plan, templateFiles);                         // a new app
 *   const files = scaffold(newPlan, templateFiles, { previous: { plan, migrations } }); // after a plan change
 *
 * Deterministic: the same plan and template give the same files. The output is the template's
 * files, some of them adapted (listed in TEMPLATE_FILES_CHANGED), plus the generated ones. The
 * code follows the CRM sample (templates/samples/crm): one Hono router per table, owner-scoped
 * when the plan needs login, and a list and a form page per table using the template's components.
 * A content site (`plan.site`) is one public page of sections instead (site-code.ts).
 */
import { fieldColumns, normalizePlan, type Plan } from "../plan/schema";
import { foregroundFor } from "../plan/colors";
import {
  appFile,
  FORMAT_FILE,
  formPageFile,
  homePageFile,
  listPageFile,
  patchLayout,
  selectComponentFile,
  typesFile,
} from "./client-code";
import { destructiveChanges, type DestructiveChange, type PlanRenames } from "../plan/diff";
import { migrationFor } from "./migrations";
import { namesFor } from "./names";
import { siteReadme, writeSite } from "./site-code";
import { dashboardFile, patchValidator, patchWorkerIndex, routerFile } from "./worker-code";

export { migrationFor, nextMigrationNumber, createTableSql, type MigrationOptions } from "./migrations";

/** Template files the scaffolder rewrites (everything else in the template is kept as it is). */
export const TEMPLATE_FILES_CHANGED = [
  "index.html", //                    <title>
  "package.json", //                  name
  "wrangler.jsonc", //                Worker, database and bucket names
  "README.md", //                     what the app is, then the template's conventions and commands
  "worker/index.ts", //               routers mounted
  "worker/validate.ts", //            more field readers (number, money, boolean, date, url, …)
  "src/App.tsx", //                   routes
  "src/components/Layout.tsx", //     title and navigation
  "src/pages/HomePage.tsx", //        the dashboard
  "src/index.css", //                 only with plan.theme: the main colour
  "src/components/ui/button.tsx", //  only with plan.theme: primary buttons in the main colour
] as const;

export interface ScaffoldOptions {
  /**
   * The app as it was: its plan and its migration files (path → SQL, e.g. "migrations/0002_crm.sql").
   * Those files are kept unchanged and the plan change becomes one new migration.
   */
  previous?: { plan: Plan; migrations: Record<string, string>; renames?: PlanRenames };
  /** The person agreed to the destructive changes (dropped tables or columns). */
  confirmed?: boolean;
}

/** A plan change would delete data and was not confirmed. */
export class DestructiveChangeError extends Error {
  constructor(readonly changes: DestructiveChange[]) {
    super(`This change deletes data: ${changes.map((c) => c.message).join(" ")} Confirm it to go ahead.`);
    this.name = "DestructiveChangeError";
  }
}

/** The full project for `plan`: the template's files (adapted) plus the generated ones. */
export function scaffold(
  input: Plan,
  templateFiles: Record<string, string>,
  options: ScaffoldOptions = {},
): Record<string, string> {
  // Normalising is idempotent and cheap; it also accepts a plan in the seed's bare shape.
  const plan = normalizePlan(input);
  const files: Record<string, string> = {};
  for (const [path, content] of Object.entries(templateFiles)) files[path] = content;
  const need = (path: string) => {
    const content = files[path];
    if (content === undefined) throw new Error(`The template has no ${path}.`);
    return content;
  };

  // Migrations: the template's, the previous ones untouched, then one new file.
  const previous = options.previous;
  if (previous) {
    for (const [path, sql] of Object.entries(previous.migrations)) files[path] = sql;
    const risky = destructiveChanges(normalizePlan(previous.plan), plan, { renames: previous.renames });
    if (risky.length > 0 && !options.confirmed) throw new DestructiveChangeError(risky);
  }
  const existing = Object.keys(files).filter((path) => /^migrations\/[^/]+\.sql$/.test(path));
  const migration = migrationFor(previous ? normalizePlan(previous.plan) : null, plan, existing, {
    renames: previous?.renames,
    confirmed: options.confirmed,
  });
  if (migration) files[`migrations/${migration.name}`] = migration.sql;

  if (plan.site) {
    // A content site: one public page of sections instead of routers and screens per table.
    writeSite(plan, files, need);
  } else {
    // Worker.
    for (const table of plan.dataModel.tables) files[`worker/${table.name}.ts`] = routerFile(plan, table);
    files["worker/dashboard.ts"] = dashboardFile(plan);
    files["worker/index.ts"] = patchWorkerIndex(need("worker/index.ts"), plan);
    files["worker/validate.ts"] = patchValidator(need("worker/validate.ts"));

    // Client.
    files["src/lib/types.ts"] = typesFile(plan);
    files["src/lib/format.ts"] = FORMAT_FILE;
    const referenced = new Set(
      plan.dataModel.tables.flatMap((t) =>
        fieldColumns(t)
          .filter((c) => c.kind === "reference")
          .map((c) => c.references!),
      ),
    );
    for (const table of plan.dataModel.tables) {
      const names = namesFor(table, plan.needsAuth);
      files[`src/pages/${names.listPage}.tsx`] = listPageFile(plan, table);
      files[`src/pages/${names.formPage}.tsx`] = formPageFile(plan, table);
      if (referenced.has(table.name)) files[`src/components/${names.select}.tsx`] = selectComponentFile(plan, table);
    }
    files["src/pages/HomePage.tsx"] = homePageFile(plan);
    files["src/App.tsx"] = appFile(plan);
    files["src/components/Layout.tsx"] = patchLayout(need("src/components/Layout.tsx"), plan);
  }

  // Names, title, colour, README.
  files["index.html"] = need("index.html").replace(/<title>[^<]*<\/title>/, `<title>${escapeHtml(plan.title)}</title>`);
  files["package.json"] = need("package.json").replace(/"name":\s*"[^"]*"/, `"name": ${JSON.stringify(plan.appName)}`);
  files["wrangler.jsonc"] = need("wrangler.jsonc")
    .replace(/"name":\s*"kiln-app"/, `"name": ${JSON.stringify(plan.appName)}`)
    .replace(/"database_name":\s*"kiln-app-db"/, `"database_name": ${JSON.stringify(`${plan.appName}-db`)}`)
    .replace(/"bucket_name":\s*"kiln-app-storage"/, `"bucket_name": ${JSON.stringify(`${plan.appName}-storage`)}`);
  if (plan.theme) {
    files["src/index.css"] = applyThemeCss(need("src/index.css"), plan.theme.primary);
    if (files["src/components/ui/button.tsx"] !== undefined)
      files["src/components/ui/button.tsx"] = applyThemeButton(files["src/components/ui/button.tsx"]);
  }
  if (files["README.md"] !== undefined)
    files["README.md"] = plan.site ? siteReadme(plan, files["README.md"]) : readme(plan, files["README.md"], files);
  return files;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[ch]!);
}

const THEME_START = "/* The app's main colour";

/** Adds (or replaces) the `@theme` block that defines `primary` for Tailwind (bg-primary, text-primary…). */
export function applyThemeCss(css: string, primary: string): string {
  const block = `${THEME_START} (buttons, the bar above the navigation). Tailwind makes bg-primary,
   text-primary, border-primary… from these. */
@theme {
  --color-primary: ${primary};
  --color-primary-foreground: ${foregroundFor(primary)};
}
`;
  const at = css.indexOf(THEME_START);
  if (at >= 0) {
    const end = css.indexOf("}\n", css.indexOf("@theme", at));
    return `${css.slice(0, at)}${block}${css.slice(end + 2)}`;
  }
  // After the `@import "tailwindcss";` line.
  return css.replace(/(@import\s+["']tailwindcss["'];\n)/, `$1\n${block}`);
}

/** Primary buttons in the main colour. */
export function applyThemeButton(source: string): string {
  return source.replace(/^(\s*primary:\s*)"[^"]*"/m, `$1"bg-primary text-primary-foreground hover:bg-primary/85"`);
}

function readme(plan: Plan, templateReadme: string, files: Record<string, string>): string {
  const tables = plan.dataModel.tables;
  const migrations = Object.keys(files)
    .filter((p) => /^migrations\/\d+_[^/]+\.sql$/.test(p) && !p.endsWith("0001_init.sql"))
    .sort();
  const rows: Array<[string, string]> = [];
  for (const path of migrations) rows.push([path, "tables (applied migrations are never edited: add a new file)"]);
  for (const table of tables) {
    const fields = fieldColumns(table)
      .map((c) => c.name)
      .join(", ");
    rows.push([
      `worker/${table.name}.ts`,
      `/api/${table.name}: list (?q=), create, get, update (PUT), delete — ${fields}`,
    ]);
  }
  rows.push(["worker/dashboard.ts", "/api/dashboard: how many of each"]);
  rows.push(["src/lib/types.ts, format.ts", "the records as the API returns them; money, date and option formatting"]);
  for (const table of tables) {
    const n = namesFor(table, plan.needsAuth);
    rows.push([
      `src/pages/${n.listPage}, ${n.formPage}`,
      `${n.route} (list), ${n.route}/new and ${n.route}/:id/edit (form)`,
    ]);
  }
  const width = Math.max(...rows.map((r) => r[0].length)) + 2;
  const conventions = templateReadme.indexOf("## Conventions");
  return `# ${plan.title}

${plan.description ? `${plan.description.trim()}\n\n` : ""}Built by Kiln on its app template: a React single-page app and a Cloudflare Worker API with its own
D1 database${plan.needsAuth ? " and login for the app's users. Every row belongs to the signed-in user (other users' rows answer 404)" : ""}.

## What is added to the template

\`\`\`
${rows.map(([a, b]) => `${a.padEnd(width)}${b}`).join("\n")}
\`\`\`

Lists answer \`{ <table>: [...] }\`, single rows are plain objects, create answers 201, delete 204,
invalid input 400 with \`{ error: { code, message, fields } }\`.

${conventions >= 0 ? templateReadme.slice(conventions) : ""}`;
}
