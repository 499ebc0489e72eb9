import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { appDatabase } from "../../src/hosting/database/app-db";

/** A fresh app database (each test gets its own project id). */
const fresh = (environment: "production" | "preview" | "scratch" = "production") =>
  appDatabase(env, `appdb-${crypto.randomUUID()}`, environment);

/** The error a call rejects with. (Vitest's `.rejects` on a DO RPC promise reports a stray unhandled rejection.) */
const failure = (call: Promise<unknown>) =>
  call.then(
    () => new Error("expected the call to fail"),
    (err: Error) => err,
  );

type Statement = { sql: string; params?: unknown[] };
type Queryable = {
  query(
    statements: Statement[],
  ): Promise<
    { success: true; results: { columns: string[]; rows: unknown[][] }[] } | { success: false; error: string }
  >;
};

/** Runs statements and returns their results, failing the test on an SQL error. */
async function run(db: Queryable, statements: Statement[]) {
  const outcome = await db.query(statements);
  if (!outcome.success) throw new Error(outcome.error);
  return outcome.results;
}

const rows = async (db: Queryable, sql: string) => (await run(db, [{ sql }]))[0]!.rows;

describe("AppDatabase migrations", () => {
  const initial = [
    {
      name: "0001_init.sql",
      sql: "CREATE TABLE notes (id INTEGER PRIMARY KEY AUTOINCREMENT, body TEXT NOT NULL);\nINSERT INTO notes (body) VALUES ('first');",
    },
    {
      name: "0002_tags.sql",
      sql: "-- tags for notes\r\nCREATE TABLE tags (note_id INTEGER REFERENCES notes(id), tag TEXT);\r\nINSERT INTO tags VALUES (1, 'a');\r\n",
    },
  ];

  it("applies pending migrations in order and records them in d1_migrations as wrangler does", async () => {
    const db = fresh();
    expect(await db.applyMigrations(initial)).toEqual({ applied: ["0001_init.sql", "0002_tags.sql"] });
    expect(await rows(db, "SELECT id, name, applied_at IS NOT NULL FROM d1_migrations ORDER BY id")).toEqual([
      [1, "0001_init.sql", 1],
      [2, "0002_tags.sql", 1],
    ]);
    expect(await rows(db, "SELECT sql FROM sqlite_schema WHERE name = 'd1_migrations'")).toEqual([
      [
        `CREATE TABLE "d1_migrations"(\n\t\tid         INTEGER PRIMARY KEY AUTOINCREMENT,\n\t\tname       TEXT UNIQUE,\n\t\tapplied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL\n)`,
      ],
    ]);
    expect((await db.stats()).tables).toEqual({ d1_migrations: 2, notes: 1, tags: 1 });
  });

  it("re-applying is a no-op and only new files run", async () => {
    const db = fresh();
    await db.applyMigrations(initial);
    expect(await db.applyMigrations(initial)).toEqual({ applied: [] });
    expect(await rows(db, "SELECT count(*) FROM notes")).toEqual([[1]]);
    const third = { name: "0003_more.sql", sql: "INSERT INTO notes (body) VALUES ('third');" };
    expect(await db.applyMigrations([...initial, third])).toEqual({ applied: ["0003_more.sql"] });
    expect(await rows(db, "SELECT name FROM d1_migrations ORDER BY id")).toEqual([
      ["0001_init.sql"],
      ["0002_tags.sql"],
      ["0003_more.sql"],
    ]);
  });

  it("the runtime's own tables never show in dumps or table lists", async () => {
    const db = fresh();
    await db.applyMigrations(initial);
    // Miniflare's Durable Object wrapper (under `wrangler dev`) keeps the object's name in a table of its own, like this.
    await run(db, [
      { sql: "CREATE TABLE IF NOT EXISTS __miniflare_do_name (id INTEGER PRIMARY KEY, name TEXT)" },
      { sql: "INSERT OR REPLACE INTO __miniflare_do_name VALUES (1, 'app:production')" },
    ]);
    const own = (await rows(db, "SELECT name FROM sqlite_schema WHERE type = 'table'")).map((r) => r[0] as string);
    expect(own).toContain("__miniflare_do_name");
    const dump = await db.dump();
    for (const name of own.filter((n) => n.startsWith("__miniflare") || n.startsWith("_cf_")))
      expect(dump, name).not.toContain(name);
    expect(Object.keys((await db.stats()).tables).sort()).toEqual(["d1_migrations", "notes", "tags"]);
  });

  it("a failing migration leaves the database exactly as it was and names the file", async () => {
    const db = fresh();
    await db.applyMigrations(initial);
    const before = await db.dump();
    const pending = [
      ...initial,
      {
        name: "0003_ok.sql",
        sql: "CREATE TABLE extra (x);\nINSERT INTO notes (body) VALUES ('would be lost');\nDELETE FROM tags;",
      },
      { name: "0004_broken.sql", sql: "CREATE TABEL oops (x);" },
    ];
    const { message } = await failure(db.applyMigrations(pending));
    expect(message).toContain("0004_broken.sql");
    expect(message).toContain('near "TABEL": syntax error');
    expect(await db.dump()).toBe(before);
    expect((await db.stats()).tables).toEqual({ d1_migrations: 2, notes: 1, tags: 1 });
  });

  it("the first migration failing on a new database leaves it empty", async () => {
    const db = fresh();
    expect(
      (
        await failure(
          db.applyMigrations([{ name: "0001_bad.sql", sql: "CREATE TABLE t (x); INSERT INTO nope VALUES (1);" }]),
        )
      ).message,
    ).toBe("Migration 0001_bad.sql failed: no such table: nope: SQLITE_ERROR");
    expect(await db.stats()).toEqual({ tables: {} });
  });

  it("CRLF files with triggers, and names that need quoting, apply as they would with wrangler", async () => {
    const db = fresh();
    const trigger = {
      name: "0001_it's.sql",
      sql: "CREATE TABLE a (x);\r\nCREATE TABLE log (x);\r\nCREATE TRIGGER a_log AFTER INSERT ON a\r\nBEGIN\r\n  INSERT INTO log VALUES (NEW.x);\r\nEND;\r\nINSERT INTO a VALUES (7);\r\n",
    };
    expect(await db.applyMigrations([trigger])).toEqual({ applied: ["0001_it's.sql"] });
    expect(await rows(db, "SELECT x FROM log")).toEqual([[7]]);
    expect(await rows(db, "SELECT name FROM d1_migrations")).toEqual([["0001_it's.sql"]]);
  });
});

describe("AppDatabase snapshots", () => {
  const schema = [
    "CREATE TABLE users (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, avatar BLOB, score REAL, big INTEGER)",
    "CREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users(id), title TEXT)",
    "CREATE INDEX posts_user ON posts(user_id)",
    "CREATE VIEW user_posts AS SELECT users.name, posts.title FROM users JOIN posts ON posts.user_id = users.id",
    "CREATE TABLE audit (what TEXT)",
    "CREATE TRIGGER posts_audit AFTER INSERT ON posts BEGIN INSERT INTO audit VALUES ('post ' || NEW.id); END",
  ];
  const awkward = 'it\'s\n"quoted"\r\nwith a NUL \u0000 and é ✓ \\n';

  async function seeded() {
    const db = fresh();
    await run(
      db,
      schema.map((sql) => ({ sql })),
    );
    await run(db, [
      {
        sql: "INSERT INTO users (name, avatar, score, big) VALUES (?, ?, ?, ?)",
        params: [awkward, new Uint8Array([0, 1, 2, 254, 255]), 0.1, 9007199254740991],
      },
      {
        sql: "INSERT INTO users (name, avatar, score, big) VALUES (?, ?, ?, ?)",
        params: ["empty blob", new Uint8Array(0), -1.5e-300, null],
      },
      // Beyond 2^53: only SQLite can carry this exactly, so the snapshot must not go through JS numbers.
      { sql: "INSERT INTO users (name, big, score) VALUES ('huge', 9223372036854775807, 1.0)" },
      { sql: "INSERT INTO posts (user_id, title) VALUES (1, 'hello'), (2, 'world')" },
      { sql: "DELETE FROM users WHERE name = 'nobody'" },
    ]);
    return db;
  }

  it("dump → destroy → restore gives back every table, row, blob, index, view, trigger and sequence", async () => {
    const db = await seeded();
    const snapshot = await db.dump();
    const stats = await db.stats();
    expect(stats.tables).toEqual({ users: 3, posts: 2, audit: 2 });

    await db.destroy();
    expect(await db.stats()).toEqual({ tables: {} });

    await db.restore(snapshot);
    expect(await db.stats()).toEqual(stats);
    expect(await db.dump()).toBe(snapshot);
    const [user] = await rows(db, "SELECT name, avatar, score, typeof(score) FROM users WHERE id = 1");
    expect(user![0]).toBe(awkward);
    expect([...new Uint8Array(user![1] as ArrayBuffer)]).toEqual([0, 1, 2, 254, 255]);
    expect(user!.slice(2)).toEqual([0.1, "real"]);
    expect(await rows(db, "SELECT typeof(avatar), length(avatar) FROM users WHERE id = 2")).toEqual([["blob", 0]]);
    expect(
      await rows(db, "SELECT big = 9223372036854775807, typeof(score), score FROM users WHERE name = 'huge'"),
    ).toEqual([[1, "real", 1]]);
    expect(await rows(db, "SELECT * FROM user_posts ORDER BY title")).toEqual([
      [awkward, "hello"],
      ["empty blob", "world"],
    ]);
    // The restored trigger fires, the index exists, and AUTOINCREMENT continues where it was.
    await run(db, [{ sql: "INSERT INTO posts (user_id, title) VALUES (1, 'again')" }]);
    expect(await rows(db, "SELECT count(*) FROM audit")).toEqual([[3]]);
    expect(await rows(db, "SELECT name FROM sqlite_schema WHERE type = 'index' AND name = 'posts_user'")).toEqual([
      ["posts_user"],
    ]);
    expect(await rows(db, "INSERT INTO users (name) VALUES ('next') RETURNING id")).toEqual([[4]]);
  });

  it("restore replaces whatever the database held, and a dump that fails to load changes nothing", async () => {
    const source = await seeded();
    const snapshot = await source.dump();
    const target = fresh();
    await target.applyMigrations([
      { name: "0001_other.sql", sql: "CREATE TABLE other (x); INSERT INTO other VALUES (1);" },
    ]);

    await target.restore(snapshot);
    expect(await target.dump()).toBe(snapshot);

    const before = await target.dump();
    expect((await failure(target.restore(`${snapshot}\nINSERT INTO nope VALUES (1);`))).message).toMatch(
      /no such table: nope/,
    );
    expect(await target.dump()).toBe(before);
  });

  it("restores foreign-keyed tables whatever order they were created in, over a database with its own", async () => {
    const db = fresh();
    await run(db, [
      { sql: "CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL REFERENCES parent(id))" },
      { sql: "CREATE TABLE parent (id INTEGER PRIMARY KEY)" },
      { sql: "INSERT INTO parent VALUES (1), (2)" },
      { sql: "INSERT INTO child (parent_id) VALUES (1), (2), (2)" },
    ]);
    const snapshot = await db.dump();
    // The dump inserts child rows before their parents: only deferred foreign keys let that load.
    expect(snapshot.indexOf('INSERT INTO "child"')).toBeLessThan(snapshot.indexOf('INSERT INTO "parent"'));
    // The target's own schema has every shape of reference: parent/child, self, and a cycle.
    const target = fresh();
    await run(target, [
      { sql: "CREATE TABLE parent (id INTEGER PRIMARY KEY)" },
      {
        sql: "CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL REFERENCES parent(id) ON DELETE RESTRICT)",
      },
      { sql: "CREATE TABLE node (id INTEGER PRIMARY KEY, up INTEGER REFERENCES node(id))" },
      { sql: "CREATE TABLE a (id INTEGER PRIMARY KEY, b_id INTEGER REFERENCES b(id))" },
      { sql: "CREATE TABLE b (id INTEGER PRIMARY KEY, a_id INTEGER REFERENCES a(id))" },
      { sql: "CREATE TRIGGER a_gone AFTER DELETE ON a BEGIN INSERT INTO node (up) VALUES (NULL); END" },
      { sql: "INSERT INTO parent VALUES (7)" },
      { sql: "INSERT INTO child (parent_id) VALUES (7)" },
      { sql: "INSERT INTO node VALUES (1, NULL), (2, 1)" },
      { sql: "INSERT INTO a VALUES (1, NULL)" },
      { sql: "INSERT INTO b VALUES (1, 1)" },
      { sql: "UPDATE a SET b_id = 1" },
    ]);
    await target.restore(snapshot);
    expect(await target.dump()).toBe(snapshot);
    expect(await target.stats()).toEqual({ tables: { child: 3, parent: 2 } });
    expect((await target.query([{ sql: "INSERT INTO child (parent_id) VALUES (99)" }])).success).toBe(false);
  });

  it("refuses to snapshot virtual tables rather than write a dump that cannot be restored", async () => {
    const db = fresh();
    await run(db, [{ sql: "CREATE VIRTUAL TABLE docs USING fts5(body)" }]);
    expect((await failure(db.dump())).message).toMatch(/virtual tables \(docs\)/);
  });
});

describe("AppDatabase isolation and RPC", () => {
  it("two apps (and an app's two environments) have fully separate databases", async () => {
    const a = exports.AppDb({ props: { projectId: `iso-a-${crypto.randomUUID()}`, environment: "production" } });
    const bId = `iso-b-${crypto.randomUUID()}`;
    const b = exports.AppDb({ props: { projectId: bId, environment: "production" } });
    const bPreview = exports.AppDb({ props: { projectId: bId, environment: "preview" } });
    expect(await a.exec("CREATE TABLE secrets (v TEXT);\nINSERT INTO secrets VALUES ('a only');")).toMatchObject({
      success: true,
      count: 2,
    });
    expect(await b.exec("CREATE TABLE secrets (v TEXT);")).toMatchObject({ success: true, count: 1 });
    expect(await rows(b, "SELECT count(*) AS n FROM secrets")).toEqual([[0]]);
    expect(await bPreview.query([{ sql: "SELECT * FROM secrets" }])).toEqual({
      success: false,
      error: "no such table: secrets: SQLITE_ERROR",
    });
    expect(await rows(a, "SELECT v FROM secrets")).toEqual([["a only"]]);
  });

  it("blobs travel over RPC as ArrayBuffers; D1's number arrays are only the guest shim's business", async () => {
    const db = fresh("scratch");
    const [result] = await run(db, [
      { sql: "SELECT ? AS b, ? AS c, ? AS t", params: [new Uint8Array([1, 2, 3]), [4, 5], true] },
    ]);
    expect(result!.columns).toEqual(["b", "c", "t"]);
    expect(result!.rows[0]![0]).toBeInstanceOf(ArrayBuffer);
    expect([...new Uint8Array(result!.rows[0]![0] as ArrayBuffer)]).toEqual([1, 2, 3]);
    expect([...new Uint8Array(result!.rows[0]![1] as ArrayBuffer)]).toEqual([4, 5]);
    expect(result!.rows[0]![2]).toBe(1);
    expect(await db.query([{ sql: "SELECT ?", params: [{} as never] }])).toEqual({
      success: false,
      error: "D1_TYPE_ERROR: Type 'object' not supported for value '[object Object]'",
    });
  });

  it("exec counts statements the way D1 does (one per line), SQL errors come back as values, destroy empties everything", async () => {
    const db = fresh();
    expect(
      await db.exec("CREATE TABLE t (x);\nINSERT INTO t VALUES (1);\n\n   -- comment\nINSERT INTO t VALUES (2);"),
    ).toMatchObject({ success: true, count: 3 });
    expect(await db.exec("INSERT INTO t VALUES (3);\nINSERT INTO t VALUES (")).toEqual({
      success: false,
      error: "incomplete input: SQLITE_ERROR",
    });
    expect(await db.query([])).toEqual({ success: false, error: "No SQL statements detected." });
    expect(await db.stats()).toEqual({ tables: { t: 2 } });
    await db.destroy();
    expect(await db.stats()).toEqual({ tables: {} });
  });
});
