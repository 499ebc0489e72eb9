// The platform database's migrations, applied to a local state folder. `wrangler d1 migrations
// apply --local` starts workerd once per migration (about 0.7 s each: 13 s for thirteen, on every
// `npm start` and for every Kiln a test starts); this applies all that are due in one
// `wrangler d1 execute --file` (one start) and keeps wrangler's own record of them (the
// d1_migrations table, same shape and names), so either can be used on the same state afterwards.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const TABLE = "d1_migrations";
const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS ${TABLE}(id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT UNIQUE, applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL);`;

/**
 * @param {{ root: string, persistTo: string, binding?: string, migrationsDir?: string, log?: (msg: string) => void }} options
 * @returns {string[]} the migrations it applied, in order
 */
export function applyLocalMigrations({
  root,
  persistTo,
  binding = "DB",
  migrationsDir = "migrations",
  log = () => {},
}) {
  const dir = join(root, migrationsDir);
  const all = readdirSync(dir)
    .filter((f) => f.endsWith(".sql"))
    .sort();
  const wrangler = (...argv) => {
    const r = spawnSync("wrangler", ["d1", "execute", binding, "--local", "--persist-to", persistTo, ...argv], {
      cwd: root,
      encoding: "utf8",
      env: process.env,
    });
    if (r.status !== 0)
      throw new Error(`wrangler d1 execute failed (exit ${r.status ?? r.signal}):\n${r.stderr || r.stdout}`);
    return r.stdout;
  };
  // A state folder with no local D1 yet has nothing applied: no need to ask.
  const applied = existsSync(join(persistTo, "v3", "d1"))
    ? appliedNames(wrangler("--json", "--command", `${CREATE_TABLE} SELECT name FROM ${TABLE};`))
    : new Set();
  const due = all.filter((name) => !applied.has(name));
  if (due.length === 0) return [];
  log(`applying ${due.length} platform database migration${due.length === 1 ? "" : "s"}…`);
  // Each migration followed by its record, as `wrangler d1 migrations apply` writes it.
  const sql = [
    CREATE_TABLE,
    ...due.map(
      (name) =>
        `${readFileSync(join(dir, name), "utf8")}\nINSERT INTO ${TABLE} (name) values ('${name.replace(/'/g, "''")}');`,
    ),
  ].join("\n");
  const work = mkdtempSync(join(tmpdir(), "kiln-migrations-"));
  try {
    const file = join(work, "due.sql");
    writeFileSync(file, sql);
    wrangler("--yes", "--file", file);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return due;
}

/** The names in `wrangler d1 execute --json`'s answer to the query above (one result per statement). */
function appliedNames(stdout) {
  const results = JSON.parse(stdout.slice(stdout.indexOf("[")));
  return new Set(results.flatMap((r) => (r.results ?? []).map((row) => row.name)));
}
