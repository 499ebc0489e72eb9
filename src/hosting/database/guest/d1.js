// @ts-check
// The D1 API inside an app isolate, over the platform's AppDb RPC binding (one app's SQLite
// Durable Object). It copies the behaviour of workerd's own D1 binding (cloudflare-internal
// d1-api, the path taken without the d1_binding_jsrpc flag) down to result shapes and error
// text; test/worker/d1-conformance.test.ts runs one suite against both and demands equality.

/**
 * @typedef {{ sql: string, params?: unknown[] }} Statement
 * @typedef {{ columns: string[], rows: unknown[][], meta: Record<string, unknown> }} QueryResult
 * @typedef {{ success: false, error: string }} Failure
 * @typedef {{
 *   query(statements: Statement[]): Promise<{ success: true, results: QueryResult[] } | Failure>,
 *   exec(sql: string): Promise<{ success: true, count: number, duration: number } | Failure>
 * }} AppDbStub
 */

export class D1Database {
  /** @type {AppDbStub} */
  #db;

  /** @param {AppDbStub} db */
  constructor(db) {
    this.#db = db;
  }

  /** @param {string} query */
  prepare(query) {
    return new D1PreparedStatement(this.#db, query);
  }

  /** @param {D1PreparedStatement[]} statements */
  async batch(statements) {
    const results = await send(this.#db, statements.map((s) => ({ sql: s.statement, params: s.params })));
    return results.map(toObjects);
  }

  /**
   * One statement per line, as D1 splits it; D1 reports any failure as line 1.
   * @param {string} query
   */
  async exec(query) {
    const outcome = await call(() => this.#db.exec(query));
    if (!outcome.success) {
      const legacy = `Error in line 1: ${query.trim().split("\n")[0]}: ${outcome.error}`;
      throw new Error(`D1_EXEC_ERROR: ${legacy}`, { cause: new Error(legacy) });
    }
    return { count: outcome.count, duration: outcome.duration };
  }

  /**
   * Sessions pick read replicas; an app database has only its primary, so every session is this one.
   * @param {string} [_constraintOrBookmark]
   */
  withSession(_constraintOrBookmark) {
    return this;
  }

  getBookmark() {
    return null;
  }

  /** @returns {Promise<ArrayBuffer>} */
  async dump() {
    throw new Error("D1_DUMP_ERROR: dump() is deprecated in D1 and not supported here.", {
      cause: new Error("dump() is not supported"),
    });
  }
}

export class D1PreparedStatement {
  /** @type {AppDbStub} */
  #db;

  /** @param {AppDbStub} db @param {string} statement @param {unknown[]} [params] */
  constructor(db, statement, params) {
    this.#db = db;
    this.statement = statement;
    this.params = params || [];
  }

  /**
   * Validates and converts values the way D1 does (blobs travel as arrays of bytes).
   * @param {...unknown} values
   */
  bind(...values) {
    const params = values.map((r) => {
      const type = typeof r;
      if (type === "number" || type === "string") return r;
      if (type === "boolean") return r ? 1 : 0;
      if (type === "object") {
        if (r == null) return r;
        if (Array.isArray(r) && r.every((b) => typeof b == "number" && b >= 0 && b < 256)) return r;
        if (r instanceof ArrayBuffer) return Array.from(new Uint8Array(r));
        if (ArrayBuffer.isView(r)) return Array.from(/** @type {ArrayLike<unknown>} */ (/** @type {unknown} */ (r)));
      }
      throw new Error(`D1_TYPE_ERROR: Type '${type}' not supported for value '${r}'`, {
        cause: new Error(`Type '${type}' not supported for value '${r}'`),
      });
    });
    return new D1PreparedStatement(this.#db, this.statement, params);
  }

  /** @param {string} [colName] */
  async first(colName) {
    const { results } = await this.all();
    if (results.length === 0) return null;
    const row = results[0];
    if (colName === undefined) return row;
    if (row[colName] === undefined) {
      throw new Error(`D1_COLUMN_NOTFOUND: Column not found (${colName})`, { cause: new Error("Column not found") });
    }
    return row[colName];
  }

  async run() {
    return this.all();
  }

  async all() {
    const [result] = await send(this.#db, [{ sql: this.statement, params: this.params }]);
    return toObjects(/** @type {QueryResult} */ (result));
  }

  /** @param {{ columnNames?: boolean }} [options] */
  async raw(options) {
    const [result] = await send(this.#db, [{ sql: this.statement, params: this.params }]);
    const { columns, rows } = /** @type {QueryResult} */ (result);
    return [...(options?.columnNames ? [columns] : []), ...rows.map(toD1Row)];
  }
}

/** @param {AppDbStub} db @param {Statement[]} statements */
async function send(db, statements) {
  const outcome = await call(() => db.query(statements));
  if (!outcome.success) throw new Error(`D1_ERROR: ${outcome.error}`, { cause: new Error(outcome.error) });
  return outcome.results;
}

/**
 * SQL errors arrive as values; a throw means the call itself failed (e.g. the database was
 * unreachable), which D1 reports the same way.
 * @template T
 * @param {() => Promise<T>} fn
 * @returns {Promise<T | Failure>}
 */
async function call(fn) {
  try {
    return await fn();
  } catch (err) {
    return { success: false, error: (err instanceof Error && err.message) || "Something went wrong" };
  }
}

/** @param {QueryResult} result */
function toObjects({ columns, rows, meta }) {
  /** @type {Record<string, unknown>[]} */
  const results = rows.map((row) => Object.fromEntries(toD1Row(row).map((cell, i) => [columns[i], cell])));
  return { success: true, meta, results };
}

/**
 * Cells as D1 returns them after its JSON hop: blobs as arrays of bytes, -0 as 0, ±Infinity as null.
 * @param {unknown[]} row
 */
function toD1Row(row) {
  return row.map((cell) => {
    if (cell instanceof ArrayBuffer) return Array.from(new Uint8Array(cell));
    if (typeof cell === "number") return Number.isFinite(cell) ? cell + 0 : null;
    return cell;
  });
}
