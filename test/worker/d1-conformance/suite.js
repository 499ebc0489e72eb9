// @ts-check
// One D1 conformance suite, run inside a dynamic worker against Miniflare's real D1 and against
// Kiln's app binding (guest/d1.js over AppDb over AppDatabase). Each case records what the API
// returned or threw; the test demands the two lists be equal. Only values that legitimately
// differ between two databases are normalised (timings, where it was served, file size).

/** @typedef {[string, unknown]} Observation */

/** @param {any} db a D1Database */
export async function runSuite(db) {
  /** @type {Observation[]} */
  const observations = [];
  /** @param {string} name @param {() => unknown} fn */
  const check = async (name, fn) => {
    try {
      observations.push([name, encode(await fn())]);
    } catch (err) {
      observations.push([name, thrown(err)]);
    }
  };
  const count = async (/** @type {string} */ table) => (await db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).first("n"));

  // Setup, not observed. The first insert pins last_insert_rowid(), which is per connection:
  // otherwise it would reflect whatever that database did before this suite.
  for (const t of ["conf_child", "conf_parent", "conf_t", "conf_exec", "conf_seed", "conf_many"]) await db.prepare(`DROP TABLE IF EXISTS ${t}`).run();
  await db.prepare("CREATE TABLE conf_seed (id INTEGER PRIMARY KEY, v TEXT)").run();
  await db.prepare("INSERT INTO conf_seed (v) VALUES ('seed')").run();

  // --- schema and meta
  await check("create table (run)", () =>
    db.prepare("CREATE TABLE conf_t (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT UNIQUE, score REAL, data BLOB, flag INTEGER, CHECK (length(name) < 50))").run(),
  );
  await check("insert (run meta)", () => db.prepare("INSERT INTO conf_t (name, email, score) VALUES (?, ?, ?)").bind("Ada", "ada@example.com", 1.5).run());
  await check("insert second row", () => db.prepare("INSERT INTO conf_t (name, email, score) VALUES (?, ?, ?)").bind("Bob", "bob@example.com", -2).run());
  await check("insert returning", () => db.prepare("INSERT INTO conf_t (name, email) VALUES (?1, ?2) RETURNING id, name").bind("Cy", "cy@example.com").all());
  await check("update several rows", () => db.prepare("UPDATE conf_t SET flag = ? WHERE id <= 2").bind(true).run());
  await check("update nothing", () => db.prepare("UPDATE conf_t SET flag = 0 WHERE id = 999").run());
  await check("delete", () => db.prepare("DELETE FROM conf_t WHERE id = ?").bind(3).run());
  await check("select (all meta)", () => db.prepare("SELECT id, name, email, score, flag FROM conf_t ORDER BY id").all());
  await check("select run()", () => db.prepare("SELECT id, name FROM conf_t ORDER BY id").run());
  await check("pragma table_info", () => db.prepare("PRAGMA table_info(conf_t)").all());

  // --- value types, in and out
  await check("bind every accepted type", () =>
    db
      .prepare("INSERT INTO conf_t (name, email, score, data, flag) VALUES (?, ?, ?, ?, ?)")
      .bind("types", null, 3.25, new Uint8Array([0, 1, 127, 128, 255]), false)
      .run(),
  );
  await check("blob from ArrayBuffer", () => db.prepare("INSERT INTO conf_t (name, data) VALUES ('ab', ?)").bind(new Uint8Array([9, 8, 7]).buffer).run());
  await check("blob from byte array", () => db.prepare("INSERT INTO conf_t (name, data) VALUES ('arr', ?)").bind([1, 2, 3]).run());
  await check("blob from empty array", () => db.prepare("INSERT INTO conf_t (name, data) VALUES ('empty', ?)").bind([]).run());
  await check("blob from Int16Array", () => db.prepare("SELECT ? AS b").bind(new Int16Array([1, -1, 300])).all());
  await check("blob from Float64Array", () => db.prepare("SELECT ? AS b").bind(new Float64Array([1.5, 2])).all());
  await check("blob from DataView", () => db.prepare("SELECT ? AS b, typeof(?) AS t").bind(new DataView(new ArrayBuffer(2)), new DataView(new ArrayBuffer(2))).all());
  await check("stored types", () => db.prepare("SELECT name, typeof(email) AS e, typeof(score) AS s, typeof(data) AS d, typeof(flag) AS f, data, flag FROM conf_t WHERE id > 2 ORDER BY id").all());
  await check("literals", () =>
    db
      .prepare("SELECT NULL AS n, 42 AS i, -7 AS neg, 3.5 AS r, 0.1 + 0.2 AS sum, -0.0 AS negzero, 'héllo ✓' AS t, '' AS empty, x'00ff10' AS b, x'' AS eb, 1e308 * 10 AS inf, -1e308 * 10 AS ninf")
      .all(),
  );
  await check("large integers", () =>
    db.prepare("SELECT 9007199254740991 AS safe, 9007199254740993 AS unsafe, 9223372036854775807 AS max, -9223372036854775808 AS min, ? AS bound").bind(9007199254740993).all(),
  );
  await check("integer overflow", () => db.prepare("SELECT abs(-9223372036854775808) AS x").all());
  await check("bound numbers", () => db.prepare("SELECT ? AS a, ? AS b, ? AS c, ? AS d, typeof(?) AS t").bind(0, -0, 1e-300, 2 ** 62, 2.0).all());
  await check("bound non-finite", () => db.prepare("SELECT ? AS a, ? AS b, ? AS c").bind(Infinity, -Infinity, NaN).all());
  await check("bound strings", () => db.prepare("SELECT ? AS a, length(?) AS l").bind("it's \"quoted\"\n\t\u0000nul", "x".repeat(100_000)).all());
  await check("booleans", () => db.prepare("SELECT ? AS t, ? AS f, typeof(?) AS ty").bind(true, false, true).all());
  await check("json", () => db.prepare("SELECT json_extract(?, '$.a[1]') AS v, json_object('k', 1) AS o").bind('{"a":[1,2]}').first());

  // --- unsupported bind values (D1 throws at bind time)
  /** @type {[string, unknown][]} */
  const badValues = [
    ["object", {}],
    ["nested array", [[1]]],
    ["array of non-bytes", [1, 256]],
    ["array of strings", ["a"]],
    ["bigint", 1n],
    ["undefined", undefined],
    ["function", function f() {}],
    ["symbol", Symbol("s")],
    ["date", new Date(0)],
    ["map", new Map()],
  ];
  for (const [label, value] of badValues) {
    await check(`bind ${label}`, () => db.prepare("SELECT ?").bind(value));
  }

  // --- first / all / raw
  await check("first()", () => db.prepare("SELECT id, name FROM conf_t ORDER BY id").first());
  await check("first(col)", () => db.prepare("SELECT id, name FROM conf_t ORDER BY id").first("name"));
  await check("first(col) null value", () => db.prepare("SELECT NULL AS x").first("x"));
  await check("first(missing col)", () => db.prepare("SELECT id FROM conf_t").first("nope"));
  await check("first() no rows", () => db.prepare("SELECT id FROM conf_t WHERE id = -1").first());
  await check("first(missing col) no rows", () => db.prepare("SELECT id FROM conf_t WHERE id = -1").first("nope"));
  await check("all() no rows", () => db.prepare("SELECT id FROM conf_t WHERE id = -1").all());
  await check("raw()", () => db.prepare("SELECT id, name, data FROM conf_t ORDER BY id").raw());
  await check("raw({columnNames})", () => db.prepare("SELECT id, name FROM conf_t ORDER BY id").raw({ columnNames: true }));
  await check("raw({columnNames: false})", () => db.prepare("SELECT id FROM conf_t ORDER BY id").raw({ columnNames: false }));
  await check("raw() no rows", () => db.prepare("SELECT id FROM conf_t WHERE id = -1").raw());
  await check("raw({columnNames}) no rows", () => db.prepare("SELECT id, name FROM conf_t WHERE id = -1").raw({ columnNames: true }));
  await check("raw() of a write", () => db.prepare("UPDATE conf_t SET flag = 1 WHERE id = 1").raw({ columnNames: true }));
  await check("duplicate column names all()", () => db.prepare("SELECT 1 AS a, 2 AS a, 3 AS b").all());
  await check("duplicate column names raw()", () => db.prepare("SELECT 1 AS a, 2 AS a, 3 AS b").raw({ columnNames: true }));
  await check("column order", async () => Object.keys(await db.prepare("SELECT 3 AS z, 1 AS a, 2 AS m").first()));
  await check("expression column names", () => db.prepare("SELECT 1 + 1, count(*), upper('x') FROM conf_seed").first());
  await check("bind returns a new statement", async () => {
    const base = db.prepare("SELECT ? AS v");
    const one = base.bind(1);
    const two = base.bind(2);
    return [await one.first("v"), await two.first("v"), await base.bind(3).bind(4).first("v"), base === one];
  });
  await check("statement is reusable", async () => {
    const s = db.prepare("SELECT count(*) AS n FROM conf_seed");
    return [await s.first("n"), await s.first("n"), (await s.all()).results];
  });
  await check("withSession", async () => {
    const session = db.withSession();
    return [await session.prepare("SELECT 1 AS x").first(), (await session.batch([session.prepare("SELECT 2 AS y")]))[0].results];
  });
  await check("many rows", async () => {
    await db.prepare("CREATE TABLE conf_many AS WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 500) SELECT x FROM c").run();
    const all = await db.prepare("SELECT x FROM conf_many WHERE x % 2 = 0").all();
    return { count: all.results.length, last: all.results[249], meta: all.meta };
  });

  // --- parameters
  await check("too few params", () => db.prepare("SELECT ? AS a, ? AS b").bind(1).all());
  await check("no params bound", () => db.prepare("SELECT ? AS a").all());
  await check("too many params", () => db.prepare("SELECT ? AS a").bind(1, 2).all());
  await check("params on a statement without any", () => db.prepare("SELECT 1 AS a").bind(1).all());
  await check("numbered params", () => db.prepare("SELECT ?2 AS b, ?1 AS a, ?2 AS b2").bind("one", "two").all());
  await check("100 params", () => db.prepare(`SELECT ${Array.from({ length: 100 }, () => "?").join("+")} AS total`).bind(...Array(100).fill(1)).first());
  await check("101 params", () => db.prepare(`SELECT ${Array.from({ length: 101 }, () => "?").join("+")} AS total`).bind(...Array(101).fill(1)).first());
  await check("named param bound by position", () => db.prepare("SELECT :x AS x, :y AS y").bind(1, 2).all());

  // --- SQL errors
  await check("unique violation", () => db.prepare("INSERT INTO conf_t (name, email) VALUES ('dup', 'ada@example.com')").run());
  await check("not null violation", () => db.prepare("INSERT INTO conf_t (name) VALUES (NULL)").run());
  await check("check violation", () => db.prepare("INSERT INTO conf_t (name) VALUES (?)").bind("x".repeat(60)).run());
  await check("primary key violation", () => db.prepare("INSERT INTO conf_t (id, name) VALUES (1, 'again')").run());
  await check("datatype mismatch", () => db.prepare("INSERT INTO conf_t (id, name) VALUES ('not an int', 'x')").run());
  await check("syntax error", () => db.prepare("SELEC * FROM conf_t").all());
  await check("syntax error later in text", () => db.prepare("SELECT * FROM conf_t WHERE").all());
  await check("no such table", () => db.prepare("SELECT * FROM conf_nope").all());
  await check("no such column", () => db.prepare("SELECT nope FROM conf_t").all());
  await check("empty statement", () => db.prepare("").all());
  await check("whitespace statement", () => db.prepare("   \n  ").run());
  await check("comment-only statement", () => db.prepare("-- nothing").all());
  await check("indented comment-only statement", () => db.prepare("  -- nothing").all());
  await check("trailing comment", () => db.prepare("SELECT 1 AS x -- trailing").all());
  await check("trailing semicolon and comment", () => db.prepare("SELECT 1 AS x; -- trailing").all());
  await check("two statements in one prepare", () => db.prepare("SELECT 1 AS a; SELECT 2 AS b").all());
  await check("two statements with params", () => db.prepare("SELECT ? AS a; SELECT ? AS b").bind(1, 2).all());
  await check("two writes in one prepare", async () => [
    await db.prepare("INSERT INTO conf_seed (v) VALUES ('m1'); INSERT INTO conf_seed (v) VALUES ('m2')").run(),
    await count("conf_seed"),
  ]);
  await check("BEGIN is refused", () => db.prepare("BEGIN TRANSACTION").run());
  await check("SAVEPOINT is refused", () => db.prepare("SAVEPOINT s1").run());
  await check("reserved _cf_ table", () => db.prepare("CREATE TABLE _cf_mine (x)").run());
  await check("attach is refused", () => db.prepare("ATTACH DATABASE 'other.db' AS other").run());

  // --- foreign keys (enforced by default, as in D1)
  await check("foreign key schema", () =>
    db.batch([
      db.prepare("CREATE TABLE conf_parent (id INTEGER PRIMARY KEY)"),
      db.prepare("CREATE TABLE conf_child (id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL REFERENCES conf_parent(id))"),
      db.prepare("INSERT INTO conf_parent (id) VALUES (1)"),
    ]),
  );
  await check("foreign key violation", () => db.prepare("INSERT INTO conf_child (parent_id) VALUES (2)").run());
  await check("foreign key ok", () => db.prepare("INSERT INTO conf_child (parent_id) VALUES (1)").run());
  await check("foreign key delete restricted", () => db.prepare("DELETE FROM conf_parent").run());

  // --- batch
  await check("batch results", () =>
    db.batch([
      db.prepare("INSERT INTO conf_seed (v) VALUES (?)").bind("b1"),
      db.prepare("SELECT v FROM conf_seed WHERE v = ?").bind("b1"),
      db.prepare("UPDATE conf_seed SET v = 'b1x' WHERE v = 'b1'"),
    ]),
  );
  await check("batch is atomic (constraint)", async () => {
    const before = await count("conf_t");
    let error;
    try {
      await db.batch([db.prepare("INSERT INTO conf_t (name, email) VALUES ('new', 'new@example.com')"), db.prepare("INSERT INTO conf_t (name, email) VALUES ('dup', 'ada@example.com')")]);
    } catch (err) {
      error = thrown(err);
    }
    return { error, before, after: await count("conf_t"), leaked: await db.prepare("SELECT count(*) AS n FROM conf_t WHERE email = 'new@example.com'").first("n") };
  });
  await check("batch is atomic (syntax)", async () => {
    let error;
    try {
      await db.batch([db.prepare("INSERT INTO conf_seed (v) VALUES ('never')"), db.prepare("INSERT INTO")]);
    } catch (err) {
      error = thrown(err);
    }
    return { error, leaked: await db.prepare("SELECT count(*) AS n FROM conf_seed WHERE v = 'never'").first("n") };
  });
  await check("batch is atomic (ddl)", async () => {
    let error;
    try {
      await db.batch([db.prepare("CREATE TABLE conf_ghost (x)"), db.prepare("SELECT * FROM conf_nope")]);
    } catch (err) {
      error = thrown(err);
    }
    return { error, ghost: await db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE name = 'conf_ghost'").first("n") };
  });
  await check("batch of one", () => db.batch([db.prepare("SELECT 1 AS one")]));
  await check("empty batch", () => db.batch([]));
  await check("batch skips blank statements", () => db.batch([db.prepare("SELECT 1 AS a"), db.prepare("  "), db.prepare("SELECT 2 AS b")]));
  await check("batch with wrong param count", () => db.batch([db.prepare("SELECT ? AS a").bind(1), db.prepare("SELECT ? AS a")]));

  // --- exec
  await check("exec several statements", () =>
    db.exec("CREATE TABLE conf_exec (id INTEGER PRIMARY KEY, v TEXT);\nINSERT INTO conf_exec (v) VALUES ('a');\n\nINSERT INTO conf_exec (v) VALUES ('b');\n   -- indented comment\nINSERT INTO conf_exec (v) VALUES ('c')"),
  );
  await check("exec rows", () => db.prepare("SELECT v FROM conf_exec ORDER BY id").raw());
  await check("exec two statements on one line", () => db.exec("INSERT INTO conf_exec (v) VALUES ('d'); INSERT INTO conf_exec (v) VALUES ('e');"));
  await check("exec failing line", () => db.exec("INSERT INTO conf_exec (v) VALUES ('f');\nINSERT INTO conf_nope VALUES (1);\nINSERT INTO conf_exec (v) VALUES ('g');"));
  await check("exec failure applies nothing", () => db.prepare("SELECT v FROM conf_exec ORDER BY id").raw());
  await check("exec comment line", () => db.exec("-- a comment\nSELECT 1;"));
  await check("exec syntax error", () => db.exec("SELECT 1;\nSELEC 2;"));
  await check("exec empty", () => db.exec(""));
  await check("exec multi-line statement", () => db.exec("CREATE TABLE conf_split (\n  x INTEGER\n);"));
  await check("exec result count", async () => (await db.exec("SELECT 1;\nSELECT 2;\nSELECT 3;")).count);

  // --- deprecated
  await check("dump", async () => {
    try {
      await db.dump();
      return "resolved";
    } catch (err) {
      // Both refuse; D1's text is a meaningless "Status + 404" from Miniflare, so only the prefix counts.
      return String(/** @type {Error} */ (err).message).split(":")[0];
    }
  });

  for (const t of ["conf_child", "conf_parent", "conf_t", "conf_exec", "conf_seed", "conf_many"]) await db.prepare(`DROP TABLE IF EXISTS ${t}`).run();
  return observations;
}

/** @param {unknown} err */
function thrown(err) {
  const e = /** @type {any} */ (err);
  return { threw: e instanceof Error ? e.constructor.name : typeof e, name: e?.name, message: e?.message, cause: e?.cause?.message };
}

/**
 * A JSON-safe picture of a value that keeps what JSON would blur (-0, NaN, undefined, buffer
 * types), with D1's meta normalised where two databases legitimately differ.
 * @param {unknown} value
 * @returns {unknown}
 */
function encode(value) {
  if (value === undefined) return { $: "undefined" };
  if (typeof value === "number") return Object.is(value, -0) ? { $: "-0" } : Number.isFinite(value) ? value : { $: String(value) };
  if (typeof value === "bigint") return { $: "bigint", value: String(value) };
  if (value instanceof ArrayBuffer) return { $: "ArrayBuffer", bytes: [...new Uint8Array(value)] };
  if (ArrayBuffer.isView(value)) return { $: value.constructor.name, bytes: [...new Uint8Array(value.buffer, value.byteOffset, value.byteLength)] };
  if (Array.isArray(value)) return value.map(encode);
  if (value && typeof value === "object") {
    const out = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === "meta" ? normaliseMeta(v) : encode(v)]));
    if ("count" in value && "duration" in value) out.duration = typeof value.duration;
    return out;
  }
  return value;
}

/** @param {any} meta */
function normaliseMeta(meta) {
  if (!meta || typeof meta !== "object") return encode(meta);
  const out = /** @type {Record<string, unknown>} */ (encode({ ...meta }));
  for (const key of ["duration", "size_after", "served_by", "served_by_region", "served_by_colo"]) if (key in meta) out[key] = typeof meta[key];
  if (meta.timings) out.timings = Object.fromEntries(Object.entries(meta.timings).map(([k, v]) => [k, typeof v]));
  return out;
}
