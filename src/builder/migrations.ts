// Migration dry run: the app's migrations, in order, against an empty scratch SQLite database on
// the app's host, exactly as hosting applies them (one transaction, recorded in d1_migrations).
// The scratch database is emptied before and after. SQLite is the judge, so everything D1 would
// reject is caught; a migration that runs away is stopped by the host's limits.
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

export async function checkMigrations(stub: MigrationDatabase, migrations: MigrationFile[]): Promise<BuildError[]> {
  if (migrations.length === 0) return [];
  try {
    await stub.destroy();
    await stub.applyMigrations(migrations.map(({ name, sql }) => ({ name, sql })));
    return [];
  } catch (err) {
    const message = String((err as Error).message ?? err);
    const m = /^Migration (.+?) failed: ([\s\S]*)$/.exec(message);
    const migration = migrations.find((x) => x.name === m?.[1]);
    const raw = (m?.[2] ?? message).replace(/:\s*SQLITE_\w+$/, "");
    const { line, column } = locate(migration?.sql ?? "", raw);
    // SQLite's offset counts from the failing statement, not the file: line and column replace it.
    const detail = raw.replace(/ at offset \d+$/, "");
    return [
      { file: migration?.path ?? "", line, column, message: detail, code: "SQL", source: "sql", severity: "error" },
    ];
  } finally {
    await stub.destroy().catch(() => {});
  }
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
