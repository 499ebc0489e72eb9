// The in-platform app builder (src/builder/), inside workerd with no network.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { buildApp, type BuildError, type BuildResult } from "../../src/builder";
import { fixtureApp } from "../fixtures/build/files";
import { scratchDatabase } from "./helpers";

const text = (r: BuildResult, path: string) => {
  const body = r.assets[path]?.body;
  if (body === undefined) throw new Error(`no asset ${path}`);
  return typeof body === "string" ? body : new TextDecoder().decode(body);
};
const errors = (r: BuildResult) => r.diagnostics.filter((d) => d.severity === "error");
const withFiles = (changes: Record<string, string | null>) => {
  const files = fixtureApp();
  for (const [k, v] of Object.entries(changes)) {
    if (v === null) delete files[k];
    else files[k] = v;
  }
  return files;
};

describe("buildApp: the fixture app", () => {
  let r: BuildResult;
  beforeAll(async () => {
    r = await buildApp(fixtureApp(), { loader: env.LOADER, migrationDb: scratchDatabase() });
  }, 120_000);

  it("builds cleanly: no diagnostics, client assets, server modules, migrations", () => {
    expect(r.diagnostics).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.server?.mainModule).toBe("app.js");
    expect(Object.keys(r.server!.modules)).toContain("vendor/hono.js");
    expect(r.migrations.map((m) => m.name)).toEqual(["0001_init.sql", "0002_pinned.sql"]);
    expect(r.assets["/robots.txt"]?.body).toBe("User-agent: *\n");
    for (const k of ["total", "esbuildInit", "client", "server", "tailwind", "typescript", "sql"])
      expect(typeof r.timings[k]).toBe("number");
  });

  it("rewrites index.html to hashed assets that exist, with relative URLs and an import map first", () => {
    const html = text(r, "/index.html");
    expect(r.assets["/index.html"]!.contentType).toBe("text/html; charset=utf-8");
    expect(html).not.toContain("src/main.tsx");
    const script = /<script type="module" crossorigin src="\.\/(assets\/index-[A-Z0-9]+\.js)"><\/script>/.exec(
      html,
    )?.[1];
    const css = /<link rel="stylesheet" crossorigin href="\.\/(assets\/index-[A-Z0-9]+\.css)">/.exec(html)?.[1];
    expect(script && r.assets[`/${script}`]?.contentType).toBe("text/javascript; charset=utf-8");
    expect(css && r.assets[`/${css}`]?.contentType).toBe("text/css; charset=utf-8");
    const importmap = JSON.parse(/<script type="importmap">(.*?)<\/script>/.exec(html)![1]!) as {
      imports: Record<string, string>;
    };
    for (const spec of ["react", "react/jsx-runtime", "react-dom/client", "react-router"]) {
      const url = importmap.imports[spec]!;
      expect(url).toMatch(/^\.\/assets\/vendor\//);
      expect(r.assets[url.slice(1)], spec).toBeDefined();
    }
    expect(html.indexOf('type="importmap"')).toBeLessThan(html.indexOf('type="module"'));
    // The bundle leaves the vendored packages to the import map and imports nothing by absolute URL.
    const bundle = text(r, `/${script}`);
    expect(bundle).toMatch(/from"react-router"/);
    expect(bundle).not.toMatch(/from"\//);
    // Every relative import of every JS asset resolves to an asset.
    for (const [path, asset] of Object.entries(r.assets)) {
      if (!path.endsWith(".js")) continue;
      for (const m of String(asset.body).matchAll(/(?:from|import)\s*"(\.\/[^"]+)"/g)) {
        expect(r.assets[new URL(m[1]!, `http://x${path}`).pathname], `${path} → ${m[1]}`).toBeDefined();
      }
    }
  });

  it("compiles Tailwind: utilities used in the sources are in, unused ones are not", () => {
    const html = text(r, "/index.html");
    const css = text(r, `/${/href="\.\/(assets\/[^"]+\.css)"/.exec(html)![1]}`);
    expect(css).toContain(".bg-slate-50");
    expect(css).toContain(".sm\\:grid-cols-2");
    expect(css).toContain(".text-\\[15px\\]"); // arbitrary value
    expect(css).toContain(".bg-indigo-600"); // from a template literal
    expect(css).toContain("-webkit-font-smoothing: antialiased"); // @apply in @layer base
    expect(css).toContain("--color-indigo-600"); // theme variable of a used colour
    expect(css).not.toContain(".bg-red-500");
    expect(css).not.toContain(".grid-cols-7");
  });

  it("produces a server that runs through the Worker Loader and answers /api routes", async () => {
    const server = r.server!;
    const worker = env.LOADER.get(`build-test:${crypto.randomUUID()}`, () => ({
      compatibilityDate: server.compatibilityDate ?? "2026-11-01",
      mainModule: server.mainModule,
      modules: server.modules,
      env: { JWT_SECRET: "x".repeat(32) },
    }));
    const notes = await worker.getEntrypoint().fetch("http://app/api/notes");
    expect(notes.status).toBe(200);
    expect(await notes.json()).toEqual({ notes: [{ id: 1, text: "Hello from the Worker" }] });
    const token = await worker.getEntrypoint().fetch("http://app/api/token");
    expect(await token.json()).toEqual({ sub: "user-1" }); // hono/jwt, a vendored subpath
    const missing = await worker.getEntrypoint().fetch("http://app/api/nope");
    expect(missing.status).toBe(404); // hono/http-exception
  });
});

describe("buildApp: structured errors", () => {
  it("a syntax error is an esbuild error with file, line and column; no output", async () => {
    const r = await buildApp(
      withFiles({
        "src/components/NoteCard.tsx": 'export function NoteCard() {\n  return <li className="p-4">{</li>;\n}\n',
      }),
      { typecheck: false },
    );
    expect(r.ok).toBe(false);
    expect(r.assets).toEqual({});
    expect(r.server).toBeNull();
    expect(errors(r)).toEqual([
      expect.objectContaining<Partial<BuildError>>({
        file: "src/components/NoteCard.tsx",
        line: 2,
        column: 32,
        source: "esbuild",
        code: "ESBUILD",
        severity: "error",
        message: 'Expected identifier but found "/"',
      }),
    ]);
  });

  it("a type error is a typescript diagnostic; the build still succeeds unless strict", async () => {
    const files = withFiles({
      "src/pages/AboutPage.tsx":
        'export function AboutPage() {\n  const n: number = "one";\n  return <p className="p-2">{n}</p>;\n}\n',
    });
    const r = await buildApp(files, { loader: env.LOADER });
    expect(r.ok).toBe(true);
    expect(r.assets["/index.html"]).toBeDefined();
    expect(r.diagnostics).toEqual([
      {
        file: "src/pages/AboutPage.tsx",
        line: 2,
        column: 9,
        message: "Type 'string' is not assignable to type 'number'.",
        code: "TS2322",
        source: "typescript",
        severity: "error",
      },
    ]);
    const strict = await buildApp(files, { loader: env.LOADER, strict: true });
    expect(strict.ok).toBe(false);
    expect(strict.assets).toEqual({});
    expect(strict.diagnostics.map((d) => d.code)).toEqual(["TS2322"]);
  }, 60_000);

  it("a type error in the Worker is reported against the Worker's own types", async () => {
    const r = await buildApp(
      withFiles({
        "worker/index.ts":
          'import { Hono } from "hono";\nconst app = new Hono();\napp.get("/api/x", (c) => c.json({ ok: c.req.nope() }));\nexport default app;\n',
      }),
      { loader: env.LOADER },
    );
    expect(r.ok).toBe(true);
    expect(r.diagnostics).toEqual([
      expect.objectContaining({
        file: "worker/index.ts",
        line: 3,
        column: 45,
        code: "TS2339",
        message: "Property 'nope' does not exist on type 'HonoRequest<\"/api/x\", unknown>'.",
        source: "typescript",
      }),
    ]);
  }, 60_000);

  it("a missing import is an esbuild error naming the import", async () => {
    const app = fixtureApp()["src/App.tsx"]!;
    const file = await buildApp(withFiles({ "src/App.tsx": app.replace('"./pages/AboutPage"', '"./pages/About"') }), {
      typecheck: false,
    });
    expect(file.ok).toBe(false);
    expect(errors(file)).toEqual([
      {
        file: "src/App.tsx",
        line: 3,
        column: 27,
        source: "esbuild",
        code: "ESBUILD",
        severity: "error",
        message: 'Could not resolve "./pages/About": no such file in the project',
        lineText: 'import { AboutPage } from "./pages/About";',
      },
    ]);
    const pkg = await buildApp(
      withFiles({ "src/App.tsx": `import confetti from "canvas-confetti";\nconfetti();\n${app}` }),
      { typecheck: false },
    );
    expect(errors(pkg)).toEqual([
      expect.objectContaining({
        file: "src/App.tsx",
        line: 1,
        column: 22,
        source: "esbuild",
        message:
          'Could not resolve "canvas-confetti": "canvas-confetti" is not a package Kiln provides to browser code (available: react, react-dom, react-router, hono)',
      }),
    ]);
    const sub = await buildApp(
      withFiles({ "src/App.tsx": `import { renderToString } from "react-dom/server";\nrenderToString(null);\n${app}` }),
      { typecheck: false },
    );
    expect(errors(sub)).toEqual([
      expect.objectContaining({
        message: 'Could not resolve "react-dom/server": "react-dom" is available only as: react-dom, react-dom/client',
      }),
    ]);
  });

  it("a missing package in the Worker names it and what is available", async () => {
    const r = await buildApp(
      withFiles({
        "worker/index.ts":
          'import { Hono } from "hono";\nimport { z } from "zod";\nexport default new Hono().get("/api/x", (c) => c.json(z));\n',
      }),
      { typecheck: false },
    );
    expect(errors(r)).toEqual([
      expect.objectContaining({
        file: "worker/index.ts",
        line: 2,
        column: 19,
        source: "esbuild",
        message: 'Could not resolve "zod": "zod" is not a package Kiln provides to Worker code (available: hono)',
      }),
    ]);
  });

  it("an unknown Tailwind class is fine; a bad @apply is a tailwind error with its line", async () => {
    const ok = await buildApp(
      withFiles({
        "src/pages/AboutPage.tsx":
          'export function AboutPage() {\n  return <p className="not-a-utility bg-teal-500">x</p>;\n}\n',
      }),
      { typecheck: false },
    );
    expect(ok.ok).toBe(true);
    expect(ok.diagnostics).toEqual([]);
    const bad = await buildApp(
      withFiles({ "src/index.css": '@import "tailwindcss";\n\n.card {\n  @apply p-4 not-a-utility;\n}\n' }),
      { typecheck: false },
    );
    expect(bad.ok).toBe(false);
    expect(errors(bad)).toEqual([
      {
        file: "src/index.css",
        line: 4,
        column: 14,
        message: "Cannot apply unknown utility class `not-a-utility`",
        code: "TAILWIND",
        source: "tailwind",
        severity: "error",
      },
    ]);
  });

  it("a broken migration is an sql error from a dry run on a scratch SQLite database", async () => {
    const r = await buildApp(
      withFiles({
        "migrations/0003_bad.sql":
          "CREATE INDEX notes_text ON notes (text);\nCREAT TABLE tags (id INTEGER PRIMARY KEY);\n",
      }),
      { typecheck: false, migrationDb: scratchDatabase() },
    );
    expect(r.ok).toBe(false);
    expect(errors(r)).toEqual([
      {
        file: "migrations/0003_bad.sql",
        line: 2,
        column: 1,
        message: 'near "CREAT": syntax error',
        code: "SQL",
        source: "sql",
        severity: "error",
      },
    ]);
    const missing = await buildApp(
      withFiles({ "migrations/0003_bad.sql": "ALTER TABLE tags ADD COLUMN color TEXT;\n" }),
      { typecheck: false, migrationDb: scratchDatabase() },
    );
    expect(errors(missing)).toEqual([
      expect.objectContaining({
        file: "migrations/0003_bad.sql",
        line: 1,
        column: 13,
        source: "sql",
        message: "no such table: tags",
      }),
    ]);
  });
});

describe("buildApp: the migrations check when the way to the database fails", () => {
  /** The real scratch database, behind a connection that fails the first `failures` calls to apply (as a lost loopback connection does). */
  function flaky(failures: number, message = "Network connection lost.") {
    const db = scratchDatabase();
    const calls = { apply: 0 };
    return {
      calls,
      db: {
        destroy: () => db.destroy(),
        applyMigrations: (m: { name: string; sql: string }[]) =>
          ++calls.apply <= failures ? Promise.reject(new Error(message)) : db.applyMigrations(m),
      },
    };
  }

  it("runs the check again once, on an emptied database, and passes a good app", async () => {
    const { db, calls } = flaky(1);
    const r = await buildApp(fixtureApp(), { typecheck: false, migrationDb: db });
    expect(errors(r)).toEqual([]);
    expect(r.ok).toBe(true);
    expect(calls.apply).toBe(2);
  });

  it("does not blame the app's SQL when the database cannot be reached twice", async () => {
    const { db, calls } = flaky(5);
    const r = await buildApp(fixtureApp(), { typecheck: false, migrationDb: db });
    expect(r.ok).toBe(false);
    expect(errors(r)).toEqual([expect.objectContaining({ code: "SQL_CHECK_UNAVAILABLE", source: "kiln", file: "" })]);
    expect(errors(r)[0]!.message).toMatch(/Network connection lost.*not a problem in the app/);
    expect(calls.apply).toBe(2);
  });

  it("takes a migration the host stopped for its CPU as the app's, without running it again", async () => {
    const { db, calls } = flaky(5, "Kiln stopped it: it used more than 10000 ms of CPU time.");
    const r = await buildApp(fixtureApp(), { typecheck: false, migrationDb: db });
    expect(errors(r)).toEqual([expect.objectContaining({ source: "sql", message: expect.stringMatching(/CPU/) })]);
    expect(calls.apply).toBe(1);
  });
});

describe("buildApp: limits", () => {
  it("too many files", async () => {
    const r = await buildApp(fixtureApp(), { limits: { maxFiles: 5 } });
    expect(r).toMatchObject({ ok: false, assets: {}, server: null });
    expect(r.diagnostics).toEqual([
      {
        file: "",
        line: 0,
        column: 0,
        message: `The app has ${Object.keys(fixtureApp()).length} files; the limit is 5.`,
        code: "LIMIT_FILES",
        source: "kiln",
        severity: "error",
      },
    ]);
  });

  it("too much source", async () => {
    const r = await buildApp(withFiles({ "src/big.ts": "x".repeat(2 * 1024 * 1024) }), {
      limits: { maxSourceBytes: 1024 * 1024 },
    });
    expect(r.diagnostics).toEqual([
      expect.objectContaining({
        code: "LIMIT_SOURCE_SIZE",
        message: expect.stringMatching(/^The app's sources are 2\.0 MB; the limit is 1\.0 MB\.$/),
      }),
    ]);
  });

  it("too much output", async () => {
    const r = await buildApp(fixtureApp(), { typecheck: false, limits: { maxOutputBytes: 100_000 } });
    expect(r).toMatchObject({ ok: false, assets: {}, server: null });
    expect(r.diagnostics).toEqual([
      expect.objectContaining({
        code: "LIMIT_OUTPUT_SIZE",
        source: "kiln",
        message: expect.stringMatching(/^The build output is 0\.\d MB; the limit is 0\.1 MB\.$/),
      }),
    ]);
  });

  it("too slow", async () => {
    const r = await buildApp(fixtureApp(), { typecheck: false, limits: { maxBuildMs: 1 } });
    expect(r).toMatchObject({ ok: false, assets: {}, server: null });
    expect(r.diagnostics).toEqual([
      expect.objectContaining({
        code: "LIMIT_BUILD_TIME",
        message: "The build took longer than 0.001 s and was stopped.",
      }),
    ]);
  });

  it("no index.html", async () => {
    const r = await buildApp(withFiles({ "index.html": null }), { typecheck: false });
    expect(r.diagnostics).toEqual([expect.objectContaining({ code: "INPUT_NO_INDEX_HTML", file: "index.html" })]);
  });
});
