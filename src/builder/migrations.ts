// Migration dry run: the app's migrations, in order, against an empty scratch SQLite database on
// the app's host, exactly as hosting applies them (one transaction, recorded in d1_migrations).
// The scratch database is emptied before and after. SQLite is the judge, so everything D1 would
// reject is caught; a migration that runs away is stopped by the host's limits.
import { kilnError } from "./limits";
import type { BuildError, MigrationDatabase } from "./types";

export type { MigrationDatabase };

export interface MigrationFile {
  name: string;
  sql: string;
  /** Project path, e.g. "migrations/0001_init.sql". */
  path: string;
}

/** migrations/*.sql in name order (wrangler's order). */
export function collectMigrations(files: Record<string, string>): MigrationFile[] {
  return Object.keys(files)
    .filter((p) => /^migrations\/[^/]+\.sql$/.test(p))
    .sort()
    .map((path) => ({ name: path.slice("migrations/".length), sql: files[path]!, path }));
}

/** How the host reports a migration SQLite rejected (the app's fault, unlike everything else that can fail here). */
const REJECTED = /^Migration (.+?) failed: ([\s\S]*)$/;
/** A migration the host stopped for its CPU or memory: the app's fault too, and running it again would not help. */
const STOPPED = /^Kiln stopped it:/;

export async function checkMigrations(stub: MigrationDatabase, migrations: MigrationFile[]): Promise<BuildError[]> {
  if (migrations.length === 0) return [];
  const files = migrations.map(({ name, sql }) => ({ name, sql }));
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        // Emptied first: a database a failed attempt left half-made would fail for that alone.
        await stub.destroy();
        await stub.applyMigrations(files);
        return [];
      } catch (err) {
        const message = String((err as Error).message ?? err);
        const m = REJECTED.exec(message);
        if (m || STOPPED.test(message)) return [rejected(migrations, m?.[1], m?.[2] ?? message)];
        // Anything else is the way to the database failing (a lost connection, a sandbox process
        // restarting), not the app: the check runs once more, and if it still cannot run, it says
        // so instead of blaming the app's SQL.
        if (attempt < 2) continue;
        return [
          kilnError(
            "SQL_CHECK_UNAVAILABLE",
            `Kiln could not run the app's migrations on a scratch database (${message}). This is not a problem in the app: try again.`,
          ),
        ];
      }
    }
  } finally {
    await stub.destroy().catch(() => {});
  }
}

function rejected(migrations: MigrationFile[], name: string | undefined, reason: string): BuildError {
  const migration = migrations.find((x) => x.name === name);
  const raw = reason.replace(/:\s*SQLITE_\w+$/, "");
  const { line, column } = locate(migration?.sql ?? "", raw);
  // SQLite's offset counts from the failing statement, not the file: line and column replace it.
  const detail = raw.replace(/ at offset \d+$/, "");
  return { file: migration?.path ?? "", line, column, message: detail, code: "SQL", source: "sql", severity: "error" };
}

/** SQLite says `near "CREAT": syntax error` or `no such table: tags`: point at that token's first whole-word use. */
function locate(sql: string, detail: string): { line: number; column: number } {
  const token = /near "((?:[^"]|"")*)"/.exec(detail)?.[1]?.replace(/""/g, '"') ?? /: ([\w.]+)$/.exec(detail)?.[1];
  if (!token) return { line: 0, column: 0 };
  const escaped = token.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const re = new RegExp(`${/^\w/.test(token) ? "(?<![\\w])" : ""}${escaped}${/\w$/.test(token) ? "(?![\\w])" : ""}`);
  const index = re.exec(sql)?.index ?? -1;
  if (index < 0) return { line: 0, column: 0 };
  const before = sql.slice(0, index).split("\n");
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}
