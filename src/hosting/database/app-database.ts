import { DurableObject } from "cloudflare:workers";
import type { Env } from "../../env";

/** What a statement may bind: D1's accepted types (blobs as bytes in any of their shapes). */
export type SqlParam = null | number | string | boolean | ArrayBuffer | ArrayBufferView | number[];

export interface SqlStatement {
  sql: string;
  params?: SqlParam[];
}

/** D1's per-statement `meta`, computed the way Miniflare's D1 computes it. */
export interface QueryMeta {
  served_by: string;
  served_by_primary: boolean;
  total_attempts: number;
  timings: { sql_duration_ms: number };
  duration: number;
  changes: number;
  last_row_id: number;
  changed_db: boolean;
  size_after: number;
  rows_read: number;
  rows_written: number;
}

/** One statement's outcome in D1's "rows and columns" wire shape; blobs are ArrayBuffers. */
export interface QueryResult {
  columns: string[];
  rows: SqlStorageValue[][];
  meta: QueryMeta;
}

/** D1's convention: a result, or the error message (which the D1 shim throws inside the app). */
export type Outcome<T> = ({ success: true } & T) | { success: false; error: string };

export interface Migration {
  name: string;
  sql: string;
}

// wrangler's own DDL (workers-sdk d1/migrations/helpers.ts), so `wrangler d1 migrations list` logic carries over.
const MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "d1_migrations"(
		id         INTEGER PRIMARY KEY AUTOINCREMENT,
		name       TEXT UNIQUE,
		applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL
);`;

/**
 * One app's SQLite database (one instance per app and environment, see app-db.ts). Apps reach
 * it only through the AppDb entrypoint and the D1 shim (guest/d1.js), which give it D1's API;
 * the platform calls the other methods directly.
 */
export class AppDatabase extends DurableObject<Env> {
  private get sql() {
    return this.ctx.storage.sql;
  }

  /**
   * Runs statements as ONE transaction, as D1 runs a batch (and a single statement): if any
   * fails, none applies and the error is SQLite's message. Blank statements are dropped first,
   * exactly as Miniflare's D1 does, so results line up with D1's. Failures come back as values,
   * like D1's own wire protocol: an app's constraint violation is an ordinary outcome, while a
   * throw from an RPC method is logged by workerd as an uncaught platform error.
   */
  query(statements: SqlStatement[]): Outcome<{ results: QueryResult[] }> {
    return attempt(() => {
      const queries = statements.filter((s) => s.sql.replace(/^\s+--.*/gm, "").trim().length > 0);
      if (queries.length === 0) throw new Error("No SQL statements detected.");
      return { results: this.ctx.storage.transactionSync(() => queries.map((q) => this.run(q))) };
    });
  }

  /** D1's `exec`: one statement per line, all in one transaction. */
  exec(sql: string): Outcome<{ count: number; duration: number }> {
    const outcome = this.query(
      sql
        .trim()
        .split("\n")
        .map((line) => ({ sql: line })),
    );
    if (!outcome.success) return outcome;
    return {
      success: true,
      count: outcome.results.length,
      duration: outcome.results.reduce((sum, r) => sum + r.meta.duration, 0),
    };
  }

  /**
   * Applies the migrations not yet recorded in d1_migrations, in the order given, recording each
   * as wrangler does. All pending ones run in one transaction, so a failure changes nothing.
   */
  applyMigrations(migrations: Migration[]): { applied: string[] } {
    return this.ctx.storage.transactionSync(() => {
      this.sql.exec(MIGRATIONS_TABLE);
      const done = new Set(
        this.sql
          .exec<{ name: string }>("SELECT name FROM d1_migrations")
          .toArray()
          .map((r) => r.name),
      );
      const applied: string[] = [];
      for (const { name, sql } of migrations) {
        if (done.has(name)) continue;
        // Same text wrangler sends for each file; CRLF breaks statement splitting inside triggers.
        const text = `${sql.replace(/\r\n/g, "\n")}\nINSERT INTO "d1_migrations" (name)\nvalues ('${name.replace(/'/g, "''")}');`;
        try {
          this.sql.exec(text);
        } catch (err) {
          throw new Error(`Migration ${name} failed: ${(err as Error).message}`);
        }
        applied.push(name);
      }
      return { applied };
    });
  }

  /** Names of the migrations applied so far, in the order they were applied. */
  appliedMigrations(): string[] {
    const exists =
      this.sql.exec("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'd1_migrations'").toArray().length > 0;
    return exists
      ? this.sql
          .exec<{ name: string }>("SELECT name FROM d1_migrations ORDER BY id")
          .toArray()
          .map((r) => r.name)
      : [];
  }

  /**
   * The whole database as SQL text: statements `wrangler d1 execute --file` would also accept,
   * so a snapshot can be read, diffed, or replayed into a real D1. Unlike `wrangler d1 export`,
   * every table is created before any row is inserted: a row may reference a table created later.
   */
  dump(): string {
    const schema: string[] = [];
    const rows: string[] = [];
    const tables = this.sql
      .exec<{ name: string; sql: string }>(
        "SELECT name, sql FROM sqlite_schema WHERE type = 'table' AND sql NOT NULL ORDER BY tbl_name = 'sqlite_sequence', rowid",
      )
      .toArray();
    for (const { name, sql } of tables) {
      if (sql.startsWith("CREATE VIRTUAL TABLE"))
        throw new Error(`Cannot snapshot a database with virtual tables (${name}).`);
      if (name === "sqlite_sequence") rows.push("DELETE FROM sqlite_sequence;");
      else if (isInternal(name)) continue;
      else schema.push(`${sql};`);
      const columns = this.sql
        .exec<{ name: string }>(`PRAGMA table_info(${quoteId(name)})`)
        .toArray()
        .map((c) => quoteId(c.name));
      // SQLite's quote() renders integers, reals (17 digits) and blobs exactly; JS numbers could not.
      const select = columns.map((c) => `${c}, quote(${c})`).join(",");
      for (const row of this.sql.exec(`SELECT ${select} FROM ${quoteId(name)}`).raw()) {
        const values = columns.map((_, i) =>
          typeof row[2 * i] === "string" ? textLiteral(row[2 * i] as string) : (row[2 * i + 1] as string),
        );
        rows.push(`INSERT INTO ${quoteId(name)} (${columns.join(",")}) VALUES(${values.join(",")});`);
      }
    }
    // Indexes, triggers and views after the rows (triggers must not fire on restored rows), in
    // creation order, which is an order they could be created in (a view may use a view).
    const rest = this.sql
      .exec<{ sql: string }>(
        "SELECT sql FROM sqlite_schema WHERE sql NOT NULL AND type IN ('index', 'trigger', 'view') ORDER BY rowid",
      )
      .toArray();
    return ["PRAGMA defer_foreign_keys=TRUE;", ...schema, ...rows, ...rest.map((r) => `${r.sql};`)].join("\n");
  }

  /** Replaces the whole database with a dump, atomically: a dump that fails to load changes nothing. */
  restore(dump: string): void {
    this.ctx.storage.transactionSync(() => {
      // Foreign keys are checked at commit, so the dump may insert rows in any table order.
      this.sql.exec("PRAGMA defer_foreign_keys=TRUE;");
      this.dropEverything();
      this.sql.exec(dump);
    });
  }

  /** Deletes everything (project teardown). */
  async destroy(): Promise<void> {
    await this.ctx.storage.deleteAll();
  }

  /** The app's tables and their row counts. */
  stats(): { tables: Record<string, number> } {
    const tables: Record<string, number> = {};
    for (const { name, type } of this.objects()) {
      if (type === "table")
        tables[name] = this.sql.exec<{ n: number }>(`SELECT COUNT(*) AS n FROM ${quoteId(name)}`).one().n;
    }
    return { tables };
  }

  /**
   * Drops the app's schema inside the caller's transaction. Dropping a table deletes its rows,
   * which foreign keys check against the tables they reference, so tables go children first.
   */
  private dropEverything() {
    // Triggers first: rows deleted below must not set any of them off.
    for (const { name } of this.sql
      .exec<{ name: string }>("SELECT name FROM sqlite_schema WHERE type = 'trigger'")
      .toArray())
      this.sql.exec(`DROP TRIGGER ${quoteId(name)}`);
    for (const { name, type } of this.objects()) if (type === "view") this.sql.exec(`DROP VIEW ${quoteId(name)}`);
    let tables = this.objects().map((t) => t.name);
    const parents = new Map(
      tables.map((t) => [
        t,
        new Set(
          this.sql
            .exec<{ table: string }>(`PRAGMA foreign_key_list(${quoteId(t)})`)
            .toArray()
            .map((fk) => fk.table.toLowerCase()),
        ),
      ]),
    );
    while (tables.length > 0) {
      const referenced = (t: string) => tables.some((other) => other !== t && parents.get(other)!.has(t.toLowerCase()));
      let next = tables.find((t) => !referenced(t));
      if (next === undefined) {
        // A cycle of references: empty its tables while they all still exist, then any order works.
        for (const t of tables) this.sql.exec(`DELETE FROM ${quoteId(t)}`);
        next = tables[0]!;
      }
      this.sql.exec(`DROP TABLE ${quoteId(next)}`);
      tables = tables.filter((t) => t !== next);
    }
    if (this.sql.exec("SELECT 1 FROM sqlite_schema WHERE name = 'sqlite_sequence'").toArray().length > 0)
      this.sql.exec("DELETE FROM sqlite_sequence");
  }

  /** The app's own tables and views (not SQLite's or the runtime's). */
  private objects() {
    return this.sql
      .exec<{ name: string; type: string }>("SELECT name, type FROM sqlite_schema WHERE type IN ('table', 'view')")
      .toArray()
      .filter((o) => !isInternal(o.name));
  }

  /** One statement with D1's meta: changes and last_row_id are connection-wide, so diff around it. */
  private run({ sql, params = [] }: SqlStatement): QueryResult {
    const sizeBefore = this.sql.databaseSize;
    const before = this.counters();
    const start = performance.now();
    const cursor = this.sql.exec(sql, ...params.map(toSqlValue));
    const columns = cursor.columnNames;
    const rows = Array.from(cursor.raw());
    const duration = performance.now() - start;
    const sizeAfter = this.sql.databaseSize;
    const after = this.counters();
    const changes = after.total - before.total;
    return {
      columns,
      rows,
      meta: {
        served_by: "kiln.app-db",
        served_by_primary: true,
        total_attempts: 1,
        timings: { sql_duration_ms: duration },
        duration,
        changes,
        last_row_id: after.lastRowId,
        changed_db: changes !== 0 || after.lastRowId !== before.lastRowId || sizeAfter !== sizeBefore,
        size_after: sizeAfter,
        rows_read: cursor.rowsRead,
        rows_written: cursor.rowsWritten,
      },
    };
  }

  private counters() {
    return this.sql
      .exec<{ total: number; lastRowId: number }>("SELECT total_changes() AS total, last_insert_rowid() AS lastRowId")
      .one();
  }
}

function attempt<T>(fn: () => T): Outcome<T> {
  try {
    return { success: true, ...fn() };
  } catch (err) {
    return { success: false, error: err instanceof Error ? err.message : String(err) };
  }
}

/** Tables of SQLite, of workerd (_cf_*) and of Miniflare's Durable Object wrapper: never the app's data. */
function isInternal(name: string): boolean {
  return name.startsWith("sqlite_") || name.startsWith("_cf_") || name === "__miniflare_do_name";
}

/** D1's bind rules (workerd's d1-api.ts): anything else is D1_TYPE_ERROR with D1's wording. */
function toSqlValue(value: unknown): SqlStorageValue {
  if (value === null || typeof value === "number" || typeof value === "string") return value;
  if (typeof value === "boolean") return value ? 1 : 0;
  if (value instanceof ArrayBuffer) return value;
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength).slice().buffer;
  // Byte arrays are how D1's client sends blobs; like Miniflare's D1, keep the low 8 bits of each.
  if (Array.isArray(value) && value.every((b) => typeof b === "number")) return new Uint8Array(value).buffer;
  throw new Error(`D1_TYPE_ERROR: Type '${typeof value}' not supported for value '${String(value)}'`);
}

function quoteId(id: string): string {
  return `"${id.replace(/"/g, '""')}"`;
}

/** A text value as an SQL literal; NULs go through char(0) because SQLite's tokenizer stops at them. */
function textLiteral(value: string): string {
  return value
    .split("\0")
    .map((part) => `'${part.replace(/'/g, "''")}'`)
    .join("||char(0)||");
}
